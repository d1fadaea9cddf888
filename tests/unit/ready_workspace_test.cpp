// The staging in ready_workspace.h is a WorkSpace that is ready to become an image: every built-in check,
// run through the runner as the product runs them, passes or does not apply. Each problem staged on top
// of it turns exactly the check that is about that problem, and "Fix All Warnings" makes a machine with
// fixable problems ready again, with an undo that puts every broken value back exactly.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "imagechecker/check_registry.h"
#include "imagechecker/fix_engine.h"
#include "imagechecker/runner.h"
#include "ready_workspace.h"
#include "test_support.h"

namespace ic::os {
// Readable failure messages for registry values (display() and to_string come from ic_core).
inline void PrintTo(const RegistryValue& value, std::ostream* out) { *out << to_string(value.type) << " \"" << value.display() << "\""; }
}  // namespace ic::os

namespace ic {
namespace {

using os::MemorySystem;
using os::RegistryValue;
using os::ServiceStartType;
using os::ServiceState;
constexpr auto HKLM = os::RegistryHive::LocalMachine;
constexpr std::uint64_t kGiB = 1024ULL * 1024 * 1024;
namespace ready = test::ready;

/// The checks that do not apply to the ready Windows 10 WorkSpace, and why.
const std::set<std::string> kSkippedWhenReady{
    "wam-installed",        // nothing shows that Amazon WAM is used there (a heuristic: no marker found)
    "profile-path-length",  // Windows 7 only: later Windows versions do not copy the profile into the image
    "root-volume-usage",    // Linux only (tests/unit/linux_checks_test.cpp stages ready Linux WorkSpaces)
    "apps-outside-home",    // Linux only
    "image-removals",       // Linux only
};

Status ready_status(const std::string& id) { return kSkippedWhenReady.count(id) > 0 ? Status::Skipped : Status::Passed; }

std::shared_ptr<MemorySystem> ready_machine() {
    auto system = std::make_shared<MemorySystem>();
    test::stage_ready_workspace(*system);
    return system;
}

RunOptions all_checks_for_the_user() {
    RunOptions options;
    options.ids = builtin_checks().select({}, {});
    options.user = test::kReadyWorkspaceUser;
    return options;
}

RunSummary run_every_check(const std::shared_ptr<MemorySystem>& system) {
    return Runner(builtin_checks(), system, all_checks_for_the_user()).run();
}

std::string describe(const CheckOutcome& outcome) {
    return outcome.info.id + " " + to_string(outcome.result.status) + ": " + outcome.result.summary;
}

std::optional<RegistryValue> value_now(MemorySystem& system, const std::string& key, const std::string& name) {
    return system.registry().read_value(HKLM, key, name).value();
}

os::ServiceInfo service_now(MemorySystem& system, const std::string& name) {
    const auto found = system.services().find(name).value();
    if (!found) {
        ADD_FAILURE() << "service " << name << " is not installed";
        return {};
    }
    return *found;
}

void set_start_type(MemorySystem& system, const std::string& name, ServiceStartType start_type, ServiceState state) {
    auto s = service_now(system, name);
    s.start_type = start_type;
    s.state = state;
    system.add_service(s);
}

// ---- 1. The ready machine ----

TEST(ReadyWorkspace, EveryBuiltInCheckPassesOrDoesNotApply) {
    const auto summary = run_every_check(ready_machine());

    ASSERT_EQ(summary.outcomes.size(), builtin_checks().catalogue().size());
    ASSERT_EQ(summary.outcomes.size(), 27U);
    std::set<std::string> skipped;
    for (const auto& outcome : summary.outcomes) {
        const Status s = outcome.result.status;
        EXPECT_TRUE(s == Status::Passed || s == Status::Skipped) << describe(outcome);
        if (s == Status::Skipped) skipped.insert(outcome.info.id);
    }
    EXPECT_EQ(skipped, kSkippedWhenReady) << "the checks that do not apply to a ready Windows 10 WorkSpace";
    EXPECT_EQ(summary.machine.user_checked.value, test::kReadyWorkspaceUser);
    EXPECT_EQ(summary.verdict.count(Status::Passed), 22U);
    EXPECT_EQ(summary.verdict.applicable, 22U);
    EXPECT_TRUE(summary.verdict.validation_successful()) << verdict_sentence(summary);
    EXPECT_EQ(summary.verdict.overall, Status::Passed);
}

// ---- 2. One problem at a time ----

struct StagedProblem {
    std::string what;
    std::function<void(MemorySystem&)> stage;
    std::string check_id;  ///< the one check that must change
    Status expected;
};

std::vector<StagedProblem> staged_problems() {
    const std::string profile_list = ready::kProfileListKey;
    const std::string store = ready::kAppxStoreKey;
    return {
        {"a mapped network drive Z:", [](MemorySystem& s) { s.add_drive('Z', os::DriveType::Network, "\\\\fs01\\share"); }, "drives",
         Status::Failed},
        {"only 10 GiB free on C:", [](MemorySystem& s) { s.set_space("C:\\", {10 * kGiB, 10 * kGiB, 80 * kGiB}); }, "free-space",
         Status::Failed},
        {"BitLocker protection on for C:",
         [](MemorySystem& s) {
             s.set_management_rows(ready::kBitLockerNamespace, ready::kBitLockerQuery,
                                   {{{"DriveLetter", "C:"}, {"ProtectionStatus", "1"}, {"ConversionStatus", "1"}},
                                    {{"DriveLetter", "D:"}, {"ProtectionStatus", "0"}, {"ConversionStatus", "0"}}});
         },
         "not-encrypted", Status::Failed},
        {"the CBS RebootPending key",
         [](MemorySystem& s) { s.add_key(HKLM, std::string(ready::kCbsKey) + "\\RebootPending"); }, "pending-reboot", Status::Failed},
        {"a pending file rename",
         [](MemorySystem& s) {
             s.set_value(HKLM, ready::kSessionManagerKey, "PendingFileRenameOperations",
                         RegistryValue::multi_string({"\\??\\C:\\Windows\\Temp\\old.dll", ""}));
         },
         "pending-reboot", Status::Failed},
        {"a \"Source OS\" upgrade record",
         [](MemorySystem& s) {
             s.set_value(HKLM, std::string(ready::kSetupKey) + "\\Source OS (Updated on 1/2/2024 10:00:00)", "CurrentBuildNumber",
                         RegistryValue::string("19044"));
         },
         "windows-upgraded", Status::Failed},
        {"Remote Desktop Services (TermService) Disabled",
         [](MemorySystem& s) { set_start_type(s, "TermService", ServiceStartType::Disabled, ServiceState::Stopped); },
         "remote-desktop-services", Status::Warning},
        {"Windows Modules Installer Disabled",
         [](MemorySystem& s) { set_start_type(s, "TrustedInstaller", ServiceStartType::Disabled, ServiceState::Stopped); },
         "windows-modules-installer", Status::Warning},
        {"WinRM Manual", [](MemorySystem& s) { set_start_type(s, "WinRM", ServiceStartType::Manual, ServiceState::Stopped); },
         "winrm-automatic", Status::Warning},
        {"Amazon SSM Agent running and Automatic",
         [](MemorySystem& s) { set_start_type(s, "AmazonSSMAgent", ServiceStartType::Automatic, ServiceState::Running); },
         "ssm-agent-disabled", Status::Warning},
        {"a service logging on as CORP\\svc-sql",
         [](MemorySystem& s) {
             s.add_service({"MSSQL$SQLEXPRESS", "SQL Server (SQLEXPRESS)", ServiceStartType::Automatic, ServiceState::Running, "CORP\\svc-sql", ""});
         },
         "domain-services", Status::Failed},
        {"the PCoIP agent uninstalled", [](MemorySystem& s) { s.remove_service("PCoIPAgent"); }, "required-components", Status::Failed},
        {"the Path without the PowerShell folder",
         [](MemorySystem& s) {
             s.set_value(HKLM, ready::kEnvironmentKey, "Path",
                         RegistryValue::expand_string("%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem;"
                                                      "%SYSTEMROOT%\\System32\\OpenSSH\\;C:\\Program Files\\Amazon\\cfn-bootstrap\\"));
         },
         "environment-path", Status::Warning},
        {"the machine ExecutionPolicy Restricted",
         [](MemorySystem& s) { s.set_value(HKLM, ready::kPowerShellShellKey, "ExecutionPolicy", RegistryValue::string("Restricted")); },
         "powershell-version", Status::Warning},
        {"a Group Policy that turns script execution off",
         [](MemorySystem& s) {
             s.set_value(HKLM, "SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell", "EnableScripts", RegistryValue::dword(0));
         },
         "powershell-version", Status::Failed},
        {"TLS 1.2 disabled for the server",
         [](MemorySystem& s) { s.set_value(HKLM, std::string(ready::kTls12Key) + "\\Server", "Enabled", RegistryValue::dword(0)); },
         "tls-ssl", Status::Warning},
        {"an empty Sysprep answer file", [](MemorySystem& s) { s.add_file(ready::kEc2LaunchAnswerFile, 0); }, "sysprep-file", Status::Failed},
        {"a static IPv4 address",
         [](MemorySystem& s) { s.add_adapter({"Ethernet 3", "Amazon Elastic Network Adapter #2", false, true, false, {"10.0.2.50/24"}}); },
         "dhcp", Status::Failed},
        {"no rearm left",
         [](MemorySystem& s) { s.set_management_rows(ready::kRearmNamespace, ready::kRearmQuery, {{{"RemainingWindowsReArmCount", "0"}}}); },
         "rearm-count", Status::Failed},
        {"the user in Domain Guests",
         [](MemorySystem& s) {
             s.add_account(test::kReadyWorkspaceUser, test::kReadyWorkspaceUserSid, {"WS-TEST\\Users", "CORP\\Domain Users", "CORP\\Domain Guests"});
         },
         "domain-guests", Status::Failed},
        {"the user's profile registered on C:",
         [profile_list](MemorySystem& s) {
             s.set_value(HKLM, profile_list + "\\" + test::kReadyWorkspaceUserSid, "ProfileImagePath",
                         RegistryValue::expand_string("C:\\Users\\alice"));
         },
         "user-profile-exists", Status::Failed},
        {"another user's profile (bob)",
         [profile_list](MemorySystem& s) {
             s.set_value(HKLM, profile_list + "\\S-1-5-21-1-2-3-1200", "ProfileImagePath", RegistryValue::expand_string("C:\\Users\\bob"));
         },
         "single-user-profile", Status::Failed},
        {"a 12 GiB profile",
         [](MemorySystem& s) {
             os::DirectoryUsage usage;
             usage.total_bytes = 12 * kGiB;
             usage.files = 20'000;
             usage.folders = 2'200;
             s.set_directory_usage(test::kReadyWorkspaceProfile, usage);
         },
         "profile-size", Status::Failed},
        {"a staged AppX package not installed for the user",
         [store](MemorySystem& s) { s.add_key(HKLM, store + "\\Staged\\Microsoft.Windows.Photos_2023.11090.13001.0_x64__8wekyb3d8bbwe"); },
         "appx-staged", Status::Warning},
        {"Amazon WAM data without the WAM client", [](MemorySystem& s) { s.add_directory("C:\\ProgramData\\Amazon\\WAM"); }, "wam-installed",
         Status::Failed},
        {"the Amazon WAM client installed",
         [](MemorySystem& s) {
             s.add_directory("C:\\ProgramData\\Amazon\\WAM");
             s.set_value(HKLM, std::string(ready::kUninstallKey) + "\\{A7C1E2D3-WAM0-4F00-8000-000000000001}", "DisplayName",
                         RegistryValue::string("Amazon WAM"));
         },
         "wam-installed", Status::Passed},
        {"Windows 7 with a 270-character path in the profile",
         [](MemorySystem& s) {
             s.set_os({os::OsFamily::Windows, "Windows 7 Enterprise", "6.1", "7601", "Enterprise"});
             os::DirectoryUsage usage = s.files().directory_usage(test::kReadyWorkspaceProfile, 10, 0).value().value();
             usage.long_paths = 1;
             usage.long_path_examples = {std::string(test::kReadyWorkspaceProfile) + "\\Documents\\" + std::string(245, 'x')};
             s.set_directory_usage(test::kReadyWorkspaceProfile, usage);
         },
         "profile-path-length", Status::Failed},
    };
}

TEST(ReadyWorkspace, EachStagedProblemTurnsExactlyItsCheck) {
    const auto problems = staged_problems();
    std::set<std::string> covered;
    for (const auto& problem : problems) {
        SCOPED_TRACE("staged: " + problem.what);
        ASSERT_NE(builtin_checks().find(problem.check_id), nullptr) << problem.check_id;
        ASSERT_NE(problem.expected, ready_status(problem.check_id)) << "the problem must change " << problem.check_id;
        covered.insert(problem.check_id);

        auto system = ready_machine();
        problem.stage(*system);
        const auto summary = run_every_check(system);
        ASSERT_EQ(summary.outcomes.size(), builtin_checks().catalogue().size());
        for (const auto& outcome : summary.outcomes) {
            const std::string& id = outcome.info.id;
            const Status expected = id == problem.check_id ? problem.expected : ready_status(id);
            EXPECT_EQ(to_string(outcome.result.status), to_string(expected))
                << (id == problem.check_id ? "the check about the problem: " : "a check the problem must not touch: ") << describe(outcome);
        }
        EXPECT_FALSE(summary.verdict.validation_successful() && problem.expected != Status::Passed) << verdict_sentence(summary);
    }
    // Every check can be turned by something staged on the ready machine, so none passes vacuously.
    std::set<std::string> all;
    for (const auto& info : builtin_checks().catalogue())
        if (info.applies_to(os::OsFamily::Windows)) all.insert(info.id);
    EXPECT_EQ(covered, all);
}

// ---- 3. Fix All Warnings ----

// What the fix test breaks, as staged (read back after the undo).
const std::string kTlsClient = std::string(ready::kTls12Key) + "\\Client";
const std::string kTlsServer = std::string(ready::kTls12Key) + "\\Server";
const RegistryValue kPathWithoutPowerShell = RegistryValue::expand_string(
    "%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem;%SYSTEMROOT%\\System32\\OpenSSH\\;"
    "C:\\Program Files\\Amazon\\cfn-bootstrap\\");
const RegistryValue kRestricted = RegistryValue::string("Restricted");

void break_fixable_things(MemorySystem& s) {
    set_start_type(s, "TermService", ServiceStartType::Disabled, ServiceState::Stopped);
    set_start_type(s, "TrustedInstaller", ServiceStartType::Disabled, ServiceState::Stopped);
    set_start_type(s, "WinRM", ServiceStartType::Manual, ServiceState::Stopped);
    set_start_type(s, "AmazonSSMAgent", ServiceStartType::Automatic, ServiceState::Running);
    s.set_value(HKLM, ready::kEnvironmentKey, "Path", kPathWithoutPowerShell);
    s.set_value(HKLM, ready::kPowerShellShellKey, "ExecutionPolicy", kRestricted);
    s.set_value(HKLM, kTlsClient, "Enabled", RegistryValue::dword(0));
    s.set_value(HKLM, kTlsServer, "DisabledByDefault", RegistryValue::dword(1));
}

const std::set<std::string> kBrokenChecks{"remote-desktop-services", "windows-modules-installer", "winrm-automatic", "ssm-agent-disabled",
                                          "environment-path",        "powershell-version",        "tls-ssl"};

std::set<std::string> ids_with(const RunSummary& summary, Status status) {
    std::set<std::string> ids;
    for (const auto& outcome : summary.outcomes)
        if (outcome.result.status == status) ids.insert(outcome.info.id);
    return ids;
}

TEST(ReadyWorkspace, FixAllWarningsMakesTheMachineReadyAgain) {
    auto system = ready_machine();
    break_fixable_things(*system);

    // Broken: exactly the fixable checks warn, and nothing else changed.
    const auto broken = run_every_check(system);
    EXPECT_EQ(ids_with(broken, Status::Warning), kBrokenChecks);
    for (const auto& outcome : broken.outcomes) {
        if (kBrokenChecks.count(outcome.info.id) > 0) {
            ASSERT_TRUE(outcome.result.fix.has_value()) << describe(outcome);
            EXPECT_TRUE(outcome.result.fix->automatic) << describe(outcome);
        } else {
            EXPECT_EQ(to_string(outcome.result.status), to_string(ready_status(outcome.info.id))) << describe(outcome);
        }
    }
    EXPECT_FALSE(broken.verdict.validation_successful());

    // Plan a fix for every WARNING, as "Fix All Warnings" does; planning touches nothing.
    const auto writes_before = system->writes();
    std::vector<FixPlan> plans;
    for (const auto& outcome : broken.outcomes) {
        if (outcome.result.status != Status::Warning) continue;
        std::string error;
        auto plan = plan_fix_for(builtin_checks(), outcome.info.id, *system, broken.machine, error);
        ASSERT_TRUE(plan.has_value()) << outcome.info.id << ": " << error;
        EXPECT_EQ(plan->check_id, outcome.info.id);
        EXPECT_TRUE(plan->automatic) << outcome.info.id;
        EXPECT_FALSE(plan->changes.empty()) << outcome.info.id << ": " << plan->summary;
        for (const auto& change : plan->changes) EXPECT_TRUE(change.undoable) << outcome.info.id << ": " << change.what;
        plans.push_back(std::move(*plan));
    }
    EXPECT_EQ(system->writes(), writes_before) << "planning changes nothing";
    ASSERT_EQ(plans.size(), kBrokenChecks.size());

    // Apply them, journaled.
    const std::string journal_path = test::make_temp_dir("ic-ready-fix") + "/ImageChecker_20261123231001.fixes.json";
    auto journal = FixJournal::open(journal_path, broken.machine);
    std::vector<std::string> log;
    const FixLog to_log = [&](const std::string& tag, const std::string& text) { log.push_back(tag + " " + text); };
    const auto outcomes = apply_fixes(builtin_checks(), system, plans, journal, all_checks_for_the_user(), to_log).outcomes;
    ASSERT_EQ(outcomes.size(), plans.size());
    for (const auto& outcome : outcomes) {
        std::string errors;
        for (const auto& c : outcome.changes)
            if (!c.applied) errors += c.change.what + ": " + c.error + "; ";
        EXPECT_TRUE(outcome.fixed()) << outcome.check_id << ": " << errors
                                     << (outcome.recheck ? describe(*outcome.recheck) : std::string("not checked again"));
    }
    for (const auto& entry : journal.entries())
        EXPECT_EQ(to_string(entry.state), to_string(JournalState::Applied)) << entry.check_id << ": " << entry.change.what;
    EXPECT_EQ(system->environment_broadcasts(), 1U) << "the Path fix tells running programs";

    // Ready again.
    const auto fixed = run_every_check(system);
    for (const auto& outcome : fixed.outcomes)
        EXPECT_EQ(to_string(outcome.result.status), to_string(ready_status(outcome.info.id))) << describe(outcome);
    EXPECT_TRUE(fixed.verdict.validation_successful()) << verdict_sentence(fixed);

    // Undo from the journal on disk: everything is back exactly as it was broken.
    auto reloaded = FixJournal::load(journal_path);
    const auto steps = undo(reloaded, *system, to_log);
    EXPECT_EQ(steps.size(), reloaded.entries().size());
    for (const auto& step : steps) {
        const auto& entry = reloaded.entries()[step.entry];
        EXPECT_TRUE(step.done) << entry.check_id << ": " << entry.change.what << ": " << step.reason;
        EXPECT_EQ(to_string(entry.state), to_string(JournalState::Undone)) << entry.check_id << ": " << entry.change.what;
    }

    const auto start_and_state = [&](const std::string& name) {
        const auto s = service_now(*system, name);
        return os::to_string(s.start_type) + ", " + os::to_string(s.state);
    };
    EXPECT_EQ(start_and_state("TermService"), "Disabled, Stopped");
    EXPECT_EQ(start_and_state("TrustedInstaller"), "Disabled, Stopped");
    EXPECT_EQ(start_and_state("WinRM"), "Manual, Stopped");
    EXPECT_EQ(start_and_state("AmazonSSMAgent"), "Automatic, Running");
    EXPECT_EQ(value_now(*system, ready::kEnvironmentKey, "Path"), kPathWithoutPowerShell);
    EXPECT_EQ(value_now(*system, ready::kPowerShellShellKey, "ExecutionPolicy"), kRestricted);
    EXPECT_EQ(value_now(*system, kTlsClient, "Enabled"), RegistryValue::dword(0));
    EXPECT_EQ(value_now(*system, kTlsClient, "DisabledByDefault"), RegistryValue::dword(0)) << "never touched";
    EXPECT_EQ(value_now(*system, kTlsServer, "Enabled"), RegistryValue::dword(1)) << "never touched";
    EXPECT_EQ(value_now(*system, kTlsServer, "DisabledByDefault"), RegistryValue::dword(1));
    EXPECT_EQ(system->environment_broadcasts(), 2U) << "the undo of the Path tells running programs again";

    // And the checks see the broken machine again.
    const auto undone = run_every_check(system);
    EXPECT_EQ(ids_with(undone, Status::Warning), kBrokenChecks);
}

}  // namespace
}  // namespace ic
