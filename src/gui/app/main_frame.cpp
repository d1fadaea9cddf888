#include "main_frame.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <wx/app.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/dcmemory.h>
#include <wx/dialog.h>
#include <wx/filedlg.h>
#include <wx/iconbndl.h>
#include <wx/msgdlg.h>
#include <wx/persist/toplevel.h>
#include <wx/scrolwin.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/textctrl.h>
#include <wx/utils.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "imagechecker/report.h"
#include "imagechecker/version.h"

namespace ic::gui {

namespace {

wxString from_utf8(const std::string& text) { return wxString::FromUTF8(text.c_str()); }

// ---- Status icons, drawn in code (the Windows build has no PNG support) ----

wxColour colour_for(RowState state) {
    switch (state) {
        case RowState::Passed: return {0x1E, 0x7B, 0x34};
        case RowState::Warning: return {0xB2, 0x6A, 0x00};
        case RowState::Failed: return {0xC6, 0x28, 0x28};
        case RowState::Error: return {0x6A, 0x1B, 0x9A};
        case RowState::Checking: return {0x15, 0x65, 0xC0};
        case RowState::Skipped:
        case RowState::ToBeTested: return {0x75, 0x75, 0x75};
    }
    return *wxBLACK;
}

const char* glyph_for(RowState state) {
    switch (state) {
        case RowState::Passed: return "\xE2\x9C\x93";  // check mark
        case RowState::Warning: return "!";
        case RowState::Failed: return "\xE2\x9C\x95";  // multiplication x
        case RowState::Error: return "?";
        case RowState::Checking: return "\xE2\x80\xA6";
        case RowState::Skipped: return "\xE2\x80\x93";
        case RowState::ToBeTested: return "";
    }
    return "";
}

wxBitmap status_icon(RowState state, int size) {
    wxBitmap bitmap(size, size, 32);
    bitmap.UseAlpha();
    {
        wxMemoryDC dc(bitmap);
        dc.SetBackground(*wxWHITE_BRUSH);
        dc.Clear();
        dc.SetPen(wxPen(colour_for(state)));
        dc.SetBrush(state == RowState::ToBeTested ? *wxWHITE_BRUSH : wxBrush(colour_for(state)));
        dc.DrawEllipse(1, 1, size - 2, size - 2);
        dc.SetTextForeground(*wxWHITE);
        wxFont font = wxSystemSettings::GetFont(wxSYS_DEFAULT_GUI_FONT);
        font.SetPixelSize(wxSize(0, size * 2 / 3));
        font.MakeBold();
        dc.SetFont(font);
        const wxString glyph = from_utf8(glyph_for(state));
        const wxSize extent = dc.GetTextExtent(glyph);
        dc.DrawText(glyph, (size - extent.x) / 2, (size - extent.y) / 2);
    }
    return bitmap;
}

// ---- Run events onto the UI thread ----

/// Forwards runner events (on the runner's thread) to the presenter on the UI thread, via `post`.
class UiBridge : public RunObserver {
public:
    using Post = std::function<void(std::function<void(MainPresenter&)>)>;
    using Finished = std::function<void(const RunSummary&)>;
    UiBridge(Post post, Finished finished) : post_(std::move(post)), finished_(std::move(finished)) {}

