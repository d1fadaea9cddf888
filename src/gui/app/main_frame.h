#pragma once
/// \file
/// The ImageChecker window (wxWidgets): the check list with live status, Info, Run/Rerun, Cancel,
/// Fix All Warnings, Open log, Save report…, Close. All decisions come from MainPresenter; this class
/// only builds controls, forwards events and copies the presenter's state onto the controls.

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <wx/bmpbndl.h>
#include <wx/button.h>
#include <wx/dialog.h>
#include <wx/frame.h>
#include <wx/gauge.h>
#include <wx/stattext.h>
#include <wx/timer.h>

#include "imagechecker/check_registry.h"
#include "imagechecker/fix_engine.h"
#include "imagechecker/run_log.h"
#include "imagechecker/runner.h"
#include "check_list.h"
#include "loop_watch.h"
#include "main_presenter.h"

namespace ic::gui {

/// What the window needs from the outside world (filled from the command line by the app, or by tests).
struct WindowOptions {
    std::function<std::shared_ptr<os::System>()> make_system;
    const CheckRegistry* registry = nullptr;
    std::string user;                       ///< --user; empty: the interactive user
    std::optional<std::string> log_dir;     ///< --log-dir
    std::vector<std::string> default_log_dirs;
    std::string replay_path;                ///< --replay, shown in the title line
    std::string open_path;                  ///< --open: a log, JSON report or recording to show read-only
    std::chrono::milliseconds timeout{60'000};
    bool trace_latency = false;             ///< print the worst event-loop gap of each run to stdout
    bool close_after_run = false;           ///< close the window once the run has finished (benchmarks, automation)
};

/// Decides whether to make the previewed changes; the default shows FixPreviewDialog. Tests replace it.
using ConfirmFixes = std::function<bool(wxWindow* parent, std::vector<FixPlan>& plans)>;

class MainFrame : public wxFrame {
public:
    explicit MainFrame(WindowOptions options);
    ~MainFrame() override;

    void start_run();
    void fix_all_warnings();
    void set_confirm_fixes(ConfirmFixes confirm) { confirm_ = std::move(confirm); }
    /// Replaces the preview of a check's own (on-request) fix, with its tick per change (tests).
    void set_confirm_on_request(ConfirmFixes confirm) { confirm_on_request_ = std::move(confirm); }
    /// Opens a log or JSON report read-only in the list, or replays a recording read-only. Returns false
    /// (after saying why) when the file is none of these.
    bool open_file(const std::string& path);
    /// Plans, previews and applies one check's fix (for fixes a person asks for one by one).
    void fix_on_request(const std::string& id);
    /// Writes the report shown: HTML when `path` ends in .html/.htm, JSON otherwise. Returns the error, or "".
    std::string save_report_to(const std::string& path) const;
    /// The structured Info of a row (modal); returns at once for tests when `modal` is false (the dialog is kept open).
    wxDialog* show_info_dialog(int row, bool modal = true);
    /// Replaces the message box that reports what Fix All Warnings did (tests and scripts).
    void set_inform(std::function<void(const std::string&)> inform) { inform_ = std::move(inform); }

    // For tests and scripts: the state behind the controls.
    [[nodiscard]] const MainPresenter& presenter() const { return *presenter_; }
    [[nodiscard]] bool busy() const { return presenter_->running() || fixing_; }
    [[nodiscard]] wxButton* run_button() const { return run_; }
    [[nodiscard]] wxButton* fix_all_button() const { return fix_all_; }
    [[nodiscard]] wxButton* cancel_button() const { return cancel_; }
    [[nodiscard]] wxButton* open_log_button() const { return open_log_; }
    [[nodiscard]] wxButton* save_report_button() const { return save_report_; }
    [[nodiscard]] CheckList* list() const { return list_; }
    [[nodiscard]] wxStaticText* subtitle() const { return subtitle_; }
    [[nodiscard]] std::chrono::milliseconds worst_event_gap() const { return loop_report_.worst_gap.length; }
    /// The last run's event-loop figures (worst gap, the UI thread's CPU and the watchdog in it, slowest handler).
    [[nodiscard]] const LoopReport& loop_report() const { return loop_report_; }
    [[nodiscard]] const std::string& last_journal() const { return last_journal_; }

private:
    void build_controls();
    [[nodiscard]] std::string about_text() const;
    void refresh();
    /// Shows `text` under the title, wrapped to the window's width.
    void set_subtitle(const std::string& text);
    void wrap_subtitle();
    void on_run_finished(RunSummary summary);
    void on_fixes_done(std::vector<FixOutcome> outcomes, std::string journal, std::string error);
    void apply_plans(std::vector<FixPlan> plans, const std::string& title);
    void rebuild_list();
    /// Gives the progress label ("7 of 24") the width of its widest text for the rows shown.
    void fit_progress_label();
    void use_system(std::shared_ptr<os::System> system, const std::string& replay_path, bool read_only);
    void build_menu();
    void open_dialog();
    void say(const std::string& message, const std::string& title, bool problem);
    void show_info(int row);
    void open_log();
    void save_report();
    void on_latency_tick(wxTimerEvent& event);
    [[nodiscard]] std::string running_now() const;  ///< which test runs, for the worst gap's place

    WindowOptions options_;
    std::shared_ptr<os::System> system_;
    MachineFacts machine_;
    std::unique_ptr<MainPresenter> presenter_;
    std::unique_ptr<RunLog> log_;
    std::unique_ptr<Runner> runner_;
    std::unique_ptr<RunObserver> bridge_;
    std::thread fix_thread_;
    bool fixing_ = false;
    std::string last_journal_;
    ConfirmFixes confirm_;
    ConfirmFixes confirm_on_request_;
    std::string fix_title_ = "Fix All Warnings";
    std::function<void(const std::string&)> inform_;
    std::shared_ptr<std::atomic<bool>> alive_ = std::make_shared<std::atomic<bool>>(true);

    wxStaticText* subtitle_ = nullptr;
    wxString subtitle_text_;  ///< the subtitle unwrapped
    CheckList* list_ = nullptr;
    wxStaticText* headline_ = nullptr;
    wxStaticText* detail_ = nullptr;
    wxGauge* gauge_ = nullptr;
    wxStaticText* progress_ = nullptr;
    wxButton* run_ = nullptr;
    wxButton* cancel_ = nullptr;
    wxButton* fix_all_ = nullptr;
    wxButton* info_ = nullptr;
    wxButton* open_log_ = nullptr;
    wxButton* save_report_ = nullptr;
    wxButton* close_ = nullptr;

    std::array<wxBitmapBundle, CheckList::kStates> icons_;  ///< one status icon per RowState

    /// What the list shows now, so refresh() touches only the rows that changed.
    struct ShownRow {
        bool valid = false;
        RowState state = RowState::ToBeTested;
        std::string summary;
    };
    std::vector<ShownRow> shown_rows_;

    wxTimer latency_timer_;
    LoopWatch loop_watch_;
    LoopReport loop_report_;                      ///< the last run's figures
    std::string worst_gap_during_;                ///< which test was running in the worst gap
    std::chrono::milliseconds first_paint_{0};    ///< painting the list as the run started
};

}  // namespace ic::gui
