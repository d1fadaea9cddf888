#pragma once
#include <optional>
#include <string>

#include "imagechecker/check.h"

namespace ic::checks {

/// Windows PowerShell 3.0 or later must be installed and the machine's execution policy must let local
/// scripts run (RemoteSigned or Unrestricted), because image creation runs PowerShell scripts
/// (AWS: OutdatedPowershellVersion). A wrong local policy is fixed by the tool; a missing or old
/// PowerShell, or a Group Policy that forces a blocking policy, needs a person.
class PowershellVersionCheck : public Check {
public:
    static constexpr const char* kEngine3Key = "SOFTWARE\\Microsoft\\PowerShell\\3\\PowerShellEngine";
    static constexpr const char* kEngine1Key = "SOFTWARE\\Microsoft\\PowerShell\\1\\PowerShellEngine";
    static constexpr const char* kVersionValue = "PowerShellVersion";
    static constexpr const char* kShellKey = "SOFTWARE\\Microsoft\\PowerShell\\1\\ShellIds\\Microsoft.PowerShell";
    static constexpr const char* kPolicyKey = "SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell";
    static constexpr const char* kExecutionPolicyValue = "ExecutionPolicy";
    static constexpr const char* kEnableScriptsValue = "EnableScripts";
    static constexpr const char* kFixedPolicy = "RemoteSigned";

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
    std::optional<FixPlan> plan_fix(CheckContext& context) override;
};

/// A PowerShell version as major.minor.
struct PowerShellVersion {
    unsigned major = 0;
    unsigned minor = 0;
};

/// "5.1.19041.1" -> 5.1, "2.0" -> 2.0, "3" -> 3.0; nullopt when the text does not start with a number.
std::optional<PowerShellVersion> parse_powershell_version(const std::string& text);

/// True for 3.0 and later.
bool is_supported_powershell(const PowerShellVersion& version);

/// True for the execution policies that let image creation's scripts run: RemoteSigned and Unrestricted
/// (any case).
bool execution_policy_allows_scripts(const std::string& policy);

/// The machine execution policy a Group Policy sets, read the way Windows PowerShell reads it:
/// EnableScripts 0 -> "Restricted"; EnableScripts 1 -> the ExecutionPolicy text; anything else (or no
/// EnableScripts, or EnableScripts 1 without ExecutionPolicy) -> nullopt (no policy from Group Policy).
std::optional<std::string> group_policy_execution_policy(const std::optional<os::RegistryValue>& enable_scripts,
                                                         const std::optional<os::RegistryValue>& execution_policy);

/// The policy PowerShell uses when nothing is set: RemoteSigned on Windows Server 2012 R2 (build 9600)
/// and later, Restricted everywhere else.
std::string default_execution_policy(const os::OsFacts& os);

/// The local (non-policy) setting as PowerShell would use it: the text of a REG_SZ / REG_EXPAND_SZ value,
/// the OS default when the value is absent, and nullopt for a value of another type (not usable).
std::optional<std::string> local_execution_policy(const std::optional<os::RegistryValue>& value, const os::OsFacts& os);

/// What the check concludes from the facts.
enum class PowerShellVerdict {
    Ready,             ///< PASSED
    MissingOrOld,      ///< FAILED: a person installs Windows PowerShell 3.0 or later
    ForcedByPolicy,    ///< FAILED: a Group Policy forces a policy that blocks scripts
    LocalPolicyWrong,  ///< WARNING: the tool sets the local policy to RemoteSigned
};

/// The pure decision: the version (nullopt = not installed), the Group Policy's policy (nullopt = none)
/// and the local policy (nullopt = unusable value).
PowerShellVerdict decide_powershell(const std::optional<PowerShellVersion>& version, const std::optional<std::string>& group_policy,
                                    const std::optional<std::string>& local_policy);

}  // namespace ic::checks
