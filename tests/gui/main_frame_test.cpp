// The real window (wxGTK) under Xvfb: press Run, wait for the run, read the rows and the buttons;
// press Fix All Warnings on a machine with a fixable warning and see the row turn PASSED.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include <wx/app.h>
#include <wx/init.h>

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

std::string cell_text(wxDataViewListCtrl* list, int row, int column) {
    wxVariant value;
    list->GetValue(value, static_cast<unsigned>(row), static_cast<unsigned>(column));
    if (value.GetType() == "wxDataViewIconText") {
        wxDataViewIconText icon_text;
        icon_text << value;
        return icon_text.GetText().utf8_string();
    }
    return value.GetString().utf8_string();
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
    EXPECT_EQ(cell_text(frame->list(), 0, 0), "To be tested");
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
