// The Linux implementation of the OS probes: statvfs for space, stat for files, /etc/os-release and
// uname for the OS, the passwd database for users. Linux has no registry or drive letters; the
// Windows-only probes answer with an error that says so (Windows checks are SKIPPED before asking).
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "imagechecker/os/system.h"

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

// Reads KEY="value" lines of an os-release file into the fields OsFacts needs.
std::optional<OsFacts> read_os_release(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    OsFacts facts;
    facts.family = OsFamily::Linux;
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string key = line.substr(0, eq);
        std::string value = line.substr(eq + 1);
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        if (key == "PRETTY_NAME") facts.product_name = value;
        else if (key == "VERSION_ID") facts.version = value;
        else if (key == "VARIANT_ID") facts.edition = value;
    }
    return facts;
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
};

class LinuxSystem : public System {
public:
    RegistryProbe& registry() override { return registry_; }
    ServiceProbe& services() override { return services_; }
    VolumeProbe& volumes() override { return volumes_; }
    FileProbe& files() override { return files_; }
    HostProbe& host() override { return host_; }
    [[nodiscard]] std::string source() const override { return "live"; }

private:
    LinuxRegistry registry_;
    LinuxServices services_;
    LinuxVolumes volumes_;
    LinuxFiles files_;
    LinuxHost host_;
};

}  // namespace

std::unique_ptr<System> make_native_system() { return std::make_unique<LinuxSystem>(); }

}  // namespace ic::os
