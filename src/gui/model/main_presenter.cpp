#include "main_presenter.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ic::gui {

std::string row_state_text(RowState state) {
    switch (state) {
        case RowState::ToBeTested: return "To be tested";
        case RowState::Checking: return "Checking\xE2\x80\xA6";
        case RowState::Passed: return "PASSED";
        case RowState::Warning: return "WARNING";
        case RowState::Failed: return "FAILED";
        case RowState::Skipped: return "SKIPPED";
        case RowState::Error: return "ERROR";
    }
    return "ERROR";
}

std::string user_line(const MachineFacts& machine) {
    if (machine.user_checked.value.empty())
        return "Profile checked: nobody \xE2\x80\x94 the WorkSpace user could not be determined: " + machine.user_checked.error;
    return "Profile checked: " + machine.user_checked.value + (machine.user_source.empty() ? std::string() : " (" + machine.user_source + ")");
}

RowState row_state_for(Status status) {
    switch (status) {
        case Status::Passed: return RowState::Passed;
        case Status::Warning: return RowState::Warning;
        case Status::Failed: return RowState::Failed;
        case Status::Skipped: return RowState::Skipped;
        case Status::Error: return RowState::Error;
    }
    return RowState::Error;
}

MainPresenter::MainPresenter(std::vector<CheckInfo> checks) : checks_(std::move(checks)) {
    for (const auto& info : checks_) rows_.push_back({info.id, info.title, RowState::ToBeTested, {}});
    outcomes_.resize(checks_.size());
}

RowView* MainPresenter::row(const std::string& id) {
    auto it = std::find_if(rows_.begin(), rows_.end(), [&](const RowView& r) { return r.id == id; });
    return it == rows_.end() ? nullptr : &*it;
}

// ---- Events ----

void MainPresenter::run_started() {
    opened_.reset();
    running_ = true;
    cancelling_ = false;
    done_ = 0;
    summary_.reset();
    log_path_.clear();
    for (auto& r : rows_) {
        r.state = RowState::ToBeTested;
        r.summary.clear();
    }
    std::fill(outcomes_.begin(), outcomes_.end(), std::nullopt);
}

void MainPresenter::check_started(const std::string& id) {
    if (auto* r = row(id)) r->state = RowState::Checking;
}

void MainPresenter::check_finished(const CheckOutcome& outcome) {
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        if (rows_[i].id != outcome.info.id) continue;
        rows_[i].state = row_state_for(outcome.result.status);
        rows_[i].summary = outcome.result.summary;
        if (!outcomes_[i]) ++done_;
        outcomes_[i] = outcome;
    }
}

void MainPresenter::run_finished(const RunSummary& summary, const std::string& log_path) {
    running_ = false;
    cancelling_ = false;
    has_run_ = true;
    summary_ = summary;
    log_path_ = log_path;
    for (const auto& outcome : summary.outcomes) check_finished(outcome);
}

void MainPresenter::cancel_requested() {
    if (running_) cancelling_ = true;
}

void MainPresenter::rechecked(const std::vector<CheckOutcome>& outcomes) {
    for (const auto& outcome : outcomes) {
        check_finished(outcome);
        if (!summary_) continue;
        for (auto& previous : summary_->outcomes)
            if (previous.info.id == outcome.info.id) previous = outcome;
    }
    refresh_verdict();
}

void MainPresenter::refresh_verdict() {
    if (summary_) summary_->verdict = compute_verdict(summary_->outcomes);
}

// ---- State ----

ButtonsView MainPresenter::buttons() const {
    ButtonsView b;
    b.run_label = has_run_ ? "&Rerun" : "&Run";
    b.run_enabled = !running_ && !opened_;
    b.cancel_enabled = running_ && !cancelling_;
    b.fix_all_enabled = !running_ && !read_only() && !fix_all_targets().empty();
    b.open_log_enabled = !running_ && !log_path_.empty();
    b.save_report_enabled = !running_ && (summary_.has_value() || opened_.has_value());
    return b;
}

