#pragma once
/// \file
/// Staging helpers for the checks-on-the-real-machine tests. State is created with the raw Win32 API
/// (never through the probes under test) and every helper puts back what it changed in its destructor,
/// so a failing assertion still leaves the registry, the service manager, the drive letters and the
/// file system as they were. Nothing here deletes anything it did not create itself.

#include <gtest/gtest.h>
#include <windows.h>
#include <winioctl.h>  // FSCTL_SET_SPARSE (left out by WIN32_LEAN_AND_MEAN)

#include <cstdint>
#include <cstring>
#include <cwctype>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ic::wine_checks {

// ---- Text ----

inline std::wstring wide(const std::string& text) {
    if (text.empty()) return {};
    const int length = MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
    std::wstring out(static_cast<std::size_t>(length), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), out.data(), length);
    return out;
}

inline std::string utf8(const std::wstring& text) {
    if (text.empty()) return {};
    const int length = WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0, nullptr, nullptr);
    std::string out(static_cast<std::size_t>(length), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), out.data(), length, nullptr, nullptr);
    return out;
}

/// A name no other run uses at the same time: "<prefix>_<process id>_<tick count>".
inline std::wstring unique_name(const wchar_t* prefix) {
    return std::wstring(prefix) + L"_" + std::to_wstring(GetCurrentProcessId()) + L"_" + std::to_wstring(GetTickCount64());
}

/// True under Wine, which exports wine_get_version from ntdll.
inline bool running_under_wine() {
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll != nullptr && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

// ---- Registry (HKLM, 64-bit view) ----

constexpr REGSAM kView = KEY_WOW64_64KEY;

/// A value exactly as the registry holds it: native type and bytes.
struct RawValue {
    DWORD type = REG_NONE;
    std::vector<BYTE> data;
    friend bool operator==(const RawValue& a, const RawValue& b) { return a.type == b.type && a.data == b.data; }
    friend bool operator!=(const RawValue& a, const RawValue& b) { return !(a == b); }
};

inline void PrintTo(const RawValue& value, std::ostream* out) {
    *out << "type " << value.type << ", " << value.data.size() << " bytes";
    if (value.type == REG_SZ || value.type == REG_EXPAND_SZ || value.type == REG_MULTI_SZ) {
        std::wstring text(value.data.size() / sizeof(wchar_t), L'\0');
        if (!text.empty()) std::memcpy(text.data(), value.data.data(), text.size() * sizeof(wchar_t));
        for (auto& c : text)
            if (c == L'\0') c = L'|';
        *out << " \"" << utf8(text) << "\"";
    } else if (value.type == REG_DWORD && value.data.size() == 4) {
        *out << " " << (value.data[0] | value.data[1] << 8 | value.data[2] << 16 | static_cast<DWORD>(value.data[3]) << 24);
    }
}

/// A string value as Windows writes it: UTF-16 with its terminating NUL.
inline RawValue string_value(DWORD type, const std::wstring& text) {
    RawValue value{type, {}};
    const auto* first = reinterpret_cast<const BYTE*>(text.c_str());
    value.data.assign(first, first + (text.size() + 1) * sizeof(wchar_t));
    return value;
}

inline RawValue dword_value(DWORD number) {
    RawValue value{REG_DWORD, std::vector<BYTE>(4)};
    std::memcpy(value.data.data(), &number, 4);
    return value;
}

/// Every value of a key, by exact name (so a renamed value shows up as a difference).
using ValueSet = std::map<std::wstring, RawValue>;

inline bool key_exists(const std::wstring& path) {
    HKEY key = nullptr;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path.c_str(), 0, KEY_QUERY_VALUE | kView, &key) != ERROR_SUCCESS) return false;
    RegCloseKey(key);
    return true;
}

inline std::optional<RawValue> read_raw(const std::wstring& path, const std::wstring& name) {
    HKEY key = nullptr;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path.c_str(), 0, KEY_QUERY_VALUE | kView, &key) != ERROR_SUCCESS) return std::nullopt;
    RawValue value;
    DWORD size = 0;
    LSTATUS status = RegQueryValueExW(key, name.c_str(), nullptr, &value.type, nullptr, &size);
    if (status == ERROR_SUCCESS) {
        value.data.resize(size);
        status = RegQueryValueExW(key, name.c_str(), nullptr, &value.type, size > 0 ? value.data.data() : nullptr, &size);
        value.data.resize(size);
    }
    RegCloseKey(key);
    if (status != ERROR_SUCCESS) return std::nullopt;
    return value;
}

