// The real window (wxGTK) under Xvfb: press Run, wait for the run, read the rows and the buttons;
// press Fix All Warnings on a machine with a fixable warning and see the row turn PASSED.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include <wx/app.h>
#include <wx/init.h>
#include <wx/listctrl.h>

#include "imagechecker/fix_engine.h"
#include "imagechecker/os/memory_system.h"
#include "imagechecker/os/recording.h"
#include "main_frame.h"

namespace ic::gui {
namespace {

using namespace std::chrono_literals;

bool pump_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        wxTheApp->ProcessPendingEvents();
        wxYield();
        std::this_thread::sleep_for(5ms);
    }
    wxTheApp->ProcessPendingEvents();
    wxYield();
    return true;
}

void click(wxButton* button) {
    ASSERT_TRUE(button->IsEnabled()) << button->GetLabel();
    wxCommandEvent event(wxEVT_BUTTON, button->GetId());
    event.SetEventObject(button);
    button->GetEventHandler()->ProcessEvent(event);
}

// What the list control says a cell holds (the virtual list asks the window's rows for it).
std::string cell_text(wxListCtrl* list, int row, int column) { return list->GetItemText(row, column).utf8_string(); }

// The image the list control shows in a row's first (status) column: the RowState's icon.
int cell_image(wxListCtrl* list, int row) {
    wxListItem item;
    item.SetId(row);
    item.SetColumn(0);
    item.SetMask(wxLIST_MASK_IMAGE);
    if (!list->GetItem(item)) return -2;
    return item.GetImage();
}

