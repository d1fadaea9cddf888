#pragma once
/// \file
/// The HTML report: one self-contained page (styles inline, no script, no network) that reads and prints
/// well. Verdict first, then every check with its status as icon and word, summary, evidence table, how
/// to resolve it, AWS's error code, and the fixes and their undo state. Built from the same data as the
/// JSON report (a run's report is read back with parse_report) or from a log read back with parse_log.

#include <string>
#include <string_view>

#include "imagechecker/review.h"
#include "imagechecker/run_reader.h"

namespace ic {

/// The one escaping function for HTML text and attribute values: & < > " ' become entities. Every
/// string that comes from the machine or a file goes through it.
std::string html_escape(std::string_view text);

/// The page for one run; with `comparison`, a "what changed since the older run" section comes first.
std::string html_report(const ReadRun& run, const RunComparison* comparison = nullptr);

}  // namespace ic
