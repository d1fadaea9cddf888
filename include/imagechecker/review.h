#pragma once
/// \file
/// Support's view of runs read back from logs or reports (run_reader.h): a summary of one run an
/// engineer reads in ten seconds, and what changed between two runs, check by check, oldest first.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "imagechecker/run_reader.h"

namespace ic {

/// Fills what a log does not say (a check's title, why it matters, how to resolve it, AWS's code) from
/// this tool's catalogue, for checks it knows. Facts the file does say are kept as they are.
void fill_from_catalogue(ReadRun& run, const std::vector<CheckInfo>& catalogue);

/// "Microsoft Windows 10 Pro, version 22H2, build 19045 (Professional)": the OS as the file names it, with
/// what it says of version, build and edition; "" when the file does not name the OS.
std::string os_description(const ReadRun& run);

/// The one-file review as text: machine, OS and build, user and how it was chosen, elevation, tool
/// version, verdict; every check that did not pass with its evidence and AWS code; the fixes of the run
/// and their undo state; what the file could not tell.
std::string review_text(const ReadRun& run);
nlohmann::json review_json(const ReadRun& run);

/// How one check changed from the older run to the newer.
struct CheckChange {
    enum class Kind { Fixed, Regressed, StillFailing, StatusChanged, EvidenceChanged, Same, OnlyInOlder, OnlyInNewer };
    Kind kind = Kind::Same;
    std::string id;
    std::string title;
    std::optional<Status> before;
    std::optional<Status> after;
    std::string before_summary;
    std::string after_summary;
    std::vector<std::string> evidence_changes;  ///< "item: old -> new", "item: new", "item: gone"
};
std::string to_string(CheckChange::Kind kind);  ///< "fixed", "regressed", "still failing", …

struct RunComparison {
    ReadRun older;
    ReadRun newer;
    bool reordered = false;            ///< the arguments were given newest first
    bool same_machine = true;
    std::vector<CheckChange> changes;  ///< in the newer run's order, then checks only in the older
    [[nodiscard]] std::size_t count(CheckChange::Kind kind) const;
};

/// Compares two runs, ordering them by their start time (the header's, or the first line's), whatever
/// the order they are given in; when neither says, `first` is taken as the older.
RunComparison compare_runs(ReadRun first, ReadRun second);
std::string comparison_text(const RunComparison& comparison);
nlohmann::json comparison_json(const RunComparison& comparison);

}  // namespace ic
