#include "apps_outside_home_check.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "linux_parsers.h"
#include "linux_system_facts.h"

namespace ic::checks {

namespace {

constexpr std::uint64_t kLargestReadFile = 256U * 1024U;  // configuration files are small; skip binaries
constexpr std::size_t kExamplesPerUser = 8;

// The unit and launcher settings that run, load or serve something: a /home path there breaks.
const std::vector<std::string> kUnitKeys{"Exec", "WorkingDirectory", "EnvironmentFile", "Environment", "RootDirectory", "RootImage",
                                         "Listen", "Path", "What", "BindPaths", "BindReadOnlyPaths", "LoadCredential"};
const std::vector<std::string> kLauncherKeys{"Exec", "TryExec", "Path", "Icon"};

bool has_suffix(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

/// Collects what breaks, what is lost, and what could not be looked at.
struct Scan {
    os::TreeProbe& tree;
    std::vector<HomeDependency> breaks;
    std::vector<HomeDependency> per_user;
    std::vector<std::string> unreadable;

    ListRead list(const std::string& folder) {
        ListRead l = list_tree(tree, folder);
        if (!l.error.empty()) unreadable.push_back(folder + " (" + l.error + ")");
        return l;
    }

    // Every /home path named in a file's text (comments skipped); in units and launchers, only in the
    // settings that run or load something (`keys`), not in ones such as RequiresMountsFor=/home.
    void text_references(const std::string& path, const std::string& what, const std::vector<std::string>& keys = {}) {
        const TextRead read = read_tree_text(tree, path);
        if (!read.error.empty()) {
            unreadable.push_back(path + " (" + read.error + ")");
            return;
        }
        if (!read.text) return;
        for (const auto& ref : keys.empty() ? home_references(*read.text) : ini_home_references(*read.text, keys))
            breaks.push_back({fmt::format("{} line {}", path, ref.line), ref.path, what});
    }

    // A link whose destination is under /home.
    void link_reference(const std::string& folder, const os::TreeEntry& e, const std::string& what) {
        if (e.kind != os::TreeEntryKind::Symlink) return;
        const std::string path = join_path(folder, e.name);
        const std::string destination = link_destination(path, e.link_target);
        if (is_under_home(destination)) breaks.push_back({path, destination, what});
    }

    // Files of a folder matching one of `patterns`, read for /home paths; links checked for where they go.
    void folder(const std::string& dir, const std::vector<std::string>& patterns, const std::string& what, bool descend_wants = false,
                const std::vector<std::string>& keys = {}) {
        const ListRead l = list(dir);
        for (const auto& e : l.entries) {
            const std::string path = join_path(dir, e.name);
            if (e.kind == os::TreeEntryKind::Directory) {
                if (descend_wants && (has_suffix(e.name, ".wants") || has_suffix(e.name, ".requires")))
                    folder(path, patterns, what, false, keys);
                continue;
            }
            const bool wanted = std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) { return glob_match(p, e.name); });
            if (!wanted) continue;
            if (e.kind == os::TreeEntryKind::Symlink) {
                link_reference(dir, e, what);
                continue;
            }
            if (e.kind == os::TreeEntryKind::File && e.size <= kLargestReadFile) text_references(path, what, keys);
        }
    }
};

void scan_kept_files(Scan& scan) {
    const std::vector<std::string> unit_patterns{"*.service", "*.timer", "*.socket", "*.path", "*.mount", "*.target"};
    // With a merged /usr, /lib is a link to usr/lib: its units are read once, under /usr/lib.
    auto lib = scan.tree.entry("/lib");
    const bool merged_usr = lib && lib.value() && lib.value()->kind == os::TreeEntryKind::Symlink;
    for (const char* dir : {"/etc/systemd/system", "/usr/local/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"})
        if (!(merged_usr && std::string(dir).compare(0, 5, "/lib/") == 0)) scan.folder(dir, unit_patterns, "systemd unit", true, kUnitKeys);
    for (const char* dir : {"/etc/systemd/user", "/usr/lib/systemd/user", "/usr/local/lib/systemd/user"})
        scan.folder(dir, unit_patterns, "systemd user unit", true, kUnitKeys);
    for (const char* dir : {"/usr/share/applications", "/usr/local/share/applications", "/etc/xdg/autostart"})
        scan.folder(dir, {"*.desktop"}, "launcher", false, kLauncherKeys);
    scan.folder("/etc/profile.d", {"*.sh", "*.csh"}, "login script (PATH)");
    scan.text_references("/etc/environment", "system environment (PATH)");
    scan.text_references("/etc/profile", "login script (PATH)");
    scan.text_references("/etc/crontab", "cron job");
    scan.folder("/etc/cron.d", {"*"}, "cron job");
    for (const char* dir : {"/etc/cron.hourly", "/etc/cron.daily", "/etc/cron.weekly", "/etc/cron.monthly"}) scan.folder(dir, {"*"}, "cron script");
    // User crontabs live in /var/spool, which the image keeps, even when the commands live in /home.
    for (const char* dir : {"/var/spool/cron/crontabs", "/var/spool/cron"}) scan.folder(dir, {"*"}, "user's cron job");
    scan.text_references("/etc/ld.so.conf", "library path");
    scan.folder("/etc/ld.so.conf.d", {"*.conf"}, "library path");
    for (const char* dir : {"/usr/local/bin", "/usr/local/sbin", "/usr/bin", "/opt"}) {
        const ListRead l = scan.list(dir);
        for (const auto& e : l.entries) {
            scan.link_reference(dir, e, "link");
            // One level into /opt/<app> and /opt/<app>/bin: where vendors and admins put launch links.
            if (std::string(dir) == "/opt" && e.kind == os::TreeEntryKind::Directory) {
                const std::string app = join_path(dir, e.name);
                for (const auto& inner : scan.list(app).entries) scan.link_reference(app, inner, "link");
                for (const auto& inner : list_tree(scan.tree, app + "/bin").entries) scan.link_reference(app + "/bin", inner, "link");
            }
        }
    }
}

void note_user_app(Scan& scan, const std::string& path, const std::string& what, std::size_t& count) {
    if (count++ < kExamplesPerUser) scan.per_user.push_back({path, path, what});
}

void scan_home(Scan& scan, const std::string& home) {
    std::size_t count = 0;
    for (const auto& e : list_tree(scan.tree, home + "/.local/bin").entries)
        if (e.kind != os::TreeEntryKind::Directory) note_user_app(scan, home + "/.local/bin/" + e.name, "program installed for one user (~/.local/bin)", count);
    for (const auto& e : list_tree(scan.tree, home + "/bin").entries)
        if (e.kind != os::TreeEntryKind::Directory) note_user_app(scan, home + "/bin/" + e.name, "program installed for one user (~/bin)", count);
    for (const auto& e : list_tree(scan.tree, home + "/.local/share/flatpak/app").entries)
        note_user_app(scan, home + "/.local/share/flatpak/app/" + e.name, "Flatpak installed for one user", count);
    for (const auto& lib : list_tree(scan.tree, home + "/.local/lib").entries) {
        if (lib.name.compare(0, 6, "python") != 0) continue;
        const std::string site = home + "/.local/lib/" + lib.name + "/site-packages";
        for (const auto& e : list_tree(scan.tree, site).entries)
            if (has_suffix(e.name, ".dist-info") || has_suffix(e.name, ".egg-info"))
                note_user_app(scan, site + "/" + e.name, "Python package installed with pip --user", count);
    }
    for (const auto& e : list_tree(scan.tree, home + "/opt").entries) note_user_app(scan, home + "/opt/" + e.name, "application in ~/opt", count);
    for (const char* sub : {"", "/Applications", "/Downloads", "/Desktop"}) {
        const std::string dir = home + sub;
        for (const auto& e : list_tree(scan.tree, dir).entries)
            if (e.kind == os::TreeEntryKind::File && (has_suffix(e.name, ".AppImage") || has_suffix(e.name, ".appimage")))
                note_user_app(scan, dir + "/" + e.name, "AppImage", count);
    }
    for (const auto& e : list_tree(scan.tree, home + "/.config/systemd/user").entries)
        if (has_suffix(e.name, ".service") || has_suffix(e.name, ".timer"))
            note_user_app(scan, home + "/.config/systemd/user/" + e.name, "systemd user service of one user", count);
    if (count > kExamplesPerUser)
        scan.per_user.push_back({home, home, fmt::format("and {} more applications in this home folder", count - kExamplesPerUser)});
}

}  // namespace

