// The Linux implementation of the OS probes: statvfs for space, stat for files, /etc/os-release and
// uname for the OS, the passwd database for users, and the system's tree (text, listings, links, dpkg's
// file lists). Linux has no registry or drive letters; the Windows-only probes answer with an error that
// says so (Windows checks are SKIPPED before asking).
//
// The root: every path a check names ("/etc/fstab") is read under the system's root, which is "/" for
// the running system or the folder given with --root (a mounted image, a chroot, a staged tree). This
// file is the only place that knows it. Symbolic links inside a tree are resolved inside the tree, so an
// absolute link such as /etc/os-release -> /usr/lib/os-release never escapes to this machine's files.
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

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

// ---- The root ----

/// Where the checked system's "/" is on this machine, and how its paths map onto this machine's.
class Root {
public:
    explicit Root(std::string dir) : dir_(normalise(std::move(dir))) {}
    [[nodiscard]] bool is_live() const { return dir_.empty(); }
    [[nodiscard]] std::string display() const { return dir_.empty() ? "/" : dir_; }

    /// This machine's path for the system's absolute `path`, with every symbolic link on the way
    /// resolved inside the root (the last component only when `follow_last`). Gives up after 40 links.
    [[nodiscard]] std::string host_path(const std::string& path, bool follow_last) const {
        if (dir_.empty()) return path;
        std::vector<std::string> pending = components(path);
        std::reverse(pending.begin(), pending.end());
        std::vector<std::string> done;
        int links = 0;
        while (!pending.empty()) {
            std::string part = pending.back();
            pending.pop_back();
            if (part == ".") continue;
            if (part == "..") {
                if (!done.empty()) done.pop_back();
                continue;
            }
            done.push_back(part);
            if (pending.empty() && !follow_last) break;
            const std::string here = dir_ + join(done);
            struct stat info {};
            if (::lstat(here.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) continue;
            if (++links > 40) break;
            std::string target = read_link(here);
            done.pop_back();
            if (!target.empty() && target.front() == '/') done.clear();
            auto more = components(target);
            for (auto it = more.rbegin(); it != more.rend(); ++it) pending.push_back(*it);
        }
        return dir_ + join(done);
    }
    /// The system's path for a host path below the root (for paths a walk reports).
    [[nodiscard]] std::string system_path(const std::string& host) const {
        if (dir_.empty() || host.compare(0, dir_.size(), dir_) != 0) return host;
        const std::string rest = host.substr(dir_.size());
        return rest.empty() ? "/" : rest;
    }

    static std::string read_link(const std::string& host) {
        std::string target(4096, '\0');
        const ssize_t n = ::readlink(host.c_str(), target.data(), target.size());
        if (n < 0) return {};
        target.resize(static_cast<std::size_t>(n));
        return target;
    }

private:
    static std::string normalise(std::string dir) {
        while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
        return dir == "/" ? std::string{} : dir;
    }
    static std::vector<std::string> components(const std::string& path) {
        std::vector<std::string> parts;
        std::string part;
        for (char c : path + "/") {
            if (c == '/') {
                if (!part.empty()) parts.push_back(part);
                part.clear();
            } else {
                part += c;
            }
        }
        return parts;
    }
    static std::string join(const std::vector<std::string>& parts) {
        std::string path;
        for (const auto& p : parts) path += "/" + p;
        return path.empty() ? "/" : path;
    }

    std::string dir_;  // "" for the running system's "/"
};

/// Text as valid UTF-8 (recordings and reports are JSON): invalid bytes become U+FFFD.
std::string valid_utf8(const std::string& in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size();) {
        const auto c = static_cast<unsigned char>(in[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = len > 0 && i + len <= in.size();
        for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(in[i + k]) >> 6) == 0x2;
        if (ok && len == 2 && c < 0xC2) ok = false;
        if (ok) {
            out.append(in, i, len);
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

TreeEntryKind kind_of(mode_t mode) {
    if (S_ISREG(mode)) return TreeEntryKind::File;
    if (S_ISDIR(mode)) return TreeEntryKind::Directory;
    if (S_ISLNK(mode)) return TreeEntryKind::Symlink;
    return TreeEntryKind::Other;
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
    TreeWalker(DirectoryUsage& usage, std::size_t long_path_threshold, const StopRequested& stop)
        : usage_(usage), threshold_(long_path_threshold), stop_(stop) {}

    /// True once `stop` said stop; the walk then unwinds without looking at another entry.
    [[nodiscard]] bool stopped() const { return stopped_; }

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
            if (stop_ && stop_()) {
                stopped_ = true;
                break;
            }
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
                    if (errno != ENOENT) note_unreadable(path, errno);  // ENOENT: removed while walking (a busy /tmp)
                } else {
                    const auto [b, f] = walk(child, path, depth + 1);
                    bytes += b;
                    files += f;
                    if (depth == 0) usage_.largest_folders.push_back({path, b, f});
                    if (stopped_) {
                        path.resize(mark);
                        break;
                    }
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
    const StopRequested& stop_;
    bool stopped_ = false;
};

class LinuxVolumes : public VolumeProbe {
public:
    explicit LinuxVolumes(const Root& root) : root_(root) {}
    Result<std::vector<DriveInfo>> drives() override { return std::vector<DriveInfo>{}; }
    Result<VolumeSpace> space(const std::string& mount) override {
        struct statvfs info {};
        if (::statvfs(root_.host_path(mount, true).c_str(), &info) != 0) return errno_error("statvfs", errno);
        VolumeSpace space;
        space.total_bytes = static_cast<std::uint64_t>(info.f_blocks) * info.f_frsize;
        space.free_bytes = static_cast<std::uint64_t>(info.f_bfree) * info.f_frsize;
        space.free_bytes_to_caller = static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize;
        return space;
    }

private:
    const Root& root_;
};

class LinuxFiles : public FileProbe {
public:
    explicit LinuxFiles(const Root& root) : root_(root) {}
    Result<std::optional<FileStat>> stat(const std::string& system_path) override {
        const std::string path = root_.host_path(system_path, false);
        struct stat info {};
        if (::lstat(path.c_str(), &info) != 0) {
            if (errno == ENOENT || errno == ENOTDIR) return std::optional<FileStat>{};
            return errno_error("lstat", errno);
        }
        return std::optional<FileStat>{FileStat{S_ISDIR(info.st_mode), static_cast<std::uint64_t>(info.st_size)}};
    }
    Result<std::optional<DirectoryUsage>> directory_usage(const std::string& system_path, std::size_t top, std::size_t long_path_threshold,
                                                          const StopRequested& stop) override {
        const std::string path = root_.host_path(system_path, true);
        const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT) return std::optional<DirectoryUsage>{};
            return errno_error("open", errno);
        }
        DirectoryUsage usage;
        std::string cursor = path;
        while (cursor.size() > 1 && cursor.back() == '/') cursor.pop_back();
        TreeWalker walker(usage, long_path_threshold, stop);
        usage.total_bytes = walker.walk(fd, cursor, 0).first;
        if (walker.stopped()) return OsError{"readdir", kWalkStoppedCode, "the walk was stopped: the check was cancelled"};
        std::sort(usage.largest_folders.begin(), usage.largest_folders.end(),
                  [](const FolderSize& a, const FolderSize& b) { return a.bytes > b.bytes; });
        if (usage.largest_folders.size() > top) usage.largest_folders.resize(top);
        if (!root_.is_live()) {
            for (auto& folder : usage.largest_folders) folder.path = root_.system_path(folder.path);
            for (auto& example : usage.long_path_examples) example = root_.system_path(example);
            for (auto& example : usage.unreadable_examples) example = root_.system_path(example);
        }
        return std::optional<DirectoryUsage>{usage};
    }
    Result<std::optional<std::string>> read_file(const std::string& system_path, std::size_t max_bytes) override {
        const std::string path = root_.host_path(system_path, true);
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>{};
            return errno_error("open", errno);
        }
        std::string bytes;
        char buffer[16384];
        for (;;) {
            const ssize_t got = ::read(fd, buffer, sizeof buffer);
            if (got < 0) {
                const int error = errno;
                if (error == EINTR) continue;
                ::close(fd);
                return errno_error("read", error);
            }
            if (got == 0) break;
            bytes.append(buffer, static_cast<std::size_t>(got));
            if (bytes.size() > max_bytes) {
                ::close(fd);
                return OsError{"read", EFBIG, "the file is larger than the " + std::to_string(max_bytes) + " bytes that are read"};
            }
        }
        ::close(fd);
        return std::optional<std::string>{std::move(bytes)};
    }

private:
    const Root& root_;
};

// ---- The tree ----

class LinuxTree : public TreeProbe {
public:
    explicit LinuxTree(const Root& root) : root_(root) {}

