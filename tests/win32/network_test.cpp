// NetworkProbe against the real adapters. Wine maps the host's interfaces one to one: "lo" (software
// loopback, 127.0.0.1/8) and each Linux interface by its Linux name, none with DHCP, because Wine
// does not know how the host got its addresses.

// <winsock2.h> before <windows.h> (through gtest and test_support.h): iphlpapi needs its types.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <vector>

#include "imagechecker/os/system.h"
#include "test_support.h"
#include "win32_util.h"

namespace ic::os::win32 {
namespace {

using testing::succeeded;

class NetworkProbeTest : public ::testing::Test {
protected:
    NetworkProbe& network() { return system_->network(); }
    std::unique_ptr<System> system_ = make_native_system();
};

// "a.b.c.d/n" with every number in range.
bool is_ipv4_with_prefix(const std::string& text) {
    std::vector<unsigned> numbers(1, 0);
    std::size_t digits = 0;
    for (const char c : text) {
        const bool separator = c == (numbers.size() < 4 ? '.' : '/');
        if (separator && digits > 0 && numbers.size() < 5) {
            numbers.push_back(0);
            digits = 0;
        } else if (c >= '0' && c <= '9' && digits < 3) {
            numbers.back() = numbers.back() * 10 + static_cast<unsigned>(c - '0');
            ++digits;
        } else {
            return false;
        }
    }
    return numbers.size() == 5 && digits > 0 && numbers[0] < 256 && numbers[1] < 256 && numbers[2] < 256 &&
           numbers[3] < 256 && numbers[4] <= 32;
}

TEST(Ipv4WithPrefix, TheTestsOwnParserAcceptsOnlyTheFormat) {
    EXPECT_TRUE(is_ipv4_with_prefix("10.0.1.23/24"));
    EXPECT_TRUE(is_ipv4_with_prefix("127.0.0.1/8"));
    for (const char* bad : {"10.0.1.23", "10.0.1/24", "256.0.0.1/8", "1.2.3.4/33", "1.2.3.4/", "1..2.3/4", "a.b.c.d/1"}) {
        EXPECT_FALSE(is_ipv4_with_prefix(bad)) << bad;
    }
}

std::string describe(const NetworkAdapter& adapter) {
    std::string text = adapter.name + " [" + adapter.description + "]" + (adapter.is_loopback ? " loopback" : "") +
                       (adapter.is_up ? " up" : " down") + (adapter.dhcp_enabled ? " dhcp" : " static");
    for (const std::string& address : adapter.ipv4_addresses) text += " " + address;
    return text;
}

TEST_F(NetworkProbeTest, LoopbackIsListedUpAndFlaggedWith127001) {
    const auto adapters = network().adapters();
    ASSERT_TRUE(succeeded(adapters));
    ASSERT_FALSE(adapters.value().empty());
    std::string seen;
    for (const NetworkAdapter& adapter : adapters.value()) seen += describe(adapter) + "\n";
    ::testing::Test::RecordProperty("adapters", seen);
    std::cout << "adapters:\n" << seen;

    const auto loopback = std::find_if(adapters.value().begin(), adapters.value().end(),
                                       [](const NetworkAdapter& adapter) { return adapter.is_loopback; });
    ASSERT_NE(loopback, adapters.value().end()) << seen;
    EXPECT_TRUE(loopback->is_up);
    EXPECT_FALSE(loopback->dhcp_enabled);
    EXPECT_NE(std::find(loopback->ipv4_addresses.begin(), loopback->ipv4_addresses.end(), "127.0.0.1/8"),
              loopback->ipv4_addresses.end())
        << describe(*loopback);
}

TEST_F(NetworkProbeTest, EveryAdapterHasANameAndWellFormedIpv4Addresses) {
    const auto adapters = network().adapters();
    ASSERT_TRUE(succeeded(adapters));
    for (const NetworkAdapter& adapter : adapters.value()) {
        SCOPED_TRACE(describe(adapter));
        EXPECT_FALSE(adapter.name.empty());
        for (const std::string& address : adapter.ipv4_addresses) EXPECT_TRUE(is_ipv4_with_prefix(address)) << address;
    }
}

TEST_F(NetworkProbeTest, EveryAdapterHasItsInterfaceTypeAndLoopbackIsNoHardware) {
    const auto adapters = network().adapters();
    ASSERT_TRUE(succeeded(adapters));
    for (const NetworkAdapter& adapter : adapters.value()) {
        SCOPED_TRACE(describe(adapter));
        EXPECT_NE(adapter.interface_type, 0U) << "GetAdaptersAddresses always gives IfType";
        ::testing::Test::RecordProperty(adapter.name + " type", std::to_string(adapter.interface_type) + " hardware " +
                                                                 (adapter.hardware ? (*adapter.hardware ? "yes" : "no") : "unknown"));
        if (adapter.is_loopback) {
            EXPECT_EQ(adapter.interface_type, 24U);
            if (adapter.hardware) {
                EXPECT_FALSE(*adapter.hardware) << "no device is behind the loopback";
            }
        }
    }
}

TEST_F(NetworkProbeTest, AdaptersAreTheOnesGetAdaptersAddressesLists) {
    ULONG size = 64 * 1024;
    StructBuffer buffer(size);
    ASSERT_EQ(GetAdaptersAddresses(AF_UNSPEC, 0, nullptr, buffer.as<IP_ADAPTER_ADDRESSES>(), &size),
              static_cast<ULONG>(NO_ERROR));
    std::vector<std::string> expected;
    for (auto* native = buffer.as<IP_ADAPTER_ADDRESSES>(); native != nullptr; native = native->Next) {
        expected.push_back(to_utf8(native->FriendlyName));
    }
    const auto adapters = network().adapters();
    ASSERT_TRUE(succeeded(adapters));
    std::vector<std::string> listed;
    for (const NetworkAdapter& adapter : adapters.value()) listed.push_back(adapter.name);
    EXPECT_EQ(listed, expected);
}

}  // namespace
}  // namespace ic::os::win32
