#pragma once
#include <vector>

#include "imagechecker/check.h"

namespace ic::checks {

/// Amazon SSM Agent, when installed, must be disabled and stopped before image creation
/// (AWS: AmazonSsmAgentEnabled). Looks for the service AmazonSSMAgent and for any service displayed as
/// "Amazon SSM Agent"; a WorkSpace without the agent passes.
class SsmAgentDisabledCheck : public Check {
public:
    static constexpr const char* kServiceName = "AmazonSSMAgent";
    static constexpr const char* kDisplayName = "Amazon SSM Agent";

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
    std::optional<FixPlan> plan_fix(CheckContext& context) override;
};

/// True for a service that is the SSM agent: key name AmazonSSMAgent or display name "Amazon SSM Agent".
bool is_ssm_agent(const os::ServiceInfo& service);

/// True when an agent service is as image creation needs it: start type Disabled and stopped.
bool is_ssm_agent_quiet(const os::ServiceInfo& service);

/// The changes that quiet one agent service, in the order they must be made: stop it, then disable it
/// (undone in reverse: enable it again, then start it — a disabled service cannot be started).
std::vector<Change> ssm_agent_changes(const os::ServiceInfo& service);

}  // namespace ic::checks
