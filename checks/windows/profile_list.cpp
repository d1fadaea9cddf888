#include "profile_list.h"

#include "windows_facts.h"

namespace ic::checks {

ProfileListReading read_profile_list(os::System& system) {
    ProfileListReading reading;
    auto& registry = system.registry();
    auto sids = registry.subkeys(os::RegistryHive::LocalMachine, kProfileListKey);
    if (!sids) {
        reading.error = sids.error();
        return reading;
    }
    for (const auto& sid : sids.value()) {
        ProfileEntry entry;
        entry.sid = sid;
        auto value = registry.read_value(os::RegistryHive::LocalMachine, std::string(kProfileListKey) + "\\" + sid, kProfileImagePathValue);
        if (!value) {
            entry.error = value.error();
        } else if (value.value()) {
            entry.raw_path = value.value()->text;
            auto expanded = system.host().expand(value.value()->text);  // usually "%SystemDrive%\\Users\\…"
            if (expanded) entry.path = expanded.value();
            else entry.error = expanded.error();
        }
        reading.entries.push_back(std::move(entry));
    }
    return reading;
}

UserSid resolve_user_sid(os::HostProbe& host, const std::string& account) {
    auto sid = host.account_sid(account);
    if (!sid) return {std::nullopt, sid.error()};
    return {sid.value(), std::nullopt};
}

std::string user_sid_text(const UserSid& user_sid) {
    if (user_sid.error) return "could not be resolved: " + user_sid.error->describe();
    if (!user_sid.sid) return "no such account";
    return *user_sid.sid;
}

bool is_builtin_service_sid(const std::string& sid) {
    return iequals(sid, "S-1-5-18") || iequals(sid, "S-1-5-19") || iequals(sid, "S-1-5-20");
}

bool is_backup_profile_key(const std::string& name) {
    return name.size() > 4 && iequals(name.substr(name.size() - 4), ".bak");
}

bool is_builtin_administrator_sid(const std::string& sid) {
    return istarts_with(sid, "S-1-5-21-") && sid.size() > 4 && sid.compare(sid.size() - 4, 4, "-500") == 0;
}

std::string path_leaf(const std::string& path) {
    const std::string normalized = normalize_windows_path(path);
    const auto slash = normalized.find_last_of("\\/");
    return slash == std::string::npos ? normalized : normalized.substr(slash + 1);
}

std::string sid_kind(const std::string& sid) {
    if (istarts_with(sid, "S-1-5-21-")) return "local or domain account";
    if (istarts_with(sid, "S-1-5-80-")) return "service account (NT SERVICE)";
    if (istarts_with(sid, "S-1-5-82-")) return "IIS application pool";
    if (istarts_with(sid, "S-1-5-83-")) return "virtual machine account";
    return "other account";
}

ProfileRole classify_profile(const std::string& sid, const std::string& path, const std::optional<std::string>& user_sid,
                             const std::string& expected_user_path) {
    if (is_backup_profile_key(sid)) return ProfileRole::Backup;
    if (is_builtin_service_sid(sid)) return ProfileRole::BuiltinService;
    if (user_sid && iequals(sid, *user_sid)) return ProfileRole::WorkSpaceUser;
    if (!user_sid && !path.empty() && same_windows_path(path, expected_user_path)) return ProfileRole::WorkSpaceUser;
    if (is_builtin_administrator_sid(sid) || (!path.empty() && iequals(path_leaf(path), "Administrator"))) return ProfileRole::Administrator;
    return ProfileRole::Extra;
}

std::string to_string(ProfileRole role) {
    switch (role) {
        case ProfileRole::BuiltinService: return "built-in service account (ignored)";
        case ProfileRole::Backup: return "backup copy of a profile record (ignored)";
        case ProfileRole::WorkSpaceUser: return "the WorkSpace user (allowed)";
        case ProfileRole::Administrator: return "Administrator (allowed)";
        case ProfileRole::Extra: return "another account (not allowed)";
    }
    return "unknown";
}

std::string profile_path_text(const ProfileEntry& entry) {
    if (entry.error) return "could not be read: " + entry.error->describe();
    if (!entry.raw_path) return "no ProfileImagePath";
    return entry.path == *entry.raw_path ? entry.path : *entry.raw_path + " (= " + entry.path + ")";
}

}  // namespace ic::checks
