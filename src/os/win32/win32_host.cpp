#define SECURITY_WIN32  // secext.h (GetUserNameExW) asks which security interface is meant
#include <windows.h>
#include <secext.h>
#include <wtsapi32.h>

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

}  // namespace ic::os::win32
