#include "user_profile_exists_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "profile_list.h"
#include "windows_facts.h"

namespace ic::checks {

CheckInfo UserProfileExistsCheck::describe() {
    CheckInfo info;
    info.id = "user-profile-exists";
    info.title = "The WorkSpace user's profile exists on D:";
    info.category = "Profiles";
    info.platforms = kWindows;
    info.rationale =
        "Image creation expects the WorkSpace user's profile at D:\\Users\\<user>, registered by Windows for that user. "
        "When the profile is missing, registered elsewhere (for example under C:\\Users) or belongs to another account, "
        "image creation fails.";
    info.resolution =
        "Do not create or move the profile by hand. Open a case with AWS Support, give them the user name and the "
        "evidence of this check (the SID and the registered path), and ask for the WorkSpace's user profile to be "
        "repaired. Then run the checks again.";
    info.aws_error_code = "UserProfileMissing";
    info.needs_user = true;
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& UserProfileExistsCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult UserProfileExistsCheck::run(CheckContext& context) {
    const std::string user = bare_user_name(context.user);
    if (user.empty()) return CheckResult::error("no WorkSpace user is known (name one with --user)");
    const std::string expected = expected_profile_path(context.user);

    const UserSid user_sid = resolve_user_sid(context.system.host(), context.user);
    const ProfileListReading list = read_profile_list(context.system);
    if (list.error) {
        return CheckResult::error("could not list the registered profiles: " + list.error->describe())
            .with("WorkSpace user", context.user)
            .with(std::string("HKLM\\") + kProfileListKey, "could not be read: " + list.error->describe());
    }

    std::vector<std::string> problems;   // what a person must have repaired
    std::vector<std::string> unreadable;  // what could not be looked at
    const ProfileEntry* registered = nullptr;
    std::vector<const ProfileEntry*> at_expected_path;
    std::vector<const ProfileEntry*> backups;
    for (const auto& entry : list.entries) {
        if (is_backup_profile_key(entry.sid)) {
            if (user_sid.sid && istarts_with(entry.sid, *user_sid.sid + ".")) backups.push_back(&entry);
            continue;
        }
        if (user_sid.sid && iequals(entry.sid, *user_sid.sid)) registered = &entry;
        if (!entry.error && !entry.path.empty() && same_windows_path(entry.path, expected)) at_expected_path.push_back(&entry);
    }

    std::string registration;
    if (user_sid.sid && registered) {
        if (registered->error) {
            unreadable.push_back("the profile path of " + registered->sid + ": " + registered->error->describe());
            registration = "unknown";
        } else if (same_windows_path(registered->path, expected)) {
            registration = fmt::format("{}: {}", registered->sid, profile_path_text(*registered));
        } else {
            problems.push_back(registered->raw_path
                                   ? fmt::format("{}'s profile is registered at {}, not {}", user, registered->path, expected)
                                   : fmt::format("{}'s profile record ({}) names no folder", user, registered->sid));
            registration = fmt::format("{}: {}", registered->sid, profile_path_text(*registered));
        }
    } else if (user_sid.sid) {
        if (!at_expected_path.empty()) {
            problems.push_back(fmt::format("{} is registered to {}, not to {}'s account ({})", expected, at_expected_path.front()->sid,
                                           user, *user_sid.sid));
            registration = fmt::format("none for {}; {} belongs to {}", *user_sid.sid, expected, at_expected_path.front()->sid);
        } else {
            problems.push_back(fmt::format("Windows has no profile registered for {} ({})", user, *user_sid.sid));
            registration = "none for " + *user_sid.sid;
        }
    } else if (!at_expected_path.empty()) {
        // The account could not be resolved to a SID: the registered path is the evidence left.
        registration = fmt::format("{}: {} (matched by path)", at_expected_path.front()->sid, profile_path_text(*at_expected_path.front()));
    } else {
        std::size_t unreadable_entries = 0;
        for (const auto& entry : list.entries)
            if (entry.error) ++unreadable_entries;
        if (unreadable_entries > 0) {
            unreadable.push_back(fmt::format("{} profile record{} (and {}'s SID)", unreadable_entries, unreadable_entries == 1 ? "" : "s", user));
            registration = "unknown";
        } else {
            problems.push_back(fmt::format("Windows has no profile registered at {}", expected));
            registration = "none at " + expected;
        }
    }

    std::string folder_text;
    auto folder = context.system.files().stat(expected);
    if (!folder) {
        unreadable.push_back(expected + ": " + folder.error().describe());
        folder_text = "could not be read: " + folder.error().describe();
    } else if (!folder.value()) {
        problems.push_back(expected + " does not exist");
        folder_text = "missing";
    } else if (!folder.value()->is_directory) {
        problems.push_back(expected + " is a file, not a folder");
        folder_text = "a file, not a folder";
    } else {
        folder_text = "exists";
    }

    CheckResult result;
    if (!problems.empty())
        result = CheckResult::failed(fmt::format("{}; AWS Support must repair the profile", fmt::join(problems, "; ")));
    else if (!unreadable.empty())
        result = CheckResult::error("could not read " + fmt::format("{}", fmt::join(unreadable, "; ")));
    else
        result = CheckResult::passed(fmt::format("{}'s profile is registered and present at {}", user, expected));

    result.with("WorkSpace user", context.user);
    result.with("Account SID", user_sid_text(user_sid));
    result.with(std::string("Registered profile (HKLM\\") + kProfileListKey + ")", registration, expected + " under the user's SID");
    result.with("Profile folder " + expected, folder_text, "exists");
    for (const auto* backup : backups)
        result.with("Backup record " + backup->sid, profile_path_text(*backup) + " (Windows could not load this profile once)");
    return result;
}

}  // namespace ic::checks
