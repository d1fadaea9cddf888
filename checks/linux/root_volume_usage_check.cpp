#include "root_volume_usage_check.h"

#include <fmt/format.h>

#include "imagechecker/format.h"

namespace ic::checks {

std::optional<VolumeUsage> volume_usage(const os::VolumeSpace& space, int limit_percent) {
    VolumeUsage u;
    u.used = space.total_bytes >= space.free_bytes ? space.total_bytes - space.free_bytes : 0;
    u.available = space.free_bytes_to_caller;
    const std::uint64_t base = u.used + u.available;
    if (base == 0) return std::nullopt;
    u.percent = static_cast<double>(u.used) * 100.0 / static_cast<double>(base);
    // Integer arithmetic for the decisions, so 97 % exactly is never lost to rounding.
    u.df_percent = static_cast<int>((u.used * 100 + base - 1) / base);
    u.at_or_over_limit = u.used * 100 >= static_cast<std::uint64_t>(limit_percent) * base;
    return u;
}

CheckInfo RootVolumeUsageCheck::describe() {
    CheckInfo info;
    info.id = "root-volume-usage";
    info.title = "The root volume / is less than 97 % full";
    info.category = "Storage";
    info.platforms = kLinux;
    info.rationale =
        "Image creation of a Linux WorkSpace needs room on the root volume to prepare the system; AWS requires / to be "
        "less than 97 % full. The figure is the one df shows: used space against the space ordinary users can still use.";
    info.resolution =
        "Free space on /: run 'df -h /' and 'sudo du -xh --max-depth=2 / | sort -h | tail' to find what is large; clean "
        "the package cache (sudo yum clean all, or sudo apt-get clean), remove old kernels and logs you no longer need, "
        "or create the image from a WorkSpace with a larger root volume.";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& RootVolumeUsageCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult RootVolumeUsageCheck::run(CheckContext& context) {
    auto space = context.system.volumes().space("/");
    if (!space) return CheckResult::error("the size of / could not be read: " + space.error().describe());
    const auto usage = volume_usage(space.value(), kLimitPercent);
    const std::string root = context.system.tree().root();
    const std::string where = root.empty() || root == "/" ? "/" : "/ (the filesystem holding " + root + ")";
    if (!usage) {
        return CheckResult::error("the filesystem of / reports no usable space at all (0 blocks used or available)")
            .with(where + " size", bytes_with_exact(space.value().total_bytes));
    }
    const std::string shown = fmt::format("{:.2f} % (df shows {} %)", usage->percent, usage->df_percent);
    CheckResult result = usage->at_or_over_limit
                             ? CheckResult::failed(fmt::format("/ is {:.1f} % full, at or over the 97 % limit", usage->percent))
                             : CheckResult::passed(fmt::format("/ is {:.1f} % full, under the 97 % limit", usage->percent));
    result.with(where + " used", shown, "less than 97 %")
        .with("used", bytes_with_exact(usage->used))
        .with("available to users", bytes_with_exact(usage->available))
        .with("size", bytes_with_exact(space.value().total_bytes) + fmt::format(" ({} neither used nor available to users: reserved)",
                                                                                 human_bytes(space.value().free_bytes - std::min(space.value().free_bytes, usage->available))));
    if (usage->at_or_over_limit) {
        // How much to delete to get under the limit: used' / (used' + avail') < 0.97 with used' + avail' constant.
        const std::uint64_t base = usage->used + usage->available;
        const std::uint64_t allowed = (base * static_cast<std::uint64_t>(kLimitPercent) - 1) / 100;
        result.with("to free", bytes_with_exact(usage->used - std::min(usage->used, allowed)) + " at least");
    }
    return result;
}

}  // namespace ic::checks
