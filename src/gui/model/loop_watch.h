#pragma once
/// \file
/// The window's event-loop measurement during a run, without wx. The window's 10 ms timer calls tick();
/// the worst gap between two ticks beyond the period is time the UI thread did not listen. To say why,
/// the same span is seen from two more sides: the CPU time the UI thread used in it (busy, or waiting),
/// and a watchdog thread that sleeps 10 ms in a loop and never touches the window (if it is held up at
/// the same moment by about as much, the process was not given a core: the machine's load, not the
/// window's code). The slowest event handler on the UI thread is recorded too (the app reports each
/// handler through note_ui_handler()). Costs nothing outside a run.

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ic::gui {

using Millis = std::chrono::milliseconds;

/// A stretch of a run, counted from its start.
struct Span {
    Millis begin{0};
    Millis length{0};
    [[nodiscard]] Millis end() const { return begin + length; }
};

/// How much of `gap` the `stalls` cover, together (the stalls do not overlap each other).
Millis covered_by(const Span& gap, const std::vector<Span>& stalls);

/// What one run measured.
struct LoopReport {
    Span worst_gap;                    ///< the timer's longest gap beyond its period (begin: the tick before it)
    Millis ui_cpu_in_gap{-1};          ///< CPU time the UI thread used in that gap; -1: the system did not say
    Millis watchdog_in_gap{0};         ///< how much of that gap the watchdog was held up too
    Span watchdog_worst;               ///< the watchdog's longest oversleep in the run
    Millis slowest_handler{0};         ///< the slowest event handler on the UI thread
    std::string slowest_handler_what;  ///< which one ("paint of wxPanel", …); empty: none reported
};

/// The second log NOTE of a run (after "window: "), which says what the worst gap was made of.
std::string loop_report_text(const LoopReport& report);

class LoopWatch {
public:
    using Clock = std::chrono::steady_clock;
    /// `cpu_time` reads the calling thread's CPU time (negative: unknown); tests pass their own.
    explicit LoopWatch(Millis period, std::function<std::chrono::microseconds()> cpu_time);
    ~LoopWatch();
    LoopWatch(const LoopWatch&) = delete;
    LoopWatch& operator=(const LoopWatch&) = delete;

    /// On the UI thread as the run starts: resets the figures and starts the watchdog thread.
    void start();
    /// On the UI thread at each timer tick. True when the gap this tick ends is the worst so far.
    bool tick();
    /// On the UI thread as the run ends: counts the stretch since the last tick as a gap too (a run whose
    /// timer never ticked was one long gap), stops the watchdog and returns the run's figures. Does
    /// nothing more if not started.
    LoopReport stop();
    [[nodiscard]] bool running() const { return watchdog_.joinable(); }

    /// A handler on the UI thread took `took`; `what` names it (called only for a new slowest one).
    void handler_took(Clock::duration took, const std::function<std::string()>& what);

    /// The watch of the run being measured, if any (for the app's handler timing).
    static LoopWatch* active() { return active_.load(std::memory_order_acquire); }

private:
    void watch();
    [[nodiscard]] Millis since_start(Clock::time_point t) const { return std::chrono::duration_cast<Millis>(t - began_); }

    Millis period_;
    std::function<std::chrono::microseconds()> cpu_time_;
    Clock::time_point began_;
    Clock::time_point last_tick_;
    std::chrono::microseconds last_cpu_{0};
    LoopReport report_;

    std::thread watchdog_;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;               ///< guards the two below (written by the watchdog)
    std::vector<Span> stalls_;       ///< each oversleep of the watchdog beyond its period of 1 ms or more
    Span watchdog_worst_;

    static std::atomic<LoopWatch*> active_;
};

/// Called by the app around every event handler on the UI thread: reports it to the active watch.
inline void note_ui_handler(LoopWatch::Clock::duration took, const std::function<std::string()>& what) {
    if (LoopWatch* watch = LoopWatch::active()) watch->handler_took(took, what);
}

}  // namespace ic::gui
