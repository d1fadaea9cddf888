#include "win32_util.h"

#include <climits>
#include <cwchar>

namespace ic::os::win32 {

// ---- Text ----

std::wstring to_wide(const std::string& utf8) {
    if (utf8.empty() || utf8.size() > static_cast<std::size_t>(INT_MAX)) return {};
    const int input_length = static_cast<int>(utf8.size());
    const int length = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), input_length, nullptr, 0);
    if (length <= 0) return {};
    std::wstring wide(static_cast<std::size_t>(length), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, utf8.data(), input_length, wide.data(), length);
    return wide;
}

std::string to_utf8(const wchar_t* text, std::size_t length) {
    if (text == nullptr || length == 0 || length > static_cast<std::size_t>(INT_MAX)) return {};
    const int input_length = static_cast<int>(length);
    const int size = WideCharToMultiByte(CP_UTF8, 0, text, input_length, nullptr, 0, nullptr, nullptr);
    if (size <= 0) return {};
    std::string utf8(static_cast<std::size_t>(size), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text, input_length, utf8.data(), size, nullptr, nullptr);
    return utf8;
}

std::string to_utf8(const std::wstring& text) { return to_utf8(text.data(), text.size()); }

std::string to_utf8(const wchar_t* text) { return text == nullptr ? std::string{} : to_utf8(text, std::wcslen(text)); }

bool starts_with(const std::wstring& text, const wchar_t* prefix) {
    return text.compare(0, std::wcslen(prefix), prefix) == 0;
}

// ---- Errors ----

std::string system_message(DWORD code) {
    wchar_t* raw = nullptr;
    // Language 0: the system picks the user's language, falling back to English, instead of failing
    // with ERROR_RESOURCE_LANG_NOT_FOUND as a fixed language id can.
    const DWORD length = FormatMessageW(
        FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, code,
        0, reinterpret_cast<wchar_t*>(&raw), 0, nullptr);
    const UniqueLocal<wchar_t> owner(raw);
    if (length == 0 || raw == nullptr) return "Unknown error";
    std::wstring message(raw, length);
    while (!message.empty() && (message.back() == L'\r' || message.back() == L'\n' || message.back() == L' ')) {
        message.pop_back();
    }
    return to_utf8(message);
}

OsError os_error(const char* api, DWORD code) { return OsError{api, static_cast<std::int64_t>(code), system_message(code)}; }

OsError last_os_error(const char* api) { return os_error(api, GetLastError()); }

// ---- Paths ----

namespace {

bool is_separator(wchar_t c) { return c == L'\\' || c == L'/'; }

bool is_drive_absolute(const std::wstring& path) {
    return path.size() >= 3 && ((path[0] >= L'A' && path[0] <= L'Z') || (path[0] >= L'a' && path[0] <= L'z')) &&
           path[1] == L':' && is_separator(path[2]);
}

bool is_unc(const std::wstring& path) { return path.size() >= 3 && is_separator(path[0]) && is_separator(path[1]); }

// GetFullPathNameW works on paths of any length, unlike most APIs that take a plain path.
std::wstring full_path_name(const std::wstring& path) {
    std::wstring full;
    DWORD error = 0;
    const bool ok = fill_wide_string(
        [&](wchar_t* buffer, DWORD* size) {
            const DWORD needed = GetFullPathNameW(path.c_str(), *size, buffer, nullptr);
            if (needed == 0) return FALSE;
            if (needed >= *size) {  // too small: the answer is the size needed, NUL included
                *size = needed;
                SetLastError(ERROR_INSUFFICIENT_BUFFER);
                return FALSE;
            }
            return TRUE;
        },
        full, error);
    return ok ? full : path;
}

}  // namespace

std::wstring with_long_path_prefix(const std::wstring& path) {
    if (path.size() < MAX_PATH) return path;
    // "\\?\" and "\\.\" paths already bypass normalisation and the length limit.
    if (starts_with(path, L"\\\\?\\") || starts_with(path, L"\\\\.\\")) return path;
    if (is_drive_absolute(path)) return L"\\\\?\\" + full_path_name(path);
    if (is_unc(path)) {
        const std::wstring full = full_path_name(path);  // "\\server\share\..."
        return L"\\\\?\\UNC\\" + full.substr(2);
    }
    return path;  // relative: the system's own length limit applies
}

}  // namespace ic::os::win32
