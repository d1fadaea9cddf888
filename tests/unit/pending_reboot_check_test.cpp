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
    ASSERT_EQ(result.evidence.size(), 3U) << "every marker looked at is listed";
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
    EXPECT_EQ(result.summary, "a restart is pending (1 of 3 markers found)");
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
    EXPECT_EQ(result.summary, "a restart is pending (3 of 3 markers found)");
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
    EXPECT_NE(result.summary.find("could not read 1 of the 3"), std::string::npos) << result.summary;
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

}  // namespace
}  // namespace ic::checks
