// HostProbe and the native System factory against the running system (Wine reports itself as
// Windows 7, build 7601, with the Unix user as a member of Administrators).

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "imagechecker/os/system.h"
#include "test_support.h"
#include "win32_util.h"

namespace ic::os::win32 {
namespace {

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

TEST_F(HostProbeTest, CurrentUserIsQualifiedWithItsDomain) {
    const auto user = host().current_user();
    ASSERT_TRUE(succeeded(user));
    EXPECT_NE(user.value().find('\\'), std::string::npos) << user.value();
}

TEST_F(HostProbeTest, InteractiveUserAnswersWithTheConsoleUser) {
    const auto user = host().interactive_user();
    ASSERT_TRUE(succeeded(user));
    if (testing::running_under_wine()) {
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
    if (testing::running_under_wine()) {
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

}  // namespace
}  // namespace ic::os::win32
