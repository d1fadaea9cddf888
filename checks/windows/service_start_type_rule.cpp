#include "service_start_type_rule.h"

#include <algorithm>

#include <fmt/format.h>

namespace ic::checks {

namespace {

// Evidence every rule reports, so support sees the same lines for each service check.
void add_service_evidence(CheckResult& result, const StartTypeRule& rule, const os::ServiceInfo& service) {
    result.with("Service " + rule.service, "installed: " + service_label(service.name, service.display_name), "installed");
    result.with(rule.service + " start type", os::to_string(service.start_type), accepted_text(rule));
    result.with(rule.service + " state", os::to_string(service.state));
}

}  // namespace

StartTypeJudgement judge_start_type(const StartTypeRule& rule, os::ServiceStartType actual) {
    if (actual == os::ServiceStartType::Unknown) return StartTypeJudgement::Unreadable;
    const bool accepted = std::find(rule.accepted.begin(), rule.accepted.end(), actual) != rule.accepted.end();
    return accepted ? StartTypeJudgement::Accepted : StartTypeJudgement::NeedsChange;
}

std::string accepted_text(const StartTypeRule& rule) {
    std::string text;
    for (std::size_t i = 0; i < rule.accepted.size(); ++i) {
        if (i > 0) text += i + 1 == rule.accepted.size() ? " or " : ", ";
        text += os::to_string(rule.accepted[i]);
    }
    return text;
}

std::string service_label(const std::string& name, const std::string& display_name) {
    if (display_name.empty() || display_name == name) return name;
    return display_name + " (" + name + ")";
}

CheckResult run_start_type_rule(const StartTypeRule& rule, os::ServiceProbe& services) {
    const std::string label = service_label(rule.service, rule.label);
    auto found = services.find(rule.service);
    if (!found) {
        return CheckResult::error(fmt::format("could not read service {}: {}", rule.service, found.error().describe()))
            .with("Service " + rule.service, "unknown: " + found.error().describe(), "installed");
    }
    if (!found.value()) {
        return CheckResult::failed(label + " is not installed")
            .with("Service " + rule.service, "not installed", "installed, start type " + accepted_text(rule));
    }

    const os::ServiceInfo& service = *found.value();
    const std::string start_type = os::to_string(service.start_type);
    CheckResult result;
    switch (judge_start_type(rule, service.start_type)) {
        case StartTypeJudgement::Accepted:
            result = CheckResult::passed(fmt::format("{} has start type {}", label, start_type));
            break;
        case StartTypeJudgement::NeedsChange:
            result = CheckResult::warning(
                fmt::format("{} has start type {}; image creation needs {}", label, start_type, accepted_text(rule)));
            result.fix = FixOffer{true, fmt::format("Set the start type of {} from {} to {}", label, start_type,
                                                    os::to_string(rule.fix_to))};
            break;
        case StartTypeJudgement::Unreadable:
            result = CheckResult::error(
                fmt::format("the service manager reports a start type for {} that this tool cannot interpret", rule.service));
            break;
    }
    add_service_evidence(result, rule, service);
    return result;
}

FixPlan plan_start_type_fix(const StartTypeRule& rule, os::ServiceProbe& services) {
    FixPlan plan;
    plan.automatic = true;
    const std::string label = service_label(rule.service, rule.label);
    const auto found = services.find(rule.service).value();  // an unreadable service fails the planning
    if (!found) {
        plan.summary = fmt::format("Nothing the tool can change: {} is not installed; install or repair it by hand", label);
        return plan;
    }
    if (judge_start_type(rule, found->start_type) != StartTypeJudgement::NeedsChange) {
        plan.summary = fmt::format("Nothing to change: {} already has start type {}", label, os::to_string(found->start_type));
        return plan;
    }
    plan.summary = fmt::format("Set the start type of {} to {}", label, os::to_string(rule.fix_to));
    plan.changes.push_back(start_type_change(*found, label, rule.fix_to));
    return plan;
}

Change start_type_change(const os::ServiceInfo& service, const std::string& label, os::ServiceStartType to) {
    return make_change(ServiceStartTypeChange{service.name, service.start_type, to},
                       fmt::format("Set the start type of {} to {}", label, os::to_string(to)));
}

}  // namespace ic::checks
