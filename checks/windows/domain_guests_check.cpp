#include "domain_guests_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "windows_facts.h"

namespace ic::checks {

namespace {

// Groups whose names belong to this machine or to Windows itself cannot be a domain's Domain Guests.
bool is_local_group(const std::string& group, const std::string& machine_name) {
    const std::string domain = account_domain(group);
    return domain.empty() || iequals(domain, machine_name) || iequals(domain, "BUILTIN") || iequals(domain, "NT AUTHORITY") ||
           iequals(domain, ".");
}

}  // namespace

std::string account_domain(const std::string& account) {
    if (const auto slash = account.find('\\'); slash != std::string::npos) return account.substr(0, slash);
    if (const auto at = account.find('@'); at != std::string::npos) return account.substr(at + 1);
    return {};
}

bool is_domain_guests_name(const std::string& group) { return iequals(bare_user_name(group), DomainGuestsCheck::kGroupName); }

bool is_domain_guests_sid(const std::string& sid) {
    const std::string prefix = "S-1-5-21-";
    if (!istarts_with(sid, prefix)) return false;
    // After the prefix: exactly three domain sub-authorities and the RID, all decimal numbers.
    std::vector<std::string> parts;
    std::string part;
    for (std::size_t i = prefix.size(); i <= sid.size(); ++i) {
        if (i == sid.size() || sid[i] == '-') {
            if (!parse_unsigned(part) || part.find(' ') != std::string::npos) return false;
            parts.push_back(part);
            part.clear();
        } else {
            part += sid[i];
        }
    }
    return parts.size() == 4 && parts.back() == "514";
}

CheckInfo DomainGuestsCheck::describe() {
    CheckInfo info;
    info.id = "domain-guests";
    info.title = "The WorkSpace user is not in Domain Guests";
    info.category = "Accounts";
    info.platforms = kWindows;
    info.rationale =
        "AWS reports that image creation fails for a WorkSpace whose user belongs to the domain's Domain Guests group, "
        "even when every other check passes.";
    info.resolution =
        "In Active Directory Users and Computers, open the WorkSpace user's properties and, on the Member Of tab, remove "
        "Domain Guests (set another primary group first if Domain Guests is the primary one). Or build the image from a "
        "WorkSpace assigned to a user who is not a guest. Sign out and in again, then run the checks again.";
    info.aws_error_code = "";
    info.needs_user = true;
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& DomainGuestsCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult DomainGuestsCheck::run(CheckContext& context) {
    const std::string& user = context.user;
    if (user.empty()) return CheckResult::error("no WorkSpace user is known (name one with --user)");
    const std::string domain = account_domain(user);
    if (domain.empty() || domain == ".") {
        return CheckResult::skipped(fmt::format("\"{}\" names no domain, so it is taken as a local account; Domain Guests applies "
                                                "only to domain accounts (name the user as DOMAIN\\user to check it)", user))
            .with("WorkSpace user", user, "a domain account");
    }
    auto machine = context.system.host().machine_name();
    if (!machine) return CheckResult::error("could not read the machine name: " + machine.error().describe());
    if (iequals(domain, machine.value())) {
        return CheckResult::skipped(fmt::format("{} is a local account of this machine ({}); Domain Guests applies only to domain accounts",
                                                user, machine.value()))
            .with("WorkSpace user", user, "a domain account");
    }

    auto groups = context.system.host().account_groups(user);
    if (!groups) {
        return CheckResult::error(fmt::format("could not read the groups of {}: {}", user, groups.error().describe()))
            .with("Groups of " + user, "could not be read: " + groups.error().describe(), "no Domain Guests");
    }

    // By name first; then by the well-known RID 514 for domains whose group names are not in English.
    std::string guest_group;
    std::string how;
    std::vector<std::string> unresolved;
    for (const auto& group : groups.value()) {
        if (is_domain_guests_name(group)) {
            guest_group = group;
            how = "by name";
            break;
        }
    }
    if (guest_group.empty()) {
        for (const auto& group : groups.value()) {
            if (is_local_group(group, machine.value())) continue;
            auto sid = context.system.host().account_sid(group);
            if (!sid) {
                unresolved.push_back(group + ": " + sid.error().describe());
            } else if (sid.value() && is_domain_guests_sid(*sid.value())) {
                guest_group = group;
                how = "by its SID " + *sid.value();
                break;
            }
        }
    }

    CheckResult result;
    if (!guest_group.empty()) {
        result = CheckResult::failed(fmt::format("{} is a member of {}", user, guest_group));
    } else if (!unresolved.empty()) {
        result = CheckResult::error(fmt::format("could not resolve {} group{} of {} to tell whether one is Domain Guests; first: {}",
                                                unresolved.size(), unresolved.size() == 1 ? "" : "s", user, unresolved.front()));
    } else {
        result = CheckResult::passed(fmt::format("{} is not a member of Domain Guests ({} group{} checked)", user, groups.value().size(),
                                                 groups.value().size() == 1 ? "" : "s"));
    }
    result.with("WorkSpace user", user);
    result.with("Groups of " + user, groups.value().empty() ? "none" : fmt::format("{}", fmt::join(groups.value(), ", ")), "no Domain Guests");
    if (!guest_group.empty()) result.with("Domain Guests membership", guest_group + " (recognized " + how + ")", "absent");
    return result;
}

}  // namespace ic::checks
