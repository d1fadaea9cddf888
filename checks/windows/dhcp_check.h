#pragma once
#include <string>

#include "imagechecker/check.h"

namespace ic::checks {

/// Every network adapter of the machine with an IPv4 address must get it from DHCP; a static address is
/// carried into the image and breaks the WorkSpaces launched from it (AWS: InvalidIp). Adapters that
/// VPN clients and other software add hold their own addresses while connected and are listed, not judged.
class DhcpCheck : public Check {
public:
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

/// What an adapter is, as far as imaging cares: the machine's own (judged) or one added by software.
enum class AdapterKind {
    Machine,   ///< a hardware adapter (Ethernet, ENA, Wi-Fi) — judged
    Loopback,  ///< the software loopback
    Tunnel,    ///< interface type 131 (IPv6 transition tunnels, some VPNs)
    Ppp,       ///< interface type 23 (dial-up and PPP-based VPNs)
    Virtual,   ///< interface type 53 (proprietary virtual: WireGuard, Wintun)
    Software,  ///< no hardware behind it (VPN virtual adapters such as AnyConnect's or GlobalProtect's, virtual switches)
    Vpn,       ///< described as a known VPN client's adapter (when the hardware flag is not known)
};
/// Decides from the interface type, the hardware flag and, for AWS's own virtual NICs and when the flag
/// is unknown, the description. Pure; table-tested.
AdapterKind classify_adapter(const os::NetworkAdapter& adapter);
/// "tunnel", "VPN or software adapter (no hardware behind it)", ...
std::string to_string(AdapterKind kind);

/// How the check treats one adapter.
enum class AdapterVerdict {
    NotJudged,  ///< not the machine's own adapter, loopback, or no IPv4 address: nothing DHCP could have given it
    Dhcp,       ///< IPv4 from DHCP
    Static,     ///< IPv4 configured by hand — the failure, whether the adapter is up or down
};
AdapterVerdict judge_adapter(const os::NetworkAdapter& adapter);

}  // namespace ic::checks
