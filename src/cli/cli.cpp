#include "cli.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "imagechecker/format.h"
#include "imagechecker/os/recording.h"
#include "imagechecker/platform.h"
#include "imagechecker/report.h"
#include "imagechecker/run_log.h"
#include "imagechecker/runner.h"
#include "imagechecker/version.h"

namespace fs = std::filesystem;

namespace ic::cli {

namespace {

/// A problem with what the user asked for: printed as "imagechecker-cli: <message>", exit 3.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct RunArguments {
    std::vector<std::string> only;
    std::vector<std::string> skip;
    std::string json_path;
    std::string log_dir;
    std::string user;
    double timeout_seconds = 60;
    std::string record_path;
    std::string replay_path;
    bool verbose = false;
};

// ---- Console output ----

/// Prints one line per check as it finishes (and its evidence with --verbose).
class ConsolePrinter : public RunObserver {
public:
    ConsolePrinter(std::ostream& out, bool verbose) : out_(out), verbose_(verbose) {}

    void run_started(const MachineFacts& machine, const std::vector<CheckInfo>& checks, const RunOptions& /*options*/,
                     const std::string& source) override {
        total_ = checks.size();
        out_ << fmt::format("{} {}: checking {} ({}){}; {} check{}\n", kToolName, kToolVersion, machine.machine_name.display(),
                            machine.os ? machine.os->product_name : "unknown OS", source == "replay" ? " from a recording" : "",
                            total_, total_ == 1 ? "" : "s");
        out_ << fmt::format("User profile checked: {}\n", machine.user_checked.display());
        out_.flush();
    }
    void check_finished(std::size_t index, const CheckOutcome& outcome) override {
        const auto& r = outcome.result;
        out_ << fmt::format("[{:>2}/{}] {:<7}  {:<16} {}\n", index + 1, total_, to_string(r.status), outcome.info.id, one_line(r.summary));
        if (verbose_) {
            for (const auto& e : r.evidence)
                out_ << fmt::format("           - {}: {}{}\n", e.item, one_line(e.observed), e.expected.empty() ? "" : " (expected: " + e.expected + ")");
        }
        out_.flush();
    }

private:
    std::ostream& out_;
    bool verbose_;
    std::size_t total_ = 0;
};

// ---- Helpers ----

std::vector<std::string> split_ids(const std::vector<std::string>& values) {
    std::vector<std::string> ids;
    for (const auto& value : values) {
        std::string id;
        for (char c : value + ",") {
            if (c == ',' || c == ' ') {
                if (!id.empty()) ids.push_back(id);
                id.clear();
            } else {
                id += c;
            }
        }
    }
    return ids;
}

/// Fails early, before any check runs, when an output file cannot be written.
void require_writable(const std::string& path, const char* what) {
    const fs::path p = fs::u8path(path);
    std::error_code ec;
    const bool existed = fs::exists(p, ec);
    {
        std::ofstream probe(p, std::ios::binary | std::ios::app);
        if (!probe) throw UsageError(fmt::format("cannot write the {} to {} (missing folder, no permission, or a folder of that name)", what, path));
    }
    if (!existed) fs::remove(p, ec);
}

void write_text_file(const std::string& path, const std::string& text, const char* what) {
    std::ofstream out(fs::u8path(path), std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw std::runtime_error(fmt::format("writing the {} to {} failed", what, path));
}

// ---- Commands ----

int command_list(const CheckRegistry& registry, std::ostream& out, bool as_json) {
    if (as_json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& info : registry.catalogue()) {
            list.push_back({{"id", info.id},
                            {"title", info.title},
                            {"category", info.category},
                            {"platforms", platforms_to_string(info.platforms)},
                            {"fix", to_string(info.fix)},
                            {"aws_error_code", info.aws_error_code}});
        }
        out << list.dump(2) << "\n";
        return kAllPassed;
    }
    out << fmt::format("{:<16} {:<15} {:<10} {}\n", "ID", "PLATFORMS", "FIXABLE", "TITLE");
    for (const auto& info : registry.catalogue()) {
        out << fmt::format("{:<16} {:<15} {:<10} {}\n", info.id, platforms_to_string(info.platforms),
                           info.fix == FixKind::None ? "no" : to_string(info.fix), info.title);
    }
    return kAllPassed;
}

int command_run(const RunArguments& a, std::ostream& out, std::ostream& err, const Environment& env) {
    const CheckRegistry& registry = *env.registry;
    RunOptions options;
    options.ids = registry.select(split_ids(a.only), split_ids(a.skip));  // throws UnknownCheckError
    if (!(a.timeout_seconds > 0) || a.timeout_seconds > 86400) throw UsageError("--timeout must be between 0 and 86400 seconds");
    options.timeout = std::chrono::milliseconds(static_cast<long long>(a.timeout_seconds * 1000));
    options.user = a.user;
    if (!a.record_path.empty() && !a.replay_path.empty()) throw UsageError("--record and --replay cannot be used together");

    // Everything the user named is validated before the first check runs.
    std::shared_ptr<os::System> system;
    std::shared_ptr<os::RecordingSystem> recorder;
    if (!a.replay_path.empty()) {
        try {
            system = os::ReplaySystem::load(a.replay_path);
        } catch (const os::RecordingError& e) {
            throw UsageError(e.what());
        }
    } else {
        system = env.make_system();
        if (!a.record_path.empty()) {
            require_writable(a.record_path, "recording");
            recorder = std::make_shared<os::RecordingSystem>(system);
            system = recorder;
        }
    }
    const bool json_to_stdout = a.json_path == "-";
    if (!a.json_path.empty() && !json_to_stdout) require_writable(a.json_path, "JSON report");
    std::ostream& human = json_to_stdout ? err : out;

    const auto start = std::chrono::system_clock::now();
    LogLocation location;
    try {
        location = choose_log_file(a.log_dir.empty() ? std::nullopt : std::optional<std::string>(a.log_dir), env.default_log_dirs, start);
    } catch (const LogLocationError& e) {
        throw UsageError(e.what());
    }
    std::unique_ptr<RunLog> log;
    if (!location.path.empty()) {
        try {
            log = std::make_unique<RunLog>(location.path);
        } catch (const std::exception& e) {
            human << "warning: " << e.what() << "; the run continues without a log file\n";
        }
    }
    for (const auto& note : location.notes) {
        human << "note: log folder not used: " << note << "\n";
        if (log) log->note("log folder not used: " + note);
    }
    if (log && !a.replay_path.empty()) {
        auto replay = std::static_pointer_cast<os::ReplaySystem>(system);
        log->note(fmt::format("answers come from the recording {} (made {} by ImageChecker {})", a.replay_path,
                              replay->recorded_at().empty() ? "at an unknown time" : replay->recorded_at(),
                              replay->recorded_by().empty() ? "unknown" : replay->recorded_by()));
    }

    Runner runner(registry, system, options);
    ConsolePrinter printer(human, a.verbose);
    if (log) runner.add_observer(*log);
    runner.add_observer(printer);
    const RunSummary summary = runner.run();

    human << "\n" << verdict_sentence(summary) << "\n";
    if (log) human << "Log: " << log->path() << "\n";
    else human << "Log: none written (no writable folder: " << fmt::format("{}", fmt::join(location.notes, "; ")) << ")\n";

    int code = exit_code_for(summary.verdict);
    if (!a.json_path.empty()) {
        const std::string report = build_report(summary, {log ? log->path() : "", a.replay_path}).dump(2) + "\n";
        if (json_to_stdout) {
            out << report;
            out.flush();
        } else {
            try {
                write_text_file(a.json_path, report, "JSON report");
                human << "Report: " << a.json_path << "\n";
            } catch (const std::exception& e) {
                err << "imagechecker-cli: " << e.what() << "\n";
                code = kUsageError;
            }
        }
    }
    if (recorder) {
        try {
            recorder->save(a.record_path);
            human << "Recording: " << a.record_path << "\n";
            if (log) log->note("recording written to " + a.record_path);
        } catch (const std::exception& e) {
            err << "imagechecker-cli: " << e.what() << "\n";
            code = kUsageError;
        }
    }
    return code;
}

}  // namespace

