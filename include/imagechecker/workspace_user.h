#pragma once
/// \file
/// Whose profile the checks look at. A verdict about profiles and AppX packages is only worth giving about
/// the WorkSpace user; an administrator connected for maintenance, or the SYSTEM account an SSM command
/// or a scheduled task runs as, is never taken for that user. When the user cannot be determined, the
/// checks that need one are ERROR (never SKIPPED), so no run is called successful without them.

#include <functional>
#include <optional>
#include <string>

#include "imagechecker/os/system.h"

namespace ic {

/// The user chosen, and the rule that chose them in a sentence the log, the report and the window show.
/// `error` (with an empty `user`) says why no user could be chosen and how to name one.
struct UserChoice {
    std::string user;
    std::string rule;
    std::string error;
};

/// Chooses the WorkSpace user on a machine: `requested` is the --user option ("" when not given), `os`
/// the machine's OS facts (nullptr when unknown). Each platform's checks bring their own rule
/// (CheckRegistry::set_user_rule); never throws.
using UserRule = std::function<UserChoice(os::System& system, const os::OsFacts* os, const std::string& requested)>;

/// The rule for a registry that brings none: --user, else the user signed in at the console unless it is
/// a built-in or service account.
UserChoice console_user_rule(os::System& system, const os::OsFacts* os, const std::string& requested);

/// True for accounts that are never a WorkSpace user: SYSTEM / LocalSystem, LOCAL SERVICE, NETWORK
/// SERVICE, anything in NT AUTHORITY, NT SERVICE, IIS APPPOOL, Window Manager or Font Driver Host, and
/// machine or managed service accounts (a name ending in "$"). Case-insensitive; with or without a
/// "DOMAIN\\" prefix.
bool is_builtin_or_service_account(const std::string& account);

/// The --user value checked: "" when it can name a WorkSpace user, else why it cannot.
std::string requested_user_problem(const std::string& requested);

}  // namespace ic