/// Creates the key when needed; false when the value could not be written.
inline bool write_raw(const std::wstring& path, const std::wstring& name, const RawValue& value) {
    HKEY key = nullptr;
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, path.c_str(), 0, nullptr, 0, KEY_SET_VALUE | kView, nullptr, &key, nullptr) !=
        ERROR_SUCCESS) {
        return false;
    }
    const LSTATUS status = RegSetValueExW(key, name.c_str(), 0, value.type, value.data.empty() ? nullptr : value.data.data(),
                                          static_cast<DWORD>(value.data.size()));
    RegCloseKey(key);
    return status == ERROR_SUCCESS;
}

inline void delete_raw(const std::wstring& path, const std::wstring& name) {
    HKEY key = nullptr;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path.c_str(), 0, KEY_SET_VALUE | kView, &key) != ERROR_SUCCESS) return;
    RegDeleteValueW(key, name.c_str());
    RegCloseKey(key);
}

inline ValueSet read_value_set(const std::wstring& path) {
    ValueSet values;
    HKEY key = nullptr;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path.c_str(), 0, KEY_QUERY_VALUE | kView, &key) != ERROR_SUCCESS) return values;
    DWORD longest_name = 0;
    DWORD longest_data = 0;
    RegQueryInfoKeyW(key, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, &longest_name, &longest_data, nullptr,
                     nullptr);
    for (DWORD index = 0;; ++index) {
        std::wstring name(longest_name + 1, L'\0');
        DWORD name_length = longest_name + 1;
        RawValue value{REG_NONE, std::vector<BYTE>(longest_data + 1)};
        DWORD size = longest_data + 1;
        const LSTATUS status = RegEnumValueW(key, index, name.data(), &name_length, nullptr, &value.type, value.data.data(), &size);
        if (status != ERROR_SUCCESS) {
            EXPECT_EQ(status, ERROR_NO_MORE_ITEMS) << "RegEnumValueW";
            break;
        }
        name.resize(name_length);
        value.data.resize(size);
        values.emplace(std::move(name), std::move(value));
    }
    RegCloseKey(key);
    return values;
}

inline void delete_key_tree(const std::wstring& path) {
    const auto slash = path.rfind(L'\\');
    if (slash == std::wstring::npos) return;  // never a hive's top-level key
    HKEY parent = nullptr;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path.substr(0, slash).c_str(), 0, KEY_ALL_ACCESS | kView, &parent) != ERROR_SUCCESS) return;
    RegDeleteTreeW(parent, path.substr(slash + 1).c_str());
    RegCloseKey(parent);
}

/// Creates an HKLM key (and its missing parents) and, afterwards, deletes the topmost key it had to
/// create, with everything under it. A key that already existed is left alone.
class ScopedKey {
public:
    explicit ScopedKey(std::wstring path) : path_(std::move(path)) {
        for (std::size_t end = path_.find(L'\\');; end = path_.find(L'\\', end + 1)) {
            const std::wstring prefix = path_.substr(0, end);
            if (!key_exists(prefix)) {
                created_root_ = prefix;
                break;
            }
            if (end == std::wstring::npos) break;
        }
        HKEY key = nullptr;
        ok_ = RegCreateKeyExW(HKEY_LOCAL_MACHINE, path_.c_str(), 0, nullptr, 0, KEY_ALL_ACCESS | kView, nullptr, &key, nullptr) ==
              ERROR_SUCCESS;
        if (ok_) RegCloseKey(key);
    }
    ScopedKey(const ScopedKey&) = delete;
    ScopedKey& operator=(const ScopedKey&) = delete;
    ~ScopedKey() {
        if (!created_root_.empty()) delete_key_tree(created_root_);
    }
    [[nodiscard]] bool ok() const { return ok_; }
    [[nodiscard]] const std::wstring& path() const { return path_; }
    /// The topmost key this created ("" when the key existed already).
    [[nodiscard]] const std::wstring& created_root() const { return created_root_; }

private:
    std::wstring path_;
    std::wstring created_root_;
    bool ok_ = false;
};

