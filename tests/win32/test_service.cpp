// A minimal Win32 service for the ServiceProbe tests, so that start() and stop() meet a real service
// process. Without arguments it runs until it is told to stop; with "fail" it stops during start-up
// with ERROR_INVALID_DATA, as a service does whose configuration is broken. It never outlives its
// test by more than a few minutes, even if nobody stops it.

#include <windows.h>

#include <cstring>

namespace {

constexpr DWORD kFailureCode = ERROR_INVALID_DATA;
constexpr DWORD kLongestLifeMs = 5 * 60 * 1000;

SERVICE_STATUS_HANDLE status_handle = nullptr;
HANDLE stop_requested = nullptr;
bool fail_on_start = false;

void report(DWORD state, DWORD exit_code, DWORD wait_hint) {
    SERVICE_STATUS status{};
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = state;
    status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP : 0;
    status.dwWin32ExitCode = exit_code;
    status.dwWaitHint = wait_hint;
    SetServiceStatus(status_handle, &status);
}

DWORD WINAPI on_control(DWORD control, DWORD, void*, void*) {
    switch (control) {
        case SERVICE_CONTROL_STOP:
            report(SERVICE_STOP_PENDING, NO_ERROR, 2000);
            SetEvent(stop_requested);
            return NO_ERROR;
        case SERVICE_CONTROL_INTERROGATE: return NO_ERROR;
        default: return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

void WINAPI service_main(DWORD, wchar_t**) {
    status_handle = RegisterServiceCtrlHandlerExW(L"", on_control, nullptr);
    if (status_handle == nullptr) return;
    report(SERVICE_START_PENDING, NO_ERROR, 2000);
    if (fail_on_start) {
        report(SERVICE_STOPPED, kFailureCode, 0);
        return;
    }
    report(SERVICE_RUNNING, NO_ERROR, 0);
    WaitForSingleObject(stop_requested, kLongestLifeMs);
    report(SERVICE_STOPPED, NO_ERROR, 0);
}

}  // namespace

int main(int argc, char** argv) {
    fail_on_start = argc > 1 && std::strcmp(argv[1], "fail") == 0;
    stop_requested = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    wchar_t any_name[] = L"";  // ignored for a service that has its process to itself
    const SERVICE_TABLE_ENTRYW table[] = {{any_name, service_main}, {nullptr, nullptr}};
    return StartServiceCtrlDispatcherW(table) ? 0 : static_cast<int>(GetLastError());
}
