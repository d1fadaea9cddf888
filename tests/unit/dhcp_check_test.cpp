#include <optional>

#include <gtest/gtest.h>

#include "test_support.h"
#include "windows/dhcp_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::NetworkAdapter;

NetworkAdapter adapter(std::string name, bool dhcp, std::vector<std::string> ipv4, bool up = true, bool loopback = false) {
    NetworkAdapter a;
    a.name = std::move(name);
    a.description = "Amazon Elastic Network Adapter";
    a.is_loopback = loopback;
    a.is_up = up;
    a.dhcp_enabled = dhcp;
    a.ipv4_addresses = std::move(ipv4);
    return a;
}

TEST(DhcpCheck, PassesWhenEveryAdapterWithIpv4UsesDhcp) {
    MemorySystem system;
    system.add_adapter(adapter("Ethernet 2", true, {"10.0.1.23/24"}));
    system.add_adapter(adapter("Ethernet 3", true, {"172.16.0.5/20"}));
    DhcpCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "all 2 adapters with IPv4 get the address from DHCP");
    const auto* line = test::find_evidence(result, "Adapter Ethernet 2");
    ASSERT_NE(line, nullptr);
    EXPECT_EQ(line->observed, "Amazon Elastic Network Adapter; up; IPv4 10.0.1.23/24; address from DHCP");
    EXPECT_EQ(line->expected, "address from DHCP");
}

TEST(DhcpCheck, FailsAndNamesEachAdapterWithAStaticAddress) {
    MemorySystem system;
    system.add_adapter(adapter("Ethernet 2", true, {"10.0.1.23/24"}));
    system.add_adapter(adapter("Ethernet 3", false, {"192.168.10.4/24", "192.168.10.5/24"}));
    DhcpCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "1 adapter uses a static IPv4 address: Ethernet 3");
    EXPECT_EQ(test::find_evidence(result, "Adapter Ethernet 3")->observed,
              "Amazon Elastic Network Adapter; up; IPv4 192.168.10.4/24, 192.168.10.5/24; static address");
    EXPECT_FALSE(result.fix.has_value()) << "a person must change adapter settings";
}

TEST(DhcpCheck, FailsForAnAdapterThatIsDownButKeepsAStaticAddress) {
    MemorySystem system;
    system.add_adapter(adapter("Ethernet 2", true, {"10.0.1.23/24"}));
    system.add_adapter(adapter("Backup LAN", false, {"192.168.50.2/24"}, /*up=*/false));
    DhcpCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed) << "the static setting goes into the image whether the adapter is up or not";
    EXPECT_EQ(test::find_evidence(result, "Adapter Backup LAN")->observed,
              "Amazon Elastic Network Adapter; down; IPv4 192.168.50.2/24; static address");
}

TEST(DhcpCheck, IgnoresLoopbackAndAdaptersWithoutIpv4ButListsThem) {
    MemorySystem system;
    system.add_adapter(adapter("Loopback Pseudo-Interface 1", false, {"127.0.0.1/8"}, true, /*loopback=*/true));
    system.add_adapter(adapter("Ethernet 5", false, {}, /*up=*/false));
    system.add_adapter(adapter("Ethernet 2", true, {"10.0.1.23/24"}));
    DhcpCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "all 1 adapter with IPv4 gets the address from DHCP");
    const auto* loopback = test::find_evidence(result, "Adapter Loopback Pseudo-Interface 1");
    ASSERT_NE(loopback, nullptr);
    EXPECT_EQ(loopback->expected, "") << "context only";
    EXPECT_NE(loopback->observed.find("loopback, not judged"), std::string::npos);
    EXPECT_EQ(test::find_evidence(result, "Adapter Ethernet 5")->observed, "Amazon Elastic Network Adapter; down; no IPv4 address; not judged");
}

TEST(DhcpCheck, PassesWhenNoAdapterHasIpv4) {
    MemorySystem system;
    DhcpCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "no network adapter of the machine has an IPv4 address, so none has a static one");
}

TEST(DhcpCheck, ErrorWhenAdaptersCannotBeListed) {
    MemorySystem system;
    system.fail_network(os::OsError{"GetAdaptersAddresses", 8, "Not enough memory resources are available to process this command."});
    DhcpCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_NE(result.summary.find("GetAdaptersAddresses failed with error 8"), std::string::npos) << result.summary;
}

