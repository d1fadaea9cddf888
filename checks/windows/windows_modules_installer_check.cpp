#include "windows_modules_installer_check.h"

namespace ic::checks {

StartTypeRule windows_modules_installer_rule() {
    return {"TrustedInstaller", "Windows Modules Installer", {os::ServiceStartType::Automatic, os::ServiceStartType::Manual},
            os::ServiceStartType::Manual};
}

CheckInfo WindowsModulesInstallerCheck::describe() {
    CheckInfo info;
    info.id = "windows-modules-installer";
    info.title = "Windows Modules Installer is enabled";
    info.category = "Services";
    info.platforms = kWindows;
    info.rationale =
        "Windows Modules Installer (service TrustedInstaller) installs and removes Windows components and updates. Image "
        "creation refuses a WorkSpace on which it is disabled, because preparing the system for capture depends on it.";
    info.resolution =
        "Open services.msc, find \"Windows Modules Installer\", open its properties and set the startup type to Manual "
        "(the Windows default) or Automatic, then choose OK. If the service is not listed at all, Windows is damaged: repair "
        "it or start again from a fresh WorkSpace. Then run the checks again.";
    info.aws_error_code = "WindowsModulesInstallerDisabled";
    info.fix = FixKind::Automatic;
    return info;
}

const CheckInfo& WindowsModulesInstallerCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult WindowsModulesInstallerCheck::run(CheckContext& context) {
    return run_start_type_rule(windows_modules_installer_rule(), context.system.services());
}

std::optional<FixPlan> WindowsModulesInstallerCheck::plan_fix(CheckContext& context) {
    return plan_start_type_fix(windows_modules_installer_rule(), context.system.services());
}

}  // namespace ic::checks
