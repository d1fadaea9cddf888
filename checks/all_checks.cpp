// The one list of checks ImageChecker runs, in the order they run and are shown.
// Explicit on purpose: self-registering checks in a static library are silently dropped by the linker.
#include "imagechecker/check_registry.h"
#include "linux/apps_outside_home_check.h"
#include "linux/image_removals_check.h"
#include "linux/linux_dhcp_check.h"
#include "linux/linux_not_encrypted_check.h"
#include "linux/linux_pending_reboot_check.h"
#include "linux/linux_required_components_check.h"
#include "linux/root_volume_usage_check.h"
#include "windows/appx_staged_check.h"
#include "windows/dhcp_check.h"
#include "windows/domain_guests_check.h"
#include "windows/domain_services_check.h"
#include "windows/drives_check.h"
#include "windows/environment_path_check.h"
#include "windows/free_space_check.h"
#include "windows/not_encrypted_check.h"
#include "windows/pending_reboot_check.h"
#include "windows/powershell_version_check.h"
#include "windows/profile_path_length_check.h"
#include "windows/profile_size_check.h"
#include "windows/rearm_count_check.h"
#include "windows/remote_desktop_services_check.h"
#include "windows/required_components_check.h"
#include "windows/single_user_profile_check.h"
#include "windows/ssm_agent_disabled_check.h"
#include "windows/sysprep_file_check.h"
#include "windows/tls_ssl_check.h"
#include "windows/user_profile_exists_check.h"
#include "windows/wam_installed_check.h"
#include "windows/windows_modules_installer_check.h"
#include "windows/windows_upgraded_check.h"
#include "windows/winrm_automatic_check.h"
#include "windows/workspace_user.h"

namespace ic {

const CheckRegistry& builtin_checks() {
    static const CheckRegistry kRegistry = [] {
        CheckRegistry registry;
        registry.add<checks::PowershellVersionCheck>();
        registry.add<checks::DrivesCheck>();
        registry.add_per_platform<checks::PendingRebootCheck, checks::LinuxPendingRebootCheck>();
        registry.add<checks::SysprepFileCheck>();
        registry.add<checks::ProfileSizeCheck>();
        registry.add<checks::FreeSpaceCheck>();
        registry.add<checks::DomainServicesCheck>();
        registry.add<checks::WamInstalledCheck>();
        registry.add_per_platform<checks::DhcpCheck, checks::LinuxDhcpCheck>();
        registry.add<checks::RemoteDesktopServicesCheck>();
        registry.add<checks::UserProfileExistsCheck>();
        registry.add<checks::EnvironmentPathCheck>();
        registry.add<checks::WindowsModulesInstallerCheck>();
        registry.add<checks::SsmAgentDisabledCheck>();
        registry.add<checks::TlsSslCheck>();
        registry.add<checks::SingleUserProfileCheck>();
        registry.add<checks::AppxStagedCheck>();
        registry.add<checks::WindowsUpgradedCheck>();
        registry.add<checks::RearmCountCheck>();
        registry.add<checks::WinrmAutomaticCheck>();
        registry.add_per_platform<checks::RequiredComponentsCheck, checks::LinuxRequiredComponentsCheck>();
        registry.add_per_platform<checks::NotEncryptedCheck, checks::LinuxNotEncryptedCheck>();
        registry.add<checks::DomainGuestsCheck>();
        registry.add<checks::ProfilePathLengthCheck>();
        // Linux WorkSpaces: the requirements only Linux has (the shared ones are registered above with a
        // Linux detection each), then the preview of what image creation removes.
        registry.add<checks::RootVolumeUsageCheck>();
        registry.add<checks::AppsOutsideHomeCheck>();
        registry.add<checks::ImageRemovalsCheck>();
        registry.set_user_rule(checks::windows_user_rule);
        return registry;
    }();
    return kRegistry;
}

}  // namespace ic
