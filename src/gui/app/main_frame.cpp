#include "main_frame.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <atomic>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <wx/app.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/clipbrd.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/statbmp.h>
#include <wx/statline.h>
#include <wx/dcmemory.h>
#include <wx/image.h>
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

#include "imagechecker/html_report.h"
#include "imagechecker/platform.h"
#include "imagechecker/os/recording.h"
#include "imagechecker/report.h"
#include "imagechecker/review.h"
#include "imagechecker/run_reader.h"
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

// A circle in the state's colour with a white glyph, on a transparent square. The pixels are computed
// here, alpha included: the list view on Windows draws its images through an image list that honours
// alpha, and a DC's drawing on a bitmap leaves alpha 0 there (an invisible icon), while GDI+ under Wine
// draws no text. Only the glyph is drawn by a DC (white on black, so its brightness is its coverage).
wxBitmap status_icon(RowState state, int size) {
    wxBitmap glyph_bitmap(size, size, 24);
    {
        wxMemoryDC dc(glyph_bitmap);
        dc.SetBackground(*wxBLACK_BRUSH);
        dc.Clear();
        dc.SetTextForeground(*wxWHITE);
        wxFont font = wxSystemSettings::GetFont(wxSYS_DEFAULT_GUI_FONT);
        font.SetPixelSize(wxSize(0, size * 2 / 3));
        font.MakeBold();
        dc.SetFont(font);
        const wxString glyph = from_utf8(glyph_for(state));
        const wxSize extent = dc.GetTextExtent(glyph);
        dc.DrawText(glyph, (size - extent.x) / 2, (size - extent.y) / 2);
    }
    const wxImage glyph = glyph_bitmap.ConvertToImage();

    const wxColour colour = colour_for(state);
    const bool hollow = state == RowState::ToBeTested;  // a ring: white inside
    const double centre = size / 2.0;
    const double radius = size / 2.0 - 0.5;
    const auto coverage = [](double inside) { return std::clamp(inside, 0.0, 1.0); };
    const auto mix = [](unsigned char from, double to, double amount) { return static_cast<unsigned char>(std::lround(from + (to - from) * amount)); };
    wxImage image(size, size);
    image.InitAlpha();
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const double distance = std::hypot(x + 0.5 - centre, y + 0.5 - centre);
            const double disc = coverage(radius - distance + 0.5);
            // The brightest channel: with ClearType the glyph's edges are coloured, one channel thinner.
            const double white = hollow ? coverage(radius - 1.0 - distance + 0.5)
                                        : std::max({glyph.GetRed(x, y), glyph.GetGreen(x, y), glyph.GetBlue(x, y)}) / 255.0;
            image.SetRGB(x, y, mix(colour.Red(), 255, white), mix(colour.Green(), 255, white), mix(colour.Blue(), 255, white));
            image.SetAlpha(x, y, static_cast<unsigned char>(std::lround(disc * 255)));
        }
    }
    return wxBitmap(image);
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

bool preview_changes(wxWindow* parent, std::vector<FixPlan>& plans, const wxString& title, bool tick_every_change);

/// Shows every change Fix All Warnings would make. Changes that cannot be undone have their own
/// check box, unticked. Returns false when the user cancels; otherwise drops the unticked changes.
bool preview_and_confirm(wxWindow* parent, std::vector<FixPlan>& plans) { return preview_changes(parent, plans, "Fix All Warnings", false); }

/// A check's own fix, asked for from Info: a tick per change (those that can be undone ticked, those
/// that cannot unticked), and an extra confirmation for every ticked change that cannot be undone.
bool preview_on_request(wxWindow* parent, std::vector<FixPlan>& plans) {
    if (!preview_changes(parent, plans, "Fix this check", true)) return false;
    std::string irreversible;
    std::size_t left = 0;
    for (const auto& plan : plans)
        for (const auto& change : plan.changes) {
            ++left;
            if (!change.undoable) irreversible += "\n  \xE2\x80\xA2 " + change.what + " (" + change.not_undoable_because + ")";
        }
    if (left == 0) return false;
    if (irreversible.empty()) return true;
    wxMessageDialog sure(parent, from_utf8("These changes cannot be undone:" + irreversible + "\n\nMake them anyway?"), "Fix this check",
                         wxYES_NO | wxNO_DEFAULT | wxICON_WARNING);
    sure.SetYesNoLabels("&Make them", "&Do not change anything");
    return sure.ShowModal() == wxID_YES;
}

