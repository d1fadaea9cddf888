#include "linux_dhcp_check.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "linux_system_facts.h"

namespace ic::checks {

const std::vector<NetworkConfigSource>& network_config_sources() {
    static const std::vector<NetworkConfigSource> kSources{
        {"netplan", "/etc/netplan", "*.yaml", &parse_netplan},
        {"netplan", "/lib/netplan", "*.yaml", &parse_netplan},
        {"NetworkManager", "/etc/NetworkManager/system-connections", "*", &parse_nm_keyfile},
        {"ifcfg", "/etc/sysconfig/network-scripts", "ifcfg-*", &parse_ifcfg},
        {"systemd-networkd", "/etc/systemd/network", "*.network", &parse_networkd},
        {"ifupdown", "", "/etc/network/interfaces", &parse_ifupdown},
        {"ifupdown", "/etc/network/interfaces.d", "*", &parse_ifupdown},
    };
    return kSources;
}

bool removed_by_image_creation(const std::string& path) {
    return path == "/etc/netplan/zz-workspaces-domain.yaml" || path == "/etc/netplan/yy-workspaces-base.yaml" ||
           path == "/etc/network/interfaces.d/50-cloud-init.cfg";
}

PlatformWording LinuxDhcpCheck::wording() {
    PlatformWording w;
    w.platform = kLinux;
    w.title = "Every network interface gets its IPv4 address from DHCP";
    w.rationale =
        "A WorkSpace launched from the image gets its own address in its own subnet. An address written into the "
        "image's network configuration would be copied to every WorkSpace made from it, which then cannot reach the "
        "network (AWS's best practice: switch to DHCP before creating the image).";
    w.resolution =
        "Change the named file so the interface uses DHCP: netplan 'dhcp4: true' and no 'addresses' (then sudo netplan "
        "apply); NetworkManager 'nmcli connection modify <name> ipv4.method auto ipv4.addresses \"\"'; ifcfg "
        "BOOTPROTO=dhcp without IPADDR; systemd-networkd DHCP=yes without Address=; ifupdown 'iface <if> inet dhcp'.";
    w.replaces_aws_error_code = true;  // InvalidIp is reported for Windows images
    return w;
}

const CheckInfo& LinuxDhcpCheck::info() const {
    static const CheckInfo kInfo = [] {
        CheckInfo i;
        i.id = "dhcp";
        i.title = wording().title;
        i.platforms = kLinux;
        return i;
    }();
    return kInfo;
}

CheckResult LinuxDhcpCheck::run(CheckContext& context) {
    os::TreeProbe& tree = context.system.tree();
    std::vector<Evidence> evidence;
    std::vector<std::string> statics;
    std::vector<std::string> unreadable;
    std::size_t files_read = 0;

    auto judge = [&](const NetworkConfigSource& source, const std::string& path) {
        if (removed_by_image_creation(path)) {
            evidence.push_back({path, "written by WorkSpaces and removed by image creation: not judged", ""});
            return;
        }
        const TextRead read = read_tree_text(tree, path);
        if (!read.error.empty()) {
            unreadable.push_back(path + ": " + read.error);
            evidence.push_back({path, "could not be read: " + read.error, "DHCP"});
            return;
        }
        if (!read.text) return;
        ++files_read;
        const NetworkFile file = source.parse(*read.text);
        for (const auto& problem : file.problems) evidence.push_back({path, "not fully understood: " + problem, ""});
        if (!file.problems.empty() && file.interfaces.empty())
            unreadable.push_back(path + ": its " + source.system + " configuration could not be read");
        for (const auto& i : file.interfaces) {
            const std::string item = fmt::format("{} ({}, {})", path, source.system, i.source);
            if (i.loopback) {
                evidence.push_back({item, i.interface + ": loopback, tunnel or VPN, not judged", ""});
            } else if (i.is_static()) {
                statics.push_back(fmt::format("{} {} in {}", i.interface, fmt::join(i.static_addresses, ", "), path));
                evidence.push_back({item, fmt::format("{}: static address {}", i.interface, fmt::join(i.static_addresses, ", ")), "DHCP"});
            } else if (i.dhcp4 == true) {
                evidence.push_back({item, i.interface + ": DHCP", "DHCP"});
            } else {
                evidence.push_back({item, i.interface + ": no IPv4 address configured here", "DHCP"});
            }
        }
    };

    for (const auto& source : network_config_sources()) {
        if (source.folder.empty()) {
            judge(source, source.pattern);
            continue;
        }
        const ListRead list = list_tree(tree, source.folder);
        if (!list.error.empty()) {
            unreadable.push_back(source.folder + ": " + list.error);
            evidence.push_back({source.folder, "could not be listed: " + list.error, ""});
            continue;
        }
        for (const auto& e : list.entries)
            if (e.kind != os::TreeEntryKind::Directory && glob_match(source.pattern, e.name)) judge(source, join_path(source.folder, e.name));
    }
    if (files_read == 0) evidence.push_back({"network configuration", "no netplan, NetworkManager, ifcfg, systemd-networkd or ifupdown file names an interface", ""});

    // The interfaces the running kernel has (only visible when the tree shows /sys).
    const ListRead live = list_tree(tree, "/sys/class/net");
    std::vector<std::string> names;
    for (const auto& e : live.entries) names.push_back(e.name);
    evidence.push_back({"interfaces of the running system", live.exists ? fmt::format("{}", fmt::join(names, ", "))
                                                                         : "not visible (no /sys/class/net: a system that is not running)",
                        ""});

    CheckResult result;
    if (!statics.empty()) {
        result = CheckResult::failed(fmt::format("static IPv4 address{}: {}", statics.size() == 1 ? "" : "es", fmt::join(statics, "; ")));
    } else if (!unreadable.empty()) {
        result = CheckResult::error(fmt::format("could not read {}", fmt::join(unreadable, "; ")));
    } else {
        result = CheckResult::passed(files_read == 0 ? "no network configuration sets a static IPv4 address (none was found)"
                                                     : "no network configuration sets a static IPv4 address");
    }
    result.evidence = std::move(evidence);
    return result;
}

}  // namespace ic::checks
