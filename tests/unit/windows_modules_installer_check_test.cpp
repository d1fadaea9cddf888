#include <gtest/gtest.h>

#include "fix_round_trip.h"
#include "test_support.h"
#include "windows/windows_modules_installer_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::ServiceStartType;
using os::ServiceState;

void stage_trusted_installer(MemorySystem& system, ServiceStartType start_type) {
    system.add_service({"TrustedInstaller", "Windows Modules Installer", start_type, ServiceState::Stopped, "localSystem",
                        "C:\\Windows\\servicing\\TrustedInstaller.exe"});
}

TEST(WindowsModulesInstallerCheck, PassesWhenManualAsWindowsShipsIt) {
    MemorySystem system;
    stage_trusted_installer(system, ServiceStartType::Manual);
    WindowsModulesInstallerCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "Windows Modules Installer (TrustedInstaller) has start type Manual");
}

TEST(WindowsModulesInstallerCheck, PassesWhenAutomatic) {
    MemorySystem system;
    stage_trusted_installer(system, ServiceStartType::Automatic);
    WindowsModulesInstallerCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);
}

TEST(WindowsModulesInstallerCheck, WarnsWhenDisabled) {
    MemorySystem system;
    stage_trusted_installer(system, ServiceStartType::Disabled);
    WindowsModulesInstallerCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    ASSERT_TRUE(result.fix.has_value());
    EXPECT_TRUE(result.fix->automatic);
    EXPECT_EQ(result.fix->description, "Set the start type of Windows Modules Installer (TrustedInstaller) from Disabled to Manual");
    EXPECT_EQ(test::find_evidence(result, "TrustedInstaller start type")->observed, "Disabled");
}

TEST(WindowsModulesInstallerCheck, FailsWhenNotInstalled) {
    MemorySystem system;
    WindowsModulesInstallerCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "Windows Modules Installer (TrustedInstaller) is not installed");
}

TEST(WindowsModulesInstallerCheck, ErrorWhenServicesCannotBeRead) {
    MemorySystem system;
    system.fail_services(os::OsError{"OpenSCManagerW", 1722, "The RPC server is unavailable."});
    WindowsModulesInstallerCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_NE(result.summary.find("error 1722"), std::string::npos) << result.summary;
}

TEST(WindowsModulesInstallerCheck, FixSetsManualPassesAndUndoRestoresDisabled) {
    MemorySystem system;
    stage_trusted_installer(system, ServiceStartType::Disabled);
    WindowsModulesInstallerCheck check;
    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(plan->changes.size(), 1U);
    EXPECT_EQ(plan->changes[0].what, "Set the start type of Windows Modules Installer (TrustedInstaller) to Manual");
    EXPECT_EQ(plan->changes[0].where(), "service TrustedInstaller (start type)");
    EXPECT_EQ(plan->changes[0].before_text(), "Disabled");
    EXPECT_EQ(plan->changes[0].after_text(), "Manual");

    test::apply_plan(system, *plan);
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);
    test::undo_plan(system, *plan);
    EXPECT_EQ(test::service_now(system, "TrustedInstaller").start_type, ServiceStartType::Disabled);
    EXPECT_EQ(test::service_now(system, "TrustedInstaller").state, ServiceState::Stopped);
}

TEST(WindowsModulesInstallerCheck, DescribesItselfForTheCatalogue) {
    const auto info = WindowsModulesInstallerCheck::describe();
    EXPECT_EQ(info.id, "windows-modules-installer");
    EXPECT_EQ(info.aws_error_code, "WindowsModulesInstallerDisabled");
    EXPECT_EQ(info.fix, FixKind::Automatic);
}

}  // namespace
}  // namespace ic::checks
