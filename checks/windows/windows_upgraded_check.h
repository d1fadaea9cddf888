#pragma once
#include <cstdint>
#include <string>

#include "imagechecker/check.h"

namespace ic::checks {

/// Windows must never have gone through an in-place feature upgrade (e.g. 21H2 -> 22H2): image creation
/// refuses such systems (AWS: UnsupportedOsUpgrade). Setup leaves a "Source OS (Updated on …)" key under
/// HKLM\SYSTEM\Setup for each upgrade; only a WorkSpace that was never upgraded can be used.
class WindowsUpgradedCheck : public Check {
public:
    static constexpr const char* kSetupKey = "SYSTEM\\Setup";

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

/// True for the HKLM\SYSTEM\Setup subkeys an in-place upgrade leaves: names starting with "Source OS",
/// and the "Upgrade" key (any case).
bool is_upgrade_marker_key(const std::string& name);

/// A Windows InstallDate (seconds since 1970-01-01 UTC) as "2024-01-02 10:00:00 UTC".
std::string install_date_text(std::uint64_t seconds);

}  // namespace ic::checks
