#include "imagechecker/html_report.h"

#include <fmt/format.h>

#include "imagechecker/version.h"

namespace ic {

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            case '\0': out += "\xEF\xBF\xBD"; break;  // U+FFFD: a NUL has no place in a page
            default: out += c;
        }
    }
    return out;
}

namespace {

// Short alias: every machine string passes through html_escape, nothing else writes text into the page.
std::string h(std::string_view text) { return html_escape(text); }

struct Look {
    const char* css;    // class name
    const char* glyph;  // the icon's character
    const char* word;
};

Look look_for(const std::optional<Status>& s) {
    if (!s) return {"none", "\xE2\x80\xA6", "NO RESULT"};
    switch (*s) {
        case Status::Passed: return {"passed", "\xE2\x9C\x93", "PASSED"};
        case Status::Warning: return {"warning", "!", "WARNING"};
        case Status::Failed: return {"failed", "\xE2\x9C\x95", "FAILED"};
        case Status::Skipped: return {"skipped", "\xE2\x80\x93", "SKIPPED"};
        case Status::Error: return {"error", "?", "ERROR"};
    }
    return {"none", "?", "?"};
}

std::string badge(const std::optional<Status>& s) {
    const Look l = look_for(s);
    return fmt::format(R"(<span class="badge {}"><span class="icon" aria-hidden="true">{}</span> {}</span>)", l.css, l.glyph, l.word);
}

constexpr const char* kStyle = R"(
body{font-family:"Segoe UI",system-ui,-apple-system,"DejaVu Sans",Arial,sans-serif;color:#1b1b1b;margin:2em auto;max-width:62em;padding:0 1em;line-height:1.4}
h1{font-size:1.5em;margin:0 0 .2em}
h2{font-size:1.2em;margin:1.6em 0 .5em;border-bottom:1px solid #ccc;padding-bottom:.2em}
h3{font-size:1.05em;margin:0 0 .3em}
.verdict{border-radius:6px;padding:.8em 1em;margin:1em 0;border:2px solid}
.verdict.ok{background:#e8f5e9;border-color:#1e7b34}
.verdict.bad{background:#fdecea;border-color:#c62828}
.verdict .big{font-size:1.35em;font-weight:bold}
table{border-collapse:collapse;width:100%;margin:.4em 0}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f3f3}
table.facts th{width:12em}
table.overview th:first-child{width:8.5em}table.overview th:nth-child(2){width:36%}
.badge{display:inline-block;white-space:nowrap;font-weight:bold;padding:.05em .5em .05em .1em;border-radius:1em;border:1px solid}
.icon{display:inline-block;width:1.3em;height:1.3em;line-height:1.3em;text-align:center;border-radius:50%;color:#fff;font-size:.9em}
.passed{color:#1e7b34}.passed .icon{background:#1e7b34}
.warning{color:#8a5300}.warning .icon{background:#b26a00}
.failed{color:#c62828}.failed .icon{background:#c62828}
.error{color:#6a1b9a}.error .icon{background:#6a1b9a}
.skipped,.none{color:#555}.skipped .icon,.none .icon{background:#757575}
.check{border:1px solid #ddd;border-radius:6px;padding:.7em 1em;margin:.8em 0;break-inside:avoid;page-break-inside:avoid}
.check .label{font-weight:bold}
.muted{color:#555}
.partial{background:#fff8e1;border:1px solid #b26a00;border-radius:6px;padding:.5em 1em}
code{font-family:Consolas,"DejaVu Sans Mono",monospace;font-size:.95em}
@media print{body{margin:0;max-width:none}.check{border-color:#999}a{color:inherit;text-decoration:none}}
)";

std::string fact_row(const char* label, const std::string& value) {
    return fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n", label, value.empty() ? "<span class=\"muted\">not in the file</span>" : h(value));
}


std::string state_text(const ReadJournalEntry& e) {
    if (e.state == "pending") return "pending \xE2\x80\x94 may have been applied";
    if (e.state == "applied") return e.undoable ? "applied, not undone" : "applied, cannot be undone";
    if (e.state == "undone") return "applied, then undone";
    if (e.state == "failed") return "failed, nothing changed";
    return e.state;
}

// The journal's changes that `wanted` selects, as a table (empty when it selects none); with `name_check`
// a first column names the check.
template <typename Wanted>
std::string changes_table(const ReadJournal& journal, Wanted wanted, bool name_check) {
    std::string rows;
    for (const auto& e : journal.entries) {
        if (!wanted(e)) continue;
        rows += "<tr>" + (name_check ? "<td>" + h(e.check_id) + "</td>" : std::string()) +
                fmt::format("<td>{}</td><td>{}</td><td>{} \xE2\x86\x92 {}</td><td>{}{}</td></tr>\n", h(e.what), h(e.where), h(e.before), h(e.after),
                            h(state_text(e)), journal.several_batches() ? h(fmt::format(" (fix {} of the run)", e.batch)) : std::string());
    }
    if (rows.empty()) return {};
    return std::string("<table class=\"fixes\"><thead><tr>") + (name_check ? "<th scope=\"col\">Check</th>" : "") +
           "<th scope=\"col\">Change made</th><th scope=\"col\">Where</th><th scope=\"col\">Before \xE2\x86\x92 after</th><th "
           "scope=\"col\">Undo state</th></tr></thead><tbody>\n" +
           rows + "</tbody></table>\n";
}

std::string check_section(const ReadRun& run, const ReadCheck& c) {
    std::string out = fmt::format("<section class=\"check\" id=\"check-{}\">\n<h3>{} {}</h3>\n", h(c.id), badge(c.status),
                                  h(c.title.empty() ? c.id : c.title));
    out += fmt::format("<p class=\"muted\">Check id <code>{}</code>{}</p>\n", h(c.id),
                       c.duration_ms ? fmt::format(", took {} ms", *c.duration_ms) : std::string());
    out += fmt::format("<p><span class=\"label\">Found:</span> {}</p>\n", h(c.summary.empty() ? "(no summary in the file)" : c.summary));
    if (!c.evidence.empty()) {
        out += "<table class=\"evidence\"><thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Observed</th><th scope=\"col\">Expected</th></tr></thead><tbody>\n";
        for (const auto& e : c.evidence)
            out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", h(e.item), h(e.observed), e.expected.empty() ? "\xE2\x80\x94" : h(e.expected));
        out += "</tbody></table>\n";
    }
    const bool problem = c.status && *c.status != Status::Passed && *c.status != Status::Skipped;
    if (!c.rationale.empty()) out += fmt::format("<p><span class=\"label\">Why it matters:</span> {}</p>\n", h(c.rationale));
    if (problem && !c.resolution.empty() && *c.status != Status::Error)
        out += fmt::format("<p><span class=\"label\">How to resolve it:</span> {}</p>\n", h(c.resolution));
    if (!c.aws_error_code.empty())
        out += fmt::format("<p><span class=\"label\">AWS error code it prevents:</span> <code>{}</code></p>\n", h(c.aws_error_code));
    if (!c.fix_kind.empty())
        out += fmt::format("<p><span class=\"label\">Fix by the tool ({}):</span> {}</p>\n",
                           c.fix_kind == "automatic" ? "Fix All Warnings" : "on request, for this check alone", h(c.fix_description));
    if (run.journal) out += changes_table(*run.journal, [&](const ReadJournalEntry& e) { return e.check_id == c.id; }, false);
    out += "</section>\n";
    return out;
}

std::string comparison_section(const RunComparison& cmp) {
    std::string out = "<h2>What changed since the older run</h2>\n";
    out += fmt::format("<p>Older: {} (started {}). Newer: {} (started {}).{}</p>\n", h(cmp.older.file), h(cmp.older.started), h(cmp.newer.file),
                       h(cmp.newer.started), cmp.same_machine ? "" : " <strong>These runs are of two different machines.</strong>");
    out += "<table><thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Change</th><th scope=\"col\">Before</th><th scope=\"col\">Now</th><th scope=\"col\">Details</th></tr></thead><tbody>\n";
    for (const auto& c : cmp.changes) {
        if (c.kind == CheckChange::Kind::Same) continue;
        std::string details = h(c.after_summary);
        for (const auto& e : c.evidence_changes) details += "<br>" + h(e);
        out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", h(c.title.empty() ? c.id : c.title), h(to_string(c.kind)),
                           c.kind == CheckChange::Kind::OnlyInNewer ? "\xE2\x80\x94" : badge(c.before),
                           c.kind == CheckChange::Kind::OnlyInOlder ? "\xE2\x80\x94" : badge(c.after), details);
    }
    out += fmt::format("</tbody></table>\n<p class=\"muted\">{} check{} unchanged.</p>\n", cmp.count(CheckChange::Kind::Same),
                       cmp.count(CheckChange::Kind::Same) == 1 ? "" : "s");
    return out;
}

}  // namespace

std::string html_report(const ReadRun& run, const RunComparison* comparison) {
    std::size_t passed = 0;
    bool all_ok = !run.checks.empty() && run.finished;
    for (const auto& c : run.checks) {
        if (c.status == Status::Passed) ++passed;
        if (!c.status || (*c.status != Status::Passed && *c.status != Status::Skipped)) all_ok = false;
    }
    all_ok = all_ok && passed > 0;
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += fmt::format("<title>ImageChecker report \xE2\x80\x94 {}</title>\n", h(run.machine_name.empty() ? "unknown machine" : run.machine_name));
    out += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
    out += fmt::format("<h1>Is {} ready to become a custom WorkSpaces image?</h1>\n", h(run.machine_name.empty() ? "this WorkSpace" : run.machine_name));
    // The verdict sentence starts with the headline ("Not ready: …"); the headline is shown once.
    std::string detail = run.verdict.empty() ? "The run did not finish: there is no verdict." : run.verdict;
    for (const char* lead : {"Not ready: ", "Validation Successful: "})
        if (detail.rfind(lead, 0) == 0) detail = detail.substr(std::string(lead).size());
    out += fmt::format("<div class=\"verdict {}\" role=\"status\"><div class=\"big\">{}</div>{}</div>\n", all_ok ? "ok" : "bad",
                       all_ok ? "Validation Successful" : "Not ready",
                       h(detail) +
                           (run.totals.empty() ? std::string() : "<br><span class=\"muted\">" + h(run.totals) + "</span>"));
    if (!run.missing.empty()) {
        out += "<div class=\"partial\"><strong>This report is partial.</strong><ul>\n";
        for (const auto& m : run.missing) out += "<li>" + h(m) + "</li>\n";
        out += "</ul></div>\n";
    }
    if (comparison != nullptr) out += comparison_section(*comparison);

    out += "<h2>The run</h2>\n<table class=\"facts\"><tbody>\n";
    out += fact_row("Machine", run.machine_name);
    out += fact_row("Operating system", os_description(run));
    out += fact_row("User checked", run.user_checked + (run.user_source.empty() ? "" : " (chosen from: " + run.user_source + ")"));
    out += fact_row("Ran as", run.run_as);
    out += fact_row("Elevated", run.elevated);
    out += fact_row("Started", run.started);
    out += fact_row("Answers from", run.source);
    out += fact_row("Tool version", run.tool_version.empty() ? std::string() : "ImageChecker " + run.tool_version);
    for (const auto& [key, value] : run.other_facts)
        out += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n", h(key.empty() ? "Note" : key), h(value));
    if (!run.file.empty()) out += fact_row("Read from", run.file);
    out += "</tbody></table>\n";

    out += "<h2>Checks</h2>\n<table class=\"overview\"><thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Check</th><th scope=\"col\">Result</th></tr></thead><tbody>\n";
    for (const auto& c : run.checks)
        out += fmt::format("<tr><td>{}</td><td><a href=\"#check-{}\">{}</a></td><td>{}</td></tr>\n", badge(c.status), h(c.id),
                           h(c.title.empty() ? c.id : c.title), h(c.summary));
    out += "</tbody></table>\n";

    // Problems first, then the rest, each with everything known about it.
    for (const bool problems : {true, false}) {
        bool heading = false;
        for (const auto& c : run.checks) {
            const bool problem = !c.status || (*c.status != Status::Passed && *c.status != Status::Skipped);
            if (problem != problems) continue;
            if (!heading) out += problems ? "<h2>What needs attention</h2>\n" : "<h2>Passed or not applicable</h2>\n";
            heading = true;
            out += check_section(run, c);
        }
    }

    if (run.journal) {
        out += fmt::format("<h2>Undo journal</h2>\n<p>{}</p>\n", h(run.journal->path));
        if (!run.journal->error.empty()) out += "<p>It could not be read: " + h(run.journal->error) + "</p>\n";
        else if (run.journal->entries.empty()) out += "<p>No changes were recorded.</p>\n";
        else out += "<p>Each change is listed under its check above, with its undo state.</p>\n";
        // A change whose check is not in this file (the journal of a run with other checks) is shown here.
        const std::string others = changes_table(*run.journal, [&](const ReadJournalEntry& e) { return run.find(e.check_id) == nullptr; }, true);
        if (!others.empty()) out += "<p>Changes by checks this file does not list:</p>\n" + others;
    }
    bool any = false;
    for (const auto& f : run.fix_lines) {
        if (!any) out += "<h2>Fix and undo events in the log</h2>\n<table><thead><tr><th scope=\"col\">Event</th><th scope=\"col\">Check</th><th scope=\"col\">What</th></tr></thead><tbody>\n";
        any = true;
        out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", h(f.tag), h(f.check_id), h(f.text));
    }
    if (any) out += "</tbody></table>\n";
    out += fmt::format("<p class=\"muted\">Made by {} {} from {}.</p>\n</body>\n</html>\n", kToolName, kToolVersion,
                       run.kind == ReadRun::Kind::Log ? "a log" : "a JSON report");
    return out;
}

}  // namespace ic
