#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "test_support.h"

namespace ic::cli {
namespace {

namespace fs = std::filesystem;

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
};

class CliTest : public ::testing::Test {
protected:
    void SetUp() override {
        log_dir_ = test::make_temp_dir("ic-cli");
        machine_ = std::make_shared<os::MemorySystem>();
    }

    CliRun cli(std::vector<std::string> args) {
        args.insert(args.begin(), "imagechecker-cli");
        Environment env;
        auto machine = machine_;
        env.make_system = [machine] { return machine; };
        env.default_log_dirs = {log_dir_};
        env.registry = &test::engine_checks();
        std::ostringstream out;
        std::ostringstream err;
        CliRun r;
        r.code = run(args, out, err, env);
        r.out = out.str();
        r.err = err.str();
        return r;
    }

    std::string log_dir_;
    std::shared_ptr<os::MemorySystem> machine_;
};

TEST_F(CliTest, ListShowsEveryCheckWithPlatformsAndFixability) {
    const auto r = cli({"list"});
    EXPECT_EQ(r.code, 0);
    for (const auto& info : test::engine_checks().catalogue()) {
        EXPECT_NE(r.out.find(info.id), std::string::npos) << info.id;
        EXPECT_NE(r.out.find(info.title), std::string::npos) << info.title;
    }
    EXPECT_NE(r.out.find("PLATFORMS"), std::string::npos);
    EXPECT_NE(r.out.find("FIXABLE"), std::string::npos);
}

TEST(CliList, ShowsEveryShippedCheckWithItsFixability) {
    Environment env;
    env.registry = &builtin_checks();
    std::ostringstream out;
    std::ostringstream err;
    ASSERT_EQ(run({"imagechecker-cli", "list"}, out, err, env), 0);
    EXPECT_EQ(builtin_checks().catalogue().size(), 27U);
    for (const auto& info : builtin_checks().catalogue()) {
        const auto line_start = out.str().find("\n" + info.id + " ");
        ASSERT_NE(line_start, std::string::npos) << info.id;
        const auto line = out.str().substr(line_start + 1, out.str().find('\n', line_start + 1) - line_start - 1);
        EXPECT_NE(line.find(info.fix == FixKind::None ? " no " : " " + to_string(info.fix) + " "), std::string::npos) << line;
        EXPECT_NE(line.find(info.title), std::string::npos) << line;
    }
}

TEST_F(CliTest, ListAsJsonMatchesTheRegistry) {
    const auto r = cli({"list", "--json"});
    const auto list = nlohmann::json::parse(r.out);
    ASSERT_EQ(list.size(), test::engine_checks().catalogue().size());
    EXPECT_EQ(list[0]["id"], "drives");
    EXPECT_EQ(list[0]["fix"], "none");
}

TEST_F(CliTest, RunOnAReadyMachineExitsZeroAndPrintsOneLinePerCheckThenVerdictAndLog) {
    const auto r = cli({"run"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("[ 1/3] PASSED   drives"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("[ 3/3] PASSED   free-space"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Validation Successful"), std::string::npos);
    EXPECT_NE(r.out.find("Log: " + log_dir_), std::string::npos) << r.out;
}

TEST_F(CliTest, RunWithAFailureExitsTwoAndTheJsonOnStdoutIsValid) {
    machine_->add_drive('Z', os::DriveType::Fixed);
    const auto r = cli({"run", "--json", "-"});
    EXPECT_EQ(r.code, 2);
    const auto report = nlohmann::json::parse(r.out);  // stdout holds only the report
    EXPECT_EQ(report["overall"]["status"], "FAILED");
    EXPECT_EQ(report["checks"].size(), 3U);
    EXPECT_NE(r.err.find("FAILED   drives"), std::string::npos) << "progress goes to stderr when JSON is on stdout";
}

TEST_F(CliTest, OnLinuxEveryWindowsCheckIsSkippedAndTheRunExitsZero) {
    machine_->set_os({os::OsFamily::Linux, "Debian GNU/Linux 12 (bookworm)", "12", "6.1.0", ""});
    const auto r = cli({"run", "--json", "-"});
    EXPECT_EQ(r.code, 0);
    const auto report = nlohmann::json::parse(r.out);
    for (const auto& check : report["checks"]) EXPECT_EQ(check["status"], "SKIPPED") << check["id"];
    EXPECT_NE(r.err.find("No check applies to this machine"), std::string::npos);
}

TEST_F(CliTest, OnlyAndSkipSelectChecks) {
    const auto only = cli({"run", "--only", "free-space,drives", "--json", "-"});
    const auto report = nlohmann::json::parse(only.out);
    ASSERT_EQ(report["checks"].size(), 2U);
    EXPECT_EQ(report["checks"][0]["id"], "drives");
    EXPECT_EQ(report["checks"][1]["id"], "free-space");
    const auto skip = cli({"run", "--skip", "drives", "--json", "-"});
    EXPECT_EQ(nlohmann::json::parse(skip.out)["checks"].size(), 2U);
}

TEST_F(CliTest, UnknownCheckIdIsAUsageErrorNamingIt) {
    const auto r = cli({"run", "--only", "drives,no-such-check"});
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("unknown check id: no-such-check"), std::string::npos) << r.err;
    EXPECT_EQ(machine_->writes(), 0U);
}

TEST_F(CliTest, MissingReplayFileIsAUsageError) {
    const auto r = cli({"run", "--replay", log_dir_ + "/missing.json"});
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("cannot open the recording"), std::string::npos) << r.err;
}

TEST_F(CliTest, CorruptReplayFileIsAUsageError) {
    const auto path = log_dir_ + "/corrupt.json";
    std::ofstream(path) << "not json";
    const auto r = cli({"run", "--replay", path});
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("JSON is corrupt"), std::string::npos) << r.err;
}

TEST_F(CliTest, UnwritableJsonPathIsAUsageErrorBeforeAnythingRuns) {
    const auto r = cli({"run", "--json", log_dir_ + "/no/such/folder/report.json"});
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("cannot write the JSON report to"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("[ 1/3]"), std::string::npos) << "no check ran";
}

TEST_F(CliTest, BadArgumentsAreUsageErrors) {
    EXPECT_EQ(cli({}).code, 3);
    EXPECT_EQ(cli({"frobnicate"}).code, 3);
    EXPECT_EQ(cli({"run", "--timeout", "0"}).code, 3);
    EXPECT_EQ(cli({"run", "--timeout", "abc"}).code, 3);
    EXPECT_EQ(cli({"run", "--record", "a.json", "--replay", "b.json"}).code, 3);
}

TEST_F(CliTest, HelpAndVersionExitZero) {
    const auto help = cli({"run", "--help"});
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.out.find("--replay"), std::string::npos);
    const auto version = cli({"--version"});
    EXPECT_EQ(version.code, 0);
    EXPECT_NE(version.out.find("ImageChecker"), std::string::npos);
}

TEST_F(CliTest, RecordThenReplayGivesTheSameReport) {
    machine_->add_drive('Z', os::DriveType::Fixed);
    const auto recording = log_dir_ + "/machine.json";
    const auto live = cli({"run", "--record", recording, "--json", "-"});
    ASSERT_EQ(live.code, 2) << live.err;
    ASSERT_TRUE(fs::exists(fs::u8path(recording)));
    const auto replayed = cli({"run", "--replay", recording, "--json", "-"});
    ASSERT_EQ(replayed.code, 2) << replayed.err;
    const auto a = nlohmann::json::parse(live.out);
    const auto b = nlohmann::json::parse(replayed.out);
    for (std::size_t i = 0; i < a["checks"].size(); ++i) {
        EXPECT_EQ(a["checks"][i]["status"], b["checks"][i]["status"]);
        EXPECT_EQ(a["checks"][i]["evidence"], b["checks"][i]["evidence"]);
    }
    EXPECT_EQ(b["source"]["kind"], "replay");
    EXPECT_EQ(b["source"]["replay_file"], recording);
}

TEST_F(CliTest, LogDirOverridesAndTheLogHoldsTheRun) {
    const auto dir = log_dir_ + "/custom";
    const auto r = cli({"run", "--log-dir", dir, "--user", "dave"});
    EXPECT_EQ(r.code, 0);
    std::string log_path;
    for (const auto& entry : fs::directory_iterator(fs::u8path(dir))) log_path = entry.path().u8string();
    ASSERT_FALSE(log_path.empty());
    EXPECT_NE(r.out.find("Log: " + log_path), std::string::npos);
    const auto text = test::read_file(log_path);
    EXPECT_NE(text.find("User checked: dave (from named with --user)"), std::string::npos);
    EXPECT_NE(text.find("VERDICT  Validation Successful"), std::string::npos);
}

TEST_F(CliTest, JsonReportToAFileNamesTheLog) {
    const auto path = log_dir_ + "/report.json";
    const auto r = cli({"run", "--json", path});
    EXPECT_EQ(r.code, 0);
    const auto report = nlohmann::json::parse(test::read_file(path));
    EXPECT_TRUE(report["log_file"].is_string());
    EXPECT_NE(r.out.find("Report: " + path), std::string::npos);
}

}  // namespace
}  // namespace ic::cli

