#pragma once
#include <optional>
#include <string>
#include <vector>

#include "imagechecker/check.h"

namespace ic::checks {

/// The newest of the installed kernel releases (file names of /boot/vmlinuz-* and /lib/modules/*),
/// by RPM's version order; nullopt when none.
std::optional<std::string> newest_kernel(const std::vector<std::string>& releases);

/// pending-reboot on Linux: the markers each distribution leaves when a restart is due —
/// /var/run/reboot-required (+ .pkgs) on Ubuntu and Debian, and needs-restarting -r's kernel test on
/// every family (a newer kernel is installed than the one running). Registered with PendingRebootCheck's
/// id and metadata (CheckRegistry::add_per_platform).
class LinuxPendingRebootCheck : public Check {
public:
    static PlatformWording wording();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

}  // namespace ic::checks
