// The Linux implementation of the OS probes: statvfs for space, stat for files, /etc/os-release and
// uname for the OS, the passwd database for users. Linux has no registry or drive letters; the
// Windows-only probes answer with an error that says so (Windows checks are SKIPPED before asking).
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "imagechecker/input_file.h"
#include "imagechecker/os/system.h"
#include "os_release.h"

namespace ic::os {

namespace {

OsError errno_error(const char* api, int error) { return OsError{api, error, std::strerror(error)}; }

OsError not_on_linux(const char* what) {
    return OsError{what, 0, std::string("Linux has no ") + what + "; this question only makes sense on Windows"};
}

std::string user_name(uid_t uid) {
    if (const passwd* entry = ::getpwuid(uid)) return entry->pw_name;
    return std::to_string(uid);
}

std::optional<OsFacts> read_os_release(const std::string& path) {
    try {
        return parse_os_release(read_input_file(path, kMaxMachineTextBytes, "os-release file"));
    } catch (const InputFileError&) {
        return std::nullopt;  // missing, unreadable or absurdly large: the next candidate, then plain "Linux"
    }
}

class LinuxRegistry : public RegistryProbe {
public:
    Result<bool> key_exists(RegistryHive, const std::string&) override { return not_on_linux("registry"); }
    Result<std::optional<RegistryValue>> read_value(RegistryHive, const std::string&, const std::string&) override {
        return not_on_linux("registry");
    }
    Result<std::vector<std::string>> subkeys(RegistryHive, const std::string&) override { return not_on_linux("registry"); }
    Result<void> write_value(RegistryHive, const std::string&, const std::string&, const RegistryValue&) override {
        return not_on_linux("registry");
    }
    Result<void> delete_value(RegistryHive, const std::string&, const std::string&) override { return not_on_linux("registry"); }
};

class LinuxServices : public ServiceProbe {
public:
    Result<std::vector<ServiceInfo>> list() override { return not_on_linux("Windows service manager"); }
    Result<std::optional<ServiceInfo>> find(const std::string&) override { return not_on_linux("Windows service manager"); }
    Result<void> set_start_type(const std::string&, ServiceStartType) override { return not_on_linux("Windows service manager"); }
    Result<void> stop(const std::string&) override { return not_on_linux("Windows service manager"); }
    Result<void> start(const std::string&) override { return not_on_linux("Windows service manager"); }
    Result<void> set_account(const std::string&, const std::string&, const std::string&) override {
        return not_on_linux("Windows service manager");
    }
};

class LinuxNetwork : public NetworkProbe {
public:
    // Whether an address came from DHCP is the network manager's business on Linux; no check needs it.
    Result<std::vector<NetworkAdapter>> adapters() override { return not_on_linux("Windows adapter DHCP setting"); }
};

class LinuxManagement : public ManagementProbe {
public:
    Result<std::vector<ManagementRow>> query(const std::string&, const std::string&, const std::vector<std::string>&) override {
        return not_on_linux("WMI");
    }
};

class LinuxPackages : public PackageProbe {
public:
    Result<void> remove_appx(const std::string&) override { return not_on_linux("AppX package store"); }
};

// ---- Directory walk ----

// Walks with openat/fdopendir so each entry costs one fstatat relative to its folder's descriptor,
// never following symbolic links (the Linux counterpart of Windows reparse points).
class TreeWalker {
public:
    TreeWalker(DirectoryUsage& usage, std::size_t long_path_threshold) : usage_(usage), threshold_(long_path_threshold) {}

