#include <functional>

#include <gtest/gtest.h>

#include "test_support.h"
#include "windows/pending_reboot_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::RegistryHive;
using os::RegistryValue;
constexpr auto HKLM = RegistryHive::LocalMachine;
const std::string kRenameItem = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\PendingFileRenameOperations";

// Session Manager exists on every Windows, without the pending-rename value.
void stage_clean(MemorySystem& system) { system.add_key(HKLM, PendingRebootCheck::kSessionManagerKey); }

TEST(PendingRebootCheck, PassesWhenNoMarkerIsSet) {
    MemorySystem system;
    stage_clean(system);
    PendingRebootCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    ASSERT_EQ(result.evidence.size(), 9U) << "every marker looked at is listed";
    EXPECT_EQ(result.evidence[0].observed, "key absent");
    EXPECT_EQ(result.evidence[2].observed, "value absent");
}

TEST(PendingRebootCheck, FailsWhenComponentServicingWaitsForRestart) {
    MemorySystem system;
    stage_clean(system);
    system.add_key(HKLM, PendingRebootCheck::kCbsKey);
    PendingRebootCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "a restart is pending (1 of 9 markers found)");
    const auto* marker = test::find_evidence(result, std::string("HKLM\\") + PendingRebootCheck::kCbsKey);
    ASSERT_NE(marker, nullptr);
    EXPECT_EQ(marker->observed, "key present: component servicing is waiting for a restart");
}

TEST(PendingRebootCheck, FailsWhenWindowsUpdateRequiresRestart) {
    MemorySystem system;
    stage_clean(system);
    system.add_key(HKLM, PendingRebootCheck::kWindowsUpdateKey);
    PendingRebootCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(test::find_evidence(result, std::string("HKLM\\") + PendingRebootCheck::kWindowsUpdateKey)->observed,
              "key present: Windows Update is waiting for a restart");
}

TEST(PendingRebootCheck, FailsWhenFileRenamesWaitAndCountsThem) {
    MemorySystem system;
    stage_clean(system);
    system.set_value(HKLM, PendingRebootCheck::kSessionManagerKey, PendingRebootCheck::kRenameValue,
                     RegistryValue::multi_string({"\\??\\C:\\Windows\\Temp\\a.tmp", "", "\\??\\C:\\x.new", "!\\??\\C:\\x.dll"}));
    PendingRebootCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(test::find_evidence(result, kRenameItem)->observed,
              "value present: 2 file operations wait for a restart (first: \\??\\C:\\Windows\\Temp\\a.tmp)");
}

TEST(PendingRebootCheck, FailsWithAllThreeMarkersAndNamesEach) {
    MemorySystem system;
    stage_clean(system);
    system.add_key(HKLM, PendingRebootCheck::kCbsKey).add_key(HKLM, PendingRebootCheck::kWindowsUpdateKey);
    system.set_value(HKLM, PendingRebootCheck::kSessionManagerKey, PendingRebootCheck::kRenameValue,
                     RegistryValue::multi_string({"\\??\\C:\\a", ""}));
    PendingRebootCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "a restart is pending (3 of 9 markers found)");
}

TEST(PendingRebootCheck, PassesWhenTheRenameValueExistsButIsEmpty) {
    MemorySystem system;
    stage_clean(system);
    system.set_value(HKLM, PendingRebootCheck::kSessionManagerKey, PendingRebootCheck::kRenameValue, RegistryValue::multi_string({}));
    PendingRebootCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, kRenameItem)->observed, "value present but empty");
}

TEST(PendingRebootCheck, ErrorWhenAMarkerCannotBeReadAndNoneIsSet) {
    MemorySystem system;
    stage_clean(system);
    system.fail_registry(HKLM, PendingRebootCheck::kSessionManagerKey, test::access_denied());
    PendingRebootCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error) << "an unreadable marker is not a pass";
    EXPECT_NE(result.summary.find("could not read 1 of the 9"), std::string::npos) << result.summary;
    EXPECT_NE(result.summary.find("error 5"), std::string::npos) << result.summary;
}

TEST(PendingRebootCheck, FailsWhenOneMarkerIsSetEvenIfAnotherCannotBeRead) {
    MemorySystem system;
    stage_clean(system);
    system.add_key(HKLM, PendingRebootCheck::kCbsKey);
    system.fail_registry(HKLM, PendingRebootCheck::kSessionManagerKey, test::access_denied());
    PendingRebootCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_NE(test::find_evidence(result, kRenameItem)->observed.find("could not be read"), std::string::npos);
}

// ---- Every restart marker (issue 8) ----