CheckInfo AppsOutsideHomeCheck::describe() {
    CheckInfo info;
    info.id = "apps-outside-home";
    info.title = "Applications are installed outside /home";
    info.category = "Applications";
    info.platforms = kLinux;
    info.rationale =
        "Image creation removes everything in /home. An application installed under /home is not in the image, and "
        "anything the image keeps that points into /home — a systemd unit, a launcher, a PATH entry in /etc/profile.d "
        "or /etc/environment, a cron job, a library path in ld.so.conf.d, a link in /usr/local/bin or /opt — points at "
        "nothing in every WorkSpace made from it: services fail to start, menus and commands break. Documents and other "
        "data in /home are not applications and are not reported here (image-removals lists them).";
    info.resolution =
        "Install each listed application system-wide (with the distribution's package manager, or under /opt or "
        "/usr/local), then change the listed unit, launcher, script, cron entry or link to the new location, or remove "
        "it if the application is not meant for the image. Applications installed for one user (~/.local/bin, pip "
        "--user, Flatpak --user, AppImages, ~/opt) must be installed again for all users if the image should have them.";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& AppsOutsideHomeCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult AppsOutsideHomeCheck::run(CheckContext& context) {
    Scan scan{context.system.tree(), {}, {}, {}};
    scan_kept_files(scan);
    const ListRead homes = scan.list("/home");
    for (const auto& e : homes.entries)
        if (e.kind == os::TreeEntryKind::Directory) scan_home(scan, "/home/" + e.name);

    CheckResult result;
    if (!scan.breaks.empty()) {
        result = CheckResult::failed(fmt::format("{} kept file{} point{} into /home{}", scan.breaks.size(), scan.breaks.size() == 1 ? "" : "s",
                                                 scan.breaks.size() == 1 ? "s" : "",
                                                 scan.per_user.empty() ? ", which image creation empties"
                                                                       : fmt::format("; {} application{} only under /home", scan.per_user.size(),
                                                                                     scan.per_user.size() == 1 ? " is" : "s are")));
    } else if (!scan.per_user.empty()) {
        result = CheckResult::failed(fmt::format("{} application{} installed only under /home, so not in the image", scan.per_user.size(),
                                                 scan.per_user.size() == 1 ? " is" : "s are"));
    } else if (!scan.unreadable.empty()) {
        result = CheckResult::error(fmt::format("could not look at {}", fmt::join(scan.unreadable, "; ")));
    } else {
        result = CheckResult::passed(homes.exists ? "nothing outside /home points into it, and no application is installed under it"
                                                  : "nothing outside /home points into it (there is no /home)");
    }
    for (const auto& b : scan.breaks) result.with(b.file, fmt::format("{}: points to {}, which will be gone", b.what, b.target), "nothing under /home");
    for (const auto& u : scan.per_user) result.with(u.file, u.what + ": not in the image", "installed outside /home");
    if (!scan.unreadable.empty() && result.status != Status::Error)
        result.with("not looked at", fmt::format("{}", fmt::join(scan.unreadable, "; ")));
    return result;
}

}  // namespace ic::checks