bool preview_changes(wxWindow* parent, std::vector<FixPlan>& plans, const wxString& title, bool tick_every_change) {
    wxDialog dialog(parent, wxID_ANY, title, wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
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
            if (change.needs_own_confirmation || tick_every_change) {
                auto* box = new wxCheckBox(scroll, wxID_ANY, from_utf8(text));
                box->SetValue(tick_every_change && change.undoable && !change.needs_own_confirmation);
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

/// The structured Info of one check: status and summary, what was found (evidence as a table with
/// observed and expected side by side), why it matters, how to resolve it, the fix the tool would make
/// (with its own button for an on-request fix), AWS's error code; Copy puts the text on the clipboard.
/// Every part is a native control a screen reader reads; Tab walks them, Esc closes.
constexpr int kFixThisCheck = wxID_HIGHEST + 71;

wxDialog* make_info_dialog(wxWindow* parent, const InfoView& v, const std::string& copy_text, const wxBitmapBundle& icon) {
    auto* dialog = new wxDialog(parent, wxID_ANY, from_utf8("Info: " + v.title), wxDefaultPosition, wxDefaultSize,
                                wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
    dialog->SetName("InfoDialog");
    const int gap = dialog->FromDIP(10);
    const int width = dialog->FromDIP(820);
    auto* sizer = new wxBoxSizer(wxVERTICAL);

    auto* head = new wxBoxSizer(wxHORIZONTAL);
    head->Add(new wxStaticBitmap(dialog, wxID_ANY, icon), wxSizerFlags().CenterVertical().Border(wxRIGHT, gap / 2));
    auto* title = new wxStaticText(dialog, wxID_ANY, from_utf8(row_state_text(v.state) + " \xE2\x80\x94 " + v.title));
    title->SetFont(title->GetFont().Scaled(1.25f).Bold());
    head->Add(title, wxSizerFlags(1).CenterVertical());
    sizer->Add(head, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, gap));

    auto heading = [&](const char* text) {
        auto* h = new wxStaticText(dialog, wxID_ANY, text);
        h->SetFont(h->GetFont().Bold());
        sizer->Add(h, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, gap));
    };
    auto paragraph = [&](const std::string& text) {
        auto* t = new wxStaticText(dialog, wxID_ANY, from_utf8(text));
        t->Wrap(width);
        sizer->Add(t, wxSizerFlags().Border(wxLEFT | wxRIGHT, gap));
    };

    heading("What was found");
    paragraph(v.has_result ? v.summary : "Not checked yet: press Run.");
    if (!v.evidence.empty()) {
        auto* table = new wxListCtrl(dialog, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_HRULES | wxLC_VRULES | wxLC_SINGLE_SEL);
        table->SetName("Evidence");
        table->AppendColumn("Item", wxLIST_FORMAT_LEFT, dialog->FromDIP(300));
        table->AppendColumn("Observed", wxLIST_FORMAT_LEFT, dialog->FromDIP(320));
        table->AppendColumn("Expected", wxLIST_FORMAT_LEFT, dialog->FromDIP(190));
        for (std::size_t i = 0; i < v.evidence.size(); ++i) {
            const long row = table->InsertItem(static_cast<long>(i), from_utf8(v.evidence[i].item));
            table->SetItem(row, 1, from_utf8(v.evidence[i].observed));
            table->SetItem(row, 2, from_utf8(v.evidence[i].expected.empty() ? std::string("\xE2\x80\x94") : v.evidence[i].expected));
        }
        const int rows = static_cast<int>(std::min<std::size_t>(v.evidence.size(), 8));
        table->SetMinSize(wxSize(width, dialog->FromDIP(30) + rows * dialog->FromDIP(24)));
        sizer->Add(table, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT | wxTOP, gap / 2));
    }
    if (!v.rationale.empty()) {
        heading("Why it matters");
        paragraph(v.rationale);
    }
    if (!v.resolution.empty() && v.state != RowState::Passed && v.state != RowState::Skipped) {
        heading("How to resolve it");
        paragraph(v.resolution);
    }
    wxButton* fix = nullptr;
    if (v.fix_kind != FixKind::None) {
        heading("The fix the tool would make");
        std::string text;
        if (!v.fix_description.empty()) text = v.fix_description + (v.fix_kind == FixKind::Automatic ? " (part of Fix All Warnings)" : " (only when you ask for it here)");
        else if (v.has_result) text = "Nothing to fix for this result.";
        else text = v.fix_kind == FixKind::Automatic ? "Fix All Warnings can fix this check when it shows WARNING." : "The tool can fix this check when you ask for it, after a run.";
        paragraph(text);
        if (v.can_fix_on_request) {
            fix = new wxButton(dialog, kFixThisCheck, from_utf8("&Preview and fix this check\xE2\x80\xA6"));
            fix->SetName("FixThisCheck");
            sizer->Add(fix, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, gap));
            fix->Bind(wxEVT_BUTTON, [dialog](wxCommandEvent&) { dialog->EndModal(kFixThisCheck); });
        }
    }
    if (!v.aws_error_code.empty()) {
        heading("AWS error code");
        paragraph("If this is not resolved, image creation fails with " + v.aws_error_code + ".");
    }

    sizer->Add(new wxStaticLine(dialog), wxSizerFlags().Expand().Border(wxALL, gap));
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* copy = new wxButton(dialog, wxID_COPY, "C&opy");
    copy->SetToolTip("Copy this information as text, to paste into a ticket");
    auto* close = new wxButton(dialog, wxID_CLOSE, "&Close");
    buttons->Add(copy);
    buttons->AddStretchSpacer();
    buttons->Add(close);
    sizer->Add(buttons, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, gap));
    copy->Bind(wxEVT_BUTTON, [copy_text](wxCommandEvent&) {
        if (wxTheClipboard->Open()) {
            wxTheClipboard->SetData(new wxTextDataObject(from_utf8(copy_text)));
            wxTheClipboard->Flush();
            wxTheClipboard->Close();
        }
    });
    close->Bind(wxEVT_BUTTON, [dialog](wxCommandEvent&) {
        if (dialog->IsModal()) dialog->EndModal(wxID_CLOSE);
        else dialog->Hide();
    });
    dialog->SetEscapeId(wxID_CLOSE);
    dialog->Bind(wxEVT_CHAR_HOOK, [dialog](wxKeyEvent& key) {
        if (key.GetKeyCode() == WXK_ESCAPE && dialog->IsModal()) dialog->EndModal(wxID_CLOSE);
        else key.Skip();
    });
    dialog->SetSizerAndFit(sizer);
    (fix != nullptr ? fix : close)->SetFocus();
    return dialog;
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
    : wxFrame(nullptr, wxID_ANY, wxString::FromUTF8("ImageChecker \xE2\x80\x94 WorkSpaces custom image readiness")), options_(std::move(options)), latency_timer_(this),
      loop_watch_(std::chrono::milliseconds(kLatencyTickMs), platform::this_thread_cpu_time) {
    system_ = options_.make_system();
    machine_ = read_machine_facts(*system_, options_.user, *options_.registry);
    std::vector<CheckInfo> applicable;
    for (const auto& info : options_.registry->catalogue())
        if (!machine_.os || info.applies_to(machine_.os->family)) applicable.push_back(machine_.os ? info.for_os(machine_.os->family) : info);
    presenter_ = std::make_unique<MainPresenter>(std::move(applicable));
    confirm_ = preview_and_confirm;
    confirm_on_request_ = preview_on_request;

    SetIcons(app_icons());
    // Drawn once: refresh() runs after every check event and only picks the right one.
    for (std::size_t state = 0; state < icons_.size(); ++state)
        icons_[state] = wxBitmapBundle(status_icon(static_cast<RowState>(state), FromDIP(16)));
    build_controls();
    build_menu();
    refresh();
    DragAcceptFiles(true);
    Bind(wxEVT_DROP_FILES, [this](wxDropFilesEvent& event) {
        if (event.GetNumberOfFiles() > 0) open_file(event.GetFiles()[0].utf8_string());
    });
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
    loop_watch_.stop();
    if (runner_) runner_->cancel();
    runner_.reset();  // joins the runner's thread
    if (fix_thread_.joinable()) fix_thread_.join();
    // The list asks presenter_ for its cells and its handlers call refresh(): its children go now, while
    // the members they use exist (wxWindow's own destructor would destroy them after those members).
    DestroyChildren();
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

    subtitle_ = new wxStaticText(panel, wxID_ANY, "");
    sizer->Add(subtitle_, wxSizerFlags().Border(wxALL, gap));
    set_subtitle(about_text());
    // The subtitle wraps to the window's width: unwrapped, its longest text (whose profile is checked
    // and why) set the window's minimum width beyond a 1280-pixel screen.
    panel->Bind(wxEVT_SIZE, [this](wxSizeEvent& event) {
        wrap_subtitle();
        event.Skip();  // then the panel lays itself out, with the subtitle's new height
    });

    list_ = new CheckList(panel, [this]() -> const std::vector<RowView>& { return presenter_->rows(); }, icons_);
    list_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) { show_info(static_cast<int>(e.GetIndex())); });
    list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { refresh(); });
    list_->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { refresh(); });
    sizer->Add(list_, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT, gap));

    headline_ = new wxStaticText(panel, wxID_ANY, "");
    headline_->SetFont(headline_->GetFont().Scaled(1.2f).Bold());
    detail_ = new wxStaticText(panel, wxID_ANY, "");
    sizer->Add(headline_, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, gap));
    sizer->Add(detail_, wxSizerFlags().Border(wxLEFT | wxRIGHT, gap));

    auto* progress_row = new wxBoxSizer(wxHORIZONTAL);
    gauge_ = new wxGauge(panel, wxID_ANY, std::max(1, presenter_->progress_total()));
    // As wide as its widest text from the start ("24 of 24", set in rebuild_list()): a run's events
    // then change its text without laying out the row or the window.
    progress_ = new wxStaticText(panel, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxALIGN_RIGHT | wxST_NO_AUTORESIZE);
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
    info_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { show_info(static_cast<int>(list_->selected_row())); });
    open_log_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { open_log(); });
    save_report_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { save_report(); });
    close_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    run_->SetDefault();

    panel->SetSizer(sizer);
    auto* frame_sizer = new wxBoxSizer(wxVERTICAL);
    frame_sizer->Add(panel, wxSizerFlags(1).Expand());
    SetSizer(frame_sizer);
    SetMinSize(FromDIP(wxSize(720, 480)));
    fit_progress_label();
}

