#define SECURITY_WIN32  // secext.h (GetUserNameExW) asks which security interface is meant
#include <windows.h>
#include <dsgetdc.h>
#include <lm.h>
#include <sddl.h>
#include <secext.h>
#include <wtsapi32.h>

#include <algorithm>

#include "win32_system.h"
#include "win32_util.h"

namespace ic::os::win32 {

namespace {

// ---- Version ----

constexpr const char* kCurrentVersionKey = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";

// RtlGetVersion reports the true version; GetVersionExW lies to programs without a compatibility
// manifest. It is exported by ntdll but not declared in user-mode headers, hence GetProcAddress.
using RtlGetVersionFunction = LONG(WINAPI*)(RTL_OSVERSIONINFOW*);

Result<RTL_OSVERSIONINFOW> true_version() {
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    if (ntdll == nullptr) return last_os_error("GetModuleHandleW");
    const FARPROC address = GetProcAddress(ntdll, "RtlGetVersion");
    if (address == nullptr) return last_os_error("GetProcAddress");
    // Through void(*)() so the compiler accepts the cast between unrelated function types.
    const auto rtl_get_version = reinterpret_cast<RtlGetVersionFunction>(reinterpret_cast<void (*)()>(address));

    RTL_OSVERSIONINFOW info{};
    info.dwOSVersionInfoSize = sizeof info;
    const LONG status = rtl_get_version(&info);
    if (status != 0) return OsError{"RtlGetVersion", status, "NTSTATUS " + std::to_string(status)};
    return info;
}

// A string value under CurrentVersion; empty when absent or not a string.
Result<std::string> version_string(RegistryProbe& registry, const char* name) {
    Result<std::optional<RegistryValue>> value = registry.read_value(RegistryHive::LocalMachine, kCurrentVersionKey, name);
    if (!value) return value.error();
    const std::optional<RegistryValue>& found = value.value();
    if (!found || (found->type != RegistryValueType::String && found->type != RegistryValueType::ExpandString)) {
        return std::string();
    }
    return found->text;
}

// ---- Sessions ----

struct WtsMemoryFreer {
    void operator()(wchar_t* memory) const noexcept { WTSFreeMemory(memory); }
};

Result<std::string> session_text(DWORD session, WTS_INFO_CLASS what) {
    wchar_t* raw = nullptr;
    DWORD bytes = 0;
    if (!WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, session, what, &raw, &bytes)) {
        return last_os_error("WTSQuerySessionInformationW");
    }
    const std::unique_ptr<wchar_t, WtsMemoryFreer> owner(raw);
    return to_utf8(raw);
}

// ---- Rights ----

Result<bool> is_administrators_member() {
    SID_IDENTIFIER_AUTHORITY nt_authority = SECURITY_NT_AUTHORITY;
    PSID administrators = nullptr;
    if (!AllocateAndInitializeSid(&nt_authority, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0,
                                  0, 0, &administrators)) {
        return last_os_error("AllocateAndInitializeSid");
    }
    const std::unique_ptr<void, decltype(&FreeSid)> owner(administrators, &FreeSid);
    // A UAC-filtered token holds Administrators as deny-only, and CheckTokenMembership says FALSE then.
    BOOL member = FALSE;
    if (!CheckTokenMembership(nullptr, administrators, &member)) return last_os_error("CheckTokenMembership");
    return member != FALSE;
}

// ---- Accounts ----

struct NetApiBufferFreer {
    void operator()(void* buffer) const noexcept { NetApiBufferFree(buffer); }
};
template <typename T>
using UniqueNetBuffer = std::unique_ptr<T, NetApiBufferFreer>;

// The first NERR_* code; those (2100-2999) are described by netmsg.dll, not by the system table.
constexpr DWORD kNetErrorBase = 2100;
constexpr DWORD kNetErrorMax = 2999;

OsError net_api_error(const char* api, NET_API_STATUS status) {
    OsError error = os_error(api, status);
    if (status < kNetErrorBase || status > kNetErrorMax) return error;
    const HMODULE messages = LoadLibraryExW(L"netmsg.dll", nullptr, LOAD_LIBRARY_AS_DATAFILE);
    if (messages == nullptr) return error;
    wchar_t* raw = nullptr;
    const DWORD length = FormatMessageW(
        FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_IGNORE_INSERTS, messages,
        status, 0, reinterpret_cast<wchar_t*>(&raw), 0, nullptr);
    const UniqueLocal<wchar_t> owner(raw);
    if (length > 0 && raw != nullptr) {
        std::wstring text(raw, length);
        while (!text.empty() && (text.back() == L'\r' || text.back() == L'\n' || text.back() == L' ')) text.pop_back();
        error.message = to_utf8(text);
    }
    FreeLibrary(messages);
    return error;
}

bool equals_ignoring_case(const std::wstring& a, const std::wstring& b) {
    return CompareStringOrdinal(a.c_str(), static_cast<int>(a.size()), b.c_str(), static_cast<int>(b.size()), TRUE) ==
           CSTR_EQUAL;
}

// The NetBIOS name, which is what LookupAccountNameW reports as the domain of a local account.
std::wstring netbios_machine_name() {
    std::wstring name;
    DWORD error = 0;
    fill_wide_string([](wchar_t* buffer, DWORD* size) { return GetComputerNameW(buffer, size); }, name, error);
    return name;
}

// Service configurations write local accounts as ".\user", which LookupAccountNameW does not know.
std::wstring with_machine_for_dot(const std::string& account) {
    std::wstring wide = to_wide(account);
    if (wide.size() > 2 && wide[0] == L'.' && wide[1] == L'\\') wide = netbios_machine_name() + wide.substr(1);
    return wide;
}

struct Account {
    std::vector<BYTE> sid;
    std::wstring domain;  ///< "CORP", the machine name, "BUILTIN", "NT AUTHORITY", ...
    std::wstring name;    ///< the account's own name, as the system spells it
    SID_NAME_USE use = SidTypeUnknown;
};

// The SID, domain and canonical name of an account written in any form LookupAccountNameW accepts
// ("user", "DOMAIN\user", "user@domain.example"). nullopt when no account has that name.
Result<std::optional<Account>> lookup_account(const std::wstring& name) {
    using Answer = std::optional<Account>;
    if (name.empty()) return Answer{};
    Account account;
    DWORD sid_size = SECURITY_MAX_SID_SIZE;
    DWORD domain_size = 256;
    for (int attempt = 0; attempt < 4; ++attempt) {
        account.sid.assign(sid_size, 0);
        account.domain.assign(domain_size, L'\0');
        if (LookupAccountNameW(nullptr, name.c_str(), account.sid.data(), &sid_size, account.domain.data(),
                               &domain_size, &account.use)) {
            account.domain.resize(wcsnlen(account.domain.c_str(), account.domain.size()));
            break;
        }
        const DWORD error = GetLastError();
        if (error == ERROR_NONE_MAPPED) return Answer{};
        if (error != ERROR_INSUFFICIENT_BUFFER || attempt == 3) return os_error("LookupAccountNameW", error);
    }
    // The name as the system spells it: "user@domain" and "user" become the SAM name of the account.
    wchar_t canonical[256] = {};
    wchar_t domain[256] = {};
    DWORD canonical_size = 256;
    DWORD domain_chars = 256;
    SID_NAME_USE use = SidTypeUnknown;
    if (LookupAccountSidW(nullptr, account.sid.data(), canonical, &canonical_size, domain, &domain_chars, &use)) {
        account.name = canonical;
        account.domain = domain;
    } else {
        const auto separator = name.find(L'\\');
        account.name = separator == std::wstring::npos ? name : name.substr(separator + 1);
    }
    return Answer{std::move(account)};
}

std::string qualified(const std::wstring& domain, const std::wstring& name) {
    return domain.empty() ? to_utf8(name) : to_utf8(domain + L"\\" + name);
}

// Accounts of this machine, and the built-in and well-known ones that exist on every machine.
bool is_local_domain(const std::wstring& domain) {
    return domain.empty() || equals_ignoring_case(domain, netbios_machine_name()) ||
           equals_ignoring_case(domain, L"BUILTIN") || equals_ignoring_case(domain, L"NT AUTHORITY") ||
           equals_ignoring_case(domain, L"NT SERVICE");
}

// Local groups, direct and through global groups, as "DOMAIN\Group" ("BUILTIN\Administrators").
Result<std::vector<std::string>> local_groups(const std::wstring& account) {
    LOCALGROUP_USERS_INFO_0* raw = nullptr;
    DWORD read = 0;
    DWORD total = 0;
    const NET_API_STATUS status = NetUserGetLocalGroups(nullptr, account.c_str(), 0, LG_INCLUDE_INDIRECT,
                                                        reinterpret_cast<BYTE**>(&raw), MAX_PREFERRED_LENGTH, &read,
                                                        &total);
    const UniqueNetBuffer<LOCALGROUP_USERS_INFO_0> owner(raw);
    if (status != NERR_Success) return net_api_error("NetUserGetLocalGroups", status);
    std::vector<std::string> groups;
    for (DWORD i = 0; i < read; ++i) {
        const std::wstring group = raw[i].lgrui0_name;
        // The API gives bare names; their domain says whether a group is built in or the machine's own.
        Result<std::optional<Account>> found = lookup_account(group);
        const bool known = found && found.value().has_value();
        groups.push_back(known ? qualified(found.value()->domain, found.value()->name) : to_utf8(group));
    }
    return groups;
}

// The global groups of a domain account, asked of a domain controller of its domain.
Result<std::vector<std::string>> domain_groups(const std::wstring& domain, const std::wstring& name) {
    DOMAIN_CONTROLLER_INFOW* raw_controller = nullptr;
    const DWORD located = DsGetDcNameW(nullptr, domain.c_str(), nullptr, nullptr, DS_RETURN_FLAT_NAME, &raw_controller);
    const UniqueNetBuffer<DOMAIN_CONTROLLER_INFOW> controller(raw_controller);
    if (located != ERROR_SUCCESS) return net_api_error("DsGetDcNameW", located);

    GROUP_USERS_INFO_0* raw = nullptr;
    DWORD read = 0;
    DWORD total = 0;
    const NET_API_STATUS status = NetUserGetGroups(controller->DomainControllerName, name.c_str(), 0,
                                                   reinterpret_cast<BYTE**>(&raw), MAX_PREFERRED_LENGTH, &read, &total);
    const UniqueNetBuffer<GROUP_USERS_INFO_0> owner(raw);
    if (status != NERR_Success) return net_api_error("NetUserGetGroups", status);
    // The flat name ("CORP"), the form accounts are written in; the domain as asked when there is none.
    const std::wstring flat = controller->DomainName != nullptr ? controller->DomainName : domain;
    std::vector<std::string> groups;
    for (DWORD i = 0; i < read; ++i) groups.push_back(qualified(flat, raw[i].grui0_name));
    return groups;
}

}  // namespace

