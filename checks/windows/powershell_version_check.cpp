#include "powershell_version_check.h"

#include <fmt/format.h>

#include "windows_facts.h"

namespace ic::checks {

namespace {

constexpr auto HKLM = os::RegistryHive::LocalMachine;

std::string value_item(const char* key, const char* name) { return std::string("HKLM\\") + key + " : " + name; }

// A registry value read for this check: the value, or why it could not be read.
struct Reading {
    std::optional<os::RegistryValue> value;
    std::optional<os::OsError> error;
    [[nodiscard]] bool failed() const { return error.has_value(); }
};

Reading read(os::RegistryProbe& registry, const char* key, const char* name) {
    auto value = registry.read_value(HKLM, key, name);
    if (!value) return {std::nullopt, value.error()};
    return {value.value(), std::nullopt};
}

std::string reading_text(const Reading& reading, const std::string& when_absent) {
    if (reading.failed()) return "could not be read: " + reading.error->describe();
    if (!reading.value) return "(absent: " + when_absent + ")";
    return registry_value_text(reading.value);
}

bool is_text(const os::RegistryValue& value) {
    return value.type == os::RegistryValueType::String || value.type == os::RegistryValueType::ExpandString;
}

// Everything the check reads, read once for run() and plan_fix().
struct PowerShellFacts {
    Reading engine3;
    Reading engine1;
    bool engine1_read = false;
    std::optional<os::OsError> version_error;  // the version could not be read
    std::string version_text;           // as found, "" when not installed
    std::optional<PowerShellVersion> version;
    bool version_unparseable = false;

    Reading enable_scripts;
    Reading policy_execution_policy;
    std::optional<std::string> group_policy;
    Reading local;
    std::optional<std::string> local_policy;  // nullopt: the value has a type PowerShell cannot use
    std::string default_policy;

    [[nodiscard]] std::optional<os::OsError> policy_error() const {
        if (enable_scripts.failed()) return enable_scripts.error;
        if (policy_execution_policy.failed()) return policy_execution_policy.error;
        if (!group_policy && local.failed()) return local.error;
        return std::nullopt;
    }
};

PowerShellFacts read_facts(os::RegistryProbe& registry, const os::OsFacts& os) {
    PowerShellFacts f;
    f.engine3 = read(registry, PowershellVersionCheck::kEngine3Key, PowershellVersionCheck::kVersionValue);
    if (f.engine3.failed()) {
        f.version_error = f.engine3.error;
    } else if (f.engine3.value) {
        f.version_text = f.engine3.value->display();
    } else {
        // PowerShell 1.0 and 2.0 register under "1"; 3.0 and later under "3".
        f.engine1_read = true;
        f.engine1 = read(registry, PowershellVersionCheck::kEngine1Key, PowershellVersionCheck::kVersionValue);
        if (f.engine1.failed()) f.version_error = f.engine1.error;
        else if (f.engine1.value) f.version_text = f.engine1.value->display();
    }
    if (!f.version_text.empty()) {
        f.version = parse_powershell_version(f.version_text);
        f.version_unparseable = !f.version;
    }

    f.enable_scripts = read(registry, PowershellVersionCheck::kPolicyKey, PowershellVersionCheck::kEnableScriptsValue);
    f.policy_execution_policy = read(registry, PowershellVersionCheck::kPolicyKey, PowershellVersionCheck::kExecutionPolicyValue);
    if (!f.enable_scripts.failed() && !f.policy_execution_policy.failed())
        f.group_policy = group_policy_execution_policy(f.enable_scripts.value, f.policy_execution_policy.value);
    f.local = read(registry, PowershellVersionCheck::kShellKey, PowershellVersionCheck::kExecutionPolicyValue);
    f.default_policy = default_execution_policy(os);
    if (!f.local.failed()) f.local_policy = local_execution_policy(f.local.value, os);
    return f;
}

void add_evidence(CheckResult& result, const PowerShellFacts& f) {
    const std::string version_expected = "3.0 or later";
    result.with(value_item(PowershellVersionCheck::kEngine3Key, PowershellVersionCheck::kVersionValue),
                reading_text(f.engine3, "no Windows PowerShell 3.0 or later registered"), version_expected);
    if (f.engine1_read)
        result.with(value_item(PowershellVersionCheck::kEngine1Key, PowershellVersionCheck::kVersionValue),
                    reading_text(f.engine1, "no Windows PowerShell 1.0 or 2.0 registered"), version_expected);
    std::string installed;
    if (f.version_error) installed = "unknown";
    else if (f.version_text.empty()) installed = "not installed";
    else if (f.version_unparseable) installed = "\"" + f.version_text + "\" (not a version number)";
    else installed = fmt::format("{}.{}", f.version->major, f.version->minor);
    result.with("Windows PowerShell version", installed, version_expected);

    result.with(value_item(PowershellVersionCheck::kPolicyKey, PowershellVersionCheck::kEnableScriptsValue),
                reading_text(f.enable_scripts, "no Group Policy for script execution"));
    result.with(value_item(PowershellVersionCheck::kPolicyKey, PowershellVersionCheck::kExecutionPolicyValue),
                reading_text(f.policy_execution_policy, "no Group Policy for script execution"));
    std::string local_text = reading_text(f.local, "OS default = " + f.default_policy);
    if (!f.local.failed() && f.local.value && !f.local_policy) local_text += " (not a text value: PowerShell cannot use it)";
    result.with(value_item(PowershellVersionCheck::kShellKey, PowershellVersionCheck::kExecutionPolicyValue), local_text,
                f.group_policy ? "" : "RemoteSigned or Unrestricted");

    std::string effective;
    if (f.group_policy) effective = *f.group_policy + " (set by Group Policy, which overrides the local setting)";
    else if (f.policy_error()) effective = "unknown";
    else if (f.local_policy) effective = *f.local_policy + (f.local.value ? " (local setting)" : " (OS default; nothing is set)");
    else effective = "unusable local value";
    result.with("Effective machine execution policy", effective, "RemoteSigned or Unrestricted");
}

}  // namespace

// ---- Pure rules ----

std::optional<PowerShellVersion> parse_powershell_version(const std::string& text) {
    PowerShellVersion version;
    std::size_t i = 0;
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t major_start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - major_start < 6)
        version.major = version.major * 10 + static_cast<unsigned>(text[i++] - '0');
    if (i == major_start) return std::nullopt;
    if (i < text.size() && text[i] == '.') {
        ++i;
        const std::size_t minor_start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - minor_start < 6)
            version.minor = version.minor * 10 + static_cast<unsigned>(text[i++] - '0');
    }
    return version;
}

