#include "linux_pending_reboot_check.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "linux_system_facts.h"

namespace ic::checks {

std::optional<std::string> newest_kernel(const std::vector<std::string>& releases) {
    std::optional<std::string> newest;
    for (const auto& r : releases)
        if (!newest || compare_versions(r, *newest) > 0) newest = r;
    return newest;
}

PlatformWording LinuxPendingRebootCheck::wording() {
    PlatformWording w;
    w.platform = kLinux;
    w.rationale =
        "Updates that wait for a restart (a new kernel, core libraries) leave the system between two states: the "
        "running kernel no longer matches the installed one and its modules. An image taken then starts differently "
        "from the WorkSpace that was checked. AWS asks for all updates to be installed before image creation.";
    w.resolution =
        "Restart the WorkSpace (sudo reboot), install the remaining updates (sudo yum update, or sudo apt-get update && "
        "sudo apt-get upgrade), restart again if a new kernel was installed, then run the checks again.";
    w.replaces_aws_error_code = true;  // WindowsUpdatesRequired is Windows's code
    return w;
}

const CheckInfo& LinuxPendingRebootCheck::info() const {
    static const CheckInfo kInfo = [] {
        CheckInfo i;
        i.id = "pending-reboot";
        i.title = "No restart is pending";
        i.platforms = kLinux;
        return i;
    }();
    return kInfo;
}

CheckResult LinuxPendingRebootCheck::run(CheckContext& context) {
    os::TreeProbe& tree = context.system.tree();
    std::vector<Evidence> evidence;
    std::vector<std::string> pending;
    std::vector<std::string> unreadable;

    // Ubuntu and Debian: update-notifier and package scripts create this file and list the packages.
    const std::string marker = "/var/run/reboot-required";
    auto flag = tree.entry(marker);
    if (!flag) {
        unreadable.push_back(marker + ": " + flag.error().describe());
        evidence.push_back({marker, "could not be read: " + flag.error().describe(), "absent"});
    } else if (flag.value()) {
        const TextRead pkgs = read_tree_text(tree, marker + ".pkgs");
        std::vector<std::string> names;
        if (pkgs.text) {
            std::string line;
            for (char c : *pkgs.text + "\n") {
                if (c == '\n') {
                    if (!line.empty() && std::find(names.begin(), names.end(), line) == names.end()) names.push_back(line);
                    line.clear();
                } else if (c != '\r') {
                    line += c;
                }
            }
        }
        const std::string asked_by = names.empty() ? std::string("no package named in ") + marker + ".pkgs"
                                                   : fmt::format("asked for by {}", fmt::join(names, ", "));
        pending.push_back("reboot-required (" + asked_by + ")");
        evidence.push_back({marker, "present: a restart is required; " + asked_by, "absent"});
    } else {
        evidence.push_back({marker, "absent", "absent"});
    }

    // needs-restarting -r's kernel test: the newest installed kernel is not the one running.
    std::vector<std::string> installed;
    std::vector<std::string> places;
    for (const auto& [folder, prefix] : std::vector<std::pair<std::string, std::string>>{{"/boot", "vmlinuz-"}, {"/lib/modules", ""}}) {
        const ListRead list = list_tree(tree, folder);
        if (!list.error.empty()) {
            unreadable.push_back(folder + ": " + list.error);
            continue;
        }
        places.push_back(folder);
        for (const auto& e : list.entries) {
            if (prefix.empty() ? e.kind != os::TreeEntryKind::Directory : e.name.compare(0, prefix.size(), prefix) != 0) continue;
            std::string release = e.name.substr(prefix.size());
            if (release.find("rescue") != std::string::npos || release.empty()) continue;  // dracut's rescue image is not an update
            if (std::find(installed.begin(), installed.end(), release) == installed.end()) installed.push_back(release);
        }
    }
    const auto running = running_kernel(tree);
    const auto newest = newest_kernel(installed);
    const std::string running_text = running ? *running : "not stated (a tree that is not running, without /proc)";
    evidence.push_back({"running kernel", running_text, ""});
    evidence.push_back({"installed kernels", installed.empty() ? "none found in " + fmt::format("{}", fmt::join(places, " or "))
                                                               : fmt::format("{}", fmt::join(installed, ", ")),
                        ""});
    if (running && newest && compare_versions(*newest, *running) > 0) {
        const bool still_installed = std::find(installed.begin(), installed.end(), *running) != installed.end();
        pending.push_back("kernel " + *newest + " installed, " + *running + " running");
        evidence.push_back({"newest kernel",
                            still_installed ? *newest + " is installed but " + *running + " is running: restart to use it"
                                            : *newest + " is installed; the running " + *running + " is no longer installed (an update replaced it)",
                            "the running kernel"});
    } else if (running && newest) {
        evidence.push_back({"newest kernel", "the running kernel is the newest installed", "the running kernel"});
    } else if (!running) {
        evidence.push_back({"newest kernel", "not compared: no running kernel is stated, and a system that is not running "
                                             "starts the newest kernel at its next boot", ""});
    } else {
        evidence.push_back({"newest kernel", "not compared: no kernel is installed in /boot or /lib/modules (the machine boots a kernel "
                                             "from outside, as containers and some virtual machines do)", ""});
    }

    // Amazon Linux WorkSpaces: AWS's own sign-in reminder.
    auto reminder = tree.entry("/etc/profile.d/system-restart-check.sh");
    if (reminder && reminder.value())
        evidence.push_back({"/etc/profile.d/system-restart-check.sh", "present (the WorkSpaces sign-in reminder to restart after updates)", ""});
    evidence.push_back({"core libraries updated since boot", "not judged: needs the RPM or dpkg install times, which are not read", ""});

    CheckResult result;
    if (!pending.empty()) {
        result = CheckResult::failed(fmt::format("a restart is pending: {}", fmt::join(pending, "; ")));
    } else if (!unreadable.empty()) {
        result = CheckResult::error(fmt::format("could not read {}", fmt::join(unreadable, "; ")));
    } else {
        result = CheckResult::passed(!running   ? "no restart marker is set (there is no running kernel to compare in a tree)"
                                     : newest ? "no restart is pending (no restart marker; the running kernel is the newest installed)"
                                              : "no restart marker is set (no installed kernel to compare with the running one)");
    }
    result.evidence = std::move(evidence);
    return result;
}

}  // namespace ic::checks