// ---- Showing the presenter's state ----

void MainFrame::set_subtitle(const std::string& text) {
    subtitle_text_ = from_utf8(text);
    wrap_subtitle();
    Layout();
}

void MainFrame::wrap_subtitle() {
    const wxWindow* panel = subtitle_->GetParent();
    const int width = panel->GetClientSize().x - 2 * subtitle_->GetContainingSizer()->GetItem(subtitle_)->GetBorder();
    subtitle_->SetLabel(subtitle_text_);  // Wrap() breaks the label it has: start from the whole text
    // Not sized yet (being built): wrapped narrower than the first size, so that the label does not make
    // the window wider than it is meant to open (GTK gives a window at least its labels' width).
    subtitle_->Wrap(width > FromDIP(200) ? width : FromDIP(700));
}

namespace {
// Sets a label only when its text changes. The label fits itself to its text; returns whether its
// height changed (then the window's layout must follow).
bool set_label_if_changed(wxWindow* control, const wxString& text) {
    if (control->GetLabel() == text) return false;
    const int height = control->GetBestSize().y;
    control->SetLabel(text);
    return control->GetBestSize().y != height;
}
}  // namespace

void MainFrame::refresh() {
    // Only rows whose state or summary changed are repainted: a run's events change one row at
    // a time, and re-setting all 24 rows (with their icons) on each event kept the UI thread busy.
    const auto& rows = presenter_->rows();
    shown_rows_.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto& shown = shown_rows_[i];
        if (!shown.valid || shown.state != rows[i].state || shown.summary != rows[i].summary) list_->row_changed(static_cast<long>(i));
        shown = {true, rows[i].state, rows[i].summary};
    }
    const ButtonsView b = presenter_->buttons();
    // Laying out the whole window resizes the list, which repaints all its rows and its header, so only a
    // label whose height changed, or the Run button's new label, lays out the window. A run's events
    // change the progress label only ("7 of 24"), whose width is fixed: they lay out nothing.
    bool relayout = false;
    if (run_->GetLabel() != from_utf8(b.run_label)) {
        run_->SetLabel(from_utf8(b.run_label));
        relayout = true;  // the buttons after it move
    }
    run_->Enable(b.run_enabled && !fixing_);
    cancel_->Enable(b.cancel_enabled);
    fix_all_->Enable(b.fix_all_enabled && !fixing_);
    open_log_->Enable(b.open_log_enabled);
    save_report_->Enable(b.save_report_enabled);
    info_->Enable(list_->selected_row() >= 0);

    const HeadlineView h = presenter_->headline();
    relayout |= set_label_if_changed(headline_, from_utf8(h.title));
    const wxColour tone = h.tone == HeadlineView::Tone::Success     ? wxColour(0x1E, 0x7B, 0x34)
                          : h.tone == HeadlineView::Tone::Attention ? wxColour(0xC6, 0x28, 0x28)
                                                                    : wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT);
    if (headline_->GetForegroundColour() != tone) headline_->SetForegroundColour(tone);
    relayout |= set_label_if_changed(detail_, from_utf8(h.detail));
    const int done = std::min(presenter_->progress_done(), gauge_->GetRange());
    if (gauge_->GetValue() != done) gauge_->SetValue(done);
    const wxString progress = from_utf8(presenter_->progress_text());
    if (progress_->GetLabel() != progress) progress_->SetLabel(progress);  // its width is fixed: no layout
    if (relayout) Layout();
}

