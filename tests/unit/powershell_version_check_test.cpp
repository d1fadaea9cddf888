#include <gtest/gtest.h>

#include "fix_round_trip.h"
#include "test_support.h"
#include "windows/powershell_version_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::RegistryValue;
constexpr auto HKLM = os::RegistryHive::LocalMachine;
using C = PowershellVersionCheck;

const std::string kLocalItem = "HKLM\\SOFTWARE\\Microsoft\\PowerShell\\1\\ShellIds\\Microsoft.PowerShell : ExecutionPolicy";

void stage_version(MemorySystem& system, const std::string& version = "5.1.19041.1") {
    system.set_value(HKLM, C::kEngine3Key, C::kVersionValue, RegistryValue::string(version));
}
void stage_local_policy(MemorySystem& system, const std::string& policy) {
    system.set_value(HKLM, C::kShellKey, C::kExecutionPolicyValue, RegistryValue::string(policy));
}
void stage_group_policy(MemorySystem& system, std::uint32_t enable_scripts, const std::string& policy = {}) {
    system.set_value(HKLM, C::kPolicyKey, C::kEnableScriptsValue, RegistryValue::dword(enable_scripts));
    if (!policy.empty()) system.set_value(HKLM, C::kPolicyKey, C::kExecutionPolicyValue, RegistryValue::string(policy));
}
std::optional<RegistryValue> local_value(MemorySystem& system) {
    return system.registry().read_value(HKLM, C::kShellKey, C::kExecutionPolicyValue).value();
}

// ---- Outcomes ----

TEST(PowershellVersionCheck, PassesWithPowerShell51AndRemoteSigned) {
    MemorySystem system;
    stage_version(system);
    stage_local_policy(system, "RemoteSigned");
    PowershellVersionCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "Windows PowerShell 5.1 is installed and the execution policy is RemoteSigned");
    EXPECT_FALSE(result.fix.has_value());
    EXPECT_EQ(test::find_evidence(result, "Windows PowerShell version")->observed, "5.1");
    EXPECT_EQ(test::find_evidence(result, "Effective machine execution policy")->observed, "RemoteSigned (local setting)");
    EXPECT_EQ(test::find_evidence(result, "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell : EnableScripts")->observed,
              "(absent: no Group Policy for script execution)");
}

TEST(PowershellVersionCheck, PassesWithUnrestrictedInAnyCase) {
    MemorySystem system;
    stage_version(system);
    stage_local_policy(system, "unrestricted");
    PowershellVersionCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);
}

TEST(PowershellVersionCheck, PassesWhenGroupPolicyAllowsScriptsWhateverTheLocalSetting) {
    MemorySystem system;
    stage_version(system);
    stage_local_policy(system, "Restricted");
    stage_group_policy(system, 1, "RemoteSigned");
    PowershellVersionCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, "Effective machine execution policy")->observed,
              "RemoteSigned (set by Group Policy, which overrides the local setting)");
}

TEST(PowershellVersionCheck, PassesOnWindowsServerWhereNothingSetMeansRemoteSigned) {
    MemorySystem system;
    system.set_os({os::OsFamily::Windows, "Windows Server 2019 Datacenter", "1809", "17763", "ServerDatacenter"});
    stage_version(system);
    PowershellVersionCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, kLocalItem)->observed, "(absent: OS default = RemoteSigned)");
}

TEST(PowershellVersionCheck, WarnsWhenNoPolicyIsSetOnAClientWindows) {
    MemorySystem system;
    stage_version(system);
    PowershellVersionCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(result.summary, "the machine execution policy is Restricted; image creation needs RemoteSigned or Unrestricted");
    ASSERT_TRUE(result.fix.has_value());
    EXPECT_TRUE(result.fix->automatic);
    EXPECT_EQ(result.fix->description,
              "Set the machine's PowerShell execution policy to RemoteSigned "
              "(HKLM\\SOFTWARE\\Microsoft\\PowerShell\\1\\ShellIds\\Microsoft.PowerShell : ExecutionPolicy)");
    EXPECT_EQ(test::find_evidence(result, kLocalItem)->observed, "(absent: OS default = Restricted)");
    EXPECT_EQ(test::find_evidence(result, kLocalItem)->expected, "RemoteSigned or Unrestricted");
}

