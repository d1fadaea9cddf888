#include "pending_reboot_check.h"

#include <fmt/format.h>

namespace ic::checks {

namespace {

// What one marker said: pending, clear, or unreadable (with why).
struct MarkerReading {
    std::string item;
    bool pending = false;
    std::string observed;
    std::string error;
};

MarkerReading read_key_marker(os::RegistryProbe& registry, const char* path, const char* meaning) {
    MarkerReading reading{std::string("HKLM\\") + path, false, {}, {}};
    auto exists = registry.key_exists(os::RegistryHive::LocalMachine, path);
    if (!exists) {
        reading.error = exists.error().describe();
        reading.observed = "could not be read: " + reading.error;
    } else {
        reading.pending = exists.value();
        reading.observed = reading.pending ? std::string("key present: ") + meaning : "key absent";
    }
    return reading;
}

MarkerReading read_rename_marker(os::RegistryProbe& registry) {
    MarkerReading reading{std::string("HKLM\\") + PendingRebootCheck::kSessionManagerKey + "\\" + PendingRebootCheck::kRenameValue,
                          false, {}, {}};
    auto value = registry.read_value(os::RegistryHive::LocalMachine, PendingRebootCheck::kSessionManagerKey,
                                     PendingRebootCheck::kRenameValue);
    if (!value) {
        reading.error = value.error().describe();
        reading.observed = "could not be read: " + reading.error;
        return reading;
    }
    if (!value.value()) {
        reading.observed = "value absent";
        return reading;
    }
    // The value holds pairs of lines (source, destination); an empty destination means "delete the source".
    std::size_t files = 0;
    std::string first;
    const auto& lines = value.value()->lines;
    for (std::size_t i = 0; i < lines.size(); i += 2) {
        if (lines[i].empty()) continue;
        ++files;
        if (first.empty()) first = lines[i];
    }
    const bool has_text = value.value()->type != os::RegistryValueType::MultiString && !value.value()->display().empty();
    reading.pending = files > 0 || has_text;
    reading.observed = reading.pending
                           ? fmt::format("value present: {} file operation{} wait{} for a restart{}", files, files == 1 ? "" : "s",
                                         files == 1 ? "s" : "",
                                         first.empty() ? "" : " (first: " + first + ")")
                           : "value present but empty";
    return reading;
}

}  // namespace

CheckInfo PendingRebootCheck::describe() {
    CheckInfo info;
    info.id = "pending-reboot";
    info.title = "No restart is pending";
    info.category = "Updates";
    info.platforms = kWindows;
    info.rationale =
        "Updates that are installed but wait for a restart leave Windows half-way between two states. Image creation "
        "generalizes the system with Sysprep, which refuses to run in that state, so the image fails.";
    info.resolution =
        "Restart the WorkSpace so Windows can finish installing updates, then open Windows Update and install anything "
        "still offered (security and cumulative updates only — not a feature update to a newer Windows version), "
        "restarting again if asked. Run the checks again after the last restart.";
    info.aws_error_code = "WindowsUpdatesRequired";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& PendingRebootCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult PendingRebootCheck::run(CheckContext& context) {
    auto& registry = context.system.registry();
    const std::vector<MarkerReading> readings{
        read_key_marker(registry, kCbsKey, "component servicing is waiting for a restart"),
        read_key_marker(registry, kWindowsUpdateKey, "Windows Update is waiting for a restart"),
        read_rename_marker(registry),
    };

    std::vector<std::string> found;
    std::vector<std::string> unreadable;
    for (const auto& r : readings) {
        if (r.pending) found.push_back(r.item);
        if (!r.error.empty()) unreadable.push_back(r.item + ": " + r.error);
    }

    CheckResult result;
    if (!found.empty()) {
        result = CheckResult::failed(fmt::format("a restart is pending ({} of 3 markers found)", found.size()));
    } else if (!unreadable.empty()) {
        result = CheckResult::error(fmt::format("could not read {} of the 3 pending-restart markers; first: {}", unreadable.size(),
                                                unreadable.front()));
    } else {
        result = CheckResult::passed("no restart is pending (none of the 3 markers is set)");
    }
    for (const auto& r : readings) result.with(r.item, r.observed, "absent");
    return result;
}

}  // namespace ic::checks
