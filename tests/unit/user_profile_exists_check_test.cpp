#include <gtest/gtest.h>

#include "test_support.h"
#include "windows/profile_list.h"
#include "windows/user_profile_exists_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::RegistryValue;
constexpr auto HKLM = os::RegistryHive::LocalMachine;
const std::string kUser = "CORP\\alice";
const std::string kSid = "S-1-5-21-1-2-3-1105";
const std::string kRegistered = std::string("Registered profile (HKLM\\") + kProfileListKey + ")";

void stage_profile(MemorySystem& system, const std::string& sid, const std::string& path) {
    system.set_value(HKLM, std::string(kProfileListKey) + "\\" + sid, kProfileImagePathValue, RegistryValue::expand_string(path));
}
void stage_builtin_profiles(MemorySystem& system) {
    stage_profile(system, "S-1-5-18", "%systemroot%\\system32\\config\\systemprofile");
    stage_profile(system, "S-1-5-19", "%systemroot%\\ServiceProfiles\\LocalService");
    stage_profile(system, "S-1-5-20", "%systemroot%\\ServiceProfiles\\NetworkService");
}
void stage_healthy(MemorySystem& system) {
    system.add_account(kUser, kSid);
    stage_builtin_profiles(system);
    stage_profile(system, kSid, "D:\\Users\\alice");
    system.add_directory("D:\\Users\\alice");
}

TEST(UserProfileExistsCheck, PassesWhenTheProfileIsRegisteredForTheUserAndPresent) {
    MemorySystem system;
    stage_healthy(system);
    UserProfileExistsCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "alice's profile is registered and present at D:\\Users\\alice");
    EXPECT_EQ(test::find_evidence(result, "Account SID")->observed, kSid);
    EXPECT_EQ(test::find_evidence(result, kRegistered)->observed, kSid + ": D:\\Users\\alice");
    EXPECT_EQ(test::find_evidence(result, "Profile folder D:\\Users\\alice")->observed, "exists");
}

TEST(UserProfileExistsCheck, PassesWhenTheRegisteredPathUsesVariables) {
    MemorySystem system;
    system.set_environment("SystemDrive", "D:");
    system.add_account(kUser, kSid);
    stage_profile(system, kSid, "%SystemDrive%\\Users\\alice\\");
    system.add_directory("D:\\Users\\alice");
    UserProfileExistsCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, kRegistered)->observed, kSid + ": %SystemDrive%\\Users\\alice\\ (= D:\\Users\\alice\\)");
}

TEST(UserProfileExistsCheck, PassesByPathWhenTheSidCannotBeResolved) {
    MemorySystem system;
    stage_healthy(system);
    system.fail_host("account_sid", os::OsError{"LookupAccountNameW", 1789, "The trust relationship failed."});
    UserProfileExistsCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, kRegistered)->observed, kSid + ": D:\\Users\\alice (matched by path)");
    EXPECT_EQ(test::find_evidence(result, "Account SID")->observed,
              "could not be resolved: LookupAccountNameW failed with error 1789 (The trust relationship failed.)");
}

TEST(UserProfileExistsCheck, FailsWhenTheFolderIsMissing) {
    MemorySystem system;
    system.add_account(kUser, kSid);
    stage_profile(system, kSid, "D:\\Users\\alice");
    UserProfileExistsCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "D:\\Users\\alice does not exist; AWS Support must repair the profile");
    EXPECT_EQ(test::find_evidence(result, "Profile folder D:\\Users\\alice")->observed, "missing");
    EXPECT_FALSE(result.fix.has_value());
}

TEST(UserProfileExistsCheck, FailsWhenTheProfileIsRegisteredOnDriveC) {
    MemorySystem system;
    system.add_account(kUser, kSid);
    stage_profile(system, kSid, "C:\\Users\\alice");
    system.add_directory("C:\\Users\\alice");
    UserProfileExistsCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary,
              "alice's profile is registered at C:\\Users\\alice, not D:\\Users\\alice; D:\\Users\\alice does not exist; AWS Support must "
              "repair the profile");
}

