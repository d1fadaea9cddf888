#pragma once
// Linux WorkSpaces that are ready to become an image — Amazon Linux 2, Ubuntu 22.04 and Rocky Linux 8 —
// described once as data, and the problems that each turn exactly one check. The unit tests stage them
// on the in-memory machine; tests/linux writes them to disk and runs the real CLI with --root on them.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "imagechecker/check.h"

namespace ic::test {

/// A Linux system's files as a test describes them.
struct LinuxTree {
    std::map<std::string, std::string> files;   ///< absolute path -> content
    std::map<std::string, std::string> links;   ///< absolute path -> link text
    std::set<std::string> folders;              ///< empty folders
    std::map<std::string, std::string> owners;  ///< path -> dpkg package that installed it (dpkg systems)
    bool rpm = false;                           ///< packages in an RPM database (ownership unreadable)

    LinuxTree& file(const std::string& path, const std::string& text) {
        links.erase(path);
        files[path] = text;
        return *this;
    }
    LinuxTree& link(const std::string& path, const std::string& target) {
        files.erase(path);
        links[path] = target;
        return *this;
    }
    LinuxTree& folder(const std::string& path) {
        folders.insert(path);
        return *this;
    }
    LinuxTree& remove(const std::string& path) {
        auto below = [&](const std::string& p) { return p == path || p.compare(0, path.size() + 1, path + "/") == 0; };
        for (auto it = files.begin(); it != files.end();) it = below(it->first) ? files.erase(it) : std::next(it);
        for (auto it = links.begin(); it != links.end();) it = below(it->first) ? links.erase(it) : std::next(it);
        for (auto it = folders.begin(); it != folders.end();) it = below(*it) ? folders.erase(it) : std::next(it);
        return *this;
    }
};

enum class LinuxFamily { AmazonLinux2, Ubuntu2204, Rocky8 };

inline std::string family_name(LinuxFamily f) {
    switch (f) {
        case LinuxFamily::AmazonLinux2: return "AmazonLinux2";
        case LinuxFamily::Ubuntu2204: return "Ubuntu2204";
        case LinuxFamily::Rocky8: return "Rocky8";
    }
    return "?";
}

inline std::string running_kernel_of(LinuxFamily f) {
    switch (f) {
        case LinuxFamily::AmazonLinux2: return "4.14.336-257.562.amzn2.x86_64";
        case LinuxFamily::Ubuntu2204: return "5.15.0-91-generic";
        case LinuxFamily::Rocky8: return "4.18.0-513.24.1.el8_9.x86_64";
    }
    return "";
}

/// A WorkSpace of that family, ready for image creation, as far as files can show it.
inline LinuxTree ready_linux_workspace(LinuxFamily family) {
    LinuxTree t;
    const std::string kernel = running_kernel_of(family);
    t.file("/proc/sys/kernel/osrelease", kernel + "\n");  // a tree states its running kernel like this
    t.file("/boot/vmlinuz-" + kernel, "kernel image");
    t.folder("/lib/modules/" + kernel);
    t.file("/etc/fstab",
           "# /etc/fstab\nUUID=8e2b6f4c-2f6e-4d1b-9a1c-3f0d6b7e9a10 / xfs defaults 0 0\n"
           "UUID=1c9e2b44-7d0f-4f61-b3f5-5a4a0c2d8e11 /home xfs defaults,nofail 0 2\n");
    t.file("/usr/bin/cloud-init", "#!/usr/bin/python3\n");
    t.file("/etc/cloud/cloud.cfg", "users:\n  - default\n");
    t.file("/usr/lib/skylight/skylight-agent", "binary");
    t.file("/usr/lib/systemd/system/skylight-agent.service", "[Service]\nExecStart=/usr/lib/skylight/skylight-agent\n");
    t.file("/usr/lib/systemd/system/sshd.service", "[Unit]\nDescription=OpenSSH server\n[Service]\nExecStart=/usr/sbin/sshd -D\n");
    t.file("/etc/security/access.conf", "# Login access control table.\n#\n# + : root : ALL\n");
    t.file("/etc/ssh/ssh_host_ed25519_key", "PRIVATE");
    t.file("/etc/ssh/ssh_host_ed25519_key.pub", "ssh-ed25519 AAAA");
    t.file("/home/alice/Documents/notes.txt", "data, not an application\n");
    t.file("/var/cache/app/blob", std::string(2048, 'x'));
    t.link("/var/run", "../run");
    t.folder("/run");
    switch (family) {
        case LinuxFamily::AmazonLinux2:
            t.file("/etc/os-release", "NAME=\"Amazon Linux\"\nVERSION=\"2\"\nID=\"amzn\"\nID_LIKE=\"centos rhel fedora\"\nVERSION_ID=\"2\"\n"
                                      "PRETTY_NAME=\"Amazon Linux 2\"\n");
            t.file("/etc/hostname", "ws-al2\n");
            t.file("/usr/sbin/pcoip-agent", "binary");
            t.file("/usr/lib/systemd/system/pcoip-agent.service", "[Service]\nExecStart=/usr/sbin/pcoip-agent\n");
            t.file("/etc/profile.d/system-restart-check.sh", "# WorkSpaces restart reminder\n");
            t.file("/etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\nBOOTPROTO=dhcp\nONBOOT=yes\n");
            t.file("/etc/sysconfig/network-scripts/ifcfg-lo", "DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\n");
            t.file("/etc/sudoers.d/90-cloud-init-users", "# Created by cloud-init\nec2-user ALL=(ALL) NOPASSWD:ALL\n");
            t.folder("/var/lib/rpm");
            t.rpm = true;
            break;
        case LinuxFamily::Ubuntu2204:
            t.file("/etc/os-release", "PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nID=ubuntu\nID_LIKE=debian\n");
            t.file("/etc/hostname", "ws-ubuntu\n");
            t.file("/usr/lib/systemd/system/dcvserver.service", "[Service]\nExecStart=/usr/bin/dcvserver\n");
            t.file("/etc/dcv/dcv.conf", "[license]\n");
            t.file("/etc/netplan/50-cloud-init.yaml",
                   "# written by cloud-init\nnetwork:\n  version: 2\n  ethernets:\n    ens5:\n      dhcp4: true\n      match:\n"
                   "        macaddress: 02:1a:2b:3c:4d:5e\n      set-name: ens5\n");
            t.file("/etc/sudoers.d/README", "# files in this folder are read by sudo\n");
            t.owners["/etc/sudoers.d/README"] = "sudo";
            break;
        case LinuxFamily::Rocky8:
            t.file("/etc/os-release", "NAME=\"Rocky Linux\"\nVERSION=\"8.9 (Green Obsidian)\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n"
                                      "VERSION_ID=\"8.9\"\nPRETTY_NAME=\"Rocky Linux 8.9 (Green Obsidian)\"\n");
            t.file("/etc/hostname", "ws-rocky\n");
            t.file("/usr/lib/systemd/system/dcvserver.service", "[Service]\nExecStart=/usr/bin/dcvserver\n");
            t.file("/usr/lib/systemd/system/xdcv-console.service", "[Service]\n");
            t.file("/etc/NetworkManager/system-connections/eth0.nmconnection",
                   "[connection]\nid=eth0\ntype=ethernet\ninterface-name=eth0\n\n[ipv4]\nmethod=auto\n\n[ipv6]\nmethod=auto\n");
            t.folder("/var/lib/rpm");
            t.rpm = true;
            break;
    }
    return t;
}

/// One problem staged on a ready tree, and the one check it must turn.
struct LinuxProblem {
    std::string name;
    std::string check_id;
    Status expected;
    std::function<void(LinuxTree&)> stage;
};

/// Each problem alone. root-volume-usage is not here: a tree's fullness is its filesystem's (the unit
/// tests stage it on the in-memory machine instead).
inline std::vector<LinuxProblem> linux_problems(LinuxFamily family) {
    const std::string kernel = running_kernel_of(family);
    std::vector<LinuxProblem> p;
    // pending-reboot
    if (family == LinuxFamily::Ubuntu2204) {
        p.push_back({"reboot-required file", "pending-reboot", Status::Failed, [](LinuxTree& t) {
                         t.file("/run/reboot-required", "*** System restart required ***\n");
                         t.file("/run/reboot-required.pkgs", "linux-image-5.15.0-101-generic\nlinux-base\n");
                     }});
    } else {
        const std::string newer = family == LinuxFamily::AmazonLinux2 ? "4.14.343-261.564.amzn2.x86_64" : "4.18.0-553.el8_10.x86_64";
        p.push_back({"newer kernel installed", "pending-reboot", Status::Failed, [newer](LinuxTree& t) {
                         t.file("/boot/vmlinuz-" + newer, "kernel image");
                         t.folder("/lib/modules/" + newer);
                     }});
    }
    // not-encrypted
    p.push_back({"LUKS /home", "not-encrypted", Status::Failed, [](LinuxTree& t) {
                     t.file("/etc/crypttab", "luks-home UUID=2f1e0d9c-8b7a-4c5d-9e8f-0a1b2c3d4e5f none luks,discard\n");
                     t.file("/etc/fstab", "UUID=8e2b6f4c-2f6e-4d1b-9a1c-3f0d6b7e9a10 / xfs defaults 0 0\n/dev/mapper/luks-home /home xfs defaults 0 2\n");
                 }});
    // required-components
    switch (family) {
        case LinuxFamily::AmazonLinux2:
            p.push_back({"no Skylight agent", "required-components", Status::Failed, [](LinuxTree& t) {
                             t.remove("/usr/lib/skylight").remove("/usr/lib/systemd/system/skylight-agent.service");
                         }});
            break;
        case LinuxFamily::Ubuntu2204:
            p.push_back({"cloud-init disabled", "required-components", Status::Failed,
                         [](LinuxTree& t) { t.file("/etc/cloud/cloud-init.disabled", ""); }});
            break;
        case LinuxFamily::Rocky8:
            p.push_back({"no DCV agent", "required-components", Status::Failed, [](LinuxTree& t) {
                             t.remove("/usr/lib/systemd/system/dcvserver.service");
                         }});
            break;
    }
    // dhcp
    switch (family) {
        case LinuxFamily::AmazonLinux2:
            p.push_back({"static ifcfg", "dhcp", Status::Failed, [](LinuxTree& t) {
                             t.file("/etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\nBOOTPROTO=none\nIPADDR=10.0.4.25\nPREFIX=24\n");
                         }});
            break;
        case LinuxFamily::Ubuntu2204:
            p.push_back({"static netplan", "dhcp", Status::Failed, [](LinuxTree& t) {
                             t.file("/etc/netplan/60-static.yaml",
                                    "network:\n  version: 2\n  ethernets:\n    ens5:\n      dhcp4: false\n      addresses: [10.0.4.25/24]\n"
                                    "      routes:\n        - to: default\n          via: 10.0.4.1\n");
                         }});
            break;
        case LinuxFamily::Rocky8:
            p.push_back({"static NetworkManager", "dhcp", Status::Failed, [](LinuxTree& t) {
                             t.file("/etc/NetworkManager/system-connections/eth0.nmconnection",
                                    "[connection]\nid=eth0\ntype=ethernet\ninterface-name=eth0\n\n[ipv4]\nmethod=manual\n"
                                    "address1=10.0.4.25/24,10.0.4.1\ndns=10.0.0.2;\n");
                         }});
            break;
    }
    // apps-outside-home
    switch (family) {
        case LinuxFamily::AmazonLinux2:
            p.push_back({"service runs from /home", "apps-outside-home", Status::Failed, [](LinuxTree& t) {
                             t.file("/etc/systemd/system/reportd.service",
                                    "[Unit]\nDescription=Reports\n[Service]\nExecStart=/home/alice/reportd/bin/reportd --port 8080\n");
                             t.link("/etc/systemd/system/multi-user.target.wants/reportd.service", "/etc/systemd/system/reportd.service");
                         }});
            break;
        case LinuxFamily::Ubuntu2204:
            p.push_back({"link into /home", "apps-outside-home", Status::Failed,
                         [](LinuxTree& t) {
                             t.file("/home/alice/tools/bin/dbtool", "#!/bin/sh\n");
                             t.link("/usr/local/bin/dbtool", "../../../home/alice/tools/bin/dbtool");
                         }});
            break;
        case LinuxFamily::Rocky8:
            p.push_back({"PATH entry in /home", "apps-outside-home", Status::Failed, [](LinuxTree& t) {
                             t.file("/etc/profile.d/tools.sh", "# team tools\nexport PATH=\"$PATH:/home/alice/tools/bin\"\n");
                         }});
            break;
    }
    (void)kernel;
    return p;
}

}  // namespace ic::test
