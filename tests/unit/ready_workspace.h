#pragma once
// Stages on the in-memory machine what a healthy Windows WorkSpace has for the service, network,
// licensing, encryption, account and component checks, so that a run of the built-in checks can pass.
// The default MemorySystem has no services, no adapters and no management answers; tests that expect
// "a ready machine" call this first.
#include <string>

#include "imagechecker/os/memory_system.h"

namespace ic::test {

/// The WorkSpace user the staging assumes: a domain account that is not a guest.
inline const char* const kReadyWorkspaceUser = "CORP\\alice";

inline void stage_ready_workspace(os::MemorySystem& system) {
    using os::RegistryHive;
    using os::RegistryValue;
    using os::ServiceStartType;
    using os::ServiceState;
    constexpr auto HKLM = RegistryHive::LocalMachine;
    const auto service = [&](std::string name, std::string display, ServiceStartType start, ServiceState state, std::string account) {
        system.add_service({std::move(name), std::move(display), start, state, std::move(account), ""});
    };

    // remote-desktop-services, windows-modules-installer, winrm-automatic, domain-services, required-components
    service("TermService", "Remote Desktop Services", ServiceStartType::Manual, ServiceState::Running, "NT Authority\\NetworkService");
    service("TrustedInstaller", "Windows Modules Installer", ServiceStartType::Manual, ServiceState::Stopped, "localSystem");
    service("WinRM", "Windows Remote Management (WS-Management)", ServiceStartType::Automatic, ServiceState::Running,
            "NT AUTHORITY\\NetworkService");
    service("PCoIPAgent", "PCoIP Agent", ServiceStartType::Automatic, ServiceState::Running, "LocalSystem");
    service("SkyLightWorkspaceConfigService", "SkyLightWorkspaceConfigService", ServiceStartType::Automatic, ServiceState::Running,
            "LocalSystem");
    service("xenvbd", "AWS PV Storage Host Adapter", ServiceStartType::Boot, ServiceState::Running, "");
    system.set_value(HKLM, "SOFTWARE\\Microsoft\\PowerShell\\3\\PowerShellEngine", "PowerShellVersion", RegistryValue::string("5.1.19041.1"));
    system.set_value(HKLM, "SOFTWARE\\Amazon\\PVDriver", "Version", RegistryValue::string("8.4.3"));
    system.add_key(HKLM, "SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\Certificates\\8DA7F965EC5EFC37910F1C6E59FDC1CC6A6EDE16");

    // dhcp
    system.add_adapter({"Ethernet 2", "Amazon Elastic Network Adapter", false, true, true, {"10.0.1.23/24"}});

    // rearm-count, not-encrypted
    system.set_management_rows("root\\CIMV2", "SELECT RemainingWindowsReArmCount FROM SoftwareLicensingService",
                               {{{"RemainingWindowsReArmCount", "1001"}}});
    system.set_management_rows(
        "root\\CIMV2\\Security\\MicrosoftVolumeEncryption",
        "SELECT DriveLetter, ProtectionStatus, ConversionStatus, EncryptionPercentage FROM Win32_EncryptableVolume",
        {{{"DriveLetter", "C:"}, {"ProtectionStatus", "0"}, {"ConversionStatus", "0"}, {"EncryptionPercentage", "0"}},
         {{"DriveLetter", "D:"}, {"ProtectionStatus", "0"}, {"ConversionStatus", "0"}, {"EncryptionPercentage", "0"}}});

    // domain-guests (the user is CORP\alice)
    system.set_interactive_user(kReadyWorkspaceUser);
    system.add_account(kReadyWorkspaceUser, "S-1-5-21-1-2-3-1105", {"WS-TEST\\Users", "CORP\\Domain Users"});
    system.add_account("CORP\\Domain Users", "S-1-5-21-1-2-3-513");
}

}  // namespace ic::test
