#pragma once
/// \file
/// A complete in-memory machine: registry, services, drives, files and host facts that tests stage by
/// hand, plus failures to inject (access denied on a key, a service manager that cannot be opened).
/// It is the one fake every unit test shares, and it also backs demos of the window without a real machine.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "imagechecker/os/system.h"

namespace ic::os {

/// An in-memory System. Registry paths and names compare case-insensitively, as on Windows.
/// Defaults: Windows 10 Enterprise 22H2 build 19045, machine "WS-TEST", user "alice", elevated,
/// drives C: (fixed, 80 GiB, 40 GiB free) and D: (fixed, 10 GiB, 9 GiB free); empty registry; no services.
class MemorySystem : public System {
public:
    MemorySystem();
    ~MemorySystem() override;

    RegistryProbe& registry() override;
    ServiceProbe& services() override;
    VolumeProbe& volumes() override;
    FileProbe& files() override;
    HostProbe& host() override;
    NetworkProbe& network() override;
    ManagementProbe& management() override;
    PackageProbe& packages() override;
    TreeProbe& tree() override;
    [[nodiscard]] std::string source() const override { return "memory"; }

    // ---- Staging ----
    MemorySystem& set_os(OsFacts facts);
    MemorySystem& set_machine_name(std::string name);
    /// The NetBIOS name; when never set, derived from the machine name as Windows does (upper case,
    /// first 15 characters of the first label).
    MemorySystem& set_netbios_name(std::string name);
    MemorySystem& set_interactive_user(std::string user);
    MemorySystem& set_current_user(std::string user);
    MemorySystem& set_elevated(bool elevated);
    MemorySystem& set_environment(std::string name, std::string value);

    MemorySystem& add_key(RegistryHive hive, const std::string& path);
    MemorySystem& set_value(RegistryHive hive, const std::string& path, const std::string& name, RegistryValue value);
    MemorySystem& remove_key(RegistryHive hive, const std::string& path);

    MemorySystem& add_service(ServiceInfo service);
    MemorySystem& remove_service(const std::string& name);

    MemorySystem& clear_drives();
    MemorySystem& add_drive(char letter, DriveType type, std::string target = {});
    MemorySystem& set_space(const std::string& root, VolumeSpace space);

    MemorySystem& add_file(const std::string& path, std::uint64_t size);
    /// A file with these bytes (read_file answers them; a file added by size alone reads as that many zero bytes).
    MemorySystem& add_file_content(const std::string& path, std::string content);
    MemorySystem& add_directory(const std::string& path);
    /// What directory_usage(path) answers (the directory itself is added too).
    MemorySystem& set_directory_usage(const std::string& path, DirectoryUsage usage);

    MemorySystem& add_adapter(NetworkAdapter adapter);
    /// Rows a management query answers; matched on namespace and query text, case-insensitively.
    MemorySystem& set_management_rows(const std::string& wmi_namespace, const std::string& wql, std::vector<ManagementRow> rows);
    MemorySystem& add_account(const std::string& account, std::string sid, std::vector<std::string> groups = {});

    /// AppX packages removed through packages() (remove_appx also deletes the package's keys under
    /// HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore, as Windows does).
    [[nodiscard]] std::vector<std::string> removed_appx() const;
    /// How many times broadcast_environment_change() was called.
    [[nodiscard]] std::size_t environment_broadcasts() const;

    // ---- A Linux system's tree (paths are absolute and case-sensitive; parent folders are implied) ----
    MemorySystem& add_text_file(const std::string& path, std::string text);
    MemorySystem& add_tree_directory(const std::string& path);
    MemorySystem& add_symlink(const std::string& path, std::string target);
    /// Removes `path` and everything below it from the tree.
    MemorySystem& remove_tree(const std::string& path);
    /// The package the package database names for `path` (tree().package_owning).
    MemorySystem& set_package_owner(const std::string& path, std::string package);
    /// package_owning() fails with this message (a system whose database cannot be read, such as RPM's).
    MemorySystem& fail_package_database(std::string message);

    // ---- Faults ----
    /// Every tree question about `path` or below it fails with `error`.
    MemorySystem& fail_tree(const std::string& path, OsError error);
    /// Every registry operation on this key or below it fails with `error`.
    MemorySystem& fail_registry(RegistryHive hive, const std::string& path, OsError error);
    /// Every service operation fails with `error` (e.g. the service manager cannot be opened).
    MemorySystem& fail_services(OsError error);
    /// drives() fails with `error`.
    MemorySystem& fail_drives(OsError error);
    /// space(root) fails with `error`.
    MemorySystem& fail_space(const std::string& root, OsError error);
    /// stat(path), read_file(path) and directory_usage(path) fail with `error`.
    MemorySystem& fail_file(const std::string& path, OsError error);
    /// The host fact `what` ("os", "machine_name", "interactive_user", "current_user", "elevated",
    /// "account_sid", "account_name", "account_groups", "broadcast_environment_change", "netbios_name") fails.
    MemorySystem& fail_host(const std::string& what, OsError error);
    MemorySystem& fail_network(OsError error);
    MemorySystem& fail_management(const std::string& wmi_namespace, const std::string& wql, OsError error);
    MemorySystem& fail_packages(OsError error);

    /// Number of write operations performed through the probes (tests assert "nothing was changed").
    [[nodiscard]] std::size_t writes() const;

    struct State;

private:
    template <typename Edit>
    MemorySystem& stage(Edit&& edit);

    std::shared_ptr<State> state_;
    struct Probes;
    std::unique_ptr<Probes> probes_;
};

}  // namespace ic::os