std::string temp_dir() {
    auto dir = std::filesystem::temp_directory_path() / ("ic-gui-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(dir);
    return dir.u8string();
}

WindowOptions options_for(std::shared_ptr<os::System> system, const std::string& log_dir) {
    WindowOptions options;
    options.trace_latency = false;
    options.make_system = [system] { return system; };
    options.registry = &builtin_checks();
    options.log_dir = log_dir;
    return options;
}

/// A Windows machine from the in-memory fake where Remote Desktop Services is disabled: a WARNING the
/// tool can fix.
std::shared_ptr<os::MemorySystem> machine_with_disabled_rds() {
    auto m = std::make_shared<os::MemorySystem>();
    m->add_service({"TermService", "Remote Desktop Services", os::ServiceStartType::Disabled, os::ServiceState::Stopped,
                    "NT Authority\\NetworkService", "C:\\Windows\\System32\\svchost.exe -k termsvcs"});
    return m;
}

TEST(MainFrame, RunOnARecordingFillsEveryRowAsTheRecordedMachineAnswered) {
    const auto dir = temp_dir();
    auto replay = os::ReplaySystem::load(IC_TEST_DATA_DIR "/wine-machine.rec.json");
    auto options = options_for(replay, dir);
    options.replay_path = IC_TEST_DATA_DIR "/wine-machine.rec.json";
    auto* frame = new MainFrame(options);
    frame->Show();
    const auto rows = frame->presenter().rows().size();
    ASSERT_GT(rows, 0U);
    EXPECT_EQ(frame->list()->GetItemCount(), static_cast<int>(rows));
    EXPECT_EQ(cell_text(frame->list(), 0, 0), "To be tested");
    EXPECT_EQ(frame->list()->selected_row(), 0) << "the first row is selected, so Info works from the keyboard at once";
    EXPECT_EQ(frame->save_report_button()->GetLabel().utf8_string(), "&Save report\xE2\x80\xA6") << "non-ASCII labels survive any locale";
    EXPECT_FALSE(frame->fix_all_button()->IsEnabled());
    EXPECT_FALSE(frame->open_log_button()->IsEnabled());

    click(frame->run_button());
    EXPECT_FALSE(frame->run_button()->IsEnabled()) << "Run is disabled while checks run";
    ASSERT_TRUE(pump_until([&] { return !frame->busy(); }));

    for (std::size_t i = 0; i < rows; ++i) {
        const auto& row = frame->presenter().rows()[i];
        EXPECT_NE(row.state, RowState::ToBeTested) << row.id;
        EXPECT_NE(row.state, RowState::Checking) << row.id;
        EXPECT_EQ(cell_text(frame->list(), static_cast<int>(i), 0), row.state_text()) << row.id;
        EXPECT_EQ(cell_text(frame->list(), static_cast<int>(i), 2), row.summary) << row.id;
        EXPECT_EQ(cell_image(frame->list(), static_cast<int>(i)), static_cast<int>(row.state)) << row.id;
    }
    EXPECT_EQ(frame->run_button()->GetLabel(), "&Rerun");
    EXPECT_TRUE(frame->open_log_button()->IsEnabled());
    EXPECT_TRUE(frame->save_report_button()->IsEnabled());
    EXPECT_FALSE(frame->cancel_button()->IsEnabled());
    const bool has_warning = !frame->presenter().fix_all_targets().empty();
    EXPECT_EQ(frame->fix_all_button()->IsEnabled(), has_warning);
    // What the Wine machine answered when it was recorded: Wine's Z: drive, no PowerShell, TLS 1.2 off.
    const auto state_of = [&](const std::string& id) {
        for (const auto& r : frame->presenter().rows())
            if (r.id == id) return r.state_text();
        return std::string("missing");
    };
    EXPECT_EQ(state_of("drives"), "FAILED");
    EXPECT_EQ(state_of("powershell-version"), "FAILED");
    EXPECT_EQ(state_of("free-space"), "PASSED");
    EXPECT_EQ(state_of("tls-ssl"), "WARNING");
    EXPECT_TRUE(frame->fix_all_button()->IsEnabled());
    EXPECT_EQ(frame->presenter().headline().title, "Not ready");
    frame->Destroy();
    wxTheApp->ProcessPendingEvents();
}

TEST(MainFrame, TheSubtitleWrapsToTheWindowInsteadOfWideningIt) {
    // Replaying from a long path makes the line under the title longer than the window is wide.
    const auto dir = temp_dir();
    const std::string recording = dir + "/" + std::string(60, 'r') + ".rec.json";
    std::filesystem::copy_file(IC_TEST_DATA_DIR "/wine-machine.rec.json", recording);
    auto options = options_for(os::ReplaySystem::load(recording), dir);
    options.replay_path = recording;
    auto* frame = new MainFrame(options);
    frame->SetSize(frame->FromDIP(wxSize(800, 600)));
    frame->Show();
    ASSERT_TRUE(pump_until([&] { return frame->subtitle()->GetLabel().Contains("\n"); }, 5s)) << "the subtitle was never wrapped";
    EXPECT_EQ(frame->GetSize().x, frame->FromDIP(800)) << "the window keeps the width it was given";
    EXPECT_LE(frame->subtitle()->GetSize().x, frame->GetClientSize().x);
    // Wrapped to this width, not to any narrower one: its widest line uses most of the window.
    int widest = 0;
    for (const wxString& line : wxSplit(frame->subtitle()->GetLabel(), '\n', '\0'))
        widest = std::max(widest, frame->subtitle()->GetTextExtent(line).x);
    EXPECT_GT(widest, frame->GetClientSize().x * 7 / 10) << "wrapped narrower than the window";
    const int lines_narrow = frame->subtitle()->GetLabel().Freq('\n') + 1;
    wxString unwrapped = frame->subtitle()->GetLabel();
    unwrapped.Replace("\n", " ");
    EXPECT_NE(unwrapped.utf8_string().find(recording), std::string::npos) << "nothing of the text is lost by wrapping";

    frame->SetSize(frame->FromDIP(wxSize(1200, 600)));  // wider: wrapped again, in fewer lines
    ASSERT_TRUE(pump_until([&] { return frame->subtitle()->GetLabel().Freq('\n') + 1 < lines_narrow; }, 5s))
        << "still " << lines_narrow << " lines at 1200 pixels";
    frame->Destroy();
    wxTheApp->ProcessPendingEvents();
}

TEST(MainFrame, FixAllWarningsFixesTheStagedWarningAndTheRowTurnsPassed) {
    const auto dir = temp_dir();
    auto machine = machine_with_disabled_rds();
    auto* frame = new MainFrame(options_for(machine, dir));
    std::vector<std::string> previewed;
    frame->set_confirm_fixes([&](wxWindow*, std::vector<FixPlan>& plans) {
        for (const auto& plan : plans) previewed.push_back(plan.check_id);
        return true;
    });
    std::string report;
    frame->set_inform([&](const std::string& text) { report = text; });
    frame->Show();
    click(frame->run_button());
    ASSERT_TRUE(pump_until([&] { return !frame->busy(); }));

    const auto find_row = [&](const std::string& id) -> const RowView* {
        for (const auto& r : frame->presenter().rows())
            if (r.id == id) return &r;
        return nullptr;
    };
    const RowView* rds = find_row("remote-desktop-services");
    if (rds == nullptr) GTEST_SKIP() << "the remote-desktop-services check is not registered in this build";
    ASSERT_EQ(rds->state, RowState::Warning) << rds->summary;
    ASSERT_TRUE(frame->fix_all_button()->IsEnabled());

    click(frame->fix_all_button());
    ASSERT_TRUE(pump_until([&] { return !frame->busy() && !report.empty(); }));
    EXPECT_NE(std::find(previewed.begin(), previewed.end(), "remote-desktop-services"), previewed.end());
    EXPECT_EQ(find_row("remote-desktop-services")->state, RowState::Passed);
    EXPECT_EQ(machine->services().find("TermService").value()->start_type, os::ServiceStartType::Manual);
    EXPECT_NE(report.find("remote-desktop-services"), std::string::npos) << report;
    EXPECT_NE(report.find(".fixes.json"), std::string::npos) << report;
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::u8path(frame->last_journal())));
    frame->Destroy();
    wxTheApp->ProcessPendingEvents();
}

