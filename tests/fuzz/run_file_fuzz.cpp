// Fuzz target: what `imagechecker review`, `compare` and `html` do with a file a customer sends:
// decode_text (BOMs, UTF-16, Windows-1252) then parse_run_text (a log or a JSON report, run_reader.h),
// exactly as read_run_file does after its size guard; then the review text and JSON, the comparison of
// the run with itself, and the HTML page.
// Invariants: a refusal is a RunFileError, nothing else escapes; the decoded text is valid UTF-8, so the
// JSON outputs can be written; the page holds no markup but the report's own (every '<' opens one of its
// tags: text from the file cannot add a tag, a script or an attribute); a run compared with itself has
// no fixed, regressed or changed check; and the checks read, written back by the program's own writers
// (RunLog for a log, build_report for a report) and read again, have the same ids, statuses, summaries
// and evidence, and the run the same machine name (through a log only when the ids are distinct and ones
// the program can write, and no evidence item holds " = ": a report read back may hold any string as an
// id, or one id twice, while a log line names its check as "[id]" and splits evidence at " = ").
#include "fuzz_support.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <nlohmann/json.hpp>

#include "imagechecker/check_registry.h"
#include "imagechecker/format.h"
#include "imagechecker/html_report.h"
#include "imagechecker/report.h"
#include "imagechecker/review.h"
#include "imagechecker/run_log.h"
#include "imagechecker/run_reader.h"

using namespace ic;

