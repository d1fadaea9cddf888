#pragma once
/// \file
/// Runs a selection of checks off the caller's thread, one after another, reporting progress to
/// observers. Each check gets a timeout; a check that throws or hangs becomes ERROR with the reason
/// and the other checks still run. A run can be cancelled.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "imagechecker/check.h"
#include "imagechecker/check_registry.h"

namespace ic {

/// A fact about the machine, or why it could not be read.
struct Fact {
    std::string value;
    std::string error;  ///< non-empty when the value could not be read
    [[nodiscard]] std::string display() const { return error.empty() ? value : "unknown (" + error + ")"; }
};

/// The machine as the run saw it, for the log header and the report.
struct MachineFacts {
    Fact machine_name;
    std::optional<os::OsFacts> os;
    std::string os_error;      ///< why `os` is missing
    Fact user_checked;         ///< the WorkSpace user whose profile the checks look at (error: why none)
    std::string user_source;   ///< the rule that chose the user, in a sentence ("named with --user", ...)
    Fact run_as;               ///< the account the tool runs as
    std::optional<bool> elevated;
    std::string elevated_error;
};

struct RunOptions {
    std::vector<std::string> ids;          ///< which checks, in order (see CheckRegistry::select)
    std::chrono::milliseconds timeout{60'000};
    std::string user;                      ///< empty: the interactive user
};

/// One check's metadata and result.
struct CheckOutcome {
    CheckInfo info;
    CheckResult result;
};

/// Counts per status and the verdict derived from them.
struct RunVerdict {
    std::map<Status, std::size_t> counts;
    Status overall = Status::Passed;  ///< worst status of the applicable checks (SKIPPED when none apply)
    std::size_t applicable = 0;      ///< checks not SKIPPED
    [[nodiscard]] bool validation_successful() const { return applicable > 0 && overall == Status::Passed; }
    [[nodiscard]] std::size_t count(Status s) const {
        auto it = counts.find(s);
        return it == counts.end() ? 0 : it->second;
    }
};
RunVerdict compute_verdict(const std::vector<CheckOutcome>& outcomes);

/// Everything a finished run produced.
struct RunSummary {
    MachineFacts machine;
    std::string source;  ///< where answers came from: "live", "replay", "memory"
    std::chrono::system_clock::time_point started;
    std::chrono::system_clock::time_point finished;
    std::chrono::milliseconds timeout{0};
    std::vector<CheckOutcome> outcomes;
    bool cancelled = false;
    RunVerdict verdict;
};

/// The sentence that ends a run, for the log, the console, the report and the window.
std::string verdict_sentence(const RunSummary& summary);

/// Receives progress. Called on the runner's thread: a UI must marshal to its own thread.
class RunObserver {
public:
    virtual ~RunObserver() = default;
    virtual void run_started(const MachineFacts& /*machine*/, const std::vector<CheckInfo>& /*checks*/,
                             const RunOptions& /*options*/, const std::string& /*source*/) {}
    virtual void check_started(std::size_t /*index*/, const CheckInfo& /*info*/) {}
    virtual void check_finished(std::size_t /*index*/, const CheckOutcome& /*outcome*/) {}
    virtual void run_finished(const RunSummary& /*summary*/) {}
};

/// Reads the machine facts a run reports, choosing the WorkSpace user with the registry's rule (never
/// throws; failures are recorded in the facts).
MachineFacts read_machine_facts(os::System& system, const std::string& requested_user, const CheckRegistry& registry);
/// The same with console_user_rule, for callers that need the machine's identity only.
MachineFacts read_machine_facts(os::System& system, const std::string& requested_user);

/// Runs checks on a background thread. Observers must outlive the run.
class Runner {
public:
    Runner(const CheckRegistry& registry, std::shared_ptr<os::System> system, RunOptions options);
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    void add_observer(RunObserver& observer);
    /// Starts the run; returns at once.
    void start();
    /// Asks the run to stop: the running check is abandoned as ERROR, the rest are not run.
    void cancel();
    /// Blocks until the run has finished and returns its summary.
    RunSummary wait();
    /// Convenience: start() then wait().
    RunSummary run();

    /// Checks that timed out or were cancelled may still be running on abandoned threads; a process
    /// about to exit should then skip static destructors (std::quick_exit / _Exit) after flushing.
    [[nodiscard]] static std::size_t abandoned_checks();

private:
    void run_all();
    CheckResult run_one(const CheckInfo& info, const MachineFacts& machine);

    const CheckRegistry& registry_;
    std::shared_ptr<os::System> system_;
    RunOptions options_;
    std::vector<RunObserver*> observers_;
    CancelToken cancel_;
    std::thread thread_;
    std::optional<RunSummary> summary_;
};

}  // namespace ic