TEST(MainFrame, TwoPressesOfFixAllWarningsAppendToOneJournalThatOneUndoRestores) {
    const auto dir = temp_dir();
    auto machine = machine_with_disabled_rds();
    machine->add_service({"TrustedInstaller", "Windows Modules Installer", os::ServiceStartType::Disabled, os::ServiceState::Stopped,
                          "LocalSystem", "C:\\Windows\\servicing\\TrustedInstaller.exe"});
    auto* frame = new MainFrame(options_for(machine, dir));
    int press = 0;
    frame->set_confirm_fixes([&](wxWindow*, std::vector<FixPlan>& plans) {
        ++press;
        if (press == 1)  // the first time, the admin leaves Windows Modules Installer unticked
            plans.erase(std::remove_if(plans.begin(), plans.end(), [](const FixPlan& p) { return p.check_id == "windows-modules-installer"; }),
                        plans.end());
        return !plans.empty();
    });
    std::string report;
    frame->set_inform([&](const std::string& text) { report = text; });
    frame->Show();
    click(frame->run_button());
    ASSERT_TRUE(pump_until([&] { return !frame->busy(); }));
    const auto state_of = [&](const std::string& id) {
        for (const auto& r : frame->presenter().rows())
            if (r.id == id) return r.state;
        return RowState::ToBeTested;
    };
    ASSERT_EQ(state_of("remote-desktop-services"), RowState::Warning);
    ASSERT_EQ(state_of("windows-modules-installer"), RowState::Warning);

    click(frame->fix_all_button());
    ASSERT_TRUE(pump_until([&] { return !frame->busy() && !report.empty(); }));
    const std::string journal_path = frame->last_journal();
    EXPECT_EQ(state_of("remote-desktop-services"), RowState::Passed);
    EXPECT_EQ(state_of("windows-modules-installer"), RowState::Warning);

    report.clear();
    click(frame->fix_all_button());  // back for the one left out
    ASSERT_TRUE(pump_until([&] { return !frame->busy() && !report.empty(); }));
    EXPECT_EQ(state_of("windows-modules-installer"), RowState::Passed);
    EXPECT_EQ(frame->last_journal(), journal_path) << "one journal for the run";

    auto journal = FixJournal::load(journal_path);
    ASSERT_GE(journal.entries().size(), 2U);
    EXPECT_EQ(journal.entries().front().batch, 1);
    EXPECT_EQ(journal.entries().back().batch, 2) << "the second press appended; the first press's entries are still there";
    EXPECT_EQ(journal.entries().front().check_id, "remote-desktop-services");
    for (const auto& step : undo(journal, *machine, [](const std::string&, const std::string&) {}))
        if (step.inverse) EXPECT_TRUE(step.done) << step.reason;
    EXPECT_EQ(machine->services().find("TermService").value()->start_type, os::ServiceStartType::Disabled);
    EXPECT_EQ(machine->services().find("TrustedInstaller").value()->start_type, os::ServiceStartType::Disabled);
    frame->Destroy();
    wxTheApp->ProcessPendingEvents();
}

int row_of(const MainFrame& frame, const std::string& id) {
    const auto& rows = frame.presenter().rows();
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].id == id) return static_cast<int>(i);
    return -1;
}

