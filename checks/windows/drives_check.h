#pragma once
#include "imagechecker/check.h"

namespace ic::checks {

/// Only C: and D: may exist; any other letter, virtual drives included, stops image creation
/// (AWS: AdditionalDrivesPresent).
class DrivesCheck : public Check {
public:
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

/// True for the letters a WorkSpace image may have: C (system) and D (user volume).
bool is_allowed_drive_letter(char letter);

}  // namespace ic::checks
