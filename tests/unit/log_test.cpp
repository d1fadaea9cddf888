#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "imagechecker/run_log.h"
#include "test_support.h"

namespace ic {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();  // spdlog ends lines with CRLF on Windows
        lines.push_back(line);
    }
    return lines;
}

bool has_line(const std::vector<std::string>& lines, const std::string& fragment) {
    for (const auto& l : lines)
        if (l.find(fragment) != std::string::npos) return true;
    return false;
}

TEST(LogLocation, FileNameIsImageCheckerAndALocalTimeStampThatSorts) {
    const auto name = log_file_name(std::chrono::system_clock::now());
    EXPECT_TRUE(std::regex_match(name, std::regex(R"(ImageChecker_\d{14}\.log)"))) << name;
}

TEST(LogLocation, UsesTheFirstWritableFolder) {
    const auto dir = test::make_temp_dir("ic-log");
    const auto location = choose_log_file(std::nullopt, {dir, "/unused"}, std::chrono::system_clock::now());
    EXPECT_EQ(fs::u8path(location.path).parent_path(), fs::u8path(dir));
    EXPECT_TRUE(fs::exists(fs::u8path(location.path)));
    EXPECT_TRUE(location.notes.empty());
}

TEST(LogLocation, FallsBackWhenTheExecutablesFolderIsNotWritableAndSaysWhy) {
    const auto dir = test::make_temp_dir("ic-log");
    const auto blocker = dir + "/not-a-folder";
    std::ofstream(blocker) << "x";  // a file where a folder should be: unwritable even for root
    const auto fallback = dir + "/fallback/logs";
    const auto location = choose_log_file(std::nullopt, {blocker, fallback}, std::chrono::system_clock::now());
    EXPECT_EQ(fs::u8path(location.path).parent_path(), fs::u8path(fallback));
    ASSERT_EQ(location.notes.size(), 1U);
    EXPECT_EQ(location.notes[0].rfind(blocker + ": ", 0), 0U) << location.notes[0];
}

TEST(LogLocation, NoWritableFolderGivesNoPathAndEveryReason) {
    const auto dir = test::make_temp_dir("ic-log");
    const auto blocker = dir + "/file";
    std::ofstream(blocker) << "x";
    const auto location = choose_log_file(std::nullopt, {blocker, blocker + "/sub"}, std::chrono::system_clock::now());
    EXPECT_TRUE(location.path.empty());
    EXPECT_EQ(location.notes.size(), 2U);
}

TEST(LogLocation, AnUnwritableExplicitFolderIsAnError) {
    const auto dir = test::make_temp_dir("ic-log");
    std::ofstream(dir + "/file") << "x";
    EXPECT_THROW(choose_log_file(std::string(dir + "/file"), {dir}, std::chrono::system_clock::now()), LogLocationError);
}

TEST(LogLocation, TwoRunsInTheSameSecondGetTwoFiles) {
    const auto dir = test::make_temp_dir("ic-log");
    const auto now = std::chrono::system_clock::now();
    const auto first = choose_log_file(dir, {}, now);
    const auto second = choose_log_file(dir, {}, now);
    EXPECT_NE(first.path, second.path);
    EXPECT_TRUE(std::regex_search(second.path, std::regex(R"(ImageChecker_\d{14}_2\.log$)"))) << second.path;
}

class RunLogTest : public ::testing::Test {
protected:
    std::string run_and_read(std::shared_ptr<os::MemorySystem> system) {
        const auto dir = test::make_temp_dir("ic-log");
        const auto location = choose_log_file(dir, {}, std::chrono::system_clock::now());
        RunLog log(location.path);
        RunOptions options;
        options.ids = test::engine_checks().select({}, {});
        Runner runner(test::engine_checks(), std::move(system), options);
        runner.add_observer(log);
        runner.run();
        // Read while the log is still open: every line must already be on disk.
        return test::read_file(location.path);
    }
};

