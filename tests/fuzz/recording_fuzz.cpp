// Fuzz target: the recording loader behind `run --replay` and the window's --replay
// (ReplaySystem::parse, which ReplaySystem::load calls after the size guard), then a whole run of the
// built-in checks on what it loaded, as the program does.
// Invariants: a bad file is refused with RecordingError and nothing else; a run on a loaded recording
// gives every check a status and a summary; and a run recorded while replaying, saved and loaded
// again, gives the same machine facts, statuses, summaries and evidence (when no answer was missing or
// malformed, since those are not recorded).
#include "fuzz_support.h"

#include <nlohmann/json.hpp>

#include "imagechecker/check_registry.h"
#include "imagechecker/os/recording.h"
#include "imagechecker/runner.h"

namespace {

ic::RunSummary run_all(std::shared_ptr<ic::os::System> system) {
    ic::RunOptions options;
    options.ids = ic::builtin_checks().select({}, {});
    return ic::Runner(ic::builtin_checks(), std::move(system), options).run();
}

bool replay_answer_went_wrong(const ic::RunSummary& run) {
    const auto mentions = [](const std::string& text) { return text.find("the recording") != std::string::npos; };
    const auto& m = run.machine;
    if (mentions(m.machine_name.error) || mentions(m.os_error) || mentions(m.user_checked.error) || mentions(m.run_as.error) ||
        mentions(m.elevated_error))
        return true;
    for (const auto& o : run.outcomes)
        if (o.result.status == ic::Status::Error && mentions(o.result.summary)) return true;
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::shared_ptr<ic::os::ReplaySystem> replay;
    try {
        replay = ic::os::ReplaySystem::parse(ic::fuzz::text(data, size), "fuzz.rec.json");
    } catch (const ic::os::RecordingError& e) {
        IC_FUZZ_CHECK(std::string(e.what()).find("fuzz.rec.json") != std::string::npos, "a refusal names the file");
        return 0;
    }
    auto recorder = std::make_shared<ic::os::RecordingSystem>(replay);
    const auto first = run_all(recorder);
    for (const auto& o : first.outcomes) IC_FUZZ_CHECK(!o.result.summary.empty(), o.info.id + " gave no summary");
    if (replay_answer_went_wrong(first)) return 0;

    const auto again = run_all(ic::os::ReplaySystem::parse(recorder->to_json().dump(2), "re-recorded"));
    IC_FUZZ_CHECK(again.machine.machine_name.display() == first.machine.machine_name.display(), "machine name survives");
    IC_FUZZ_CHECK(again.machine.user_checked.display() == first.machine.user_checked.display(), "user survives");
    IC_FUZZ_CHECK(again.machine.os_error == first.machine.os_error, "OS facts survive");
    IC_FUZZ_CHECK(again.outcomes.size() == first.outcomes.size(), "same checks");
    for (std::size_t i = 0; i < first.outcomes.size(); ++i) {
        const auto& a = first.outcomes[i].result;
        const auto& b = again.outcomes[i].result;
        const std::string id = first.outcomes[i].info.id;
        IC_FUZZ_CHECK(a.status == b.status && a.summary == b.summary, id + ": same status and summary after a save and load");
        IC_FUZZ_CHECK(a.evidence.size() == b.evidence.size(), id + ": same evidence");
        for (std::size_t e = 0; e < a.evidence.size(); ++e)
            IC_FUZZ_CHECK(a.evidence[e].item == b.evidence[e].item && a.evidence[e].observed == b.evidence[e].observed &&
                              a.evidence[e].expected == b.evidence[e].expected,
                          id + ": same evidence line");
    }
    return 0;
}