// ---- Run ----

void MainFrame::start_run() {
    if (busy() || presenter_->opened()) return;
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
    // Paint the cleared list now, before the run and its event-loop measurement start: on a window just
    // opened with --run this is its first paint. Idle time comes first: wx leaves size and layout work
    // for it, and on a window just opened it was still to do (a whole repaint of the list and its header
    // in the run's first event otherwise). How long both took is logged on its own line.
    const auto paint_began = std::chrono::steady_clock::now();
    wxTheApp->ProcessIdle();
    Update();
    first_paint_ = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - paint_began);
    runner_ = std::make_unique<Runner>(*options_.registry, system_, run_options);
    // Runner events arrive on its thread; `alive` stops a late event from touching a closed window.
    const auto alive = alive_;
    // Runner events are coalesced: while one batch waits for the UI thread, later events join it, so a
    // burst of fast checks costs one refresh instead of one per event. Otherwise the posted events
    // queue up faster than the UI thread repaints rows (slow under Wine), and Windows, which makes
    // WM_PAINT and WM_TIMER only when the queue is empty, stops painting until the run ends.
    struct PendingChanges {
        std::mutex mutex;
        std::vector<std::function<void(MainPresenter&)>> changes;
    };
    const auto pending = std::make_shared<PendingChanges>();
    bridge_ = std::make_unique<UiBridge>(
        [this, alive, pending](std::function<void(MainPresenter&)> change) {
            {
                std::lock_guard<std::mutex> lock(pending->mutex);
                pending->changes.push_back(std::move(change));
                if (pending->changes.size() > 1) return;  // the batch already queued takes this change too
            }
            wxTheApp->CallAfter([this, alive, pending] {
                std::vector<std::function<void(MainPresenter&)>> batch;
                {
                    std::lock_guard<std::mutex> lock(pending->mutex);
                    batch.swap(pending->changes);
                }
                if (!alive->load()) return;
                const auto began = std::chrono::steady_clock::now();
                for (auto& change : batch) change(*presenter_);
                refresh();
                note_ui_handler(std::chrono::steady_clock::now() - began,
                                [&batch] { return fmt::format("{} runner event{} and the refresh of the list", batch.size(), batch.size() == 1 ? "" : "s"); });
            });
        },
        [this, alive](const RunSummary& summary) {
            wxTheApp->CallAfter([this, alive, summary] {
                if (alive->load()) on_run_finished(summary);
            });
        });
    if (log_) runner_->add_observer(*log_);
    runner_->add_observer(*bridge_);
    worst_gap_during_ = "before the first test started";
    loop_watch_.start();
    latency_timer_.Start(kLatencyTickMs);
    runner_->start();
}

