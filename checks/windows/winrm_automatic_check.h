#pragma once
#include "imagechecker/check.h"
#include "service_start_type_rule.h"

namespace ic::checks {

/// Windows Remote Management (WinRM) must start automatically: the image-creation workflow reaches
/// the WorkSpace through it. A troubleshooting tip on the AWS page, not one of AWS's own tests (no AWS code).
class WinrmAutomaticCheck : public Check {
public:
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
    std::optional<FixPlan> plan_fix(CheckContext& context) override;
};

/// The service and the start types this check accepts.
StartTypeRule winrm_rule();

}  // namespace ic::checks
