#pragma once
#include <cstdint>

#include "imagechecker/check.h"

namespace ic::checks {

/// More than 12 GiB must be free on C:, or image creation runs out of room (AWS: InsufficientDiskSpace).
class FreeSpaceCheck : public Check {
public:
    static constexpr std::uint64_t kRequiredFreeBytes = 12'884'901'888ULL;  // 12 GiB, "more than"
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

/// The pass rule on its own: free space strictly above the threshold.
bool has_enough_free_space(std::uint64_t free_bytes);

}  // namespace ic::checks
