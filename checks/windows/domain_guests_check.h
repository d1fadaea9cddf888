#pragma once
#include <string>

#include "imagechecker/check.h"

namespace ic::checks {

/// The WorkSpace user must not be a member of Domain Guests: image creation fails for a WorkSpace
/// assigned to such a user (a troubleshooting tip on the AWS page; no AWS error code).
class DomainGuestsCheck : public Check {
public:
    static constexpr const char* kGroupName = "Domain Guests";

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

/// The domain part of an account: "CORP\\alice" -> "CORP", "alice@corp.example" -> "corp.example",
/// "alice" -> "".
std::string account_domain(const std::string& account);

/// True for a group named Domain Guests ("CORP\\Domain Guests", any case).
bool is_domain_guests_name(const std::string& group);

/// True for the SID of a domain's Domain Guests group: S-1-5-21-<a>-<b>-<c>-514 (the well-known RID,
/// the same in every language).
bool is_domain_guests_sid(const std::string& sid);

}  // namespace ic::checks