void MainFrame::on_latency_tick(wxTimerEvent&) {
    // The gap between two ticks beyond the timer's own period is time the UI thread was not listening;
    // which test was running then tells a stall of ours (a row update, a check's event) from others.
    if (loop_watch_.tick()) worst_gap_during_ = running_now();
}

std::string MainFrame::running_now() const {
    bool any_done = false;
    for (const auto& row : presenter_->rows()) {
        if (row.state == RowState::Checking) return "while \"" + row.id + "\" ran";
        any_done |= row.state != RowState::ToBeTested;
    }
    return any_done ? "until the window learnt that the run had ended" : "before the first test started";
}

void MainFrame::on_run_finished(RunSummary summary) {
    latency_timer_.Stop();
    if (loop_watch_.tick()) worst_gap_during_ = running_now();  // the stretch since the last tick counts too
    loop_report_ = loop_watch_.stop();
    if (runner_) runner_->wait();
    presenter_->run_finished(summary, log_ ? log_->path() : std::string());
    if (summary.machine.user_checked.value != machine_.user_checked.value || summary.machine.user_source != machine_.user_source) {
        machine_ = summary.machine;  // the run read it again: say whose profile these results are about
        set_subtitle(about_text());
    }
    const auto& gap = loop_report_.worst_gap;
    const std::string where = fmt::format("{} ms into the run, {}", gap.begin.count(), worst_gap_during_);
    if (log_) log_->note(fmt::format("window: the UI event loop's worst gap during the run was {} ms ({})", gap.length.count(), where));
    if (log_) log_->note("window: " + loop_report_text(loop_report_));
    if (log_) log_->note(fmt::format("window: painting the list when the run started took {} ms (before the measurement)", first_paint_.count()));
    if (options_.trace_latency)
        std::cout << "event-loop worst gap: " << gap.length.count() << " ms (" << where << "); " << loop_report_text(loop_report_) << std::endl;
    refresh();
    if (options_.close_after_run) Close();
}

