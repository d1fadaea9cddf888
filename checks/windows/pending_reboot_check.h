#pragma once
#include "imagechecker/check.h"

namespace ic::checks {

/// No restart may be pending (updates or file replacements waiting for a reboot), or image creation
/// fails (AWS: WindowsUpdatesRequired). Reads every marker servicing, Windows Update, Update.exe, a
/// computer rename and a domain join leave until the restart.
class PendingRebootCheck : public Check {
public:
    static constexpr const char* kCbsKey = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending";
    static constexpr const char* kWindowsUpdateKey =
        "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired";
    static constexpr const char* kSessionManagerKey = "SYSTEM\\CurrentControlSet\\Control\\Session Manager";
    static constexpr const char* kRenameValue = "PendingFileRenameOperations";
    static constexpr const char* kCbsPackagesPendingKey =
        "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\PackagesPending";
    static constexpr const char* kCbsRebootInProgressKey =
        "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootInProgress";
    static constexpr const char* kWindowsUpdateServicesPendingKey =
        "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Services\\Pending";
    static constexpr const char* kUpdatesKey = "SOFTWARE\\Microsoft\\Updates";
    static constexpr const char* kUpdateExeVolatileValue = "UpdateExeVolatile";
    static constexpr const char* kActiveComputerNameKey = "SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ActiveComputerName";
    static constexpr const char* kComputerNameKey = "SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName";
    static constexpr const char* kNetlogonKey = "SYSTEM\\CurrentControlSet\\Services\\Netlogon";

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

}  // namespace ic::checks
