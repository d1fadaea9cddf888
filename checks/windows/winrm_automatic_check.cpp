#include "winrm_automatic_check.h"

namespace ic::checks {

StartTypeRule winrm_rule() {
    return {"WinRM", "Windows Remote Management", {os::ServiceStartType::Automatic}, os::ServiceStartType::Automatic};
}

CheckInfo WinrmAutomaticCheck::describe() {
    CheckInfo info;
    info.id = "winrm-automatic";
    info.title = "Windows Remote Management starts automatically";
    info.category = "Services";
    info.platforms = kWindows;
    info.rationale =
        "Windows Remote Management (service WinRM) is one of the components a WorkSpace image must contain, and AWS names "
        "a WinRM service that does not start on its own as a reason image creation fails even when every other check "
        "passes.";
    info.resolution =
        "Open services.msc, find \"Windows Remote Management (WS-Management)\", open its properties and set the startup "
        "type to Automatic, then choose OK. If the service is not listed at all, Windows is damaged: repair it or start "
        "again from a fresh WorkSpace. Then run the checks again.";
    info.aws_error_code = "";
    info.fix = FixKind::Automatic;
    return info;
}

const CheckInfo& WinrmAutomaticCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult WinrmAutomaticCheck::run(CheckContext& context) { return run_start_type_rule(winrm_rule(), context.system.services()); }

std::optional<FixPlan> WinrmAutomaticCheck::plan_fix(CheckContext& context) {
    return plan_start_type_fix(winrm_rule(), context.system.services());
}

}  // namespace ic::checks
