#pragma once
/// \file
/// The window's logic without the window: what each row says, which buttons are enabled, the progress
/// and the headline, what Fix All Warnings would apply, and what Info shows. The wx frame only copies
/// this state onto its controls, so all of it is unit-tested without a display (Poedit's logic/_ui split).

#include <optional>
#include <string>
#include <vector>

#include "imagechecker/check.h"
#include "imagechecker/runner.h"

namespace ic::gui {

/// Where a row is in its life: before a run, while its check runs, and its result.
enum class RowState { ToBeTested, Checking, Passed, Warning, Failed, Skipped, Error };

/// "To be tested", "Checking…", "PASSED", "WARNING", "FAILED", "SKIPPED", "ERROR".
std::string row_state_text(RowState state);
RowState row_state_for(Status status);

/// Whose profile the tests look at and which rule chose them, for the line under the window's title:
/// "Profile checked: CORP\\jdoe (the owner of the only profile on D:\\Users ...)", or why nobody was.
std::string user_line(const MachineFacts& machine);

/// One line of the check list as shown.
struct RowView {
    std::string id;
    std::string title;
    RowState state = RowState::ToBeTested;
    std::string summary;
    [[nodiscard]] std::string state_text() const { return row_state_text(state); }
};

/// Labels and enabled state of the window's buttons.
struct ButtonsView {
    std::string run_label = "&Run";
    bool run_enabled = true;
    bool cancel_enabled = false;
    bool fix_all_enabled = false;
    bool open_log_enabled = false;
    bool save_report_enabled = false;
};

/// The headline under the list: nothing yet, progress, or the verdict.
struct HeadlineView {
    enum class Tone { Neutral, Success, Attention };
    Tone tone = Tone::Neutral;
    std::string title;   ///< "Validation Successful", "Not ready", "Checking…"
    std::string detail;  ///< the next step, or how many need a person and how many the tool can fix
};

/// The window's state machine. Every method is called on the UI thread.
class MainPresenter {
public:
    /// `checks`: the checks that apply to this machine, in order.
    explicit MainPresenter(std::vector<CheckInfo> checks);

    // ---- Events ----
    void run_started();
    void check_started(const std::string& id);
    void check_finished(const CheckOutcome& outcome);
    void run_finished(const RunSummary& summary, const std::string& log_path);
    void cancel_requested();
    /// After fixes: the re-checked results replace those rows, and the headline is recomputed.
    void rechecked(const std::vector<CheckOutcome>& outcomes);

    // ---- State to show ----
    [[nodiscard]] const std::vector<RowView>& rows() const noexcept { return rows_; }
    [[nodiscard]] ButtonsView buttons() const;
    [[nodiscard]] HeadlineView headline() const;
    [[nodiscard]] int progress_done() const noexcept { return done_; }
    [[nodiscard]] int progress_total() const noexcept { return static_cast<int>(rows_.size()); }
    [[nodiscard]] std::string progress_text() const;  ///< "3 of 24"
    [[nodiscard]] bool running() const noexcept { return running_; }
    [[nodiscard]] const std::string& log_path() const noexcept { return log_path_; }

    /// The checks "Fix All Warnings" would fix: every row showing WARNING whose check has an automatic fix.
    [[nodiscard]] std::vector<std::string> fix_all_targets() const;
    /// The result behind a row, once it has one.
    [[nodiscard]] const CheckOutcome* outcome(const std::string& id) const;
    /// The Info text of a check: why it matters, what was found, how to resolve it, AWS's error code,
    /// and the fix the tool offers.
    [[nodiscard]] std::string info_text(const std::string& id) const;
    /// The last run's summary with re-checks folded in (for Save report…).
    [[nodiscard]] const std::optional<RunSummary>& summary() const noexcept { return summary_; }

private:
    RowView* row(const std::string& id);
    void refresh_verdict();

    std::vector<CheckInfo> checks_;
    std::vector<RowView> rows_;
    std::vector<std::optional<CheckOutcome>> outcomes_;
    std::optional<RunSummary> summary_;
    std::string log_path_;
    bool running_ = false;
    bool cancelling_ = false;
    bool has_run_ = false;
    int done_ = 0;
};

}  // namespace ic::gui