namespace ic::cli {
namespace {

/// The CLI's fix and undo commands on a machine whose only check has an automatic fix.
class CliFixTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = test::make_temp_dir("ic-cli-fix");
        machine_ = std::make_shared<os::MemorySystem>();
        machine_->set_value(os::RegistryHive::LocalMachine, test::EnabledValueCheck::kKey, "Enabled", os::RegistryValue::dword(0));
    }

    CliRun cli(std::vector<std::string> args, bool interactive = false, const std::string& answers = "") {
        args.insert(args.begin(), "imagechecker-cli");
        Environment env;
        auto machine = machine_;
        env.make_system = [machine] { return machine; };
        env.default_log_dirs = {dir_};
        env.registry = &registry_;
        std::istringstream input(answers);
        env.input = &input;
        env.is_interactive = [interactive] { return interactive; };
        std::ostringstream out;
        std::ostringstream err;
        CliRun r;
        r.code = run(args, out, err, env);
        r.out = out.str();
        r.err = err.str();
        return r;
    }

    std::optional<os::RegistryValue> value() {
        return machine_->registry().read_value(os::RegistryHive::LocalMachine, test::EnabledValueCheck::kKey, "Enabled").value();
    }

    std::string journal_from(const std::string& out) {
        const auto at = out.find("Undo journal: ");
        if (at == std::string::npos) return {};
        const auto end = out.find('\n', at);
        return out.substr(at + 14, end - at - 14);
    }

