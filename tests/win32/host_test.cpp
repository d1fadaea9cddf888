// HostProbe and the native System factory against the running system (Wine reports itself as
// Windows 7, build 7601, with the Unix user as a member of Administrators). Under Wine the current user
// is "<MACHINE>\<unix user>" with SID S-1-5-21-0-0-0-1000, NetUserGetLocalGroups answers
// "Administrators" for it (bare, as on Windows), NetUserGetGroups is not implemented (error 124), and
// SendMessageTimeoutW(HWND_BROADCAST, ...) returns 1.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>
#include <utility>
#include <vector>

#include "imagechecker/os/system.h"
#include "test_support.h"
#include "win32_util.h"

namespace ic::os::win32 {
namespace {

using testing::running_under_wine;
using testing::succeeded;

class HostProbeTest : public ::testing::Test {
protected:
    HostProbe& host() { return system_->host(); }
    std::unique_ptr<System> system_ = make_native_system();
};

bool all_digits(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// ---- The system ----

TEST_F(HostProbeTest, NativeSystemSaysItIsLive) { EXPECT_EQ(system_->source(), "live"); }

TEST_F(HostProbeTest, OsIsWindowsWithProductVersionAndBuild) {
    const auto os = host().os();
    ASSERT_TRUE(succeeded(os));
    EXPECT_EQ(os.value().family, OsFamily::Windows);
    EXPECT_FALSE(os.value().product_name.empty());
    EXPECT_FALSE(os.value().version.empty());
    EXPECT_TRUE(all_digits(os.value().build)) << os.value().build;
    ::testing::Test::RecordProperty("os", os.value().product_name + " " + os.value().version + " build " +
                                              os.value().build + " edition '" + os.value().edition + "'");
}

TEST_F(HostProbeTest, OsBuildMatchesTheRegistry) {
    wchar_t build[64] = {};
    DWORD size = sizeof build;
    if (RegGetValueW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", L"CurrentBuildNumber",
                     RRF_RT_REG_SZ, nullptr, build, &size) != ERROR_SUCCESS) {
        GTEST_SKIP() << "no CurrentBuildNumber in the registry";
    }
    const auto os = host().os();
    ASSERT_TRUE(succeeded(os));
    EXPECT_EQ(os.value().build, to_utf8(build));
}

// ---- Names ----

TEST_F(HostProbeTest, MachineNameIsNotEmpty) {
    const auto name = host().machine_name();
    ASSERT_TRUE(succeeded(name));
    EXPECT_FALSE(name.value().empty());
}

TEST_F(HostProbeTest, NetbiosNameIsWhatGetComputerNameReportsAtMostFifteenCharacters) {
    const auto name = host().netbios_name();
    ASSERT_TRUE(succeeded(name));
    wchar_t expected[MAX_COMPUTERNAME_LENGTH + 1] = {};
    DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
    ASSERT_TRUE(GetComputerNameW(expected, &size)) << GetLastError();
    EXPECT_EQ(name.value(), to_utf8(expected));
    EXPECT_FALSE(name.value().empty());
    EXPECT_LE(name.value().size(), 15U);
}

TEST_F(HostProbeTest, CurrentUserIsQualifiedWithItsDomain) {
    const auto user = host().current_user();
    ASSERT_TRUE(succeeded(user));
    EXPECT_NE(user.value().find('\\'), std::string::npos) << user.value();
}

TEST_F(HostProbeTest, InteractiveUserAnswersWithTheConsoleUser) {
    const auto user = host().interactive_user();
    ASSERT_TRUE(succeeded(user));
    if (running_under_wine()) {
        // Wine's only session is the console session of the user running it.
        const auto current = host().current_user();
        ASSERT_TRUE(succeeded(current));
        EXPECT_EQ(user.value(), current.value());
    }
}

// ---- Rights ----

TEST_F(HostProbeTest, ElevatedAnswers) {
    const auto elevated = host().elevated();
    ASSERT_TRUE(succeeded(elevated));
    if (running_under_wine()) {
        EXPECT_TRUE(elevated.value()) << "Wine runs everything as an administrator";
    }
}

// ---- Environment ----

TEST_F(HostProbeTest, ExpandReplacesKnownVariablesAndKeepsUnknownOnes) {
    wchar_t root[MAX_PATH] = {};
    ASSERT_GT(GetEnvironmentVariableW(L"SystemRoot", root, MAX_PATH), 0U);
    const auto expanded = host().expand("%SystemRoot%\\System32;%IC_NO_SUCH_VARIABLE%");
    ASSERT_TRUE(succeeded(expanded));
    EXPECT_EQ(expanded.value(), to_utf8(root) + "\\System32;%IC_NO_SUCH_VARIABLE%");
}

TEST_F(HostProbeTest, ExpandReturnsNonAsciiValuesAsUtf8) {
    ASSERT_TRUE(SetEnvironmentVariableW(L"IC_TEST_GREETING", L"Grüße 日本"));
    const auto expanded = host().expand("<%IC_TEST_GREETING%>");
    SetEnvironmentVariableW(L"IC_TEST_GREETING", nullptr);
    ASSERT_TRUE(succeeded(expanded));
    EXPECT_EQ(expanded.value(), u8"<Grüße 日本>");
}

TEST_F(HostProbeTest, ExpandGrowsItsBufferForLongResults) {
    const std::wstring long_value(5000, L'v');
    ASSERT_TRUE(SetEnvironmentVariableW(L"IC_TEST_LONG", long_value.c_str()));
    const auto expanded = host().expand("%IC_TEST_LONG%%IC_TEST_LONG%");
    SetEnvironmentVariableW(L"IC_TEST_LONG", nullptr);
    ASSERT_TRUE(succeeded(expanded));
    EXPECT_EQ(expanded.value(), std::string(10000, 'v'));
}

// ---- Accounts ----

TEST_F(HostProbeTest, AccountSidOfTheCurrentUserIsAnNtAuthoritySid) {
    const auto user = host().current_user();
    ASSERT_TRUE(succeeded(user));
    const auto sid = host().account_sid(user.value());
    ASSERT_TRUE(succeeded(sid));
    ASSERT_TRUE(sid.value().has_value()) << user.value();
    EXPECT_EQ(sid.value()->rfind("S-1-5-", 0), 0U) << *sid.value();
    ::testing::Test::RecordProperty("current_user_sid", user.value() + " " + *sid.value());
}

TEST_F(HostProbeTest, AccountSidAcceptsTheBareNameAndTheServiceManagersDotForm) {
    const auto user = host().current_user();
    ASSERT_TRUE(succeeded(user));
    const std::size_t separator = user.value().find('\\');
    const std::string domain = user.value().substr(0, separator);
    const std::string bare = user.value().substr(separator + 1);
    const auto qualified = host().account_sid(user.value());
    ASSERT_TRUE(succeeded(qualified));
    ASSERT_TRUE(qualified.value().has_value());
    std::vector<std::string> forms{bare};
    // ".\user" names a local account, so it only fits when this user is one (always under Wine).
    wchar_t machine[MAX_COMPUTERNAME_LENGTH + 1] = {};
    DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
    if (GetComputerNameW(machine, &size) && _stricmp(to_utf8(machine).c_str(), domain.c_str()) == 0) {
        forms.push_back(".\\" + bare);
    }
    for (const std::string& form : forms) {
        SCOPED_TRACE(form);
        const auto sid = host().account_sid(form);
        ASSERT_TRUE(succeeded(sid));
        ASSERT_TRUE(sid.value().has_value());
        EXPECT_EQ(*sid.value(), *qualified.value());
    }
}

TEST_F(HostProbeTest, AccountSidOfWellKnownAccountsIsTheirFixedSid) {
    const std::pair<const char*, const char*> cases[] = {{"NT AUTHORITY\\SYSTEM", "S-1-5-18"},
                                                         {"NT AUTHORITY\\LocalService", "S-1-5-19"},
                                                         {"NT AUTHORITY\\NetworkService", "S-1-5-20"},
                                                         {"BUILTIN\\Administrators", "S-1-5-32-544"}};
    for (const auto& [account, expected] : cases) {
        SCOPED_TRACE(account);
        const auto sid = host().account_sid(account);
        ASSERT_TRUE(succeeded(sid));
        ASSERT_TRUE(sid.value().has_value());
        EXPECT_EQ(*sid.value(), expected);
    }
}

TEST_F(HostProbeTest, AccountSidOfAnUnknownAccountIsAbsentNotAnError) {
    for (const char* missing : {"ImageCheckerNoSuchUser", "ImageCheckerNoSuchDomain\\someone", ""}) {
        SCOPED_TRACE(missing);
        const auto sid = host().account_sid(missing);
        ASSERT_TRUE(succeeded(sid));
        EXPECT_FALSE(sid.value().has_value());
    }
}

TEST_F(HostProbeTest, AccountGroupsOfTheCurrentUserAreQualifiedNames) {
    const auto user = host().current_user();
    ASSERT_TRUE(succeeded(user));
    const auto groups = host().account_groups(user.value());
    ASSERT_TRUE(succeeded(groups));
    std::string listed;
    for (const std::string& group : groups.value()) listed += group + "; ";
    ::testing::Test::RecordProperty("current_user_groups", listed);
    std::cout << user.value() << " is in: " << listed << "\n";
    for (const std::string& group : groups.value()) EXPECT_NE(group.find('\\'), std::string::npos) << group;
    if (running_under_wine()) {
        EXPECT_NE(std::find(groups.value().begin(), groups.value().end(), "BUILTIN\\Administrators"), groups.value().end())
            << listed;
    }
}

TEST_F(HostProbeTest, AccountGroupsOfAnUnknownAccountIsAnErrorNotAnEmptyList) {
    const auto groups = host().account_groups("ImageCheckerNoSuchUser");
    ASSERT_FALSE(groups);
    EXPECT_EQ(groups.error().api, "LookupAccountNameW");
    EXPECT_EQ(groups.error().code, ERROR_NONE_MAPPED);
}

// ---- Telling programs ----

TEST_F(HostProbeTest, BroadcastEnvironmentChangeSucceeds) { EXPECT_TRUE(succeeded(host().broadcast_environment_change())); }

}  // namespace
}  // namespace ic::os::win32
