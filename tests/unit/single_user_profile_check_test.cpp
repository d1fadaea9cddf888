#include <gtest/gtest.h>

#include "test_support.h"
#include "windows/profile_list.h"
#include "windows/single_user_profile_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::RegistryValue;
constexpr auto HKLM = os::RegistryHive::LocalMachine;
const std::string kUser = "CORP\\alice";
const std::string kSid = "S-1-5-21-1-2-3-1105";
const std::string kAdminSid = "S-1-5-21-9-8-7-500";

void stage_profile(MemorySystem& system, const std::string& sid, const std::string& path) {
    system.set_value(HKLM, std::string(kProfileListKey) + "\\" + sid, kProfileImagePathValue, RegistryValue::expand_string(path));
}
void stage_allowed(MemorySystem& system) {
    system.set_environment("SystemDrive", "C:");
    system.add_account(kUser, kSid);
    stage_profile(system, "S-1-5-18", "%systemroot%\\system32\\config\\systemprofile");
    stage_profile(system, "S-1-5-19", "%systemroot%\\ServiceProfiles\\LocalService");
    stage_profile(system, "S-1-5-20", "%systemroot%\\ServiceProfiles\\NetworkService");
    stage_profile(system, kAdminSid, "%SystemDrive%\\Users\\Administrator");
    stage_profile(system, kSid, "D:\\Users\\alice");
}

TEST(SingleUserProfileCheck, PassesWithOnlyTheUserAdministratorAndServiceProfiles) {
    MemorySystem system;
    stage_allowed(system);
    SingleUserProfileCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "no profiles other than alice's and Administrator's (5 records)");
    EXPECT_EQ(test::find_evidence(result, "Profile " + kSid)->observed, "D:\\Users\\alice: the WorkSpace user (allowed)");
    EXPECT_EQ(test::find_evidence(result, "Profile " + kAdminSid)->observed,
              "%SystemDrive%\\Users\\Administrator (= C:\\Users\\Administrator): Administrator (allowed)");
    EXPECT_EQ(test::find_evidence(result, "Profile S-1-5-18")->observed,
              "%systemroot%\\system32\\config\\systemprofile (= C:\\Windows\\system32\\config\\systemprofile): built-in service account "
              "(ignored)");
}

TEST(SingleUserProfileCheck, FailsListingEveryExtraProfileWithItsSidAndFolder) {
    MemorySystem system;
    stage_allowed(system);
    stage_profile(system, "S-1-5-21-1-2-3-1200", "C:\\Users\\bob");
    stage_profile(system, "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415", "C:\\Users\\DefaultAppPool");
    const auto writes_before = system.writes();
    SingleUserProfileCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "2 profiles of other accounts must be deleted by a person: C:\\Users\\bob, C:\\Users\\DefaultAppPool");
    EXPECT_FALSE(result.fix.has_value()) << "the tool never deletes user data";
    const auto* bob = test::find_evidence(result, "Extra profile S-1-5-21-1-2-3-1200");
    ASSERT_NE(bob, nullptr);
    EXPECT_EQ(bob->observed, "C:\\Users\\bob (local or domain account)");
    EXPECT_EQ(bob->expected, "absent");
    EXPECT_EQ(test::find_evidence(result, "Extra profile S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415")->observed,
              "C:\\Users\\DefaultAppPool (IIS application pool)");
    EXPECT_EQ(system.writes(), writes_before);
}

TEST(SingleUserProfileCheck, AnotherAccountAtTheUsersPathIsStillExtra) {
    MemorySystem system;
    stage_allowed(system);
    stage_profile(system, "S-1-5-21-1-2-3-1999", "D:\\Users\\alice.CORP");
    SingleUserProfileCheck check;
    EXPECT_EQ(test::run_check(check, system, kUser).status, Status::Failed);
}

TEST(SingleUserProfileCheck, IgnoresBackupRecords) {
    MemorySystem system;
    stage_allowed(system);
    stage_profile(system, kSid + ".bak", "D:\\Users\\alice");
    SingleUserProfileCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, "Profile " + kSid + ".bak")->observed, "D:\\Users\\alice: backup copy of a profile record (ignored)");
}

TEST(SingleUserProfileCheck, RecognisesTheUserByPathWhenTheSidCannotBeResolved) {
    MemorySystem system;
    stage_allowed(system);
    system.fail_host("account_sid", os::OsError{"LookupAccountNameW", 1789, "The trust relationship failed."});
    SingleUserProfileCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, "Profile " + kSid)->observed, "D:\\Users\\alice: the WorkSpace user (allowed)");
}

TEST(SingleUserProfileCheck, AnErrorWhenNoUserIsKnown) {
    MemorySystem system;
    SingleUserProfileCheck check;
    EXPECT_EQ(test::run_check(check, system, "").status, Status::Error);
}

