#pragma once
#include "imagechecker/check.h"

namespace ic::checks {

/// Windows must have rearms left: image creation generalizes the system with Sysprep, which uses one
/// (AWS: InsufficientRearmCount). Read from WMI SoftwareLicensingService.RemainingWindowsReArmCount.
class RearmCountCheck : public Check {
public:
    static constexpr const char* kNamespace = "root\\CIMV2";
    static constexpr const char* kQuery = "SELECT RemainingWindowsReArmCount FROM SoftwareLicensingService";
    static constexpr const char* kProperty = "RemainingWindowsReArmCount";

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

}  // namespace ic::checks
