#include <algorithm>
#include <chrono>

#include "win32_system.h"
#include "win32_util.h"

namespace ic::os::win32 {

namespace {

// ---- Translating the service manager's numbers ----

ServiceStartType start_type_from(DWORD start_type) {
    switch (start_type) {
        case SERVICE_BOOT_START: return ServiceStartType::Boot;
        case SERVICE_SYSTEM_START: return ServiceStartType::System;
        case SERVICE_AUTO_START: return ServiceStartType::Automatic;  // delayed or not
        case SERVICE_DEMAND_START: return ServiceStartType::Manual;
        case SERVICE_DISABLED: return ServiceStartType::Disabled;
        default: return ServiceStartType::Unknown;
    }
}

std::optional<DWORD> native_start_type(ServiceStartType start_type) {
    switch (start_type) {
        case ServiceStartType::Boot: return SERVICE_BOOT_START;
        case ServiceStartType::System: return SERVICE_SYSTEM_START;
        case ServiceStartType::Automatic: return SERVICE_AUTO_START;
        case ServiceStartType::Manual: return SERVICE_DEMAND_START;
        case ServiceStartType::Disabled: return SERVICE_DISABLED;
        case ServiceStartType::Unknown: break;
    }
    return std::nullopt;
}

ServiceState state_from(DWORD state) {
    switch (state) {
        case SERVICE_STOPPED: return ServiceState::Stopped;
        case SERVICE_START_PENDING: return ServiceState::StartPending;
        case SERVICE_STOP_PENDING: return ServiceState::StopPending;
        case SERVICE_RUNNING: return ServiceState::Running;
        case SERVICE_CONTINUE_PENDING: return ServiceState::ContinuePending;
        case SERVICE_PAUSE_PENDING: return ServiceState::PausePending;
        case SERVICE_PAUSED: return ServiceState::Paused;
        default: return ServiceState::Unknown;
    }
}

// "No such service" in any of the forms OpenServiceW reports it. A name the manager calls invalid
// (empty, or containing a backslash) cannot belong to a service either.
bool is_missing_service(DWORD error) { return error == ERROR_SERVICE_DOES_NOT_EXIST || error == ERROR_INVALID_NAME; }

// ---- Handles ----

Result<UniqueScHandle> open_manager(DWORD access) {
    UniqueScHandle manager(OpenSCManagerW(nullptr, nullptr, access));
    if (!manager) return last_os_error("OpenSCManagerW");
    return manager;
}

struct OpenedService {
    UniqueScHandle handle;
    DWORD error = ERROR_SUCCESS;
};

OpenedService open_service(SC_HANDLE manager, const std::wstring& name, DWORD access) {
    UniqueScHandle service(OpenServiceW(manager, name.c_str(), access));
    const DWORD error = service ? ERROR_SUCCESS : GetLastError();
    return {std::move(service), error};
}

// ---- Reading one service ----

// Fills display name, start type, account and binary path from QueryServiceConfigW.
Result<void> read_config(SC_HANDLE service, ServiceInfo& info) {
    DWORD needed = 0;
    DWORD error = QueryServiceConfigW(service, nullptr, 0, &needed) ? ERROR_SUCCESS : GetLastError();
    for (int attempt = 0; attempt < 4; ++attempt) {
        if (error != ERROR_INSUFFICIENT_BUFFER) return os_error("QueryServiceConfigW", error);
        StructBuffer buffer(needed);
        if (QueryServiceConfigW(service, buffer.as<QUERY_SERVICE_CONFIGW>(), buffer.size(), &needed)) {
            const auto* config = buffer.as<QUERY_SERVICE_CONFIGW>();
            info.display_name = to_utf8(config->lpDisplayName);
            info.start_type = start_type_from(config->dwStartType);
            info.account = to_utf8(config->lpServiceStartName);
            info.binary_path = to_utf8(config->lpBinaryPathName);
            return {};
        }
        error = GetLastError();  // ERROR_INSUFFICIENT_BUFFER again if it was reconfigured meanwhile
    }
    return os_error("QueryServiceConfigW", error);
}

Result<SERVICE_STATUS_PROCESS> query_status(SC_HANDLE service) {
    SERVICE_STATUS_PROCESS status{};
    DWORD needed = 0;
    if (!QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, reinterpret_cast<BYTE*>(&status), sizeof status,
                              &needed)) {
        return last_os_error("QueryServiceStatusEx");
    }
    return status;
}

Result<void> read_state(SC_HANDLE service, ServiceInfo& info) {
    Result<SERVICE_STATUS_PROCESS> status = query_status(service);
    if (!status) return status.error();
    info.state = state_from(status.value().dwCurrentState);
    return {};
}

// The key name with the service manager's own capitalisation ("TermService" for "termservice"), found
// through the display name, which is unique too. Falls back to the name as asked.
std::string canonical_name(SC_HANDLE manager, const std::string& asked, const std::string& display_name) {
    std::wstring key_name;
    DWORD error = 0;
    const std::wstring display = to_wide(display_name);
    const bool found = fill_wide_string(
        [&](wchar_t* buffer, DWORD* size) { return GetServiceKeyNameW(manager, display.c_str(), buffer, size); },
        key_name, error);
    if (found && CompareStringOrdinal(key_name.c_str(), -1, to_wide(asked).c_str(), -1, TRUE) == CSTR_EQUAL) {
        return to_utf8(key_name);
    }
    return asked;
}

// ---- Waiting for a state ----

// How long stop() and start() wait for a service to settle. Windows' own service control panel gives
// up at about the same point, and a fix that blocks longer looks hung.
constexpr std::chrono::seconds kSettleTimeout{30};

bool is_pending(DWORD state) {
    return state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING || state == SERVICE_CONTINUE_PENDING ||
           state == SERVICE_PAUSE_PENDING;
}

// Polls until the service leaves its pending states or kSettleTimeout passes, and returns the last
// status seen. The interval follows Microsoft's advice of a tenth of the service's wait hint, kept
// between 100 ms and 1 s so a quick service is not kept waiting and a slow one is not polled hard.
Result<SERVICE_STATUS_PROCESS> wait_while_pending(SC_HANDLE service) {
    const auto deadline = std::chrono::steady_clock::now() + kSettleTimeout;
    for (;;) {
        Result<SERVICE_STATUS_PROCESS> status = query_status(service);
        if (!status || !is_pending(status.value().dwCurrentState)) return status;
        if (std::chrono::steady_clock::now() >= deadline) return status;
        Sleep(std::clamp<DWORD>(status.value().dwWaitHint / 10, 100, 1000));
    }
}

std::string state_name(DWORD state) { return to_string(state_from(state)); }

OsError settle_timeout(const char* api, const std::string& name, DWORD state) {
    return OsError{api, ERROR_SERVICE_REQUEST_TIMEOUT,
                   "service '" + name + "' is still " + state_name(state) + " after " +
                       std::to_string(kSettleTimeout.count()) + " seconds"};
}

// The reason a service stopped while starting: its Win32 exit code, or its own code when it reports
// ERROR_SERVICE_SPECIFIC_ERROR.
OsError start_failure(const std::string& name, const SERVICE_STATUS_PROCESS& status) {
    if (status.dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR) {
        return OsError{"StartServiceW", status.dwServiceSpecificExitCode,
                       "service '" + name + "' stopped while starting with its own error code " +
                           std::to_string(status.dwServiceSpecificExitCode)};
    }
    const DWORD code = status.dwWin32ExitCode != ERROR_SUCCESS ? status.dwWin32ExitCode : ERROR_SERVICE_NEVER_STARTED;
    OsError error = os_error("StartServiceW", code);
    error.message = "service '" + name + "' stopped while starting: " + error.message;
    return error;
}

// Opens one service with the rights a change needs; "missing" is an error here, unlike in find().
Result<UniqueScHandle> open_for_change(const std::string& name, DWORD access) {
    Result<UniqueScHandle> manager = open_manager(SC_MANAGER_CONNECT);
    if (!manager) return manager.error();
    OpenedService service = open_service(manager.value().get(), to_wide(name), access);
    if (!service.handle) return os_error("OpenServiceW", service.error);
    return std::move(service.handle);
}

/// A wide copy of a password that is wiped from memory when it goes out of scope.
class WipedWideString {
public:
    explicit WipedWideString(const std::string& utf8) : text_(to_wide(utf8)) {}
    WipedWideString(const WipedWideString&) = delete;
    WipedWideString& operator=(const WipedWideString&) = delete;
    ~WipedWideString() { SecureZeroMemory(text_.data(), text_.size() * sizeof(wchar_t)); }
    [[nodiscard]] const wchar_t* c_str() const noexcept { return text_.c_str(); }

private:
    std::wstring text_;
};

}  // namespace