    void check_started(std::size_t, const CheckInfo& info) override {
        post_([id = info.id](MainPresenter& p) { p.check_started(id); });
    }
    void check_finished(std::size_t, const CheckOutcome& outcome) override {
        post_([outcome](MainPresenter& p) { p.check_finished(outcome); });
    }
    void run_finished(const RunSummary& summary) override { finished_(summary); }

private:
    Post post_;
    Finished finished_;
};

// ---- Dialogs ----

/// Info for one check: read-only text a screen reader can walk, and Close (Esc).
void show_text_dialog(wxWindow* parent, const wxString& title, const wxString& text) {
    wxDialog dialog(parent, wxID_ANY, title, wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* body = new wxTextCtrl(&dialog, wxID_ANY, text, wxDefaultPosition, dialog.FromDIP(wxSize(640, 420)),
                                wxTE_MULTILINE | wxTE_READONLY | wxTE_RICH2);
    sizer->Add(body, wxSizerFlags(1).Expand().Border(wxALL, dialog.FromDIP(10)));
    auto* close = new wxButton(&dialog, wxID_CLOSE, "&Close");
    sizer->Add(close, wxSizerFlags().Right().Border(wxLEFT | wxRIGHT | wxBOTTOM, dialog.FromDIP(10)));
    close->Bind(wxEVT_BUTTON, [&dialog](wxCommandEvent&) { dialog.EndModal(wxID_CLOSE); });
    dialog.SetEscapeId(wxID_CLOSE);
    dialog.SetAffirmativeId(wxID_CLOSE);
    // A multi-line text control may keep Esc for itself; the dialog takes it first.
    dialog.Bind(wxEVT_CHAR_HOOK, [&dialog](wxKeyEvent& key) {
        if (key.GetKeyCode() == WXK_ESCAPE) dialog.EndModal(wxID_CLOSE);
        else key.Skip();
    });
    dialog.SetSizerAndFit(sizer);
    close->SetFocus();
    dialog.ShowModal();
}

/// Shows every change Fix All Warnings would make. Changes that cannot be undone have their own
/// check box, unticked. Returns false when the user cancels; otherwise drops the unticked changes.
bool preview_and_confirm(wxWindow* parent, std::vector<FixPlan>& plans) {
    wxDialog dialog(parent, wxID_ANY, "Fix All Warnings", wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(new wxStaticText(&dialog, wxID_ANY, "These changes will be made. Each old value is saved first, so the ones marked\n"
                                                   "\"can be undone\" can be put back with: imagechecker-cli undo <journal>."),
               wxSizerFlags().Border(wxALL, dialog.FromDIP(10)));
    auto* scroll = new wxScrolledWindow(&dialog, wxID_ANY, wxDefaultPosition, dialog.FromDIP(wxSize(680, 360)));
    scroll->SetScrollRate(0, dialog.FromDIP(10));
    auto* list = new wxBoxSizer(wxVERTICAL);
    std::vector<std::pair<wxCheckBox*, std::pair<std::size_t, std::size_t>>> ticks;
    for (std::size_t p = 0; p < plans.size(); ++p) {
        auto* heading = new wxStaticText(scroll, wxID_ANY, from_utf8(plans[p].check_id + ": " + plans[p].summary));
        heading->SetFont(heading->GetFont().Bold());
        list->Add(heading, wxSizerFlags().Border(wxTOP, dialog.FromDIP(6)));
        for (std::size_t c = 0; c < plans[p].changes.size(); ++c) {
            const Change& change = plans[p].changes[c];
            const std::string text = fmt::format("{}\n    where: {}\n    {} \xE2\x86\x92 {}\n    {}", change.what, change.where(),
                                                 change.before_text(), change.after_text(),
                                                 change.undoable ? "can be undone" : "CANNOT be undone: " + change.not_undoable_because);
            if (change.needs_own_confirmation) {
                auto* box = new wxCheckBox(scroll, wxID_ANY, from_utf8(text));
                ticks.push_back({box, {p, c}});
                list->Add(box, wxSizerFlags().Border(wxLEFT, dialog.FromDIP(12)));
            } else {
                list->Add(new wxStaticText(scroll, wxID_ANY, from_utf8(text)), wxSizerFlags().Border(wxLEFT, dialog.FromDIP(12)));
            }
        }
    }
    scroll->SetSizer(list);
    sizer->Add(scroll, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT, dialog.FromDIP(10)));
    auto* buttons = dialog.CreateStdDialogButtonSizer(wxOK | wxCANCEL);
    if (auto* ok = dialog.FindWindow(wxID_OK)) ok->SetLabel("&Make changes");
    sizer->Add(buttons, wxSizerFlags().Expand().Border(wxALL, dialog.FromDIP(10)));
    dialog.SetSizerAndFit(sizer);
    if (dialog.ShowModal() != wxID_OK) return false;
    for (auto it = ticks.rbegin(); it != ticks.rend(); ++it) {
        if (it->first->GetValue()) continue;
        auto& changes = plans[it->second.first].changes;
        changes.erase(changes.begin() + static_cast<std::ptrdiff_t>(it->second.second));
    }
    return true;
}

// The window's icon: the Windows build takes it from the .ico resource; elsewhere it is drawn like it.
wxIconBundle app_icons() {
    wxIconBundle icons;
#ifdef __WXMSW__
    icons.AddIcon(wxICON(appicon));
#else
    for (int size : {16, 32, 48, 64}) {
        wxBitmap bitmap(size, size, 32);
        {
            wxMemoryDC dc(bitmap);
            dc.SetBackground(*wxTRANSPARENT_BRUSH);
            dc.Clear();
            dc.SetPen(*wxTRANSPARENT_PEN);
            dc.SetBrush(wxBrush(wxColour(0x15, 0x65, 0xC0)));
            dc.DrawRoundedRectangle(0, 0, size, size, size / 5.0);
            dc.SetPen(wxPen(*wxWHITE, std::max(2, size / 8), wxPENSTYLE_SOLID));
            const wxPoint check[] = {{size * 26 / 100, size * 52 / 100}, {size * 43 / 100, size * 70 / 100}, {size * 75 / 100, size * 32 / 100}};
            dc.DrawLines(3, check);
        }
        wxIcon icon;
        icon.CopyFromBitmap(bitmap);
        icons.AddIcon(icon);
    }
#endif
    return icons;
}

constexpr int kLatencyTickMs = 10;

}  // namespace

// ---- Construction ----

MainFrame::MainFrame(WindowOptions options)
    : wxFrame(nullptr, wxID_ANY, wxString::FromUTF8("ImageChecker \xE2\x80\x94 WorkSpaces custom image readiness")), options_(std::move(options)), latency_timer_(this) {
    system_ = options_.make_system();
    machine_ = read_machine_facts(*system_, options_.user, *options_.registry);
    std::vector<CheckInfo> applicable;
    for (const auto& info : options_.registry->catalogue())
        if (!machine_.os || info.applies_to(machine_.os->family)) applicable.push_back(machine_.os ? info.for_os(machine_.os->family) : info);
    presenter_ = std::make_unique<MainPresenter>(std::move(applicable));
    confirm_ = preview_and_confirm;

    SetIcons(app_icons());
    // Drawn once: refresh() runs after every check event and only picks the right one.
    for (int state = 0; state < kRowStates; ++state)
        icons_[static_cast<std::size_t>(state)] = wxBitmapBundle(status_icon(static_cast<RowState>(state), FromDIP(16)));
    build_controls();
    refresh();
    SetName("MainFrame");
    if (!wxPersistentRegisterAndRestore(this)) SetSize(FromDIP(wxSize(1180, 760)));
    Bind(wxEVT_TIMER, &MainFrame::on_latency_tick, this, latency_timer_.GetId());
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& event) {
        if (runner_) runner_->cancel();
        event.Skip();
    });
}

