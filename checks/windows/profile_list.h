#pragma once
/// \file
/// The Windows profile list (HKLM\...\ProfileList) as the profile checks read it, and the pure rules
/// that tell which profile belongs to whom. Used by user-profile-exists and single-user-profile.

#include <optional>
#include <string>
#include <vector>

#include "imagechecker/os/system.h"

namespace ic::checks {

constexpr const char* kProfileListKey = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList";
constexpr const char* kProfileImagePathValue = "ProfileImagePath";

/// One subkey of ProfileList.
struct ProfileEntry {
    std::string sid;                      ///< the subkey name: a SID, sometimes with ".bak"
    std::optional<std::string> raw_path;  ///< ProfileImagePath as written; nullopt when absent
    std::string path;                     ///< ProfileImagePath with variables expanded ("" when absent)
    std::optional<os::OsError> error;     ///< the path could not be read or expanded
};

/// The whole list, or the error that prevented listing it.
struct ProfileListReading {
    std::vector<ProfileEntry> entries;
    std::optional<os::OsError> error;
};
ProfileListReading read_profile_list(os::System& system);

/// The WorkSpace user's SID: found, not found (no such account), or the lookup failed.
struct UserSid {
    std::optional<std::string> sid;
    std::optional<os::OsError> error;
};
UserSid resolve_user_sid(os::HostProbe& host, const std::string& account);
/// "S-1-5-21-…-1001", "no such account", or "could not be resolved: <error>".
std::string user_sid_text(const UserSid& user_sid);

// ---- Pure rules ----

/// S-1-5-18 (SYSTEM), S-1-5-19 (LOCAL SERVICE), S-1-5-20 (NETWORK SERVICE): never user profiles.
bool is_builtin_service_sid(const std::string& sid);
/// "S-1-5-21-…-1001.bak": the copy Windows keeps when it could not load a profile; not a profile of its own.
bool is_backup_profile_key(const std::string& name);
/// The built-in Administrator account: a SID of the form S-1-5-21-…-500.
bool is_builtin_administrator_sid(const std::string& sid);
/// The last folder of a path: "C:\\Users\\Administrator\\" -> "Administrator".
std::string path_leaf(const std::string& path);

/// A profile's folder as evidence: the path as registered and, when it holds variables, its expansion.
std::string profile_path_text(const ProfileEntry& entry);
/// What kind of account a SID names, for evidence: "local or domain account", "service account (NT SERVICE)", ...
std::string sid_kind(const std::string& sid);

/// Whom a ProfileList entry belongs to, as image creation sees it.
enum class ProfileRole {
    BuiltinService,  ///< S-1-5-18/19/20: ignored
    Backup,          ///< a ".bak" copy: ignored
    WorkSpaceUser,   ///< the WorkSpace user's profile (their SID, or the path D:\\Users\\<user>)
    Administrator,   ///< the built-in Administrator (RID 500) or a profile folder named Administrator
    Extra,           ///< anyone else: image creation refuses it
};
/// `path` is the expanded ProfileImagePath ("" when unknown); `user_sid` the WorkSpace user's SID when known.
ProfileRole classify_profile(const std::string& sid, const std::string& path, const std::optional<std::string>& user_sid,
                             const std::string& expected_user_path);
std::string to_string(ProfileRole role);

}  // namespace ic::checks
