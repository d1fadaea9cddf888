// Whose profile is checked: the rule, table-tested on its inputs, and the runner's answer when nobody is.
#include <gtest/gtest.h>

#include "imagechecker/check_registry.h"
#include "imagechecker/fix_engine.h"
#include "imagechecker/runner.h"
#include "imagechecker/os/recording.h"
#include "imagechecker/workspace_user.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include "test_support.h"
#include "windows/workspace_user.h"

namespace ic {
namespace {

using checks::UserEvidence;

constexpr const char* kUserSid = "S-1-5-21-1-2-3-1104";
constexpr const char* kAdminSid = "S-1-5-21-1-2-3-500";

TEST(ServiceAccounts, AreNeverWorkSpaceUsers) {
    for (const char* account : {"SYSTEM", "NT AUTHORITY\\SYSTEM", "nt authority\\system", "LocalSystem", "NT AUTHORITY\\LOCAL SERVICE",
                                "NT AUTHORITY\\NetworkService", "NT SERVICE\\TrustedInstaller", "IIS APPPOOL\\DefaultAppPool",
                                "Window Manager\\DWM-1", "Font Driver Host\\UMFD-0", "CORP\\WS-1234$", "CORP\\gmsa-sql$"})
        EXPECT_TRUE(is_builtin_or_service_account(account)) << account;
    for (const char* account : {"CORP\\jdoe", "jdoe", "WS-1234\\Administrator", "CORP\\systemadmin", "", "CORP\\svc-sql"})
        EXPECT_FALSE(is_builtin_or_service_account(account)) << account;
}

struct Case {
    const char* name;
    UserEvidence evidence;
    const char* user;       // "" when none is chosen
    const char* in_rule;    // a phrase the rule (or, with no user, the error) must contain
};

UserEvidence::Profile profile(const char* sid, const char* path, const char* account) {
    return {sid, path, account ? std::optional<std::string>(account) : std::nullopt, account ? "" : "LookupAccountSidW failed with error 1789"};
}

TEST(WorkSpaceUser, TheRuleChoosesTheRightUserOrNone) {
    const std::vector<Case> cases = {
        {"--user wins", {"CORP\\jdoe", "CORP\\admin", {}, {}, {}, {}}, "CORP\\jdoe", "named with --user"},
        {"--user SYSTEM is refused", {"NT AUTHORITY\\SYSTEM", "", {}, {}, {}, {}}, "", "built-in or service account"},
        {"the owner of the only D:\\Users profile, nobody at the console (SSM, scheduled task)",
         {"", "", {}, {}, {profile(kUserSid, "D:\\Users\\jdoe", "CORP\\jdoe")}, {}}, "CORP\\jdoe", "only profile on D:\\Users"},
        {"the owner, not the administrator connected for maintenance",
         {"", "CORP\\admin", {}, std::string(kAdminSid), {profile(kUserSid, "D:\\Users\\jdoe", "CORP\\jdoe")}, {}}, "CORP\\jdoe",
         "CORP\\admin, signed in at the console, is someone else"},
        {"SYSTEM at the console is never the user, the profile owner is",
         {"", "NT AUTHORITY\\SYSTEM", {}, {}, {profile(kUserSid, "D:\\Users\\jdoe", "CORP\\jdoe")}, {}}, "CORP\\jdoe", "only profile"},
        {"the folder's name when the SID cannot be looked up (no domain controller)",
         {"", "", {}, {}, {profile(kUserSid, "D:\\Users\\jdoe", nullptr)}, {}}, "jdoe", "the name is the folder's"},
        {"two profiles on D:\\Users: the console user's own",
         {"", "CORP\\jdoe", {}, std::string(kUserSid), {profile("S-1-5-21-1-2-3-1200", "D:\\Users\\old", "CORP\\old"),
                                                       profile(kUserSid, "D:\\Users\\jdoe", "CORP\\jdoe")}, {}},
         "CORP\\jdoe", "one of the 2 on D:\\Users"},
        {"two profiles and nobody at the console: ambiguous",
         {"", "", {}, {}, {profile("S-1-5-21-1-2-3-1200", "D:\\Users\\old", "CORP\\old"), profile(kUserSid, "D:\\Users\\jdoe", "CORP\\jdoe")}, {}},
         "", "ambiguous"},
        {"no profile yet: the console user", {"", "CORP\\jdoe", {}, {}, {}, {}}, "CORP\\jdoe", "signed in at the console; D:\\Users holds no profile yet"},
        {"no profile, SYSTEM at the console (psexec -s)", {"", "NT AUTHORITY\\SYSTEM", {}, {}, {}, {}}, "", "built-in account"},
        {"no profile, nobody at the console", {"", "", {}, {}, {}, {}}, "", "nobody is signed in"},
        {"no profile list, console unreadable",
         {"", "", "WTSQuerySessionInformationW failed with error 5", {}, {}, "RegOpenKeyExW failed with error 5"}, "", "could not be read"},
    };
    for (const auto& c : cases) {
        const UserChoice choice = checks::choose_workspace_user(c.evidence);
        EXPECT_EQ(choice.user, c.user) << c.name;
        const std::string said = choice.user.empty() ? choice.error : choice.rule;
        EXPECT_NE(said.find(c.in_rule), std::string::npos) << c.name << ": " << said;
        if (choice.user.empty()) {
            EXPECT_NE(choice.error.find("--user"), std::string::npos) << c.name << " says how to name the user";
        }
    }
}

os::MemorySystem& windows_machine(os::MemorySystem& system) {
    system.set_os({os::OsFamily::Windows, "Windows 10 Enterprise", "22H2", "19045", "Enterprise"});
    system.set_machine_name("WS-1234");
    system.set_elevated(true);
    return system;
}

TEST(WorkSpaceUser, RunAsSystemWithNobodySignedInMakesTheUserChecksErrorAndNoRunSuccessful) {
    auto system = std::make_shared<os::MemorySystem>();
    windows_machine(*system).set_interactive_user("").set_current_user("NT AUTHORITY\\SYSTEM");
    RunOptions options;
    options.ids = builtin_checks().select({}, {});
    const RunSummary summary = Runner(builtin_checks(), system, options).run();
    EXPECT_TRUE(summary.machine.user_checked.value.empty()) << "SYSTEM is never taken for the WorkSpace user";
    EXPECT_FALSE(summary.verdict.validation_successful());
    std::size_t user_checks = 0;
    for (const auto& outcome : summary.outcomes) {
        if (!outcome.info.needs_user) continue;
        ++user_checks;
        EXPECT_EQ(outcome.result.status, Status::Error) << outcome.info.id << ": " << outcome.result.summary;
        EXPECT_NE(outcome.result.summary.find("could not be determined"), std::string::npos) << outcome.info.id;
    }
    EXPECT_EQ(user_checks, 6U) << "profile size, profile exists, single profile, staged AppX, Domain Guests, path length";

    std::string error;
    EXPECT_FALSE(plan_fix_for(builtin_checks(), "appx-staged", *system, summary.machine, error).has_value())
        << "no AppX change is ever planned without the WorkSpace user";
    EXPECT_NE(error.find("WorkSpace user"), std::string::npos) << error;
}

TEST(WorkSpaceUser, AReplayedSystemRunFindsTheProfileOwnerInProfileList) {
    os::MemorySystem system;
    windows_machine(system).set_interactive_user("").set_current_user("NT AUTHORITY\\SYSTEM");
    system.set_environment("SystemDrive", "C:");
    const std::string list = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\";
    system.set_value(os::RegistryHive::LocalMachine, list + "S-1-5-18", "ProfileImagePath",
                     os::RegistryValue::expand_string("%systemroot%\\system32\\config\\systemprofile"));
    system.set_value(os::RegistryHive::LocalMachine, list + kAdminSid, "ProfileImagePath",
                     os::RegistryValue::expand_string("%SystemDrive%\\Users\\Administrator"));
    system.set_value(os::RegistryHive::LocalMachine, list + kUserSid, "ProfileImagePath", os::RegistryValue::expand_string("D:\\Users\\jdoe"));
    system.add_account("CORP\\jdoe", kUserSid);
    const MachineFacts facts = read_machine_facts(system, "", builtin_checks());
    EXPECT_EQ(facts.user_checked.value, "CORP\\jdoe");
    EXPECT_NE(facts.user_source.find("only profile on D:\\Users"), std::string::npos) << facts.user_source;
}

TEST(WorkSpaceUser, AWineRecordingReplayedAsSystemWithNobodyAtTheConsoleIsNeverSuccessful) {
    // The Wine machine's recording, as if taken by SSM Run Command: SYSTEM, nobody at the console.
    std::ifstream in(std::string(IC_TEST_DATA_DIR) + "/wine-machine.rec.json");
    nlohmann::json document = nlohmann::json::parse(in);
    for (auto& exchange : document.at("exchanges")) {
        if (exchange.at("ask") == "host.interactive_user") exchange["answer"] = {{"ok", ""}};
        if (exchange.at("ask") == "host.current_user") exchange["answer"] = {{"ok", "NT AUTHORITY\\SYSTEM"}};
    }
    const auto replay = os::ReplaySystem::from_json(document, "wine-machine.rec.json as SYSTEM");
    RunOptions options;
    options.ids = builtin_checks().select({}, {});
    const RunSummary summary = Runner(builtin_checks(), replay, options).run();
    EXPECT_EQ(summary.machine.run_as.value, "NT AUTHORITY\\SYSTEM");
    EXPECT_TRUE(summary.machine.user_checked.value.empty());
    EXPECT_FALSE(summary.verdict.validation_successful());
    for (const auto& outcome : summary.outcomes) {
        if (outcome.info.needs_user) {
            EXPECT_EQ(outcome.result.status, Status::Error) << outcome.info.id;
        }
    }
    std::string error;
    EXPECT_FALSE(plan_fix_for(builtin_checks(), "appx-staged", *replay, summary.machine, error).has_value());
}

}  // namespace
}  // namespace ic
