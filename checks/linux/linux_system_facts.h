#pragma once
/// \file
/// What the Linux checks share: which distribution the tree holds (and what AWS runs on it), reading
/// the tree through its probe with errors kept as text, and lexical path helpers. Pure helpers are
/// table-tested; the readers only ask the TreeProbe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "imagechecker/os/system.h"

namespace ic::checks {

/// The distribution of the system, from /etc/os-release, and what WorkSpaces runs on it.
struct Distro {
    enum class Family { AmazonLinux, Ubuntu, RhelLike, Debian, Other };
    Family family = Family::Other;
    std::string id;          ///< "amzn", "ubuntu", "rocky", "rhel", "debian"
    std::string version_id;  ///< "2", "22.04", "8.9"
    std::string name;        ///< PRETTY_NAME, or "an unnamed Linux" when none
    std::string error;       ///< why /etc/os-release could not be read ("" when it was)

    /// True for the families WorkSpaces offers (Amazon Linux 2, Ubuntu 22.04, Rocky Linux 8, RHEL 8).
    [[nodiscard]] bool is_workspaces_family() const;
    /// "Debian GNU/Linux 12 (bookworm) is not a distribution WorkSpaces runs" or "" for WorkSpaces families.
    [[nodiscard]] std::string not_workspaces_note() const;
};

/// Classifies os-release values (pure).
Distro distro_from_os_release(const std::string& os_release_text);
/// Reads /etc/os-release (or /usr/lib/os-release) through the tree.
Distro read_distro(os::TreeProbe& tree);

/// `dir` + "/" + `name` without doubling the slash.
std::string join_path(const std::string& dir, const std::string& name);
/// Collapses ".", ".." and repeated slashes of an absolute path (lexically, no links followed).
std::string normalise_path(const std::string& path);
/// Where a symbolic link at `link_path` whose text is `target` points, as an absolute path (lexically).
std::string link_destination(const std::string& link_path, const std::string& target);
/// True for "/home" and anything below it.
bool is_under_home(const std::string& absolute_path);
/// True when `name` matches a shell pattern with '*' and '?' only.
bool glob_match(const std::string& pattern, const std::string& name);

/// A read that can fail: the text (nullopt: absent) or the error, described.
struct TextRead {
    std::optional<std::string> text;
    std::string error;  ///< "" when read (or absent)
};
TextRead read_tree_text(os::TreeProbe& tree, const std::string& path);

/// A folder listing that can fail: entries (empty when absent), whether it existed, and the error.
struct ListRead {
    std::vector<os::TreeEntry> entries;
    bool exists = false;
    std::string error;
};
ListRead list_tree(os::TreeProbe& tree, const std::string& path);

/// Compares two version strings the way RPM does (rpmvercmp): digit runs numerically, letter runs
/// alphabetically, a digit run newer than a letter run, '~' older than anything. <0, 0, >0.
int compare_versions(const std::string& a, const std::string& b);

/// The release of the running kernel as the tree states it (/proc/sys/kernel/osrelease; the probe
/// reads the live file when the root is "/"), or nullopt when the tree states none.
std::optional<std::string> running_kernel(os::TreeProbe& tree);

}  // namespace ic::checks
