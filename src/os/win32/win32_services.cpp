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

Result<void> read_state(SC_HANDLE service, ServiceInfo& info) {
    SERVICE_STATUS_PROCESS status{};
    DWORD needed = 0;
    if (!QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, reinterpret_cast<BYTE*>(&status), sizeof status,
                              &needed)) {
        return last_os_error("QueryServiceStatusEx");
    }
    info.state = state_from(status.dwCurrentState);
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
            // An unreadable configuration is an error, not a gap: a check looking for services that log
            // on with domain accounts must not pass because one account could not be read.
            if (!service.handle) return os_error("OpenServiceW", service.error);
            if (Result<void> config = read_config(service.handle.get(), info); !config) return config.error();
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

    Result<UniqueScHandle> manager = open_manager(SC_MANAGER_CONNECT);
    if (!manager) return manager.error();
    OpenedService service = open_service(manager.value().get(), to_wide(name), SERVICE_CHANGE_CONFIG);
    if (!service.handle) return os_error("OpenServiceW", service.error);

    // SERVICE_NO_CHANGE and null pointers leave every other setting (account, password, path) untouched.
    if (!ChangeServiceConfigW(service.handle.get(), SERVICE_NO_CHANGE, *native, SERVICE_NO_CHANGE, nullptr, nullptr,
                              nullptr, nullptr, nullptr, nullptr, nullptr)) {
        return last_os_error("ChangeServiceConfigW");
    }
    return {};
}

}  // namespace ic::os::win32