MainFrame::~MainFrame() {
    alive_->store(false);
    latency_timer_.Stop();
    if (runner_) runner_->cancel();
    runner_.reset();  // joins the runner's thread
    if (fix_thread_.joinable()) fix_thread_.join();
}

std::string MainFrame::about_text() const {
    std::string about = "Runs the tests image creation depends on, and shows what to do about each one. ";
    // The Linux checks look at the system, not at one user's profile.
    const bool linux_system = machine_.os && machine_.os->family == os::OsFamily::Linux;
    if (!linux_system) about += user_line(machine_);
    if (!options_.replay_path.empty()) about += (linux_system ? "Answers from the recording " : " \xE2\x80\x94 answers from the recording ") + options_.replay_path;
    else if (system_->source() == "tree") about += "Checking the Linux system in " + system_->tree().root();
    else if (linux_system) about += "Checking this Linux system (run as root to read every file).";
    return about;
}

void MainFrame::build_controls() {
    auto* panel = new wxPanel(this);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    const int gap = FromDIP(10);

    auto* title = new wxStaticText(panel, wxID_ANY, "Is this WorkSpace ready to become a custom image?");
    title->SetFont(title->GetFont().Scaled(1.4f).Bold());
    sizer->Add(title, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, gap));

    subtitle_ = new wxStaticText(panel, wxID_ANY, from_utf8(about_text()));
    sizer->Add(subtitle_, wxSizerFlags().Border(wxALL, gap));

    list_ = new wxDataViewListCtrl(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxDV_ROW_LINES | wxDV_SINGLE);
    list_->AppendIconTextColumn("Status", wxDATAVIEW_CELL_INERT, FromDIP(150));
    list_->AppendTextColumn("Test", wxDATAVIEW_CELL_INERT, FromDIP(400));
    list_->AppendTextColumn("Result", wxDATAVIEW_CELL_INERT, FromDIP(560));
    for (const auto& row : presenter_->rows()) {
        wxVector<wxVariant> values;
        values.push_back(wxVariant(wxDataViewIconText(from_utf8(row.state_text()))));
        values.push_back(wxVariant(from_utf8(row.title)));
        values.push_back(wxVariant(from_utf8(row.summary)));
        list_->AppendItem(values);
    }
    if (list_->GetItemCount() > 0) list_->SelectRow(0);  // Info works from the keyboard at once
    list_->Bind(wxEVT_DATAVIEW_ITEM_ACTIVATED, [this](wxDataViewEvent& e) { show_info(list_->ItemToRow(e.GetItem())); });
    list_->Bind(wxEVT_DATAVIEW_SELECTION_CHANGED, [this](wxDataViewEvent&) { refresh(); });
    sizer->Add(list_, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT, gap));

    headline_ = new wxStaticText(panel, wxID_ANY, "");
    headline_->SetFont(headline_->GetFont().Scaled(1.2f).Bold());
    detail_ = new wxStaticText(panel, wxID_ANY, "");
    sizer->Add(headline_, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, gap));
    sizer->Add(detail_, wxSizerFlags().Border(wxLEFT | wxRIGHT, gap));

    auto* progress_row = new wxBoxSizer(wxHORIZONTAL);
    gauge_ = new wxGauge(panel, wxID_ANY, std::max(1, presenter_->progress_total()));
    progress_ = new wxStaticText(panel, wxID_ANY, "");
    progress_row->Add(gauge_, wxSizerFlags(1).CenterVertical());
    progress_row->Add(progress_, wxSizerFlags().CenterVertical().Border(wxLEFT, gap));
    sizer->Add(progress_row, wxSizerFlags().Expand().Border(wxALL, gap));

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    run_ = new wxButton(panel, wxID_ANY, "&Run");
    cancel_ = new wxButton(panel, wxID_ANY, "C&ancel");
    fix_all_ = new wxButton(panel, wxID_ANY, "&Fix All Warnings");
    info_ = new wxButton(panel, wxID_ANY, from_utf8("&Info\xE2\x80\xA6"));
    open_log_ = new wxButton(panel, wxID_ANY, "Open &log");
    save_report_ = new wxButton(panel, wxID_ANY, from_utf8("&Save report\xE2\x80\xA6"));
    close_ = new wxButton(panel, wxID_CLOSE, "&Close");
    for (wxButton* b : {run_, cancel_, fix_all_, info_, open_log_, save_report_}) buttons->Add(b, wxSizerFlags().Border(wxRIGHT, FromDIP(6)));
    buttons->AddStretchSpacer();
    buttons->Add(close_);
    sizer->Add(buttons, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, gap));

    run_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { start_run(); });
    cancel_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (runner_) runner_->cancel();
        presenter_->cancel_requested();
        refresh();
    });
    fix_all_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { fix_all_warnings(); });
    info_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { show_info(list_->GetSelectedRow()); });
    open_log_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { open_log(); });
    save_report_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { save_report(); });
    close_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    run_->SetDefault();

    panel->SetSizer(sizer);
    auto* frame_sizer = new wxBoxSizer(wxVERTICAL);
    frame_sizer->Add(panel, wxSizerFlags(1).Expand());
    SetSizer(frame_sizer);
    SetMinSize(FromDIP(wxSize(720, 480)));
}