    std::string dir_;
    std::shared_ptr<os::MemorySystem> machine_;
    CheckRegistry registry_ = test::fixable_test_registry();
};

TEST_F(CliFixTest, RunReportsTheWarningWithExitCodeOne) {
    EXPECT_EQ(cli({"run"}).code, 1);
}

TEST_F(CliFixTest, DryRunDescribesEveryChangeAndChangesNothing) {
    const auto r = cli({"fix", "--warnings", "--dry-run"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Fix for enabled-value (automatic): Enable the test value"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("where:  HKLM\\SOFTWARE\\ImageCheckerTest : Enabled"), std::string::npos);
    EXPECT_NE(r.out.find("before: REG_DWORD 0"), std::string::npos);
    EXPECT_NE(r.out.find("after:  REG_DWORD 1"), std::string::npos);
    EXPECT_NE(r.out.find("Dry run: nothing was changed."), std::string::npos);
    EXPECT_EQ(machine_->writes(), 0U);
}

TEST_F(CliFixTest, WithoutATerminalAndWithoutYesNothingChanges) {
    const auto r = cli({"fix", "--warnings"});
    EXPECT_EQ(r.code, 4);
    EXPECT_NE(r.err.find("nothing was changed: there is no terminal"), std::string::npos) << r.err;
    EXPECT_EQ(machine_->writes(), 0U);
}

TEST_F(CliFixTest, WithoutElevationNothingChanges) {
    machine_->set_elevated(false);
    const auto r = cli({"fix", "--warnings", "--yes"});
    EXPECT_EQ(r.code, 4);
    EXPECT_NE(r.err.find("needs an elevated prompt"), std::string::npos) << r.err;
    EXPECT_EQ(machine_->writes(), 0U);
}

TEST_F(CliFixTest, DecliningAtThePromptChangesNothing) {
    const auto r = cli({"fix", "--warnings"}, true, "n\n");
    EXPECT_EQ(r.code, 4);
    EXPECT_NE(r.out.find("Make these changes? [y/N]"), std::string::npos);
    EXPECT_EQ(machine_->writes(), 0U);
}

TEST_F(CliFixTest, ConfirmedFixIsAppliedRecheckedJournaledAndUndone) {
    const auto fixed = cli({"fix", "--warnings"}, true, "y\n");
    EXPECT_EQ(fixed.code, 0) << fixed.out << fixed.err;
    EXPECT_NE(fixed.out.find("enabled-value: fixed (now PASSED)"), std::string::npos) << fixed.out;
    EXPECT_EQ(value(), os::RegistryValue::dword(1));
    const auto journal = journal_from(fixed.out);
    ASSERT_FALSE(journal.empty()) << fixed.out;
    EXPECT_NE(journal.find(".fixes.json"), std::string::npos);

    EXPECT_EQ(cli({"run"}).code, 0);

    const auto preview = cli({"undo", journal, "--dry-run"});
    EXPECT_EQ(preview.code, 0);
    EXPECT_NE(preview.out.find("restore  [enabled-value] HKLM\\SOFTWARE\\ImageCheckerTest : Enabled: REG_DWORD 1 -> REG_DWORD 0"),
              std::string::npos)
        << preview.out;
    EXPECT_EQ(value(), os::RegistryValue::dword(1));

    const auto undone = cli({"undo", journal, "--yes"});
    EXPECT_EQ(undone.code, 0) << undone.out << undone.err;
    EXPECT_EQ(value(), os::RegistryValue::dword(0));
    EXPECT_EQ(cli({"undo", journal, "--yes"}).code, 1) << "a second undo finds nothing left to restore";
}

TEST_F(CliFixTest, TheLogRecordsThePlanEveryChangeAndTheRecheck) {
    const auto fixed = cli({"fix", "--warnings", "--yes"});
    ASSERT_EQ(fixed.code, 0);
    std::string log;
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::u8path(dir_)))
        if (entry.path().extension() == ".log") log = test::read_file(entry.path().u8string());
    EXPECT_NE(log.find("FIXPLAN  [enabled-value] Enable the test value"), std::string::npos) << log;
    EXPECT_NE(log.find("CHANGE   [enabled-value] Enable the test value"), std::string::npos);
    EXPECT_NE(log.find("RECHECK  [enabled-value] PASSED"), std::string::npos);
    EXPECT_NE(log.find("NOTE     undo journal: "), std::string::npos);
}

