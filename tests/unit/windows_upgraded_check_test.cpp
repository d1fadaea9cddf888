#include <gtest/gtest.h>

#include "test_support.h"
#include "windows/windows_upgraded_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::RegistryValue;
constexpr auto HKLM = os::RegistryHive::LocalMachine;

void stage_clean_setup(MemorySystem& system) {
    for (const char* key : {"SYSTEM\\Setup\\Status", "SYSTEM\\Setup\\Pid", "SYSTEM\\Setup\\MoSetup", "SYSTEM\\Setup\\SetupCl"})
        system.add_key(HKLM, key);
}

TEST(WindowsUpgradedCheck, PassesWhenSetupRecordsNoUpgrade) {
    MemorySystem system;
    stage_clean_setup(system);
    WindowsUpgradedCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "no record of an in-place upgrade under HKLM\\SYSTEM\\Setup");
    EXPECT_EQ(test::find_evidence(result, "HKLM\\SYSTEM\\Setup")->observed, "4 subkeys, none named \"Source OS …\" or \"Upgrade\"");
}

TEST(WindowsUpgradedCheck, FailsWithASourceOsKeyAndShowsWhatWasThereBefore) {
    MemorySystem system;
    stage_clean_setup(system);
    const std::string key = "SYSTEM\\Setup\\Source OS (Updated on 1/2/2024 10:00:00)";
    system.set_value(HKLM, key, "ProductName", RegistryValue::string("Windows 10 Enterprise"));
    system.set_value(HKLM, key, "CurrentBuildNumber", RegistryValue::string("19044"));
    system.set_value(HKLM, key, "InstallDate", RegistryValue::dword(1640995200));
    WindowsUpgradedCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary,
              "Windows was upgraded in place (1 record: Source OS (Updated on 1/2/2024 10:00:00)); image creation needs a WorkSpace that "
              "was never upgraded");
    EXPECT_FALSE(result.fix.has_value());
    EXPECT_EQ(test::find_evidence(result, "HKLM\\" + key)->observed, "present: an in-place upgrade was recorded");
    EXPECT_EQ(test::find_evidence(result, "HKLM\\" + key + " : ProductName")->observed, "REG_SZ Windows 10 Enterprise");
    EXPECT_EQ(test::find_evidence(result, "HKLM\\" + key + " : CurrentBuildNumber")->observed, "REG_SZ 19044");
    EXPECT_EQ(test::find_evidence(result, "HKLM\\" + key + " : InstallDate")->observed,
              "REG_DWORD 1640995200 (2022-01-01 00:00:00 UTC: when the earlier Windows was installed)");
    EXPECT_EQ(test::find_evidence(result, "HKLM\\" + key + " : EditionID"), nullptr) << "absent values are not listed";
}

TEST(WindowsUpgradedCheck, FailsWithAnUpgradeKeyAndCountsEveryRecord) {
    MemorySystem system;
    system.add_key(HKLM, "SYSTEM\\Setup\\Upgrade");
    system.add_key(HKLM, "SYSTEM\\Setup\\Source OS (Updated on 5/6/2023 08:00:00)");
    WindowsUpgradedCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_NE(result.summary.find("(2 records: "), std::string::npos) << result.summary;
}

TEST(WindowsUpgradedCheck, ErrorWhenTheSetupKeyCannotBeListed) {
    MemorySystem system;
    system.fail_registry(HKLM, "SYSTEM\\Setup", test::access_denied());
    WindowsUpgradedCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "could not list HKLM\\SYSTEM\\Setup: RegOpenKeyExW failed with error 5 (Access is denied.)");
}

TEST(WindowsUpgradedCheck, RecognisesUpgradeRecords) {
    struct Case {
        const char* name;
        bool marker;
    };
    for (const Case c : {Case{"Source OS (Updated on 1/2/2024 10:00:00)", true}, Case{"source os (Updated on 3/4/2021)", true},
                         Case{"Upgrade", true}, Case{"upgrade", true}, Case{"MoSetup", false}, Case{"Status", false},
                         Case{"UpgradeCompatibility", false}, Case{"Source", false}, Case{"", false}}) {
        EXPECT_EQ(is_upgrade_marker_key(c.name), c.marker) << c.name;
    }
}

TEST(WindowsUpgradedCheck, FormatsInstallDates) {
    EXPECT_EQ(install_date_text(0), "1970-01-01 00:00:00 UTC");
    EXPECT_EQ(install_date_text(1704189600), "2024-01-02 10:00:00 UTC");
    EXPECT_EQ(install_date_text(951782400), "2000-02-29 00:00:00 UTC");
    EXPECT_EQ(install_date_text(4294967295U), "2106-02-07 06:28:15 UTC");
}

TEST(WindowsUpgradedCheck, DescribesItselfForTheCatalogue) {
    const auto info = WindowsUpgradedCheck::describe();
    EXPECT_EQ(info.id, "windows-upgraded");
    EXPECT_EQ(info.aws_error_code, "UnsupportedOsUpgrade");
    EXPECT_EQ(info.fix, FixKind::None);
}

}  // namespace
}  // namespace ic::checks
