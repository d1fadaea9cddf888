#include "workspace_user.h"

#include <fmt/format.h>

#include "profile_list.h"
#include "windows_facts.h"

namespace ic::checks {

namespace {

constexpr const char* kWorkSpaceUsers = "D:\\Users\\";

// The account a profile belongs to as people read it: the looked-up name, else the folder's name.
std::string owner_of(const UserEvidence::Profile& profile) {
    return profile.account ? *profile.account : path_leaf(profile.path);
}

std::string profile_list_text(const std::vector<UserEvidence::Profile>& profiles) {
    std::string text;
    for (const auto& p : profiles) text += (text.empty() ? "" : ", ") + p.path;
    return text;
}

}  // namespace

UserEvidence read_user_evidence(os::System& system, const std::string& requested) {
    UserEvidence evidence;
    evidence.requested = requested;
    auto& host = system.host();
    try {
        auto console = host.interactive_user();
        if (console) evidence.console_user = console.value();
        else evidence.console_error = console.error().describe();
        if (!evidence.console_user.empty())
            if (auto sid = host.account_sid(evidence.console_user); sid && sid.value()) evidence.console_sid = sid.value();
    } catch (const std::exception& e) {
        evidence.console_error = e.what();
    }
    try {
        const ProfileListReading list = read_profile_list(system);
        if (list.error) evidence.profile_list_error = list.error->describe();
        for (const auto& entry : list.entries) {
            if (is_builtin_service_sid(entry.sid) || is_backup_profile_key(entry.sid) || entry.path.empty()) continue;
            if (!istarts_with(normalize_windows_path(entry.path) + "\\", kWorkSpaceUsers)) continue;
            UserEvidence::Profile profile{entry.sid, entry.path, std::nullopt, {}};
            if (auto name = host.account_name(entry.sid)) profile.account = name.value();
            else profile.lookup_error = name.error().describe();
            evidence.workspace_profiles.push_back(std::move(profile));
        }
    } catch (const std::exception& e) {
        evidence.profile_list_error = e.what();
    }
    return evidence;
}

UserChoice choose_workspace_user(const UserEvidence& e) {
    if (!e.requested.empty()) {
        if (auto problem = requested_user_problem(e.requested); !problem.empty()) return {{}, "--user", problem};
        return {e.requested, "named with --user", {}};
    }
    const bool console_is_person = !e.console_user.empty() && !is_builtin_or_service_account(e.console_user);
    const auto& profiles = e.workspace_profiles;

    if (profiles.size() == 1) {
        const auto& only = profiles.front();
        std::string rule = fmt::format("the owner of the only profile on D:\\Users ({}, {})", only.path, only.sid);
        if (!only.account) rule += "; the name is the folder's, as the SID could not be looked up: " + only.lookup_error;
        if (console_is_person && e.console_sid && *e.console_sid != only.sid)
            rule += "; " + e.console_user + ", signed in at the console, is someone else and was not checked";
        return {owner_of(only), rule, {}};
    }
    if (profiles.size() > 1) {
        if (console_is_person && e.console_sid)
            for (const auto& p : profiles)
                if (p.sid == *e.console_sid)
                    return {owner_of(p), fmt::format("the user signed in at the console, whose profile is one of the {} on D:\\Users", profiles.size()), {}};
        return {{}, {}, fmt::format("D:\\Users holds {} profiles ({}), so the WorkSpace user is ambiguous; name them with --user",
                                    profiles.size(), profile_list_text(profiles))};
    }
    // No profile on D:\Users yet (or ProfileList could not be read).
    const std::string why_no_profile = e.profile_list_error.empty() ? "D:\\Users holds no profile"
                                                                    : "the profile list could not be read (" + e.profile_list_error + ")";
    if (console_is_person) return {e.console_user, "the user signed in at the console; " + why_no_profile + " yet", {}};
    if (!e.console_user.empty())
        return {{}, {}, fmt::format("{} and only {}, a built-in account, is signed in at the console; name the WorkSpace user with --user",
                                    why_no_profile, e.console_user)};
    if (!e.console_error.empty())
        return {{}, {}, fmt::format("{} and the console user could not be read ({}); name the WorkSpace user with --user", why_no_profile,
                                    e.console_error)};
    return {{}, {}, why_no_profile + " and nobody is signed in at the console; name the WorkSpace user with --user"};
}

UserChoice windows_user_rule(os::System& system, const os::OsFacts* os, const std::string& requested) {
    if (os == nullptr || os->family != os::OsFamily::Windows) return console_user_rule(system, os, requested);
    return choose_workspace_user(read_user_evidence(system, requested));
}

}  // namespace ic::checks