TEST(PendingRebootCheck, EveryMarkerTable) {
    struct Case {
        const char* name;
        std::function<void(MemorySystem&)> stage;
        std::string item;
        Status expected;
        std::string observed_contains;
    };
    const std::string cn = "Computer name (ActiveComputerName against ComputerName)";
    const auto names = [](const char* active, const char* next) {
        return [=](MemorySystem& s) {
            s.set_value(HKLM, PendingRebootCheck::kActiveComputerNameKey, "ComputerName", RegistryValue::string(active));
            s.set_value(HKLM, PendingRebootCheck::kComputerNameKey, "ComputerName", RegistryValue::string(next));
        };
    };
    const std::vector<Case> cases{
        {"servicing packages waiting", [](MemorySystem& s) { s.add_key(HKLM, PendingRebootCheck::kCbsPackagesPendingKey); },
         std::string("HKLM\\") + PendingRebootCheck::kCbsPackagesPendingKey, Status::Failed, "packages waiting"},
        {"servicing restart in progress", [](MemorySystem& s) { s.add_key(HKLM, PendingRebootCheck::kCbsRebootInProgressKey); },
         std::string("HKLM\\") + PendingRebootCheck::kCbsRebootInProgressKey, Status::Failed, "in the middle of a restart"},
        {"Windows Update service waiting",
         [](MemorySystem& s) { s.add_key(HKLM, std::string(PendingRebootCheck::kWindowsUpdateServicesPendingKey) + "\\117cab2d-82b1-4b5a-a08c-4d62dbee7782"); },
         std::string("HKLM\\") + PendingRebootCheck::kWindowsUpdateServicesPendingKey, Status::Failed, "first: 117cab2d"},
        {"empty Windows Update Pending key", [](MemorySystem& s) { s.add_key(HKLM, PendingRebootCheck::kWindowsUpdateServicesPendingKey); },
         std::string("HKLM\\") + PendingRebootCheck::kWindowsUpdateServicesPendingKey, Status::Passed, "not a marker"},
        {"Update.exe non-zero",
         [](MemorySystem& s) { s.set_value(HKLM, PendingRebootCheck::kUpdatesKey, PendingRebootCheck::kUpdateExeVolatileValue, RegistryValue::dword(1)); },
         std::string("HKLM\\SOFTWARE\\Microsoft\\Updates\\UpdateExeVolatile"), Status::Failed, "Update.exe"},
        {"Update.exe zero",
         [](MemorySystem& s) { s.set_value(HKLM, PendingRebootCheck::kUpdatesKey, PendingRebootCheck::kUpdateExeVolatileValue, RegistryValue::dword(0)); },
         std::string("HKLM\\SOFTWARE\\Microsoft\\Updates\\UpdateExeVolatile"), Status::Passed, "value 0"},
        {"computer renamed", names("WS-OLD", "WS-NEW"), cn, Status::Failed, "renamed from WS-OLD to WS-NEW"},
        {"same name in another case", names("WS-ONE", "ws-one"), cn, Status::Passed, "no rename waiting"},
        {"domain join waiting", [](MemorySystem& s) { s.add_key(HKLM, std::string(PendingRebootCheck::kNetlogonKey) + "\\JoinDomain"); },
         std::string("HKLM\\") + PendingRebootCheck::kNetlogonKey + " (JoinDomain, AvoidSpnSet)", Status::Failed, "JoinDomain present"},
        {"SPN setting after a join", [](MemorySystem& s) { s.add_key(HKLM, std::string(PendingRebootCheck::kNetlogonKey) + "\\AvoidSpnSet"); },
         std::string("HKLM\\") + PendingRebootCheck::kNetlogonKey + " (JoinDomain, AvoidSpnSet)", Status::Failed, "AvoidSpnSet present"},
    };
    for (const auto& c : cases) {
        MemorySystem system;
        stage_clean(system);
        c.stage(system);
        PendingRebootCheck check;
        const auto result = test::run_check(check, system);
        EXPECT_EQ(result.status, c.expected) << c.name << ": " << result.summary;
        const auto* line = test::find_evidence(result, c.item);
        ASSERT_NE(line, nullptr) << c.name;
        EXPECT_NE(line->observed.find(c.observed_contains), std::string::npos) << c.name << ": " << line->observed;
    }
}

TEST(PendingRebootCheck, ErrorWhenTheComputerNameCannotBeComparedAndNothingIsPending) {
    MemorySystem system;
    stage_clean(system);
    system.fail_registry(HKLM, PendingRebootCheck::kComputerNameKey, test::access_denied());
    PendingRebootCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_NE(result.summary.find("Computer name"), std::string::npos) << result.summary;
}

}  // namespace
}  // namespace ic::checks
