#pragma once
/// \file
/// Private helpers shared by the Win32 probes: UTF-8 <-> UTF-16 conversion, OsError values built from
/// Win32 error codes, RAII owners for handles, and path preparation. Only src/os/win32 (and its tests)
/// include this; nothing from <windows.h> may reach include/.

#include <windows.h>
#include <winsvc.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "imagechecker/os/result.h"

namespace ic::os::win32 {

// ---- Text ----

/// UTF-8 to UTF-16. Invalid UTF-8 becomes U+FFFD rather than failing: paths and names come from the
/// tool's own code and configuration, so a replacement character is more useful than an error.
std::wstring to_wide(const std::string& utf8);

/// UTF-16 to UTF-8; unpaired surrogates (possible in registry names) become U+FFFD.
std::string to_utf8(const wchar_t* text, std::size_t length);
std::string to_utf8(const std::wstring& text);

/// UTF-8 of a NUL-terminated wide string; empty for nullptr (several APIs return null for "none").
std::string to_utf8(const wchar_t* text);

bool starts_with(const std::wstring& text, const wchar_t* prefix);

// ---- Errors ----

/// The system's message for a Win32 error code, without the trailing line break FormatMessageW adds.
std::string system_message(DWORD code);

/// OsError{api, code, message} for a Win32 error code (an LSTATUS or a GetLastError() value).
OsError os_error(const char* api, DWORD code);

/// os_error(api, GetLastError()); call it straight after the failing API, before anything else.
OsError last_os_error(const char* api);

// ---- Handles ----

struct RegKeyCloser {
    void operator()(HKEY key) const noexcept { RegCloseKey(key); }
};
/// An opened registry key (never one of the predefined HKEY_* roots).
using UniqueHkey = std::unique_ptr<std::remove_pointer_t<HKEY>, RegKeyCloser>;

struct ServiceHandleCloser {
    void operator()(SC_HANDLE handle) const noexcept { CloseServiceHandle(handle); }
};
/// A service control manager or service handle.
using UniqueScHandle = std::unique_ptr<std::remove_pointer_t<SC_HANDLE>, ServiceHandleCloser>;

struct KernelHandleCloser {
    void operator()(HANDLE handle) const noexcept {
        if (handle != INVALID_HANDLE_VALUE) CloseHandle(handle);
    }
};
/// A kernel object handle (process token, file, ...).
using UniqueHandle = std::unique_ptr<void, KernelHandleCloser>;

struct LocalMemoryFreer {
    void operator()(void* memory) const noexcept { LocalFree(memory); }
};
/// Memory the system allocated with LocalAlloc for the caller (CommandLineToArgvW, FormatMessageW).
template <typename T>
using UniqueLocal = std::unique_ptr<T, LocalMemoryFreer>;

// ---- Buffers ----

/// Heap memory for Win32 structures followed by variable-length data (QUERY_SERVICE_CONFIGW,
/// ENUM_SERVICE_STATUS_PROCESSW, ...): sized in bytes, aligned for any of those structures.
class StructBuffer {
public:
    explicit StructBuffer(DWORD bytes) : words_((static_cast<std::size_t>(bytes) + 7U) / 8U), bytes_(bytes) {}
    [[nodiscard]] BYTE* bytes() noexcept { return reinterpret_cast<BYTE*>(words_.data()); }
    [[nodiscard]] DWORD size() const noexcept { return bytes_; }
    template <typename T>
    [[nodiscard]] T* as() noexcept { return reinterpret_cast<T*>(words_.data()); }

private:
    std::vector<std::uint64_t> words_;
    DWORD bytes_;
};

/// Calls an API of the "fill this buffer or say how large it must be" kind until the buffer is large
/// enough. `fill(buffer, &size_in_chars)` returns the API's BOOL. APIs disagree on whether the reported
/// size counts the NUL, so the answer is measured with wcsnlen instead of trusting the size.
/// On failure returns false with `error` set to the API's last error.
template <typename Fill>
bool fill_wide_string(Fill fill, std::wstring& out, DWORD& error) {
    DWORD capacity = 256;
    for (int attempt = 0; attempt < 8; ++attempt) {
        std::wstring buffer(capacity, L'\0');
        DWORD size = capacity;
        if (fill(buffer.data(), &size)) {
            buffer.resize(wcsnlen(buffer.c_str(), capacity));
            out = std::move(buffer);
            return true;
        }
        error = GetLastError();
        if (error != ERROR_MORE_DATA && error != ERROR_INSUFFICIENT_BUFFER) return false;
        capacity = size > capacity ? size : capacity * 2;
    }
    return false;
}

// ---- Processes ----

/// How a program run by run_hidden_process ended.
struct ProcessOutcome {
    DWORD exit_code = 0;
    bool timed_out = false;  ///< it was still running at the deadline and was ended, with its children
    std::string output;      ///< standard output and error together, the last 4 KiB, in UTF-8
};

/// Runs `application` (a full path, never searched for) with `command_line` (which, by convention,
/// starts with the quoted application), without a window and with standard input closed, and waits at
/// most `timeout_ms`. The program and anything it starts run in a job object, so a timeout ends them
/// all. Fails only when the program cannot be started.
Result<ProcessOutcome> run_hidden_process(const std::wstring& application, std::wstring command_line, DWORD timeout_ms);

// ---- Paths ----

/// Gives an absolute path of MAX_PATH characters or more the `\\?\` (or `\\?\UNC\`) prefix so that APIs
/// without long-path awareness accept it. Because the prefix switches off the system's normalisation,
/// the path is first made canonical with GetFullPathNameW (forward slashes, "." and ".." resolved).
/// Short, relative and already-prefixed paths are returned unchanged.
std::wstring with_long_path_prefix(const std::wstring& path);

}  // namespace ic::os::win32
