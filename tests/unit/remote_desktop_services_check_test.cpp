#include <gtest/gtest.h>

#include "fix_round_trip.h"
#include "test_support.h"
#include "windows/remote_desktop_services_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::ServiceStartType;
using os::ServiceState;

void stage_term_service(MemorySystem& system, ServiceStartType start_type, ServiceState state = ServiceState::Stopped) {
    system.add_service({"TermService", "Remote Desktop Services", start_type, state, "NT Authority\\NetworkService",
                        "C:\\Windows\\System32\\svchost.exe -k NetworkService"});
}

TEST(RemoteDesktopServicesCheck, PassesWhenManual) {
    MemorySystem system;
    stage_term_service(system, ServiceStartType::Manual);
    RemoteDesktopServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "Remote Desktop Services (TermService) has start type Manual");
    EXPECT_FALSE(result.fix.has_value());
    EXPECT_EQ(test::find_evidence(result, "TermService start type")->observed, "Manual");
    EXPECT_EQ(test::find_evidence(result, "TermService start type")->expected, "Automatic or Manual");
}

TEST(RemoteDesktopServicesCheck, PassesWhenAutomaticAndRunning) {
    MemorySystem system;
    stage_term_service(system, ServiceStartType::Automatic, ServiceState::Running);
    RemoteDesktopServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, "TermService state")->observed, "Running");
}

TEST(RemoteDesktopServicesCheck, WarnsWhenDisabledAndOffersAnAutomaticFix) {
    MemorySystem system;
    stage_term_service(system, ServiceStartType::Disabled);
    RemoteDesktopServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(result.summary, "Remote Desktop Services (TermService) has start type Disabled; image creation needs Automatic or Manual");
    ASSERT_TRUE(result.fix.has_value());
    EXPECT_TRUE(result.fix->automatic);
    EXPECT_EQ(result.fix->description, "Set the start type of Remote Desktop Services (TermService) from Disabled to Manual");
    const auto* installed = test::find_evidence(result, "Service TermService");
    ASSERT_NE(installed, nullptr);
    EXPECT_EQ(installed->observed, "installed: Remote Desktop Services (TermService)");
}

TEST(RemoteDesktopServicesCheck, FailsWhenTheServiceIsNotInstalled) {
    MemorySystem system;
    RemoteDesktopServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed) << "a missing service needs a person to repair Windows";
    EXPECT_EQ(result.summary, "Remote Desktop Services (TermService) is not installed");
    EXPECT_FALSE(result.fix.has_value());
    EXPECT_EQ(test::find_evidence(result, "Service TermService")->observed, "not installed");
}

TEST(RemoteDesktopServicesCheck, ErrorWhenTheServiceManagerCannotBeOpened) {
    MemorySystem system;
    system.fail_services(os::OsError{"OpenSCManagerW", 5, "Access is denied."});
    RemoteDesktopServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "could not read service TermService: OpenSCManagerW failed with error 5 (Access is denied.)");
}

TEST(RemoteDesktopServicesCheck, ErrorWhenTheStartTypeCannotBeInterpreted) {
    MemorySystem system;
    stage_term_service(system, ServiceStartType::Unknown);
    RemoteDesktopServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error) << "an unknown start type is never a pass";
    EXPECT_FALSE(result.fix.has_value());
}

TEST(RemoteDesktopServicesCheck, FixSetsManualPassesAndUndoRestoresDisabled) {
    MemorySystem system;
    stage_term_service(system, ServiceStartType::Disabled);
    RemoteDesktopServicesCheck check;
    auto context = test::context_for(system);

    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_TRUE(plan->automatic);
    EXPECT_EQ(plan->summary, "Set the start type of Remote Desktop Services (TermService) to Manual");
    ASSERT_EQ(plan->changes.size(), 1U);
    const auto& change = plan->changes[0];
    EXPECT_EQ(change.what, "Set the start type of Remote Desktop Services (TermService) to Manual");
    EXPECT_EQ(change.where(), "service TermService (start type)");
    EXPECT_EQ(change.before_text(), "Disabled");
    EXPECT_EQ(change.after_text(), "Manual");
    EXPECT_TRUE(change.undoable);
    EXPECT_EQ(system.writes(), 0U) << "planning touches nothing";

    test::apply_plan(system, *plan);
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);

    test::undo_plan(system, *plan);
    const auto after_undo = test::service_now(system, "TermService");
    EXPECT_EQ(after_undo.start_type, ServiceStartType::Disabled);
    EXPECT_EQ(after_undo.state, ServiceState::Stopped);
    EXPECT_EQ(after_undo.account, "NT Authority\\NetworkService");
}

TEST(RemoteDesktopServicesCheck, PlansNothingWhenAlreadyEnabled) {
    MemorySystem system;
    stage_term_service(system, ServiceStartType::Automatic);
    RemoteDesktopServicesCheck check;
    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_TRUE(plan->changes.empty());
    EXPECT_EQ(plan->summary, "Nothing to change: Remote Desktop Services (TermService) already has start type Automatic");
}

TEST(RemoteDesktopServicesCheck, PlansNothingForAMissingServiceAndSaysWhy) {
    MemorySystem system;
    RemoteDesktopServicesCheck check;
    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_TRUE(plan->changes.empty());
    EXPECT_NE(plan->summary.find("is not installed"), std::string::npos) << plan->summary;
}

TEST(RemoteDesktopServicesCheck, PlanningFailsLoudlyWhenServicesCannotBeRead) {
    MemorySystem system;
    system.fail_services(os::OsError{"OpenSCManagerW", 5, "Access is denied."});
    RemoteDesktopServicesCheck check;
    auto context = test::context_for(system);
    EXPECT_THROW(check.plan_fix(context), os::OsFailure);
}

TEST(RemoteDesktopServicesCheck, DescribesItselfForTheCatalogue) {
    const auto info = RemoteDesktopServicesCheck::describe();
    EXPECT_EQ(info.id, "remote-desktop-services");
    EXPECT_EQ(info.aws_error_code, "RemoteDesktopServicesDisabled");
    EXPECT_EQ(info.fix, FixKind::Automatic);
    EXPECT_TRUE(info.applies_to(os::OsFamily::Windows));
    EXPECT_FALSE(info.applies_to(os::OsFamily::Linux));
}

}  // namespace
}  // namespace ic::checks