/// Remembers one value (or its absence) and puts it back afterwards.
class ScopedValue {
public:
    ScopedValue(std::wstring path, std::wstring name)
        : path_(std::move(path)), name_(std::move(name)), old_(read_raw(path_, name_)) {}
    ScopedValue(const ScopedValue&) = delete;
    ScopedValue& operator=(const ScopedValue&) = delete;
    ~ScopedValue() {
        if (old_) write_raw(path_, name_, *old_);
        else delete_raw(path_, name_);
    }
    [[nodiscard]] const std::optional<RawValue>& old() const { return old_; }

private:
    std::wstring path_;
    std::wstring name_;
    std::optional<RawValue> old_;
};

/// Remembers every value of a key and, on restore() or afterwards, writes each back exactly and
/// deletes the values that were not there.
class ScopedValueSet {
public:
    explicit ScopedValueSet(std::wstring path) : path_(std::move(path)), saved_(read_value_set(path_)) {}
    ScopedValueSet(const ScopedValueSet&) = delete;
    ScopedValueSet& operator=(const ScopedValueSet&) = delete;
    ~ScopedValueSet() { restore(); }
    void restore() const {
        for (const auto& [name, value] : read_value_set(path_))
            if (saved_.count(name) == 0) delete_raw(path_, name);
        for (const auto& [name, value] : saved_) write_raw(path_, name, value);
    }
    [[nodiscard]] const ValueSet& saved() const { return saved_; }

private:
    std::wstring path_;
    ValueSet saved_;
};

// ---- Services ----

class ScHandle {
public:
    explicit ScHandle(SC_HANDLE handle = nullptr) : handle_(handle) {}
    ScHandle(const ScHandle&) = delete;
    ScHandle& operator=(const ScHandle&) = delete;
    ~ScHandle() {
        if (handle_) CloseServiceHandle(handle_);
    }
    [[nodiscard]] SC_HANDLE get() const { return handle_; }
    explicit operator bool() const { return handle_ != nullptr; }

private:
    SC_HANDLE handle_;
};

/// dwStartType as QueryServiceConfigW reports it; nullopt when the service cannot be read.
inline std::optional<DWORD> native_start_type(const std::wstring& name) {
    const ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!manager) return std::nullopt;
    const ScHandle service(OpenServiceW(manager.get(), name.c_str(), SERVICE_QUERY_CONFIG));
    if (!service) return std::nullopt;
    DWORD needed = 0;
    QueryServiceConfigW(service.get(), nullptr, 0, &needed);
    std::vector<std::uint64_t> buffer(needed / sizeof(std::uint64_t) + 1);
    auto* config = reinterpret_cast<QUERY_SERVICE_CONFIGW*>(buffer.data());
    if (!QueryServiceConfigW(service.get(), config, static_cast<DWORD>(buffer.size() * sizeof(std::uint64_t)), &needed)) {
        return std::nullopt;
    }
    return config->dwStartType;
}

inline bool set_native_start_type(const std::wstring& name, DWORD start_type) {
    const ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!manager) return false;
    const ScHandle service(OpenServiceW(manager.get(), name.c_str(), SERVICE_CHANGE_CONFIG));
    if (!service) return false;
    return ChangeServiceConfigW(service.get(), SERVICE_NO_CHANGE, start_type, SERVICE_NO_CHANGE, nullptr, nullptr, nullptr, nullptr,
                                nullptr, nullptr, nullptr) != FALSE;
}

/// Puts a service's start type back to what it was when this was created.
class ScopedStartType {
public:
    explicit ScopedStartType(std::wstring service) : service_(std::move(service)), original_(native_start_type(service_)) {}
    ScopedStartType(const ScopedStartType&) = delete;
    ScopedStartType& operator=(const ScopedStartType&) = delete;
    ~ScopedStartType() { restore(); }
    bool restore() const { return original_ && set_native_start_type(service_, *original_); }
    [[nodiscard]] const std::optional<DWORD>& original() const { return original_; }

private:
    std::wstring service_;
    std::optional<DWORD> original_;
};

/// A demand-start service that is never started, deleted afterwards.
class ScopedService {
public:
    ScopedService(const std::wstring& name, const wchar_t* account, const wchar_t* password) : name_(name) {
        manager_ = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_ALL_ACCESS);
        if (!manager_) return;
        service_ = CreateServiceW(manager_, name.c_str(), L"ImageChecker check test service", SERVICE_ALL_ACCESS,
                                  SERVICE_WIN32_OWN_PROCESS, SERVICE_DEMAND_START, SERVICE_ERROR_IGNORE,
                                  L"C:\\windows\\system32\\notepad.exe", nullptr, nullptr, nullptr, account, password);
        error_ = service_ ? ERROR_SUCCESS : GetLastError();
    }
    ScopedService(const ScopedService&) = delete;
    ScopedService& operator=(const ScopedService&) = delete;
    ~ScopedService() { remove(); }
    void remove() {
        if (service_) {
            DeleteService(service_);
            CloseServiceHandle(service_);
            service_ = nullptr;
        }
        if (manager_) {
            CloseServiceHandle(manager_);
            manager_ = nullptr;
        }
    }
    [[nodiscard]] DWORD error() const { return manager_ ? error_ : GetLastError(); }
    [[nodiscard]] bool created() const { return service_ != nullptr; }
    [[nodiscard]] const std::wstring& name() const { return name_; }