TEST(MainFrame, OpensALogAndAReportReadOnlyAndInfoShowsTheStructuredView) {
    const auto dir = temp_dir();
    auto replay = os::ReplaySystem::load(IC_TEST_DATA_DIR "/wine-machine.rec.json");
    auto* live = new MainFrame(options_for(replay, dir));
    live->Show();
    click(live->run_button());
    ASSERT_TRUE(pump_until([&] { return !live->busy(); }));
    const std::string log = live->presenter().log_path();
    ASSERT_FALSE(log.empty());
    ASSERT_EQ(live->save_report_to(dir + "/report.json"), "");
    ASSERT_EQ(live->save_report_to(dir + "/report.html"), "");
    std::vector<std::pair<std::string, RowState>> want;
    for (const auto& r : live->presenter().rows()) want.emplace_back(r.id, r.state);
    live->Destroy();
    wxTheApp->ProcessPendingEvents();

    std::ifstream html(dir + "/report.html");
    const std::string page((std::istreambuf_iterator<char>(html)), std::istreambuf_iterator<char>());
    EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0U) << "Save report as .html writes the HTML report";

    for (const std::string& file : {log, dir + "/report.json"}) {
        SCOPED_TRACE(file);
        auto* frame = new MainFrame(options_for(std::make_shared<os::MemorySystem>(), dir + "/other"));
        std::string said;
        frame->set_inform([&](const std::string& text) { said = text; });
        frame->Show();
        ASSERT_TRUE(frame->open_file(file)) << said;
        ASSERT_EQ(frame->presenter().rows().size(), want.size());
        EXPECT_EQ(frame->list()->GetItemCount(), static_cast<int>(want.size())) << "the list shows the file's rows, no more";
        for (std::size_t i = 0; i < want.size(); ++i) {
            EXPECT_EQ(frame->presenter().rows()[i].id, want[i].first);
            EXPECT_EQ(frame->presenter().rows()[i].state, want[i].second) << want[i].first;
            EXPECT_EQ(cell_text(frame->list(), static_cast<int>(i), 0), row_state_text(want[i].second));
        }
        EXPECT_FALSE(frame->run_button()->IsEnabled()) << "a file is shown read-only";
        EXPECT_FALSE(frame->fix_all_button()->IsEnabled());
        EXPECT_TRUE(frame->save_report_button()->IsEnabled());

        const int drives = row_of(*frame, "drives");
        ASSERT_GE(drives, 0);
        wxDialog* info = frame->show_info_dialog(drives, false);
        ASSERT_NE(info, nullptr);
        auto* evidence = dynamic_cast<wxListCtrl*>(info->FindWindow("Evidence"));
        ASSERT_NE(evidence, nullptr) << "evidence is a table";
        const auto& ev = frame->presenter().info_view("drives").evidence;
        ASSERT_EQ(evidence->GetItemCount(), static_cast<int>(ev.size()));
        EXPECT_EQ(evidence->GetColumnCount(), 3);
        EXPECT_EQ(evidence->GetItemText(0, 1).utf8_string(), ev[0].observed);
        EXPECT_NE(info->FindWindow(wxID_COPY), nullptr) << "Copy, for a ticket";
        EXPECT_EQ(info->FindWindow("FixThisCheck"), nullptr) << "nothing can be fixed from a file";
        info->Destroy();
        frame->Destroy();
        wxTheApp->ProcessPendingEvents();
    }

    auto* frame = new MainFrame(options_for(std::make_shared<os::MemorySystem>(), dir + "/other"));
    std::string said;
    frame->set_inform([&](const std::string& text) { said = text; });
    std::ofstream(dir + "/mail.txt") << "not a log\n";
    EXPECT_FALSE(frame->open_file(dir + "/mail.txt"));
    EXPECT_NE(said.find("not an ImageChecker log"), std::string::npos) << said;
    frame->Destroy();
    wxTheApp->ProcessPendingEvents();
}

