// <winsock2.h> must come before <windows.h> (win32_util.h): iphlpapi's structures use its socket types.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>

#include "win32_system.h"
#include "win32_util.h"

namespace ic::os::win32 {

namespace {

// Enough for a dozen adapters, so the usual machine needs one call. GetAdaptersAddresses says how
// much more it needs; adapters can appear between calls, hence a few attempts.
constexpr ULONG kInitialBufferBytes = 16 * 1024;
constexpr int kMaxAttempts = 4;

// Anycast, multicast and DNS server lists are not needed, and skipping them makes the call cheaper.
constexpr ULONG kFlags = GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER;

// "10.0.1.23/24". Formatted by hand from the four bytes, which needs neither WSAStartup nor ws2_32.
std::string ipv4_with_prefix(const sockaddr_in& address, unsigned prefix_length) {
    const auto& bytes = address.sin_addr.S_un.S_un_b;
    return std::to_string(bytes.s_b1) + "." + std::to_string(bytes.s_b2) + "." + std::to_string(bytes.s_b3) + "." +
           std::to_string(bytes.s_b4) + "/" + std::to_string(prefix_length);
}

NetworkAdapter adapter_from(const IP_ADAPTER_ADDRESSES& native) {
    NetworkAdapter adapter;
    adapter.name = to_utf8(native.FriendlyName);
    adapter.description = to_utf8(native.Description);
    adapter.is_loopback = native.IfType == IF_TYPE_SOFTWARE_LOOPBACK;
    adapter.interface_type = native.IfType;
    // Whether a device is behind the adapter: VPN clients (AnyConnect, GlobalProtect), virtual switches
    // and tunnels register adapters without one. Unknown when the interface row cannot be read.
    MIB_IF_ROW2 row{};
    row.InterfaceLuid = native.Luid;
    if (GetIfEntry2(&row) == NO_ERROR) adapter.hardware = row.InterfaceAndOperStatusFlags.HardwareInterface != 0;
    adapter.is_up = native.OperStatus == IfOperStatusUp;
    // The flag is the same bit as the Dhcpv4Enabled field, and older headers only know the flag.
    adapter.dhcp_enabled = (native.Flags & IP_ADAPTER_DHCP_ENABLED) != 0;
    for (const IP_ADAPTER_UNICAST_ADDRESS* unicast = native.FirstUnicastAddress; unicast != nullptr;
         unicast = unicast->Next) {
        const SOCKET_ADDRESS& address = unicast->Address;
        if (address.lpSockaddr == nullptr || address.lpSockaddr->sa_family != AF_INET ||
            address.iSockaddrLength < static_cast<INT>(sizeof(sockaddr_in))) {
            continue;
        }
        adapter.ipv4_addresses.push_back(
            ipv4_with_prefix(*reinterpret_cast<const sockaddr_in*>(address.lpSockaddr), unicast->OnLinkPrefixLength));
    }
    return adapter;
}

}  // namespace

Result<std::vector<NetworkAdapter>> Win32NetworkProbe::adapters() {
    ULONG size = kInitialBufferBytes;
    StructBuffer buffer(size);
    ULONG status = ERROR_BUFFER_OVERFLOW;
    for (int attempt = 0; attempt < kMaxAttempts && status == ERROR_BUFFER_OVERFLOW; ++attempt) {
        if (size > buffer.size()) buffer = StructBuffer(size);
        size = buffer.size();
        // AF_UNSPEC lists adapters that have only IPv6 too, so none is missing from the evidence.
        status = GetAdaptersAddresses(AF_UNSPEC, kFlags, nullptr, buffer.as<IP_ADAPTER_ADDRESSES>(), &size);
    }
    std::vector<NetworkAdapter> adapters;
    if (status == ERROR_NO_DATA) return adapters;  // no adapter at all
    if (status != NO_ERROR) return os_error("GetAdaptersAddresses", status);
    for (const IP_ADAPTER_ADDRESSES* native = buffer.as<IP_ADAPTER_ADDRESSES>(); native != nullptr;
         native = native->Next) {
        adapters.push_back(adapter_from(*native));
    }
    return adapters;
}

}  // namespace ic::os::win32