// ---- Fix All Warnings ----

void MainFrame::fix_all_warnings() {
    if (busy() || presenter_->read_only()) return;
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
    apply_plans(std::move(plans), "Fix All Warnings");
}

void MainFrame::fix_on_request(const std::string& id) {
    if (busy() || presenter_->read_only()) return;
    std::string error;
    auto plan = plan_fix_for(*options_.registry, id, *system_, machine_, error);
    if (!plan || plan->changes.empty()) {
        say(plan ? "Nothing needs changing any more. Press Rerun." : id + ": " + (error.empty() ? "no fix is available" : error), "Fix this check", !plan);
        return;
    }
    if (!machine_.elevated || !*machine_.elevated) {
        say("Changing the machine needs administrator rights. Start ImageChecker with \"Run as administrator\". Nothing was changed.",
            "Fix this check", true);
        return;
    }
    if (!log_) {
        say("No folder could be written for the undo journal, so nothing was changed.", "Fix this check", true);
        return;
    }
    std::vector<FixPlan> plans{std::move(*plan)};
    if (log_)
        for (const auto& change : plans.front().changes)
            log_->line("FIXPLAN", fmt::format("[{}] {} | undoable: {}", id, change.one_line(), change.undoable ? "yes" : "no"));
    if (!confirm_on_request_(this, plans)) return;
    std::size_t left = 0;
    for (const auto& p : plans) left += p.changes.size();
    if (left == 0) return;
    apply_plans(std::move(plans), "Fix this check");
}

