#include "windows_facts.h"

#include <algorithm>
#include <cctype>

namespace ic::checks {

namespace {

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

}  // namespace

std::string fold_case(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool iequals(const std::string& a, const std::string& b) { return a.size() == b.size() && upper(a) == upper(b); }

std::string bare_user_name(const std::string& account) {
    if (const auto slash = account.rfind('\\'); slash != std::string::npos) return account.substr(slash + 1);
    if (const auto at = account.find('@'); at != std::string::npos) return account.substr(0, at);
    return account;
}

std::string expected_profile_path(const std::string& account) { return "D:\\Users\\" + bare_user_name(account); }

ServiceAccountKind classify_service_account(const std::string& account, const std::string& machine_name) {
    return classify_service_account(account, std::vector<std::string>{machine_name});
}

bool is_domain_account(ServiceAccountKind kind) {
    return kind == ServiceAccountKind::DomainUser || kind == ServiceAccountKind::ManagedServiceAccount;
}

std::string netbios_name_from_host_name(const std::string& host_name) {
    return upper(host_name.substr(0, host_name.find('.')).substr(0, 15));
}

ServiceAccountKind classify_service_account(const std::string& account, const std::vector<std::string>& machine_names) {
    const std::string name = upper(account);
    if (name.empty()) return ServiceAccountKind::Unknown;
    if (name == "LOCALSYSTEM" || name == ".\\LOCALSYSTEM" || name == "NT AUTHORITY\\SYSTEM" || name == "SYSTEM")
        return ServiceAccountKind::LocalSystem;
    if (name == "NT AUTHORITY\\LOCALSERVICE" || name == "NT AUTHORITY\\LOCAL SERVICE") return ServiceAccountKind::LocalService;
    if (name == "NT AUTHORITY\\NETWORKSERVICE" || name == "NT AUTHORITY\\NETWORK SERVICE") return ServiceAccountKind::NetworkService;
    if (name.rfind("NT SERVICE\\", 0) == 0) return ServiceAccountKind::VirtualAccount;
    if (const auto at = name.find('@'); at != std::string::npos)
        return at > 1 && name[at - 1] == '$' ? ServiceAccountKind::ManagedServiceAccount : ServiceAccountKind::DomainUser;
    const auto slash = name.find('\\');
    if (slash == std::string::npos) return ServiceAccountKind::LocalUser;  // a bare name resolves on this machine first
    const std::string domain = name.substr(0, slash);
    if (domain == ".") return ServiceAccountKind::LocalUser;
    for (const auto& machine_name : machine_names)
        if (!machine_name.empty() && domain == upper(machine_name)) return ServiceAccountKind::LocalUser;
    if (domain == "NT AUTHORITY" || domain == "BUILTIN") return ServiceAccountKind::LocalUser;
    if (name.size() > slash + 2 && name.back() == '$') return ServiceAccountKind::ManagedServiceAccount;
    return ServiceAccountKind::DomainUser;
}

std::string to_string(ServiceAccountKind kind) {
    switch (kind) {
        case ServiceAccountKind::LocalSystem: return "Local System";
        case ServiceAccountKind::LocalService: return "Local Service";
        case ServiceAccountKind::NetworkService: return "Network Service";
        case ServiceAccountKind::VirtualAccount: return "virtual service account";
        case ServiceAccountKind::LocalUser: return "local account";
        case ServiceAccountKind::DomainUser: return "domain account";
        case ServiceAccountKind::ManagedServiceAccount: return "managed service account (domain)";
        case ServiceAccountKind::Unknown: return "unknown account";
    }
    return "unknown account";
}

unsigned build_number(const os::OsFacts& os) {
    unsigned value = 0;
    for (char c : os.build) {
        if (c < '0' || c > '9') return 0;
        value = value * 10 + static_cast<unsigned>(c - '0');
        if (value > 10'000'000) return 0;
    }
    return value;
}

bool istarts_with(const std::string& text, const std::string& prefix) {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

std::string normalize_windows_path(const std::string& path) {
    // Spaces, tabs and quotes go from the front; those and backslashes from the end, all of them, so
    // that normalising twice gives the same text ("\"C:\\Windows \\\"" loses its quote, backslash and
    // the space before it; found by fuzzing). One pass each way: linear in the path.
    const auto first = path.find_first_not_of(" \t\"");
    if (first == std::string::npos) return {};
    const auto last = path.find_last_not_of(" \t\"\\");
    if (last == std::string::npos || last < first) return {};
    return path.substr(first, last - first + 1);
}

bool same_windows_path(const std::string& a, const std::string& b) {
    return iequals(normalize_windows_path(a), normalize_windows_path(b));
}

std::string registry_value_text(const std::optional<os::RegistryValue>& value) {
    if (!value) return "(absent)";
    const std::string shown = value->display();
    return os::to_string(value->type) + " " + (shown.empty() ? "(empty)" : shown);
}

std::optional<std::uint64_t> parse_unsigned(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return std::nullopt;
    const auto last = text.find_last_not_of(" \t");
    std::uint64_t value = 0;
    for (std::size_t i = first; i <= last; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return std::nullopt;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

bool is_windows_7(const os::OsFacts& os) {
    return os.family == os::OsFamily::Windows && (os.version == "6.1" || upper(os.product_name).find("WINDOWS 7") != std::string::npos);
}

bool is_windows_11(const os::OsFacts& os) { return os.family == os::OsFamily::Windows && build_number(os) >= 22000; }

bool is_server(const os::OsFacts& os) {
    return upper(os.edition).find("SERVER") != std::string::npos || upper(os.product_name).find("SERVER") != std::string::npos;
}

}  // namespace ic::checks
