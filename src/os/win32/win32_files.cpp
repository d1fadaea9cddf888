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

}  // namespace ic::os::win32
