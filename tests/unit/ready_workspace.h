#pragma once
// Stages on the in-memory machine a complete, healthy Windows 10 WorkSpace: everything the 24 built-in
// checks look at, as a WorkSpace that is ready to become a custom image has it. Every check then PASSES,
// except the two that do not apply to such a machine and are SKIPPED:
//   - wam-installed: nothing shows that Amazon WAM is used here (no WAM keys, data or Cloudpaging player);
//   - profile-path-length: only Windows 7 copies the profile into the image; this is Windows 10 22H2.
// The default MemorySystem has no services, registry, adapters, files or management answers; tests that
// expect "a ready machine" call this first and then break one thing.
#include <cstdint>
#include <string>

#include "imagechecker/os/memory_system.h"
#include "test_support.h"

namespace ic::test {

/// The WorkSpace user the staging assumes: a domain account that is not a guest.
inline const char* const kReadyWorkspaceUser = "CORP\\alice";
/// Its SID (add_account), under which its profile is registered.
inline const char* const kReadyWorkspaceUserSid = "S-1-5-21-1-2-3-1105";
/// The built-in Administrator of the machine (RID 500), whose profile is allowed.
inline const char* const kReadyWorkspaceAdministratorSid = "S-1-5-21-3623811015-3361044348-30300820-500";
/// Where the user's profile is, and where image creation expects it.
inline const char* const kReadyWorkspaceProfile = "D:\\Users\\alice";

// ---- Where things are (the keys and files the checks read) ----
namespace ready {
inline const char* const kPowerShellEngineKey = "SOFTWARE\\Microsoft\\PowerShell\\3\\PowerShellEngine";
inline const char* const kPowerShellShellKey = "SOFTWARE\\Microsoft\\PowerShell\\1\\ShellIds\\Microsoft.PowerShell";
inline const char* const kEnvironmentKey = "SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment";
inline const char* const kSessionManagerKey = "SYSTEM\\CurrentControlSet\\Control\\Session Manager";
inline const char* const kCbsKey = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing";
inline const char* const kAutoUpdateKey = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update";
inline const char* const kTls12Key = "SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2";
inline const char* const kSsl3Key = "SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\SSL 3.0";
inline const char* const kProfileListKey = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList";
inline const char* const kAppxStoreKey = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore";
inline const char* const kSetupKey = "SYSTEM\\Setup";
inline const char* const kUninstallKey = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
inline const char* const kEc2LaunchFolder = "C:\\Program Files\\Amazon\\EC2Launch";
inline const char* const kEc2LaunchAnswerFile = "C:\\ProgramData\\Amazon\\EC2Launch\\sysprep\\unattend.xml";
inline const char* const kRearmNamespace = "root\\CIMV2";
inline const char* const kRearmQuery = "SELECT RemainingWindowsReArmCount FROM SoftwareLicensingService";
inline const char* const kBitLockerNamespace = "root\\CIMV2\\Security\\MicrosoftVolumeEncryption";
inline const char* const kBitLockerQuery =
    "SELECT DriveLetter, ProtectionStatus, ConversionStatus FROM Win32_EncryptableVolume";

/// The system Path of a freshly installed Windows 10 (REG_EXPAND_SZ), plus one program folder after
/// Windows' own: System32 first, the PowerShell folder after it, both before any folder outside Windows.
inline const char* const kFreshPath =
    "%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem;%SYSTEMROOT%\\System32\\WindowsPowerShell\\v1.0\\;"
    "%SYSTEMROOT%\\System32\\OpenSSH\\;C:\\Program Files\\Amazon\\cfn-bootstrap\\";

// AppX packages of the all-user store.
inline const char* const kCalculator = "Microsoft.WindowsCalculator_11.2210.0.0_x64__8wekyb3d8bbwe";
inline const char* const kStoreApp = "Microsoft.WindowsStore_22310.1401.5.0_x64__8wekyb3d8bbwe";
inline const char* const kVcLibs = "Microsoft.VCLibs.140.00_14.0.32530.0_x64__8wekyb3d8bbwe";
}  // namespace ready

inline void stage_ready_workspace(os::MemorySystem& system) {
    using os::RegistryHive;
    using os::RegistryValue;
    using os::ServiceStartType;
    using os::ServiceState;
    constexpr auto HKLM = RegistryHive::LocalMachine;
    constexpr std::uint64_t kGiB = 1024ULL * 1024 * 1024;
    const auto service = [&](std::string name, std::string display, ServiceStartType start, ServiceState state, std::string account) {
        system.add_service({std::move(name), std::move(display), start, state, std::move(account), ""});
    };
    const std::string user_sid = kReadyWorkspaceUserSid;

    // ---- The machine ----
    system.set_os({os::OsFamily::Windows, "Windows 10 Enterprise", "22H2", "19045", "Enterprise"});
    system.set_machine_name("WS-TEST");
    system.set_environment("SystemRoot", "C:\\Windows");
    system.set_environment("windir", "C:\\Windows");
    system.set_environment("SystemDrive", "C:");

    // ---- Storage: drives, free-space, not-encrypted ----
    system.clear_drives();
    system.add_drive('C', os::DriveType::Fixed);
    system.add_drive('D', os::DriveType::Fixed);
    system.set_space("C:\\", {48 * kGiB, 48 * kGiB, 80 * kGiB});
    system.set_space("D:\\", {45 * kGiB, 45 * kGiB, 50 * kGiB});
    system.set_management_rows(ready::kBitLockerNamespace, ready::kBitLockerQuery,
                               {{{"DriveLetter", "C:"}, {"ProtectionStatus", "0"}, {"ConversionStatus", "0"}},
                                {{"DriveLetter", "D:"}, {"ProtectionStatus", "0"}, {"ConversionStatus", "0"}}});

    // ---- Updates: pending-reboot (the keys exist, none of the three markers is set), windows-upgraded ----
    system.add_key(HKLM, std::string(ready::kCbsKey) + "\\Packages");
    system.add_key(HKLM, std::string(ready::kAutoUpdateKey) + "\\Results");
    system.set_value(HKLM, ready::kSessionManagerKey, "BootExecute", RegistryValue::multi_string({"autocheck autochk *"}));
    for (const char* key : {"Status", "Pid", "MoSetup", "SetupCl", "AllowStart", "State"})
        system.add_key(HKLM, std::string(ready::kSetupKey) + "\\" + key);

    // ---- Services: remote-desktop-services, windows-modules-installer, winrm-automatic, domain-services,
    //      ssm-agent-disabled (installed, disabled and stopped), required-components, sysprep-file ----
    service("TermService", "Remote Desktop Services", ServiceStartType::Manual, ServiceState::Running, "NT Authority\\NetworkService");
    service("TrustedInstaller", "Windows Modules Installer", ServiceStartType::Manual, ServiceState::Stopped, "localSystem");
    service("WinRM", "Windows Remote Management (WS-Management)", ServiceStartType::Automatic, ServiceState::Running,
            "NT AUTHORITY\\NetworkService");
    service("PCoIPAgent", "PCoIP Agent", ServiceStartType::Automatic, ServiceState::Running, "LocalSystem");
    service("SkyLightWorkspaceConfigService", "SkyLightWorkspaceConfigService", ServiceStartType::Automatic, ServiceState::Running,
            "LocalSystem");
    service("xenvbd", "AWS PV Storage Host Adapter", ServiceStartType::Boot, ServiceState::Running, "");
    service("EC2Launch", "Amazon EC2Launch", ServiceStartType::Automatic, ServiceState::Stopped, "LocalSystem");
    service("AmazonSSMAgent", "Amazon SSM Agent", ServiceStartType::Disabled, ServiceState::Stopped, "LocalSystem");
    service("Dhcp", "DHCP Client", ServiceStartType::Automatic, ServiceState::Running, "NT Authority\\LocalService");
    service("Schedule", "Task Scheduler", ServiceStartType::Automatic, ServiceState::Running, "LocalSystem");
    service("WSearch", "Windows Search", ServiceStartType::Automatic, ServiceState::Running, "LocalSystem");
    service("WdiServiceHost", "Diagnostic Service Host", ServiceStartType::Manual, ServiceState::Running, "NT AUTHORITY\\LocalService");
    service("TrkWks", "Distributed Link Tracking Client", ServiceStartType::Automatic, ServiceState::Running, "LocalSystem");

    // ---- Components: required-components, powershell-version (5.1, machine policy RemoteSigned, no Group Policy) ----
    system.set_value(HKLM, ready::kPowerShellEngineKey, "PowerShellVersion", RegistryValue::string("5.1.19041.1"));
    system.set_value(HKLM, ready::kPowerShellEngineKey, "RuntimeVersion", RegistryValue::string("v4.0.30319"));
    system.set_value(HKLM, ready::kPowerShellShellKey, "ExecutionPolicy", RegistryValue::string("RemoteSigned"));
    system.set_value(HKLM, "SOFTWARE\\Amazon\\PVDriver", "Version", RegistryValue::string("8.4.3"));
    system.add_key(HKLM, "SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\Certificates\\8DA7F965EC5EFC37910F1C6E59FDC1CC6A6EDE16");

    // ---- sysprep-file: EC2Launch v2 (service and program folder) with its non-empty answer file ----
    system.add_directory(ready::kEc2LaunchFolder);
    system.add_directory("C:\\ProgramData\\Amazon\\EC2Launch\\sysprep");
    system.add_file_content(ready::kEc2LaunchAnswerFile, test::answer_file_of_size(4096));

    // ---- wam-installed: programs installed, none of them the WAM client, and no sign that WAM is used ----
    const auto program = [&](const std::string& key, const std::string& name) {
        system.set_value(HKLM, std::string(ready::kUninstallKey) + "\\" + key, "DisplayName", RegistryValue::string(name));
    };
    program("{5B3B2A9C-6E1F-4C55-9C2B-7F1B8E7E1B11}", "PCoIP Agent");
    program("{8C2D1F4B-3A9E-4D21-B8E5-0D5A6C7E9F22}", "Amazon EC2Launch");
    program("{B1A2C3D4-0E5F-4A6B-9C8D-7E6F5A4B3C33}", "Amazon SSM Agent");
    program("Mozilla Firefox 115.6.0 ESR (x64 en-US)", "Mozilla Firefox ESR (x64 en-US)");

    // ---- Configuration: environment-path (fresh, REG_EXPAND_SZ), tls-ssl (TLS 1.2 on, SSL 3.0 off) ----
    system.set_value(HKLM, ready::kEnvironmentKey, "Path", RegistryValue::expand_string(ready::kFreshPath));
    system.set_value(HKLM, ready::kEnvironmentKey, "PSModulePath",
                     RegistryValue::expand_string("%ProgramFiles%\\WindowsPowerShell\\Modules;%SystemRoot%\\system32\\WindowsPowerShell\\v1.0\\Modules"));
    for (const char* side : {"\\Client", "\\Server"}) {
        system.set_value(HKLM, std::string(ready::kTls12Key) + side, "Enabled", RegistryValue::dword(1));
        system.set_value(HKLM, std::string(ready::kTls12Key) + side, "DisabledByDefault", RegistryValue::dword(0));
        system.set_value(HKLM, std::string(ready::kSsl3Key) + side, "Enabled", RegistryValue::dword(0));
        system.set_value(HKLM, std::string(ready::kSsl3Key) + side, "DisabledByDefault", RegistryValue::dword(1));
    }

    // ---- Network: dhcp ----
    system.add_adapter({"Ethernet 2", "Amazon Elastic Network Adapter", false, true, true, {"10.0.1.23/24"}});
    system.add_adapter({"Loopback Pseudo-Interface 1", "Software Loopback Interface 1", true, true, false, {"127.0.0.1/8"}});

    // ---- Licensing: rearm-count ----
    system.set_management_rows(ready::kRearmNamespace, ready::kRearmQuery, {{{"RemainingWindowsReArmCount", "1001"}}});

    // ---- Accounts: domain-guests (the user is CORP\alice, not a guest) ----
    system.set_interactive_user(kReadyWorkspaceUser);
    system.add_account(kReadyWorkspaceUser, user_sid, {"WS-TEST\\Users", "CORP\\Domain Users"});
    system.add_account("CORP\\Domain Users", "S-1-5-21-1-2-3-513");

    // ---- Profiles: user-profile-exists, single-user-profile (only the allowed profiles), profile-size ----
    const auto profile = [&](const std::string& sid, const std::string& path) {
        system.set_value(HKLM, std::string(ready::kProfileListKey) + "\\" + sid, "ProfileImagePath", RegistryValue::expand_string(path));
    };
    system.set_value(HKLM, ready::kProfileListKey, "ProfilesDirectory", RegistryValue::expand_string("%SystemDrive%\\Users"));
    system.set_value(HKLM, ready::kProfileListKey, "Default", RegistryValue::expand_string("%SystemDrive%\\Users\\Default"));
    system.set_value(HKLM, ready::kProfileListKey, "Public", RegistryValue::expand_string("%SystemDrive%\\Users\\Public"));
    profile("S-1-5-18", "%systemroot%\\system32\\config\\systemprofile");
    profile("S-1-5-19", "%systemroot%\\ServiceProfiles\\LocalService");
    profile("S-1-5-20", "%systemroot%\\ServiceProfiles\\NetworkService");
    profile(kReadyWorkspaceAdministratorSid, "%SystemDrive%\\Users\\Administrator");
    profile(user_sid, kReadyWorkspaceProfile);
    os::DirectoryUsage usage;
    usage.total_bytes = 3 * kGiB + 512 * 1024 * 1024;  // 3.5 GiB: well under the 10 GiB limit
    usage.files = 18'342;
    usage.folders = 2'107;
    usage.reparse_points_skipped = 12;
    const std::string p = kReadyWorkspaceProfile;
    usage.largest_folders = {{p + "\\AppData", 2 * kGiB, 15'000}, {p + "\\Documents", 1 * kGiB, 3'000}, {p + "\\Desktop", 512ULL * 1024 * 1024, 342}};
    system.set_directory_usage(kReadyWorkspaceProfile, usage);  // also makes the folder exist

    // ---- Applications: appx-staged (every package the system has is installed for the user) ----
    const auto appx = [&](const std::string& below_store) { system.add_key(HKLM, std::string(ready::kAppxStoreKey) + "\\" + below_store); };
    appx(std::string("Applications\\") + ready::kCalculator);
    appx(std::string("Applications\\") + ready::kStoreApp);
    appx("Deprovisioned\\Microsoft.BingWeather_8wekyb3d8bbwe");
    appx(std::string("Staged\\") + ready::kCalculator);  // staged and installed for the user: fine
    appx(std::string("S-1-5-18\\") + ready::kStoreApp);
    appx(user_sid + "\\" + ready::kStoreApp);
    appx(user_sid + "\\" + ready::kCalculator + "\\" + ready::kVcLibs);  // VCLibs: a dependency of the user's calculator
}

}  // namespace ic::test