TEST_F(CliFixTest, UndoRefusesAJournalFromAnotherMachine) {
    const auto fixed = cli({"fix", "--warnings", "--yes"});
    const auto journal = journal_from(fixed.out);
    machine_->set_machine_name("OTHER-PC");
    const auto r = cli({"undo", journal, "--yes"});
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("was written on WS-TEST, not on this machine (OTHER-PC)"), std::string::npos) << r.err;
}

TEST_F(CliFixTest, FixArgumentsAreValidated) {
    EXPECT_EQ(cli({"fix"}).code, 3);
    EXPECT_EQ(cli({"fix", "--warnings", "--only", "enabled-value"}).code, 3);
    EXPECT_EQ(cli({"fix", "--only", "nope"}).code, 3);
    EXPECT_EQ(cli({"fix", "--warnings", "--replay", dir_ + "/x.json"}).code, 3) << "a recording cannot be changed";
    EXPECT_EQ(cli({"undo", dir_ + "/missing.fixes.json"}).code, 3);
}

TEST_F(CliFixTest, NothingToFixWhenEverythingPasses) {
    machine_->set_value(os::RegistryHive::LocalMachine, test::EnabledValueCheck::kKey, "Enabled", os::RegistryValue::dword(1));
    const auto r = cli({"fix", "--warnings", "--yes"});
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("nothing to change"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace ic::cli
