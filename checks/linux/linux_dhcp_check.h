#pragma once
#include <string>
#include <vector>

#include "imagechecker/check.h"
#include "linux_parsers.h"

namespace ic::checks {

/// Where each network configuration system keeps its files, and how to read one of them.
struct NetworkConfigSource {
    std::string system;            ///< "netplan", "NetworkManager", "ifcfg", "systemd-networkd", "ifupdown"
    std::string folder;            ///< the folder listed ("" for a single file)
    std::string pattern;           ///< file names read in the folder ("*.yaml"), or the single file's path
    NetworkFile (*parse)(const std::string&);
};
const std::vector<NetworkConfigSource>& network_config_sources();

/// Configuration files WorkSpaces writes itself and image creation removes; never judged.
bool removed_by_image_creation(const std::string& path);

/// dhcp on Linux: no network configuration of the machine's own interfaces sets a static IPv4 address.
/// Registered with DhcpCheck's id and metadata.
class LinuxDhcpCheck : public Check {
public:
    static PlatformWording wording();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

}  // namespace ic::checks
