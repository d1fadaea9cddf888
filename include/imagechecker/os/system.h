#pragma once
/// \file
/// The narrow, portable interfaces through which checks see the machine. No Win32 or toolkit type
/// appears here: strings are UTF-8, numbers are fixed-width, and every answer is a Result so a failed
/// call reaches the check as an OsError. Implementations: Win32 (src/os/win32), Linux (src/os/linux),
/// the in-memory fake shared by all tests (memory_system.h), and the recorder / replayer (recording.h).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "imagechecker/os/result.h"

namespace ic::os {

// ---- Registry ----

enum class RegistryHive { LocalMachine, CurrentUser, Users };

enum class RegistryValueType { String, ExpandString, MultiString, Dword, Qword, Binary, None };

/// A registry value with its type kept, so a fix can restore exactly what it replaced.
struct RegistryValue {
    RegistryValueType type = RegistryValueType::None;
    std::string text;                    ///< String and ExpandString (unexpanded), UTF-8
    std::vector<std::string> lines;      ///< MultiString
    std::uint64_t number = 0;            ///< Dword and Qword
    std::vector<std::uint8_t> bytes;     ///< Binary and None

    static RegistryValue string(std::string s) { return {RegistryValueType::String, std::move(s), {}, 0, {}}; }
    static RegistryValue expand_string(std::string s) { return {RegistryValueType::ExpandString, std::move(s), {}, 0, {}}; }
    static RegistryValue multi_string(std::vector<std::string> v) { return {RegistryValueType::MultiString, {}, std::move(v), 0, {}}; }
    static RegistryValue dword(std::uint32_t n) { return {RegistryValueType::Dword, {}, {}, n, {}}; }
    static RegistryValue qword(std::uint64_t n) { return {RegistryValueType::Qword, {}, {}, n, {}}; }
    static RegistryValue binary(std::vector<std::uint8_t> b) { return {RegistryValueType::Binary, {}, {}, 0, std::move(b)}; }

