#include "cli.h"

#include <algorithm>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "imagechecker/fix_engine.h"
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

/// Options every command that looks at the machine shares.
struct CommonArguments {
    std::string log_dir;
    std::string user;
    double timeout_seconds = 60;
    std::string record_path;
    std::string replay_path;
    std::string root_path;
    bool verbose = false;
};

struct RunArguments : CommonArguments {
    std::vector<std::string> only;
    std::vector<std::string> skip;
    std::string json_path;
};

struct FixArguments : CommonArguments {
    bool warnings = false;
    std::vector<std::string> only;
    bool dry_run = false;
    bool yes = false;
    bool allow_irreversible = false;
};

struct UndoArguments {
    std::string journal_path;
    std::string log_dir;
    bool dry_run = false;
    bool yes = false;
};

// ---- Console output ----

/// Prints one line per check as it finishes (and its evidence with --verbose).
class ConsolePrinter : public RunObserver {
public:
    ConsolePrinter(std::ostream& out, bool verbose) : out_(out), verbose_(verbose) {}

    void run_started(const MachineFacts& machine, const std::vector<CheckInfo>& checks, const RunOptions& /*options*/,
                     const std::string& source) override {
        total_ = checks.size();
        for (const auto& c : checks) id_width_ = std::max(id_width_, c.id.size());
        out_ << fmt::format("{} {}: checking {} ({}){}; {} check{}\n", kToolName, kToolVersion, machine.machine_name.display(),
                            machine.os ? machine.os->product_name : "unknown OS", source == "replay" ? " from a recording" : source == "tree" ? " in the tree given with --root" : "",
                            total_, total_ == 1 ? "" : "s");
        if (!machine.os || machine.os->family != os::OsFamily::Linux)  // the Linux checks look at the system, not a profile
            out_ << (machine.user_checked.value.empty()
                         ? fmt::format("User profile checked: nobody: {}\n", machine.user_checked.error)
                         : fmt::format("User profile checked: {} ({})\n", machine.user_checked.value, machine.user_source));
        out_.flush();
    }
    void check_finished(std::size_t index, const CheckOutcome& outcome) override {
        const auto& r = outcome.result;
        out_ << fmt::format("[{:>2}/{}] {:<7}  {:<{}} {}\n", index + 1, total_, to_string(r.status), outcome.info.id, id_width_,
                            one_line(r.summary));
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
    std::size_t id_width_ = 8;
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
    std::size_t width = 2;
    for (const auto& info : registry.catalogue()) width = std::max(width, info.id.size());
    out << fmt::format("{:<{}} {:<15} {:<10} {}\n", "ID", width, "PLATFORMS", "FIXABLE", "TITLE");
    for (const auto& info : registry.catalogue()) {
        out << fmt::format("{:<{}} {:<15} {:<10} {}\n", info.id, width, platforms_to_string(info.platforms),
                           info.fix == FixKind::None ? "no" : to_string(info.fix), info.title);
    }
    return kAllPassed;
}

/// The machine, recorder and log of one command, set up before anything runs.
struct Session {
    std::shared_ptr<os::System> system;
    std::shared_ptr<os::RecordingSystem> recorder;
    std::unique_ptr<RunLog> log;
    LogLocation location;
};

/// Validates everything the user named (replay file, record path, log folder) before the first check.
Session open_session(const CommonArguments& a, std::ostream& human, const Environment& env) {
    if (!a.record_path.empty() && !a.replay_path.empty()) throw UsageError("--record and --replay cannot be used together");
    if (!a.root_path.empty() && !a.replay_path.empty()) throw UsageError("--root and --replay cannot be used together (a recording holds its own tree)");
    Session session;
    if (!a.root_path.empty()) {
        if (!env.make_tree_system) throw UsageError("--root checks a Linux system's tree; this build cannot read one (use the Linux build)");
        std::error_code ec;
        const fs::path root = fs::absolute(fs::u8path(a.root_path), ec);
        if (ec || !fs::is_directory(root, ec))
            throw UsageError("--root " + a.root_path + " is not a folder (give the folder that holds the system's /etc, /usr and /home)");
        session.system = env.make_tree_system(root.lexically_normal().u8string());
        if (!a.record_path.empty()) {
            require_writable(a.record_path, "recording");
            session.recorder = std::make_shared<os::RecordingSystem>(session.system);
            session.system = session.recorder;
        }
    } else if (!a.replay_path.empty()) {
        try {
            session.system = os::ReplaySystem::load(a.replay_path);
        } catch (const os::RecordingError& e) {
            throw UsageError(e.what());
        }
    } else {
        session.system = env.make_system();
        if (!a.record_path.empty()) {
            require_writable(a.record_path, "recording");
            session.recorder = std::make_shared<os::RecordingSystem>(session.system);
            session.system = session.recorder;
        }
    }
    try {
        session.location = choose_log_file(a.log_dir.empty() ? std::nullopt : std::optional<std::string>(a.log_dir), env.default_log_dirs,
                                           std::chrono::system_clock::now());
    } catch (const LogLocationError& e) {
        throw UsageError(e.what());
    }
    if (!session.location.path.empty()) {
        try {
            session.log = std::make_unique<RunLog>(session.location.path);
        } catch (const std::exception& e) {
            human << "warning: " << e.what() << "; continuing without a log file\n";
        }
    }
    for (const auto& note : session.location.notes) {
        human << "note: log folder not used: " << note << "\n";
        if (session.log) session.log->note("log folder not used: " + note);
    }
    if (session.log && !a.root_path.empty()) session.log->note("checking the Linux system whose root is " + session.system->tree().root());
    if (session.log && !a.replay_path.empty()) {
        auto replay = std::static_pointer_cast<os::ReplaySystem>(session.system);
        session.log->note(fmt::format("answers come from the recording {} (made {} by ImageChecker {})", a.replay_path,
                                      replay->recorded_at().empty() ? "at an unknown time" : replay->recorded_at(),
                                      replay->recorded_by().empty() ? "unknown" : replay->recorded_by()));
    }
    return session;
}

RunOptions run_options(const CommonArguments& a, std::vector<std::string> ids) {
    if (!(a.timeout_seconds > 0) || a.timeout_seconds > 86400) throw UsageError("--timeout must be between 0 and 86400 seconds");
    RunOptions options;
    options.ids = std::move(ids);
    options.timeout = std::chrono::milliseconds(static_cast<long long>(a.timeout_seconds * 1000));
    options.user = a.user;
    return options;
}

RunSummary run_checks(Session& session, const CheckRegistry& registry, const RunOptions& options, std::ostream& human, bool verbose) {
    Runner runner(registry, session.system, options);
    ConsolePrinter printer(human, verbose);
    if (session.log) runner.add_observer(*session.log);
    runner.add_observer(printer);
    RunSummary summary = runner.run();
    human << "\n" << verdict_sentence(summary) << "\n";
    return summary;
}

void print_log_path(const Session& session, std::ostream& human) {
    if (session.log) human << "Log: " << session.log->path() << "\n";
    else human << "Log: none written (no writable folder: " << fmt::format("{}", fmt::join(session.location.notes, "; ")) << ")\n";
}

/// Saves the recording, if one was asked for; returns false (after saying why) when it cannot.
bool close_session(Session& session, const std::string& record_path, std::ostream& human, std::ostream& err) {
    if (!session.recorder) return true;
    try {
        session.recorder->save(record_path);
        human << "Recording: " << record_path << "\n";
        if (session.log) session.log->note("recording written to " + record_path);
        return true;
    } catch (const std::exception& e) {
        err << "imagechecker-cli: " << e.what() << "\n";
        return false;
    }
}

FixLog log_to(Session& session, std::ostream& human) {
    return [&session, &human](const std::string& tag, const std::string& text) {
        human << "  " << text << "\n";
        if (session.log) session.log->line(tag, text, text.find("FAILED") != std::string::npos);
    };
}

// ---- Confirmation ----

/// Asks a yes/no question on the terminal; anything but y/yes is no.
bool ask(const std::string& question, std::ostream& human, const Environment& env) {
    human << question << " [y/N] " << std::flush;
    std::string answer;
    if (env.input == nullptr || !std::getline(*env.input, answer)) return false;
    for (auto& c : answer) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return answer == "y" || answer == "yes";
}

enum class Consent { All, Declined, NoTerminal };

/// Decides which changes may be made: with --yes, all (irreversible ones only with --allow-irreversible);
/// in a terminal, the user confirms the batch and then each irreversible change on its own.
Consent confirm(std::vector<FixPlan>& plans, bool yes, bool allow_irreversible, std::ostream& human, const Environment& env) {
    const bool interactive = env.is_interactive && env.is_interactive();
    if (!yes && !interactive) return Consent::NoTerminal;
    if (!yes && !ask("Make these changes?", human, env)) return Consent::Declined;
    for (auto& plan : plans) {
        std::vector<Change> kept;
        for (auto& change : plan.changes) {
            if (!change.needs_own_confirmation) {
                kept.push_back(change);
                continue;
            }
            bool accepted = false;
            if (yes) {
                accepted = allow_irreversible;
                if (!accepted) human << "Left out (needs --allow-irreversible with --yes): " << change.what << "\n";
            } else {
                accepted = ask(fmt::format("{} — this cannot be undone ({}). Make this change?", change.what, change.not_undoable_because),
                               human, env);
            }
            if (accepted) kept.push_back(change);
        }
        plan.changes = std::move(kept);
    }
    return Consent::All;
}

void print_plan(const FixPlan& plan, std::ostream& human) {
    human << fmt::format("\nFix for {} ({}): {}\n", plan.check_id, plan.automatic ? "automatic" : "on request", plan.summary);
    std::size_t n = 0;
    for (const auto& change : plan.changes) {
        human << fmt::format("  {}. {}\n     where:  {}\n     before: {}\n     after:  {}\n     undo:   {}\n", ++n, change.what,
                             change.where(), change.before_text(), change.after_text(),
                             change.undoable ? "yes" : "NO: " + change.not_undoable_because);
    }
}

/// Changing the machine needs administrator rights; say so before anything is touched.
bool require_elevation(const MachineFacts& machine, std::ostream& err) {
    if (machine.elevated && *machine.elevated) return true;
    err << "imagechecker-cli: changing the machine needs an elevated prompt (Run as administrator"
        << (machine.elevated ? "" : "; elevation could not be determined: " + machine.elevated_error) << "); nothing was changed\n";
    return false;
}

// ---- Commands ----

int command_run(const RunArguments& a, std::ostream& out, std::ostream& err, const Environment& env) {
    const CheckRegistry& registry = *env.registry;
    const RunOptions options = run_options(a, registry.select(split_ids(a.only), split_ids(a.skip)));  // may throw UnknownCheckError
    const bool json_to_stdout = a.json_path == "-";
    std::ostream& human = json_to_stdout ? err : out;
    if (!a.json_path.empty() && !json_to_stdout) require_writable(a.json_path, "JSON report");

    Session session = open_session(a, human, env);
    const RunSummary summary = run_checks(session, registry, options, human, a.verbose);
    print_log_path(session, human);

    int code = exit_code_for(summary.verdict);
    if (!a.json_path.empty()) {
        const std::string report = build_report(summary, {session.log ? session.log->path() : "", a.replay_path}).dump(2) + "\n";
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
    if (!close_session(session, a.record_path, human, err)) code = kUsageError;
    return code;
}

int command_fix(const FixArguments& a, std::ostream& out, std::ostream& err, const Environment& env) {
    const CheckRegistry& registry = *env.registry;
    if (a.warnings == !a.only.empty()) throw UsageError("fix needs exactly one of --warnings or --only IDS");
    if (!a.replay_path.empty() && !a.dry_run) throw UsageError("a recording cannot be changed: use --replay only with --dry-run");
    const auto named = split_ids(a.only);
    const RunOptions options = run_options(a, registry.select(named, {}));

    Session session = open_session(a, out, env);
    const RunSummary summary = run_checks(session, registry, options, out, a.verbose);

    // Which checks to fix: with --warnings every WARNING (and nothing else); with --only, the named
    // checks that did not pass and have a fix of any kind.
    std::vector<FixPlan> plans;
    int code = kAllPassed;
    for (const auto& outcome : summary.outcomes) {
        const auto& info = outcome.info;
        const Status status = outcome.result.status;
        if (a.warnings && !(status == Status::Warning && info.fix == FixKind::Automatic)) continue;
        if (!a.warnings) {
            if (status == Status::Passed || status == Status::Skipped) {
                out << fmt::format("{}: {}, nothing to fix\n", info.id, to_string(status));
                continue;
            }
            if (info.fix == FixKind::None) {
                out << fmt::format("{}: {} and the tool has no fix for it; to resolve by hand: {}\n", info.id, to_string(status), info.resolution);
                code = kFailedOrError;
                continue;
            }
            if (status == Status::Error) {
                out << fmt::format("{}: ERROR ({}), so no fix is planned\n", info.id, outcome.result.summary);
                code = kFailedOrError;
                continue;
            }
        }
        std::string error;
        auto plan = plan_fix_for(registry, info.id, *session.system, summary.machine, error);
        if (!plan) {
            err << fmt::format("imagechecker-cli: {}: {}\n", info.id, error.empty() ? "no fix is available" : error);
            code = kFailedOrError;
            continue;
        }
        if (plan->changes.empty()) continue;
        print_plan(*plan, out);
        if (session.log)
            for (const auto& change : plan->changes)
                session.log->line("FIXPLAN",
                                  fmt::format("[{}] {} | undoable: {}", plan->check_id, change.one_line(), change.undoable ? "yes" : "no"));
        plans.push_back(std::move(*plan));
    }

    print_log_path(session, out);
    if (plans.empty()) {
        out << (a.warnings ? "No check shows a WARNING the tool can fix; nothing to change.\n" : "Nothing to change.\n");
        close_session(session, a.record_path, out, err);
        return code;
    }
    if (a.dry_run) {
        out << "\nDry run: nothing was changed.\n";
        close_session(session, a.record_path, out, err);
        return code;
    }
    if (!require_elevation(summary.machine, err)) return kNothingChanged;
    switch (confirm(plans, a.yes, a.allow_irreversible, out, env)) {
        case Consent::NoTerminal:
            err << "imagechecker-cli: nothing was changed: there is no terminal to confirm on; run again with --yes to apply\n";
            return kNothingChanged;
        case Consent::Declined:
            out << "Nothing was changed.\n";
            return kNothingChanged;
        case Consent::All: break;
    }
    if (!session.log) {
        err << "imagechecker-cli: nothing was changed: no folder could be written for the undo journal\n";
        return kNothingChanged;
    }

    std::optional<FixJournal> journal;
    try {
        journal = FixJournal::open(journal_path_for_log(session.log->path()), summary.machine);
    } catch (const JournalError& e) {
        err << "imagechecker-cli: nothing was changed: " << e.what() << "\n";
        session.log->note(std::string("nothing was changed: ") + e.what());
        return kNothingChanged;
    }
    session.log->note("undo journal: " + journal->path());
    out << "\nApplying:\n";
    const FixBatch batch = apply_fixes(registry, session.system, plans, *journal, options, log_to(session, out));

    out << "\n";
    for (const auto& o : batch.outcomes) {
        if (o.changes.empty()) continue;
        if (o.fixed()) {
            out << fmt::format("{}: fixed (now PASSED)\n", o.check_id);
            continue;
        }
        code = kFailedOrError;
        out << fmt::format("{}: {}\n", o.check_id, o.problem());
    }
    if (!batch.journal_error.empty()) {
        err << "imagechecker-cli: " << batch.journal_error << "; no further change was made. What was changed before that is in the "
            << "journal; an entry left \"pending\" is checked against the machine when undone.\n";
        code = kFailedOrError;
    }
    out << "Undo journal: " << journal->path() << "\n  to undo: imagechecker-cli undo \"" << journal->path() << "\"\n";
    return code;
}

int command_undo(const UndoArguments& a, std::ostream& out, std::ostream& err, const Environment& env) {
    FixJournal journal = [&] {
        try {
            return FixJournal::load(a.journal_path);
        } catch (const JournalError& e) {
            throw UsageError(e.what());
        }
    }();
    CommonArguments common;
    common.log_dir = a.log_dir;
    Session session = open_session(common, out, env);
    const MachineFacts machine = read_machine_facts(*session.system, "");
    if (!journal.machine_name().empty() && machine.machine_name.error.empty() &&
        journal.machine_name() != machine.machine_name.value) {
        throw UsageError(fmt::format("{} was written on {}, not on this machine ({}); nothing was changed", a.journal_path,
                                     journal.machine_name(), machine.machine_name.value));
    }
    if (session.log) session.log->note("undo of the journal " + a.journal_path);

    const auto steps = plan_undo(journal, *session.system);
    std::size_t restorable = 0;
    out << "Undo of " << a.journal_path << ":\n";
    for (const auto& step : steps) {
        const auto& entry = journal.entries()[step.entry];
        if (step.inverse) {
            ++restorable;
            out << fmt::format("  restore  [{}] {}: {} -> {}\n", entry.check_id, entry.change.where(), entry.change.after_text(),
                               entry.change.before_text());
        } else {
            out << fmt::format("  keep     [{}] {}: {}\n", entry.check_id, entry.change.where(), step.reason);
        }
    }
    print_log_path(session, out);
    if (restorable == 0) {
        out << "Nothing to restore.\n";
        return steps.empty() ? kAllPassed : kWorstIsWarning;
    }
    if (a.dry_run) {
        out << "Dry run: nothing was changed.\n";
        return kAllPassed;
    }
    if (!require_elevation(machine, err)) return kNothingChanged;
    const bool interactive = env.is_interactive && env.is_interactive();
    if (!a.yes && !interactive) {
        err << "imagechecker-cli: nothing was changed: there is no terminal to confirm on; run again with --yes to restore\n";
        return kNothingChanged;
    }
    if (!a.yes && !ask(fmt::format("Restore these {} change{}?", restorable, restorable == 1 ? "" : "s"), out, env)) {
        out << "Nothing was changed.\n";
        return kNothingChanged;
    }
    out << "\nRestoring:\n";
    const auto done = undo(journal, *session.system, log_to(session, out));
    int code = kAllPassed;
    for (const auto& step : done) {
        if (step.inverse && !step.done) code = kFailedOrError;
        else if (!step.inverse && code == kAllPassed) code = kWorstIsWarning;
    }
    if (code != kAllPassed) {
        out << "\nNot restored:\n";
        for (const auto& step : done)
            if (!step.done) out << fmt::format("  [{}] {}: {}\n", journal.entries()[step.entry].check_id, journal.entries()[step.entry].change.where(), step.reason);
    }
    return code;
}

}  // namespace

Environment native_environment() {
    Environment env;
    env.make_system = [] { return std::shared_ptr<os::System>(os::make_native_system()); };
#if defined(__linux__)
    env.make_tree_system = [](const std::string& root) { return std::shared_ptr<os::System>(os::make_linux_system(root)); };
#endif
    env.default_log_dirs = {platform::executable_dir(), platform::fallback_log_dir()};
    env.registry = &builtin_checks();
    env.input = &std::cin;
    env.is_interactive = [] { return platform::is_interactive_terminal(); };
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

    auto add_common = [](CLI::App* cmd, CommonArguments& c) {
        cmd->add_option("--log-dir", c.log_dir, "Write the log into DIR instead of the executable's folder");
        cmd->add_option("--user", c.user, "WorkSpace user whose profile is checked (default: the interactive user)");
        cmd->add_option("--timeout", c.timeout_seconds, "Seconds each check may take before it is stopped as ERROR (default 60)");
        cmd->add_option("--record", c.record_path, "Save every OS question and answer of this run to FILE (JSON)");
        cmd->add_option("--replay", c.replay_path, "Answer every OS question from a recording FILE instead of this machine");
        cmd->add_option("--root", c.root_path, "Check the Linux system whose root filesystem is at DIR (a mounted image, chroot or container)");
        cmd->add_flag("-v,--verbose", c.verbose, "Print each check's evidence under its line");
    };

    RunArguments a;
    auto* run_cmd = app.add_subcommand("run", "Run the checks on this machine (or on a recording) and report");
    run_cmd->add_option("--only", a.only, "Run only these check ids (comma-separated)")->delimiter(',');
    run_cmd->add_option("--skip", a.skip, "Do not run these check ids (comma-separated)")->delimiter(',');
    run_cmd->add_option("--json", a.json_path, "Write the JSON report to PATH ('-' for standard output)");
    add_common(run_cmd, a);

    FixArguments f;
    auto* fix_cmd = app.add_subcommand("fix", "Show, then make, the changes that resolve checks; each change is journaled for undo");
    fix_cmd->add_flag("--warnings", f.warnings, "Fix every check that shows WARNING (what \"Fix All Warnings\" does)");
    fix_cmd->add_option("--only", f.only, "Fix these check ids, including fixes offered only on request")->delimiter(',');
    fix_cmd->add_flag("--dry-run", f.dry_run, "Show the changes and stop; nothing is changed");
    fix_cmd->add_flag("-y,--yes", f.yes, "Make the changes without asking");
    fix_cmd->add_flag("--allow-irreversible", f.allow_irreversible, "With --yes, also make changes that cannot be undone");
    add_common(fix_cmd, f);

    UndoArguments u;
    auto* undo_cmd = app.add_subcommand("undo", "Put back what a fix changed, from its journal (ImageChecker_*.fixes.json)");
    undo_cmd->add_option("journal", u.journal_path, "The undo journal written by 'fix'")->required();
    undo_cmd->add_flag("--dry-run", u.dry_run, "Show what would be restored and stop");
    undo_cmd->add_flag("-y,--yes", u.yes, "Restore without asking");
    undo_cmd->add_option("--log-dir", u.log_dir, "Write the log into DIR instead of the executable's folder");

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
        if (*fix_cmd) return command_fix(f, out, err, env);
        if (*undo_cmd) return command_undo(u, out, err, env);
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