// ---- Queries ----

Result<std::vector<ServiceInfo>> Win32ServiceProbe::list() {
    Result<UniqueScHandle> manager = open_manager(SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE);
    if (!manager) return manager.error();
    SC_HANDLE scm = manager.value().get();

    std::vector<ServiceInfo> services;
    StructBuffer buffer(64 * 1024);
    DWORD resume = 0;
    for (bool more = true; more;) {
        DWORD needed = 0;
        DWORD returned = 0;
        const BOOL ok = EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL,
                                              buffer.bytes(), buffer.size(), &needed, &returned, &resume, nullptr);
        const DWORD error = ok ? ERROR_SUCCESS : GetLastError();
        if (!ok && error != ERROR_MORE_DATA) return os_error("EnumServicesStatusExW", error);
        more = !ok;  // ERROR_MORE_DATA: this batch is valid and `resume` points past it

        const auto* entries = buffer.as<ENUM_SERVICE_STATUS_PROCESSW>();
        for (DWORD i = 0; i < returned; ++i) {
            ServiceInfo info;
            info.name = to_utf8(entries[i].lpServiceName);
            info.display_name = to_utf8(entries[i].lpDisplayName);
            info.state = state_from(entries[i].ServiceStatusProcess.dwCurrentState);

            OpenedService service = open_service(scm, entries[i].lpServiceName, SERVICE_QUERY_CONFIG);
            if (service.error == ERROR_SERVICE_DOES_NOT_EXIST) continue;  // deleted since the enumeration
            // A service that refuses SERVICE_QUERY_CONFIG (security products protect theirs) is listed with
            // the error instead of its configuration: the checks that need its account or start type say
            // they could not read it, and the others still see the rest of the machine.
            if (!service.handle) {
                info.config_error = os_error("OpenServiceW", service.error);
            } else if (Result<void> config = read_config(service.handle.get(), info); !config) {
                if (config.error().code == ERROR_SERVICE_DOES_NOT_EXIST) continue;
                info.config_error = config.error();
            }
            services.push_back(std::move(info));
        }
        if (more && returned == 0 && needed > buffer.size()) buffer = StructBuffer(needed);
    }
    return services;
}

