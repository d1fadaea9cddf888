#include "single_user_profile_check.h"

#include <fmt/format.h>

#include "profile_list.h"
#include "windows_facts.h"

namespace ic::checks {

CheckInfo SingleUserProfileCheck::describe() {
    CheckInfo info;
    info.id = "single-user-profile";
    info.title = "Only the WorkSpace user's and Administrator's profiles exist";
    info.category = "Profiles";
    info.platforms = kWindows;
    info.rationale =
        "Image creation keeps exactly three profiles: the WorkSpace user's (D:\\Users\\<user>), the Default profile and "
        "Administrator's. A profile of any other account (someone who signed in once, a test or service account) makes "
        "it fail. Windows' own service profiles (SYSTEM, LOCAL SERVICE, NETWORK SERVICE) do not count.";
    info.resolution =
        "Sign the other accounts out, then open System Properties (Win+Pause, Advanced system settings), Advanced tab, "
        "User Profiles > Settings. Select each profile this check lists (match the folder it names) and choose Delete. "
        "Restart the WorkSpace and run the checks again. The tool never deletes profiles itself: they hold people's data.";
    info.aws_error_code = "MultipleUserProfiles";
    info.needs_user = true;
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& SingleUserProfileCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult SingleUserProfileCheck::run(CheckContext& context) {
    const std::string user = bare_user_name(context.user);
    if (user.empty())
        return CheckResult::error("no WorkSpace user is known (name one with --user)");
    const std::string expected = expected_profile_path(context.user);

    const UserSid user_sid = resolve_user_sid(context.system.host(), context.user);
    const ProfileListReading list = read_profile_list(context.system);
    if (list.error) {
        return CheckResult::error("could not list the registered profiles: " + list.error->describe())
            .with(std::string("HKLM\\") + kProfileListKey, "could not be read: " + list.error->describe());
    }

    struct Classified {
        const ProfileEntry* entry;
        ProfileRole role;
    };
    std::vector<Classified> all;
    std::vector<const ProfileEntry*> extras;
    std::vector<const ProfileEntry*> unreadable;
    for (const auto& entry : list.entries) {
        ProfileRole role = classify_profile(entry.sid, entry.error ? "" : entry.path, user_sid.sid, expected);
        // A record whose path could not be read is only known when its SID alone places it.
        if (entry.error && role == ProfileRole::Extra) {
            unreadable.push_back(&entry);
            continue;
        }
        if (role == ProfileRole::Extra) extras.push_back(&entry);
        all.push_back({&entry, role});
    }

    CheckResult result;
    if (!extras.empty()) {
        std::string names;
        for (const auto* e : extras) names += (names.empty() ? "" : ", ") + (e->raw_path ? e->path : e->sid);
        result = CheckResult::failed(fmt::format("{} profile{} of other accounts must be deleted by a person: {}", extras.size(),
                                                 extras.size() == 1 ? "" : "s", names));
    } else if (!unreadable.empty()) {
        result = CheckResult::error(fmt::format("could not read the profile path of {}: {}", unreadable.front()->sid,
                                                unreadable.front()->error->describe()));
    } else {
        result = CheckResult::passed(fmt::format("no profiles other than {}'s and Administrator's ({} records)", user, list.entries.size()));
    }

    result.with("WorkSpace user", context.user + " (profile " + expected + ")");
    result.with("Account SID", user_sid_text(user_sid));
    for (const auto* e : extras)
        result.with("Extra profile " + e->sid, profile_path_text(*e) + " (" + sid_kind(e->sid) + ")", "absent");
    for (const auto* e : unreadable) result.with("Profile " + e->sid, "could not be read: " + e->error->describe());
    for (const auto& c : all) {
        if (c.role == ProfileRole::Extra) continue;
        result.with("Profile " + c.entry->sid, profile_path_text(*c.entry) + ": " + to_string(c.role));
    }
    return result;
}

}  // namespace ic::checks