bool is_supported_powershell(const PowerShellVersion& version) { return version.major >= 3; }

bool execution_policy_allows_scripts(const std::string& policy) {
    const std::string trimmed = normalize_windows_path(policy);  // strips spaces and quotes; no backslashes in policies
    return iequals(trimmed, "RemoteSigned") || iequals(trimmed, "Unrestricted");
}

std::optional<std::string> group_policy_execution_policy(const std::optional<os::RegistryValue>& enable_scripts,
                                                         const std::optional<os::RegistryValue>& execution_policy) {
    if (!enable_scripts) return std::nullopt;
    const std::string enabled = enable_scripts->display();
    if (enabled == "0") return std::string("Restricted");
    if (enabled == "1" && execution_policy) return execution_policy->display();
    return std::nullopt;
}

std::string default_execution_policy(const os::OsFacts& os) {
    return is_server(os) && build_number(os) >= 9600 ? "RemoteSigned" : "Restricted";
}

std::optional<std::string> local_execution_policy(const std::optional<os::RegistryValue>& value, const os::OsFacts& os) {
    if (!value) return default_execution_policy(os);
    if (!is_text(*value)) return std::nullopt;
    return value->text;
}

PowerShellVerdict decide_powershell(const std::optional<PowerShellVersion>& version, const std::optional<std::string>& group_policy,
                                    const std::optional<std::string>& local_policy) {
    if (!version || !is_supported_powershell(*version)) return PowerShellVerdict::MissingOrOld;
    if (group_policy)
        return execution_policy_allows_scripts(*group_policy) ? PowerShellVerdict::Ready : PowerShellVerdict::ForcedByPolicy;
    if (!local_policy || !execution_policy_allows_scripts(*local_policy)) return PowerShellVerdict::LocalPolicyWrong;
    return PowerShellVerdict::Ready;
}

// ---- The check ----

CheckInfo PowershellVersionCheck::describe() {
    CheckInfo info;
    info.id = "powershell-version";
    info.title = "Windows PowerShell 3.0 or later can run scripts";
    info.category = "Components";
    info.platforms = kWindows;
    info.rationale =
        "Image creation prepares the WorkSpace with PowerShell scripts. They need Windows PowerShell 3.0 or later, and a "
        "machine execution policy that lets local scripts run (RemoteSigned or Unrestricted); otherwise image creation "
        "stops before the image is captured.";
    info.resolution =
        "If Windows PowerShell is missing or older than 3.0, install Windows Management Framework 5.1 from Microsoft and "
        "restart. If the execution policy is wrong, open PowerShell as administrator and run "
        "\"Set-ExecutionPolicy RemoteSigned -Scope LocalMachine\". If a Group Policy sets it (Computer Configuration > "
        "Administrative Templates > Windows Components > Windows PowerShell > Turn on Script Execution), have the policy "
        "changed to allow local scripts and remote signed scripts, or removed, then run \"gpupdate /force\". Then run the "
        "checks again.";
    info.aws_error_code = "OutdatedPowershellVersion";
    info.fix = FixKind::Automatic;
    return info;
}

