// The Linux probes against this machine's real file system and identity.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "imagechecker/os/system.h"
#include "os_release.h"

namespace ic::os {
namespace {

TEST(OsRelease, ReadsTheFieldsOsFactsNeedInAnyQuotingAndLineEnding) {
    const auto facts = parse_os_release("NAME=\"Amazon Linux\"\r\nVERSION_ID='2'\r\nPRETTY_NAME=\"Amazon Linux 2\"\r\n"
                                        "# VARIANT_ID=old\nVARIANT_ID=workspaces\nno equals sign\n");
    EXPECT_EQ(facts.family, OsFamily::Linux);
    EXPECT_EQ(facts.product_name, "Amazon Linux 2");
    EXPECT_EQ(facts.version, "2");
    EXPECT_EQ(facts.edition, "workspaces");
    EXPECT_EQ(parse_os_release("").product_name, "");
}

TEST(LinuxSystem, ReportsRootVolumeSpace) {
    auto system = make_native_system();
    const auto space = system->volumes().space("/");
    ASSERT_TRUE(space.ok()) << space.error().describe();
    EXPECT_GT(space.value().total_bytes, 0U);
    EXPECT_LE(space.value().free_bytes, space.value().total_bytes);
    EXPECT_LE(space.value().free_bytes_to_caller, space.value().free_bytes);
}

TEST(LinuxSystem, SpaceOfAMissingPathIsAnErrorWithErrno) {
    const auto space = make_native_system()->volumes().space("/no/such/mount");
    ASSERT_FALSE(space.ok());
    EXPECT_EQ(space.error().api, "statvfs");
    EXPECT_NE(space.error().code, 0);
}

TEST(LinuxSystem, StatsFilesAndReportsMissingOnesAsAbsent) {
    const std::string path = "/tmp/ic-linux-test-" + std::to_string(::getpid());
    std::ofstream(path) << "12345";
    auto system = make_native_system();
    const auto found = system->files().stat(path).value();
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->size, 5U);
    EXPECT_FALSE(found->is_directory);
    EXPECT_TRUE(system->files().stat("/tmp").value()->is_directory);
    EXPECT_FALSE(system->files().stat(path + ".missing").value().has_value());
    std::remove(path.c_str());
}

TEST(LinuxSystem, IdentifiesLinuxAndTheMachine) {
    auto system = make_native_system();
    const auto os = system->host().os();
    ASSERT_TRUE(os.ok());
    EXPECT_EQ(os.value().family, OsFamily::Linux);
    EXPECT_FALSE(os.value().product_name.empty());
    EXPECT_FALSE(system->host().machine_name().value().empty());
    EXPECT_EQ(system->host().elevated().value(), ::geteuid() == 0);
    EXPECT_TRUE(system->volumes().drives().value().empty()) << "no drive letters on Linux";
}

TEST(LinuxSystem, WindowsOnlyProbesAnswerWithAnErrorNotAnEmptyPass) {
    auto system = make_native_system();
    EXPECT_FALSE(system->registry().key_exists(RegistryHive::LocalMachine, "SOFTWARE").ok());
    EXPECT_FALSE(system->services().list().ok());
}

TEST(LinuxSystem, ExpandsEnvironmentVariables) {
    ::setenv("IC_TEST_VAR", "value", 1);
    auto system = make_native_system();
    EXPECT_EQ(system->host().expand("a/$IC_TEST_VAR/${IC_TEST_VAR}/$IC_UNSET_VAR_X/b").value(), "a/value/value//b");
}

}  // namespace
}  // namespace ic::os

// ---- The profile walk stops when asked (issue 7) ----

namespace {

// A tree of `folders` folders holding `files_each` files of 3 bytes, under a fresh temporary folder.
std::string make_tree(int folders, int files_each) {
    char pattern[] = "/tmp/ic-walk-XXXXXX";
    const std::string root = ::mkdtemp(pattern);
    for (int f = 0; f < folders; ++f) {
        const std::string folder = root + "/d" + std::to_string(f);
        ::mkdir(folder.c_str(), 0700);
        for (int i = 0; i < files_each; ++i) std::ofstream(folder + "/f" + std::to_string(i)) << "abc";
    }
    return root;
}

}  // namespace

TEST(LinuxSystem, WalkCountsEverythingWhenNotStopped) {
    const std::string root = make_tree(5, 20);
    auto system = ic::os::make_native_system();
    std::size_t polls = 0;
    const auto usage = system->files().directory_usage(root, 10, 0, [&] { ++polls; return false; });
    ASSERT_TRUE(usage.ok());
    ASSERT_TRUE(usage.value().has_value());
    EXPECT_EQ(usage.value()->files, 100U);
    EXPECT_EQ(usage.value()->total_bytes, 300U);
    EXPECT_GE(polls, 105U) << "asked at least once per entry";
    std::filesystem::remove_all(root);
}

TEST(LinuxSystem, WalkStopsPromptlyWhenTheCheckIsCancelled) {
    const std::string root = make_tree(5, 20);
    auto system = ic::os::make_native_system();
    std::size_t polls = 0;
    // Cancelled after the tenth entry: the walk must not look at another one.
    const auto usage = system->files().directory_usage(root, 10, 0, [&] { return ++polls > 10; });
    ASSERT_FALSE(usage.ok()) << "a stopped walk is not a measurement";
    EXPECT_EQ(usage.error().code, ic::os::kWalkStoppedCode);
    EXPECT_EQ(polls, 11U) << "no entry is looked at after the stop";
    std::filesystem::remove_all(root);
}
