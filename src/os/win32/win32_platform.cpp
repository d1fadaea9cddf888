/// \file
/// imagechecker/platform.h for Windows: facts about the tool's own process.

#include <windows.h>

#include <algorithm>
#include <knownfolders.h>
#include <objbase.h>
#include <shellapi.h>
#include <shlobj.h>

#include "imagechecker/platform.h"
#include "win32_util.h"

namespace ic::platform {

namespace {

using os::win32::to_utf8;

// The longest path Windows can hand out (UNICODE_STRING limit), with room for the NUL.
constexpr DWORD kMaxLongPath = 32768;

struct CoTaskMemFreer {
    void operator()(wchar_t* memory) const noexcept { CoTaskMemFree(memory); }
};

// "C:\\Tools\\ImageChecker.exe" -> "C:\\Tools"; "C:\\ImageChecker.exe" -> "C:\\" (a bare "C:" would mean
// the current folder of drive C:, not its root).
std::wstring without_last_component(const std::wstring& path) {
    const auto separator = path.find_last_of(L"\\/");
    if (separator == std::wstring::npos) return L".";
    std::wstring folder = path.substr(0, separator);
    if (!folder.empty() && folder.back() == L':') folder += L'\\';
    return folder;
}

}  // namespace

// ---- Loading ----

void harden_library_loading() {
    // System32 only for every later LoadLibrary (and for the delay-loaded imports behind it); the
    // empty DLL directory also takes the current folder out of the legacy search order.
    SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_SYSTEM32);
    SetDllDirectoryW(L"");
}

// ---- Where things are ----

std::string executable_dir() {
    std::wstring path(MAX_PATH, L'\0');
    for (;;) {
        const DWORD length = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
        if (length == 0) return ".";
        if (length < path.size()) {  // a truncated answer fills the buffer exactly
            path.resize(length);
            break;
        }
        if (path.size() >= kMaxLongPath) return ".";
        path.assign(path.size() * 2, L'\0');
    }
    return to_utf8(without_last_component(path));
}

std::string fallback_log_dir() {
    std::wstring program_data;
    wchar_t* known = nullptr;
    if (SUCCEEDED(SHGetKnownFolderPath(FOLDERID_ProgramData, KF_FLAG_DEFAULT, nullptr, &known))) {
        program_data = known;
    }
    const std::unique_ptr<wchar_t, CoTaskMemFreer> owner(known);  // freed even when the call fails
    if (program_data.empty()) {
        const DWORD length = GetEnvironmentVariableW(L"ProgramData", nullptr, 0);
        if (length > 0) {
            program_data.assign(length, L'\0');
            program_data.resize(GetEnvironmentVariableW(L"ProgramData", program_data.data(), length));
        }
    }
    if (program_data.empty()) program_data = L"C:\\ProgramData";
    return to_utf8(program_data + L"\\ImageChecker\\Logs");
}

// ---- Console ----

std::vector<std::string> utf8_arguments(int argc, char** argv) {
    // The CRT's argv is in the ANSI code page and loses characters outside it; the wide command line
    // keeps them.
    int count = 0;
    const os::win32::UniqueLocal<wchar_t*> wide(CommandLineToArgvW(GetCommandLineW(), &count));
    std::vector<std::string> arguments;
    if (wide) {
        for (int i = 0; i < count; ++i) arguments.push_back(to_utf8(wide.get()[i]));
        return arguments;
    }
    for (int i = 0; i < argc; ++i) arguments.emplace_back(argv[i]);
    return arguments;
}

void prepare_console() { SetConsoleOutputCP(CP_UTF8); }

bool is_interactive_terminal() {
    // Not _isatty: it is true for any character device, so "< NUL" would look interactive.
    DWORD mode = 0;
    return GetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), &mode) != 0 &&
           GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode) != 0;
}

std::chrono::microseconds this_thread_cpu_time() {
    FILETIME created{}, exited{}, kernel{}, user{};
    if (!GetThreadTimes(GetCurrentThread(), &created, &exited, &kernel, &user)) return std::chrono::microseconds(-1);
    auto ticks = [](const FILETIME& t) { return (static_cast<unsigned long long>(t.dwHighDateTime) << 32) | t.dwLowDateTime; };
    return std::chrono::microseconds(static_cast<long long>((ticks(kernel) + ticks(user)) / 10));  // 100 ns units
}

// ---- Durable files ----

std::string replace_file_durably(const std::string& path, const std::string& contents) {
    const std::wstring target = os::win32::to_wide(path);
    const std::wstring temporary = target + L".tmp";
    auto reason_for = [](const char* what, DWORD error) { return std::string(what) + ": error " + std::to_string(error) + " (" + os::win32::system_message(error) + ")"; };
    HANDLE file = CreateFileW(temporary.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_WRITE_THROUGH,
                              nullptr);
    if (file == INVALID_HANDLE_VALUE) return reason_for("cannot create the temporary file", GetLastError());
    std::string reason;
    std::size_t done = 0;
    while (reason.empty() && done < contents.size()) {
        const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(contents.size() - done, 1U << 20U));
        DWORD written = 0;
        if (!WriteFile(file, contents.data() + done, chunk, &written, nullptr)) reason = reason_for("cannot write it", GetLastError());
        done += written;
    }
    if (reason.empty() && !FlushFileBuffers(file)) reason = reason_for("cannot flush it to the disk", GetLastError());
    CloseHandle(file);
    if (reason.empty() && !MoveFileExW(temporary.c_str(), target.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        reason = reason_for("cannot rename it over the old file", GetLastError());
    if (!reason.empty()) DeleteFileW(temporary.c_str());  // give back the space; the old file is untouched
    return reason;
}

}  // namespace ic::platform