const CheckInfo& PowershellVersionCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult PowershellVersionCheck::run(CheckContext& context) {
    const PowerShellFacts f = read_facts(context.system.registry(), context.os);
    CheckResult result;
    if (f.version_error) {
        result = CheckResult::error("could not read the installed Windows PowerShell version: " + f.version_error->describe());
    } else if (f.version_unparseable) {
        result = CheckResult::error(fmt::format("the registered Windows PowerShell version \"{}\" cannot be interpreted", f.version_text));
    } else if (!f.version || !is_supported_powershell(*f.version)) {
        result = CheckResult::failed(f.version ? fmt::format("Windows PowerShell {}.{} is installed; image creation needs 3.0 or later",
                                                             f.version->major, f.version->minor)
                                               : std::string("Windows PowerShell is not installed; image creation needs 3.0 or later"));
    } else if (const auto policy_error = f.policy_error()) {
        result = CheckResult::error("could not read the PowerShell execution policy: " + policy_error->describe());
    } else {
        switch (decide_powershell(f.version, f.group_policy, f.local_policy)) {
            case PowerShellVerdict::Ready:
                result = CheckResult::passed(fmt::format("Windows PowerShell {}.{} is installed and the execution policy is {}",
                                                         f.version->major, f.version->minor,
                                                         f.group_policy ? *f.group_policy : *f.local_policy));
                break;
            case PowerShellVerdict::ForcedByPolicy:
                result = CheckResult::failed(fmt::format(
                    "a Group Policy sets the execution policy to {}, which blocks image creation's scripts; the policy must be changed",
                    *f.group_policy));
                break;
            case PowerShellVerdict::LocalPolicyWrong:
                result = CheckResult::warning(fmt::format("the machine execution policy is {}; image creation needs RemoteSigned or Unrestricted",
                                                          f.local_policy ? *f.local_policy : std::string("unusable")));
                result.fix = FixOffer{true, fmt::format("Set the machine's PowerShell execution policy to {} (HKLM\\{} : {})",
                                                        kFixedPolicy, kShellKey, kExecutionPolicyValue)};
                break;
            case PowerShellVerdict::MissingOrOld:
                break;  // handled above
        }
    }
    add_evidence(result, f);
    return result;
}

std::optional<FixPlan> PowershellVersionCheck::plan_fix(CheckContext& context) {
    const PowerShellFacts f = read_facts(context.system.registry(), context.os);
    // Anything unreadable fails the planning rather than guessing.
    if (f.version_error) throw os::OsFailure(*f.version_error);
    if (const auto policy_error = f.policy_error()) throw os::OsFailure(*policy_error);

    FixPlan plan;
    plan.check_id = describe().id;
    plan.automatic = true;
    if (f.version_unparseable) {
        plan.summary = "Nothing the tool can change: the registered PowerShell version cannot be interpreted";
        return plan;
    }
    switch (decide_powershell(f.version, f.group_policy, f.local_policy)) {
        case PowerShellVerdict::Ready:
            plan.summary = "Nothing to change: PowerShell can already run scripts";
            return plan;
        case PowerShellVerdict::MissingOrOld:
            plan.summary = "Nothing the tool can change: Windows PowerShell 3.0 or later must be installed by hand";
            return plan;
        case PowerShellVerdict::ForcedByPolicy:
            plan.summary = "Nothing the tool can change: a Group Policy sets the execution policy; change the policy instead";
            return plan;
        case PowerShellVerdict::LocalPolicyWrong:
            break;
    }
    plan.summary = fmt::format("Set the machine's PowerShell execution policy to {}", kFixedPolicy);
    plan.changes.push_back(make_change(RegistryValueChange{HKLM, kShellKey, kExecutionPolicyValue, f.local.value,
                                                           os::RegistryValue::string(kFixedPolicy)},
                                       fmt::format("Set the machine's PowerShell execution policy to {} (was {})", kFixedPolicy,
                                                   f.local.value ? registry_value_text(f.local.value)
                                                                 : "not set, so " + f.default_policy)));
    return plan;
}

}  // namespace ic::checks