// ---- The operating system ----

Result<OsFacts> Win32HostProbe::os() {
    Result<RTL_OSVERSIONINFOW> version = true_version();
    if (!version) return version.error();
    const RTL_OSVERSIONINFOW& info = version.value();

    OsFacts facts;
    facts.family = OsFamily::Windows;
    // Each field falls back to the next source the brief documents; Wine, for one, has no
    // DisplayVersion, ReleaseId or EditionID.
    struct Field {
        std::string* target;
        std::vector<const char*> names;
    };
    const Field fields[] = {{&facts.product_name, {"ProductName"}},
                            {&facts.version, {"DisplayVersion", "ReleaseId"}},
                            {&facts.build, {"CurrentBuildNumber"}},
                            {&facts.edition, {"EditionID"}}};
    for (const Field& field : fields) {
        for (const char* name : field.names) {
            Result<std::string> text = version_string(registry_, name);
            if (!text) return text.error();
            if (!text.value().empty()) {
                *field.target = text.value();
                break;
            }
        }
    }
    if (facts.product_name.empty()) facts.product_name = "Windows";
    if (facts.version.empty()) facts.version = std::to_string(info.dwMajorVersion) + "." + std::to_string(info.dwMinorVersion);
    if (facts.build.empty()) facts.build = std::to_string(info.dwBuildNumber);
    return facts;
}

