#include "pending_reboot_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "windows_facts.h"

namespace ic::checks {

namespace {

// What one marker said: pending, clear, or unreadable (with why).
struct MarkerReading {
    std::string item;
    bool pending = false;
    std::string observed;
    std::string error;
    std::string expected = "absent";
};

MarkerReading unreadable(std::string item, const os::OsError& error) {
    MarkerReading reading{std::move(item), false, {}, error.describe()};
    reading.observed = "could not be read: " + reading.error;
    return reading;
}

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

// A key whose subkeys are the marker: each subkey is something waiting for the restart.
MarkerReading read_subkeys_marker(os::RegistryProbe& registry, const char* path, const char* meaning) {
    const std::string item = std::string("HKLM\\") + path;
    auto names = registry.subkeys(os::RegistryHive::LocalMachine, path);
    if (!names) return unreadable(item, names.error());
    auto exists = registry.key_exists(os::RegistryHive::LocalMachine, path);
    if (!exists) return unreadable(item, exists.error());
    MarkerReading reading{item, !names.value().empty(), {}, {}};
    if (!exists.value()) reading.observed = "key absent";
    else if (names.value().empty()) reading.observed = "key present with nothing below it (not a marker)";
    else reading.observed = fmt::format("key present with {} entr{} below it: {} (first: {})", names.value().size(),
                                        names.value().size() == 1 ? "y" : "ies", meaning, names.value().front());
    return reading;
}

// Update.exe's marker: a number other than zero.
MarkerReading read_update_exe_marker(os::RegistryProbe& registry) {
    const std::string item = std::string("HKLM\\") + PendingRebootCheck::kUpdatesKey + "\\" + PendingRebootCheck::kUpdateExeVolatileValue;
    auto value = registry.read_value(os::RegistryHive::LocalMachine, PendingRebootCheck::kUpdatesKey, PendingRebootCheck::kUpdateExeVolatileValue);
    if (!value) return unreadable(item, value.error());
    MarkerReading reading{item, false, {}, {}};
    if (!value.value()) {
        reading.observed = "value absent";
    } else if (value.value()->type == os::RegistryValueType::Dword || value.value()->type == os::RegistryValueType::Qword) {
        reading.pending = value.value()->number != 0;
        reading.observed = reading.pending ? fmt::format("value {}: an update installed by Update.exe waits for a restart", value.value()->number)
                                           : "value 0 (nothing waiting)";
    } else {
        reading.observed = "value is " + os::to_string(value.value()->type) + ", not a number (not a marker)";
    }
    return reading;
}

// A new computer name waits for the restart when the name Windows will use differs from the one in use.
MarkerReading read_rename_computer_marker(os::RegistryProbe& registry) {
    const std::string item = "Computer name (ActiveComputerName against ComputerName)";
    auto active = registry.read_value(os::RegistryHive::LocalMachine, PendingRebootCheck::kActiveComputerNameKey, "ComputerName");
    if (!active) return unreadable(item, active.error());
    auto next = registry.read_value(os::RegistryHive::LocalMachine, PendingRebootCheck::kComputerNameKey, "ComputerName");
    if (!next) return unreadable(item, next.error());
    MarkerReading reading{item, false, {}, {}};
    reading.expected = "the same name";
    if (!active.value() || !next.value()) {
        reading.observed = fmt::format("in use: {}; after a restart: {} (a name is absent: not compared)",
                                       active.value() ? active.value()->display() : "(absent)", next.value() ? next.value()->display() : "(absent)");
        return reading;
    }
    const std::string& now = active.value()->text;
    const std::string& then = next.value()->text;
    reading.pending = !iequals(now, then);
    reading.expected = "the same name";
    reading.observed = reading.pending ? fmt::format("the computer was renamed from {} to {}; the new name takes effect at the restart", now, then)
                                       : fmt::format("{} (no rename waiting)", now);
    return reading;
}

// A domain join leaves JoinDomain or AvoidSpnSet below Netlogon until the restart.
MarkerReading read_domain_join_marker(os::RegistryProbe& registry) {
    const std::string item = std::string("HKLM\\") + PendingRebootCheck::kNetlogonKey + " (JoinDomain, AvoidSpnSet)";
    std::vector<std::string> present;
    for (const char* name : {"JoinDomain", "AvoidSpnSet"}) {
        auto exists = registry.key_exists(os::RegistryHive::LocalMachine, std::string(PendingRebootCheck::kNetlogonKey) + "\\" + name);
        if (!exists) return unreadable(item, exists.error());
        if (exists.value()) present.push_back(name);
    }
    MarkerReading reading{item, !present.empty(), {}, {}};
    reading.expected = "neither key";
    reading.observed = present.empty() ? "neither key present"
                                       : fmt::format("{} present: joining a domain waits for a restart", fmt::join(present, " and "));
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
        read_key_marker(registry, kCbsPackagesPendingKey, "component servicing has packages waiting for a restart"),
        read_key_marker(registry, kCbsRebootInProgressKey, "component servicing is in the middle of a restart"),
        read_subkeys_marker(registry, kWindowsUpdateServicesPendingKey, "Windows Update has services waiting for a restart"),
        read_update_exe_marker(registry),
        read_rename_computer_marker(registry),
        read_domain_join_marker(registry),
    };

    std::vector<std::string> found;
    std::vector<std::string> unreadable;
    for (const auto& r : readings) {
        if (r.pending) found.push_back(r.item);
        if (!r.error.empty()) unreadable.push_back(r.item + ": " + r.error);
    }

    CheckResult result;
    if (!found.empty()) {
        result = CheckResult::failed(fmt::format("a restart is pending ({} of {} markers found)", found.size(), readings.size()));
    } else if (!unreadable.empty()) {
        result = CheckResult::error(fmt::format("could not read {} of the {} pending-restart markers; first: {}", unreadable.size(),
                                                readings.size(), unreadable.front()));
    } else {
        result = CheckResult::passed(fmt::format("no restart is pending (none of the {} markers is set)", readings.size()));
    }
    for (const auto& r : readings) result.with(r.item, r.observed, r.expected);
    return result;
}

}  // namespace ic::checks
