#pragma once
#include <cstddef>

#include "imagechecker/check.h"

namespace ic::checks {

/// On Windows 7 image creation copies the user's profile into the image, and a path of 261 characters or
/// more in it makes that copy fail (AWS's troubleshooting advice; no AWS error code). Other Windows
/// versions do not copy the profile, so the check is skipped there.
class ProfilePathLengthCheck : public Check {
public:
    static constexpr std::size_t kLongPathThreshold = 261;  // characters of the full path, "261 or more" fails

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

}  // namespace ic::checks
