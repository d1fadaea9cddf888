// The ImageChecker window's application object: reads the command line, builds the window.
#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/filefn.h>
#include <wx/filename.h>
#include <wx/thread.h>

#include <chrono>
#include <cstdlib>

#include "imagechecker/check_registry.h"
#include "imagechecker/os/recording.h"
#include "imagechecker/platform.h"
#include "imagechecker/runner.h"
#include "imagechecker/version.h"
#include "loop_watch.h"
#include "main_frame.h"

namespace ic::gui {

namespace {
// Runs before WinMain/main (and so before wx loads anything on demand): DLLs come from System32 only.
// wxIMPLEMENT_APP owns the entry point, so a static initializer of the program's own file is the
// earliest place the program controls.
const bool kLibraryLoadingHardened = (platform::harden_library_loading(), true);

// What the window's event-loop measurement calls a slow handler: the event and the class handling it.
std::string handler_name(const wxEvent& event, const wxClassInfo* handler) {
    const wxEventType type = event.GetEventType();
    const char* name = type == wxEVT_PAINT              ? "paint"
                       : type == wxEVT_ERASE_BACKGROUND ? "erase background"
                       : type == wxEVT_SIZE             ? "size"
                       : type == wxEVT_TIMER            ? "timer"
                       : type == wxEVT_IDLE             ? "idle"
                       : type == wxEVT_UPDATE_UI        ? "update UI"
                       : type == wxEVT_SET_FOCUS        ? "set focus"
                       : type == wxEVT_KILL_FOCUS       ? "kill focus"
                       : type == wxEVT_BUTTON           ? "button"
                       : type == wxEVT_LIST_ITEM_SELECTED ? "list selection"
                                                          : nullptr;
    std::string text = name != nullptr ? name : "event type " + std::to_string(type);
    if (handler != nullptr) text += " of " + wxString(handler->GetClassName()).utf8_string();
    return text;
}
}  // namespace

class ImageCheckerApp : public wxApp {
public:
    int OnExit() override {
        // The window (and its log) is closed by now. A check that timed out may still be running on an
        // abandoned thread: leave as the CLI does, without static destructors racing with it.
        if (Runner::abandoned_checks() > 0) std::_Exit(0);
        return wxApp::OnExit();
    }

    // Every event handler passes here: while a run is measured, each one on the UI thread is timed, so
    // the run's log can name the slowest (costs one atomic load otherwise).
    void CallEventHandler(wxEvtHandler* handler, wxEventFunctor& functor, wxEvent& event) const override {
        if (gui::LoopWatch::active() == nullptr || !wxIsMainThread()) return wxApp::CallEventHandler(handler, functor, event);
        const wxClassInfo* handler_class = handler != nullptr ? handler->GetClassInfo() : nullptr;  // before it may be destroyed
        const auto began = std::chrono::steady_clock::now();
        wxApp::CallEventHandler(handler, functor, event);
        gui::note_ui_handler(std::chrono::steady_clock::now() - began, [&] { return handler_name(event, handler_class); });
    }

    bool OnInit() override {
        SetAppName("ImageChecker");
        SetAppDisplayName("ImageChecker");
        if (!wxApp::OnInit()) return false;  // parses the command line through the two overrides below

        WindowOptions options;
        options.registry = &builtin_checks();
        options.user = user_;
        if (!log_dir_.empty()) options.log_dir = log_dir_;
        options.default_log_dirs = {platform::executable_dir(), platform::fallback_log_dir()};
        options.replay_path = replay_;
        options.timeout = std::chrono::milliseconds(timeout_seconds_ * 1000);
        options.trace_latency = trace_latency_;
        options.close_after_run = close_after_run_;
        if (!replay_.empty()) {
            std::shared_ptr<os::System> replay;
            try {
                replay = os::ReplaySystem::load(replay_);
            } catch (const std::exception& e) {
                wxMessageOutputBest().Printf("ImageChecker: %s", wxString::FromUTF8(e.what()));
                return false;
            }
            options.make_system = [replay] { return replay; };
#if defined(__linux__)
        } else if (!root_.empty()) {
            // A Linux system's tree: a mounted image, a chroot or a container's root.
            if (!wxDirExists(wxString::FromUTF8(root_))) {
                wxMessageOutputBest().Printf("ImageChecker: --root %s is not a folder", wxString::FromUTF8(root_));
                return false;
            }
            const std::string root = root_;
            options.make_system = [root] { return std::shared_ptr<os::System>(os::make_linux_system(root)); };
#endif
        } else {
            options.make_system = [] { return std::shared_ptr<os::System>(os::make_native_system()); };
        }

        auto* frame = new MainFrame(std::move(options));
        frame->Show();
        // Once the event loop runs: the window's first layout and paint are start-up, not part of the run
        // (nor of the run's event-loop measurement).
        if (!open_.empty()) {
            if (!frame->open_file(open_)) return true;  // it said why; the window stays for File > Open
        } else if (run_now_) {
            CallAfter([frame] { frame->start_run(); });
        }
        return true;
    }

    void OnInitCmdLine(wxCmdLineParser& parser) override {
        wxApp::OnInitCmdLine(parser);
        parser.AddOption("", "user", "WorkSpace user whose profile is checked (default: the interactive user)");
        parser.AddOption("", "log-dir", "write the log into this folder instead of the program's folder");
        parser.AddOption("", "replay", "answer every question from a recording made with imagechecker-cli run --record");
        parser.AddOption("", "open", "show a log, JSON report or recording read-only (also File > Open, or drop it on the window)");
#if defined(__linux__)
        parser.AddOption("", "root", "check the Linux system whose root filesystem is in this folder");
#endif
        parser.AddOption("", "timeout", "seconds each test may take (default 60)", wxCMD_LINE_VAL_NUMBER);
        parser.AddSwitch("", "run", "start the tests as soon as the window opens");
        parser.AddSwitch("", "trace-latency", "print the UI event loop's worst gap of each run");
        parser.AddSwitch("", "close-after-run", "close the window when the run has finished (with --run: a run that leaves its log)");
        parser.AddSwitch("", "version", "print the version and exit");
    }

    bool OnCmdLineParsed(wxCmdLineParser& parser) override {
        if (parser.Found("version")) {
            wxMessageOutputBest().Printf("%s %s", kToolName, kToolVersion);
            return false;
        }
        wxString value;
        if (parser.Found("user", &value)) user_ = value.utf8_string();
        if (parser.Found("log-dir", &value)) log_dir_ = value.utf8_string();
        if (parser.Found("replay", &value)) replay_ = value.utf8_string();
        if (parser.Found("open", &value)) open_ = value.utf8_string();
        if (parser.Found("root", &value)) root_ = wxFileName(value).GetAbsolutePath().utf8_string();
        long seconds = 0;
        if (parser.Found("timeout", &seconds)) {
            if (seconds <= 0 || seconds > 86400) {
                wxMessageOutputBest().Printf("ImageChecker: --timeout must be between 1 and 86400 seconds");
                return false;
            }
            timeout_seconds_ = seconds;
        }
        run_now_ = parser.Found("run");
        trace_latency_ = parser.Found("trace-latency");
        close_after_run_ = parser.Found("close-after-run");
        return wxApp::OnCmdLineParsed(parser);
    }

private:
    std::string user_;
    std::string log_dir_;
    std::string replay_;
    std::string open_;
    std::string root_;
    long timeout_seconds_ = 60;
    bool run_now_ = false;
    bool trace_latency_ = false;
    bool close_after_run_ = false;
};

}  // namespace ic::gui

wxIMPLEMENT_APP(ic::gui::ImageCheckerApp);
