#pragma once
#include "imagechecker/check.h"

namespace ic::checks {

/// No restart may be pending (updates or file replacements waiting for a reboot), or image creation
/// fails (AWS: WindowsUpdatesRequired). Reads the three markers Windows leaves for a pending restart.
class PendingRebootCheck : public Check {
public:
    static constexpr const char* kCbsKey = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending";
    static constexpr const char* kWindowsUpdateKey =
        "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired";
    static constexpr const char* kSessionManagerKey = "SYSTEM\\CurrentControlSet\\Control\\Session Manager";
    static constexpr const char* kRenameValue = "PendingFileRenameOperations";

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

}  // namespace ic::checks