// ---- Names ----

Result<std::string> Win32HostProbe::machine_name() {
    std::wstring name;
    DWORD error = 0;
    if (fill_wide_string([](wchar_t* buffer, DWORD* size) { return GetComputerNameExW(ComputerNameDnsHostname, buffer, size); },
                         name, error)) {
        return to_utf8(name);
    }
    // The NetBIOS name: shorter and upper-case, but always there.
    if (fill_wide_string([](wchar_t* buffer, DWORD* size) { return GetComputerNameW(buffer, size); }, name, error)) {
        return to_utf8(name);
    }
    return os_error("GetComputerNameW", error);
}

Result<std::string> Win32HostProbe::netbios_name() {
    std::wstring name;
    DWORD error = 0;
    if (fill_wide_string([](wchar_t* buffer, DWORD* size) { return GetComputerNameExW(ComputerNameNetBIOS, buffer, size); },
                         name, error)) {
        return to_utf8(name);
    }
    return os_error("GetComputerNameExW", error);
}

Result<std::string> Win32HostProbe::current_user() {
    std::wstring name;
    DWORD error = 0;
    // "DOMAIN\user" (or "MACHINE\user" for a local account), the form service accounts are written in.
    if (fill_wide_string([](wchar_t* buffer, DWORD* size) { return GetUserNameExW(NameSamCompatible, buffer, size); },
                         name, error)) {
        return to_utf8(name);
    }
    if (fill_wide_string([](wchar_t* buffer, DWORD* size) { return GetUserNameW(buffer, size); }, name, error)) {
        return to_utf8(name);
    }
    return os_error("GetUserNameW", error);
}