// ---- Showing the presenter's state ----

namespace {
// Sets a label only when its text changes: every SetLabel asks the window for a new layout, and a
// run refreshes twice per test.
bool set_label_if_changed(wxWindow* control, const wxString& text) {
    if (control->GetLabel() == text) return false;
    control->SetLabel(text);
    return true;
}
}  // namespace

void MainFrame::refresh() {
    // Only rows whose state or summary changed are sent to the list: a run's events change one row at
    // a time, and re-setting all 24 rows (with their icons) on each event kept the UI thread busy.
    const auto& rows = presenter_->rows();
    shown_rows_.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto& shown = shown_rows_[i];
        const int r = static_cast<int>(i);
        if (!shown.valid || shown.state != rows[i].state) {
            wxDataViewIconText cell(from_utf8(rows[i].state_text()), icons_[static_cast<std::size_t>(rows[i].state)]);
            list_->SetValue(wxVariant(cell), r, 0);
        }
        if (!shown.valid || shown.summary != rows[i].summary) list_->SetValue(wxVariant(from_utf8(rows[i].summary)), r, 2);
        shown = {true, rows[i].state, rows[i].summary};
    }
    const ButtonsView b = presenter_->buttons();
    bool relayout = set_label_if_changed(run_, from_utf8(b.run_label));
    run_->Enable(b.run_enabled && !fixing_);
    cancel_->Enable(b.cancel_enabled);
    fix_all_->Enable(b.fix_all_enabled && !fixing_);
    open_log_->Enable(b.open_log_enabled);
    save_report_->Enable(b.save_report_enabled);
    info_->Enable(list_->GetSelectedRow() != wxNOT_FOUND);

    const HeadlineView h = presenter_->headline();
    relayout |= set_label_if_changed(headline_, from_utf8(h.title));
    const wxColour tone = h.tone == HeadlineView::Tone::Success     ? wxColour(0x1E, 0x7B, 0x34)
                          : h.tone == HeadlineView::Tone::Attention ? wxColour(0xC6, 0x28, 0x28)
                                                                    : wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT);
    if (headline_->GetForegroundColour() != tone) headline_->SetForegroundColour(tone);
    relayout |= set_label_if_changed(detail_, from_utf8(h.detail));
    const int done = std::min(presenter_->progress_done(), gauge_->GetRange());
    if (gauge_->GetValue() != done) gauge_->SetValue(done);
    relayout |= set_label_if_changed(progress_, from_utf8(presenter_->progress_text()));
    if (relayout) Layout();
}