    Result<std::optional<TreeEntry>> entry(const std::string& path) override {
        const std::string host = root_.host_path(path, false);
        struct stat info {};
        if (::lstat(host.c_str(), &info) != 0) {
            if (errno == ENOENT || errno == ENOTDIR) return std::optional<TreeEntry>{};
            return errno_error("lstat", errno);
        }
        return std::optional<TreeEntry>{make_entry(base_name(path), host, info)};
    }

    Result<std::optional<std::vector<TreeEntry>>> list(const std::string& path) override {
        const std::string host = root_.host_path(path, true);
        DIR* dir = ::opendir(host.c_str());
        if (dir == nullptr) {
            if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::vector<TreeEntry>>{};
            return errno_error("opendir", errno);
        }
        std::vector<TreeEntry> entries;
        while (const dirent* item = ::readdir(dir)) {
            const std::string name = item->d_name;
            if (name == "." || name == "..") continue;
            struct stat info {};
            if (::fstatat(::dirfd(dir), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) continue;  // vanished meanwhile
            entries.push_back(make_entry(name, host + "/" + name, info));
        }
        ::closedir(dir);
        std::sort(entries.begin(), entries.end(), [](const TreeEntry& a, const TreeEntry& b) { return a.name < b.name; });
        return std::optional<std::vector<TreeEntry>>{std::move(entries)};
    }

    Result<std::optional<TreeText>> read_text(const std::string& path) override {
        constexpr std::size_t kLimit = kMaxMachineTextBytes;  // what is past it is not read; the text says it was cut
        const std::string host = root_.host_path(path, true);
        const int fd = ::open(host.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
            if (errno == ENOENT || errno == ENOTDIR) return std::optional<TreeText>{};
            return errno_error("open", errno);
        }
        struct stat info {};
        if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
            ::close(fd);
            return OsError{"read", EISDIR, path + " is a folder, not a file"};
        }
        TreeText text;
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::read(fd, buffer, sizeof(buffer));
            if (n < 0) {
                if (errno == EINTR) continue;
                const int error = errno;
                ::close(fd);
                return errno_error("read", error);
            }
            if (n == 0) break;
            text.text.append(buffer, static_cast<std::size_t>(n));
            if (text.text.size() >= kLimit) {
                text.text.resize(kLimit);
                text.truncated = true;
                break;
            }
        }
        ::close(fd);
        text.text = valid_utf8(text.text);
        return std::optional<TreeText>{std::move(text)};
    }

