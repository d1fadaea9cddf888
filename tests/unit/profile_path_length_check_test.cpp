#include <gtest/gtest.h>

#include "test_support.h"
#include "windows/profile_path_length_check.h"

namespace ic::checks {
namespace {

using os::DirectoryUsage;
using os::MemorySystem;
const std::string kProfile = "D:\\Users\\alice";
const os::OsFacts kWindows7{os::OsFamily::Windows, "Windows 7 Enterprise", "6.1", "7601", "Enterprise"};

DirectoryUsage walked(std::uint64_t long_paths, std::uint64_t unreadable = 0) {
    DirectoryUsage u;
    u.files = 900;
    u.folders = 80;
    u.long_paths = long_paths;
    if (long_paths > 0) u.long_path_examples.push_back(kProfile + "\\" + std::string(250, 'x'));
    u.unreadable_folders = unreadable;
    if (unreadable > 0) u.unreadable_examples.push_back(kProfile + "\\Private (error 5)");
    return u;
}

TEST(ProfilePathLengthCheck, SkippedOnWindows10) {
    MemorySystem system;
    ProfilePathLengthCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Skipped);
    EXPECT_EQ(result.summary, "only Windows 7 copies the user's profile into the image; this is Windows 10 Enterprise");
}

TEST(ProfilePathLengthCheck, PassesOnWindows7WithShortPaths) {
    MemorySystem system;
    system.set_os(kWindows7);
    system.set_directory_usage(kProfile, walked(0));
    ProfilePathLengthCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "every path in D:\\Users\\alice is shorter than 261 characters (900 files, 80 folders)");
    EXPECT_EQ(test::find_evidence(result, "Paths of 261 characters or more")->observed, "0");
}

TEST(ProfilePathLengthCheck, FailsOnWindows7WithALongPathAndShowsIt) {
    MemorySystem system;
    system.set_os(kWindows7);
    system.set_directory_usage(kProfile, walked(3));
    ProfilePathLengthCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "3 paths in D:\\Users\\alice are 261 characters or longer");
    EXPECT_EQ(test::find_evidence(result, "Paths of 261 characters or more")->observed, "3");
    EXPECT_EQ(test::find_evidence(result, "Long path")->observed, kProfile + "\\" + std::string(250, 'x') + " (265 characters)");
    EXPECT_FALSE(result.fix.has_value());
}

TEST(ProfilePathLengthCheck, CountsCharactersNotBytes) {
    MemorySystem system;
    system.set_os(kWindows7);
    DirectoryUsage u = walked(1);
    u.long_path_examples = {kProfile + "\\\xC3\xA9\xF0\x9F\x98\x80"};  // é (1 unit) and an emoji (2 units)
    system.set_directory_usage(kProfile, u);
    ProfilePathLengthCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(test::find_evidence(result, "Long path")->observed, u.long_path_examples[0] + " (18 characters)");
}

TEST(ProfilePathLengthCheck, FailsWhenALongPathIsFoundEvenIfFoldersCouldNotBeRead) {
    MemorySystem system;
    system.set_os(kWindows7);
    system.set_directory_usage(kProfile, walked(1, 2));
    ProfilePathLengthCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Failed);
}

TEST(ProfilePathLengthCheck, ErrorWhenNoLongPathIsFoundButFoldersCouldNotBeRead) {
    MemorySystem system;
    system.set_os(kWindows7);
    system.set_directory_usage(kProfile, walked(0, 2));
    ProfilePathLengthCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "no long path found, but 2 folders in D:\\Users\\alice could not be read");
    EXPECT_EQ(test::find_evidence(result, "Unreadable folder")->observed, "D:\\Users\\alice\\Private (error 5)");
}

TEST(ProfilePathLengthCheck, ErrorWhenTheProfileCannotBeWalked) {
    MemorySystem system;
    system.set_os(kWindows7);
    system.fail_file(kProfile, os::OsError{"FindFirstFileExW", 5, "Access is denied."});
    ProfilePathLengthCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "could not walk D:\\Users\\alice: FindFirstFileExW failed with error 5 (Access is denied.)");
}

TEST(ProfilePathLengthCheck, SkippedOnWindows7WhenTheProfileIsMissingAndAnErrorWhenNoUserIsKnown) {
    MemorySystem system;
    system.set_os(kWindows7);
    ProfilePathLengthCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Skipped);
    EXPECT_EQ(test::run_check(check, system, "").status, Status::Error);
}

TEST(ProfilePathLengthCheck, DescribesItselfForTheCatalogue) {
    const auto info = ProfilePathLengthCheck::describe();
    EXPECT_EQ(info.id, "profile-path-length");
    EXPECT_EQ(info.aws_error_code, "");
    EXPECT_EQ(info.fix, FixKind::None);
    EXPECT_EQ(ProfilePathLengthCheck::kLongPathThreshold, 261U);
}

}  // namespace
}  // namespace ic::checks