void MainFrame::apply_plans(std::vector<FixPlan> plans, const std::string& title) {
    fix_title_ = title;
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
    // A second fix in the same run (Fix All again, or a check's own fix) appends to the same journal, so one undo covers the whole run.
    fix_thread_ = std::thread([this, alive, plans, recheck, log, journal_path, machine]() {
        FixBatch batch;
        std::string error;
        try {
            FixJournal journal = FixJournal::open(journal_path, machine);
            log->note("undo journal: " + journal.path());  // the path alone on its line: support tools read it
            if (journal.batch() > 1)
                log->note(fmt::format("this fix is batch {} of that journal; the earlier batches of this run are kept", journal.batch()));
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
        else wxMessageBox(from_utf8(message), from_utf8(fix_title_), wxOK | wxICON_ERROR, this);
        return;
    }
    const auto person = presenter_->summary() ? presenter_->summary()->verdict.count(Status::Failed) : 0;
    if (person > 0) message += fmt::format("{} test{} still need{} a person (see Info).\n\n", person, person == 1 ? "" : "s", person == 1 ? "s" : "");
    message += "The old values are saved in " + journal + "\nTo undo: imagechecker-cli undo \"" + journal + "\"";
    if (inform_) inform_(message);
    else wxMessageBox(from_utf8(message), from_utf8(fix_title_), wxOK | wxICON_INFORMATION, this);
}

// ---- Info, log, report ----

void MainFrame::say(const std::string& message, const std::string& title, bool problem) {
    if (inform_) inform_(message);
    else wxMessageBox(from_utf8(message), from_utf8(title), wxOK | (problem ? wxICON_WARNING : wxICON_INFORMATION), this);
}

wxDialog* MainFrame::show_info_dialog(int row, bool modal) {
    if (row < 0 || row >= static_cast<int>(presenter_->rows().size())) return nullptr;
    const auto& r = presenter_->rows()[static_cast<std::size_t>(row)];
    const InfoView view = presenter_->info_view(r.id);
    wxDialog* dialog = make_info_dialog(this, view, presenter_->info_text(r.id), icons_[static_cast<std::size_t>(r.state)]);
    if (!modal) {
        dialog->Show();
        return dialog;
    }
    const int answer = dialog->ShowModal();
    dialog->Destroy();
    if (answer == kFixThisCheck) fix_on_request(view.id);
    return nullptr;
}

void MainFrame::show_info(int row) { show_info_dialog(row, true); }

void MainFrame::open_log() {
    if (presenter_->log_path().empty()) return;
    if (!wxLaunchDefaultApplication(from_utf8(presenter_->log_path())))
        wxMessageBox(from_utf8("The log is at " + presenter_->log_path()), "ImageChecker", wxOK | wxICON_INFORMATION, this);
}

std::string MainFrame::save_report_to(const std::string& path) const {
    std::string lower = path;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool html = lower.size() >= 5 && (lower.rfind(".html") == lower.size() - 5 || lower.rfind(".htm") == lower.size() - 4);
    std::string text;
    if (const auto& opened = presenter_->opened()) {
        text = html ? html_report(*opened) : review_json(*opened).dump(2) + "\n";
    } else if (presenter_->summary()) {
        const auto report = build_report(*presenter_->summary(), {presenter_->log_path(), options_.replay_path});
        text = html ? html_report(parse_report(report.dump())) : report.dump(2) + "\n";
    } else {
        return "there is no result to save yet";
    }
    std::ofstream out(std::filesystem::u8path(path), std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    return out ? std::string() : "the report could not be written to " + path;
}

void MainFrame::save_report() {
    if (!presenter_->summary() && !presenter_->opened()) return;
    wxFileDialog dialog(this, "Save report", "", "ImageChecker-report.html",
                        "HTML report, to read or print (*.html)|*.html|JSON report, for scripts (*.json)|*.json", wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dialog.ShowModal() != wxID_OK) return;
    std::string path = dialog.GetPath().utf8_string();
    const std::string wanted = dialog.GetFilterIndex() == 0 ? ".html" : ".json";
    if (std::filesystem::u8path(path).extension().u8string().empty()) path += wanted;
    const std::string error = save_report_to(path);
    if (!error.empty()) wxMessageBox(from_utf8(error), "Save report", wxOK | wxICON_ERROR, this);
}

// ---- Opening a log, a report or a recording ----

void MainFrame::build_menu() {
    auto* file = new wxMenu;
    file->Append(wxID_OPEN, from_utf8("&Open log, report or recording\xE2\x80\xA6\tCtrl+O"));
    file->Append(wxID_SAVEAS, from_utf8("&Save report\xE2\x80\xA6\tCtrl+S"));
    file->AppendSeparator();
    file->Append(wxID_EXIT, "E&xit");
    auto* bar = new wxMenuBar;
    bar->Append(file, "&File");
    SetMenuBar(bar);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open_dialog(); }, wxID_OPEN);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { save_report(); }, wxID_SAVEAS);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Enable(!busy()); }, wxID_OPEN);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Enable(presenter_->buttons().save_report_enabled); }, wxID_SAVEAS);
}

