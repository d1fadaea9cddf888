#include "ssm_agent_disabled_check.h"

#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "service_start_type_rule.h"
#include "windows_facts.h"

namespace ic::checks {

namespace {

// Every installed copy of the agent, or the error that hid them. The service is asked for by its key
// name first, so a service elsewhere that refuses to be read does not matter; only when no service has
// that name is the list searched by display name, and then only an unreadable copy of the agent itself
// is an error.
os::Result<std::vector<os::ServiceInfo>> find_agents(os::ServiceProbe& services) {
    auto by_name = services.find(SsmAgentDisabledCheck::kServiceName);
    if (!by_name) return by_name.error();
    if (by_name.value()) return std::vector<os::ServiceInfo>{*by_name.value()};
    auto listed = services.list();
    if (!listed) return listed.error();
    std::vector<os::ServiceInfo> agents;
    for (const auto& service : listed.value()) {
        if (!is_ssm_agent(service)) continue;
        if (service.config_error) return *service.config_error;
        agents.push_back(service);
    }
    return agents;
}

std::string where_looked() {
    return fmt::format("looked for service {} and any service displayed as \"{}\"", SsmAgentDisabledCheck::kServiceName,
                       SsmAgentDisabledCheck::kDisplayName);
}

}  // namespace

bool is_ssm_agent(const os::ServiceInfo& service) {
    return iequals(service.name, SsmAgentDisabledCheck::kServiceName) || iequals(service.display_name, SsmAgentDisabledCheck::kDisplayName);
}

bool is_ssm_agent_quiet(const os::ServiceInfo& service) {
    return service.start_type == os::ServiceStartType::Disabled && service.state == os::ServiceState::Stopped;
}

std::vector<Change> ssm_agent_changes(const os::ServiceInfo& service) {
    std::vector<Change> changes;
    const std::string label = service_label(service.name, service.display_name);
    // Stop first: undo runs in reverse and must re-enable the service before it can start it.
    if (service.state != os::ServiceState::Stopped)
        changes.push_back(make_change(ServiceRunStateChange{service.name, true, false}, "Stop " + label));
    if (service.start_type != os::ServiceStartType::Disabled)
        changes.push_back(start_type_change(service, label, os::ServiceStartType::Disabled));
    return changes;
}

CheckInfo SsmAgentDisabledCheck::describe() {
    CheckInfo info;
    info.id = "ssm-agent-disabled";
    info.title = "Amazon SSM Agent is disabled";
    info.category = "Services";
    info.platforms = kWindows;
    info.rationale =
        "Image creation refuses a WorkSpace on which the Amazon SSM Agent service is enabled: an agent that can start and "
        "act on the machine has no place in a system that is being generalized and captured. A WorkSpace without the "
        "agent passes.";
    info.resolution =
        "Open services.msc, find \"Amazon SSM Agent\", stop it, open its properties and set the startup type to Disabled, "
        "then choose OK. Then run the checks again.";
    info.aws_error_code = "AmazonSsmAgentEnabled";
    info.fix = FixKind::Automatic;
    return info;
}

const CheckInfo& SsmAgentDisabledCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult SsmAgentDisabledCheck::run(CheckContext& context) {
    auto agents = find_agents(context.system.services());
    if (!agents) {
        return CheckResult::error("could not list the services: " + agents.error().describe())
            .with("Amazon SSM Agent", "unknown: " + agents.error().describe(), "absent, or Disabled and stopped");
    }
    if (agents.value().empty()) {
        return CheckResult::passed("Amazon SSM Agent is not installed")
            .with("Amazon SSM Agent", "not installed (" + where_looked() + ")", "absent, or Disabled and stopped");
    }

    std::vector<std::string> active;
    std::vector<std::string> uninterpretable;
    for (const auto& agent : agents.value()) {
        if (agent.start_type == os::ServiceStartType::Unknown) uninterpretable.push_back(agent.name);
        if (!is_ssm_agent_quiet(agent)) active.push_back(service_label(agent.name, agent.display_name));
    }

    CheckResult result;
    if (!uninterpretable.empty()) {
        // A start type the tool cannot read back could not be restored by an undo either.
        result = CheckResult::error(fmt::format("the service manager reports a start type for {} that this tool cannot interpret",
                                                fmt::join(uninterpretable, ", ")));
    } else if (active.empty()) {
        result = CheckResult::passed("Amazon SSM Agent is installed, disabled and stopped");
    } else {
        result = CheckResult::warning(fmt::format("Amazon SSM Agent is enabled or running: {}", fmt::join(active, ", ")));
        result.fix = FixOffer{true, "Stop Amazon SSM Agent and set its start type to Disabled"};
    }
    for (const auto& agent : agents.value()) {
        result.with("Service " + agent.name, "installed: " + service_label(agent.name, agent.display_name), "Disabled and stopped");
        result.with(agent.name + " start type", os::to_string(agent.start_type), "Disabled");
        result.with(agent.name + " state", os::to_string(agent.state), "Stopped");
    }
    return result;
}

std::optional<FixPlan> SsmAgentDisabledCheck::plan_fix(CheckContext& context) {
    FixPlan plan;
    plan.automatic = true;
    const auto agents = find_agents(context.system.services()).value();  // unreadable services fail the planning
    for (const auto& agent : agents) {
        if (agent.start_type == os::ServiceStartType::Unknown)
            throw std::runtime_error("the start type of " + agent.name + " cannot be interpreted, so a change could not be undone");
        for (auto& change : ssm_agent_changes(agent)) plan.changes.push_back(std::move(change));
    }
    plan.summary = agents.empty()          ? "Nothing to change: Amazon SSM Agent is not installed"
                   : plan.changes.empty() ? "Nothing to change: Amazon SSM Agent is already disabled and stopped"
                                          : "Stop Amazon SSM Agent and set its start type to Disabled";
    return plan;
}

}  // namespace ic::checks
