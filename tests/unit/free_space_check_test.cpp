#include <gtest/gtest.h>

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
