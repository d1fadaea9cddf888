#pragma once
#include <string>
#include <vector>

#include "imagechecker/check.h"

namespace ic::checks {

/// No service may log on with a domain account: such a service cannot run on the WorkSpaces launched
/// from the image and image creation refuses it (AWS: DomainAccountServicesFound). Local accounts are
/// recognised by the machine's DNS and NetBIOS names. The fix, on request only, switches each one to
/// Local System; the tool cannot undo it for a user account (the old password is needed), but can for a
/// managed service account (DOMAIN\name$), which has none.
class DomainServicesCheck : public Check {
public:
    static constexpr const char* kReplacementAccount = "LocalSystem";

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
    std::optional<FixPlan> plan_fix(CheckContext& context) override;
};

/// The services that log on with a domain account (managed service accounts included), in the order listed.
std::vector<os::ServiceInfo> services_with_domain_accounts(const std::vector<os::ServiceInfo>& services,
                                                           const std::string& machine_name);
/// As above, with every name this machine goes by (DNS host name and NetBIOS name).
std::vector<os::ServiceInfo> services_with_domain_accounts(const std::vector<os::ServiceInfo>& services,
                                                           const std::vector<std::string>& machine_names);

}  // namespace ic::checks
