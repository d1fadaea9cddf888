#pragma once
/// \file
/// Small, pure helpers several Windows checks share: user names, profile paths, service accounts,
/// Windows versions. Pure functions of their inputs, table-tested in tests/unit/windows_facts_test.cpp.

#include <optional>
#include <string>
#include <vector>

#include "imagechecker/os/system.h"

namespace ic::checks {

/// "CORP\\alice" and "alice@corp.example" -> "alice"; "alice" stays.
std::string bare_user_name(const std::string& account);

/// Where AWS expects the WorkSpace user's profile: D:\\Users\\<user>.
std::string expected_profile_path(const std::string& account);

/// Case-insensitive comparison of Windows names and paths (ASCII folding; Windows folds more, which
/// never matters for the names compared here).
bool iequals(const std::string& a, const std::string& b);

/// ASCII lower case, for keys and substring searches that must ignore case.
std::string fold_case(std::string text);

/// What kind of account a service logs on as.
enum class ServiceAccountKind {
    LocalSystem,      ///< "LocalSystem", ".\\LocalSystem", "NT AUTHORITY\\SYSTEM"
    LocalService,     ///< "NT AUTHORITY\\LocalService"
    NetworkService,   ///< "NT AUTHORITY\\NetworkService"
    VirtualAccount,   ///< "NT SERVICE\\<name>" (managed by Windows)
    LocalUser,        ///< ".\\user" or "<this machine>\\user" (its DNS or NetBIOS name)
    DomainUser,       ///< "DOMAIN\\user" or "user@domain" — what image creation refuses
    ManagedServiceAccount,  ///< "DOMAIN\\name$": a (group) managed service account — a domain account too
    Unknown,          ///< empty or unparseable
};
ServiceAccountKind classify_service_account(const std::string& account, const std::string& machine_name);
/// As above, with every name this machine goes by (its DNS host name and its NetBIOS name, which
/// Windows cuts to 15 characters: local accounts are written "NETBIOSNAME\\user").
ServiceAccountKind classify_service_account(const std::string& account, const std::vector<std::string>& machine_names);
/// True for the kinds image creation refuses (domain users and managed service accounts).
bool is_domain_account(ServiceAccountKind kind);

/// The NetBIOS name Windows derives from a host name when none is set apart: the first label, in
/// capitals, cut to 15 characters ("imagebuilder-win10.corp" -> "IMAGEBUILDER-WI").
std::string netbios_name_from_host_name(const std::string& host_name);
std::string to_string(ServiceAccountKind kind);

/// Windows generations that change what a check does.
bool is_windows_7(const os::OsFacts& os);    ///< version 6.1
bool is_windows_11(const os::OsFacts& os);   ///< build 22000 or later
bool is_server(const os::OsFacts& os);       ///< edition or product name says Server

/// The build number as an integer (0 when it is not a number).
unsigned build_number(const os::OsFacts& os);

/// True when `text` starts with `prefix`, ignoring ASCII case.
bool istarts_with(const std::string& text, const std::string& prefix);

/// A Windows path reduced for comparison: surrounding spaces and double quotes removed, trailing
/// backslashes dropped with any spaces or quotes around them (so "C:\\Windows\\" and "C:\\Windows" compare
/// equal); idempotent. Case is kept; compare with iequals.
std::string normalize_windows_path(const std::string& path);

/// Two already-expanded Windows paths name the same folder (case-insensitive, trailing backslashes ignored).
bool same_windows_path(const std::string& a, const std::string& b);

/// A registry value as evidence shows it, type first: "REG_DWORD 1", "REG_SZ (empty)", "(absent)".
std::string registry_value_text(const std::optional<os::RegistryValue>& value);

/// A whole, unsigned decimal number as WMI and the registry give it as text ("3", " 1001 "); nullopt for
/// anything else (empty, signs, letters, fractions, overflow).
std::optional<std::uint64_t> parse_unsigned(const std::string& text);

}  // namespace ic::checks
