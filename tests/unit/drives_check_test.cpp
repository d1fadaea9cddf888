#include <gtest/gtest.h>

#include "test_support.h"
#include "windows/drives_check.h"

namespace ic::checks {
namespace {

using os::DriveType;
using os::MemorySystem;

TEST(DrivesCheck, PassesWithOnlyCAndD) {
    MemorySystem system;  // C: and D: by default
    DrivesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, "Drive letters in use")->observed, "C:, D:");
}

TEST(DrivesCheck, PassesWithOnlyC) {
    MemorySystem system;
    system.clear_drives().add_drive('C', DriveType::Fixed);
    DrivesCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);
}

TEST(DrivesCheck, FailsWithAnExtraFixedDriveLikeWinesZ) {
    MemorySystem system;
    system.add_drive('Z', DriveType::Fixed);
    DrivesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "1 extra drive is present: Z: (fixed)");
    const auto* z = test::find_evidence(result, "Drive Z:");
    ASSERT_NE(z, nullptr);
    EXPECT_EQ(z->observed, "fixed drive");
    EXPECT_EQ(z->expected, "absent");
}

TEST(DrivesCheck, FailsAndNamesEveryExtraDriveWithItsType) {
    MemorySystem system;
    system.add_drive('E', DriveType::Removable)
        .add_drive('F', DriveType::CdRom)
        .add_drive('M', DriveType::Network, "\\\\fileserver\\share")
        .add_drive('R', DriveType::RamDisk)
        .add_drive('S', DriveType::Virtual, "C:\\Data");
    DrivesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "5 extra drives are present: E: (removable), F: (CD), M: (network), R: (RAM disk), S: (virtual)");
    EXPECT_EQ(test::find_evidence(result, "Drive E:")->observed, "removable drive");
    EXPECT_EQ(test::find_evidence(result, "Drive F:")->observed, "CD drive");
    EXPECT_EQ(test::find_evidence(result, "Drive M:")->observed, "network drive (points to \\\\fileserver\\share)");
    EXPECT_EQ(test::find_evidence(result, "Drive R:")->observed, "RAM disk drive");
    EXPECT_EQ(test::find_evidence(result, "Drive S:")->observed, "virtual drive (points to C:\\Data)");
    EXPECT_EQ(test::find_evidence(result, "Drive C:"), nullptr) << "allowed drives are not listed as problems";
}

TEST(DrivesCheck, NamesTheDeviceOfAnOrdinaryExtraDrive) {
    MemorySystem system;
    system.add_drive('Z', DriveType::Fixed, "\\Device\\HarddiskVolume2");
    DrivesCheck check;
    EXPECT_EQ(test::find_evidence(test::run_check(check, system), "Drive Z:")->observed, "fixed drive (device \\Device\\HarddiskVolume2)");
}

TEST(DrivesCheck, ErrorWhenDrivesCannotBeListed) {
    MemorySystem system;
    system.fail_drives(os::OsError{"GetLogicalDrives", 5, "Access is denied."});
    DrivesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "could not list the drives: GetLogicalDrives failed with error 5 (Access is denied.)");
}

TEST(DrivesCheck, AllowedLettersAreCAndDInAnyCase) {
    for (char letter : {'C', 'D', 'c', 'd'}) EXPECT_TRUE(is_allowed_drive_letter(letter)) << letter;
    for (char letter : {'A', 'B', 'E', 'Z', 'e'}) EXPECT_FALSE(is_allowed_drive_letter(letter)) << letter;
}

}  // namespace
}  // namespace ic::checks
