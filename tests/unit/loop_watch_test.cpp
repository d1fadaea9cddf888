#include <gtest/gtest.h>

#include <thread>

#include "loop_watch.h"

namespace ic::gui {
namespace {

using std::chrono::microseconds;

Span span(int begin, int length) { return {Millis(begin), Millis(length)}; }

TEST(LoopWatch, CoveredByCountsOnlyTheOverlapOfEachStall) {
    struct Case {
        Span gap;
        std::vector<Span> stalls;
        int covered;
    };
    const Case cases[] = {
        {span(100, 50), {}, 0},
        {span(100, 50), {span(0, 20), span(200, 30)}, 0},            // before and after
        {span(100, 50), {span(90, 20)}, 10},                         // overlaps the start
        {span(100, 50), {span(140, 100)}, 10},                       // overlaps the end
        {span(100, 50), {span(110, 5), span(120, 7)}, 12},           // inside
        {span(100, 50), {span(50, 200)}, 50},                        // the stall holds the whole gap
        {span(100, 50), {span(150, 10)}, 0},                         // touches the end only
        {span(0, 0), {span(0, 10)}, 0},                              // no gap
    };
    for (const auto& c : cases) EXPECT_EQ(covered_by(c.gap, c.stalls), Millis(c.covered)) << c.gap.begin.count() << "+" << c.gap.length.count();
}

TEST(LoopWatch, TickFindsTheWorstGapAndTheUiThreadsCpuInIt) {
    microseconds cpu{1000};
    LoopWatch watch(Millis(10), [&cpu] { return cpu; });
    EXPECT_EQ(LoopWatch::active(), nullptr);
    watch.start();
    EXPECT_EQ(LoopWatch::active(), &watch);
    cpu += microseconds(7000);  // the UI thread was busy for 7 ms of the next gap
    std::this_thread::sleep_for(Millis(60));
    EXPECT_TRUE(watch.tick());
    cpu += microseconds(500);
    EXPECT_FALSE(watch.tick());  // at once: no gap beyond the period
    const LoopReport report = watch.stop();
    EXPECT_EQ(LoopWatch::active(), nullptr);
    EXPECT_GE(report.worst_gap.length, Millis(50));
    EXPECT_EQ(report.worst_gap.begin, Millis(10));  // the first tick was due one period after the start
    EXPECT_EQ(report.ui_cpu_in_gap, Millis(7));
    // The watchdog's stalls are kept apart from the UI's: whatever it saw lies within the run.
    EXPECT_LE(report.watchdog_in_gap, report.worst_gap.length);
}

TEST(LoopWatch, ARunWhoseTimerNeverTickedIsOneGap) {
    microseconds cpu{0};
    LoopWatch watch(Millis(10), [&cpu] { return cpu; });
    watch.start();
    cpu += microseconds(40'000);
    std::this_thread::sleep_for(Millis(60));
    const LoopReport report = watch.stop();  // the run ended before the first tick
    EXPECT_GE(report.worst_gap.length, Millis(50));
    EXPECT_EQ(report.ui_cpu_in_gap, Millis(40));
}

TEST(LoopWatch, AnUnknownCpuTimeIsReportedAsUnknown) {
    LoopWatch watch(Millis(10), [] { return microseconds(-1); });
    watch.start();
    std::this_thread::sleep_for(Millis(30));
    watch.tick();
    const LoopReport report = watch.stop();
    EXPECT_EQ(report.ui_cpu_in_gap, Millis(-1));
    EXPECT_NE(loop_report_text(report).find("the UI thread's CPU time in that gap is not known"), std::string::npos);
}

TEST(LoopWatch, KeepsTheSlowestHandlerAndNamesOnlyThatOne) {
    LoopWatch watch(Millis(10), [] { return microseconds(0); });
    watch.start();
    int named = 0;
    watch.handler_took(Millis(3), [&] { ++named; return std::string("paint of A"); });
    watch.handler_took(Millis(12), [&] { ++named; return std::string("size of B"); });
    watch.handler_took(Millis(5), [&] { ++named; return std::string("timer of C"); });
    note_ui_handler(Millis(2), [&] { ++named; return std::string("through the active watch"); });
    const LoopReport report = watch.stop();
    note_ui_handler(Millis(99), [&] { ++named; return std::string("after the run"); });  // nobody measures now
    EXPECT_EQ(named, 2);
    EXPECT_EQ(report.slowest_handler, Millis(12));
    EXPECT_EQ(report.slowest_handler_what, "size of B");
    EXPECT_NE(loop_report_text(report).find("the slowest handler on the UI thread took 12 ms (size of B)"), std::string::npos);
}

TEST(LoopWatch, TheReportSaysWhatTheWatchdogSawInTheGap) {
    LoopReport r;
    r.worst_gap = span(100, 300);
    r.ui_cpu_in_gap = Millis(0);
    r.watchdog_in_gap = Millis(280);
    r.watchdog_worst = span(105, 290);
    EXPECT_EQ(loop_report_text(r),
              "between the two ticks around that gap the UI thread used 0 ms of CPU; a watchdog thread that never touches the window "
              "was held up for 280 ms of the gap (its worst in the run: 290 ms, 105 ms into the run); no handler on the UI thread was timed");
}

TEST(LoopWatch, StopWithoutStartIsHarmless) {
    LoopWatch watch(Millis(10), [] { return microseconds(0); });
    const LoopReport report = watch.stop();
    EXPECT_EQ(report.worst_gap.length, Millis(0));
    EXPECT_FALSE(watch.running());
}

}  // namespace
}  // namespace ic::gui