Result<std::string> Win32HostProbe::interactive_user() {
    // Wine implements both calls (it reports the Unix user and the machine name as its domain), so
    // no fallback to current_user() is needed.
    const DWORD session = WTSGetActiveConsoleSessionId();
    if (session == 0xFFFFFFFF) return std::string();  // no session attached to the console right now
    Result<std::string> user = session_text(session, WTSUserName);
    if (!user) return user.error();
    if (user.value().empty()) return std::string();  // the console shows the sign-in screen
    Result<std::string> domain = session_text(session, WTSDomainName);
    if (!domain) return domain.error();
    if (domain.value().empty()) return user;
    return domain.value() + "\\" + user.value();
}

// ---- Rights ----

Result<bool> Win32HostProbe::elevated() {
    HANDLE raw = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &raw)) return last_os_error("OpenProcessToken");
    const UniqueHandle token(raw);
    TOKEN_ELEVATION elevation{};
    DWORD size = 0;
    if (GetTokenInformation(token.get(), TokenElevation, &elevation, sizeof elevation, &size)) {
        return elevation.TokenIsElevated != 0;
    }
    // Systems without UAC token elevation: administrator rights are membership of Administrators.
    return is_administrators_member();
}

// ---- Environment ----

Result<std::string> Win32HostProbe::expand(const std::string& text) {
    const std::wstring input = to_wide(text);
    DWORD capacity = static_cast<DWORD>(input.size()) + 256;
    for (int attempt = 0; attempt < 8; ++attempt) {
        std::wstring buffer(capacity, L'\0');
        const DWORD needed = ExpandEnvironmentStringsW(input.c_str(), buffer.data(), capacity);
        if (needed == 0) return last_os_error("ExpandEnvironmentStringsW");
        if (needed <= capacity) {
            buffer.resize(needed - 1);  // the count includes the NUL
            return to_utf8(buffer);
        }
        capacity = needed;  // a variable grew between calls: try again at the new size
    }
    return os_error("ExpandEnvironmentStringsW", ERROR_INSUFFICIENT_BUFFER);
}

