#include "imagechecker/report.h"

#include <nlohmann/json.hpp>

#include "imagechecker/version.h"
#include "os_json.h"
#include "time_format.h"

namespace ic {

using nlohmann::json;

namespace {

json fact_json(const Fact& fact) {
    if (fact.error.empty()) return fact.value;
    return nullptr;
}

json machine_json(const MachineFacts& m) {
    json machine = {{"name", fact_json(m.machine_name)},
                    {"os", m.os ? json(*m.os) : json(nullptr)},
                    {"user_checked", fact_json(m.user_checked)},
                    {"user_source", m.user_source},
                    {"run_as", fact_json(m.run_as)},
                    {"elevated", m.elevated ? json(*m.elevated) : json(nullptr)}};
    json errors = json::object();
    if (!m.machine_name.error.empty()) errors["name"] = m.machine_name.error;
    if (!m.os) errors["os"] = m.os_error;
    if (!m.user_checked.error.empty()) errors["user_checked"] = m.user_checked.error;
    if (!m.run_as.error.empty()) errors["run_as"] = m.run_as.error;
    if (!m.elevated) errors["elevated"] = m.elevated_error;
    if (!errors.empty()) machine["errors"] = errors;
    return machine;
}

json check_json(const CheckOutcome& outcome) {
    const auto& info = outcome.info;
    const auto& r = outcome.result;
    json evidence = json::array();
    for (const auto& e : r.evidence) evidence.push_back({{"item", e.item}, {"observed", e.observed}, {"expected", e.expected}});
    json fix = {{"available", r.fix.has_value()},
                {"automatic", r.fix ? r.fix->automatic : false},
                {"description", r.fix ? json(r.fix->description) : json(nullptr)}};
    return {{"id", info.id},
            {"title", info.title},
            {"category", info.category},
            {"platforms", platforms_to_string(info.platforms)},
            {"status", to_string(r.status)},
            {"summary", r.summary},
            {"evidence", evidence},
            {"remediation", info.resolution},
            {"rationale", info.rationale},
            {"aws_error_code", info.aws_error_code.empty() ? json(nullptr) : json(info.aws_error_code)},
            {"fix", fix},
            {"duration_ms", r.duration.count()}};
}

}  // namespace

json build_report(const RunSummary& summary, const ReportLinks& links) {
    const RunVerdict& v = summary.verdict;
    json counts = json::object();
    for (auto s : {Status::Passed, Status::Warning, Status::Failed, Status::Skipped, Status::Error}) counts[to_string(s)] = v.count(s);
    json checks = json::array();
    for (const auto& outcome : summary.outcomes) checks.push_back(check_json(outcome));
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(summary.finished - summary.started);
    return {{"schema_version", kReportSchemaVersion},
            {"tool", {{"name", kToolName}, {"version", kToolVersion}}},
            {"machine", machine_json(summary.machine)},
            {"source", {{"kind", summary.source}, {"replay_file", links.replay_file.empty() ? json(nullptr) : json(links.replay_file)}}},
            {"started_at", format_iso8601(summary.started)},
            {"finished_at", format_iso8601(summary.finished)},
            {"duration_ms", elapsed.count()},
            {"timeout_ms", summary.timeout.count()},
            {"cancelled", summary.cancelled},
            {"overall",
             {{"status", to_string(v.overall)},
              {"validation_successful", v.validation_successful()},
              {"applicable", v.applicable},
              {"counts", counts},
              {"message", verdict_sentence(summary)}}},
            {"log_file", links.log_file.empty() ? json(nullptr) : json(links.log_file)},
            {"checks", checks}};
}

int exit_code_for(const RunVerdict& verdict) {
    switch (verdict.overall) {
        case Status::Passed:
        case Status::Skipped: return 0;
        case Status::Warning: return 1;
        case Status::Failed:
        case Status::Error: return 2;
    }
    return 2;
}

}  // namespace ic
