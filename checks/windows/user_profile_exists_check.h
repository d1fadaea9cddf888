#pragma once
#include "imagechecker/check.h"

namespace ic::checks {

/// The WorkSpace user's profile must exist at D:\Users\<user>: registered in the profile list under the
/// user's SID with that path, and present as a folder (AWS: UserProfileMissing). Only AWS Support can
/// repair a missing or misplaced profile.
class UserProfileExistsCheck : public Check {
public:
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

}  // namespace ic::checks
