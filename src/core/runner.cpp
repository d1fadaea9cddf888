#include "imagechecker/runner.h"

#include <atomic>
#include <condition_variable>
#include <exception>

#include <fmt/format.h>

#include "imagechecker/os/recording.h"

namespace ic {

// ---- Verdict ----

RunVerdict compute_verdict(const std::vector<CheckOutcome>& outcomes) {
    RunVerdict verdict;
    for (auto s : {Status::Passed, Status::Warning, Status::Failed, Status::Skipped, Status::Error}) verdict.counts[s] = 0;
    verdict.overall = Status::Skipped;
    for (const auto& outcome : outcomes) {
        const Status s = outcome.result.status;
        ++verdict.counts[s];
        if (s == Status::Skipped) continue;
        if (verdict.applicable++ == 0 || severity(s) > severity(verdict.overall)) verdict.overall = s;
    }
    return verdict;
}


std::string verdict_sentence(const RunSummary& summary) {
    const RunVerdict& v = summary.verdict;
    if (summary.cancelled) return "Run cancelled: the results are incomplete; run the checks again.";
    if (v.validation_successful()) return "Validation Successful: this WorkSpace is ready; create the image from the WorkSpaces console.";
    if (v.applicable == 0) return "No check applies to this machine, so nothing was validated.";
    const std::size_t person = v.count(Status::Failed);
    const std::size_t tool = v.count(Status::Warning);
    const std::size_t unknown = v.count(Status::Error);
    std::string text = "Not ready:";
    std::string sep = " ";
    if (person > 0) {
        text += fmt::format("{}{} check{} need{} a person", sep, person, person == 1 ? "" : "s", person == 1 ? "s" : "");
        sep = "; ";
    }
    if (tool > 0) {
        text += fmt::format("{}{} the tool can fix (Fix All Warnings)", sep, tool);
        sep = "; ";
    }
    if (unknown > 0) text += fmt::format("{}{} could not be determined (see ERROR lines)", sep, unknown);
    return text + ".";
}

// ---- Machine facts ----

namespace {

template <typename T>
Fact fact_from(const os::Result<T>& result) {
    if (result) return {result.value(), {}};
    return {{}, result.error().describe()};
}

// Probes may throw (a replay with no answer); a fact that cannot be read is recorded, never fatal.
template <typename F>
auto guarded(F&& read) -> decltype(read()) {
    try {
        return read();
    } catch (const std::exception& e) {
        return os::OsError{"ImageChecker", 0, e.what()};
    }
}

}  // namespace

MachineFacts read_machine_facts(os::System& system, const std::string& requested_user, const CheckRegistry& registry) {
    auto& host = system.host();
    MachineFacts facts;
    facts.machine_name = fact_from(guarded([&] { return host.machine_name(); }));
    if (auto os = guarded([&] { return host.os(); })) facts.os = os.value();
    else facts.os_error = os.error().describe();
    facts.run_as = fact_from(guarded([&] { return host.current_user(); }));
    if (auto elevated = guarded([&] { return host.elevated(); })) facts.elevated = elevated.value();
    else facts.elevated_error = elevated.error().describe();

    const UserChoice choice = registry.choose_user(system, facts.os ? &*facts.os : nullptr, requested_user);
    facts.user_checked = {choice.user, choice.user.empty() ? (choice.error.empty() ? std::string("no user was chosen") : choice.error) : ""};
    facts.user_source = choice.rule;
    return facts;
}

MachineFacts read_machine_facts(os::System& system, const std::string& requested_user) {
    static const CheckRegistry kNoChecks;  // its rule is console_user_rule
    return read_machine_facts(system, requested_user, kNoChecks);
}

// ---- Runner ----

namespace {

std::atomic<std::size_t> g_abandoned{0};

// Shared between the runner and the thread running one check, so that a check that outlives its
// timeout still has somewhere valid to write its (ignored) result.
struct CheckSlot {
    std::mutex mutex;
    std::condition_variable done_cv;
    std::optional<CheckResult> result;
    std::shared_ptr<os::System> system;  // keeps the probes alive for an abandoned check
    std::unique_ptr<Check> check;
    std::optional<CheckContext> context;
    bool abandoned = false;  // the runner gave up waiting; the worker must account for its own end
};

std::string describe_exception(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const os::OsFailure& e) {
        return "the check could not read the machine: " + e.error().describe();
    } catch (const os::ReplayMissingAnswer& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("the check stopped with an unexpected error: ") + e.what();
    } catch (...) {
        return "the check stopped with an unexpected error of unknown type";
    }
}

CheckResult timed_out(std::chrono::milliseconds timeout, bool stopped) {
    const auto ms = timeout.count();
    const std::string after = ms % 1000 == 0 ? fmt::format("{} s", ms / 1000) : fmt::format("{} ms", ms);
    return CheckResult::error(stopped ? fmt::format("timed out after {}; the check was told to stop and did", after)
                                      : fmt::format("timed out after {}; the check was told to stop but had not yet, so its thread was abandoned", after));
}

std::string os_display(const os::OsFacts& os) {
    std::string text = os.product_name.empty() ? to_string(os.family) : os.product_name;
    return text;
}

}  // namespace

Runner::Runner(const CheckRegistry& registry, std::shared_ptr<os::System> system, RunOptions options)
    : registry_(registry), system_(std::move(system)), options_(std::move(options)) {}

