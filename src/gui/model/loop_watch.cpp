#include "loop_watch.h"

#include <algorithm>

#include <fmt/format.h>

namespace ic::gui {

namespace {
constexpr std::size_t kMaxStalls = 100'000;  // a run of an hour under heavy load still fits
}

std::atomic<LoopWatch*> LoopWatch::active_{nullptr};

Millis covered_by(const Span& gap, const std::vector<Span>& stalls) {
    Millis covered{0};
    for (const auto& stall : stalls) {
        const Millis from = std::max(gap.begin, stall.begin);
        const Millis to = std::min(gap.end(), stall.end());
        if (to > from) covered += to - from;
    }
    return covered;
}

std::string loop_report_text(const LoopReport& r) {
    std::string text = r.ui_cpu_in_gap.count() >= 0
                           ? fmt::format("between the two ticks around that gap the UI thread used {} ms of CPU", r.ui_cpu_in_gap.count())
                           : std::string("the UI thread's CPU time in that gap is not known");
    text += fmt::format("; a watchdog thread that never touches the window was held up for {} ms of the gap (its worst in the run: {} ms, {} ms into the run)",
                        r.watchdog_in_gap.count(), r.watchdog_worst.length.count(), r.watchdog_worst.begin.count());
    text += r.slowest_handler_what.empty()
                ? std::string("; no handler on the UI thread was timed")
                : fmt::format("; the slowest handler on the UI thread took {} ms ({})", r.slowest_handler.count(), r.slowest_handler_what);
    return text;
}

LoopWatch::LoopWatch(Millis period, std::function<std::chrono::microseconds()> cpu_time) : period_(period), cpu_time_(std::move(cpu_time)) {}

LoopWatch::~LoopWatch() { stop(); }

void LoopWatch::start() {
    stop();
    report_ = LoopReport{};
    stalls_.clear();
    watchdog_worst_ = Span{};
    began_ = last_tick_ = Clock::now();
    last_cpu_ = cpu_time_();
    stop_.store(false);
    watchdog_ = std::thread([this] { watch(); });
    active_.store(this, std::memory_order_release);
}

bool LoopWatch::tick() {
    const auto now = Clock::now();
    const auto cpu = cpu_time_();
    const Millis gap = std::chrono::duration_cast<Millis>(now - last_tick_ - period_);
    bool worst = false;
    if (gap > report_.worst_gap.length) {
        report_.worst_gap = {since_start(last_tick_ + period_), gap};
        report_.ui_cpu_in_gap = cpu.count() >= 0 && last_cpu_.count() >= 0 ? std::chrono::duration_cast<Millis>(cpu - last_cpu_) : Millis(-1);
        worst = true;
    }
    last_tick_ = now;
    last_cpu_ = cpu;
    return worst;
}

void LoopWatch::handler_took(Clock::duration took, const std::function<std::string()>& what) {
    const auto ms = std::chrono::duration_cast<Millis>(took);
    if (!report_.slowest_handler_what.empty() && ms <= report_.slowest_handler) return;
    report_.slowest_handler = ms;
    report_.slowest_handler_what = what();
}

LoopReport LoopWatch::stop() {
    LoopWatch* self = this;
    active_.compare_exchange_strong(self, nullptr);
    if (!watchdog_.joinable()) return report_;
    // The stretch from the last tick to now counts too: a run whose timer never ticked was one gap.
    tick();
    stop_.store(true);
    watchdog_.join();
    std::lock_guard<std::mutex> lock(mutex_);
    report_.watchdog_worst = watchdog_worst_;
    report_.watchdog_in_gap = covered_by(report_.worst_gap, stalls_);
    return report_;
}

void LoopWatch::watch() {
    while (!stop_.load()) {
        const auto before = Clock::now();
        std::this_thread::sleep_for(period_);
        const auto after = Clock::now();
        const Millis over = std::chrono::duration_cast<Millis>(after - before - period_);
        if (over < Millis(1)) continue;
        const Span stall{since_start(before + period_), over};
        std::lock_guard<std::mutex> lock(mutex_);
        if (stalls_.size() < kMaxStalls) stalls_.push_back(stall);
        if (stall.length > watchdog_worst_.length) watchdog_worst_ = stall;
    }
}

}  // namespace ic::gui