TEST(PowershellVersionCheck, WarnsWhenTheLocalPolicyIsAllSigned) {
    MemorySystem system;
    stage_version(system);
    stage_local_policy(system, "AllSigned");
    PowershellVersionCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(test::find_evidence(result, kLocalItem)->observed, "REG_SZ AllSigned");
}

TEST(PowershellVersionCheck, WarnsWhenTheLocalPolicyIsNotText) {
    MemorySystem system;
    stage_version(system);
    system.set_value(HKLM, C::kShellKey, C::kExecutionPolicyValue, RegistryValue::dword(1));
    PowershellVersionCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(test::find_evidence(result, kLocalItem)->observed, "REG_DWORD 1 (not a text value: PowerShell cannot use it)");
}

TEST(PowershellVersionCheck, FailsWhenPowerShellIsOlderThan3) {
    MemorySystem system;
    system.set_value(HKLM, C::kEngine1Key, C::kVersionValue, RegistryValue::string("2.0"));
    stage_local_policy(system, "RemoteSigned");
    PowershellVersionCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "Windows PowerShell 2.0 is installed; image creation needs 3.0 or later");
    EXPECT_FALSE(result.fix.has_value()) << "installing PowerShell needs a person";
    EXPECT_EQ(test::find_evidence(result, "HKLM\\SOFTWARE\\Microsoft\\PowerShell\\3\\PowerShellEngine : PowerShellVersion")->observed,
              "(absent: no Windows PowerShell 3.0 or later registered)");
    EXPECT_EQ(test::find_evidence(result, "HKLM\\SOFTWARE\\Microsoft\\PowerShell\\1\\PowerShellEngine : PowerShellVersion")->observed,
              "REG_SZ 2.0");
}

TEST(PowershellVersionCheck, FailsWhenPowerShellIsNotInstalled) {
    MemorySystem system;
    PowershellVersionCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "Windows PowerShell is not installed; image creation needs 3.0 or later");
    EXPECT_EQ(test::find_evidence(result, "Windows PowerShell version")->observed, "not installed");
}

TEST(PowershellVersionCheck, FailsWhenAGroupPolicyTurnsScriptsOff) {
    MemorySystem system;
    stage_version(system);
    stage_local_policy(system, "RemoteSigned");
    stage_group_policy(system, 0);
    PowershellVersionCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed) << "the tool never fights a Group Policy";
    EXPECT_EQ(result.summary,
              "a Group Policy sets the execution policy to Restricted, which blocks image creation's scripts; the policy must be changed");
    EXPECT_FALSE(result.fix.has_value());
}

TEST(PowershellVersionCheck, FailsWhenAGroupPolicyForcesAllSigned) {
    MemorySystem system;
    stage_version(system);
    stage_group_policy(system, 1, "AllSigned");
    PowershellVersionCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Failed);
}

TEST(PowershellVersionCheck, ErrorWhenTheVersionCannotBeRead) {
    MemorySystem system;
    system.fail_registry(HKLM, "SOFTWARE\\Microsoft\\PowerShell", test::access_denied("RegQueryValueExW"));
    PowershellVersionCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary,
              "could not read the installed Windows PowerShell version: RegQueryValueExW failed with error 5 (Access is denied.)");
}

TEST(PowershellVersionCheck, ErrorWhenTheGroupPolicyCannotBeRead) {
    MemorySystem system;
    stage_version(system);
    stage_local_policy(system, "RemoteSigned");
    system.fail_registry(HKLM, C::kPolicyKey, test::access_denied());
    PowershellVersionCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error) << "an unreadable policy is never a pass";
    EXPECT_NE(result.summary.find("could not read the PowerShell execution policy: RegOpenKeyExW failed with error 5"), std::string::npos)
        << result.summary;
}

TEST(PowershellVersionCheck, ErrorWhenTheVersionIsNotANumber) {
    MemorySystem system;
    stage_version(system, "unknown");
    PowershellVersionCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "the registered Windows PowerShell version \"unknown\" cannot be interpreted");
}

// ---- Fix ----

