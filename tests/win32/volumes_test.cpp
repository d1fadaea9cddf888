// VolumeProbe against the real drive letters (Wine's C: and Z: under ctest), including a substitute
// drive defined for the test with DefineDosDeviceW, the API behind `subst`.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "imagechecker/os/system.h"
#include "test_support.h"
#include "win32_util.h"

namespace ic::os::win32 {
namespace {

using testing::running_under_wine;
using testing::succeeded;

const DriveInfo* find_drive(const std::vector<DriveInfo>& drives, char letter) {
    const auto found = std::find_if(drives.begin(), drives.end(), [&](const DriveInfo& d) { return d.letter == letter; });
    return found == drives.end() ? nullptr : &*found;
}

// A letter GetLogicalDrives does not report, searched from the end of the alphabet where it is least
// likely to surprise anyone.
std::optional<wchar_t> free_letter() {
    const DWORD used = GetLogicalDrives();
    for (int index = 24; index >= 3; --index) {  // Y: down to D:
        if ((used & (1UL << index)) == 0) return static_cast<wchar_t>(L'A' + index);
    }
    return std::nullopt;
}

/// A `subst` drive for the length of one test.
class ScopedSubstDrive {
public:
    ScopedSubstDrive(wchar_t letter, const wchar_t* target) : device_{letter, L':', L'\0'} {
        defined_ = DefineDosDeviceW(0, device_, target) != FALSE;
    }
    ScopedSubstDrive(const ScopedSubstDrive&) = delete;
    ScopedSubstDrive& operator=(const ScopedSubstDrive&) = delete;
    ~ScopedSubstDrive() {
        if (defined_) DefineDosDeviceW(DDD_REMOVE_DEFINITION, device_, nullptr);
    }
    [[nodiscard]] bool defined() const { return defined_; }

private:
    wchar_t device_[3];
    bool defined_ = false;
};

class VolumeProbeTest : public ::testing::Test {
protected:
    VolumeProbe& volumes() { return system_->volumes(); }
    std::unique_ptr<System> system_ = make_native_system();
};

// ---- drives ----

TEST_F(VolumeProbeTest, DrivesIncludeCAsAFixedVolume) {
    const auto drives = volumes().drives();
    ASSERT_TRUE(succeeded(drives));
    const DriveInfo* c = find_drive(drives.value(), 'C');
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->type, DriveType::Fixed);
    // Wine answers "\Device\HarddiskVolume1"; a volume never points into the DOS namespace like subst.
    EXPECT_FALSE(c->target.empty());
    EXPECT_NE(c->target.rfind("\\??\\", 0), 0U);
}

TEST_F(VolumeProbeTest, DrivesMatchGetLogicalDrivesInLetterOrder) {
    const auto drives = volumes().drives();
    ASSERT_TRUE(succeeded(drives));
    std::string expected;
    const DWORD mask = GetLogicalDrives();
    for (int index = 0; index < 26; ++index) {
        if ((mask & (1UL << index)) != 0) expected += static_cast<char>('A' + index);
    }
    std::string listed;
    for (const DriveInfo& drive : drives.value()) listed += drive.letter;
    EXPECT_EQ(listed, expected);
}

TEST_F(VolumeProbeTest, WineZDriveIsListedAsAnOrdinaryVolume) {
    if (!running_under_wine()) GTEST_SKIP() << "Z: is Wine's view of the Unix root; Windows has no such drive";
    const auto drives = volumes().drives();
    ASSERT_TRUE(succeeded(drives));
    const DriveInfo* z = find_drive(drives.value(), 'Z');
    ASSERT_NE(z, nullptr);
    EXPECT_EQ(z->type, DriveType::Fixed);
    EXPECT_EQ(z->target.rfind("\\Device\\", 0), 0U) << z->target;
}

TEST_F(VolumeProbeTest, SubstDriveIsVirtualAndRecordsItsTarget) {
    const std::optional<wchar_t> letter = free_letter();
    if (!letter) GTEST_SKIP() << "no free drive letter";
    const ScopedSubstDrive subst(*letter, L"C:\\windows");
    ASSERT_TRUE(subst.defined()) << "DefineDosDeviceW failed with " << GetLastError();

    const auto drives = volumes().drives();
    ASSERT_TRUE(succeeded(drives));
    const DriveInfo* drive = find_drive(drives.value(), static_cast<char>(*letter));
    ASSERT_NE(drive, nullptr);
    EXPECT_EQ(drive->type, DriveType::Virtual);
    EXPECT_EQ(drive->target, "\\??\\C:\\windows");
}

// ---- space ----

TEST_F(VolumeProbeTest, SpaceOfCHasATotalAboveItsFreeBytes) {
    const auto space = volumes().space("C:\\");
    ASSERT_TRUE(succeeded(space));
    EXPECT_GT(space.value().total_bytes, 0U);
    EXPECT_LE(space.value().free_bytes, space.value().total_bytes);
    EXPECT_LE(space.value().free_bytes_to_caller, space.value().free_bytes) << "quotas only ever take away";
}

TEST_F(VolumeProbeTest, SpaceAcceptsADriveWithoutItsBackslash) {
    const auto bare = volumes().space("C:");
    const auto rooted = volumes().space("C:\\");
    ASSERT_TRUE(succeeded(bare));
    ASSERT_TRUE(succeeded(rooted));
    EXPECT_EQ(bare.value().total_bytes, rooted.value().total_bytes);
}

TEST_F(VolumeProbeTest, SpaceOfAnUnusedLetterIsAnError) {
    const std::optional<wchar_t> letter = free_letter();
    if (!letter) GTEST_SKIP() << "no free drive letter";
    const auto space = volumes().space(std::string(1, static_cast<char>(*letter)) + ":\\");
    ASSERT_FALSE(space);
    EXPECT_EQ(space.error().api, "GetDiskFreeSpaceExW");
    EXPECT_NE(space.error().code, 0);
}

}  // namespace
}  // namespace ic::os::win32