// ---- Run ----

void MainFrame::start_run() {
    if (busy()) return;
    runner_.reset();
    log_.reset();
    try {
        const auto location = choose_log_file(options_.log_dir, options_.default_log_dirs, std::chrono::system_clock::now());
        if (!location.path.empty()) log_ = std::make_unique<RunLog>(location.path);
        if (log_)
            for (const auto& note : location.notes) log_->note("log folder not used: " + note);
    } catch (const std::exception& e) {
        wxMessageBox(from_utf8(std::string("The log cannot be written: ") + e.what() + "\nThe checks run without a log."),
                     "ImageChecker", wxOK | wxICON_WARNING, this);
    }

    RunOptions run_options;
    for (const auto& row : presenter_->rows()) run_options.ids.push_back(row.id);
    run_options.timeout = options_.timeout;
    run_options.user = options_.user;

    presenter_->run_started();
    refresh();
    runner_ = std::make_unique<Runner>(*options_.registry, system_, run_options);
    // Runner events arrive on its thread; `alive` stops a late event from touching a closed window.
    const auto alive = alive_;
    bridge_ = std::make_unique<UiBridge>(
        [this, alive](std::function<void(MainPresenter&)> change) {
            wxTheApp->CallAfter([this, alive, change = std::move(change)] {
                if (!alive->load()) return;
                change(*presenter_);
                refresh();
            });
        },
        [this, alive](const RunSummary& summary) {
            wxTheApp->CallAfter([this, alive, summary] {
                if (alive->load()) on_run_finished(summary);
            });
        });
    if (log_) runner_->add_observer(*log_);
    runner_->add_observer(*bridge_);
    worst_gap_ = std::chrono::milliseconds(0);
    worst_gap_at_ = std::chrono::milliseconds(0);
    worst_gap_during_.clear();
    run_began_ = last_tick_ = std::chrono::steady_clock::now();
    latency_timer_.Start(kLatencyTickMs);
    runner_->start();
}