TEST(SingleUserProfileCheck, ErrorWhenTheProfileListCannotBeRead) {
    MemorySystem system;
    system.fail_registry(HKLM, kProfileListKey, test::access_denied());
    SingleUserProfileCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "could not list the registered profiles: RegOpenKeyExW failed with error 5 (Access is denied.)");
}

TEST(SingleUserProfileCheck, ErrorWhenAnUnknownRecordCannotBeRead) {
    MemorySystem system;
    stage_allowed(system);
    stage_profile(system, "S-1-5-21-1-2-3-1200", "C:\\Users\\bob");
    system.fail_registry(HKLM, std::string(kProfileListKey) + "\\S-1-5-21-1-2-3-1200", test::access_denied("RegQueryValueExW"));
    SingleUserProfileCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Error) << "an unreadable record might be another account's";
    EXPECT_EQ(result.summary,
              "could not read the profile path of S-1-5-21-1-2-3-1200: RegQueryValueExW failed with error 5 (Access is denied.)");
}

TEST(SingleUserProfileCheck, AnUnreadableRecordOfAKnownAccountDoesNotMatter) {
    MemorySystem system;
    stage_allowed(system);
    system.fail_registry(HKLM, std::string(kProfileListKey) + "\\" + kAdminSid, test::access_denied("RegQueryValueExW"));
    SingleUserProfileCheck check;
    EXPECT_EQ(test::run_check(check, system, kUser).status, Status::Passed);
}

// ---- Pure rules (profile_list.h) ----

TEST(SingleUserProfileCheck, ClassifiesProfileRecords) {
    using R = ProfileRole;
    const std::optional<std::string> sid = kSid;
    const std::optional<std::string> unknown;
    const std::string expected = "D:\\Users\\alice";
    struct Case {
        std::string sid, path;
        std::optional<std::string> user_sid;
        R role;
    };
    const Case cases[] = {
        {"S-1-5-18", "C:\\Windows\\system32\\config\\systemprofile", sid, R::BuiltinService},
        {"S-1-5-19", "", sid, R::BuiltinService},
        {"S-1-5-20", "", unknown, R::BuiltinService},
        {kSid, "C:\\Users\\alice", sid, R::WorkSpaceUser},  // the SID decides; user-profile-exists judges the path
        {"S-1-5-21-1-2-3-1999", "D:\\Users\\alice", sid, R::Extra},
        {"S-1-5-21-1-2-3-1999", "d:\\users\\ALICE\\", unknown, R::WorkSpaceUser},
        {kAdminSid, "C:\\Users\\Admin", sid, R::Administrator},
        {"S-1-5-21-1-2-3-1500", "C:\\Users\\Administrator", sid, R::Administrator},
        {"S-1-5-21-1-2-3-1500", "C:\\Users\\Administrator.CORP", sid, R::Extra},
        {"S-1-5-21-1-2-3-5000", "C:\\Users\\carol", sid, R::Extra},
        {kSid + ".bak", "D:\\Users\\alice", sid, R::Backup},
        {"S-1-5-80-1-2-3-4-5", "C:\\Windows\\ServiceProfiles\\MSSQL", sid, R::Extra},
    };
    for (const auto& c : cases) EXPECT_EQ(classify_profile(c.sid, c.path, c.user_sid, expected), c.role) << c.sid << " " << c.path;
}

TEST(SingleUserProfileCheck, SidAndPathHelpers) {
    EXPECT_TRUE(is_builtin_administrator_sid("S-1-5-21-1-2-3-500"));
    EXPECT_FALSE(is_builtin_administrator_sid("S-1-5-21-1-2-3-1500"));
    EXPECT_FALSE(is_builtin_administrator_sid("S-1-5-32-500"));
    EXPECT_TRUE(is_backup_profile_key("S-1-5-21-1-2-3-1001.bak"));
    EXPECT_TRUE(is_backup_profile_key("S-1-5-21-1-2-3-1001.BAK"));
    EXPECT_FALSE(is_backup_profile_key("S-1-5-21-1-2-3-1001"));
    EXPECT_FALSE(is_builtin_service_sid("S-1-5-21"));
    EXPECT_EQ(path_leaf("C:\\Users\\Administrator\\"), "Administrator");
    EXPECT_EQ(path_leaf("Administrator"), "Administrator");
    EXPECT_EQ(sid_kind("S-1-5-80-1"), "service account (NT SERVICE)");
    EXPECT_EQ(sid_kind("S-1-5-83-1"), "virtual machine account");
    EXPECT_EQ(sid_kind("S-1-12-1-1"), "other account");
}

TEST(SingleUserProfileCheck, DescribesItselfForTheCatalogue) {
    const auto info = SingleUserProfileCheck::describe();
    EXPECT_EQ(info.id, "single-user-profile");
    EXPECT_EQ(info.aws_error_code, "MultipleUserProfiles");
    EXPECT_EQ(info.fix, FixKind::None);
}

}  // namespace
}  // namespace ic::checks