Result<std::optional<ServiceInfo>> Win32ServiceProbe::find(const std::string& name) {
    using Answer = std::optional<ServiceInfo>;
    Result<UniqueScHandle> manager = open_manager(SC_MANAGER_CONNECT);
    if (!manager) return manager.error();
    SC_HANDLE scm = manager.value().get();

    OpenedService service = open_service(scm, to_wide(name), SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS);
    if (is_missing_service(service.error)) return Answer{};
    if (!service.handle) return os_error("OpenServiceW", service.error);

    ServiceInfo info;
    if (Result<void> config = read_config(service.handle.get(), info); !config) return config.error();
    if (Result<void> state = read_state(service.handle.get(), info); !state) return state.error();
    info.name = canonical_name(scm, name, info.display_name);
    return Answer{std::move(info)};
}

// ---- Changes ----

Result<void> Win32ServiceProbe::set_start_type(const std::string& name, ServiceStartType start_type) {
    const std::optional<DWORD> native = native_start_type(start_type);
    if (!native) return OsError{"ChangeServiceConfigW", ERROR_INVALID_PARAMETER, "the start type is Unknown"};

    Result<UniqueScHandle> service = open_for_change(name, SERVICE_CHANGE_CONFIG);
    if (!service) return service.error();

    // SERVICE_NO_CHANGE and null pointers leave every other setting (account, password, path) untouched.
    if (!ChangeServiceConfigW(service.value().get(), SERVICE_NO_CHANGE, *native, SERVICE_NO_CHANGE, nullptr, nullptr,
                              nullptr, nullptr, nullptr, nullptr, nullptr)) {
        return last_os_error("ChangeServiceConfigW");
    }
    return {};
}

