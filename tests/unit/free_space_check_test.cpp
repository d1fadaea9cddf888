#include <gtest/gtest.h>

#include "fix_round_trip.h"
#include "test_support.h"
#include "windows/free_space_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::VolumeSpace;
constexpr std::uint64_t kGiB = 1024ULL * 1024 * 1024;

void stage_free_space(MemorySystem& system, std::uint64_t free) { system.set_space("C:\\", VolumeSpace{free, free, 80 * kGiB}); }

TEST(FreeSpaceCheck, PassesWhenMoreThan12GiBIsFree) {
    MemorySystem system;
    stage_free_space(system, 40 * kGiB);
    FreeSpaceCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "C: has 40.0 GiB free of 80.0 GiB");
    const auto* free = test::find_evidence(result, "C: free space");
    ASSERT_NE(free, nullptr);
    EXPECT_EQ(free->observed, "40.0 GiB (42,949,672,960 bytes)");
    EXPECT_EQ(free->expected, "more than 12.0 GiB (12,884,901,888 bytes)");
    ASSERT_NE(test::find_evidence(result, "C: total size"), nullptr);
    EXPECT_EQ(test::find_evidence(result, "C: total size")->observed, "80.0 GiB (85,899,345,920 bytes)");
}

TEST(FreeSpaceCheck, FailsAtExactly12GiBBecauseMoreThanIsRequired) {
    MemorySystem system;
    stage_free_space(system, FreeSpaceCheck::kRequiredFreeBytes);
    FreeSpaceCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    ASSERT_NE(test::find_evidence(result, "Space still to free"), nullptr);
    EXPECT_EQ(test::find_evidence(result, "Space still to free")->observed, "at least 1 byte");
}

TEST(FreeSpaceCheck, FailsWhenLowAndSaysHowMuchMustBeFreed) {
    MemorySystem system;
    stage_free_space(system, 8 * kGiB);
    FreeSpaceCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "C: has only 8.0 GiB free; image creation needs more than 12.0 GiB");
    EXPECT_EQ(test::find_evidence(result, "Space still to free")->observed, "at least 4.0 GiB (4,294,967,297 bytes)");
    EXPECT_FALSE(result.fix.has_value()) << "a person must free the space; the tool offers no fix";
}

os::DirectoryUsage usage(std::uint64_t bytes, std::uint64_t files, std::uint64_t unreadable = 0) {
    os::DirectoryUsage u;
    u.total_bytes = bytes;
    u.files = files;
    u.unreadable_folders = unreadable;
    return u;
}

TEST(FreeSpaceCheck, FailsAndMeasuresTheFoldersThatUsuallyHoldReclaimableSpace) {
    MemorySystem system;
    stage_free_space(system, 8 * kGiB);
    system.set_directory_usage("C:\\Windows\\Temp", usage(3 * kGiB, 1200));
    system.set_directory_usage("C:\\Users\\alice\\AppData\\Local\\Temp", usage(512ULL * 1024 * 1024, 40));
    system.set_directory_usage("D:\\Users\\alice\\AppData\\Local\\Temp", usage(kGiB, 7));
    system.set_directory_usage("C:\\Windows\\SoftwareDistribution\\Download", usage(2 * kGiB, 1, 2));
    system.set_directory_usage("C:\\$Recycle.Bin", usage(0, 0));
    FreeSpaceCheck check;
    const auto result = test::run_check(check, system, "CORP\\alice");
    EXPECT_EQ(result.status, Status::Failed);
    const auto* temp = test::find_evidence(result, "Reclaimable: C:\\Windows\\Temp");
    ASSERT_NE(temp, nullptr);
    EXPECT_EQ(temp->observed, "3.0 GiB (3,221,225,472 bytes) in 1,200 files — Windows temporary files");
    EXPECT_EQ(temp->expected, "") << "context for the person freeing space, not a rule";
    EXPECT_EQ(test::find_evidence(result, "Reclaimable: C:\\Users\\alice\\AppData\\Local\\Temp")->observed,
              "512.0 MiB (536,870,912 bytes) in 40 files — alice's temporary files");
    EXPECT_EQ(test::find_evidence(result, "Reclaimable: D:\\Users\\alice\\AppData\\Local\\Temp")->observed,
              "1.0 GiB (1,073,741,824 bytes) in 7 files — alice's temporary files; on D:, so removing it does not free space on C:");
    EXPECT_EQ(test::find_evidence(result, "Reclaimable: C:\\Windows\\SoftwareDistribution\\Download")->observed,
              "2.0 GiB (2,147,483,648 bytes) in 1 file — Windows Update download cache (Disk Cleanup removes it); 2 folders could "
              "not be read, so it may hold more");
    EXPECT_EQ(test::find_evidence(result, "Reclaimable: C:\\$Recycle.Bin")->observed, "0 bytes in 0 files — Recycle Bin of all users");
    EXPECT_EQ(test::find_evidence(result, "Reclaimable on C: (folders above)")->observed, "5.5 GiB (5,905,580,032 bytes) in 4 folders");
}

