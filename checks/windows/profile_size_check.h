#pragma once
#include <cstdint>

#include "imagechecker/check.h"

namespace ic::checks {

/// The files under D:\Users\<user> must total less than 10 GiB (AWS's stated requirement; no AWS error
/// code). Checked on every Windows version, although AWS's own tool skips it on Windows 10. Folders that
/// cannot be read make the total a lower bound, which is never enough for a pass.
class ProfileSizeCheck : public Check {
public:
    static constexpr std::uint64_t kLimitBytes = 10'737'418'240ULL;  // 10 GiB, "less than"
    static constexpr std::size_t kTopFolders = 10;

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

/// What the numbers say. A total at or over the limit fails even when parts could not be read (the real
/// size is only larger); a total under it is only a pass when every folder was read.
enum class ProfileSizeVerdict { UnderLimit, OverLimit, UnknownWithUnreadableFolders };
ProfileSizeVerdict decide_profile_size(std::uint64_t total_bytes, std::uint64_t unreadable_folders);

}  // namespace ic::checks
