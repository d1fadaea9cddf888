#include <gtest/gtest.h>

#include "fix_round_trip.h"
#include "imagechecker/format.h"
#include "test_support.h"
#include "windows/profile_size_check.h"

namespace ic::checks {
namespace {

using os::DirectoryUsage;
using os::MemorySystem;
constexpr std::uint64_t kGiB = 1024ULL * 1024 * 1024;
const std::string kProfile = "D:\\Users\\alice";

DirectoryUsage usage(std::uint64_t total, std::uint64_t unreadable = 0) {
    DirectoryUsage u;
    u.total_bytes = total;
    u.files = 1234;
    u.folders = 56;
    u.reparse_points_skipped = 3;
    u.unreadable_folders = unreadable;
    for (std::uint64_t i = 0; i < unreadable && i < 2; ++i)
        u.unreadable_examples.push_back(kProfile + "\\Locked" + std::to_string(i) + " (error 5)");
    u.largest_folders = {{kProfile + "\\Videos", total / 2, 10}, {kProfile + "\\AppData", total / 4, 1000}};
    return u;
}

TEST(ProfileSizeCheck, PassesUnderTheLimitAndListsTheLargestFolders) {
    MemorySystem system;
    system.set_directory_usage(kProfile, usage(2 * kGiB));
    ProfileSizeCheck check;
    const auto result = test::run_check(check, system, "CORP\\alice");
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "D:\\Users\\alice holds 2.0 GiB of files; the limit is 10.0 GiB");
    const auto* total = test::find_evidence(result, "Total size of files");
    ASSERT_NE(total, nullptr);
    EXPECT_EQ(total->observed, "2.0 GiB (2,147,483,648 bytes)");
    EXPECT_EQ(total->expected, "less than 10.0 GiB (10,737,418,240 bytes)");
    EXPECT_EQ(test::find_evidence(result, "Folder D:\\Users\\alice\\Videos")->observed, "1.0 GiB (1,073,741,824 bytes) in 10 files");
    EXPECT_EQ(test::find_evidence(result, "Files and folders")->observed, "1,234 files in 56 folders");
    EXPECT_EQ(test::find_evidence(result, "Reparse points skipped")->observed, "3 (junctions, symbolic links and mount points are not followed)");
    EXPECT_EQ(test::find_evidence(result, "Unreadable folders")->observed, "0");
}

TEST(ProfileSizeCheck, ChecksOnWindows10TooUnlikeAwsOwnChecker) {
    MemorySystem system;  // the default machine is Windows 10
    system.set_directory_usage(kProfile, usage(11 * kGiB));
    ProfileSizeCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Failed);
}

TEST(ProfileSizeCheck, FailsAtExactly10GiBBecauseLessThanIsRequired) {
    MemorySystem system;
    system.set_directory_usage(kProfile, usage(ProfileSizeCheck::kLimitBytes));
    ProfileSizeCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "D:\\Users\\alice holds 10.0 GiB of files; image creation needs less than 10.0 GiB");
    EXPECT_EQ(test::find_evidence(result, "Still to remove")->observed, "at least 1 byte");
    EXPECT_FALSE(result.fix.has_value());
}

TEST(ProfileSizeCheck, FailsOverTheLimitEvenWhenSomeFoldersCouldNotBeRead) {
    MemorySystem system;
    system.set_directory_usage(kProfile, usage(12 * kGiB, 2));
    ProfileSizeCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed) << "the real size is only larger";
    EXPECT_EQ(result.summary, "D:\\Users\\alice holds at least 12.0 GiB of files; image creation needs less than 10.0 GiB");
    EXPECT_EQ(test::find_evidence(result, "Total size of files")->observed, "at least 12.0 GiB (12,884,901,888 bytes)");
}

TEST(ProfileSizeCheck, ErrorWhenUnderTheLimitButFoldersCouldNotBeRead) {
    MemorySystem system;
    system.set_directory_usage(kProfile, usage(3 * kGiB, 2));
    ProfileSizeCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error) << "a lower bound under the limit is not a pass";
    EXPECT_EQ(result.summary,
              "D:\\Users\\alice holds at least 3.0 GiB of files, but 2 folders could not be read, so the size may reach the 10.0 GiB limit");
    EXPECT_EQ(test::find_evidence(result, "Unreadable folders")->observed, "2");
    EXPECT_EQ(test::find_evidence(result, "Unreadable folder")->observed, "D:\\Users\\alice\\Locked0 (error 5)");
}

TEST(ProfileSizeCheck, ErrorWhenTheProfileCannotBeWalked) {
    MemorySystem system;
    system.fail_file(kProfile, os::OsError{"FindFirstFileExW", 5, "Access is denied."});
    ProfileSizeCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "could not measure D:\\Users\\alice: FindFirstFileExW failed with error 5 (Access is denied.)");
}

