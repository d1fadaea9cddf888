#include <gtest/gtest.h>

#include <functional>
#include <thread>

#include "imagechecker/runner.h"
#include "test_support.h"

namespace ic {
namespace {

using namespace std::chrono_literals;

/// A check whose behaviour is a lambda, for testing the runner's handling of any behaviour.
class LambdaCheck : public Check {
public:
    LambdaCheck(CheckInfo info, std::function<CheckResult(CheckContext&)> body) : info_(std::move(info)), body_(std::move(body)) {}
    [[nodiscard]] const CheckInfo& info() const override { return info_; }
    CheckResult run(CheckContext& context) override { return body_(context); }

private:
    CheckInfo info_;
    std::function<CheckResult(CheckContext&)> body_;
};

CheckInfo info_for(const std::string& id, unsigned platforms = kWindows) {
    CheckInfo info;
    info.id = id;
    info.title = "Title of " + id;
    info.platforms = platforms;
    return info;
}

void add(CheckRegistry& registry, const std::string& id, std::function<CheckResult(CheckContext&)> body, unsigned platforms = kWindows) {
    auto info = info_for(id, platforms);
    registry.add(info, [info, body] { return std::make_unique<LambdaCheck>(info, body); });
}

/// Records what the runner reported, in order.
struct EventLog : RunObserver {
    std::vector<std::string> events;
    std::thread::id thread;
    void run_started(const MachineFacts&, const std::vector<CheckInfo>& checks, const RunOptions&, const std::string&) override {
        events.push_back("run_started " + std::to_string(checks.size()));
        thread = std::this_thread::get_id();
    }
    void check_started(std::size_t i, const CheckInfo& info) override { events.push_back("started " + std::to_string(i) + " " + info.id); }
    void check_finished(std::size_t i, const CheckOutcome& o) override {
        events.push_back("finished " + std::to_string(i) + " " + o.info.id + " " + to_string(o.result.status));
    }
    void run_finished(const RunSummary& s) override { events.push_back("run_finished " + to_string(s.verdict.overall)); }
};

RunSummary run_all(const CheckRegistry& registry, std::shared_ptr<os::System> system, RunOptions options = {},
                   RunObserver* observer = nullptr) {
    options.ids = registry.select({}, {});
    Runner runner(registry, std::move(system), options);
    if (observer) runner.add_observer(*observer);
    return runner.run();
}

TEST(Runner, RunsChecksInOrderOffTheCallersThreadAndReportsProgress) {
    CheckRegistry registry;
    add(registry, "first", [](CheckContext&) { return CheckResult::passed("ok"); });
    add(registry, "second", [](CheckContext&) { return CheckResult::warning("fixable"); });
    EventLog log;
    const auto summary = run_all(registry, std::make_shared<os::MemorySystem>(), {}, &log);
    EXPECT_EQ(log.events, (std::vector<std::string>{"run_started 2", "started 0 first", "finished 0 first PASSED", "started 1 second",
                                                    "finished 1 second WARNING", "run_finished WARNING"}));
    EXPECT_NE(log.thread, std::this_thread::get_id());
    EXPECT_EQ(summary.verdict.overall, Status::Warning);
    EXPECT_EQ(summary.source, "memory");
}

TEST(Runner, GivesChecksTheUserAndTheOsFacts) {
    CheckRegistry registry;
    std::string seen_user;
    std::string seen_product;
    add(registry, "look", [&](CheckContext& c) {
        seen_user = c.user;
        seen_product = c.os.product_name;
        return CheckResult::passed("ok");
    });
    RunOptions options;
    options.user = "bob";
    run_all(registry, std::make_shared<os::MemorySystem>(), options);
    EXPECT_EQ(seen_user, "bob");
    EXPECT_EQ(seen_product, "Windows 10 Enterprise");
}

TEST(Runner, DefaultsToTheInteractiveUser) {
    auto system = std::make_shared<os::MemorySystem>();
    system->set_interactive_user("carol");
    const auto facts = read_machine_facts(*system, "");
    EXPECT_EQ(facts.user_checked.value, "carol");
    EXPECT_EQ(facts.user_source, "the user signed in at the console");
}

TEST(Runner, SkipsChecksForAnotherPlatformAndSaysWhy) {
    CheckRegistry registry;
    bool ran = false;
    add(registry, "windows-only", [&](CheckContext&) {
        ran = true;
        return CheckResult::passed("ok");
    });
    auto system = std::make_shared<os::MemorySystem>();
    system->set_os({os::OsFamily::Linux, "Debian GNU/Linux 12 (bookworm)", "12", "6.1.0", ""});
    const auto summary = run_all(registry, system);
    EXPECT_FALSE(ran);
    ASSERT_EQ(summary.outcomes.size(), 1U);
    EXPECT_EQ(summary.outcomes[0].result.status, Status::Skipped);
    EXPECT_EQ(summary.outcomes[0].result.summary, "applies to windows only; this machine runs Debian GNU/Linux 12 (bookworm)");
    EXPECT_EQ(summary.verdict.applicable, 0U);
    EXPECT_FALSE(summary.verdict.validation_successful());
}

TEST(Runner, ThrowingCheckBecomesErrorAndTheOthersStillRun) {
    CheckRegistry registry;
    add(registry, "throws", [](CheckContext&) -> CheckResult { throw std::runtime_error("boom"); });
    add(registry, "after", [](CheckContext&) { return CheckResult::passed("ok"); });
    const auto summary = run_all(registry, std::make_shared<os::MemorySystem>());
    ASSERT_EQ(summary.outcomes.size(), 2U);
    EXPECT_EQ(summary.outcomes[0].result.status, Status::Error);
    EXPECT_EQ(summary.outcomes[0].result.summary, "the check stopped with an unexpected error: boom");
    EXPECT_EQ(summary.outcomes[1].result.status, Status::Passed);
}

TEST(Runner, UncheckedOsFailureBecomesErrorNamingTheApiAndCode) {
    CheckRegistry registry;
    add(registry, "reads", [](CheckContext& c) {
        (void)c.system.registry().key_exists(os::RegistryHive::LocalMachine, "SOFTWARE\\Locked").value();  // throws OsFailure
        return CheckResult::passed("never");
    });
    auto system = std::make_shared<os::MemorySystem>();
    system->fail_registry(os::RegistryHive::LocalMachine, "SOFTWARE\\Locked", test::access_denied());
    const auto summary = run_all(registry, system);
    EXPECT_EQ(summary.outcomes[0].result.status, Status::Error);
    EXPECT_EQ(summary.outcomes[0].result.summary,
              "the check could not read the machine: RegOpenKeyExW failed with error 5 (Access is denied.)");
}

TEST(Runner, HungCheckTimesOutAsErrorAndTheOthersStillRun) {
    CheckRegistry registry;
    std::atomic<bool> told_to_stop{false};
    add(registry, "hangs", [&](CheckContext& c) {
        for (int i = 0; i < 500 && !c.cancel.cancelled(); ++i) std::this_thread::sleep_for(10ms);
        told_to_stop = c.cancel.cancelled();
        return CheckResult::passed("too late");
    });
    add(registry, "after", [](CheckContext&) { return CheckResult::passed("ok"); });
    RunOptions options;
    options.timeout = 200ms;
    const auto begin = std::chrono::steady_clock::now();
    const auto summary = run_all(registry, std::make_shared<os::MemorySystem>(), options);
    EXPECT_LT(std::chrono::steady_clock::now() - begin, 4s) << "the runner must not wait for the hung check";
    EXPECT_EQ(summary.outcomes[0].result.status, Status::Error);
    EXPECT_EQ(summary.outcomes[0].result.summary, "timed out after 200 ms; the check was told to stop and did");
    EXPECT_TRUE(told_to_stop) << "a timed-out check's own token is cancelled, so a long walk stops";
    EXPECT_EQ(summary.outcomes[1].result.status, Status::Passed);
}

TEST(Runner, ACheckThatIgnoresItsTokenIsAbandonedAndSaysSo) {
    CheckRegistry registry;
    add(registry, "deaf", [](CheckContext&) {
        std::this_thread::sleep_for(1500ms);
        return CheckResult::passed("too late");
    });
    RunOptions options;
    options.timeout = 100ms;
    const auto begin = std::chrono::steady_clock::now();
    const auto summary = run_all(registry, std::make_shared<os::MemorySystem>(), options);
    EXPECT_LT(std::chrono::steady_clock::now() - begin, 1200ms) << "the runner does not wait for it";
    EXPECT_EQ(summary.outcomes[0].result.summary, "timed out after 100 ms; the check was told to stop but had not yet, so its thread was abandoned");
}

TEST(Runner, TimeoutInWholeSecondsIsReportedInSeconds) {
    CheckRegistry registry;
    add(registry, "hangs", [](CheckContext& c) {
        while (!c.cancel.cancelled()) std::this_thread::sleep_for(10ms);
        return CheckResult::passed("too late");
    });
    RunOptions options;
    options.timeout = 1s;
    options.ids = {"hangs"};
    Runner runner(registry, std::make_shared<os::MemorySystem>(), options);
    const auto summary = runner.run();
    EXPECT_EQ(summary.outcomes[0].result.summary, "timed out after 1 s; the check was told to stop and did");
}

TEST(Runner, CancelStopsTheRunningCheckAndDoesNotStartTheRest) {
    CheckRegistry registry;
    std::atomic<bool> started{false};
    add(registry, "slow", [&](CheckContext& c) {
        started = true;
        while (!c.cancel.cancelled()) std::this_thread::sleep_for(5ms);
        return CheckResult::passed("stopped");
    });
    bool later_ran = false;
    add(registry, "later", [&](CheckContext&) {
        later_ran = true;
        return CheckResult::passed("ok");
    });
    RunOptions options;
    options.ids = registry.select({}, {});
    Runner runner(registry, std::make_shared<os::MemorySystem>(), options);
    runner.start();
    while (!started) std::this_thread::sleep_for(1ms);
    runner.cancel();
    const auto summary = runner.wait();
    EXPECT_TRUE(summary.cancelled);
    EXPECT_FALSE(later_ran);
    EXPECT_EQ(summary.outcomes[0].result.status, Status::Error);
    EXPECT_EQ(summary.outcomes[0].result.summary, "cancelled by the user while the check was running");
    EXPECT_EQ(summary.outcomes[1].result.status, Status::Error);
    EXPECT_EQ(summary.outcomes[1].result.summary, "not run: the run was cancelled before this check started");
}

TEST(Runner, UnknownOperatingSystemMakesEveryCheckAnError) {
    CheckRegistry registry;
    add(registry, "any", [](CheckContext&) { return CheckResult::passed("ok"); });
    auto system = std::make_shared<os::MemorySystem>();
    system->fail_host("os", os::OsError{"RtlGetVersion", 87, "The parameter is incorrect."});
    const auto summary = run_all(registry, system);
    EXPECT_EQ(summary.outcomes[0].result.status, Status::Error);
    EXPECT_NE(summary.outcomes[0].result.summary.find("RtlGetVersion failed with error 87"), std::string::npos);
    EXPECT_NE(summary.machine.os_error.find("RtlGetVersion"), std::string::npos);
}

TEST(Runner, MeasuresEachCheck) {
    CheckRegistry registry;
    add(registry, "sleeps", [](CheckContext&) {
        std::this_thread::sleep_for(30ms);
        return CheckResult::passed("ok");
    });
    const auto summary = run_all(registry, std::make_shared<os::MemorySystem>());
    EXPECT_GE(summary.outcomes[0].result.duration, 30ms);
}

TEST(Verdict, WorstApplicableStatusWinsAndSkippedDoesNotCount) {
    auto outcome = [](Status s) { return CheckOutcome{info_for("x"), s == Status::Passed ? CheckResult::passed("") : CheckResult::skipped("")}; };
    std::vector<CheckOutcome> outcomes{outcome(Status::Passed), outcome(Status::Skipped)};
    auto v = compute_verdict(outcomes);
    EXPECT_EQ(v.overall, Status::Passed);
    EXPECT_EQ(v.applicable, 1U);
    EXPECT_TRUE(v.validation_successful());

    outcomes.push_back({info_for("w"), CheckResult::warning("")});
    outcomes.push_back({info_for("f"), CheckResult::failed("")});
    v = compute_verdict(outcomes);
    EXPECT_EQ(v.overall, Status::Failed);
    EXPECT_EQ(v.count(Status::Warning), 1U);
    EXPECT_FALSE(v.validation_successful());

    outcomes.push_back({info_for("e"), CheckResult::error("")});
    EXPECT_EQ(compute_verdict(outcomes).overall, Status::Error);
}

}  // namespace
}  // namespace ic
