// The log and the report read back (run_reader.h), the review and comparison (review.h), the HTML page.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "imagechecker/fix_engine.h"
#include "imagechecker/format.h"
#include "imagechecker/html_report.h"
#include "imagechecker/os/recording.h"
#include "imagechecker/report.h"
#include "imagechecker/review.h"
#include "imagechecker/run_log.h"
#include "imagechecker/run_reader.h"
#include "test_support.h"

namespace ic {
namespace {

namespace fs = std::filesystem;

/// One run written both ways: the log file (by RunLog) and the JSON report text (by build_report).
struct Written {
    RunSummary summary;
    std::string log_path;
    std::string log_text;
    std::string report_text;
};

Written run_and_write(const CheckRegistry& registry, std::shared_ptr<os::System> system, const std::string& dir) {
    const auto location = choose_log_file(dir, {}, std::chrono::system_clock::now());
    Written w;
    w.log_path = location.path;
    {
        RunLog log(location.path);
        RunOptions options;
        options.ids = registry.select({}, {});
        Runner runner(registry, std::move(system), options);
        runner.add_observer(log);
        w.summary = runner.run();
    }
    w.log_text = test::read_file(w.log_path);
    w.report_text = build_report(w.summary, {w.log_path, ""}).dump(2);
    return w;
}

std::shared_ptr<os::MemorySystem> machine_with_problems() {
    auto system = std::make_shared<os::MemorySystem>();
    system->add_drive('Z', os::DriveType::Network, "\\\\srv\\share = (expected: x)");  // awkward text in evidence
    return system;
}

/// The parsed run says what the run itself said: every check's status, summary and evidence, in order.
void expect_same_as_summary(const ReadRun& read, const RunSummary& summary) {
    ASSERT_EQ(read.checks.size(), summary.outcomes.size());
    for (std::size_t i = 0; i < read.checks.size(); ++i) {
        const auto& got = read.checks[i];
        const auto& want = summary.outcomes[i];
        SCOPED_TRACE(want.info.id);
        EXPECT_EQ(got.id, want.info.id);
        ASSERT_TRUE(got.status.has_value());
        EXPECT_EQ(*got.status, want.result.status);
        EXPECT_EQ(one_line(got.summary), one_line(want.result.summary));
        ASSERT_EQ(got.evidence.size(), want.result.evidence.size());
        for (std::size_t e = 0; e < got.evidence.size(); ++e) {
            EXPECT_EQ(one_line(got.evidence[e].item), one_line(want.result.evidence[e].item));
            EXPECT_EQ(one_line(got.evidence[e].observed), one_line(want.result.evidence[e].observed));
            EXPECT_EQ(one_line(got.evidence[e].expected), one_line(want.result.evidence[e].expected));
        }
        const bool problem = want.result.status == Status::Warning || want.result.status == Status::Failed || want.result.status == Status::Error;
        if (problem) {
            EXPECT_EQ(got.aws_error_code, want.info.aws_error_code);
        }
        EXPECT_EQ(got.fix_kind.empty(), !want.result.fix.has_value());
    }
}

// ---- Round trip: the log and the report of one run read back to the same facts ----

TEST(RunReader, LogAndReportOfOneRunReadBackToTheSameStatusesSummariesAndEvidence) {
    const auto dir = test::make_temp_dir("ic-reader");
    const Written w = run_and_write(test::engine_checks(), machine_with_problems(), dir);
    const ReadRun log = parse_log(w.log_text);
    const ReadRun report = parse_report(w.report_text);
    expect_same_as_summary(log, w.summary);
    expect_same_as_summary(report, w.summary);
    EXPECT_TRUE(log.missing.empty()) << log.missing.front();
    EXPECT_TRUE(report.missing.empty()) << report.missing.front();
    for (const ReadRun* r : {&log, &report}) {
        EXPECT_EQ(r->machine_name, "WS-TEST");
        EXPECT_EQ(r->user_checked, w.summary.machine.user_checked.value);
        EXPECT_EQ(r->user_source, w.summary.machine.user_source);
        EXPECT_EQ(r->elevated, "yes");
        EXPECT_EQ(r->os_build, "19045");
        EXPECT_EQ(r->verdict, verdict_sentence(w.summary));
        EXPECT_TRUE(r->finished);
        EXPECT_TRUE(r->started_utc().has_value());
    }
    // Both clocks are the same run's: the header's start and the report's are within a second.
    EXPECT_LE(std::llabs(*log.started_utc() - *report.started_utc()), 1);
}

TEST(RunReader, EveryShippedCheckOnTheWineMachineRecordingRoundTrips) {
    const std::string recording = std::string(IC_TEST_DATA_DIR) + "/wine-machine.rec.json";
    const auto dir = test::make_temp_dir("ic-reader");
    const Written w = run_and_write(builtin_checks(), os::ReplaySystem::load(recording), dir);
    ASSERT_EQ(w.summary.outcomes.size(), builtin_checks().catalogue().size());
    expect_same_as_summary(parse_log(w.log_text), w.summary);
    expect_same_as_summary(parse_report(w.report_text), w.summary);
    // And through the file reader, which detects each kind.
    EXPECT_EQ(read_run_file(w.log_path).kind, ReadRun::Kind::Log);
    // The review lists what does not apply, with the reason (the recorded machine has no D:\Users\root).
    const std::string text = review_text(parse_log(w.log_text));
    EXPECT_NE(text.find("SKIPPED   profile-size: "), std::string::npos) << text;
}

TEST(RunReader, WindowsLineEndingsReadTheSame) {
    const auto dir = test::make_temp_dir("ic-reader");
    const Written w = run_and_write(test::engine_checks(), machine_with_problems(), dir);
    std::string crlf;
    for (char c : w.log_text) {
        if (c == '\n' && (crlf.empty() || crlf.back() != '\r')) crlf += '\r';
        crlf += c;
    }
    const ReadRun read = parse_log(crlf);
    expect_same_as_summary(read, w.summary);
    EXPECT_TRUE(read.missing.empty());
}

// ---- Partial and foreign files ----

TEST(RunReader, ALogCutOffMidLineGivesWhatItHasAndSaysWhatIsMissing) {
    const auto dir = test::make_temp_dir("ic-reader");
    const Written w = run_and_write(test::engine_checks(), machine_with_problems(), dir);
    // Cut in the middle of the second check's evidence.
    const auto second_begin = w.log_text.find("BEGIN    [pending-reboot]");
    ASSERT_NE(second_begin, std::string::npos);
    const auto cut = w.log_text.find("SUMMARY  [pending-reboot]", second_begin);
    ASSERT_NE(cut, std::string::npos);
    const ReadRun read = parse_log(w.log_text.substr(0, cut + 15));
    ASSERT_EQ(read.checks.size(), 2U);
    EXPECT_EQ(read.checks[0].status, Status::Failed);  // drives, whole
    EXPECT_EQ(read.checks[0].evidence.size(), w.summary.outcomes[0].result.evidence.size());
    EXPECT_TRUE(read.checks[1].summary.empty());         // its SUMMARY line was cut: not used
    EXPECT_FALSE(read.finished);
    std::string all;
    for (const auto& m : read.missing) all += m + "\n";
    EXPECT_NE(all.find("is cut off"), std::string::npos) << all;
    EXPECT_NE(all.find("no verdict"), std::string::npos) << all;
    EXPECT_NE(all.find("pending-reboot has no END line"), std::string::npos) << all;
}

TEST(RunReader, ALogOfAnOlderVersionWithoutSomeLinesIsPartialNotWrong) {
    const auto dir = test::make_temp_dir("ic-reader");
    const Written w = run_and_write(test::engine_checks(), machine_with_problems(), dir);
    std::string older;
    std::size_t pos = 0;
    while (pos < w.log_text.size()) {
        const auto end = w.log_text.find('\n', pos);
        const std::string line = w.log_text.substr(pos, end - pos + 1);
        pos = end + 1;
        if (line.find("| HEADER   Elevated") != std::string::npos || line.find("| AWSCODE") != std::string::npos) continue;
        older += line;
    }
    const ReadRun read = parse_log(older + "2026-11-23 23:10:01.140 +00:00 | FUTURE   something new\n");
    ASSERT_EQ(read.checks.size(), w.summary.outcomes.size());
    for (std::size_t i = 0; i < read.checks.size(); ++i) {
        EXPECT_EQ(read.checks[i].status, w.summary.outcomes[i].result.status);
        EXPECT_TRUE(read.checks[i].aws_error_code.empty());
    }
    EXPECT_TRUE(read.elevated.empty());
    std::string all;
    for (const auto& m : read.missing) all += m + "\n";
    EXPECT_NE(all.find("the header does not say: Elevated"), std::string::npos) << all;
    EXPECT_NE(all.find("tagged FUTURE"), std::string::npos) << all;
}

TEST(RunReader, Utf16AndWindows1252FilesAreConvertedAndSaySo) {
    const std::string line = "2026-11-23 23:10:01.120 +00:00 | HEADER   Machine name: B\xC3\xBC" "ro\n";
    std::string utf16 = "\xFF\xFE";
    for (unsigned char c : std::string("2026-11-23 23:10:01.120 +00:00 | HEADER   Machine name: B")) {
        utf16 += static_cast<char>(c);
        utf16 += '\0';
    }
    utf16 += std::string("\xFC\0r\0o\0\n\0", 8);
    std::vector<std::string> notes;
    EXPECT_EQ(decode_text(utf16, notes), line);
    ASSERT_EQ(notes.size(), 1U);
    EXPECT_NE(notes[0].find("UTF-16"), std::string::npos);

    notes.clear();
    EXPECT_EQ(decode_text("Machine name: B\xFCro \x80", notes), "Machine name: B\xC3\xBCro \xE2\x82\xAC");
    ASSERT_EQ(notes.size(), 1U);
    EXPECT_NE(notes[0].find("Windows-1252"), std::string::npos);

    notes.clear();
    EXPECT_EQ(decode_text("\xEF\xBB\xBFplain \xC3\xBC", notes), "plain \xC3\xBC");
    EXPECT_TRUE(notes.empty());
}

TEST(RunReader, AFileThatIsNeitherALogNorAReportIsRefusedWithWhatItIs) {
    EXPECT_THROW(parse_run_text("Dear support,\nmy image failed.\n"), RunFileError);
    EXPECT_THROW(parse_run_text(""), RunFileError);
    EXPECT_THROW(parse_run_text("{\"name\": 1}"), RunFileError);
    EXPECT_THROW(parse_run_text("{not json"), RunFileError);
    try {
        parse_run_text(R"({"format": "imagechecker-recording", "version": 1, "exchanges": []})");
        FAIL() << "a recording was read as a run";
    } catch (const RunFileError& e) {
        EXPECT_NE(std::string(e.what()).find("recording"), std::string::npos) << e.what();
    }
}

TEST(RunReader, AFileFarLargerThanAnyLogIsRefusedBeforeItIsRead) {
    const auto dir = test::make_temp_dir("ic-reader");
    const auto path = dir + "/ImageChecker_20261123231001.log";
    std::ofstream(path) << "x";
    fs::resize_file(fs::u8path(path), kMaxRunFileBytes + 1);  // sparse: nothing is written
    try {
        read_run_file(path);
        FAIL() << "a huge file was read";
    } catch (const RunFileError& e) {
        EXPECT_NE(std::string(e.what()).find("larger than any"), std::string::npos) << e.what();
    }
    EXPECT_THROW(read_run_file(dir + "/missing.log"), RunFileError);
}

TEST(RunReader, EveryPrefixAndDamagedCopyOfALogAndAReportReadsOrIsRefusedNeverAnythingElse) {
    const auto dir = test::make_temp_dir("ic-reader");
    const Written w = run_and_write(test::engine_checks(), machine_with_problems(), dir);
    std::uint32_t seed = 12345;
    const auto next = [&seed] { return seed = seed * 1664525U + 1013904223U; };
    for (const std::string* text : {&w.log_text, &w.report_text}) {
        for (std::size_t cut = 0; cut <= text->size(); cut += 41) {
            std::string damaged = text->substr(0, cut);
            if (cut % 3 == 0 && !damaged.empty()) damaged[next() % damaged.size()] = static_cast<char>(next() & 0xFF);
            try {
                const ReadRun read = parse_run_text(damaged);
                if (cut < text->size() / 2) {
                    EXPECT_FALSE(read.missing.empty()) << "a file cut at " << cut << " says it is partial";
                }
            } catch (const RunFileError&) {
                // refused with a message: fine
            }
        }
    }
}

TEST(RunReader, AReportWithMissingAndMistypedFieldsNamesThem) {
    const ReadRun read = parse_report(R"({"schema_version": 9, "checks": [{"id": "drives", "status": 3}, 7],
                                          "machine": {"name": 5, "elevated": null, "errors": {"elevated": "OpenProcessToken failed"}}})");
    ASSERT_EQ(read.checks.size(), 1U);
    EXPECT_FALSE(read.checks[0].status.has_value());
    EXPECT_EQ(read.elevated, "unknown (OpenProcessToken failed)");
    std::string all;
    for (const auto& m : read.missing) all += m + "\n";
    EXPECT_NE(all.find("schema version 9"), std::string::npos) << all;
    EXPECT_NE(all.find("machine.name"), std::string::npos) << all;
    EXPECT_NE(all.find("check drives has no readable status"), std::string::npos) << all;
    EXPECT_NE(all.find("check 2 of the report is not an object"), std::string::npos) << all;
}

TEST(RunReader, TimeStampsOfLogsAndReportsCompareInUtc) {
    EXPECT_EQ(parse_timestamp_utc("1970-01-01 00:00:00 +00:00"), 0);
    EXPECT_EQ(parse_timestamp_utc("2026-11-23T23:10:01.120+01:00"), parse_timestamp_utc("2026-11-23 22:10:01 +00:00"));
    EXPECT_EQ(parse_timestamp_utc("2026-11-23 23:10:01.120 -05:30"), parse_timestamp_utc("2026-11-24 04:40:01 +00:00"));
    EXPECT_FALSE(parse_timestamp_utc("yesterday").has_value());
    EXPECT_FALSE(parse_timestamp_utc("2026-13-01 00:00:00 +00:00").has_value());
}

// ---- Review and comparison ----

TEST(Review, OneRunShowsTheMachineTheUserAndEachProblemWithItsAwsCode) {
    const auto dir = test::make_temp_dir("ic-reader");
    const Written w = run_and_write(test::engine_checks(), machine_with_problems(), dir);
    const std::string text = review_text(read_run_file(w.log_path));
    EXPECT_NE(text.find("Machine:  WS-TEST"), std::string::npos) << text;
    EXPECT_NE(text.find("(chosen from: " + w.summary.machine.user_source + ")"), std::string::npos) << text;
    EXPECT_NE(text.find("elevated: yes"), std::string::npos) << text;
    EXPECT_NE(text.find("FAILED    drives"), std::string::npos) << text;
    EXPECT_NE(text.find("AWS error code it prevents: AdditionalDrivesPresent"), std::string::npos) << text;
    EXPECT_NE(text.find("No fixes were made"), std::string::npos) << text;
    EXPECT_EQ(text.find("PASSED    free-space"), std::string::npos) << "passed checks are not listed";
}

TEST(Review, TheUndoJournalBesideTheLogShowsEachChangeAndWhetherItWasUndone) {
    const auto dir = test::make_temp_dir("ic-reader");
    const Written w = run_and_write(test::engine_checks(), machine_with_problems(), dir);
    MachineFacts facts;
    facts.machine_name.value = "WS-TEST";
    FixJournal journal = FixJournal::open(journal_path_for_log(w.log_path), facts);
    Change change;
    change.action = ServiceStartTypeChange{"TermService", os::ServiceStartType::Disabled, os::ServiceStartType::Manual};
    change.what = "Let Remote Desktop Services start again";
    journal.set_state(journal.add("remote-desktop-services", change), JournalState::Applied);
    journal.add("remote-desktop-services", change);  // pending: the program stopped before the outcome

    const ReadRun read = read_run_file(w.log_path);
    ASSERT_TRUE(read.journal.has_value());
    ASSERT_EQ(read.journal->entries.size(), 2U);
    const std::string text = review_text(read);
    EXPECT_NE(text.find("applied, not undone"), std::string::npos) << text;
    EXPECT_NE(text.find("may have been applied"), std::string::npos) << text;
    EXPECT_NE(text.find("Disabled -> Manual"), std::string::npos) << text;
    // One fix in the run: no batch headings.
    EXPECT_EQ(text.find("Fix 1 of the run"), std::string::npos) << text;
    EXPECT_FALSE(read.journal->several_batches());
}

TEST(Review, ChangesOfASecondFixAllInTheSameRunAreShownUnderTheirOwnHeading) {
    const auto dir = test::make_temp_dir("ic-reader");
    const Written w = run_and_write(test::engine_checks(), machine_with_problems(), dir);
    MachineFacts facts;
    facts.machine_name.value = "WS-TEST";
    Change change;
    change.action = ServiceStartTypeChange{"TermService", os::ServiceStartType::Disabled, os::ServiceStartType::Manual};
    change.what = "Let Remote Desktop Services start again";
    {
        FixJournal first = FixJournal::open(journal_path_for_log(w.log_path), facts);  // the first press of Fix All
        first.set_state(first.add("remote-desktop-services", change), JournalState::Applied);
    }
    FixJournal second = FixJournal::open(journal_path_for_log(w.log_path), facts);  // the second press
    change.what = "Let the SSM Agent start";
    second.set_state(second.add("ssm-agent-disabled", change), JournalState::Applied);

    const ReadRun read = read_run_file(w.log_path);
    ASSERT_TRUE(read.journal.has_value());
    ASSERT_EQ(read.journal->entries.size(), 2U);
    EXPECT_EQ(read.journal->entries[0].batch, 1);
    EXPECT_EQ(read.journal->entries[1].batch, 2);
    EXPECT_FALSE(read.journal->entries[1].batch_started.empty());
    const std::string text = review_text(read);
    const auto one = text.find("Fix 1 of the run, started ");
    const auto two = text.find("Fix 2 of the run, started ");
    ASSERT_NE(one, std::string::npos) << text;
    ASSERT_NE(two, std::string::npos) << text;
    EXPECT_LT(one, text.find("Let Remote Desktop Services start again"));
    EXPECT_LT(text.find("Let Remote Desktop Services start again"), two);
    EXPECT_GT(text.find("Let the SSM Agent start"), two);
    EXPECT_EQ(review_json(read)["journal"]["changes"][1]["batch"], 2);
    // Neither check is in this run's log: the page lists their changes in the journal's own section.
    const std::string page = html_report(read);
    EXPECT_NE(page.find("Changes by checks this file does not list"), std::string::npos);
    EXPECT_NE(page.find("Let the SSM Agent start"), std::string::npos);
    EXPECT_NE(page.find("(fix 2 of the run)"), std::string::npos);
}

TEST(Review, TwoRunsBeforeAndAfterAFixNameWhatWasFixedWhateverTheArgumentOrder) {
    const auto dir = test::make_temp_dir("ic-reader");
    const Written before = run_and_write(test::engine_checks(), machine_with_problems(), dir);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a later start time, to the second
    auto healthy = std::make_shared<os::MemorySystem>();
    healthy->fail_space("C:\\", os::OsError{"GetDiskFreeSpaceExW", 5, "Access is denied."});  // a regression
    const Written after = run_and_write(test::engine_checks(), healthy, dir);

    for (const bool reversed : {false, true}) {
        SCOPED_TRACE(reversed ? "newest first" : "oldest first");
        const ReadRun a = parse_log(before.log_text);
        const ReadRun b = parse_report(after.report_text);  // a log and a report compare too
        const RunComparison cmp = reversed ? compare_runs(b, a) : compare_runs(a, b);
        EXPECT_EQ(cmp.reordered, reversed);
        EXPECT_EQ(cmp.older.verdict, verdict_sentence(before.summary));
        const auto find = [&](const std::string& id) {
            for (const auto& c : cmp.changes)
                if (c.id == id) return c;
            return CheckChange{};
        };
        EXPECT_EQ(find("drives").kind, CheckChange::Kind::Fixed);
        EXPECT_EQ(find("free-space").kind, CheckChange::Kind::Regressed);
        const std::string text = comparison_text(cmp);
        EXPECT_NE(text.find("Fixed:\n  drives"), std::string::npos) << text;
        EXPECT_NE(text.find("Regressed:\n  free-space"), std::string::npos) << text;
        EXPECT_LT(text.find("Older:"), text.find("Newer:"));
    }
}

TEST(Review, ACheckNamedTwiceInAFileIsComparedOccurrenceByOccurrence) {
    // The tool never writes a check twice, but a crafted or merged file can: the fuzzer found a report
    // whose second "drives" (WARNING) was compared with its first (PASSED) and called a regression when
    // the run was compared with itself.
    ReadRun run;
    ReadCheck passed;
    passed.id = "drives";
    passed.status = Status::Passed;
    ReadCheck warning = passed;
    warning.status = Status::Warning;
    run.checks = {passed, warning};
    const RunComparison itself = compare_runs(run, run);
    ASSERT_EQ(itself.changes.size(), 2U);
    EXPECT_EQ(itself.count(CheckChange::Kind::Same), 1U);
    EXPECT_EQ(itself.count(CheckChange::Kind::StillFailing), 1U) << "the WARNING compared with itself";
    EXPECT_EQ(itself.count(CheckChange::Kind::Regressed), 0U);

    ReadRun once;
    once.checks = {passed};
    const RunComparison grown = compare_runs(once, run);
    ASSERT_EQ(grown.changes.size(), 2U);
    EXPECT_EQ(grown.changes[0].kind, CheckChange::Kind::Same);
    EXPECT_EQ(grown.changes[1].kind, CheckChange::Kind::OnlyInNewer);
    const RunComparison shrunk = compare_runs(run, once);
    ASSERT_EQ(shrunk.changes.size(), 2U);
    EXPECT_EQ(shrunk.changes[1].kind, CheckChange::Kind::OnlyInOlder);
    EXPECT_EQ(shrunk.changes[1].before, Status::Warning);
}

TEST(Review, ChecksInOnlyOneRunAndChangedEvidenceAreNamed) {
    ReadRun a;
    a.checks.push_back({"drives", "", Status::Failed, "2 extra", {{"Drive Z:", "network", "absent"}}, "", "", "", "", "", {}});
    a.checks.push_back({"gone-check", "", Status::Passed, "", {}, "", "", "", "", "", {}});
    ReadRun b;
    b.checks.push_back({"drives", "", Status::Failed, "2 extra", {{"Drive Z:", "removable", "absent"}}, "", "", "", "", "", {}});
    b.checks.push_back({"new-check", "", Status::Passed, "", {}, "", "", "", "", "", {}});
    const RunComparison cmp = compare_runs(a, b);
    ASSERT_EQ(cmp.changes.size(), 3U);
    EXPECT_EQ(cmp.changes[0].kind, CheckChange::Kind::StillFailing);
    ASSERT_EQ(cmp.changes[0].evidence_changes.size(), 1U);
    EXPECT_EQ(cmp.changes[0].evidence_changes[0], "Drive Z:: network -> removable");
    EXPECT_EQ(cmp.changes[1].kind, CheckChange::Kind::OnlyInNewer);
    EXPECT_EQ(cmp.changes[2].kind, CheckChange::Kind::OnlyInOlder);
}

// ---- HTML ----

TEST(HtmlReport, EscapeTurnsEveryMarkupCharacterIntoAnEntity) {
    EXPECT_EQ(html_escape("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    EXPECT_EQ(html_escape("a \"quoted\" value & more"), "a &quot;quoted&quot; value &amp; more");
    EXPECT_EQ(html_escape("&amp;"), "&amp;amp;");
    EXPECT_EQ(html_escape("C:\\Users\\B\xC3\xBCro"), "C:\\Users\\B\xC3\xBCro");
}

TEST(HtmlReport, TextFromTheMachineCannotAddMarkupToThePage) {
    ReadRun run;
    run.machine_name = "<img src=x onerror=alert(1)>";
    run.verdict = "Not ready";
    run.checks.push_back({"drives\"><script>", "Only C: & D:", Status::Failed, "<script>alert(1)</script>",
                          {{"Drive <b>Z:</b>", "\"network\" & 'mapped'", "absent"}}, "", "", "", "", "", {}});
    const std::string page = html_report(run);
    EXPECT_EQ(page.find("<script"), std::string::npos);
    EXPECT_EQ(page.find("<img"), std::string::npos);
    EXPECT_EQ(page.find("<b>"), std::string::npos);
    EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(page.find("&quot;network&quot; &amp; &#39;mapped&#39;"), std::string::npos);
    EXPECT_NE(page.find("id=\"check-drives&quot;&gt;&lt;script&gt;\""), std::string::npos);
}

TEST(HtmlReport, IsOneSelfContainedPageWithTheVerdictFirstAndEveryCheck) {
    const auto dir = test::make_temp_dir("ic-reader");
    const Written w = run_and_write(test::engine_checks(), machine_with_problems(), dir);
    const std::string page = html_report(parse_report(w.report_text));
    EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0U);
    EXPECT_EQ(page.find("<script"), std::string::npos);
    EXPECT_EQ(page.find("http://"), std::string::npos);
    EXPECT_EQ(page.find("https://"), std::string::npos);
    EXPECT_EQ(page.find("<link"), std::string::npos);
    const auto verdict = page.find("class=\"verdict bad\"");
    ASSERT_NE(verdict, std::string::npos);
    for (const auto& o : w.summary.outcomes) {
        SCOPED_TRACE(o.info.id);
        const auto at = page.find("id=\"check-" + o.info.id + "\"");
        ASSERT_NE(at, std::string::npos);
        EXPECT_LT(verdict, at);
    }
    EXPECT_NE(page.find("FAILED</span>"), std::string::npos);
    EXPECT_NE(page.find("<code>AdditionalDrivesPresent</code>"), std::string::npos);
    EXPECT_NE(page.find("<th scope=\"col\">Observed</th>"), std::string::npos);
}

}  // namespace
}  // namespace ic
