// Fuzz target: the undo journal loader behind `undo JOURNAL` (FixJournal::parse, which
// FixJournal::load calls after the size guard), then planning the undo on an empty machine.
// Invariants: a bad journal is refused with JournalError and nothing else; a journal that loads,
// written back out and loaded again, gives the same entries and the same text (the writer's output
// is a fixed point of the reader); planning its undo gives one step per entry and never throws.
#include "fuzz_support.h"

#include "imagechecker/fix_engine.h"
#include "imagechecker/os/memory_system.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::optional<ic::FixJournal> journal;
    try {
        journal = ic::FixJournal::parse(ic::fuzz::text(data, size), "fuzz.fixes.json");
    } catch (const ic::JournalError& e) {
        IC_FUZZ_CHECK(std::string(e.what()).find("fuzz.fixes.json") != std::string::npos, "a refusal names the file");
        return 0;
    }
    const std::string written = journal->to_text();
    const auto reloaded = ic::FixJournal::parse(written, "fuzz.fixes.json");
    IC_FUZZ_CHECK(reloaded.to_text() == written, "writing a loaded journal again gives the same text");
    IC_FUZZ_CHECK(reloaded.machine_name() == journal->machine_name(), "machine name survives");
    IC_FUZZ_CHECK(reloaded.entries().size() == journal->entries().size(), "every entry survives");
    IC_FUZZ_CHECK(reloaded.batch() == journal->batch(), "the current batch survives");
    for (std::size_t i = 0; i < journal->entries().size(); ++i) {
        const auto& a = journal->entries()[i];
        const auto& b = reloaded.entries()[i];
        IC_FUZZ_CHECK(a.check_id == b.check_id && a.batch == b.batch && a.state == b.state && a.note == b.note &&
                          a.updated_at == b.updated_at,
                      "entry fields survive");
        IC_FUZZ_CHECK(a.change.what == b.change.what && a.change.where() == b.change.where() &&
                          a.change.before_text() == b.change.before_text() && a.change.after_text() == b.change.after_text() &&
                          a.change.undoable == b.change.undoable,
                      "the change survives");
    }
    ic::os::MemorySystem machine;
    const auto steps = ic::plan_undo(*journal, machine);
    IC_FUZZ_CHECK(steps.size() == journal->entries().size(), "one undo step per entry");
    for (const auto& step : steps) IC_FUZZ_CHECK(step.inverse || !step.reason.empty(), "a change left alone says why");
    return 0;
}
