#pragma once
#include "imagechecker/check.h"
#include "service_start_type_rule.h"

namespace ic::checks {

/// Remote Desktop Services (TermService) must be installed and not Disabled: image creation and the
/// WorkSpace itself depend on it (AWS: RemoteDesktopServicesDisabled).
class RemoteDesktopServicesCheck : public Check {
public:
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
    std::optional<FixPlan> plan_fix(CheckContext& context) override;
};

/// The service and the start types this check accepts.
StartTypeRule remote_desktop_services_rule();

}  // namespace ic::checks
