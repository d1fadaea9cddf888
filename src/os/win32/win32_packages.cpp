#include "win32_system.h"
#include "win32_util.h"

namespace ic::os::win32 {

namespace {

// Remove-AppxPackage for every user takes a while on a busy machine, but not this long.
constexpr DWORD kRemoveTimeoutMs = 120 * 1000;
constexpr const char* kApi = "Remove-AppxPackage";

// A package full name is "<name>_<version>_<architecture>_<resource id>_<publisher id>", all of it
// letters, digits, dots, dashes, underscores and the "~" of a bundle's resource id. Anything else is
// refused, so nothing a registry key or a user typed can reach the PowerShell command line.
bool is_package_full_name(const std::string& name) {
    if (name.empty() || name.size() > 255) return false;
    for (const char c : name) {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                             c == '_' || c == '-' || c == '~';
        if (!allowed) return false;
    }
    return true;
}

// Windows PowerShell by its full path under System32: never whatever "powershell.exe" the search path
// or the current folder of an elevated process would find first.
std::wstring windows_powershell() {
    wchar_t system[MAX_PATH] = {};
    const UINT length = GetSystemDirectoryW(system, MAX_PATH);
    const std::wstring folder = length > 0 && length < MAX_PATH ? std::wstring(system, length) : L"C:\\Windows\\System32";
    return folder + L"\\WindowsPowerShell\\v1.0\\powershell.exe";
}

}  // namespace

Result<void> Win32PackageProbe::remove_appx(const std::string& package_full_name) {
    if (!is_package_full_name(package_full_name)) {
        return OsError{kApi, ERROR_INVALID_PARAMETER,
                       "not run: '" + package_full_name +
                           "' is not a package full name (letters, digits and . _ - ~ only)"};
    }
    const std::wstring application = windows_powershell();
    // 'Stop' turns the cmdlet's error into a terminating one, so PowerShell exits with 1 rather than 0.
    std::wstring command_line = L"\"" + application +
                                L"\" -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command \"$ErrorActionPreference = "
                                L"'Stop'; Remove-AppxPackage -Package '" +
                                to_wide(package_full_name) + L"' -AllUsers\"";

    Result<ProcessOutcome> ran = run_hidden_process(application, std::move(command_line), kRemoveTimeoutMs);
    if (!ran) return ran.error();
    const ProcessOutcome& outcome = ran.value();
    if (outcome.timed_out) {
        return OsError{kApi, WAIT_TIMEOUT,
                       "PowerShell did not finish within " + std::to_string(kRemoveTimeoutMs / 1000) +
                           " seconds and was ended" + (outcome.output.empty() ? "" : ": " + outcome.output)};
    }
    if (outcome.exit_code != 0) {
        return OsError{kApi, outcome.exit_code,
                       outcome.output.empty() ? "PowerShell exited with code " + std::to_string(outcome.exit_code)
                                              : outcome.output};
    }
    return {};
}

}  // namespace ic::os::win32
