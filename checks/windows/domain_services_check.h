#pragma once
#include <string>
#include <vector>

#include "imagechecker/check.h"

namespace ic::checks {

/// No service may log on with a domain account: such a service cannot run on the WorkSpaces launched
/// from the image and image creation refuses it (AWS: DomainAccountServicesFound). The fix, on request
/// only, switches each one to Local System; it cannot be undone by the tool (the old password is needed).
class DomainServicesCheck : public Check {
public:
    static constexpr const char* kReplacementAccount = "LocalSystem";

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
    std::optional<FixPlan> plan_fix(CheckContext& context) override;
};

/// The services that log on with a domain account, in the order listed.
std::vector<os::ServiceInfo> services_with_domain_accounts(const std::vector<os::ServiceInfo>& services,
                                                           const std::string& machine_name);

}  // namespace ic::checks