void MainPresenter::show_read_run(const ReadRun& run, const std::vector<CheckInfo>& catalogue) {
    running_ = false;
    cancelling_ = false;
    has_run_ = true;
    summary_.reset();
    log_path_ = run.kind == ReadRun::Kind::Log ? run.file : std::string();
    checks_.clear();
    rows_.clear();
    outcomes_.clear();
    done_ = 0;
    for (const auto& c : run.checks) {
        CheckInfo info;
        const auto known = std::find_if(catalogue.begin(), catalogue.end(), [&](const CheckInfo& i) { return i.id == c.id; });
        if (known != catalogue.end()) info = *known;
        info.id = c.id;
        if (!c.title.empty()) info.title = c.title;
        if (info.title.empty()) info.title = c.id;
        if (!c.rationale.empty()) info.rationale = c.rationale;
        if (!c.resolution.empty()) info.resolution = c.resolution;
        if (!c.aws_error_code.empty()) info.aws_error_code = c.aws_error_code;
        if (c.fix_kind == "automatic") info.fix = FixKind::Automatic;
        else if (c.fix_kind == "on-request") info.fix = FixKind::OnRequest;
        checks_.push_back(info);
        RowView row{c.id, info.title, RowState::ToBeTested, c.summary};
        std::optional<CheckOutcome> outcome;
        if (c.status) {
            row.state = row_state_for(*c.status);
            CheckResult result;
            result.status = *c.status;
            result.summary = c.summary;
            result.evidence = c.evidence;
            if (!c.fix_kind.empty()) result.fix = FixOffer{c.fix_kind == "automatic", c.fix_description};
            if (c.duration_ms) result.duration = std::chrono::milliseconds(*c.duration_ms);
            outcome = CheckOutcome{info, result};
            ++done_;
        } else {
            row.summary = "No result in the file: the run stopped during this check.";
        }
        rows_.push_back(std::move(row));
        outcomes_.push_back(std::move(outcome));
    }
    opened_ = run;
}

std::string MainPresenter::progress_text() const { return fmt::format("{} of {}", done_, rows_.size()); }

HeadlineView MainPresenter::headline() const {
    if (opened_) {
        const std::string name = opened_->file.substr(opened_->file.find_last_of("/\\") == std::string::npos ? 0 : opened_->file.find_last_of("/\\") + 1);
        const bool ok = opened_->finished && std::all_of(opened_->checks.begin(), opened_->checks.end(), [](const ReadCheck& c) {
            return c.status && (*c.status == Status::Passed || *c.status == Status::Skipped);
        });
        std::string detail = opened_->verdict.empty() ? "The run did not finish: the file has no verdict." : opened_->verdict;
        detail += fmt::format(" (read-only: {} of {}{})", opened_->machine_name.empty() ? "unknown machine" : opened_->machine_name,
                              opened_->started.empty() ? "an unknown time" : opened_->started,
                              opened_->missing.empty() ? "" : fmt::format("; partial: {}", opened_->missing.front()));
        return {ok ? HeadlineView::Tone::Success : HeadlineView::Tone::Attention, "Opened " + name, detail};
    }
    // The progress ("7 of 24") is beside the bar; the headline stays the same for the whole run, so that
    // a run's events change no label but that one.
    if (running_ && cancelling_) return {HeadlineView::Tone::Neutral, "Cancelling\xE2\x80\xA6", "The run stops as soon as the test that is running allows."};
    if (running_) return {HeadlineView::Tone::Neutral, "Checking\xE2\x80\xA6", "Each row shows its result as soon as it is known. Cancel stops the run."};
    if (!summary_) return {HeadlineView::Tone::Neutral, "Ready to check", "Press Run to check whether this WorkSpace can become a custom image."};
    if (summary_->cancelled) return {HeadlineView::Tone::Attention, "Run cancelled", "The results are incomplete. Press Rerun to check again."};
    const RunVerdict& v = summary_->verdict;
    if (v.validation_successful())
        return {HeadlineView::Tone::Success, "Validation Successful",
                "Every test passed. Next: disconnect, then create the image from the WorkSpaces console (Actions, Create Image)."};
    if (v.applicable == 0) return {HeadlineView::Tone::Attention, "Nothing to check", "No test applies to this machine."};
    const std::size_t person = v.count(Status::Failed);
    const std::size_t tool = v.count(Status::Warning);
    const std::size_t unknown = v.count(Status::Error);
    std::vector<std::string> parts;
    if (person > 0) parts.push_back(fmt::format("{} need{} a person (see Info)", person, person == 1 ? "s" : ""));
    if (tool > 0) parts.push_back(fmt::format("{} the tool can fix (Fix All Warnings)", tool));
    if (unknown > 0) parts.push_back(fmt::format("{} could not be checked (see Info)", unknown));
    return {HeadlineView::Tone::Attention, "Not ready", fmt::format("{}.", fmt::join(parts, "; "))};
}