TEST(FreeSpaceCheck, ACancelledRunWalksNoReclaimableFolderButStillJudgesTheFreeSpace) {
    MemorySystem system;
    stage_free_space(system, 8 * kGiB);
    system.set_directory_usage("C:\\Windows\\Temp", usage(3 * kGiB, 1200));
    FreeSpaceCheck check;
    auto context = test::context_for(system);
    context.cancel.cancel();
    const auto result = check.run(context);
    EXPECT_EQ(result.status, Status::Failed) << "the free space was read before the walks";
    EXPECT_EQ(test::find_evidence(result, "Reclaimable: C:\\Windows\\Temp"), nullptr);
    EXPECT_EQ(test::find_evidence(result, "Reclaimable on C: (folders above)"), nullptr);
}

TEST(FreeSpaceCheck, SkipsReclaimableFoldersThatDoNotExist) {
    MemorySystem system;
    stage_free_space(system, 8 * kGiB);
    system.set_directory_usage("C:\\Windows\\Temp", usage(100, 2));
    FreeSpaceCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_NE(test::find_evidence(result, "Reclaimable: C:\\Windows\\Temp"), nullptr);
    EXPECT_EQ(test::find_evidence(result, "Reclaimable: C:\\$Recycle.Bin"), nullptr);
    EXPECT_EQ(test::find_evidence(result, "Reclaimable on C: (folders above)")->observed, "100 bytes in 1 folder");
}

TEST(FreeSpaceCheck, ReportsAFolderThatCannotBeMeasuredWithoutChangingTheVerdict) {
    MemorySystem system;
    stage_free_space(system, 8 * kGiB);
    system.fail_file("C:\\$Recycle.Bin", os::OsError{"FindFirstFileExW", 5, "Access is denied."});
    FreeSpaceCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed) << "the verdict comes from the free space alone";
    EXPECT_EQ(test::find_evidence(result, "Reclaimable: C:\\$Recycle.Bin")->observed,
              "could not be measured: FindFirstFileExW failed with error 5 (Access is denied.)");
    EXPECT_EQ(test::find_evidence(result, "Reclaimable on C: (folders above)"), nullptr) << "nothing was measured";
}

TEST(FreeSpaceCheck, DoesNotMeasureFoldersWhenThereIsEnoughSpace) {
    MemorySystem system;
    stage_free_space(system, 40 * kGiB);
    system.set_directory_usage("C:\\Windows\\Temp", usage(3 * kGiB, 1200));
    FreeSpaceCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, "Reclaimable: C:\\Windows\\Temp"), nullptr);
}

TEST(FreeSpaceCheck, ListsTheUsersTemporaryFoldersOnlyWhenAUserIsKnown) {
    const auto with_user = reclaimable_folders("CORP\\alice");
    ASSERT_EQ(with_user.size(), 5U);
    EXPECT_EQ(with_user[0].path, "C:\\Windows\\Temp");
    EXPECT_EQ(with_user[1].path, "C:\\Users\\alice\\AppData\\Local\\Temp");
    EXPECT_EQ(with_user[2].path, "D:\\Users\\alice\\AppData\\Local\\Temp");
    EXPECT_EQ(with_user[3].path, "C:\\Windows\\SoftwareDistribution\\Download");
    EXPECT_EQ(with_user[4].path, "C:\\$Recycle.Bin");
    EXPECT_EQ(reclaimable_folders("").size(), 3U);
}

TEST(FreeSpaceCheck, ErrorWhenFreeSpaceCannotBeRead) {
    MemorySystem system;
    system.fail_space("C:\\", os::OsError{"GetDiskFreeSpaceExW", 21, "The device is not ready."});
    FreeSpaceCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_NE(result.summary.find("GetDiskFreeSpaceExW failed with error 21"), std::string::npos) << result.summary;
}

TEST(FreeSpaceCheck, PassRuleIsStrictlyMoreThanTheThreshold) {
    struct Case {
        std::uint64_t free;
        bool enough;
    };
    for (const Case c : {Case{0, false}, Case{12 * kGiB - 1, false}, Case{12 * kGiB, false}, Case{12 * kGiB + 1, true},
                         Case{500 * kGiB, true}}) {
        EXPECT_EQ(has_enough_free_space(c.free), c.enough) << c.free;
    }
}

TEST(FreeSpaceCheck, DescribesItselfForTheCatalogue) {
    const auto info = FreeSpaceCheck::describe();
    EXPECT_EQ(info.id, "free-space");
    EXPECT_EQ(info.aws_error_code, "InsufficientDiskSpace");
    EXPECT_EQ(info.fix, FixKind::None);
    EXPECT_TRUE(info.applies_to(os::OsFamily::Windows));
    EXPECT_FALSE(info.applies_to(os::OsFamily::Linux));
}

}  // namespace
}  // namespace ic::checks
