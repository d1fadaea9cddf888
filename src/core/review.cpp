#include "imagechecker/review.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "imagechecker/format.h"

namespace ic {

using nlohmann::json;

namespace {

bool passed_or_skipped(const std::optional<Status>& s) { return s && (*s == Status::Passed || *s == Status::Skipped); }

std::string status_text(const std::optional<Status>& s) { return s ? to_string(*s) : std::string("NO RESULT"); }

std::string or_unknown(const std::string& s) { return s.empty() ? std::string("(not in the file)") : s; }


std::string fix_text(const ReadCheck& c) {
    if (c.fix_kind == "automatic") return "the tool can fix it (Fix All Warnings): " + c.fix_description;
    if (c.fix_kind == "on-request") return "the tool can fix it when asked for this check alone: " + c.fix_description;
    return {};
}

std::string journal_state_text(const ReadJournalEntry& e) {
    if (e.state == "pending") return "pending: may have been applied (the program stopped before it could record the outcome)";
    if (e.state == "applied") return e.undoable ? "applied, not undone" : "applied, cannot be undone";
    if (e.state == "undone") return "applied, then undone";
    if (e.state == "failed") return "failed, nothing changed";
    if (e.state == "undo-failed") return "applied; undo failed";
    if (e.state == "not-undone") return "applied; undo left it as it was";
    return e.state;
}

json evidence_json(const std::vector<Evidence>& evidence) {
    json out = json::array();
    for (const auto& e : evidence) out.push_back({{"item", e.item}, {"observed", e.observed}, {"expected", e.expected}});
    return out;
}

json check_json(const ReadCheck& c) {
    return {{"id", c.id},
            {"title", c.title},
            {"status", c.status ? json(to_string(*c.status)) : json(nullptr)},
            {"summary", c.summary},
            {"evidence", evidence_json(c.evidence)},
            {"aws_error_code", c.aws_error_code.empty() ? json(nullptr) : json(c.aws_error_code)},
            {"fix", c.fix_kind.empty() ? json(nullptr) : json({{"kind", c.fix_kind}, {"description", c.fix_description}})},
            {"resolution", c.resolution},
            {"rationale", c.rationale}};
}

/// One-line form of evidence for comparing two runs (a log folds line breaks; a report does not).
std::string norm(const std::string& s) { return one_line(s); }

}  // namespace

std::string os_description(const ReadRun& run) {
    if (run.os_product.empty()) return {};
    std::string text = run.os_product;
    if (!run.os_version.empty()) text += ", version " + run.os_version;
    if (!run.os_build.empty()) text += ", build " + run.os_build;
    if (!run.os_edition.empty()) text += " (" + run.os_edition + ")";
    return text;
}

void fill_from_catalogue(ReadRun& run, const std::vector<CheckInfo>& catalogue) {
    for (auto& c : run.checks) {
        const auto info = std::find_if(catalogue.begin(), catalogue.end(), [&](const CheckInfo& i) { return i.id == c.id; });
        if (info == catalogue.end()) continue;
        if (c.title.empty()) c.title = info->title;
        if (c.rationale.empty()) c.rationale = info->rationale;
        if (c.resolution.empty()) c.resolution = info->resolution;
        const bool problem = c.status && !passed_or_skipped(c.status) && *c.status != Status::Error;
        if (c.aws_error_code.empty() && problem) c.aws_error_code = info->aws_error_code;
    }
}

// ---- One run ----

std::string review_text(const ReadRun& run) {
    std::string out;
    out += fmt::format("{} {}{}\n", run.kind == ReadRun::Kind::Log ? "Log" : "JSON report", run.file.empty() ? "(text)" : run.file,
                       run.tool_version.empty() ? "" : ", written by ImageChecker " + run.tool_version);
    out += fmt::format("  Machine:  {}\n", or_unknown(run.machine_name));
    out += fmt::format("  OS:       {}\n", or_unknown(os_description(run)));
    out += fmt::format("  User:     {}{}\n", or_unknown(run.user_checked), run.user_source.empty() ? "" : " (chosen from: " + run.user_source + ")");
    out += fmt::format("  Run as:   {}; elevated: {}\n", or_unknown(run.run_as), or_unknown(run.elevated));
    out += fmt::format("  Started:  {}{}\n", or_unknown(run.started), run.source.empty() ? "" : " (answers from: " + run.source + ")");
    for (const auto& [key, value] : run.other_facts) out += fmt::format("  {}{}{}\n", key, key.empty() ? "" : ": ", value);
    out += fmt::format("  Verdict:  {}\n", run.verdict.empty() ? "(none: the run did not finish)" : run.verdict);
    if (!run.totals.empty()) out += fmt::format("  Totals:   {}\n", run.totals);

    std::vector<const ReadCheck*> problems;
    for (const auto& c : run.checks)
        if (!passed_or_skipped(c.status)) problems.push_back(&c);
    out += fmt::format("\n{} of {} check{} need{} attention{}\n", problems.size(), run.checks.size(), run.checks.size() == 1 ? "" : "s",
                       problems.size() == 1 ? "s" : "", problems.empty() ? "." : ":");
    for (const ReadCheck* c : problems) {
        out += fmt::format("\n  {:<9} {}{}\n", status_text(c->status), c->id, c->title.empty() ? "" : " \xE2\x80\x94 " + c->title);
        if (!c->summary.empty()) out += fmt::format("            {}\n", c->summary);
        for (const auto& e : c->evidence)
            out += fmt::format("            - {}: {}{}\n", e.item, e.observed, e.expected.empty() ? "" : " (expected: " + e.expected + ")");
        if (!c->aws_error_code.empty()) out += fmt::format("            AWS error code it prevents: {}\n", c->aws_error_code);
        const std::string fix = fix_text(*c);
        if (!fix.empty()) out += fmt::format("            Fix: {}\n", fix);
        else if (c->status && *c->status != Status::Error && !c->resolution.empty())
            out += fmt::format("            To resolve by hand: {}\n", c->resolution);
    }

    bool any_skipped = false;
    for (const auto& c : run.checks) {
        if (c.status != Status::Skipped) continue;
        if (!any_skipped) out += "\nSkipped (does not apply here; the reason):\n";
        any_skipped = true;
        out += fmt::format("  {:<9} {}: {}\n", "SKIPPED", c.id, c.summary);
    }

    bool any_fix = false;
    for (const auto& f : run.fix_lines) {
        if (f.tag != "CHANGE" && f.tag != "RECHECK" && f.tag != "UNDO") continue;
        if (!any_fix) out += "\nFixes made in this run (from the log):\n";
        any_fix = true;
        out += fmt::format("  {:<8} [{}] {}\n", f.tag, f.check_id, f.text);
    }
    if (run.journal) {
        out += fmt::format("\nUndo journal {}:\n", run.journal->path);
        if (!run.journal->error.empty()) out += "  could not be read: " + run.journal->error + "\n";
        if (run.journal->entries.empty() && run.journal->error.empty()) out += "  no changes recorded\n";
        const bool batches = run.journal->several_batches();
        for (std::size_t i = 0; i < run.journal->entries.size(); ++i) {
            const auto& e = run.journal->entries[i];
            if (batches && (i == 0 || run.journal->entries[i - 1].batch != e.batch))
                out += fmt::format("  Fix {} of the run{}:\n", e.batch, e.batch_started.empty() ? "" : ", started " + e.batch_started);
            out += fmt::format("  [{}] {}\n      {}: {} -> {}\n      {}\n", e.check_id, e.what, e.where, e.before, e.after, journal_state_text(e));
        }
    } else if (!any_fix) {
        out += "\nNo fixes were made in this run (no CHANGE lines, no undo journal beside the file).\n";
    }

    if (!run.missing.empty()) {
        out += "\nThis review is partial:\n";
        for (const auto& m : run.missing) out += "  - " + m + "\n";
    }
    return out;
}

json review_json(const ReadRun& run) {
    json checks = json::array();
    for (const auto& c : run.checks) checks.push_back(check_json(c));
    json fixes = json::array();
    for (const auto& f : run.fix_lines) fixes.push_back({{"tag", f.tag}, {"check_id", f.check_id}, {"text", f.text}});
    json journal = nullptr;
    if (run.journal) {
        json entries = json::array();
        for (const auto& e : run.journal->entries)
            entries.push_back({{"check_id", e.check_id}, {"what", e.what}, {"where", e.where}, {"before", e.before}, {"after", e.after},
                               {"undoable", e.undoable}, {"state", e.state}, {"note", e.note}, {"batch", e.batch},
                               {"batch_started", e.batch_started.empty() ? json(nullptr) : json(e.batch_started)}});
        journal = {{"path", run.journal->path}, {"error", run.journal->error.empty() ? json(nullptr) : json(run.journal->error)}, {"changes", entries}};
    }
    json other = json::object();
    for (const auto& [key, value] : run.other_facts) other[key.empty() ? std::string("(unnamed)") : key] = value;
    return {{"file", run.file},
            {"kind", run.kind == ReadRun::Kind::Log ? "log" : "report"},
            {"tool_version", run.tool_version},
            {"machine", {{"name", run.machine_name},
                         {"os", {{"product_name", run.os_product}, {"version", run.os_version}, {"build", run.os_build}, {"edition", run.os_edition}}},
                         {"user_checked", run.user_checked},
                         {"user_source", run.user_source},
                         {"run_as", run.run_as},
                         {"elevated", run.elevated},
                         {"other", other}}},
            {"started", run.started},
            {"source", run.source},
            {"verdict", run.verdict},
            {"totals", run.totals},
            {"finished", run.finished},
            {"checks", checks},
            {"fix_lines", fixes},
            {"journal", journal},
            {"partial", !run.missing.empty()},
            {"missing", run.missing}};
}

// ---- Two runs ----

std::string to_string(CheckChange::Kind kind) {
    switch (kind) {
        case CheckChange::Kind::Fixed: return "fixed";
        case CheckChange::Kind::Regressed: return "regressed";
        case CheckChange::Kind::StillFailing: return "still failing";
        case CheckChange::Kind::StatusChanged: return "status changed";
        case CheckChange::Kind::EvidenceChanged: return "evidence changed";
        case CheckChange::Kind::Same: return "same";
        case CheckChange::Kind::OnlyInOlder: return "only in the older run";
        case CheckChange::Kind::OnlyInNewer: return "only in the newer run";
    }
    return "same";
}

std::size_t RunComparison::count(CheckChange::Kind kind) const {
    return static_cast<std::size_t>(std::count_if(changes.begin(), changes.end(), [&](const CheckChange& c) { return c.kind == kind; }));
}

namespace {

std::vector<std::string> evidence_changes(const ReadCheck& a, const ReadCheck& b) {
    // Items keep their order; an item may appear more than once, so match the n-th occurrence.
    std::map<std::string, std::vector<std::string>> before;
    for (const auto& e : a.evidence) before[norm(e.item)].push_back(norm(e.observed));
    std::map<std::string, std::size_t> used;
    std::vector<std::string> out;
    for (const auto& e : b.evidence) {
        const std::string item = norm(e.item);
        auto& n = used[item];
        const auto it = before.find(item);
        if (it == before.end() || n >= it->second.size()) out.push_back(fmt::format("{}: (not there before) -> {}", item, norm(e.observed)));
        else if (it->second[n] != norm(e.observed)) out.push_back(fmt::format("{}: {} -> {}", item, it->second[n], norm(e.observed)));
        ++n;
    }
    for (const auto& [item, values] : before) {
        const std::size_t n = used.count(item) ? used[item] : 0;
        for (std::size_t i = n; i < values.size(); ++i) out.push_back(fmt::format("{}: {} -> (no longer reported)", item, values[i]));
    }
    return out;
}

}  // namespace

RunComparison compare_runs(ReadRun first, ReadRun second) {
    RunComparison cmp;
    const auto t1 = first.started_utc();
    const auto t2 = second.started_utc();
    cmp.reordered = t1 && t2 && *t2 < *t1;
    cmp.older = std::move(cmp.reordered ? second : first);
    cmp.newer = std::move(cmp.reordered ? first : second);
    cmp.same_machine = cmp.older.machine_name.empty() || cmp.newer.machine_name.empty() || cmp.older.machine_name == cmp.newer.machine_name;

    // A file may name a check more than once (a crafted or merged file; the tool never writes one): the
    // n-th time an id appears in the newer run is compared with its n-th time in the older.
    const auto nth = [](const ReadRun& run, const std::string& id, std::size_t n) -> const ReadCheck* {
        for (const auto& c : run.checks)
            if (c.id == id && n-- == 0) return &c;
        return nullptr;
    };
    std::map<std::string, std::size_t> matched;  // how many times each id of the newer run was compared
    for (const auto& b : cmp.newer.checks) {
        CheckChange change;
        change.id = b.id;
        change.title = b.title;
        change.after = b.status;
        change.after_summary = b.summary;
        const ReadCheck* a = nth(cmp.older, b.id, matched[b.id]++);
        if (a == nullptr) {
            change.kind = CheckChange::Kind::OnlyInNewer;
            cmp.changes.push_back(std::move(change));
            continue;
        }
        if (change.title.empty()) change.title = a->title;
        change.before = a->status;
        change.before_summary = a->summary;
        change.evidence_changes = evidence_changes(*a, b);
        const bool was_ok = passed_or_skipped(a->status);
        const bool is_ok = passed_or_skipped(b.status);
        if (!was_ok && b.status == Status::Passed) change.kind = CheckChange::Kind::Fixed;
        else if (a->status == Status::Passed && !is_ok) change.kind = CheckChange::Kind::Regressed;
        else if (!was_ok && !is_ok) change.kind = CheckChange::Kind::StillFailing;
        else if (a->status != b.status) change.kind = CheckChange::Kind::StatusChanged;
        else if (!change.evidence_changes.empty() || norm(a->summary) != norm(b.summary)) change.kind = CheckChange::Kind::EvidenceChanged;
        else change.kind = CheckChange::Kind::Same;
        cmp.changes.push_back(std::move(change));
    }
    std::map<std::string, std::size_t> older_seen;
    for (const auto& a : cmp.older.checks) {
        if (older_seen[a.id]++ < matched[a.id]) continue;  // compared above
        CheckChange change;
        change.kind = CheckChange::Kind::OnlyInOlder;
        change.id = a.id;
        change.title = a.title;
        change.before = a.status;
        change.before_summary = a.summary;
        cmp.changes.push_back(std::move(change));
    }
    return cmp;
}

std::string comparison_text(const RunComparison& cmp) {
    std::string out;
    auto describe = [](const char* label, const ReadRun& r) {
        return fmt::format("{} {} ({}; started {}; verdict: {})\n", label, r.file.empty() ? "(text)" : r.file, or_unknown(r.machine_name),
                           or_unknown(r.started), r.verdict.empty() ? "none, the run did not finish" : r.verdict);
    };
    out += describe("Older:", cmp.older);
    out += describe("Newer:", cmp.newer);
    if (cmp.reordered) out += "(given newest first; shown oldest first)\n";
    if (!cmp.same_machine)
        out += fmt::format("Note: these runs are of two different machines ({} and {}).\n", cmp.older.machine_name, cmp.newer.machine_name);
    out += fmt::format("\nFixed {}, regressed {}, still failing {}, other status changes {}, evidence changed {}, unchanged {}, only in one run {}\n",
                       cmp.count(CheckChange::Kind::Fixed), cmp.count(CheckChange::Kind::Regressed), cmp.count(CheckChange::Kind::StillFailing),
                       cmp.count(CheckChange::Kind::StatusChanged), cmp.count(CheckChange::Kind::EvidenceChanged), cmp.count(CheckChange::Kind::Same),
                       cmp.count(CheckChange::Kind::OnlyInOlder) + cmp.count(CheckChange::Kind::OnlyInNewer));
    const CheckChange::Kind order[] = {CheckChange::Kind::Fixed,          CheckChange::Kind::Regressed,       CheckChange::Kind::StillFailing,
                                       CheckChange::Kind::StatusChanged,  CheckChange::Kind::EvidenceChanged, CheckChange::Kind::OnlyInOlder,
                                       CheckChange::Kind::OnlyInNewer};
    for (const auto kind : order) {
        bool heading = false;
        for (const auto& c : cmp.changes) {
            if (c.kind != kind) continue;
            if (!heading) {
                std::string label = to_string(kind);
                label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
                out += "\n" + label + ":\n";
                heading = true;
            }
            out += fmt::format("  {} {}: {} -> {}\n", c.id, c.title.empty() ? "" : "(" + c.title + ")",
                               kind == CheckChange::Kind::OnlyInNewer ? "-" : status_text(c.before),
                               kind == CheckChange::Kind::OnlyInOlder ? "-" : status_text(c.after));
            if (kind == CheckChange::Kind::OnlyInOlder) {
                out += "      before: " + c.before_summary + "\n";
                continue;
            }
            if (kind != CheckChange::Kind::Fixed && norm(c.before_summary) != norm(c.after_summary) && !c.before_summary.empty())
                out += "      before: " + c.before_summary + "\n";
            out += "      now:    " + c.after_summary + "\n";
            for (const auto& e : c.evidence_changes) out += "      - " + e + "\n";
        }
    }
    for (const ReadRun* r : {&cmp.older, &cmp.newer}) {
        if (r->missing.empty()) continue;
        out += fmt::format("\n{} is partial:\n", r->file.empty() ? "(text)" : r->file);
        for (const auto& m : r->missing) out += "  - " + m + "\n";
    }
    return out;
}

json comparison_json(const RunComparison& cmp) {
    json changes = json::array();
    for (const auto& c : cmp.changes)
        changes.push_back({{"id", c.id},
                           {"title", c.title},
                           {"change", to_string(c.kind)},
                           {"before", c.before ? json(to_string(*c.before)) : json(nullptr)},
                           {"after", c.after ? json(to_string(*c.after)) : json(nullptr)},
                           {"before_summary", c.before_summary},
                           {"after_summary", c.after_summary},
                           {"evidence_changes", c.evidence_changes}});
    return {{"older", review_json(cmp.older)},
            {"newer", review_json(cmp.newer)},
            {"reordered", cmp.reordered},
            {"same_machine", cmp.same_machine},
            {"changes", changes}};
}

}  // namespace ic
