#pragma once
/// \file
/// Who the WorkSpace user is on a Windows WorkSpace. A WorkSpace keeps one user profile on D:\Users, and
/// that profile's owner (by SID, from ProfileList) is the user, whoever else is signed in: an
/// administrator connected by RDP for maintenance, or nobody at all when the tool runs as SYSTEM from
/// SSM Run Command, a scheduled task or psexec -s. The decision is a pure function of what was read.

#include <optional>
#include <string>
#include <vector>

#include "imagechecker/workspace_user.h"

namespace ic::checks {

/// Everything the rule looks at, read from the machine by read_user_evidence().
struct UserEvidence {
    std::string requested;  ///< --user, "" when not given

    std::string console_user;   ///< "" when nobody is signed in at the console (or it could not be read)
    std::string console_error;  ///< why the console user could not be read
    std::optional<std::string> console_sid;

    /// A profile registered under D:\Users (service SIDs and ".bak" copies left out).
    struct Profile {
        std::string sid;
        std::string path;                    ///< expanded ProfileImagePath
        std::optional<std::string> account;  ///< "DOMAIN\\name" from the SID; nullopt when it could not be looked up
        std::string lookup_error;
    };
    std::vector<Profile> workspace_profiles;
    std::string profile_list_error;  ///< ProfileList could not be read
};

/// Reads the console user and the D:\Users profiles; never throws.
UserEvidence read_user_evidence(os::System& system, const std::string& requested);

/// The rule, in order: --user (never a built-in or service account); the owner of the only profile on
/// D:\Users; among several D:\Users profiles, the console user's own; with no D:\Users profile yet, the
/// console user unless it is a built-in account. Anything else: no user, with the reason.
UserChoice choose_workspace_user(const UserEvidence& evidence);

/// The registry's UserRule for Windows machines (other systems: console_user_rule).
UserChoice windows_user_rule(os::System& system, const os::OsFacts* os, const std::string& requested);

}  // namespace ic::checks