TEST_F(RunLogTest, HeaderNamesToolMachineOsUserElevationAndStart) {
    auto system = std::make_shared<os::MemorySystem>();
    const auto lines = lines_of(run_and_read(system));
    ASSERT_FALSE(lines.empty());
    const std::regex prefix(R"(^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{2}:\d{2} \| [A-Z]+ +.*)");
    for (const auto& line : lines) EXPECT_TRUE(std::regex_match(line, prefix)) << line;
    EXPECT_TRUE(has_line(lines, "| RUN      ImageChecker "));
    EXPECT_TRUE(has_line(lines, "| HEADER   Tool version: "));
    EXPECT_TRUE(has_line(lines, "| HEADER   Machine name: WS-TEST"));
    EXPECT_TRUE(has_line(lines, "| HEADER   OS: Windows 10 Enterprise | version 22H2 | build 19045 | edition Enterprise"));
    EXPECT_TRUE(has_line(lines, "| HEADER   User checked: alice (from the user signed in at the console)"));
    EXPECT_TRUE(has_line(lines, "| HEADER   Elevated: yes"));
    EXPECT_TRUE(has_line(lines, "| HEADER   Started: "));
    EXPECT_TRUE(has_line(lines, "| HEADER   Checks: 3 selected (drives, pending-reboot, free-space); timeout 60.0 s per check"));
}

TEST_F(RunLogTest, EachCheckHasBeginStatusSummaryEvidenceAndEnd) {
    auto system = std::make_shared<os::MemorySystem>();
    system->add_drive('Z', os::DriveType::Fixed);
    const auto lines = lines_of(run_and_read(system));
    EXPECT_TRUE(has_line(lines, "| BEGIN    [drives] Only drives C: and D: are present"));
    EXPECT_TRUE(has_line(lines, "| STATUS   [drives] FAILED"));
    EXPECT_TRUE(has_line(lines, "| SUMMARY  [drives] 1 extra drive is present: Z: (fixed)"));
    EXPECT_TRUE(has_line(lines, "| EVIDENCE [drives] Drive Z: = fixed drive (expected: absent)"));
    EXPECT_TRUE(has_line(lines, "| FIX      [drives] none by the tool; to resolve by hand: Remove every drive"));
    EXPECT_TRUE(has_line(lines, "| AWSCODE  [drives] image creation would report AdditionalDrivesPresent"));
    EXPECT_TRUE(std::regex_search(lines.back(), std::regex(R"(\| RUN      finished in \d+)")));
    bool end_found = false;
    for (const auto& l : lines) end_found = end_found || std::regex_search(l, std::regex(R"(\| END      \[drives\] FAILED in \d+ ms)"));
    EXPECT_TRUE(end_found);
    EXPECT_TRUE(has_line(lines, "| TOTALS   PASSED 2, WARNING 0, FAILED 1, SKIPPED 0, ERROR 0"));
    EXPECT_TRUE(has_line(lines, "| VERDICT  Not ready: 1 check needs a person."));
    EXPECT_FALSE(has_line(lines, "Validation Successful"));
}

TEST_F(RunLogTest, SaysValidationSuccessfulOnlyWhenEverythingPassed) {
    const auto lines = lines_of(run_and_read(std::make_shared<os::MemorySystem>()));
    EXPECT_TRUE(has_line(lines, "| VERDICT  Validation Successful"));
}

TEST_F(RunLogTest, NotesAndMultiLineTextStayOnOneLine) {
    const auto dir = test::make_temp_dir("ic-log");
    const auto path = choose_log_file(dir, {}, std::chrono::system_clock::now()).path;
    {
        RunLog log(path);
        log.note("first\nsecond");
    }
    const auto lines = lines_of(test::read_file(path));
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_NE(lines[0].find("| NOTE     first second"), std::string::npos) << lines[0];
}

}  // namespace
}  // namespace ic
