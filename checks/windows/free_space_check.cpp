#include "free_space_check.h"

#include <fmt/format.h>

#include "imagechecker/format.h"
#include "windows_facts.h"

namespace ic::checks {

namespace {

bool is_on_c(const std::string& path) { return path.size() >= 2 && (path[0] == 'C' || path[0] == 'c') && path[1] == ':'; }

// One evidence line per folder that exists: its size, or why it could not be measured; then the total
// on C:. A folder that cannot be measured never changes the verdict. A cancelled run (or this check's
// timeout) stops the walk of a large folder between two entries, and no later folder is walked.
void add_reclaimable_evidence(CheckResult& result, os::FileProbe& files, const std::string& user, const CancelToken& cancel) {
    std::uint64_t total_on_c = 0;
    std::size_t measured_on_c = 0;
    for (const auto& folder : reclaimable_folders(user)) {
        if (cancel.cancelled()) return;
        const std::string item = "Reclaimable: " + folder.path;
        auto usage = files.directory_usage(folder.path, 0, 0, [cancel] { return cancel.cancelled(); });
        if (!usage) {
            result.with(item, "could not be measured: " + usage.error().describe());
            continue;
        }
        if (!usage.value()) continue;  // not on this machine
        const auto& u = *usage.value();
        std::string observed = fmt::format("{} in {} file{} — {}", bytes_with_exact(u.total_bytes), group_digits(u.files),
                                           u.files == 1 ? "" : "s", folder.what);
        if (u.unreadable_folders > 0)
            observed += fmt::format("; {} folder{} could not be read, so it may hold more", u.unreadable_folders,
                                    u.unreadable_folders == 1 ? "" : "s");
        if (is_on_c(folder.path)) {
            total_on_c += u.total_bytes;
            ++measured_on_c;
        } else {
            observed += "; on D:, so removing it does not free space on C:";
        }
        result.with(item, observed);
    }
    if (measured_on_c > 0)
        result.with("Reclaimable on C: (folders above)", fmt::format("{} in {} folder{}", bytes_with_exact(total_on_c), measured_on_c,
                                                                     measured_on_c == 1 ? "" : "s"));
}

}  // namespace

bool has_enough_free_space(std::uint64_t free_bytes) { return free_bytes > FreeSpaceCheck::kRequiredFreeBytes; }

std::vector<ReclaimableFolder> reclaimable_folders(const std::string& user) {
    std::vector<ReclaimableFolder> folders{{"C:\\Windows\\Temp", "Windows temporary files"}};
    const std::string name = bare_user_name(user);
    if (!name.empty()) {
        folders.push_back({"C:\\Users\\" + name + "\\AppData\\Local\\Temp", name + "'s temporary files"});
        folders.push_back({"D:\\Users\\" + name + "\\AppData\\Local\\Temp", name + "'s temporary files"});
    }
    folders.push_back({"C:\\Windows\\SoftwareDistribution\\Download", "Windows Update download cache (Disk Cleanup removes it)"});
    folders.push_back({"C:\\$Recycle.Bin", "Recycle Bin of all users"});
    return folders;
}

CheckInfo FreeSpaceCheck::describe() {
    CheckInfo info;
    info.id = "free-space";
    info.title = "Drive C: has more than 12 GiB free";
    info.category = "Storage";
    info.platforms = kWindows;
    info.rationale =
        "Image creation prepares the system drive in place before it is captured, and that needs working room. "
        "With 12 GiB or less free on C:, it stops part-way and the image is not created.";
    info.resolution =
        "Make more than 12 GiB free on C:. Empty the Recycle Bin; run Disk Cleanup and choose \"Clean up system files\" "
        "(old Windows Update files are often the largest item); delete installers, downloads and temporary files that "
        "the image does not need; move user data to D:. Then run the checks again.";
    info.aws_error_code = "InsufficientDiskSpace";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& FreeSpaceCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult FreeSpaceCheck::run(CheckContext& context) {
    const std::string expected = "more than " + bytes_with_exact(kRequiredFreeBytes);
    auto space = context.system.volumes().space("C:\\");
    if (!space) {
        return CheckResult::error("could not read the free space of drive C: " + space.error().describe())
            .with("C: free space", "unknown", expected);
    }
    const auto& s = space.value();
    CheckResult result =
        has_enough_free_space(s.free_bytes)
            ? CheckResult::passed(fmt::format("C: has {} free of {}", human_bytes(s.free_bytes), human_bytes(s.total_bytes)))
            : CheckResult::failed(fmt::format("C: has only {} free; image creation needs more than {}", human_bytes(s.free_bytes),
                                              human_bytes(kRequiredFreeBytes)));
    result.with("C: free space", bytes_with_exact(s.free_bytes), expected);
    result.with("C: total size", bytes_with_exact(s.total_bytes));
    if (!has_enough_free_space(s.free_bytes)) {
        result.with("Space still to free", "at least " + bytes_with_exact(kRequiredFreeBytes - s.free_bytes + 1));
        add_reclaimable_evidence(result, context.system.files(), context.user, context.cancel);
    }
    return result;
}

}  // namespace ic::checks