void MainFrame::on_latency_tick(wxTimerEvent&) {
    // The gap between two ticks beyond the timer's own period is time the UI thread was not listening.
    const auto now = std::chrono::steady_clock::now();
    const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(now - last_tick_) - std::chrono::milliseconds(kLatencyTickMs);
    if (gap > worst_gap_) {
        // Where it happened tells a stall of ours (a row update, a check's event) from the toolkit's own.
        worst_gap_ = gap;
        worst_gap_at_ = std::chrono::duration_cast<std::chrono::milliseconds>(last_tick_ - run_began_);
        worst_gap_during_ = "before the first test started";
        for (const auto& row : presenter_->rows())
            if (row.state == RowState::Checking) worst_gap_during_ = "while \"" + row.id + "\" ran";
    }
    last_tick_ = now;
}

void MainFrame::on_run_finished(RunSummary summary) {
    latency_timer_.Stop();
    if (runner_) runner_->wait();
    presenter_->run_finished(summary, log_ ? log_->path() : std::string());
    if (summary.machine.user_checked.value != machine_.user_checked.value || summary.machine.user_source != machine_.user_source) {
        machine_ = summary.machine;  // the run read it again: say whose profile these results are about
        subtitle_->SetLabel(from_utf8(about_text()));
    }
    const std::string where = fmt::format("{} ms into the run, {}", worst_gap_at_.count(), worst_gap_during_);
    if (log_) log_->note(fmt::format("window: the UI event loop's worst gap during the run was {} ms ({})", worst_gap_.count(), where));
    if (options_.trace_latency) std::cout << "event-loop worst gap: " << worst_gap_.count() << " ms (" << where << ")" << std::endl;
    refresh();
    if (options_.close_after_run) Close();
}

// ---- Fix All Warnings ----

void MainFrame::fix_all_warnings() {
    if (busy()) return;
    std::vector<FixPlan> plans;
    std::string problems;
    for (const auto& id : presenter_->fix_all_targets()) {
        std::string error;
        auto plan = plan_fix_for(*options_.registry, id, *system_, machine_, error);
        if (plan && !plan->changes.empty()) plans.push_back(std::move(*plan));
        else if (!plan) problems += id + ": " + error + "\n";
    }
    if (plans.empty()) {
        wxMessageBox(from_utf8(problems.empty() ? "Nothing needs changing any more. Press Rerun." : problems), "Fix All Warnings",
                     wxOK | wxICON_INFORMATION, this);
        return;
    }
    if (!machine_.elevated || !*machine_.elevated) {
        wxMessageBox("Changing the machine needs administrator rights. Start ImageChecker with \"Run as administrator\". Nothing was changed.",
                     "Fix All Warnings", wxOK | wxICON_WARNING, this);
        return;
    }
    if (!log_) {
        wxMessageBox("No folder could be written for the undo journal, so nothing was changed.", "Fix All Warnings", wxOK | wxICON_WARNING, this);
        return;
    }
    if (!confirm_(this, plans)) return;

    fixing_ = true;
    refresh();
    RunOptions recheck;
    recheck.timeout = options_.timeout;
    recheck.user = options_.user;
    const auto alive = alive_;
    RunLog* log = log_.get();
    const std::string journal_path = journal_path_for_log(log_->path());
    const MachineFacts machine = machine_;
    if (fix_thread_.joinable()) fix_thread_.join();
    // The journal is opened (and flushed to disk) on the fix thread: disk waits never stall the window.
    // A second Fix All in the same run appends to the same journal, so one undo covers the whole run.
    fix_thread_ = std::thread([this, alive, plans, recheck, log, journal_path, machine]() {
        FixBatch batch;
        std::string error;
        try {
            FixJournal journal = FixJournal::open(journal_path, machine);
            log->note(fmt::format("undo journal: {} (batch {})", journal.path(), journal.batch()));
            batch = apply_fixes(*options_.registry, system_, plans, journal, recheck,
                                [log](const std::string& tag, const std::string& text) { log->line(tag, text); });
        } catch (const JournalError& e) {
            error = std::string(e.what()) + ". Nothing was changed.";
        } catch (const std::exception& e) {
            error = e.what();
        }
        if (!batch.journal_error.empty()) error = batch.journal_error + "; no further change was made";
        wxTheApp->CallAfter([this, alive, outcomes = std::move(batch.outcomes), journal_path, error] {
            if (alive->load()) on_fixes_done(outcomes, journal_path, error);
        });
    });
}

