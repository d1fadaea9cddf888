#include "linux_required_components_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ic::checks {

namespace {

const std::vector<std::string> kUnitFolders{"/usr/lib/systemd/system", "/lib/systemd/system", "/etc/systemd/system"};

std::vector<std::string> units(const std::vector<std::string>& names) {
    std::vector<std::string> places;
    for (const auto& name : names)
        for (const auto& folder : kUnitFolders) places.push_back(folder + "/" + name);
    return places;
}

LinuxComponent pcoip() {
    LinuxComponent c{"Teradici PCoIP agent", {"/usr/sbin/pcoip-agent", "/usr/lib/pcoip-agent", "/etc/pcoip-agent"}};
    for (const auto& p : units({"pcoip-agent.service", "pcoip.service"})) c.places.push_back(p);
    return c;
}

LinuxComponent dcv() {
    LinuxComponent c{"DCV (WorkSpaces Streaming Protocol) agent", {"/etc/dcv", "/etc/wsp"}};
    for (const auto& p : units({"dcvserver.service", "wspdcvhostadapter.service"})) c.places.push_back(p);
    return c;
}

// cloud-init counts only when installed and not turned off.
struct Disabled {
    bool disabled = false;
    std::string how;
};

}  // namespace

std::vector<LinuxComponent> linux_components(Distro::Family family) {
    std::vector<LinuxComponent> components;
    LinuxComponent cloud_init{"cloud-init", {"/usr/bin/cloud-init", "/usr/local/bin/cloud-init"}};
    components.push_back(cloud_init);
    if (family == Distro::Family::Ubuntu || family == Distro::Family::RhelLike) {
        components.push_back(dcv());
    } else {
        // Amazon Linux 2 runs PCoIP (WSP in GovCloud); an unknown family may run either.
        LinuxComponent either{"streaming agent (Teradici PCoIP or DCV/WSP)", pcoip().places};
        for (const auto& p : dcv().places) either.places.push_back(p);
        components.push_back(either);
    }
    LinuxComponent skylight{"Skylight agent", {"/usr/lib/skylight", "/var/lib/skylight"}};
    for (const auto& p : units({"skylight-agent.service"})) skylight.places.push_back(p);
    components.push_back(skylight);
    return components;
}

PlatformWording LinuxRequiredComponentsCheck::wording() {
    PlatformWording w;
    w.platform = kLinux;
    w.rationale =
        "A Linux WorkSpace launched from the image needs cloud-init (it configures the new machine at first boot), the "
        "streaming agent its protocol uses (Teradici PCoIP on Amazon Linux, DCV — the WorkSpaces Streaming Protocol — on "
        "Ubuntu, Rocky Linux and RHEL) and the Skylight agent (which WorkSpaces uses to manage the machine). Without "
        "them the new WorkSpaces do not work.";
    w.resolution =
        "Do not remove what AWS installed. Reinstall cloud-init from the distribution (sudo yum install cloud-init, or "
        "sudo apt-get install cloud-init) and delete /etc/cloud/cloud-init.disabled if you created it; restart the "
        "WorkSpace so WorkSpaces can repair its agents; otherwise create the image from a new WorkSpace or contact AWS Support.";
    return w;
}

const CheckInfo& LinuxRequiredComponentsCheck::info() const {
    static const CheckInfo kInfo = [] {
        CheckInfo i;
        i.id = "required-components";
        i.title = "The components a WorkSpace needs are installed";
        i.platforms = kLinux;
        return i;
    }();
    return kInfo;
}

CheckResult LinuxRequiredComponentsCheck::run(CheckContext& context) {
    os::TreeProbe& tree = context.system.tree();
    const Distro distro = read_distro(tree);
    std::vector<Evidence> evidence;
    evidence.push_back({"distribution", distro.error.empty() ? distro.name : "unknown (" + distro.error + ")", ""});

    std::vector<std::string> missing;
    std::vector<std::string> unreadable;
    for (const auto& component : linux_components(distro.family)) {
        std::vector<std::string> found;
        std::vector<std::string> errors;
        for (const auto& place : component.places) {
            auto e = tree.entry(place);
            if (!e) errors.push_back(place + " (" + e.error().describe() + ")");
            else if (e.value()) found.push_back(place);
        }
        std::string observed;
        if (!found.empty()) {
            observed = fmt::format("found: {}", fmt::join(found, ", "));
        } else {
            observed = fmt::format("not found; looked for {}", fmt::join(component.places, ", "));
            if (!errors.empty()) observed += fmt::format("; could not look at {}", fmt::join(errors, ", "));
        }
        bool present = !found.empty();
        if (present && component.name == "cloud-init") {
            // Installed, but turned off by the marker file or by masking its units.
            std::vector<std::string> off;
            if (auto marker = tree.entry("/etc/cloud/cloud-init.disabled"); marker && marker.value())
                off.push_back("/etc/cloud/cloud-init.disabled exists");
            for (const char* unit : {"cloud-init.service", "cloud-init-local.service", "cloud-config.service", "cloud-final.service"}) {
                auto mask = tree.entry(std::string("/etc/systemd/system/") + unit);
                if (mask && mask.value() && mask.value()->kind == os::TreeEntryKind::Symlink && mask.value()->link_target == "/dev/null")
                    off.push_back(std::string(unit) + " is masked");
            }
            if (const TextRead cmdline = read_tree_text(tree, "/proc/cmdline");
                cmdline.text && cmdline.text->find("cloud-init=disabled") != std::string::npos)
                off.push_back("the kernel command line says cloud-init=disabled");
            if (!off.empty()) {
                present = false;
                observed += fmt::format("; but turned off: {}", fmt::join(off, ", "));
            }
            auto config = tree.entry("/etc/cloud/cloud.cfg");
            observed += config && config.value() ? "; /etc/cloud/cloud.cfg present" : "; /etc/cloud/cloud.cfg absent";
        }
        if (!present && errors.empty()) missing.push_back(component.name);
        if (!present && !errors.empty()) unreadable.push_back(component.name);
        evidence.push_back({component.name, observed, "installed"});
    }

    CheckResult result;
    if (!missing.empty()) {
        std::string summary = fmt::format("missing: {}", fmt::join(missing, ", "));
        if (!distro.is_workspaces_family() && distro.error.empty()) summary += " (" + distro.not_workspaces_note() + ")";
        result = CheckResult::failed(summary);
    } else if (!unreadable.empty()) {
        result = CheckResult::error(fmt::format("could not look for {}", fmt::join(unreadable, ", ")));
    } else {
        result = CheckResult::passed("cloud-init, the streaming agent and the Skylight agent are installed");
    }
    result.evidence = std::move(evidence);
    return result;
}

}  // namespace ic::checks
