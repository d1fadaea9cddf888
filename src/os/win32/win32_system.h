#pragma once
/// \file
/// The Win32 implementation of every probe in imagechecker/os/system.h. Private to src/os/win32: the rest
/// of the program reaches these classes only through make_native_system().
///
/// Every probe opens its handles per call and keeps no state, so answers are always current and one
/// probe may be used from several threads at once.

#include "imagechecker/os/system.h"

namespace ic::os::win32 {

/// Reads and writes the registry through RegOpenKeyExW / RegQueryValueExW / RegSetValueExW. HKLM is
/// always opened in the 64-bit view, so a 32-bit build would see the same keys as 64-bit Windows tools.
/// Value types round-trip exactly; unusual types (REG_LINK, REG_RESOURCE_LIST, ...) read as Binary.
class Win32RegistryProbe final : public RegistryProbe {
public:
    Result<bool> key_exists(RegistryHive hive, const std::string& path) override;
    Result<std::optional<RegistryValue>> read_value(RegistryHive hive, const std::string& path,
                                                    const std::string& name) override;
    Result<std::vector<std::string>> subkeys(RegistryHive hive, const std::string& path) override;
    Result<void> write_value(RegistryHive hive, const std::string& path, const std::string& name,
                             const RegistryValue& value) override;
    Result<void> delete_value(RegistryHive hive, const std::string& path, const std::string& name) override;
};

/// Asks the service control manager about Win32 services (drivers excluded), changes their start
/// types and log-on accounts, and stops and starts them. list() reads each service's configuration too,
/// so it costs one round trip per service. stop() and start() wait, at most 30 seconds, for the service
/// to settle, so a fix can check the outcome straight afterwards.
class Win32ServiceProbe final : public ServiceProbe {
public:
    Result<std::vector<ServiceInfo>> list() override;
    Result<std::optional<ServiceInfo>> find(const std::string& name) override;
    Result<void> set_start_type(const std::string& name, ServiceStartType start_type) override;
    Result<void> stop(const std::string& name) override;
    Result<void> start(const std::string& name) override;
    Result<void> set_account(const std::string& name, const std::string& account, const std::string& password) override;
};

/// Drive letters from GetLogicalDrives / GetDriveTypeW, with `subst` drives told apart by the
/// `\??\` target QueryDosDeviceW reports for them; free space from GetDiskFreeSpaceExW.
class Win32VolumeProbe final : public VolumeProbe {
public:
    Result<std::vector<DriveInfo>> drives() override;
    Result<VolumeSpace> space(const std::string& root) override;
};

/// File and folder metadata from GetFileAttributesExW, with long absolute paths prefixed by `\\?\`, and
/// folder trees walked with FindFirstFileExW over `\\?\` paths (see win32_directory_walk.h).
class Win32FileProbe final : public FileProbe {
public:
    Result<std::optional<FileStat>> stat(const std::string& path) override;
    Result<std::optional<DirectoryUsage>> directory_usage(const std::string& path, std::size_t top,
                                                          std::size_t long_path_threshold,
                                                          const StopRequested& stop = {}) override;
    Result<std::optional<std::string>> read_file(const std::string& path, std::size_t max_bytes) override;
};

/// Network adapters from GetAdaptersAddresses: every adapter, up or down, with its IPv4 addresses, its
/// interface type, and whether GetIfEntry2 says a hardware device is behind it.
class Win32NetworkProbe final : public NetworkProbe {
public:
    Result<std::vector<NetworkAdapter>> adapters() override;
};

/// WQL queries through COM and WMI (IWbemLocator / IWbemServices), run on the calling thread: COM is
/// initialised for the length of each query, and process-wide COM security once.
class Win32ManagementProbe final : public ManagementProbe {
public:
    Result<std::vector<ManagementRow>> query(const std::string& wmi_namespace, const std::string& wql,
                                             const std::vector<std::string>& properties) override;
};

/// Removes AppX packages with Windows PowerShell's Remove-AppxPackage, the one supported way without
/// WinRT; the package name is checked against a strict alphabet before it reaches a command line.
class Win32PackageProbe final : public PackageProbe {
public:
    Result<void> remove_appx(const std::string& package_full_name) override;
};

/// The Windows version, names and rights of this machine and process. Reads the version strings
/// through the registry probe it is given.
class Win32HostProbe final : public HostProbe {
public:
    explicit Win32HostProbe(RegistryProbe& registry) : registry_(registry) {}

    Result<OsFacts> os() override;
    Result<std::string> machine_name() override;
    Result<std::string> netbios_name() override;
    Result<std::string> interactive_user() override;
    Result<std::string> current_user() override;
    Result<bool> elevated() override;
    Result<std::string> expand(const std::string& text) override;
    Result<std::optional<std::string>> account_sid(const std::string& account) override;
    Result<std::optional<std::string>> account_name(const std::string& sid) override;
    Result<std::vector<std::string>> account_groups(const std::string& account) override;
    Result<void> broadcast_environment_change() override;

private:
    RegistryProbe& registry_;
};

/// The live Windows machine, answered by the Win32 probes above; source() is "live".
class Win32System final : public System {
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
    Win32RegistryProbe registry_;
    Win32ServiceProbe services_;
    Win32VolumeProbe volumes_;
    Win32FileProbe files_;
    Win32HostProbe host_{registry_};
    Win32NetworkProbe network_;
    Win32ManagementProbe management_;
    Win32PackageProbe packages_;
};

}  // namespace ic::os::win32