void MainFrame::open_dialog() {
    wxFileDialog dialog(this, "Open a log, report or recording", "", "",
                        "ImageChecker files (*.log;*.json)|*.log;*.json|All files|*", wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dialog.ShowModal() == wxID_OK) open_file(dialog.GetPath().utf8_string());
}

void MainFrame::fit_progress_label() {
    const int total = presenter_->progress_total();
    wxString widest = wxString::Format("%d of %d", total, total);
    for (auto it = widest.begin(); it != widest.end(); ++it)
        if (wxIsdigit(*it)) *it = '8';  // digits may differ in width: the widest counts
    progress_->SetMinSize(wxSize(progress_->GetTextExtent(widest).x + FromDIP(2), -1));
    progress_->GetContainingSizer()->Layout();
}

void MainFrame::rebuild_list() {
    shown_rows_.clear();
    list_->reset_rows();
    gauge_->SetRange(std::max(1, presenter_->progress_total()));
    fit_progress_label();
}

void MainFrame::use_system(std::shared_ptr<os::System> system, const std::string& replay_path, bool read_only) {
    system_ = std::move(system);
    options_.replay_path = replay_path;
    machine_ = read_machine_facts(*system_, options_.user);
    std::vector<CheckInfo> applicable;
    for (const auto& info : options_.registry->catalogue())
        if (!machine_.os || info.applies_to(machine_.os->family)) applicable.push_back(info);
    presenter_ = std::make_unique<MainPresenter>(std::move(applicable));
    presenter_->set_read_only(read_only);
    rebuild_list();
}

bool MainFrame::open_file(const std::string& path) {
    if (busy()) return false;
    std::string why;
    try {
        ReadRun run = read_run_file(path);
        fill_from_catalogue(run, options_.registry->catalogue());
        presenter_->show_read_run(run, options_.registry->catalogue());
        rebuild_list();
        set_subtitle("Read-only: " + path + (run.kind == ReadRun::Kind::Log ? " (a log)" : " (a JSON report)") +
                     " \xE2\x80\x94 Info shows each check; File \xE2\x96\xB8 Open reads another.");
        refresh();
        Layout();
        return true;
    } catch (const RunFileError& e) {
        why = e.what();
    }
    // Not a log or report: a recording is replayed, read-only (nothing can be changed in a recording).
    try {
        std::shared_ptr<os::System> replay = os::ReplaySystem::load(path);
        use_system(std::move(replay), path, true);
        set_subtitle("Read-only: answers from the recording " + path + "; profile checked: " + machine_.user_checked.display());
        refresh();
        Layout();
        start_run();
        return true;
    } catch (const std::exception&) {
    }
    say("This file cannot be opened: " + why, "Open", true);
    return false;
}

}  // namespace ic::gui