TEST(PowershellVersionCheck, FixSetsRemoteSignedWhereNothingWasSetAndUndoRemovesItAgain) {
    MemorySystem system;
    stage_version(system);
    PowershellVersionCheck check;
    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_EQ(plan->check_id, "powershell-version");
    EXPECT_TRUE(plan->automatic);
    ASSERT_EQ(plan->changes.size(), 1U);
    const Change& change = plan->changes[0];
    EXPECT_EQ(change.where(), kLocalItem);
    EXPECT_EQ(change.before_text(), "(absent)");
    EXPECT_EQ(change.after_text(), "REG_SZ RemoteSigned");
    EXPECT_EQ(change.what, "Set the machine's PowerShell execution policy to RemoteSigned (was not set, so Restricted)");
    EXPECT_TRUE(change.undoable);

    test::apply_plan(system, *plan);
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);

    test::undo_plan(system, *plan);
    EXPECT_FALSE(local_value(system).has_value());
    EXPECT_EQ(test::run_check(check, system).status, Status::Warning);
}

TEST(PowershellVersionCheck, FixReplacesAllSignedAndUndoPutsBackTheExactValue) {
    MemorySystem system;
    stage_version(system);
    const RegistryValue before = RegistryValue::expand_string("AllSigned");
    system.set_value(HKLM, C::kShellKey, C::kExecutionPolicyValue, before);
    PowershellVersionCheck check;
    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(plan->changes.size(), 1U);
    EXPECT_EQ(plan->changes[0].before_text(), "REG_EXPAND_SZ AllSigned");

    test::apply_plan(system, *plan);
    EXPECT_EQ(*local_value(system), RegistryValue::string("RemoteSigned"));
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);

    test::undo_plan(system, *plan);
    ASSERT_TRUE(local_value(system).has_value());
    EXPECT_EQ(*local_value(system), before) << "type and text are restored";
}

TEST(PowershellVersionCheck, FixChangesNothingWhenAGroupPolicyDecides) {
    MemorySystem system;
    stage_version(system);
    stage_group_policy(system, 1, "AllSigned");
    PowershellVersionCheck check;
    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_TRUE(plan->changes.empty());
    EXPECT_EQ(plan->summary, "Nothing the tool can change: a Group Policy sets the execution policy; change the policy instead");
}

TEST(PowershellVersionCheck, FixChangesNothingWhenPowerShellIsMissingOrAlreadyReady) {
    MemorySystem missing;
    PowershellVersionCheck check;
    auto missing_context = test::context_for(missing);
    EXPECT_TRUE(check.plan_fix(missing_context)->changes.empty());

    MemorySystem ready;
    stage_version(ready);
    stage_local_policy(ready, "RemoteSigned");
    auto ready_context = test::context_for(ready);
    const auto plan = check.plan_fix(ready_context);
    EXPECT_TRUE(plan->changes.empty());
    EXPECT_EQ(plan->summary, "Nothing to change: PowerShell can already run scripts");
}

TEST(PowershellVersionCheck, PlanningFailsWhenThePolicyCannotBeRead) {
    MemorySystem system;
    stage_version(system);
    system.fail_registry(HKLM, C::kShellKey, test::access_denied());
    PowershellVersionCheck check;
    auto context = test::context_for(system);
    EXPECT_THROW((void)check.plan_fix(context), os::OsFailure);
}

// ---- Pure rules ----

TEST(PowershellVersionCheck, ParsesVersionTexts) {
    struct Case {
        const char* text;
        bool ok;
        unsigned major, minor;
    };
    for (const Case c : {Case{"5.1.19041.1", true, 5, 1}, Case{"2.0", true, 2, 0}, Case{"3", true, 3, 0}, Case{"10.0", true, 10, 0},
                         Case{" 4.0", true, 4, 0}, Case{"", false, 0, 0}, Case{"v5", false, 0, 0}, Case{".5", false, 0, 0}}) {
        const auto version = parse_powershell_version(c.text);
        ASSERT_EQ(version.has_value(), c.ok) << c.text;
        if (!c.ok) continue;
        EXPECT_EQ(version->major, c.major) << c.text;
        EXPECT_EQ(version->minor, c.minor) << c.text;
    }
    EXPECT_FALSE(is_supported_powershell({2, 0}));
    EXPECT_TRUE(is_supported_powershell({3, 0}));
    EXPECT_TRUE(is_supported_powershell({5, 1}));
}