private:
    std::wstring name_;
    SC_HANDLE manager_ = nullptr;
    SC_HANDLE service_ = nullptr;
    DWORD error_ = ERROR_SUCCESS;
};

// ---- Drive letters ----

inline bool path_exists(const std::wstring& path) { return GetFileAttributesW(path.c_str()) != INVALID_FILE_ATTRIBUTES; }

inline bool drive_letter_in_use(wchar_t letter) { return (GetLogicalDrives() & (1UL << (letter - L'A'))) != 0; }

/// A letter pointed at a folder with DefineDosDeviceW (what `subst` does), removed afterwards.
class ScopedDosDevice {
public:
    ScopedDosDevice(wchar_t letter, const std::wstring& target) : device_{letter, L':', L'\0'} {
        defined_ = DefineDosDeviceW(0, device_, target.c_str()) != FALSE;
        if (!defined_) error_ = GetLastError();
    }
    ScopedDosDevice(const ScopedDosDevice&) = delete;
    ScopedDosDevice& operator=(const ScopedDosDevice&) = delete;
    ~ScopedDosDevice() { remove(); }
    void remove() {
        if (defined_) DefineDosDeviceW(DDD_REMOVE_DEFINITION, device_, nullptr);
        defined_ = false;
    }
    [[nodiscard]] bool defined() const { return defined_; }
    [[nodiscard]] DWORD error() const { return error_; }

private:
    wchar_t device_[3];
    bool defined_ = false;
    DWORD error_ = ERROR_SUCCESS;
};

/// Wine's own way to give a drive letter to a folder (winecfg's): the mount manager's Wine extension
/// IOCTL_MOUNTMGR_DEFINE_UNIX_DRIVE (include/ddk/mountmgr.h), which writes $WINEPREFIX/dosdevices/<x>:.
namespace wine_mountmgr {
constexpr DWORD kDefineUnixDrive = CTL_CODE(static_cast<DWORD>('m'), 32, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS);
struct UnixDrive {
    ULONG size;
    ULONG type;
    ULONG fs_type;
    DWORD serial;
    ULONGLONG unix_dev;
    WCHAR letter;
    USHORT mount_point_offset;
    USHORT device_offset;
    USHORT label_offset;
};

/// Points `letter` at a Unix folder (`unix_path` set) or removes it (nullptr); false with the error set.
inline bool define(wchar_t letter, const char* unix_path, DWORD type) {
    std::vector<char> buffer(sizeof(UnixDrive) + (unix_path ? std::strlen(unix_path) + 1 : 0));
    auto* drive = reinterpret_cast<UnixDrive*>(buffer.data());
    drive->size = static_cast<ULONG>(buffer.size());
    drive->type = type;
    drive->letter = static_cast<WCHAR>(towlower(letter));
    if (unix_path) {
        std::memcpy(buffer.data() + sizeof(UnixDrive), unix_path, std::strlen(unix_path) + 1);
        drive->mount_point_offset = sizeof(UnixDrive);
    }
    const HANDLE manager = CreateFileW(L"\\\\.\\MountPointManager", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                       nullptr, OPEN_EXISTING, 0, nullptr);
    if (manager == INVALID_HANDLE_VALUE) return false;
    DWORD returned = 0;
    const BOOL ok = DeviceIoControl(manager, kDefineUnixDrive, buffer.data(), static_cast<DWORD>(buffer.size()), nullptr, 0, &returned,
                                    nullptr);
    const DWORD error = GetLastError();
    CloseHandle(manager);
    SetLastError(error);
    return ok != FALSE;
}

/// The Unix path of a Windows path (kernel32's wine_get_unix_file_name); "" outside Wine.
inline std::string unix_path_of(const std::wstring& path) {
    using Function = char*(CDECL*)(LPCWSTR);
    const auto function = reinterpret_cast<Function>(
        reinterpret_cast<void (*)()>(GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "wine_get_unix_file_name")));
    if (!function) return {};
    char* unix_path = function(path.c_str());
    if (!unix_path) return {};
    std::string text = unix_path;
    HeapFree(GetProcessHeap(), 0, unix_path);
    return text;
}
}  // namespace wine_mountmgr

