#include <gtest/gtest.h>

#include "test_support.h"
#include "windows/wam_installed_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::RegistryValue;
constexpr auto HKLM = os::RegistryHive::LocalMachine;
const std::string kUninstall = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
const std::string kPlayer = "C:\\Program Files\\Numecent\\Application Jukebox Player";

void stage_other_programs(MemorySystem& system) {
    system.set_value(HKLM, kUninstall + "\\{11111111-2222-3333-4444-555555555555}", "DisplayName", RegistryValue::string("7-Zip 23.01"));
    system.add_key(HKLM, kUninstall + "\\NoName");
}
void stage_wam_client(MemorySystem& system) {
    system.set_value(HKLM, kUninstall + "\\{AAAAAAAA-0000-0000-0000-000000000001}", "DisplayName", RegistryValue::string("Amazon WAM"));
}

TEST(WamInstalledCheck, SkippedWhenNothingShowsWamIsUsed) {
    MemorySystem system;
    stage_other_programs(system);
    WamInstalledCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Skipped);
    EXPECT_EQ(result.summary, "nothing shows that Amazon WAM is used on this WorkSpace (heuristic: none of its markers was found)");
    EXPECT_EQ(test::find_evidence(result, "WAM in use? Folder " + kPlayer)->observed, "absent");
    EXPECT_EQ(test::find_evidence(result, "WAM client? Installed programs (HKLM\\" + kUninstall + ")")->observed, "no WAM client entry");
}

TEST(WamInstalledCheck, PassesWhenTheClientIsInstalled) {
    MemorySystem system;
    stage_other_programs(system);
    stage_wam_client(system);
    system.add_directory(kPlayer);
    WamInstalledCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "the Amazon WAM client is installed (Installed programs (HKLM\\" + kUninstall + "))");
    EXPECT_EQ(test::find_evidence(result, "WAM client? Installed programs (HKLM\\" + kUninstall + ")")->observed,
              "found: \"Amazon WAM\" ({AAAAAAAA-0000-0000-0000-000000000001}) (the WAM client is installed)");
}

TEST(WamInstalledCheck, PassesWhenTheShortcutIsOnTheUsersDesktop) {
    MemorySystem system;
    system.add_key(HKLM, "SOFTWARE\\Amazon\\WAM");
    system.add_file("D:\\Users\\alice\\Desktop\\Amazon WAM.lnk", 1200);
    WamInstalledCheck check;
    EXPECT_EQ(test::run_check(check, system, "CORP\\alice").status, Status::Passed);
}

TEST(WamInstalledCheck, FailsWhenTheCloudpagingPlayerIsThereWithoutTheClient) {
    MemorySystem system;
    stage_other_programs(system);
    system.add_directory(kPlayer);
    WamInstalledCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary,
              "Amazon WAM appears to be in use (Folder " + kPlayer + ") but its client is not installed; set up the Amazon WAM installer");
    EXPECT_EQ(test::find_evidence(result, "WAM in use? Folder " + kPlayer)->observed,
              "found (the Cloudpaging player Amazon WAM streams applications with)");
    EXPECT_EQ(test::find_evidence(result, "WAM client? Folder C:\\Program Files\\Amazon\\WAM")->expected, "found (any one of these)");
}

TEST(WamInstalledCheck, FailsWhenWamSettingsExistWithoutTheClient) {
    MemorySystem system;
    system.add_key(HKLM, "SOFTWARE\\WOW6432Node\\Amazon\\WAM");
    WamInstalledCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Failed);
}

TEST(WamInstalledCheck, ErrorWhenInstalledProgramsCannotBeReadAndNoClientIsFound) {
    MemorySystem system;
    system.add_directory(kPlayer);
    system.fail_registry(HKLM, kUninstall, test::access_denied());
    WamInstalledCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error) << "the client might be what could not be read";
    EXPECT_EQ(result.summary, "could not look for Installed programs (HKLM\\" + kUninstall +
                                  "): RegOpenKeyExW failed with error 5 (Access is denied.)");
}

TEST(WamInstalledCheck, ErrorRatherThanSkippedWhenAMarkerCannotBeRead) {
    MemorySystem system;
    system.fail_file("C:\\ProgramData\\Amazon\\WAM", os::OsError{"GetFileAttributesExW", 5, "Access is denied."});
    WamInstalledCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Error);
}

TEST(WamInstalledCheck, RecognisesTheClientsDisplayName) {
    struct Case {
        const char* name;
        bool wam;
    };
    for (const Case c : {Case{"Amazon WAM", true}, Case{"amazon wam client 2.1", true}, Case{"Amazon WorkSpaces Application Manager", true},
                         Case{"Amazon WorkSpaces", false}, Case{"Amazon SSM Agent", false}, Case{"Cloudpaging Player", false},
                         Case{"", false}}) {
        EXPECT_EQ(is_wam_client_display_name(c.name), c.wam) << c.name;
    }
}

TEST(WamInstalledCheck, DecisionTable) {
    struct Case {
        bool in_use, client, unreadable;
        Status status;
    };
    for (const Case c : {Case{false, false, false, Status::Skipped}, Case{true, false, false, Status::Failed},
                         Case{true, true, false, Status::Passed}, Case{false, true, false, Status::Passed},
                         Case{true, true, true, Status::Passed}, Case{true, false, true, Status::Error},
                         Case{false, false, true, Status::Error}}) {
        EXPECT_EQ(decide_wam(c.in_use, c.client, c.unreadable), c.status) << c.in_use << c.client << c.unreadable;
    }
}

TEST(WamInstalledCheck, LooksForTheShortcutOnTheUsersDesktopOnlyWhenAUserIsKnown) {
    EXPECT_EQ(wam_client_markers("").size() + 1, wam_client_markers("alice").size());
    EXPECT_EQ(wam_client_markers("alice").back().where, "D:\\Users\\alice\\Desktop\\Amazon WAM.lnk");
}

TEST(WamInstalledCheck, DescribesItselfForTheCatalogue) {
    const auto info = WamInstalledCheck::describe();
    EXPECT_EQ(info.id, "wam-installed");
    EXPECT_EQ(info.aws_error_code, "");
    EXPECT_EQ(info.fix, FixKind::None);
}

}  // namespace
}  // namespace ic::checks
