#pragma once
/// \file
/// Staging helpers for the Win32 probe tests. State is created with the raw Win32 API (never through the
/// probe under test) and removed by destructors, so a failing assertion still cleans up.

#include <gtest/gtest.h>
#include <windows.h>

#include <string>

#include "imagechecker/os/result.h"

namespace ic::os::win32::testing {

/// ASSERT_TRUE(succeeded(result)) prints the OsError (api, code, message) when a probe fails.
template <typename Result>
::testing::AssertionResult succeeded(const Result& result) {
    if (result) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << result.error().api << " failed with error " << result.error().code << " ("
                                         << result.error().message << ")";
}

/// A name no other test run uses at the same time: "<prefix>_<process id>_<tick count>".
inline std::wstring unique_name(const wchar_t* prefix) {
    return std::wstring(prefix) + L"_" + std::to_wstring(GetCurrentProcessId()) + L"_" +
           std::to_wstring(GetTickCount64());
}

/// True under Wine, which exports wine_get_version from ntdll; used to skip Wine-only expectations.
inline bool running_under_wine() {
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll != nullptr && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

inline std::wstring temp_dir() {
    wchar_t buffer[MAX_PATH + 1] = {};
    const DWORD length = GetTempPathW(MAX_PATH + 1, buffer);
    std::wstring path(buffer, length);
    if (!path.empty() && path.back() == L'\\') path.pop_back();
    return path;
}

/// A registry key tree created for one test and deleted with everything under it afterwards. When the
/// parent ("...\ImageCheckerTest") is left empty, it is removed as well.
class ScopedRegistryTree {
public:
    ScopedRegistryTree(HKEY root, std::wstring parent, std::wstring leaf)
        : root_(root), parent_(std::move(parent)), leaf_(std::move(leaf)) {}
    ScopedRegistryTree(const ScopedRegistryTree&) = delete;
    ScopedRegistryTree& operator=(const ScopedRegistryTree&) = delete;
    ~ScopedRegistryTree() {
        HKEY parent = nullptr;
        if (RegOpenKeyExW(root_, parent_.c_str(), 0, KEY_ALL_ACCESS | KEY_WOW64_64KEY, &parent) == ERROR_SUCCESS) {
            RegDeleteTreeW(parent, leaf_.c_str());
            RegCloseKey(parent);
        }
        RegDeleteKeyExW(root_, parent_.c_str(), KEY_WOW64_64KEY, 0);  // fails, harmlessly, unless empty
    }
    [[nodiscard]] std::wstring path() const { return parent_ + L"\\" + leaf_; }

private:
    HKEY root_;
    std::wstring parent_;
    std::wstring leaf_;
};

/// A file or empty folder removed at the end of the test.
class ScopedPath {
public:
    explicit ScopedPath(std::wstring path, bool directory) : path_(std::move(path)), directory_(directory) {}
    ScopedPath(const ScopedPath&) = delete;
    ScopedPath& operator=(const ScopedPath&) = delete;
    ~ScopedPath() {
        if (directory_) {
            RemoveDirectoryW(path_.c_str());
        } else {
            DeleteFileW(path_.c_str());
        }
    }
    [[nodiscard]] const std::wstring& path() const { return path_; }

private:
    std::wstring path_;
    bool directory_;
};

/// Writes `size` bytes to a new file; returns false if it cannot.
inline bool write_file(const std::wstring& path, DWORD size) {
    const HANDLE file = CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) return false;
    const std::string content(size, 'x');
    DWORD written = 0;
    const BOOL ok = WriteFile(file, content.data(), size, &written, nullptr);
    CloseHandle(file);
    return ok && written == size;
}

}  // namespace ic::os::win32::testing
