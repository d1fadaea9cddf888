#pragma once
#include "imagechecker/check.h"

namespace ic::checks {

/// Every network adapter with an IPv4 address must get it from DHCP; a static address is carried into
/// the image and breaks the WorkSpaces launched from it (AWS: InvalidIp).
class DhcpCheck : public Check {
public:
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

/// How the check treats one adapter.
enum class AdapterVerdict {
    NotJudged,  ///< loopback, or no IPv4 address: nothing DHCP could have given it
    Dhcp,       ///< IPv4 from DHCP
    Static,     ///< IPv4 configured by hand — the failure, whether the adapter is up or down
};
AdapterVerdict judge_adapter(const os::NetworkAdapter& adapter);

}  // namespace ic::checks