    // Returns the bytes and files below `dir_fd` (which it closes); `path` is for messages and long-path
    // counting; at depth 0 each subfolder's total is kept as a candidate "largest folder".
    std::pair<std::uint64_t, std::uint64_t> walk(int dir_fd, std::string& path, int depth) {
        std::uint64_t bytes = 0;
        std::uint64_t files = 0;
        DIR* dir = ::fdopendir(dir_fd);
        if (dir == nullptr) {
            note_unreadable(path, errno);
            ::close(dir_fd);
            return {0, 0};
        }
        while (const dirent* entry = ::readdir(dir)) {
            const char* name = entry->d_name;
            if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
            struct stat info {};
            if (::fstatat(::dirfd(dir), name, &info, AT_SYMLINK_NOFOLLOW) != 0) continue;  // vanished meanwhile
            const std::size_t mark = path.size();
            path += '/';
            path += name;
            if (threshold_ != 0 && path.size() >= threshold_) {
                ++usage_.long_paths;
                if (usage_.long_path_examples.size() < 10) usage_.long_path_examples.push_back(path);
            }
            if (S_ISLNK(info.st_mode)) {
                ++usage_.reparse_points_skipped;
            } else if (S_ISDIR(info.st_mode)) {
                ++usage_.folders;
                const int child = ::openat(::dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (child < 0) {
                    note_unreadable(path, errno);
                } else {
                    const auto [b, f] = walk(child, path, depth + 1);
                    bytes += b;
                    files += f;
                    if (depth == 0) usage_.largest_folders.push_back({path, b, f});
                }
            } else {
                ++usage_.files;
                ++files;
                bytes += static_cast<std::uint64_t>(info.st_size);
            }
            path.resize(mark);
        }
        ::closedir(dir);
        return {bytes, files};
    }

private:
    void note_unreadable(const std::string& path, int error) {
        ++usage_.unreadable_folders;
        if (usage_.unreadable_examples.size() < 10)
            usage_.unreadable_examples.push_back(path + " (error " + std::to_string(error) + ": " + std::strerror(error) + ")");
    }

    DirectoryUsage& usage_;
    std::size_t threshold_;
};

class LinuxVolumes : public VolumeProbe {
public:
    Result<std::vector<DriveInfo>> drives() override { return std::vector<DriveInfo>{}; }
    Result<VolumeSpace> space(const std::string& root) override {
        struct statvfs info {};
        if (::statvfs(root.c_str(), &info) != 0) return errno_error("statvfs", errno);
        VolumeSpace space;
        space.total_bytes = static_cast<std::uint64_t>(info.f_blocks) * info.f_frsize;
        space.free_bytes = static_cast<std::uint64_t>(info.f_bfree) * info.f_frsize;
        space.free_bytes_to_caller = static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize;
        return space;
    }
};

class LinuxFiles : public FileProbe {
public:
    Result<std::optional<FileStat>> stat(const std::string& path) override {
        struct stat info {};
        if (::lstat(path.c_str(), &info) != 0) {
            if (errno == ENOENT || errno == ENOTDIR) return std::optional<FileStat>{};
            return errno_error("lstat", errno);
        }
        return std::optional<FileStat>{FileStat{S_ISDIR(info.st_mode), static_cast<std::uint64_t>(info.st_size)}};
    }
    Result<std::optional<DirectoryUsage>> directory_usage(const std::string& path, std::size_t top, std::size_t long_path_threshold) override {
        const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT) return std::optional<DirectoryUsage>{};
            return errno_error("open", errno);
        }
        DirectoryUsage usage;
        std::string cursor = path;
        while (cursor.size() > 1 && cursor.back() == '/') cursor.pop_back();
        usage.total_bytes = TreeWalker(usage, long_path_threshold).walk(fd, cursor, 0).first;
        std::sort(usage.largest_folders.begin(), usage.largest_folders.end(),
                  [](const FolderSize& a, const FolderSize& b) { return a.bytes > b.bytes; });
        if (usage.largest_folders.size() > top) usage.largest_folders.resize(top);
        return std::optional<DirectoryUsage>{usage};
    }
};

class LinuxHost : public HostProbe {
public:
    Result<OsFacts> os() override {
        std::optional<OsFacts> facts = read_os_release("/etc/os-release");
        if (!facts) facts = read_os_release("/usr/lib/os-release");
        if (!facts) {
            facts = OsFacts{};
            facts->family = OsFamily::Linux;
            facts->product_name = "Linux";
        }
        struct utsname names {};
        if (::uname(&names) == 0) facts->build = names.release;
        return *facts;
    }
    Result<std::string> machine_name() override {
        char name[256] = {};
        if (::gethostname(name, sizeof(name) - 1) != 0) return errno_error("gethostname", errno);
        return std::string(name);
    }
    Result<std::string> interactive_user() override {
        // Under sudo the person at the keyboard is SUDO_USER, not root.
        for (const char* variable : {"SUDO_USER", "LOGNAME", "USER"})
            if (const char* value = std::getenv(variable); value != nullptr && *value != '\0') return std::string(value);
        return user_name(::getuid());
    }
    Result<std::string> current_user() override { return user_name(::geteuid()); }
    Result<bool> elevated() override { return ::geteuid() == 0; }
    Result<std::string> expand(const std::string& text) override {
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] != '$' || i + 1 >= text.size()) {
                out += text[i];
                continue;
            }
            const bool braced = text[i + 1] == '{';
            std::size_t start = i + (braced ? 2 : 1);
            std::size_t end = start;
            while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
            if (braced && (end >= text.size() || text[end] != '}')) {
                out += text[i];
                continue;
            }
            const char* value = std::getenv(text.substr(start, end - start).c_str());
            out += value != nullptr ? value : "";
            i = braced ? end : end - 1;
        }
        return out;
    }
    Result<std::optional<std::string>> account_sid(const std::string&) override { return not_on_linux("Windows security identifiers"); }
    Result<std::optional<std::string>> account_name(const std::string&) override { return not_on_linux("Windows security identifiers"); }
    Result<std::vector<std::string>> account_groups(const std::string& account) override {
        const passwd* entry = ::getpwnam(account.c_str());
        if (entry == nullptr) return OsError{"getpwnam", 0, "no account named " + account};
        int count = 64;
        std::vector<gid_t> ids(static_cast<std::size_t>(count));
        while (::getgrouplist(account.c_str(), entry->pw_gid, ids.data(), &count) < 0) ids.resize(static_cast<std::size_t>(count));
        std::vector<std::string> names;
        for (int i = 0; i < count; ++i) {
            const group* g = ::getgrgid(ids[static_cast<std::size_t>(i)]);
            names.push_back(g != nullptr ? g->gr_name : std::to_string(ids[static_cast<std::size_t>(i)]));
        }
        return names;
    }
    Result<void> broadcast_environment_change() override { return not_on_linux("environment-change broadcast"); }
};