namespace {

void check_page_markup(const std::string& page) {
    static const std::set<std::string> tags{"html", "head", "meta", "title", "style", "body", "section", "div", "h1", "h2", "h3",
                                            "p", "span", "strong", "code", "br", "ul", "li", "table", "thead", "tbody", "tr",
                                            "th", "td", "a"};
    for (std::size_t at = page.find('<'); at != std::string::npos; at = page.find('<', at + 1)) {
        if (page.compare(at, 9, "<!DOCTYPE") == 0) continue;
        std::size_t name = at + 1;
        if (name < page.size() && page[name] == '/') ++name;
        std::size_t end = name;
        while (end < page.size() && ((page[end] >= 'a' && page[end] <= 'z') || (page[end] >= '0' && page[end] <= '9'))) ++end;
        IC_FUZZ_CHECK(tags.count(page.substr(name, end - name)) == 1, "every '<' of the page opens one of the report's own tags");
    }
}

// The run as the program's writers take it: the checks with a status, with what the file said of them.
RunSummary summary_of(const ReadRun& run) {
    RunSummary summary;
    summary.machine.machine_name.value = run.machine_name;
    summary.machine.user_checked.value = run.user_checked;
    summary.machine.user_source = run.user_source;
    summary.machine.run_as.value = run.run_as;
    summary.source = run.source;
    summary.started = summary.finished = std::chrono::system_clock::now();
    for (const auto& c : run.checks) {
        if (!c.status) continue;
        CheckOutcome outcome;
        outcome.info.id = c.id;
        outcome.info.title = c.title;
        outcome.info.aws_error_code = c.aws_error_code;
        outcome.info.resolution = c.resolution;
        outcome.result.status = *c.status;
        outcome.result.summary = c.summary;
        outcome.result.evidence = c.evidence;
        if (!c.fix_kind.empty()) outcome.result.fix = FixOffer{c.fix_kind == "automatic", c.fix_description};
        summary.outcomes.push_back(outcome);
        ++summary.verdict.counts[*c.status];
    }
    return summary;
}

void check_same_checks(const ReadRun& first, const ReadRun& again, const char* how) {
    std::vector<const ReadCheck*> kept;
    for (const auto& c : first.checks)
        if (c.status) kept.push_back(&c);
    IC_FUZZ_CHECK(again.checks.size() == kept.size(), std::string("the checks written back ") + how + " are as many");
    IC_FUZZ_CHECK(one_line(again.machine_name) == one_line(first.machine_name), std::string("the machine name written back ") + how + " reads the same");
    for (std::size_t i = 0; i < kept.size(); ++i) {
        const ReadCheck& a = *kept[i];
        const ReadCheck& b = again.checks[i];
        IC_FUZZ_CHECK(b.id == a.id && b.status == a.status, std::string("a check written back ") + how + " has the same id and status: [" +
                                                                 a.id + "] " + (a.status ? to_string(*a.status) : "none") + " became [" + b.id +
                                                                 "] " + (b.status ? to_string(*b.status) : "none"));
        IC_FUZZ_CHECK(one_line(b.summary) == one_line(a.summary), std::string("a summary written back ") + how + " reads the same");
        IC_FUZZ_CHECK(b.evidence.size() == a.evidence.size(), std::string("evidence written back ") + how + " is as long");
        for (std::size_t e = 0; e < a.evidence.size(); ++e)
            IC_FUZZ_CHECK(one_line(b.evidence[e].item) == one_line(a.evidence[e].item) &&
                              one_line(b.evidence[e].observed) == one_line(a.evidence[e].observed) &&
                              one_line(b.evidence[e].expected) == one_line(a.evidence[e].expected),
                          std::string("evidence written back ") + how + " reads the same: [" + a.evidence[e].item + "] = [" +
                              a.evidence[e].observed + "] (expected: [" + a.evidence[e].expected + "]) became [" + b.evidence[e].item +
                              "] = [" + b.evidence[e].observed + "] (expected: [" + b.evidence[e].expected + "])");
    }
}

std::string log_written_back(const ReadRun& run) {
    static const std::string path =
        (std::filesystem::temp_directory_path() / ("ic-fuzz-run-file-" + std::to_string(::getpid()) + ".log")).string();
    std::filesystem::remove(path);
    const RunSummary summary = summary_of(run);
    {
        RunLog log(path);
        std::vector<CheckInfo> infos;
        for (const auto& o : summary.outcomes) infos.push_back(o.info);
        log.run_started(summary.machine, infos, RunOptions{}, summary.source);
        for (std::size_t i = 0; i < summary.outcomes.size(); ++i) {
            log.check_started(i, summary.outcomes[i].info);
            log.check_finished(i, summary.outcomes[i]);
        }
        log.run_finished(summary);
    }
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(path);
    return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> notes;
    const std::string text = decode_text(std::string_view(reinterpret_cast<const char*>(data), size), notes);
    IC_FUZZ_CHECK(ic::fuzz::valid_utf8(text), "decoded text is valid UTF-8");
    ReadRun run;
    try {
        run = parse_run_text(text);
    } catch (const RunFileError& e) {
        IC_FUZZ_CHECK(e.what()[0] != '\0', "a refusal says why");
        return 0;
    }

    // What support sees of it.
    (void)review_text(run);
    (void)review_json(run).dump();
    const RunComparison itself = compare_runs(run, run);
    for (const auto kind : {CheckChange::Kind::Fixed, CheckChange::Kind::Regressed, CheckChange::Kind::StatusChanged,
                            CheckChange::Kind::EvidenceChanged, CheckChange::Kind::OnlyInOlder, CheckChange::Kind::OnlyInNewer})
        IC_FUZZ_CHECK(itself.count(kind) == 0, "a run compared with itself has changed in nothing: " + to_string(kind));
    (void)comparison_json(itself).dump();
    check_page_markup(html_report(run));
    check_page_markup(html_report(run, &itself));

    // Written back by the program's own writers and read again.
    const std::string report = build_report(summary_of(run), ReportLinks{}).dump(2);
    check_same_checks(run, parse_report(report), "in a report");
    // The log names a check by its id ("[id]" on each of its lines), so only distinct ids the program can
    // write (kebab-case, is_valid_check_id) come back from it as they were; a report may hold any string,
    // and the same id twice.
    // An evidence item holding " = " is read back split there (docs/log-format.md, the limits of the
    // line format), so such a run too is compared through the report only.
    std::set<std::string> ids;
    const auto fits_a_log = [&](const ReadCheck& c) {
        if (!c.status) return true;
        const bool items = std::none_of(c.evidence.begin(), c.evidence.end(), [](const Evidence& e) { return one_line(e.item).find(" = ") != std::string::npos; });
        return items && is_valid_check_id(c.id) && ids.insert(c.id).second;
    };
    const bool log_ids = std::all_of(run.checks.begin(), run.checks.end(), fits_a_log);
    if (log_ids) check_same_checks(run, parse_log(log_written_back(run)), "in a log");
    return 0;
}