/// A free drive letter pointed at a folder, so that files open through it, removed afterwards.
/// DefineDosDeviceW (what `subst` does) is enough on Windows. Wine 8 lists such a letter
/// (GetLogicalDrives, QueryDosDeviceW) but does not open files through it — it resolves drive
/// letters through $WINEPREFIX/dosdevices — so under Wine the letter is given the way winecfg gives
/// it, through the mount manager, as a fixed drive. The mount manager creates
/// HKLM\Software\Wine\Drives when it is missing; that key is deleted again when it is left empty.
class ScopedFolderDrive {
public:
    /// `check` is a path below the folder, relative to it, that must be reachable through the letter.
    ScopedFolderDrive(wchar_t letter, const std::wstring& folder, const std::wstring& check) : letter_(letter) {
        const wchar_t device[] = {letter, L':', L'\0'};
        const std::wstring through_letter = std::wstring(device) + L"\\" + check;
        if (DefineDosDeviceW(0, device, folder.c_str())) {
            if (path_exists(through_letter)) {
                method_ = "DefineDosDeviceW";
                return;
            }
            DefineDosDeviceW(DDD_REMOVE_DEFINITION, device, nullptr);
        }
        if (!running_under_wine()) return;
        const std::string unix_path = wine_mountmgr::unix_path_of(folder);
        if (unix_path.empty()) return;
        drives_key_existed_ = key_exists(kWineDrivesKey);
        if (!wine_mountmgr::define(letter, unix_path.c_str(), DRIVE_FIXED)) return;
        method_ = "Wine mount manager";
        if (!path_exists(through_letter)) method_ += " (but the folder is not reachable)";
    }
    ScopedFolderDrive(const ScopedFolderDrive&) = delete;
    ScopedFolderDrive& operator=(const ScopedFolderDrive&) = delete;
    ~ScopedFolderDrive() {
        if (method_ == "DefineDosDeviceW") {
            const wchar_t device[] = {letter_, L':', L'\0'};
            DefineDosDeviceW(DDD_REMOVE_DEFINITION, device, nullptr);
        } else if (!method_.empty()) {
            wine_mountmgr::define(letter_, nullptr, DRIVE_NO_ROOT_DIR);
            if (!drives_key_existed_) delete_key_if_empty(kWineDrivesKey);
        }
    }
    /// How the letter was defined; "" when it could not be.
    [[nodiscard]] const std::string& method() const { return method_; }

private:
    static constexpr const wchar_t* kWineDrivesKey = L"Software\\Wine\\Drives";

    static void delete_key_if_empty(const std::wstring& path) {
        HKEY key = nullptr;
        if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path.c_str(), 0, KEY_READ | kView, &key) != ERROR_SUCCESS) return;
        DWORD subkeys = 1;
        DWORD values = 1;
        RegQueryInfoKeyW(key, nullptr, nullptr, nullptr, &subkeys, nullptr, nullptr, &values, nullptr, nullptr, nullptr, nullptr);
        RegCloseKey(key);
        if (subkeys == 0 && values == 0) delete_key_tree(path);
    }

    wchar_t letter_;
    std::string method_;
    bool drives_key_existed_ = true;
};

// ---- Files ----

inline std::wstring temp_dir() {
    wchar_t buffer[MAX_PATH + 1] = {};
    const DWORD length = GetTempPathW(MAX_PATH + 1, buffer);
    std::wstring path(buffer, length);
    if (!path.empty() && path.back() == L'\\') path.pop_back();
    return path;
}


/// Writes `size` bytes of text to a new (or emptied) file.
inline bool write_file(const std::wstring& path, DWORD size) {
    const HANDLE file = CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) return false;
    const std::string content(size, 'x');
    DWORD written = 0;
    const BOOL ok = size == 0 || WriteFile(file, content.data(), size, &written, nullptr);
    CloseHandle(file);
    return ok && written == size;
}

/// Writes `content` to a new (or emptied) file.
inline bool write_text_file(const std::wstring& path, const std::string& content) {
    const HANDLE file = CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) return false;
    DWORD written = 0;
    const BOOL ok = content.empty() || WriteFile(file, content.data(), static_cast<DWORD>(content.size()), &written, nullptr);
    CloseHandle(file);
    return ok && written == content.size();
}