    Result<std::optional<std::string>> package_owning(const std::string& path) override {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!loaded_) load_package_lists();
        if (!database_error_.empty()) return OsError{"package database", 0, database_error_};
        auto it = owners_.find(path);
        if (it == owners_.end()) return std::optional<std::string>{};
        return std::optional<std::string>{it->second};
    }

    std::string root() const override { return root_.display(); }

private:
    static std::string base_name(const std::string& path) {
        const auto slash = path.find_last_of('/');
        return slash == std::string::npos ? path : path.substr(slash + 1);
    }
    static TreeEntry make_entry(const std::string& name, const std::string& host, const struct stat& info) {
        TreeEntry e;
        e.name = valid_utf8(name);
        e.kind = kind_of(info.st_mode);
        e.size = S_ISREG(info.st_mode) ? static_cast<std::uint64_t>(info.st_size) : 0;
        if (S_ISLNK(info.st_mode)) e.link_target = valid_utf8(Root::read_link(host));
        return e;
    }

    // dpkg keeps one list of installed paths per package (/var/lib/dpkg/info/<package>[:arch].list).
    // RPM's database is binary (Berkeley DB or SQLite) and is not read here.
    void load_package_lists() {
        loaded_ = true;
        const std::string info_dir = root_.host_path("/var/lib/dpkg/info", true);
        DIR* dir = ::opendir(info_dir.c_str());
        if (dir == nullptr) {
            struct stat ignored {};
            const bool rpm = ::stat(root_.host_path("/var/lib/rpm", true).c_str(), &ignored) == 0 ||
                             ::stat(root_.host_path("/usr/lib/sysimage/rpm", true).c_str(), &ignored) == 0;
            database_error_ = rpm ? "this system keeps its packages in an RPM database, which ImageChecker does not read"
                                  : "no dpkg file lists in /var/lib/dpkg/info (" + std::string(std::strerror(errno)) + ")";
            return;
        }
        std::vector<std::string> lists;
        while (const dirent* item = ::readdir(dir)) {
            const std::string name = item->d_name;
            if (name.size() > 5 && name.compare(name.size() - 5, 5, ".list") == 0) lists.push_back(name);
        }
        ::closedir(dir);
        for (const auto& name : lists) {
            std::string package = name.substr(0, name.size() - 5);
            if (const auto colon = package.find(':'); colon != std::string::npos) package.resize(colon);
            std::ifstream in(info_dir + "/" + name);
            for (std::string line; std::getline(in, line);)
                if (!line.empty()) owners_.emplace(line, package);
        }
    }

    const Root& root_;
    std::mutex mutex_;
    bool loaded_ = false;
    std::string database_error_;
    std::map<std::string, std::string> owners_;
};