std::vector<std::string> MainPresenter::fix_all_targets() const {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].state == RowState::Warning && checks_[i].fix == FixKind::Automatic) ids.push_back(rows_[i].id);
    return ids;
}

const CheckOutcome* MainPresenter::outcome(const std::string& id) const {
    for (std::size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == id && outcomes_[i]) return &*outcomes_[i];
    return nullptr;
}

InfoView MainPresenter::info_view(const std::string& id) const {
    InfoView v;
    const auto info = std::find_if(checks_.begin(), checks_.end(), [&](const CheckInfo& c) { return c.id == id; });
    if (info == checks_.end()) return v;
    v.id = info->id;
    v.title = info->title;
    v.rationale = info->rationale;
    v.resolution = info->resolution;
    v.fix_kind = info->fix;
    for (const auto& r : rows_)
        if (r.id == id) v.state = r.state;
    if (const CheckOutcome* o = outcome(id)) {
        v.has_result = true;
        v.summary = o->result.summary;
        v.evidence = o->result.evidence;
        const Status s = o->result.status;
        if (o->result.fix) v.fix_description = o->result.fix->description;
        if (s == Status::Warning || s == Status::Failed || s == Status::Error) v.aws_error_code = info->aws_error_code;
        v.can_fix_on_request = !read_only() && !running_ && info->fix == FixKind::OnRequest && o->result.fix.has_value() &&
                               (s == Status::Failed || s == Status::Warning);
    } else {
        v.aws_error_code = info->aws_error_code;
    }
    return v;
}

std::string MainPresenter::info_text(const std::string& id) const {
    auto info = std::find_if(checks_.begin(), checks_.end(), [&](const CheckInfo& c) { return c.id == id; });
    if (info == checks_.end()) return {};
    std::string text = info->title + "\n\n";
    if (const CheckOutcome* o = outcome(id)) {
        text += fmt::format("Result: {} \xE2\x80\x94 {}\n\n", to_string(o->result.status), o->result.summary);
        if (!o->result.evidence.empty()) {
            text += "What was found:\n";
            for (const auto& e : o->result.evidence)
                text += fmt::format("  \xE2\x80\xA2 {}: {}{}\n", e.item, e.observed, e.expected.empty() ? "" : " (expected: " + e.expected + ")");
            text += "\n";
        }
        if (o->result.fix)
            text += fmt::format("What the tool can do ({}): {}\n\n", o->result.fix->automatic ? "Fix All Warnings" : "on request",
                                o->result.fix->description);
    } else {
        text += "Not checked yet.\n\n";
    }
    text += "Why it matters:\n" + info->rationale + "\n\n";
    text += "How to resolve it yourself:\n" + info->resolution + "\n";
    if (!info->aws_error_code.empty())
        text += "\nIf this is not resolved, image creation fails with the error code " + info->aws_error_code + ".\n";
    return text;
}

}  // namespace ic::gui