TEST(UserProfileExistsCheck, FailsWhenNoProfileIsRegisteredForTheUser) {
    MemorySystem system;
    system.add_account(kUser, kSid);
    stage_builtin_profiles(system);
    system.add_directory("D:\\Users\\alice");
    UserProfileExistsCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "Windows has no profile registered for alice (" + kSid + "); AWS Support must repair the profile");
}

TEST(UserProfileExistsCheck, FailsWhenTheFolderBelongsToAnotherAccount) {
    MemorySystem system;
    system.add_account(kUser, kSid);
    stage_profile(system, "S-1-5-21-1-2-3-1999", "D:\\Users\\alice");
    system.add_directory("D:\\Users\\alice");
    UserProfileExistsCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "D:\\Users\\alice is registered to S-1-5-21-1-2-3-1999, not to alice's account (" + kSid +
                                  "); AWS Support must repair the profile");
}

TEST(UserProfileExistsCheck, FailsWhenTheUsersRecordNamesNoFolder) {
    MemorySystem system;
    system.add_account(kUser, kSid);
    system.add_key(HKLM, std::string(kProfileListKey) + "\\" + kSid);
    system.add_directory("D:\\Users\\alice");
    UserProfileExistsCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "alice's profile record (" + kSid + ") names no folder; AWS Support must repair the profile");
    EXPECT_EQ(test::find_evidence(result, kRegistered)->observed, kSid + ": no ProfileImagePath");
}

TEST(UserProfileExistsCheck, ReportsABackupRecordOfTheUsersProfile) {
    MemorySystem system;
    stage_healthy(system);
    stage_profile(system, kSid + ".bak", "D:\\Users\\alice");
    UserProfileExistsCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Passed);
    ASSERT_NE(test::find_evidence(result, "Backup record " + kSid + ".bak"), nullptr);
}

TEST(UserProfileExistsCheck, AnErrorWhenNoUserIsKnown) {
    MemorySystem system;
    UserProfileExistsCheck check;
    const auto result = test::run_check(check, system, "");
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "no WorkSpace user is known (name one with --user)");
}

TEST(UserProfileExistsCheck, ErrorWhenTheProfileListCannotBeRead) {
    MemorySystem system;
    system.add_account(kUser, kSid);
    system.fail_registry(HKLM, kProfileListKey, test::access_denied());
    UserProfileExistsCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "could not list the registered profiles: RegOpenKeyExW failed with error 5 (Access is denied.)");
}

TEST(UserProfileExistsCheck, ErrorWhenTheFolderCannotBeLookedAt) {
    MemorySystem system;
    stage_healthy(system);
    system.fail_file("D:\\Users\\alice", os::OsError{"GetFileAttributesExW", 21, "The device is not ready."});
    UserProfileExistsCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "could not read D:\\Users\\alice: GetFileAttributesExW failed with error 21 (The device is not ready.)");
}

TEST(UserProfileExistsCheck, ErrorWhenNeitherSidNorRecordsCanBeRead) {
    MemorySystem system;
    stage_healthy(system);
    system.fail_host("account_sid", os::OsError{"LookupAccountNameW", 1789, "The trust relationship failed."});
    system.fail_registry(HKLM, std::string(kProfileListKey) + "\\" + kSid, test::access_denied());
    UserProfileExistsCheck check;
    EXPECT_EQ(test::run_check(check, system, kUser).status, Status::Error);
}

TEST(UserProfileExistsCheck, DescribesItselfForTheCatalogue) {
    const auto info = UserProfileExistsCheck::describe();
    EXPECT_EQ(info.id, "user-profile-exists");
    EXPECT_EQ(info.aws_error_code, "UserProfileMissing");
    EXPECT_EQ(info.fix, FixKind::None);
}

}  // namespace
}  // namespace ic::checks