TEST(ProfileSizeCheck, SkippedWhenTheProfileDoesNotExist) {
    MemorySystem system;
    ProfileSizeCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Skipped);
    EXPECT_EQ(result.summary,
              "D:\\Users\\alice does not exist, so there is nothing to measure (user-profile-exists reports the missing profile)");
}

TEST(ProfileSizeCheck, AnErrorWhenNoUserIsKnown) {
    MemorySystem system;
    ProfileSizeCheck check;
    EXPECT_EQ(test::run_check(check, system, "").status, Status::Error);
}

TEST(ProfileSizeCheck, DecisionTable) {
    using V = ProfileSizeVerdict;
    const std::uint64_t limit = ProfileSizeCheck::kLimitBytes;
    struct Case {
        std::uint64_t total, unreadable;
        V verdict;
    };
    for (const Case c : {Case{0, 0, V::UnderLimit}, Case{limit - 1, 0, V::UnderLimit}, Case{limit, 0, V::OverLimit},
                         Case{limit + 1, 0, V::OverLimit}, Case{limit - 1, 1, V::UnknownWithUnreadableFolders},
                         Case{limit, 7, V::OverLimit}}) {
        EXPECT_EQ(decide_profile_size(c.total, c.unreadable), c.verdict) << c.total << " " << c.unreadable;
    }
}

TEST(ProfileSizeCheck, DescribesItselfForTheCatalogue) {
    const auto info = ProfileSizeCheck::describe();
    EXPECT_EQ(info.id, "profile-size");
    EXPECT_EQ(info.aws_error_code, "");
    EXPECT_EQ(info.fix, FixKind::None);
}

// ---- OneDrive and other cloud files (issue 8) ----

TEST(ProfileSizeCheck, CloudPlaceholdersTable) {
    struct Case {
        const char* name;
        std::uint64_t total;
        std::uint64_t placeholder_files;
        std::uint64_t placeholder_bytes;
        Status expected;
    };
    const std::vector<Case> cases{
        // 15 GiB of which 14 GiB are OneDrive placeholders: the logical size counts, so it fails.
        {"mostly placeholders over the limit", 15 * kGiB, 4000, 14 * kGiB, Status::Failed},
        {"placeholders under the limit", 6 * kGiB, 10, 5 * kGiB, Status::Passed},
        {"no placeholders", 2 * kGiB, 0, 0, Status::Passed},
    };
    for (const auto& c : cases) {
        MemorySystem system;
        DirectoryUsage u = usage(c.total);
        u.placeholder_files = c.placeholder_files;
        u.placeholder_bytes = c.placeholder_bytes;
        u.reparse_folders_walked = c.placeholder_files > 0 ? 2 : 0;
        system.set_directory_usage(kProfile, u);
        ProfileSizeCheck check;
        const auto result = test::run_check(check, system);
        EXPECT_EQ(result.status, c.expected) << c.name;
        const auto* cloud = test::find_evidence(result, "Files whose data is not on this disk");
        const auto* local = test::find_evidence(result, "Bytes on this disk");
        const auto* rule = test::find_evidence(result, "Size the rule uses");
        if (c.placeholder_files == 0) {
            EXPECT_EQ(cloud, nullptr) << c.name;
            EXPECT_EQ(local, nullptr) << c.name;
            continue;
        }
        ASSERT_NE(cloud, nullptr) << c.name;
        ASSERT_NE(local, nullptr) << c.name;
        ASSERT_NE(rule, nullptr) << c.name;
        EXPECT_NE(cloud->observed.find(bytes_with_exact(c.placeholder_bytes)), std::string::npos) << cloud->observed;
        EXPECT_EQ(local->observed.rfind(bytes_with_exact(c.total - c.placeholder_bytes), 0), 0U) << local->observed;
        EXPECT_EQ(rule->observed.rfind("the logical size, placeholders included", 0), 0U);
        EXPECT_EQ(test::find_evidence(result, "Cloud and deduplicated folders walked")->observed, "2");
    }
}

TEST(ProfileSizeCheck, ACancelledRunStopsTheWalkAndReportsNoSize) {
    MemorySystem system;
    system.set_directory_usage(kProfile, usage(2 * kGiB));
    ProfileSizeCheck check;
    auto context = test::context_for(system);
    context.cancel.cancel();
    const auto result = check.run(context);
    EXPECT_EQ(result.status, Status::Error) << "a walk that was stopped measured nothing";
    EXPECT_NE(result.summary.find("cancelled"), std::string::npos) << result.summary;
    EXPECT_EQ(test::find_evidence(result, "Total size of files"), nullptr);
}

}  // namespace
}  // namespace ic::checks
