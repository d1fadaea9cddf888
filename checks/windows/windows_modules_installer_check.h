#pragma once
#include "imagechecker/check.h"
#include "service_start_type_rule.h"

namespace ic::checks {

/// Windows Modules Installer (TrustedInstaller) must be installed and not Disabled: image creation
/// services Windows components with it (AWS: WindowsModulesInstallerDisabled).
class WindowsModulesInstallerCheck : public Check {
public:
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
    std::optional<FixPlan> plan_fix(CheckContext& context) override;
};

/// The service and the start types this check accepts.
StartTypeRule windows_modules_installer_rule();

}  // namespace ic::checks
