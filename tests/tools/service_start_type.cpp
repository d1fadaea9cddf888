// Test tool (Windows): reads or sets a service's start type, for scripts that stage state under Wine,
// whose sc.exe lacks "qc" and "config".
//   ic_service_start_type NAME                      -> prints AUTO_START | DEMAND_START | DISABLED | ...
//   ic_service_start_type NAME auto|demand|disabled -> changes it
#include <windows.h>

#include <cstdio>
#include <cwchar>
#include <vector>

int wmain(int argc, wchar_t** argv) {
    if (argc < 2) {
        std::fwprintf(stderr, L"usage: %ls NAME [auto|demand|disabled]\n", argv[0]);
        return 3;
    }
    SC_HANDLE manager = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT);
    if (manager == nullptr) return static_cast<int>(GetLastError());
    SC_HANDLE service = OpenServiceW(manager, argv[1], SERVICE_QUERY_CONFIG | SERVICE_CHANGE_CONFIG);
    if (service == nullptr) {
        const DWORD error = GetLastError();
        CloseServiceHandle(manager);
        std::fwprintf(stderr, L"OpenServiceW failed: %lu\n", error);
        return static_cast<int>(error);
    }
    int code = 0;
    if (argc >= 3) {
        DWORD start = SERVICE_DEMAND_START;
        if (std::wcscmp(argv[2], L"auto") == 0) start = SERVICE_AUTO_START;
        else if (std::wcscmp(argv[2], L"disabled") == 0) start = SERVICE_DISABLED;
        if (!ChangeServiceConfigW(service, SERVICE_NO_CHANGE, start, SERVICE_NO_CHANGE, nullptr, nullptr, nullptr, nullptr, nullptr,
                                  nullptr, nullptr))
            code = static_cast<int>(GetLastError());
    } else {
        DWORD needed = 0;
        QueryServiceConfigW(service, nullptr, 0, &needed);
        std::vector<unsigned char> buffer(needed);
        auto* config = reinterpret_cast<QUERY_SERVICE_CONFIGW*>(buffer.data());
        if (!QueryServiceConfigW(service, config, needed, &needed)) {
            code = static_cast<int>(GetLastError());
        } else {
            const wchar_t* names[] = {L"BOOT_START", L"SYSTEM_START", L"AUTO_START", L"DEMAND_START", L"DISABLED"};
            std::wprintf(L"%ls\n", config->dwStartType <= 4 ? names[config->dwStartType] : L"UNKNOWN");
        }
    }
    CloseServiceHandle(service);
    CloseServiceHandle(manager);
    return code;
}
