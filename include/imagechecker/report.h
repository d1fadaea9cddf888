#pragma once
/// \file
/// The JSON report of a run (schema in docs/report-schema.md, versioned by "schema_version").

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "imagechecker/runner.h"

namespace ic {

inline constexpr int kReportSchemaVersion = 1;

/// Where the run's other artefacts are, so the report can point at them.
struct ReportLinks {
    std::string log_file;     ///< empty when no log was written
    std::string replay_file;  ///< set when the answers came from a recording
};

nlohmann::json build_report(const RunSummary& summary, const ReportLinks& links);

/// Exit status of a run for scripts: 0 every applicable check PASSED (or none applies), 1 the worst is
/// WARNING, 2 any FAILED or ERROR.
int exit_code_for(const RunVerdict& verdict);

}  // namespace ic