class LinuxHost : public HostProbe {
public:
    explicit LinuxHost(const Root& root) : root_(root) {}
    Result<OsFacts> os() override {
        std::optional<OsFacts> facts = read_os_release(root_.host_path("/etc/os-release", true));
        if (!facts) facts = read_os_release(root_.host_path("/usr/lib/os-release", true));
        if (!facts) {
            facts = OsFacts{};
            facts->family = OsFamily::Linux;
            facts->product_name = "Linux";
        }
        if (root_.is_live()) {
            struct utsname names {};
            if (::uname(&names) == 0) facts->build = names.release;
        } else {
            // A tree has no running kernel; a mounted proc states one (a chroot's is its host's).
            std::ifstream release(root_.host_path("/proc/sys/kernel/osrelease", true));
            std::getline(release, facts->build);
        }
        return *facts;
    }
    Result<std::string> machine_name() override {
        if (!root_.is_live()) {
            std::ifstream in(root_.host_path("/etc/hostname", true));
            std::string name;
            if (in && std::getline(in, name) && !name.empty()) return name;
            return OsError{"/etc/hostname", 0, "the tree " + root_.display() + " names no host in /etc/hostname"};
        }
        char name[256] = {};
        if (::gethostname(name, sizeof(name) - 1) != 0) return errno_error("gethostname", errno);
        return std::string(name);
    }
    // Linux has no NetBIOS name of its own; Samba's default is the host name's first label, in capitals, cut at 15.
    Result<std::string> netbios_name() override {
        auto name = machine_name();
        if (!name) return name;
        std::string netbios;
        for (char c : name.value().substr(0, name.value().find('.')).substr(0, 15))
            netbios += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return netbios;
    }
    Result<std::string> interactive_user() override {
        if (!root_.is_live()) return std::string{};  // nobody is signed in to a tree
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

private:
    const Root& root_;
};

class LinuxSystem : public System {
public:
    explicit LinuxSystem(std::string root) : root_(std::move(root)), volumes_(root_), files_(root_), host_(root_), tree_(root_) {}
    RegistryProbe& registry() override { return registry_; }
    ServiceProbe& services() override { return services_; }
    VolumeProbe& volumes() override { return volumes_; }
    FileProbe& files() override { return files_; }
    HostProbe& host() override { return host_; }
    NetworkProbe& network() override { return network_; }
    ManagementProbe& management() override { return management_; }
    PackageProbe& packages() override { return packages_; }
    TreeProbe& tree() override { return tree_; }
    [[nodiscard]] std::string source() const override { return root_.is_live() ? "live" : "tree"; }

private:
    Root root_;
    LinuxRegistry registry_;
    LinuxServices services_;
    LinuxVolumes volumes_;
    LinuxFiles files_;
    LinuxHost host_;
    LinuxNetwork network_;
    LinuxManagement management_;
    LinuxPackages packages_;
    LinuxTree tree_;
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

std::unique_ptr<System> make_native_system() { return std::make_unique<LinuxSystem>("/"); }

std::unique_ptr<System> make_linux_system(const std::string& root) { return std::make_unique<LinuxSystem>(root); }

}  // namespace ic::os
