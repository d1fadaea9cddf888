#include "dhcp_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "windows_facts.h"

namespace ic::checks {

namespace {

std::string adapter_name(const os::NetworkAdapter& adapter) {
    return adapter.name.empty() ? (adapter.description.empty() ? std::string("(unnamed adapter)") : adapter.description) : adapter.name;
}

// "Amazon Elastic Network Adapter; up; IPv4 10.0.1.23/24, 10.0.1.24/24; DHCP"
std::string describe_adapter(const os::NetworkAdapter& adapter, AdapterVerdict verdict) {
    std::string text = adapter.description.empty() ? std::string() : adapter.description + "; ";
    text += adapter.is_up ? "up" : "down";
    text += adapter.ipv4_addresses.empty() ? "; no IPv4 address" : fmt::format("; IPv4 {}", fmt::join(adapter.ipv4_addresses, ", "));
    switch (verdict) {
        case AdapterVerdict::NotJudged: {
            const AdapterKind kind = classify_adapter(adapter);
            text += kind == AdapterKind::Machine ? "; not judged" : "; " + to_string(kind) + ", not judged";
            break;
        }
        case AdapterVerdict::Dhcp: text += "; address from DHCP"; break;
        case AdapterVerdict::Static: text += "; static address"; break;
    }
    return text;
}

}  // namespace

namespace {

// IANA interface types (ifType) that are never a machine's own network card.
constexpr std::uint32_t kIfTypePpp = 23;
constexpr std::uint32_t kIfTypeLoopback = 24;
constexpr std::uint32_t kIfTypePropVirtual = 53;
constexpr std::uint32_t kIfTypeTunnel = 131;

bool described_as_any(const std::string& description, std::initializer_list<const char*> words) {
    const std::string folded = fold_case(description);
    for (const char* word : words)
        if (folded.find(word) != std::string::npos) return true;
    return false;
}

// AWS's own virtual network cards: the machine's adapters on a WorkSpace, whatever flag their driver sets.
bool is_aws_adapter(const std::string& description) {
    return described_as_any(description, {"elastic network adapter", "aws pv network", "xen net", "xennet"});
}

// Adapters VPN clients install; used only when the hardware flag is not known (older recordings).
bool is_vpn_adapter(const std::string& description) {
    return described_as_any(description, {"anyconnect", "globalprotect", "pangp", "wireguard", "wintun", "tap-windows", "openvpn",
                                          "fortinet", "forticlient", "juniper", "pulse secure", "zscaler", "vpn"});
}

}  // namespace

AdapterKind classify_adapter(const os::NetworkAdapter& adapter) {
    if (adapter.is_loopback || adapter.interface_type == kIfTypeLoopback) return AdapterKind::Loopback;
    if (adapter.interface_type == kIfTypeTunnel) return AdapterKind::Tunnel;
    if (adapter.interface_type == kIfTypePpp) return AdapterKind::Ppp;
    if (adapter.interface_type == kIfTypePropVirtual) return AdapterKind::Virtual;
    if (is_aws_adapter(adapter.description)) return AdapterKind::Machine;
    if (adapter.hardware) return *adapter.hardware ? AdapterKind::Machine : AdapterKind::Software;
    return is_vpn_adapter(adapter.description) ? AdapterKind::Vpn : AdapterKind::Machine;
}

std::string to_string(AdapterKind kind) {
    switch (kind) {
        case AdapterKind::Machine: return "the machine's own adapter";
        case AdapterKind::Loopback: return "loopback";
        case AdapterKind::Tunnel: return "tunnel";
        case AdapterKind::Ppp: return "PPP (dial-up or VPN)";
        case AdapterKind::Virtual: return "virtual adapter of a program (WireGuard-style)";
        case AdapterKind::Software: return "VPN or software adapter (no hardware behind it)";
        case AdapterKind::Vpn: return "VPN client's adapter (by its description)";
    }
    return "unknown";
}

AdapterVerdict judge_adapter(const os::NetworkAdapter& adapter) {
    if (classify_adapter(adapter) != AdapterKind::Machine || adapter.ipv4_addresses.empty()) return AdapterVerdict::NotJudged;
    return adapter.dhcp_enabled ? AdapterVerdict::Dhcp : AdapterVerdict::Static;
}

CheckInfo DhcpCheck::describe() {
    CheckInfo info;
    info.id = "dhcp";
    info.title = "Every network adapter gets its IPv4 address from DHCP";
    info.category = "Network";
    info.platforms = kWindows;
    info.rationale =
        "Each WorkSpace launched from the image receives its own address on its own network. An address typed into the "
        "adapter settings is copied into the image and would clash or be unreachable there, so image creation refuses a "
        "WorkSpace whose adapters do not use DHCP.";
    info.resolution =
        "For each adapter listed: open Control Panel > Network and Internet > Network and Sharing Center > Change adapter "
        "settings, open the adapter's properties, select Internet Protocol Version 4 (TCP/IPv4), choose Properties and "
        "select \"Obtain an IP address automatically\", then choose OK. Then run the checks again.";
    info.aws_error_code = "InvalidIp";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& DhcpCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult DhcpCheck::run(CheckContext& context) {
    auto adapters = context.system.network().adapters();
    if (!adapters) return CheckResult::error("could not list the network adapters: " + adapters.error().describe());

    std::vector<std::string> static_names;
    std::size_t judged = 0;
    for (const auto& adapter : adapters.value()) {
        const auto verdict = judge_adapter(adapter);
        if (verdict != AdapterVerdict::NotJudged) ++judged;
        if (verdict == AdapterVerdict::Static) static_names.push_back(adapter_name(adapter));
    }

    CheckResult result;
    if (!static_names.empty()) {
        result = CheckResult::failed(fmt::format("{} adapter{} use{} a static IPv4 address: {}", static_names.size(),
                                                 static_names.size() == 1 ? "" : "s", static_names.size() == 1 ? "s" : "",
                                                 fmt::join(static_names, ", ")));
    } else if (judged == 0) {
        result = CheckResult::passed("no network adapter of the machine has an IPv4 address, so none has a static one");
    } else {
        result = CheckResult::passed(fmt::format("all {} adapter{} with IPv4 get{} the address from DHCP", judged, judged == 1 ? "" : "s",
                                                 judged == 1 ? "s" : ""));
    }
    for (const auto& adapter : adapters.value()) {
        const auto verdict = judge_adapter(adapter);
        result.with("Adapter " + adapter_name(adapter), describe_adapter(adapter, verdict),
                    verdict == AdapterVerdict::NotJudged ? "" : "address from DHCP");
    }
    return result;
}

}  // namespace ic::checks
