#include <gtest/gtest.h>

#include "fix_round_trip.h"
#include "test_support.h"
#include "windows/winrm_automatic_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::ServiceStartType;
using os::ServiceState;

void stage_winrm(MemorySystem& system, ServiceStartType start_type, ServiceState state) {
    system.add_service({"WinRM", "Windows Remote Management (WS-Management)", start_type, state, "NT AUTHORITY\\NetworkService",
                        "C:\\Windows\\System32\\svchost.exe -k NetworkService -p"});
}

TEST(WinrmAutomaticCheck, PassesWhenAutomatic) {
    MemorySystem system;
    stage_winrm(system, ServiceStartType::Automatic, ServiceState::Running);
    WinrmAutomaticCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "Windows Remote Management (WinRM) has start type Automatic");
}

TEST(WinrmAutomaticCheck, WarnsWhenManualBecauseOnlyAutomaticWillDo) {
    MemorySystem system;
    stage_winrm(system, ServiceStartType::Manual, ServiceState::Stopped);
    WinrmAutomaticCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(test::find_evidence(result, "WinRM start type")->expected, "Automatic");
    ASSERT_TRUE(result.fix.has_value());
    EXPECT_EQ(result.fix->description, "Set the start type of Windows Remote Management (WinRM) from Manual to Automatic");
}

TEST(WinrmAutomaticCheck, WarnsWhenDisabled) {
    MemorySystem system;
    stage_winrm(system, ServiceStartType::Disabled, ServiceState::Stopped);
    WinrmAutomaticCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Warning);
}

TEST(WinrmAutomaticCheck, FailsWhenNotInstalled) {
    MemorySystem system;
    WinrmAutomaticCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_FALSE(result.fix.has_value());
}

TEST(WinrmAutomaticCheck, ErrorWhenServicesCannotBeRead) {
    MemorySystem system;
    system.fail_services(os::OsError{"OpenSCManagerW", 5, "Access is denied."});
    WinrmAutomaticCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Error);
}

TEST(WinrmAutomaticCheck, FixSetsAutomaticPassesAndUndoRestoresManual) {
    MemorySystem system;
    stage_winrm(system, ServiceStartType::Manual, ServiceState::Stopped);
    WinrmAutomaticCheck check;
    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(plan->changes.size(), 1U);
    EXPECT_EQ(plan->changes[0].what, "Set the start type of Windows Remote Management (WinRM) to Automatic");
    EXPECT_EQ(plan->changes[0].where(), "service WinRM (start type)");
    EXPECT_EQ(plan->changes[0].before_text(), "Manual");
    EXPECT_EQ(plan->changes[0].after_text(), "Automatic");

    test::apply_plan(system, *plan);
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);
    test::undo_plan(system, *plan);
    EXPECT_EQ(test::service_now(system, "WinRM").start_type, ServiceStartType::Manual);
    EXPECT_EQ(test::service_now(system, "WinRM").state, ServiceState::Stopped);
}

TEST(WinrmAutomaticCheck, DescribesItselfWithoutAnAwsCode) {
    const auto info = WinrmAutomaticCheck::describe();
    EXPECT_EQ(info.id, "winrm-automatic");
    EXPECT_EQ(info.aws_error_code, "") << "a troubleshooting tip, not one of AWS's tests";
    EXPECT_EQ(info.fix, FixKind::Automatic);
}

}  // namespace
}  // namespace ic::checks