Runner::~Runner() {
    cancel();
    if (thread_.joinable()) thread_.join();
}

void Runner::add_observer(RunObserver& observer) { observers_.push_back(&observer); }

void Runner::start() {
    if (thread_.joinable()) throw std::logic_error("Runner::start called twice");
    thread_ = std::thread([this] { run_all(); });
}

void Runner::cancel() { cancel_.cancel(); }

RunSummary Runner::wait() {
    if (thread_.joinable()) thread_.join();
    if (!summary_) throw std::logic_error("Runner::wait called before start");
    return *summary_;
}

RunSummary Runner::run() {
    start();
    return wait();
}

std::size_t Runner::abandoned_checks() { return g_abandoned.load(); }

void Runner::run_all() {
    RunSummary summary;
    summary.started = std::chrono::system_clock::now();
    summary.source = system_->source();
    summary.timeout = options_.timeout;
    summary.machine = read_machine_facts(*system_, options_.user, registry_);

    std::vector<CheckInfo> infos;
    for (const auto& id : options_.ids) {
        // Each check as this system's people read it (a shared id's Linux words on Linux).
        if (const CheckInfo* info = registry_.find(id)) infos.push_back(summary.machine.os ? info->for_os(summary.machine.os->family) : *info);
    }
    for (auto* o : observers_) o->run_started(summary.machine, infos, options_, summary.source);

    for (std::size_t i = 0; i < infos.size(); ++i) {
        const CheckInfo& info = infos[i];
        for (auto* o : observers_) o->check_started(i, info);
        const auto begin = std::chrono::steady_clock::now();
        CheckResult result = cancel_.cancelled()
                                 ? CheckResult::error("not run: the run was cancelled before this check started")
                                 : run_one(info, summary.machine);
        result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - begin);
        summary.outcomes.push_back({info, std::move(result)});
        for (auto* o : observers_) o->check_finished(i, summary.outcomes.back());
    }

    summary.cancelled = cancel_.cancelled();
    summary.finished = std::chrono::system_clock::now();
    summary.verdict = compute_verdict(summary.outcomes);
    summary_ = summary;
    for (auto* o : observers_) o->run_finished(*summary_);
}

CheckResult Runner::run_one(const CheckInfo& info, const MachineFacts& machine) {
    if (!machine.os) {
        return CheckResult::error("the operating system could not be identified, so it is unknown whether this check applies: " +
                                  machine.os_error);
    }
    if (!info.applies_to(machine.os->family)) {
        return CheckResult::skipped(fmt::format("applies to {} only; this machine runs {}",
                                                platforms_to_string(info.platforms), os_display(*machine.os)));
    }
    if (info.needs_user && machine.user_checked.value.empty()) {
        return CheckResult::error("the WorkSpace user could not be determined, so this check cannot look at their profile: " +
                                  machine.user_checked.error)
            .with("WorkSpace user", "unknown", "the person the WorkSpace belongs to (name them with --user)");
    }

    auto slot = std::make_shared<CheckSlot>();
    slot->system = system_;
    slot->check = registry_.create(info.id);
    // The check's own token: cancelled when the run is cancelled and when the check times out, so a long
    // walk that polls it stops promptly instead of running on, abandoned, behind the next run.
    const CancelToken check_cancel;
    slot->context.emplace(CheckContext{*slot->system, machine.user_checked.value, *machine.os, check_cancel});

    std::thread worker([slot] {
        CheckResult result;
        try {
            result = slot->check->run(*slot->context);
        } catch (...) {
            result = CheckResult::error(describe_exception(std::current_exception()));
        }
        std::lock_guard<std::mutex> lock(slot->mutex);
        slot->result = std::move(result);
        if (slot->abandoned) --g_abandoned;
        slot->done_cv.notify_all();
    });

    std::unique_lock<std::mutex> lock(slot->mutex);
    const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
    // Wake up regularly to notice a cancel without needing the cancel to know this slot.
    while (!slot->result && !cancel_.cancelled() && std::chrono::steady_clock::now() < deadline) {
        slot->done_cv.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(50)));
    }
    // A check that returns after a cancel may have stopped half-way: its answer is not trusted.
    if (slot->result && !cancel_.cancelled()) {
        lock.unlock();
        worker.join();
        return std::move(*slot->result);
    }
    if (slot->result) {
        check_cancel.cancel();
        lock.unlock();
        worker.join();
        return CheckResult::error("cancelled by the user while the check was running");
    }
    // Give a check that polls its token a moment to return, rather than abandoning its thread at once.
    check_cancel.cancel();
    slot->done_cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return slot->result.has_value(); });
    if (slot->result) {
        lock.unlock();
        worker.join();
        if (cancel_.cancelled()) return CheckResult::error("cancelled by the user while the check was running");
        return timed_out(options_.timeout, true);
    }
    check_cancel.cancel();
    slot->abandoned = true;
    ++g_abandoned;
    lock.unlock();
    worker.detach();  // cannot be killed safely; it keeps its slot (and the probes) alive until it returns
    if (cancel_.cancelled()) return CheckResult::error("cancelled by the user while the check was running; its thread was abandoned");
    return timed_out(options_.timeout, false);
}

}  // namespace ic