TEST(PowershellVersionCheck, AcceptsOnlyRemoteSignedAndUnrestricted) {
    struct Case {
        const char* policy;
        bool allows;
    };
    for (const Case c : {Case{"RemoteSigned", true}, Case{"remotesigned", true}, Case{"Unrestricted", true}, Case{" RemoteSigned ", true},
                         Case{"AllSigned", false}, Case{"Restricted", false}, Case{"Bypass", false}, Case{"Undefined", false},
                         Case{"", false}}) {
        EXPECT_EQ(execution_policy_allows_scripts(c.policy), c.allows) << c.policy;
    }
}

TEST(PowershellVersionCheck, ReadsGroupPolicyAsPowerShellDoes) {
    const auto dword = [](std::uint32_t n) { return std::optional<RegistryValue>(RegistryValue::dword(n)); };
    const auto text = [](const char* s) { return std::optional<RegistryValue>(RegistryValue::string(s)); };
    const std::optional<RegistryValue> none;
    EXPECT_FALSE(group_policy_execution_policy(none, none).has_value());
    EXPECT_FALSE(group_policy_execution_policy(none, text("AllSigned")).has_value()) << "no EnableScripts: not configured";
    EXPECT_EQ(group_policy_execution_policy(dword(0), text("Unrestricted")), std::optional<std::string>("Restricted"));
    EXPECT_EQ(group_policy_execution_policy(dword(1), text("AllSigned")), std::optional<std::string>("AllSigned"));
    EXPECT_FALSE(group_policy_execution_policy(dword(1), none).has_value());
    EXPECT_FALSE(group_policy_execution_policy(dword(2), text("AllSigned")).has_value());
    EXPECT_EQ(group_policy_execution_policy(text("1"), text("RemoteSigned")), std::optional<std::string>("RemoteSigned"));
}

TEST(PowershellVersionCheck, DefaultPolicyDependsOnTheEdition) {
    const os::OsFacts win10{os::OsFamily::Windows, "Windows 10 Enterprise", "22H2", "19045", "Enterprise"};
    const os::OsFacts server2019{os::OsFamily::Windows, "Windows Server 2019 Datacenter", "1809", "17763", "ServerDatacenter"};
    const os::OsFacts server2008r2{os::OsFamily::Windows, "Windows Server 2008 R2 Datacenter", "6.1", "7601", "ServerDatacenter"};
    EXPECT_EQ(default_execution_policy(win10), "Restricted");
    EXPECT_EQ(default_execution_policy(server2019), "RemoteSigned");
    EXPECT_EQ(default_execution_policy(server2008r2), "Restricted");
    EXPECT_EQ(local_execution_policy(std::nullopt, win10), std::optional<std::string>("Restricted"));
    EXPECT_FALSE(local_execution_policy(RegistryValue::dword(1), win10).has_value());
}

TEST(PowershellVersionCheck, DecisionTable) {
    using V = PowerShellVerdict;
    const std::optional<PowerShellVersion> v51 = PowerShellVersion{5, 1};
    const std::optional<PowerShellVersion> v20 = PowerShellVersion{2, 0};
    const std::optional<std::string> none;
    const auto s = [](const char* text) { return std::optional<std::string>(text); };
    struct Case {
        std::optional<PowerShellVersion> version;
        std::optional<std::string> group, local;
        V expected;
    };
    const Case cases[] = {
        {v51, none, s("RemoteSigned"), V::Ready},
        {v51, none, s("Restricted"), V::LocalPolicyWrong},
        {v51, none, none, V::LocalPolicyWrong},
        {v51, s("Unrestricted"), s("Restricted"), V::Ready},
        {v51, s("Restricted"), s("RemoteSigned"), V::ForcedByPolicy},
        {v20, none, s("RemoteSigned"), V::MissingOrOld},
        {std::nullopt, s("RemoteSigned"), s("RemoteSigned"), V::MissingOrOld},
    };
    for (const auto& c : cases) EXPECT_EQ(decide_powershell(c.version, c.group, c.local), c.expected);
}

TEST(PowershellVersionCheck, DescribesItselfForTheCatalogue) {
    const auto info = PowershellVersionCheck::describe();
    EXPECT_EQ(info.id, "powershell-version");
    EXPECT_EQ(info.aws_error_code, "OutdatedPowershellVersion");
    EXPECT_EQ(info.fix, FixKind::Automatic);
    EXPECT_TRUE(info.applies_to(os::OsFamily::Windows));
    EXPECT_FALSE(info.applies_to(os::OsFamily::Linux));
}

}  // namespace
}  // namespace ic::checks
