#pragma once
/// \file
/// Pure parsers of the Linux files the checks read: each takes a file's text and returns data, never
/// touches the machine, and never throws on bad input (a line it cannot read is skipped or reported in
/// `problems`). They are the fuzzing entry points:
///
///   parse_os_release, parse_fstab, parse_crypttab, parse_ini (systemd units, .desktop files,
///   NetworkManager keyfiles, systemd-networkd files), parse_shell_assignments (ifcfg, /etc/environment,
///   /etc/default/*), parse_yaml_subset, parse_netplan, parse_nm_keyfile, parse_ifcfg,
///   parse_networkd, parse_ifupdown, home_references, parse_crontab_commands.
///
/// Why no YAML library for netplan: these parsers are part of the checks, which are also built for
/// Windows (a Linux recording replays anywhere), and Debian has no mingw build of yaml-cpp or libyaml;
/// netplan files use only block mappings, block and flow lists of scalars, quotes and comments.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ic::checks {

// ---- Key=value files ----

/// /etc/os-release: KEY=value lines with shell quoting ("…" with \ escapes, '…'); comments skipped.
std::map<std::string, std::string> parse_os_release(const std::string& text);

/// One KEY=value assignment of a shell-style file, with its 1-based line number.
struct ShellAssignment {
    std::string key;
    std::string value;  ///< unquoted
    int line = 0;
};
/// ifcfg files, /etc/environment, /etc/default/*: `[export] KEY=value` lines; later keys win for readers.
std::vector<ShellAssignment> parse_shell_assignments(const std::string& text);

// ---- Mount tables ----

struct FstabEntry {
    std::string source;       ///< "UUID=…", "/dev/mapper/root", "LABEL=…"
    std::string mount_point;  ///< "/", "/home", "none" (swap)
    std::string type;
    std::string options;
    int line = 0;
};
/// /etc/fstab (and /proc/mounts): whitespace-separated fields, \040-style octal escapes decoded.
std::vector<FstabEntry> parse_fstab(const std::string& text);

struct CrypttabEntry {
    std::string name;    ///< the /dev/mapper/<name> it creates
    std::string device;  ///< the encrypted device: "UUID=…", "/dev/sda3"
    std::string key;     ///< "none", a key file, "-"
    std::string options;
    int line = 0;
};
/// /etc/crypttab: name, device, key file and options per line.
std::vector<CrypttabEntry> parse_crypttab(const std::string& text);

// ---- INI-style files ----

struct IniEntry {
    std::string section;  ///< "Unit", "Service", "Desktop Entry", "ipv4", … ("" before any section)
    std::string key;
    std::string value;
    int line = 0;
};
/// systemd units, .desktop files, NetworkManager keyfiles, systemd-networkd files: `[Section]` and
/// `key=value` lines in order (repeated keys kept), `#`/`;` comments, trailing `\` continuations.
std::vector<IniEntry> parse_ini(const std::string& text);

/// The values of `key` in `section`, in file order.
std::vector<std::string> ini_values(const std::vector<IniEntry>& entries, const std::string& section, const std::string& key);

// ---- YAML (the subset netplan uses) ----

/// A node of the YAML subset: a scalar, a list or a mapping (keys in file order).
struct YamlNode {
    enum class Kind { Null, Scalar, List, Map };
    Kind kind = Kind::Null;
    std::string scalar;
    std::vector<YamlNode> items;
    std::vector<std::pair<std::string, YamlNode>> entries;

    [[nodiscard]] const YamlNode* get(const std::string& key) const;
};
struct YamlDocument {
    YamlNode root;
    std::vector<std::string> problems;  ///< lines that could not be read, "line 7: …"
};
/// Deeper than any netplan file (network.ethernets.eth0.routes[0].to is 5 levels): a node nested deeper
/// is left out and reported as a problem.
inline constexpr int kMaxYamlNesting = 32;

/// Block mappings and lists by indentation, flow lists `[a, b]` and flow maps `{a: b}`, plain and
/// quoted scalars ("…" with \ escapes, '…' with '' for a quote), comments. Anchors, multi-line scalars,
/// multiple documents and nesting deeper than kMaxYamlNesting are reported as problems.
YamlDocument parse_yaml_subset(const std::string& text);

// ---- Network configurations ----

/// How one configured interface gets its IPv4 address, as one configuration file says.
struct InterfaceConfig {
    std::string interface;                     ///< "eth0", or the match pattern / connection name when none
    std::string source;                        ///< where in the file: "ethernets.eth0", "[Network]", "connection 'Wired'"
    std::optional<bool> dhcp4;                 ///< true: DHCP; false: explicitly not; nullopt: not stated
    std::vector<std::string> static_addresses; ///< IPv4 addresses written in the file ("10.0.0.5/24")
    bool loopback = false;                     ///< the loopback interface or a loopback/VPN/tunnel connection
    [[nodiscard]] bool is_static() const { return !static_addresses.empty() && dhcp4 != true; }
};
struct NetworkFile {
    std::vector<InterfaceConfig> interfaces;
    std::vector<std::string> problems;
};

/// netplan YAML: network.{ethernets,wifis,bonds,bridges,vlans}.<id>: dhcp4, addresses, set-name, match.
NetworkFile parse_netplan(const std::string& text);
/// A NetworkManager keyfile (/etc/NetworkManager/system-connections/*.nmconnection): [ipv4] method,
/// address1…/addresses; [connection] id, type, interface-name.
NetworkFile parse_nm_keyfile(const std::string& text);
/// A RHEL-family ifcfg file: DEVICE, BOOTPROTO, IPADDR/IPADDR0…, PREFIX/NETMASK.
NetworkFile parse_ifcfg(const std::string& text);
/// A systemd-networkd .network file: [Match] Name, [Network] DHCP and Address, [Address] Address.
NetworkFile parse_networkd(const std::string& text);
/// Debian's ifupdown /etc/network/interfaces: `iface NAME inet dhcp|static` and its `address` line.
NetworkFile parse_ifupdown(const std::string& text);

/// True for an IPv4 address, with or without a /prefix.
bool is_ipv4_address(const std::string& text);

// ---- What points into /home ----

/// One place in a file that names something under /home.
struct HomeReference {
    int line = 0;
    std::string path;     ///< the /home/… path as written (up to the next space, quote, colon or ;)
    std::string context;  ///< the line, trimmed
};
/// Every /home/… path (or ~/… and $HOME/…, reported as written) outside comments.
std::vector<HomeReference> home_references(const std::string& text);

/// The /home paths in the values of an INI-style file's keys that start with one of `key_prefixes`
/// (units: "Exec", "WorkingDirectory", …; launchers: "Exec", "TryExec", "Path", "Icon"), so that
/// settings such as RequiresMountsFor=/home, which name /home without depending on what is in it, are
/// not counted.
std::vector<HomeReference> ini_home_references(const std::string& text, const std::vector<std::string>& key_prefixes);

/// The command lines of a crontab (system crontabs with a user field when `system_format`): skips
/// comments, blank lines and VAR=value lines. Each result keeps its 1-based line number.
std::vector<std::pair<int, std::string>> parse_crontab_commands(const std::string& text, bool system_format);

}  // namespace ic::checks
