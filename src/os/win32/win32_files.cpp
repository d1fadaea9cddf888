#include "win32_directory_walk.h"
#include "win32_system.h"
#include "win32_util.h"

namespace ic::os::win32 {

namespace {

FileStat stat_from(DWORD attributes, DWORD size_high, DWORD size_low) {
    FileStat stat;
    stat.is_directory = (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    stat.size = stat.is_directory ? 0 : (static_cast<std::uint64_t>(size_high) << 32U) | size_low;
    return stat;
}

// Files the system holds open without sharing (pagefile.sys, hiberfil.sys) refuse
// GetFileAttributesExW with ERROR_SHARING_VIOLATION, yet their directory entry is readable.
std::optional<FileStat> stat_from_directory_entry(const std::wstring& path) {
    if (path.find_first_of(L"*?") != std::wstring::npos) return std::nullopt;  // would be read as a pattern
    WIN32_FIND_DATAW entry{};
    const HANDLE search = FindFirstFileExW(path.c_str(), FindExInfoBasic, &entry, FindExSearchNameMatch, nullptr, 0);
    if (search == INVALID_HANDLE_VALUE) return std::nullopt;
    FindClose(search);
    return stat_from(entry.dwFileAttributes, entry.nFileSizeHigh, entry.nFileSizeLow);
}

// ---- Where a walk starts ----

bool is_separator(wchar_t c) { return c == L'\\' || c == L'/'; }

// The folder as an absolute `\\?\` path, so that the walk reaches paths of any length and names that
// Win32 would otherwise alter (trailing dots and spaces), with what a readable path has instead.
WalkRoot walk_root(const std::string& path) {
    std::wstring full = to_wide(path);
    WalkRoot root;
    if (starts_with(full, L"\\\\?\\") || starts_with(full, L"\\\\.\\")) {
        // Already native: shown as given, less the prefix ("\\?\UNC\server" becomes "\\server").
        const bool unc = starts_with(full, L"\\\\?\\UNC\\");
        root.native_prefix = unc ? 8 : 4;
        root.readable_prefix = unc ? L"\\\\" : L"";
        root.native = std::move(full);
    } else {
        DWORD error = 0;
        std::wstring absolute;
        const bool ok = fill_wide_string(
            [&](wchar_t* buffer, DWORD* size) {
                const DWORD needed = GetFullPathNameW(full.c_str(), *size, buffer, nullptr);
                if (needed == 0) return FALSE;
                if (needed >= *size) {
                    *size = needed;
                    SetLastError(ERROR_INSUFFICIENT_BUFFER);
                    return FALSE;
                }
                return TRUE;
            },
            absolute, error);
        if (ok) full = std::move(absolute);
        if (full.size() >= 2 && is_separator(full[0]) && is_separator(full[1])) {
            root.native = L"\\\\?\\UNC\\" + full.substr(2);
            root.native_prefix = 8;
            root.readable_prefix = L"\\\\";
        } else {
            root.native = L"\\\\?\\" + full;
            root.native_prefix = 4;
        }
    }
    while (root.native.size() > root.native_prefix && is_separator(root.native.back())) root.native.pop_back();
    return root;
}

// The path to ask GetFileAttributesExW about the root: a drive ("\\?\C:") or a share
// ("\\?\UNC\server\share") is only understood with its trailing backslash.
std::wstring attributes_path(const WalkRoot& root) {
    const std::wstring& native = root.native;
    if (native.size() == root.native_prefix + 2 && native[native.size() - 1] == L':') return native + L'\\';
    if (root.readable_prefix == L"\\\\" &&
        std::count(native.begin() + static_cast<std::ptrdiff_t>(root.native_prefix), native.end(), L'\\') == 1) {
        return native + L'\\';
    }
    return native;
}

}  // namespace

Result<std::optional<FileStat>> Win32FileProbe::stat(const std::string& path) {
    using Answer = std::optional<FileStat>;
    const std::wstring native = with_long_path_prefix(to_wide(path));

    WIN32_FILE_ATTRIBUTE_DATA data{};
    if (GetFileAttributesExW(native.c_str(), GetFileExInfoStandard, &data)) {
        return Answer{stat_from(data.dwFileAttributes, data.nFileSizeHigh, data.nFileSizeLow)};
    }
    const DWORD error = GetLastError();
    if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) return Answer{};
    if (error == ERROR_SHARING_VIOLATION) {
        if (Answer entry = stat_from_directory_entry(native)) return entry;
    }
    return os_error("GetFileAttributesExW", error);
}

Result<std::optional<DirectoryUsage>> Win32FileProbe::directory_usage(const std::string& path, std::size_t top,
                                                                      std::size_t long_path_threshold,
                                                                      const StopRequested& stop) {
    using Answer = std::optional<DirectoryUsage>;
    const WalkRoot root = walk_root(path);

    WIN32_FILE_ATTRIBUTE_DATA data{};
    if (!GetFileAttributesExW(attributes_path(root).c_str(), GetFileExInfoStandard, &data)) {
        const DWORD error = GetLastError();
        if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) return Answer{};
        return os_error("GetFileAttributesExW", error);
    }
    // A file is not a tree; saying so beats a usage of one file that a check could misread.
    if ((data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) == 0) return os_error("FindFirstFileExW", ERROR_DIRECTORY);

    FindFileLister lister;
    Result<DirectoryUsage> usage = walk_directory_tree(lister, root, top, long_path_threshold, stop);
    if (!usage) return usage.error();
    return Answer{std::move(usage).value()};
}

Result<std::optional<std::string>> Win32FileProbe::read_file(const std::string& path, std::size_t max_bytes) {
    using Answer = std::optional<std::string>;
    const std::wstring native = with_long_path_prefix(to_wide(path));
    // Shared with writers and deleters: an answer file an agent holds open is still read.
    const HANDLE opened = CreateFileW(native.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                      nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (opened == INVALID_HANDLE_VALUE) {
        const DWORD error = GetLastError();
        if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) return Answer{};
        return os_error("CreateFileW", error);
    }
    const UniqueHandle file(opened);
    std::string bytes;
    char buffer[16384];
    for (;;) {
        DWORD got = 0;
        if (!ReadFile(file.get(), buffer, sizeof buffer, &got, nullptr)) return last_os_error("ReadFile");
        if (got == 0) break;
        bytes.append(buffer, got);
        if (bytes.size() > max_bytes) {
            return OsError{"ReadFile", ERROR_FILE_TOO_LARGE,
                           "the file is larger than the " + std::to_string(max_bytes) + " bytes that are read"};
        }
    }
    return Answer{std::move(bytes)};
}

}  // namespace ic::os::win32