Result<void> Win32ServiceProbe::set_account(const std::string& name, const std::string& account,
                                            const std::string& password) {
    if (account.empty()) return OsError{"ChangeServiceConfigW", ERROR_INVALID_PARAMETER, "the account is empty"};
    Result<UniqueScHandle> service = open_for_change(name, SERVICE_CHANGE_CONFIG);
    if (!service) return service.error();

    const std::wstring wide_account = to_wide(account);
    // The built-in accounts have no password, and the service manager wants L"" for them rather than
    // nullptr (which would keep a previous account's password).
    const WipedWideString wide_password(password);
    if (!ChangeServiceConfigW(service.value().get(), SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, nullptr,
                              nullptr, nullptr, nullptr, wide_account.c_str(), wide_password.c_str(), nullptr)) {
        return last_os_error("ChangeServiceConfigW");
    }
    return {};
}

// ---- Control ----

Result<void> Win32ServiceProbe::stop(const std::string& name) {
    Result<UniqueScHandle> opened = open_for_change(name, SERVICE_STOP | SERVICE_QUERY_STATUS);
    if (!opened) return opened.error();
    SC_HANDLE service = opened.value().get();

    SERVICE_STATUS ignored{};
    if (!ControlService(service, SERVICE_CONTROL_STOP, &ignored)) {
        const DWORD error = GetLastError();
        if (error == ERROR_SERVICE_NOT_ACTIVE) return {};  // already stopped
        // A service that is already stopping refuses further controls; waiting is all there is to do.
        Result<SERVICE_STATUS_PROCESS> now = query_status(service);
        if (error != ERROR_SERVICE_CANNOT_ACCEPT_CTRL || !now || now.value().dwCurrentState != SERVICE_STOP_PENDING) {
            return os_error("ControlService", error);
        }
    }
    Result<SERVICE_STATUS_PROCESS> status = wait_while_pending(service);
    if (!status) return status.error();
    if (status.value().dwCurrentState != SERVICE_STOPPED) {
        return settle_timeout("ControlService", name, status.value().dwCurrentState);
    }
    return {};
}

Result<void> Win32ServiceProbe::start(const std::string& name) {
    Result<UniqueScHandle> opened = open_for_change(name, SERVICE_START | SERVICE_QUERY_STATUS);
    if (!opened) return opened.error();
    SC_HANDLE service = opened.value().get();

    if (!StartServiceW(service, 0, nullptr)) {
        const DWORD error = GetLastError();
        if (error == ERROR_SERVICE_ALREADY_RUNNING) return {};
        return os_error("StartServiceW", error);
    }
    // StartServiceW returns once the process is up; a service can still fail during its own start-up,
    // so the answer waits for Running (or for the reason it stopped).
    Result<SERVICE_STATUS_PROCESS> status = wait_while_pending(service);
    if (!status) return status.error();
    switch (status.value().dwCurrentState) {
        case SERVICE_RUNNING: return {};
        case SERVICE_STOPPED: return start_failure(name, status.value());
        default: return settle_timeout("StartServiceW", name, status.value().dwCurrentState);
    }
}

}  // namespace ic::os::win32
