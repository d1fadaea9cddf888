#pragma once
#include <cstdint>
#include <string>
#include <vector>

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

/// A folder that usually holds space a person can free, measured when C: is short of space.
struct ReclaimableFolder {
    std::string path;
    std::string what;  ///< what it holds, in words
};

/// The folders worth measuring for the WorkSpace user `user` (any form: "CORP\\alice", "alice"; may be
/// empty): Windows temporary files, the user's temporary files on C: and D:, the Windows Update
/// download cache and the Recycle Bin.
std::vector<ReclaimableFolder> reclaimable_folders(const std::string& user);

}  // namespace ic::checks
