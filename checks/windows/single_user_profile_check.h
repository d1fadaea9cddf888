#pragma once
#include "imagechecker/check.h"

namespace ic::checks {

/// Windows may hold no user profile other than the WorkSpace user's and Administrator's (built-in
/// service profiles aside), or image creation fails (AWS: MultipleUserProfiles). The tool never deletes
/// a profile: it lists each extra one with its SID and folder for a person to remove.
class SingleUserProfileCheck : public Check {
public:
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

}  // namespace ic::checks