    /// How the value reads to a person: text as is, numbers in decimal, lines joined with "; ".
    [[nodiscard]] std::string display() const;
    friend bool operator==(const RegistryValue& a, const RegistryValue& b) {
        return a.type == b.type && a.text == b.text && a.lines == b.lines && a.number == b.number && a.bytes == b.bytes;
    }
    friend bool operator!=(const RegistryValue& a, const RegistryValue& b) { return !(a == b); }
};

/// Key paths are relative to the hive and use backslashes, e.g. "SOFTWARE\\Microsoft\\PowerShell\\3".
/// A missing key or value is an absent answer (false / nullopt / empty), never an error;
/// access denied and other failures are errors carrying the native code.
class RegistryProbe {
public:
    virtual ~RegistryProbe() = default;
    virtual Result<bool> key_exists(RegistryHive hive, const std::string& path) = 0;
    virtual Result<std::optional<RegistryValue>> read_value(RegistryHive hive, const std::string& path,
                                                            const std::string& name) = 0;
    /// Names of the subkeys; empty when the key is absent.
    virtual Result<std::vector<std::string>> subkeys(RegistryHive hive, const std::string& path) = 0;
    /// Creates the key (and its parents) when needed.
    virtual Result<void> write_value(RegistryHive hive, const std::string& path, const std::string& name,
                                     const RegistryValue& value) = 0;
    /// Deleting a value that is absent succeeds.
    virtual Result<void> delete_value(RegistryHive hive, const std::string& path, const std::string& name) = 0;
};

// ---- Services ----

enum class ServiceStartType { Boot, System, Automatic, Manual, Disabled, Unknown };
enum class ServiceState { Stopped, StartPending, StopPending, Running, ContinuePending, PausePending, Paused, Unknown };

/// One service as the service manager describes it.
struct ServiceInfo {
    std::string name;          ///< key name, e.g. "TermService"
    std::string display_name;  ///< e.g. "Remote Desktop Services"
    ServiceStartType start_type = ServiceStartType::Unknown;
    ServiceState state = ServiceState::Unknown;
    std::string account;       ///< the "log on as" name, e.g. "LocalSystem" or "CORP\\svc-sql"
    std::string binary_path;
    /// Set when the service is listed but its configuration could not be read (security products refuse
    /// SERVICE_QUERY_CONFIG): start type, account and binary path are then unknown; name, display name
    /// and state are still what the service manager listed.
    std::optional<OsError> config_error{};
};

class ServiceProbe {
public:
    virtual ~ServiceProbe() = default;
    /// Every Win32 service (drivers excluded). A service whose configuration cannot be read is listed
    /// with `config_error` set rather than failing the whole list.
    virtual Result<std::vector<ServiceInfo>> list() = 0;
    /// nullopt when no service has that name.
    virtual Result<std::optional<ServiceInfo>> find(const std::string& name) = 0;
    virtual Result<void> set_start_type(const std::string& name, ServiceStartType start_type) = 0;
    /// Asks the service to stop and waits (bounded) until it has; stopping a stopped service succeeds.
    virtual Result<void> stop(const std::string& name) = 0;
    /// Starts the service; starting a running service succeeds.
    virtual Result<void> start(const std::string& name) = 0;
    /// Changes the "log on as" account. Built-in accounts ("LocalSystem", "NT AUTHORITY\\LocalService",
    /// "NT AUTHORITY\\NetworkService") take an empty password.
    virtual Result<void> set_account(const std::string& name, const std::string& account, const std::string& password) = 0;
};

// ---- Volumes ----

enum class DriveType { Unknown, NoRootDir, Removable, Fixed, Network, CdRom, RamDisk, Virtual };

/// A drive letter that exists on the machine.
struct DriveInfo {
    char letter = 'C';
    DriveType type = DriveType::Unknown;
    std::string target;  ///< what the letter points at when it is a substitute or mapped drive (may be empty)
};

struct VolumeSpace {
    std::uint64_t free_bytes = 0;            ///< free on the volume, quotas aside
    std::uint64_t free_bytes_to_caller = 0;  ///< free for this user, after quotas
    std::uint64_t total_bytes = 0;
};

class VolumeProbe {
public:
    virtual ~VolumeProbe() = default;
    /// Every drive letter in use, in letter order (empty on systems without drive letters).
    virtual Result<std::vector<DriveInfo>> drives() = 0;
    /// Space on the volume holding `root`: "C:\\" on Windows, a mount point such as "/" on Linux.
    virtual Result<VolumeSpace> space(const std::string& root) = 0;
};

// ---- Files ----

struct FileStat {
    bool is_directory = false;
    std::uint64_t size = 0;
};

/// A folder and the bytes of every file below it.
struct FolderSize {
    std::string path;
    std::uint64_t bytes = 0;
    std::uint64_t files = 0;
};

/// What a walk of a folder tree found. Folders that are name surrogates (junctions, symbolic links,
/// mount points) are counted but never followed; other reparse folders (cloud files such as OneDrive's,
/// deduplicated folders) are walked. Folders that cannot be listed are counted and named, not fatal.
struct DirectoryUsage {
    std::uint64_t total_bytes = 0;                 ///< sum of file sizes (logical size, not allocation), placeholders included
    std::uint64_t files = 0;
    std::uint64_t folders = 0;                     ///< below the root, not counting it
    std::uint64_t reparse_points_skipped = 0;      ///< junctions, symbolic links and mount points not followed
    std::uint64_t unreadable_folders = 0;
    std::vector<std::string> unreadable_examples;  ///< the first few, with the reason: "path (error 5)"
    std::vector<FolderSize> largest_folders;       ///< the root's immediate subfolders, largest first (at most `top`)
    std::uint64_t long_paths = 0;                  ///< entries whose full path is `long_path_threshold` characters or more
    std::vector<std::string> long_path_examples;   ///< the first few of them
    std::uint64_t reparse_folders_walked = 0;      ///< cloud and deduplicated folders that were walked into
    /// Files whose data is not on this disk (cloud placeholders, offline files: RECALL_ON_DATA_ACCESS,
    /// RECALL_ON_OPEN or OFFLINE) and their logical size, which is part of total_bytes.
    std::uint64_t placeholder_files = 0;
    std::uint64_t placeholder_bytes = 0;
};

/// Asked between entries by long operations; true means "stop now" (the check was cancelled).
using StopRequested = std::function<bool()>;

/// The error a walk returns when `StopRequested` said stop (ERROR_CANCELLED's number on every OS).
constexpr std::int64_t kWalkStoppedCode = 1223;

class FileProbe {
public:
    virtual ~FileProbe() = default;
    /// nullopt when nothing exists at `path`.
    virtual Result<std::optional<FileStat>> stat(const std::string& path) = 0;
    /// Walks the tree under `path`; nullopt when `path` does not exist. `top` bounds largest_folders;
    /// `long_path_threshold` is in characters of the full path (0 turns the count off). `stop` (may be
    /// empty) is polled as the walk goes; when it says stop, the walk ends promptly with an error whose
    /// code is kWalkStoppedCode.
    virtual Result<std::optional<DirectoryUsage>> directory_usage(const std::string& path, std::size_t top,
                                                                  std::size_t long_path_threshold,
                                                                  const StopRequested& stop = {}) = 0;
    /// The bytes of a file, up to `max_bytes`; nullopt when nothing exists at `path`. A larger file is an
    /// error (the callers read small answer files, never data).
    virtual Result<std::optional<std::string>> read_file(const std::string& path, std::size_t max_bytes) = 0;
};

// ---- Network ----

/// One network adapter with what matters for imaging: whether IPv4 comes from DHCP, and whether it is
/// the machine's own adapter or one a VPN client or other software added.
struct NetworkAdapter {
    std::string name;         ///< friendly name, e.g. "Ethernet 2"
    std::string description;  ///< e.g. "Amazon Elastic Network Adapter"
    bool is_loopback = false;
    bool is_up = false;
    bool dhcp_enabled = false;                 ///< IPv4 DHCP
    std::vector<std::string> ipv4_addresses;   ///< "10.0.1.23/24"
    /// IANA interface type (IfType): 6 Ethernet, 71 Wi-Fi, 24 loopback, 131 tunnel, 23 PPP, 53
    /// proprietary virtual; 0 when not known (recordings made before it was recorded).
    std::uint32_t interface_type = 0;
    /// Whether the OS says a hardware device is behind the adapter (MIB_IF_ROW2 HardwareInterface);
    /// nullopt when not known.
    std::optional<bool> hardware{};
};

class NetworkProbe {
public:
    virtual ~NetworkProbe() = default;
    virtual Result<std::vector<NetworkAdapter>> adapters() = 0;
};

// ---- Management (WMI) ----

/// One object a management query returned: property name -> value as text ("" for null).
using ManagementRow = std::vector<std::pair<std::string, std::string>>;

/// Queries the management service (WMI on Windows) where no plain API exists: licensing, BitLocker.
class ManagementProbe {
public:
    virtual ~ManagementProbe() = default;
    /// Runs a WQL query in a namespace such as "root\\CIMV2" and returns the named properties of each row.
    virtual Result<std::vector<ManagementRow>> query(const std::string& wmi_namespace, const std::string& wql,
                                                     const std::vector<std::string>& properties) = 0;
};

// ---- Packages ----

class PackageProbe {
public:
    virtual ~PackageProbe() = default;
    /// Removes an AppX package (by full name) for every user. Not undoable: the package's files go.
    virtual Result<void> remove_appx(const std::string& package_full_name) = 0;
};

// ---- Host ----

enum class OsFamily { Windows, Linux, Other };

/// What the operating system says it is.
struct OsFacts {
    OsFamily family = OsFamily::Other;
    std::string product_name;     ///< "Windows 10 Enterprise", "Debian GNU/Linux 12 (bookworm)"
    std::string version;          ///< "10.0" / "22H2" style display version where the OS has one
    std::string build;            ///< "19045" on Windows, kernel release on Linux
    std::string edition;          ///< "Enterprise", "ServerDatacenter", or empty
};

class HostProbe {
public:
    virtual ~HostProbe() = default;
    virtual Result<OsFacts> os() = 0;
    /// The DNS host name ("IMAGEBUILDER-WIN10").
    virtual Result<std::string> machine_name() = 0;
    /// The NetBIOS name (at most 15 characters, "IMAGEBUILDER-WI"): how local accounts are written.
    virtual Result<std::string> netbios_name() = 0;
    /// The user signed in at the console (the WorkSpace user when run there); may be empty.
    virtual Result<std::string> interactive_user() = 0;
    /// The account this process runs as.
    virtual Result<std::string> current_user() = 0;
    /// True when the process holds administrator (Windows) or root (Linux) rights.
    virtual Result<bool> elevated() = 0;
    /// Expands %VARIABLES% (Windows) or $VARIABLES (Linux) against the system environment.
    virtual Result<std::string> expand(const std::string& text) = 0;
    /// The security identifier of an account ("S-1-5-21-…"); nullopt when no such account exists.
    virtual Result<std::optional<std::string>> account_sid(const std::string& account) = 0;
    /// The account a SID names, as "DOMAIN\\name"; nullopt when no account has that SID.
    virtual Result<std::optional<std::string>> account_name(const std::string& sid) = 0;
    /// The groups an account belongs to, local and (on a domain member) domain, as "DOMAIN\\Group".
    virtual Result<std::vector<std::string>> account_groups(const std::string& account) = 0;
    /// Tells running programs that the system environment changed (WM_SETTINGCHANGE "Environment").
    virtual Result<void> broadcast_environment_change() = 0;
};

// ---- A Linux system's tree ----

enum class TreeEntryKind { File, Directory, Symlink, Other };

/// One entry of a Linux system's tree, as lstat sees it (links are not followed).
struct TreeEntry {
    std::string name;          ///< the last path component
    TreeEntryKind kind = TreeEntryKind::Other;
    std::uint64_t size = 0;    ///< bytes, for files
    std::string link_target;   ///< what a symbolic link points at, as written in the link
};

/// Text read from a file of the tree. Files larger than the limit are cut, and say so.
struct TreeText {
    std::string text;
    bool truncated = false;
};

/// The files of a Linux system, read as a check needs them: configuration as text, folders as
/// listings, links with their targets, and which package installed a file. Paths are absolute paths of
/// the system being checked ("/etc/fstab"); the probe alone knows where that system's root is (the
/// running system's "/", or a mounted image, chroot or staged tree given with --root), so kernel
/// files under /proc and /sys are the running kernel's only when the root is "/".
class TreeProbe {
public:
    virtual ~TreeProbe() = default;
    /// The entry at `path`; nullopt when nothing is there.
    virtual Result<std::optional<TreeEntry>> entry(const std::string& path) = 0;
    /// The entries of a folder, sorted by name; nullopt when the folder does not exist.
    virtual Result<std::optional<std::vector<TreeEntry>>> list(const std::string& path) = 0;
    /// A file's text (at most 4 MiB); nullopt when the file does not exist.
    virtual Result<std::optional<TreeText>> read_text(const std::string& path) = 0;
    /// The package that installed `path` according to the system's package database (dpkg); nullopt
    /// when no package lists it; an error when the system has no database the probe can read.
    virtual Result<std::optional<std::string>> package_owning(const std::string& path) = 0;
    /// Where the system's root is, for people: "/" or the folder given with --root.
    virtual std::string root() const = 0;
};

// ---- The machine ----

/// Every probe of one machine. The runner hands this to each check; nothing else reaches the OS.
class System {
public:
    virtual ~System() = default;
    virtual RegistryProbe& registry() = 0;
    virtual ServiceProbe& services() = 0;
    virtual VolumeProbe& volumes() = 0;
    virtual FileProbe& files() = 0;
    virtual HostProbe& host() = 0;
    virtual NetworkProbe& network() = 0;
    virtual ManagementProbe& management() = 0;
    virtual PackageProbe& packages() = 0;
    /// A Linux system's files. Systems without one (Windows) answer every question with an error.
    virtual TreeProbe& tree();
    /// "live", "tree", "replay" or "memory": says in logs and reports where the answers came from.
    [[nodiscard]] virtual std::string source() const = 0;
};

/// The real machine this binary runs on: Win32 on Windows, Linux elsewhere.
std::unique_ptr<System> make_native_system();

/// The Linux system whose root filesystem is at `root` ("/" is the running system; any other folder is
/// a mounted image, chroot or staged tree, and source() is "tree"). Defined in Linux builds only.
std::unique_ptr<System> make_linux_system(const std::string& root);

// ---- Names as people and files read them ----

std::string to_string(RegistryHive hive);            ///< "HKLM", "HKCU", "HKU"
std::string to_string(RegistryValueType type);       ///< "REG_SZ", "REG_EXPAND_SZ", ...
std::string to_string(ServiceStartType start_type);  ///< "Automatic", "Manual", "Disabled", ...
std::string to_string(ServiceState state);           ///< "Running", "Stopped", ...
std::string to_string(DriveType type);               ///< "fixed", "removable", "network", "CD", "RAM disk", "virtual"
std::string to_string(OsFamily family);              ///< "windows", "linux", "other"
std::string to_string(TreeEntryKind kind);           ///< "file", "directory", "symlink", "other"

}  // namespace ic::os
