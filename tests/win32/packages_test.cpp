// PackageProbe::remove_appx and the process runner behind it. Detection never starts PowerShell; this
// fix is the one place that does. Wine 8 ships powershell.exe as a stub that runs nothing and exits
// with 0, so under Wine a well-formed name "succeeds"; the refusals are the same everywhere.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "imagechecker/os/system.h"
#include "test_support.h"
#include "win32_util.h"

namespace ic::os::win32 {
namespace {

using testing::running_under_wine;
using testing::succeeded;

class PackageProbeTest : public ::testing::Test {
protected:
    PackageProbe& packages() { return system_->packages(); }
    std::unique_ptr<System> system_ = make_native_system();
};

std::wstring system_program(const wchar_t* name) {
    wchar_t folder[MAX_PATH] = {};
    const UINT length = GetSystemDirectoryW(folder, MAX_PATH);
    return std::wstring(folder, length) + L"\\" + name;
}

// ---- remove_appx ----

TEST_F(PackageProbeTest, NamesOutsideThePackageAlphabetAreRefusedWithoutRunningAnything) {
    const char* const refused[] = {
        "",
        "Contoso.App_1.0.0.0_x64__abc' -AllUsers; Remove-Item C:\\ -Recurse; '",
        "Contoso.App\"_1.0.0.0_x64__abc",
        "Contoso App_1.0.0.0_x64__abc",
        "Contoso.App_$(Get-Date)",
        "Contoso.App_1.0`n",
        "Contoso.App;calc",
        "Contoso.App|calc",
        "Contoso.App&calc",
        u8"Contoso.Äpp_1.0.0.0_x64__abc",
        "Contoso.App\\..\\x",
    };
    for (const char* name : refused) {
        SCOPED_TRACE(name);
        const auto removed = packages().remove_appx(name);
        ASSERT_FALSE(removed);
        EXPECT_EQ(removed.error().api, "Remove-AppxPackage");
        EXPECT_EQ(removed.error().code, ERROR_INVALID_PARAMETER);
        EXPECT_EQ(removed.error().message.rfind("not run:", 0), 0U) << removed.error().message;
    }
}

TEST_F(PackageProbeTest, WellFormedNameOfAMissingPackageReachesPowerShell) {
    // A bundle-style name with "~"; no package has it, so on Windows Remove-AppxPackage fails.
    const auto removed = packages().remove_appx("ImageChecker.NoSuchPackage_1.0.0.0_neutral_~_0000000000000");
    if (running_under_wine()) {
        EXPECT_TRUE(succeeded(removed)) << "Wine's powershell.exe is a stub that exits with 0";
        return;
    }
    ASSERT_FALSE(removed);
    EXPECT_EQ(removed.error().api, "Remove-AppxPackage");
    EXPECT_NE(removed.error().code, 0);
    ::testing::Test::RecordProperty("powershell_error", removed.error().message);
}

// ---- The process runner ----

TEST(HiddenProcess, ExitCodeAndBothOutputStreamsAreCaptured) {
    const std::wstring cmd = system_program(L"cmd.exe");
    const auto ran = run_hidden_process(cmd, L"\"" + cmd + L"\" /c \"echo to-stdout& echo to-stderr 1>&2& exit /b 3\"", 30000);
    ASSERT_TRUE(succeeded(ran));
    EXPECT_EQ(ran.value().exit_code, 3U);
    EXPECT_FALSE(ran.value().timed_out);
    EXPECT_NE(ran.value().output.find("to-stdout"), std::string::npos) << ran.value().output;
    EXPECT_NE(ran.value().output.find("to-stderr"), std::string::npos) << ran.value().output;
}

TEST(HiddenProcess, StandardInputIsClosedSoQuestionsDoNotWait) {
    const std::wstring cmd = system_program(L"cmd.exe");
    const auto started = std::chrono::steady_clock::now();
    const auto ran = run_hidden_process(cmd, L"\"" + cmd + L"\" /c \"set /p answer=Question? & exit /b 0\"", 20000);
    ASSERT_TRUE(succeeded(ran));
    EXPECT_FALSE(ran.value().timed_out);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
}

TEST(HiddenProcess, ProgramStillRunningAtTheDeadlineIsEndedWithItsChildren) {
    const std::wstring cmd = system_program(L"cmd.exe");
    const auto started = std::chrono::steady_clock::now();
    const auto ran = run_hidden_process(cmd, L"\"" + cmd + L"\" /c ping -n 30 127.0.0.1", 1500);
    ASSERT_TRUE(succeeded(ran));
    EXPECT_TRUE(ran.value().timed_out);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
}

TEST(HiddenProcess, MissingProgramIsACreateProcessError) {
    const std::wstring missing = system_program(L"ic-no-such-program.exe");
    const auto ran = run_hidden_process(missing, L"\"" + missing + L"\"", 5000);
    ASSERT_FALSE(ran);
    EXPECT_EQ(ran.error().api, "CreateProcessW");
    EXPECT_EQ(ran.error().code, ERROR_FILE_NOT_FOUND);
}

}  // namespace
}  // namespace ic::os::win32