/// A file of `size` bytes with nothing written: SetFilePointerEx past the end, then SetEndOfFile
/// (marked sparse first where the file system allows it, so no disk space is used).
inline bool write_sparse_file(const std::wstring& path, std::uint64_t size) {
    const HANDLE file =
        CreateFileW(path.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) return false;
    DWORD ignored = 0;
    DeviceIoControl(file, FSCTL_SET_SPARSE, nullptr, 0, nullptr, 0, &ignored, nullptr);  // best effort
    LARGE_INTEGER end{};
    end.QuadPart = static_cast<LONGLONG>(size);
    const bool ok = SetFilePointerEx(file, end, nullptr, FILE_BEGIN) && SetEndOfFile(file);
    CloseHandle(file);
    return ok;
}

/// Deletes a folder tree this test created. Links are removed, never followed.
inline void remove_tree(const std::wstring& folder) {
    WIN32_FIND_DATAW entry{};
    const HANDLE search = FindFirstFileW((folder + L"\\*").c_str(), &entry);
    if (search != INVALID_HANDLE_VALUE) {
        do {
            const std::wstring name = entry.cFileName;
            if (name == L"." || name == L"..") continue;
            const std::wstring path = folder + L"\\" + name;
            const bool directory = (entry.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
            const bool link = (entry.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0;
            if (directory && !link) {
                remove_tree(path);
            } else if (directory) {
                RemoveDirectoryW(path.c_str());
            } else {
                SetFileAttributesW(path.c_str(), FILE_ATTRIBUTE_NORMAL);
                DeleteFileW(path.c_str());
            }
        } while (FindNextFileW(search, &entry));
        FindClose(search);
    }
    RemoveDirectoryW(folder.c_str());
}

/// A new, uniquely named folder under %TEMP%, deleted with its contents afterwards.
class ScopedTempFolder {
public:
    explicit ScopedTempFolder(const wchar_t* prefix) : path_(temp_dir() + L"\\" + unique_name(prefix)) {
        ok_ = CreateDirectoryW(path_.c_str(), nullptr) != FALSE;
    }
    ScopedTempFolder(const ScopedTempFolder&) = delete;
    ScopedTempFolder& operator=(const ScopedTempFolder&) = delete;
    ~ScopedTempFolder() {
        if (ok_) remove_tree(path_);
    }
    [[nodiscard]] bool ok() const { return ok_; }
    [[nodiscard]] const std::wstring& path() const { return path_; }

private:
    std::wstring path_;
    bool ok_ = false;
};

/// Folders and files created at fixed places (C:\ProgramData\...), each removed afterwards, newest
/// first, only if this created it.
class ScopedCreations {
public:
    ScopedCreations() = default;
    ScopedCreations(const ScopedCreations&) = delete;
    ScopedCreations& operator=(const ScopedCreations&) = delete;
    ~ScopedCreations() {
        for (auto it = created_.rbegin(); it != created_.rend(); ++it) {
            if (it->second) RemoveDirectoryW(it->first.c_str());
            else DeleteFileW(it->first.c_str());
        }
    }
    /// Creates the folder and its missing parents; false on failure.
    bool folder(const std::wstring& path) {
        for (std::size_t end = path.find(L'\\', 3);; end = path.find(L'\\', end + 1)) {
            const std::wstring prefix = path.substr(0, end);
            if (!path_exists(prefix)) {
                if (!CreateDirectoryW(prefix.c_str(), nullptr)) return false;
                created_.emplace_back(prefix, true);
            }
            if (end == std::wstring::npos) return true;
        }
    }
    /// Creates (or overwrites) a file of `size` bytes, noting it when it is new.
    bool file(const std::wstring& path, DWORD size) {
        const bool existed = path_exists(path);
        if (!write_file(path, size)) return false;
        if (!existed) created_.emplace_back(path, false);
        return true;
    }

    /// Creates (or overwrites) a file holding `content`, noting it when it is new.
    bool text_file(const std::wstring& path, const std::string& content) {
        const bool existed = path_exists(path);
        if (!write_text_file(path, content)) return false;
        if (!existed) created_.emplace_back(path, false);
        return true;
    }

private:
    std::vector<std::pair<std::wstring, bool>> created_;  // path, is a folder
};

}  // namespace ic::wine_checks