TEST(MainFrame, OpeningARecordingReplaysItReadOnly) {
    const auto dir = temp_dir();
    auto* frame = new MainFrame(options_for(std::make_shared<os::MemorySystem>(), dir));
    frame->Show();
    ASSERT_TRUE(frame->open_file(IC_TEST_DATA_DIR "/wine-machine.rec.json"));
    ASSERT_TRUE(pump_until([&] { return !frame->busy(); }));
    const int tls = row_of(*frame, "tls-ssl");
    ASSERT_GE(tls, 0);
    EXPECT_EQ(frame->presenter().rows()[static_cast<std::size_t>(tls)].state, RowState::Warning) << "the recorded machine's answers";
    EXPECT_TRUE(frame->presenter().read_only());
    EXPECT_FALSE(frame->fix_all_button()->IsEnabled()) << "nothing can be changed in a recording";
    EXPECT_TRUE(frame->save_report_button()->IsEnabled());
    frame->Destroy();
    wxTheApp->ProcessPendingEvents();
}

TEST(MainFrame, InfoOffersAnOnRequestFixWithItsOwnPreviewThroughTheJournalAndRecheck) {
    const auto dir = temp_dir();
    auto machine = machine_with_disabled_rds();  // a WARNING for Fix All Warnings too
    machine->add_service({"MSSQL$SQLEXPRESS", "SQL Server (SQLEXPRESS)", os::ServiceStartType::Automatic, os::ServiceState::Running,
                          "CORP\\svc-sql", ""});
    auto* frame = new MainFrame(options_for(machine, dir));
    std::vector<Change> previewed;
    frame->set_confirm_on_request([&](wxWindow*, std::vector<FixPlan>& plans) {
        for (const auto& plan : plans) previewed.insert(previewed.end(), plan.changes.begin(), plan.changes.end());
        return true;
    });
    frame->set_confirm_fixes([](wxWindow*, std::vector<FixPlan>& plans) {
        for (const auto& plan : plans) EXPECT_NE(plan.check_id, "domain-services") << "an on-request fix is never part of Fix All Warnings";
        return true;
    });
    std::string report;
    frame->set_inform([&](const std::string& text) { report = text; });
    frame->Show();
    click(frame->run_button());
    ASSERT_TRUE(pump_until([&] { return !frame->busy(); }));
    const int row = row_of(*frame, "domain-services");
    if (row < 0) GTEST_SKIP() << "the domain-services check is not registered in this build";
    ASSERT_EQ(frame->presenter().rows()[static_cast<std::size_t>(row)].state, RowState::Failed);

    wxDialog* info = frame->show_info_dialog(row, false);
    ASSERT_NE(info, nullptr);
    EXPECT_NE(info->FindWindow("FixThisCheck"), nullptr) << "Info offers this check's own fix";
    info->Destroy();

    // Fix All Warnings first, then this check's own fix, in the same run: one journal holds both.
    if (frame->fix_all_button()->IsEnabled()) {
        click(frame->fix_all_button());
        ASSERT_TRUE(pump_until([&] { return !frame->busy() && !report.empty(); }));
        report.clear();
    }
    const bool fixed_all = !frame->last_journal().empty();
    frame->fix_on_request("domain-services");
    ASSERT_TRUE(pump_until([&] { return !frame->busy() && !report.empty(); }));
    ASSERT_EQ(previewed.size(), 1U);
    EXPECT_FALSE(previewed[0].undoable) << "the preview says it cannot be undone";
    EXPECT_EQ(previewed[0].before_text(), "CORP\\svc-sql");
    EXPECT_EQ(frame->presenter().rows()[static_cast<std::size_t>(row)].state, RowState::Passed);
    EXPECT_EQ(machine->services().find("MSSQL$SQLEXPRESS").value()->account, "LocalSystem");
    const auto journal = FixJournal::load(frame->last_journal());
    ASSERT_FALSE(journal.entries().empty());
    EXPECT_EQ(journal.entries().back().check_id, "domain-services");
    EXPECT_EQ(journal.entries().back().state, JournalState::Applied);
    if (fixed_all) EXPECT_EQ(journal.entries().front().check_id, "remote-desktop-services") << "the earlier fix is still in the journal";
    frame->Destroy();
    wxTheApp->ProcessPendingEvents();
}

}  // namespace
}  // namespace ic::gui

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    wxApp::SetInstance(new wxApp());
    if (!wxEntryStart(argc, argv) || !wxTheApp->CallOnInit()) {
        std::fprintf(stderr, "cannot start wxWidgets (is DISPLAY set? run under xvfb-run)\n");
        return 1;
    }
    const int result = RUN_ALL_TESTS();
    wxTheApp->OnExit();
    wxEntryCleanup();
    return result;
}