class LinuxSystem : public System {
public:
    RegistryProbe& registry() override { return registry_; }
    ServiceProbe& services() override { return services_; }
    VolumeProbe& volumes() override { return volumes_; }
    FileProbe& files() override { return files_; }
    HostProbe& host() override { return host_; }
    NetworkProbe& network() override { return network_; }
    ManagementProbe& management() override { return management_; }
    PackageProbe& packages() override { return packages_; }
    [[nodiscard]] std::string source() const override { return "live"; }

private:
    LinuxRegistry registry_;
    LinuxServices services_;
    LinuxVolumes volumes_;
    LinuxFiles files_;
    LinuxHost host_;
    LinuxNetwork network_;
    LinuxManagement management_;
    LinuxPackages packages_;
};

}  // namespace

OsFacts parse_os_release(const std::string& text) {
    OsFacts facts;
    facts.family = OsFamily::Linux;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        start = end + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = line.substr(0, eq);
        std::string value = line.substr(eq + 1);
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        if (key == "PRETTY_NAME") facts.product_name = value;
        else if (key == "VERSION_ID") facts.version = value;
        else if (key == "VARIANT_ID") facts.edition = value;
    }
    return facts;
}

std::unique_ptr<System> make_native_system() { return std::make_unique<LinuxSystem>(); }

}  // namespace ic::os