Environment native_environment() {
    Environment env;
    env.make_system = [] { return std::shared_ptr<os::System>(os::make_native_system()); };
    env.default_log_dirs = {platform::executable_dir(), platform::fallback_log_dir()};
    env.registry = &builtin_checks();
    return env;
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const Environment& env) {
    CLI::App app{fmt::format("{} {}: checks that this WorkSpace is ready to become a custom image.", kToolName, kToolVersion),
                 "imagechecker-cli"};
    app.set_version_flag("--version", std::string(kToolVersion));
    app.require_subcommand(1);

    bool list_json = false;
    auto* list = app.add_subcommand("list", "List every check: id, platforms, whether the tool can fix it, title");
    list->add_flag("--json", list_json, "Print the list as JSON");

    RunArguments a;
    auto* run_cmd = app.add_subcommand("run", "Run the checks on this machine (or on a recording) and report");
    run_cmd->add_option("--only", a.only, "Run only these check ids (comma-separated)")->delimiter(',');
    run_cmd->add_option("--skip", a.skip, "Do not run these check ids (comma-separated)")->delimiter(',');
    run_cmd->add_option("--json", a.json_path, "Write the JSON report to PATH ('-' for standard output)");
    run_cmd->add_option("--log-dir", a.log_dir, "Write the log into DIR instead of the executable's folder");
    run_cmd->add_option("--user", a.user, "WorkSpace user whose profile is checked (default: the interactive user)");
    run_cmd->add_option("--timeout", a.timeout_seconds, "Seconds each check may take before it is stopped as ERROR (default 60)");
    run_cmd->add_option("--record", a.record_path, "Save every OS question and answer of this run to FILE (JSON)");
    run_cmd->add_option("--replay", a.replay_path, "Answer every OS question from a recording FILE instead of this machine");
    run_cmd->add_flag("-v,--verbose", a.verbose, "Print each check's evidence under its line");

    std::vector<const char*> argv;
    for (const auto& arg : args) argv.push_back(arg.c_str());
    try {
        app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return kAllPassed;
    } catch (const CLI::CallForAllHelp&) {
        out << app.help("", CLI::AppFormatMode::All);
        return kAllPassed;
    } catch (const CLI::CallForVersion&) {
        out << kToolName << " " << kToolVersion << "\n";
        return kAllPassed;
    } catch (const CLI::ParseError& e) {
        err << "imagechecker-cli: " << e.what() << "\n" << "Run 'imagechecker-cli --help' for usage.\n";
        return kUsageError;
    }

    try {
        if (*list) return command_list(*env.registry, out, list_json);
        return command_run(a, out, err, env);
    } catch (const UnknownCheckError& e) {
        err << "imagechecker-cli: " << e.what() << "\n";
        return kUsageError;
    } catch (const UsageError& e) {
        err << "imagechecker-cli: " << e.what() << "\n";
        return kUsageError;
    }
}

}  // namespace ic::cli
