#include "windows_upgraded_check.h"

#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "windows_facts.h"

namespace ic::checks {

namespace {

constexpr auto HKLM = os::RegistryHive::LocalMachine;

// Values in a "Source OS" key that tell which Windows was there before the upgrade.
constexpr std::array<const char*, 6> kDescriptiveValues{"ProductName", "EditionID", "DisplayVersion", "ReleaseId", "CurrentBuildNumber",
                                                        "InstallDate"};

// Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm).
void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    year = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    if (month <= 2) ++year;
}

}  // namespace

bool is_upgrade_marker_key(const std::string& name) { return istarts_with(name, "Source OS") || iequals(name, "Upgrade"); }

std::string install_date_text(std::uint64_t seconds) {
    std::int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    civil_from_days(static_cast<std::int64_t>(seconds / 86400), year, month, day);
    const std::uint64_t rest = seconds % 86400;
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC", year, month, day, rest / 3600, rest / 60 % 60, rest % 60);
}

CheckInfo WindowsUpgradedCheck::describe() {
    CheckInfo info;
    info.id = "windows-upgraded";
    info.title = "Windows was never upgraded in place";
    info.category = "Updates";
    info.platforms = kWindows;
    info.rationale =
        "Image creation does not support a Windows that went through an in-place feature upgrade to a newer version "
        "(for example Windows 10 21H2 to 22H2). Cumulative and security updates are fine. Windows Setup records each "
        "feature upgrade as a \"Source OS\" key under HKLM\\SYSTEM\\Setup, which this check looks for.";
    info.resolution =
        "An upgraded Windows cannot be turned back. Create the image from a WorkSpace that was launched on the Windows "
        "version you want and only ever received cumulative and security updates: launch a new WorkSpace from a current "
        "bundle, reinstall and configure the applications there, and run the checks on it.";
    info.aws_error_code = "UnsupportedOsUpgrade";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& WindowsUpgradedCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult WindowsUpgradedCheck::run(CheckContext& context) {
    auto& registry = context.system.registry();
    auto subkeys = registry.subkeys(HKLM, kSetupKey);
    if (!subkeys) {
        return CheckResult::error("could not list HKLM\\" + std::string(kSetupKey) + ": " + subkeys.error().describe())
            .with(std::string("HKLM\\") + kSetupKey, "could not be read: " + subkeys.error().describe(), "no upgrade record");
    }
    std::vector<std::string> markers;
    for (const auto& name : subkeys.value())
        if (is_upgrade_marker_key(name)) markers.push_back(name);

    if (markers.empty()) {
        return CheckResult::passed("no record of an in-place upgrade under HKLM\\SYSTEM\\Setup")
            .with(std::string("HKLM\\") + kSetupKey, fmt::format("{} subkeys, none named \"Source OS …\" or \"Upgrade\"", subkeys.value().size()),
                  "no upgrade record");
    }

    CheckResult result = CheckResult::failed(fmt::format(
        "Windows was upgraded in place ({} record{}: {}); image creation needs a WorkSpace that was never upgraded", markers.size(),
        markers.size() == 1 ? "" : "s", fmt::join(markers, "; ")));
    for (const auto& name : markers) {
        const std::string key = std::string(kSetupKey) + "\\" + name;
        result.with("HKLM\\" + key, "present: an in-place upgrade was recorded", "absent");
        for (const char* value_name : kDescriptiveValues) {
            auto value = registry.read_value(HKLM, key, value_name);
            if (!value) {
                result.with("HKLM\\" + key + " : " + value_name, "could not be read: " + value.error().describe());
                continue;
            }
            if (!value.value()) continue;
            std::string observed = registry_value_text(value.value());
            if (std::string(value_name) == "InstallDate" && value.value()->type == os::RegistryValueType::Dword)
                observed += " (" + install_date_text(value.value()->number) + ": when the earlier Windows was installed)";
            result.with("HKLM\\" + key + " : " + value_name, observed);
        }
    }
    return result;
}

}  // namespace ic::checks
