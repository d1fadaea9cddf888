// imagechecker/platform.h on Windows: facts about this test program's own process.

#include <gtest/gtest.h>

#include "imagechecker/platform.h"
#include "test_support.h"
#include "win32_util.h"

namespace ic::os::win32 {
namespace {

std::string module_path() {
    wchar_t path[4096] = {};
    const DWORD length = GetModuleFileNameW(nullptr, path, 4096);
    return to_utf8(path, length);
}

bool ends_with(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

TEST(Platform, ExecutableDirIsTheFolderOfThisProgram) {
    const std::string dir = platform::executable_dir();
    const std::string module = module_path();
    ASSERT_FALSE(dir.empty());
    EXPECT_NE(dir.back(), '\\') << "no trailing separator";
    EXPECT_EQ(module.rfind(dir + "\\", 0), 0U) << module << " is not in " << dir;
    EXPECT_EQ(module.find('\\', dir.size() + 1), std::string::npos) << "the folder is the immediate parent";
}

TEST(Platform, FallbackLogDirIsImageCheckerLogsUnderProgramData) {
    const std::string dir = platform::fallback_log_dir();
    EXPECT_TRUE(ends_with(dir, "\\ImageChecker\\Logs")) << dir;
    wchar_t program_data[MAX_PATH] = {};
    if (GetEnvironmentVariableW(L"ProgramData", program_data, MAX_PATH) > 0) {
        EXPECT_EQ(dir, to_utf8(program_data) + "\\ImageChecker\\Logs");
    }
}

TEST(Platform, Utf8ArgumentsStartWithThisProgram) {
    char program[] = "ignored";
    char* argv[] = {program, nullptr};
    const std::vector<std::string> arguments = platform::utf8_arguments(1, argv);
    ASSERT_FALSE(arguments.empty());
    EXPECT_NE(arguments.front().find("ic_win32_tests"), std::string::npos) << arguments.front();
}

TEST(Platform, PrepareConsoleSwitchesAnAttachedConsoleToUtf8) {
    const UINT before = GetConsoleOutputCP();
    if (before == 0) GTEST_SKIP() << "no console attached";
    platform::prepare_console();
    EXPECT_EQ(GetConsoleOutputCP(), static_cast<UINT>(CP_UTF8));
    SetConsoleOutputCP(before);
}

TEST(Platform, InteractiveTerminalIsFalseWhenOutputIsNotAConsole) {
    DWORD mode = 0;
    if (GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode)) GTEST_SKIP() << "standard output is a console";
    EXPECT_FALSE(platform::is_interactive_terminal());
}

}  // namespace
}  // namespace ic::os::win32