Result<void> Win32HostProbe::broadcast_environment_change() {
    DWORD_PTR reply = 0;
    SetLastError(ERROR_SUCCESS);
    // SMTO_ABORTIFHUNG: a hung window must not hold the fix up; 5 s per window is Windows' own choice
    // in the System Properties dialog.
    const LRESULT sent = SendMessageTimeoutW(HWND_BROADCAST, WM_SETTINGCHANGE, 0,
                                             reinterpret_cast<LPARAM>(L"Environment"), SMTO_ABORTIFHUNG, 5000, &reply);
    const DWORD error = GetLastError();
    if (sent == 0 && error != ERROR_SUCCESS) return os_error("SendMessageTimeoutW", error);
    return {};
}

// ---- Accounts ----

Result<std::optional<std::string>> Win32HostProbe::account_sid(const std::string& account) {
    using Answer = std::optional<std::string>;
    Result<std::optional<Account>> found = lookup_account(with_machine_for_dot(account));
    if (!found) return found.error();
    if (!found.value()) return Answer{};
    wchar_t* raw = nullptr;
    // The API only reads the SID but is declared with a non-const PSID.
    if (!ConvertSidToStringSidW(const_cast<BYTE*>(found.value()->sid.data()), &raw)) return last_os_error("ConvertSidToStringSidW");
    const UniqueLocal<wchar_t> owner(raw);
    return Answer{to_utf8(raw)};
}

Result<std::optional<std::string>> Win32HostProbe::account_name(const std::string& sid_text) {
    using Answer = std::optional<std::string>;
    PSID raw = nullptr;
    if (!ConvertStringSidToSidW(to_wide(sid_text).c_str(), &raw)) return last_os_error("ConvertStringSidToSidW");
    const UniqueLocal<void> sid(raw);
    DWORD name_size = 0;
    DWORD domain_size = 0;
    SID_NAME_USE use{};
    LookupAccountSidW(nullptr, raw, nullptr, &name_size, nullptr, &domain_size, &use);
    DWORD error = GetLastError();
    if (error == ERROR_NONE_MAPPED) return Answer{};
    if (error != ERROR_INSUFFICIENT_BUFFER) return os_error("LookupAccountSidW", error);
    std::wstring name(name_size, L'\0');
    std::wstring domain(domain_size, L'\0');
    if (!LookupAccountSidW(nullptr, raw, name.data(), &name_size, domain.data(), &domain_size, &use)) {
        error = GetLastError();
        if (error == ERROR_NONE_MAPPED) return Answer{};
        return os_error("LookupAccountSidW", error);
    }
    name.resize(name_size);
    domain.resize(domain_size);
    return Answer{to_utf8(domain.empty() ? name : domain + L"\\" + name)};
}

Result<std::vector<std::string>> Win32HostProbe::account_groups(const std::string& account) {
    Result<std::optional<Account>> found = lookup_account(with_machine_for_dot(account));
    if (!found) return found.error();
    // No account, no groups to report; an empty list would read as "a member of nothing".
    if (!found.value()) return os_error("LookupAccountNameW", ERROR_NONE_MAPPED);
    const Account& user = *found.value();

    Result<std::vector<std::string>> groups = local_groups(to_wide(qualified(user.domain, user.name)));
    if (!groups) return groups.error();
    if (is_local_domain(user.domain)) return groups;

    // A domain account: its global groups live on a domain controller. Failing to reach one is an
    // error, so that no check passes on a partial list.
    Result<std::vector<std::string>> global = domain_groups(user.domain, user.name);
    if (!global) return global.error();
    std::vector<std::string> all = std::move(groups).value();
    for (std::string& group : std::move(global).value()) {
        if (std::find(all.begin(), all.end(), group) == all.end()) all.push_back(std::move(group));
    }
    return all;
}

}  // namespace ic::os::win32
