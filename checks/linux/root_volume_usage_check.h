#pragma once
#include <cstdint>

#include "imagechecker/check.h"

namespace ic::checks {

/// How full a filesystem is, computed as df computes Use%: used / (used + available to users), where
/// used = total - free. The blocks reserved for root count as neither used nor available.
struct VolumeUsage {
    std::uint64_t used = 0;
    std::uint64_t available = 0;
    /// Exact ratio x 100 (e.g. 96.99).
    double percent = 0;
    /// df's figure: the percentage rounded up to a whole number.
    int df_percent = 0;
    /// True when used / (used + available) >= 97 %.
    bool at_or_over_limit = false;
};
/// nullopt when the filesystem reports no usable blocks (used + available = 0).
std::optional<VolumeUsage> volume_usage(const os::VolumeSpace& space, int limit_percent = 97);

/// The root volume / must be less than 97 % full, or image creation of a Linux WorkSpace fails.
class RootVolumeUsageCheck : public Check {
public:
    static constexpr int kLimitPercent = 97;
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

}  // namespace ic::checks