void MainFrame::on_fixes_done(std::vector<FixOutcome> outcomes, std::string journal, std::string error) {
    fixing_ = false;
    last_journal_ = journal;
    std::vector<CheckOutcome> rechecked;
    std::string fixed;
    std::string still;
    for (const auto& o : outcomes) {
        if (o.recheck) rechecked.push_back(*o.recheck);
        if (o.fixed()) fixed += "  \xE2\x80\xA2 " + o.check_id + "\n";
        else if (!o.changes.empty()) still += "  \xE2\x80\xA2 " + o.check_id + ": " + o.problem() + "\n";
    }
    presenter_->rechecked(rechecked);
    refresh();
    std::string message = fixed.empty() ? std::string() : "Fixed:\n" + fixed + "\n";
    if (!still.empty()) message += "Still needs attention:\n" + still + "\n";
    if (!error.empty()) message += "Stopped: " + error + "\n\n";
    if (outcomes.empty() && !error.empty()) {  // the journal could not be opened: nothing happened
        if (inform_) inform_(message);
        else wxMessageBox(from_utf8(message), "Fix All Warnings", wxOK | wxICON_ERROR, this);
        return;
    }
    const auto person = presenter_->summary() ? presenter_->summary()->verdict.count(Status::Failed) : 0;
    if (person > 0) message += fmt::format("{} test{} still need{} a person (see Info).\n\n", person, person == 1 ? "" : "s", person == 1 ? "s" : "");
    message += "The old values are saved in " + journal + "\nTo undo: imagechecker-cli undo \"" + journal + "\"";
    if (inform_) inform_(message);
    else wxMessageBox(from_utf8(message), "Fix All Warnings", wxOK | wxICON_INFORMATION, this);
}

// ---- Info, log, report ----

void MainFrame::show_info(int row) {
    if (row < 0 || row >= static_cast<int>(presenter_->rows().size())) return;
    const auto& r = presenter_->rows()[static_cast<std::size_t>(row)];
    show_text_dialog(this, from_utf8("Info: " + r.title), from_utf8(presenter_->info_text(r.id)));
}

void MainFrame::open_log() {
    if (presenter_->log_path().empty()) return;
    if (!wxLaunchDefaultApplication(from_utf8(presenter_->log_path())))
        wxMessageBox(from_utf8("The log is at " + presenter_->log_path()), "ImageChecker", wxOK | wxICON_INFORMATION, this);
}

void MainFrame::save_report() {
    if (!presenter_->summary()) return;
    wxFileDialog dialog(this, "Save report", "", "ImageChecker-report.json", "JSON report (*.json)|*.json", wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dialog.ShowModal() != wxID_OK) return;
    const std::string text = build_report(*presenter_->summary(), {presenter_->log_path(), options_.replay_path}).dump(2) + "\n";
    std::ofstream out(std::filesystem::path(dialog.GetPath().ToStdWstring()), std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) wxMessageBox("The report could not be written there.", "Save report", wxOK | wxICON_ERROR, this);
}

}  // namespace ic::gui