TEST(DhcpCheck, JudgesAdaptersByIpv4AndDhcp) {
    struct Case {
        NetworkAdapter adapter;
        AdapterVerdict verdict;
    };
    const Case cases[] = {
        {adapter("a", true, {"10.0.0.1/24"}), AdapterVerdict::Dhcp},
        {adapter("b", false, {"10.0.0.1/24"}), AdapterVerdict::Static},
        {adapter("c", false, {"10.0.0.1/24"}, false), AdapterVerdict::Static},
        {adapter("d", true, {"10.0.0.1/24"}, false), AdapterVerdict::Dhcp},
        {adapter("e", false, {}), AdapterVerdict::NotJudged},
        {adapter("f", false, {"127.0.0.1/8"}, true, true), AdapterVerdict::NotJudged},
    };
    for (const auto& c : cases) EXPECT_EQ(judge_adapter(c.adapter), c.verdict) << c.adapter.name;
}

TEST(DhcpCheck, DescribesItselfForTheCatalogue) {
    const auto info = DhcpCheck::describe();
    EXPECT_EQ(info.id, "dhcp");
    EXPECT_EQ(info.aws_error_code, "InvalidIp");
    EXPECT_EQ(info.fix, FixKind::None);
}

// ---- VPN and virtual adapters (issue 8) ----

NetworkAdapter typed(std::string description, std::uint32_t interface_type, std::optional<bool> hardware) {
    NetworkAdapter a;
    a.name = description;
    a.description = std::move(description);
    a.interface_type = interface_type;
    a.hardware = hardware;
    a.is_up = true;
    a.dhcp_enabled = false;
    a.ipv4_addresses = {"10.8.0.2/24"};
    return a;
}

TEST(DhcpCheck, AdapterKindTable) {
    struct Case {
        NetworkAdapter adapter;
        AdapterKind kind;
    };
    const std::vector<Case> cases{
        {typed("Intel(R) Ethernet Connection", 6, true), AdapterKind::Machine},
        {typed("Intel(R) Wi-Fi 6 AX201", 71, true), AdapterKind::Machine},
        {typed("Amazon Elastic Network Adapter", 6, false), AdapterKind::Machine},  // AWS's NIC, whatever its driver says
        {typed("AWS PV Network Device #0", 6, std::nullopt), AdapterKind::Machine},
        {typed("Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64", 6, false), AdapterKind::Software},
        {typed("PANGP Virtual Ethernet Adapter", 6, false), AdapterKind::Software},
        {typed("WireGuard Tunnel", 53, false), AdapterKind::Virtual},
        {typed("Microsoft Teredo Tunneling Adapter", 131, false), AdapterKind::Tunnel},
        {typed("WAN Miniport (PPP)", 23, false), AdapterKind::Ppp},
        {typed("Software Loopback Interface 1", 24, false), AdapterKind::Loopback},
        // Older recordings know neither the type nor the flag: the description decides for known VPN clients.
        {typed("PANGP Virtual Ethernet Adapter", 0, std::nullopt), AdapterKind::Vpn},
        {typed("Realtek PCIe GbE Family Controller", 0, std::nullopt), AdapterKind::Machine},
    };
    for (const auto& c : cases) EXPECT_EQ(classify_adapter(c.adapter), c.kind) << c.adapter.description;
}

TEST(DhcpCheck, AConnectedVpnWithAStaticAddressIsListedNotJudged) {
    MemorySystem system;
    system.add_adapter(adapter("Ethernet 2", true, {"10.0.1.23/24"}));
    system.add_adapter(typed("Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64", 6, false));
    system.add_adapter(typed("WireGuard Tunnel", 53, false));
    DhcpCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed) << result.summary;
    EXPECT_EQ(result.summary, "all 1 adapter with IPv4 gets the address from DHCP");
    const auto* vpn = test::find_evidence(result, "Adapter Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64");
    ASSERT_NE(vpn, nullptr);
    EXPECT_NE(vpn->observed.find("VPN or software adapter (no hardware behind it), not judged"), std::string::npos) << vpn->observed;
    EXPECT_NE(test::find_evidence(result, "Adapter WireGuard Tunnel")->observed.find("WireGuard-style"), std::string::npos);
}

TEST(DhcpCheck, TheMachinesOwnStaticAdapterStillFailsBesideAVpn) {
    MemorySystem system;
    system.add_adapter(adapter("Ethernet 2", false, {"10.0.1.23/24"}));
    system.add_adapter(typed("PANGP Virtual Ethernet Adapter", 6, false));
    DhcpCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "1 adapter uses a static IPv4 address: Ethernet 2");
}

}  // namespace
}  // namespace ic::checks
