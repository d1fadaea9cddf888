#include "remote_desktop_services_check.h"

namespace ic::checks {

StartTypeRule remote_desktop_services_rule() {
    return {"TermService", "Remote Desktop Services", {os::ServiceStartType::Automatic, os::ServiceStartType::Manual},
            os::ServiceStartType::Manual};
}

CheckInfo RemoteDesktopServicesCheck::describe() {
    CheckInfo info;
    info.id = "remote-desktop-services";
    info.title = "Remote Desktop Services is enabled";
    info.category = "Services";
    info.platforms = kWindows;
    info.rationale =
        "Image creation and every WorkSpace launched from the image rely on Remote Desktop Services (service TermService). "
        "When the service is disabled, image creation stops with an error.";
    info.resolution =
        "Open services.msc, find \"Remote Desktop Services\", open its properties and set the startup type to Manual or "
        "Automatic, then choose OK. If the service is not listed at all, Windows is damaged: repair it or start again from "
        "a fresh WorkSpace. Then run the checks again.";
    info.aws_error_code = "RemoteDesktopServicesDisabled";
    info.fix = FixKind::Automatic;
    return info;
}

const CheckInfo& RemoteDesktopServicesCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult RemoteDesktopServicesCheck::run(CheckContext& context) {
    return run_start_type_rule(remote_desktop_services_rule(), context.system.services());
}

std::optional<FixPlan> RemoteDesktopServicesCheck::plan_fix(CheckContext& context) {
    return plan_start_type_fix(remote_desktop_services_rule(), context.system.services());
}

}  // namespace ic::checks
