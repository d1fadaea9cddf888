#include "image_removals_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "imagechecker/format.h"
#include "linux_system_facts.h"

namespace ic::checks {

const std::vector<RemovedPath>& image_removal_paths() {
    static const std::vector<RemovedPath> kPaths{
        {"/tmp"}, {"/var/spool/mail"}, {"/var/tmp"}, {"/var/lib/dhcp"}, {"/var/lib/cloud"}, {"/var/cache"}, {"/var/backups"},
        {"/etc/sudoers.d"}, {"/etc/udev/rules.d/70-persistent-net.rules"}, {"/etc/network/interfaces.d/50-cloud-init.cfg"},
        {"/etc/security/access.conf"}, {"/var/log/amazon/ssm"}, {"/var/log/pcoip-agent"}, {"/var/log/skylight"},
        {"/var/lock/.skylight.domain-join.lock"}, {"/var/lib/skylight/domain-join-status"}, {"/var/lib/skylight/configuration-data"},
        {"/var/lib/skylight/config-data.json"}, {"/home"}, {"/etc/default/grub.d/zz-hibernation.cfg"},
        {"/etc/netplan/zz-workspaces-domain.yaml"}, {"/etc/netplan/yy-workspaces-base.yaml"}, {"/var/lib/AccountsService/users"},
        {"/etc/ssh/ssh_host_*_key", true}, {"/etc/ssh/ssh_host_*_key.pub", true}, {"/var/lib/skylight/tls.*", true},
        {"/var/lib/skylight/private.key", true}, {"/var/lib/skylight/public.key", true},
    };
    return kPaths;
}

bool is_access_rule(const std::string& line) {
    const auto first = line.find_first_not_of(" \t\r");
    return first != std::string::npos && line[first] != '#';
}

namespace {

struct Measured {
    std::uint64_t bytes = 0;
    std::uint64_t files = 0;
};

}  // namespace

CheckInfo ImageRemovalsCheck::describe() {
    CheckInfo info;
    info.id = "image-removals";
    info.title = "What image creation will remove (preview)";
    info.category = "Image contents";
    info.platforms = kLinux;
    info.rationale =
        "Image creation of a Linux WorkSpace empties /home and removes or shreds a fixed list of files and folders "
        "(temporary files, caches, logs of the AWS agents, /etc/sudoers.d, the SSH host keys, …) without asking. "
        "What an administrator put there — a sudo rule, an access rule, files in a home folder — is lost in the image. "
        "This preview shows each of them with its size before the hour-long image creation, not after. It never "
        "makes the WorkSpace \"not ready\": the list is for reading.";
    info.resolution =
        "Read the list. Move what you want to keep out of the removed places before creating the image: a sudo rule "
        "into /etc/sudoers (with visudo) or a package, access rules into your directory's policy, applications and "
        "shared files out of /home (to /opt, /usr/local or /srv). What WorkSpaces itself writes there is recreated on "
        "the new WorkSpaces.";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& ImageRemovalsCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult ImageRemovalsCheck::run(CheckContext& context) {
    os::TreeProbe& tree = context.system.tree();
    os::FileProbe& files = context.system.files();
    std::vector<Evidence> removed;
    std::vector<Evidence> own_work;
    std::vector<std::string> unreadable;
    Measured total;
    std::size_t present = 0;

    auto measure = [&](const std::string& path, const os::TreeEntry& entry) -> std::optional<Measured> {
        if (entry.kind != os::TreeEntryKind::Directory) return Measured{entry.size, 1};
        auto usage = files.directory_usage(path, 20, 0);
        if (!usage) {
            unreadable.push_back(path + " (" + usage.error().describe() + ")");
            return std::nullopt;
        }
        if (!usage.value()) return Measured{};
        if (usage.value()->unreadable_folders > 0)
            unreadable.push_back(fmt::format("{} ({} folder{} unreadable, first: {})", path, usage.value()->unreadable_folders,
                                             usage.value()->unreadable_folders == 1 ? "" : "s",
                                             usage.value()->unreadable_examples.empty() ? "?" : usage.value()->unreadable_examples.front()));
        return Measured{usage.value()->total_bytes, usage.value()->files};
    };

    auto add = [&](const std::string& path, const os::TreeEntry& entry, bool shredded) {
        const auto m = measure(path, entry);
        ++present;
        std::string observed;
        if (m) {
            total.bytes += m->bytes;
            total.files += m->files;
            observed = entry.kind == os::TreeEntryKind::Directory
                           ? fmt::format("{}: {} file{}, {}", shredded ? "shredded" : "removed", group_digits(m->files), m->files == 1 ? "" : "s",
                                         bytes_with_exact(m->bytes))
                           : fmt::format("{}: {}", shredded ? "shredded" : "removed", bytes_with_exact(m->bytes));
        } else {
            observed = "removed; its size could not be measured";
        }
        if (entry.kind == os::TreeEntryKind::Symlink) observed = (shredded ? "shredded" : "removed") + std::string(": a link to ") + entry.link_target;
        removed.push_back({path, observed, ""});
    };

    for (const auto& item : image_removal_paths()) {
        const auto star = item.path.find_first_of("*?");
        if (star == std::string::npos) {
            auto e = tree.entry(item.path);
            if (!e) {
                unreadable.push_back(item.path + " (" + e.error().describe() + ")");
                continue;
            }
            if (e.value()) add(item.path, *e.value(), item.shredded);
            continue;
        }
        const std::string folder = item.path.substr(0, item.path.find_last_of('/'));
        const std::string pattern = item.path.substr(folder.size() + 1);
        const ListRead list = list_tree(tree, folder);
        if (!list.error.empty()) unreadable.push_back(folder + " (" + list.error + ")");
        for (const auto& e : list.entries)
            if (glob_match(pattern, e.name)) add(join_path(folder, e.name), e, item.shredded);
    }

    // ---- What looks like the administrator's own work ----
    const ListRead sudoers = list_tree(tree, "/etc/sudoers.d");
    for (const auto& e : sudoers.entries) {
        if (e.kind == os::TreeEntryKind::Directory) continue;
        const std::string path = "/etc/sudoers.d/" + e.name;
        auto owner = tree.package_owning(path);
        if (owner && owner.value()) continue;  // installed by a package: not the admin's
        if (e.name == "90-cloud-init-users") {
            removed.push_back({path, "written by cloud-init at first boot; it writes it again on each new WorkSpace", ""});
            continue;
        }
        std::string why;
        if (owner) why = "no installed package owns it: looks like your own sudo rule, lost in the image";
        else why = "may be your own sudo rule (which package installed it could not be told: " + owner.error().message + ")";
        own_work.push_back({path, why, ""});
    }
    const TextRead access = read_tree_text(tree, "/etc/security/access.conf");
    if (!access.error.empty()) unreadable.push_back("/etc/security/access.conf (" + access.error + ")");
    if (access.text) {
        std::size_t rules = 0;
        std::string first;
        std::string line;
        for (char c : *access.text + "\n") {
            if (c != '\n') {
                line += c;
                continue;
            }
            if (is_access_rule(line)) {
                if (rules++ == 0) first = line;
            }
            line.clear();
        }
        if (rules > 0)
            own_work.push_back({"/etc/security/access.conf",
                                fmt::format("holds {} access rule{} (the stock file has none; first: {}): changed by you, lost in the image", rules,
                                            rules == 1 ? "" : "s", first),
                                ""});
    }
    auto homes = files.directory_usage("/home", 50, 0);
    if (homes && homes.value()) {
        for (const auto& folder : homes.value()->largest_folders)
            own_work.push_back({folder.path, fmt::format("{} file{}, {}: everything in it is removed", group_digits(folder.files),
                                                         folder.files == 1 ? "" : "s", bytes_with_exact(folder.bytes)),
                                ""});
    }

    CheckResult result;
    if (!unreadable.empty()) {
        result = CheckResult::error(fmt::format("the preview is incomplete (run as root to read everything): could not measure {}",
                                                fmt::join(unreadable, "; ")));
    } else {
        result = CheckResult::passed(
            own_work.empty() ? fmt::format("image creation will remove {} ({} in {} place{}); nothing there looks like your own work", human_bytes(total.bytes),
                                           fmt::format("{} files", group_digits(total.files)), present, present == 1 ? "" : "s")
                             : fmt::format("review the list: {} look{} like your own work; {} removed in all",
                                           own_work.size() == 1 ? std::string("1 item") : fmt::format("{} items", own_work.size()),
                                           own_work.size() == 1 ? "s" : "", human_bytes(total.bytes)));
    }
    for (auto& e : own_work) result.evidence.push_back({"may be yours: " + e.item, e.observed, ""});
    for (auto& e : removed) result.evidence.push_back(e);
    result.with("total", fmt::format("{} file{}, {} in {} place{}", group_digits(total.files), total.files == 1 ? "" : "s", bytes_with_exact(total.bytes),
                                     present, present == 1 ? "" : "s"));
    return result;
}

}  // namespace ic::checks
