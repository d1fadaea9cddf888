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

/// Asks the service control manager about Win32 services (drivers excluded) and changes start types.
/// list() reads each service's configuration too, so it costs one round trip per service.
class Win32ServiceProbe final : public ServiceProbe {
public:
    Result<std::vector<ServiceInfo>> list() override;
    Result<std::optional<ServiceInfo>> find(const std::string& name) override;
    Result<void> set_start_type(const std::string& name, ServiceStartType start_type) override;
};

/// Drive letters from GetLogicalDrives / GetDriveTypeW, with `subst` drives told apart by the
/// `\??\` target QueryDosDeviceW reports for them; free space from GetDiskFreeSpaceExW.
class Win32VolumeProbe final : public VolumeProbe {
public:
    Result<std::vector<DriveInfo>> drives() override;
    Result<VolumeSpace> space(const std::string& root) override;
};

/// File and folder metadata from GetFileAttributesExW, with long absolute paths prefixed by `\\?\`.
class Win32FileProbe final : public FileProbe {
public:
    Result<std::optional<FileStat>> stat(const std::string& path) override;
};

/// The Windows version, names and rights of this machine and process. Reads the version strings
/// through the registry probe it is given.
class Win32HostProbe final : public HostProbe {
public:
    explicit Win32HostProbe(RegistryProbe& registry) : registry_(registry) {}

    Result<OsFacts> os() override;
    Result<std::string> machine_name() override;
    Result<std::string> interactive_user() override;
    Result<std::string> current_user() override;
    Result<bool> elevated() override;
    Result<std::string> expand(const std::string& text) override;

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
    [[nodiscard]] std::string source() const override { return "live"; }

private:
    Win32RegistryProbe registry_;
    Win32ServiceProbe services_;
    Win32VolumeProbe volumes_;
    Win32FileProbe files_;
    Win32HostProbe host_{registry_};
};

}  // namespace ic::os::win32
