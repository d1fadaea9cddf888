#include "linux_not_encrypted_check.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "linux_system_facts.h"

namespace ic::checks {

namespace {

bool is_swap(const CrypttabEntry& e) { return e.options.find("swap") != std::string::npos; }

std::string mapper_name(const std::string& source) {
    const std::string prefix = "/dev/mapper/";
    return source.compare(0, prefix.size(), prefix) == 0 ? source.substr(prefix.size()) : std::string{};
}

const MapperDevice* find_device(const std::string& device, const std::vector<MapperDevice>& devices) {
    const std::string mapper = mapper_name(device);
    const std::string kernel = device.compare(0, 5, "/dev/") == 0 ? device.substr(5) : device;
    for (const auto& d : devices)
        if ((!mapper.empty() && d.name == mapper) || d.kernel_name == kernel) return &d;
    return nullptr;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

}  // namespace

std::optional<MapperDevice> crypt_below(const std::string& device, const std::vector<MapperDevice>& devices) {
    std::vector<const MapperDevice*> todo;
    if (const MapperDevice* d = find_device(device, devices)) todo.push_back(d);
    std::vector<std::string> seen;
    while (!todo.empty()) {
        const MapperDevice* d = todo.back();
        todo.pop_back();
        if (std::find(seen.begin(), seen.end(), d->kernel_name) != seen.end()) continue;
        seen.push_back(d->kernel_name);
        if (d->is_crypt()) return *d;
        for (const auto& slave : d->slaves)
            if (const MapperDevice* s = find_device(slave, devices)) todo.push_back(s);
    }
    return std::nullopt;
}

std::vector<FileEncryptionFinding> encrypted_by_files(const std::vector<FstabEntry>& fstab, const std::vector<CrypttabEntry>& crypttab) {
    std::vector<FileEncryptionFinding> findings;
    const bool any_volume_crypt = std::any_of(crypttab.begin(), crypttab.end(), [](const CrypttabEntry& e) { return !is_swap(e); });
    for (const auto& m : fstab) {
        if (m.mount_point != "/" && m.mount_point != "/home") continue;
        const std::string name = mapper_name(m.source);
        if (name.empty()) continue;
        auto mapped = std::find_if(crypttab.begin(), crypttab.end(), [&](const CrypttabEntry& e) { return e.name == name; });
        if (mapped != crypttab.end()) {
            findings.push_back({m.mount_point, m.source,
                                fmt::format("/etc/crypttab line {} opens {} from {}", mapped->line, mapped->name, mapped->device), m.line});
        } else if (any_volume_crypt) {
            // LVM on LUKS (the usual encrypted install): / is a logical volume inside the encrypted mapping.
            findings.push_back({m.mount_point, m.source,
                                "a device-mapper volume on a system whose /etc/crypttab opens an encrypted volume (LVM on LUKS)", m.line});
        }
    }
    return findings;
}

PlatformWording LinuxNotEncryptedCheck::wording() {
    PlatformWording w;
    w.platform = kLinux;
    w.title = "/ and /home are not encrypted with dm-crypt";
    w.rationale =
        "Image creation cannot capture an encrypted WorkSpace. Inside a Linux WorkSpace, encryption made by the system "
        "itself (dm-crypt / LUKS under / or /home) can be seen; encryption of the WorkSpaces volumes with a KMS key is "
        "done outside the machine and cannot be seen from it: check the WorkSpace's properties in the console for that.";
    w.resolution =
        "Image creation needs / and /home unencrypted inside the system: create the image from a WorkSpace installed "
        "without LUKS, or decrypt the volume (cryptsetup reencrypt --decrypt, with a backup first). For WorkSpaces "
        "volume encryption, create the image from a WorkSpace whose volumes are not encrypted.";
    w.replaces_aws_error_code = true;
    return w;
}

const CheckInfo& LinuxNotEncryptedCheck::info() const {
    static const CheckInfo kInfo = [] {
        CheckInfo i;
        i.id = "not-encrypted";
        i.title = wording().title;
        i.platforms = kLinux;
        return i;
    }();
    return kInfo;
}

CheckResult LinuxNotEncryptedCheck::run(CheckContext& context) {
    os::TreeProbe& tree = context.system.tree();
    std::vector<Evidence> evidence;
    std::vector<std::string> encrypted;
    std::vector<std::string> unreadable;

    // ---- The files (both a running system and a tree) ----
    const TextRead fstab_text = read_tree_text(tree, "/etc/fstab");
    const TextRead crypttab_text = read_tree_text(tree, "/etc/crypttab");
    if (!fstab_text.error.empty()) unreadable.push_back("/etc/fstab: " + fstab_text.error);
    if (!crypttab_text.error.empty()) unreadable.push_back("/etc/crypttab: " + crypttab_text.error);
    const auto fstab = parse_fstab(fstab_text.text.value_or(""));
    const auto crypttab = parse_crypttab(crypttab_text.text.value_or(""));
    if (crypttab_text.text) {
        if (crypttab.empty()) evidence.push_back({"/etc/crypttab", "no encrypted volume listed", ""});
        for (const auto& e : crypttab)
            evidence.push_back({fmt::format("/etc/crypttab line {}", e.line),
                                fmt::format("{} from {}{}", e.name, e.device, is_swap(e) ? " (swap: not part of / or /home)" : ""), ""});
    } else if (crypttab_text.error.empty()) {
        evidence.push_back({"/etc/crypttab", "absent: nothing is opened with dm-crypt at boot", ""});
    }
    for (const auto& f : encrypted_by_files(fstab, crypttab)) {
        encrypted.push_back(f.mount_point + " (" + f.reason + ")");
        evidence.push_back({fmt::format("/etc/fstab line {}", f.fstab_line), f.mount_point + " on " + f.source + ": " + f.reason, "not encrypted"});
    }
    for (const auto& m : fstab)
        if ((m.mount_point == "/" || m.mount_point == "/home") &&
            std::none_of(evidence.begin(), evidence.end(), [&](const Evidence& e) { return e.item == fmt::format("/etc/fstab line {}", m.line); }))
            evidence.push_back({fmt::format("/etc/fstab line {}", m.line), m.mount_point + " on " + m.source, "not encrypted"});

    // ---- The running kernel's device mapper (only where the tree shows /proc and /sys) ----
    const TextRead mounts_text = read_tree_text(tree, "/proc/self/mounts");
    const ListRead dm_list = list_tree(tree, "/sys/block");
    if (!mounts_text.text || !dm_list.exists) {
        evidence.push_back({"device mapper", "not visible: the tree has no /proc/self/mounts or /sys/block (a system that is not "
                                             "running); judged by /etc/fstab and /etc/crypttab only", ""});
    } else {
        std::vector<MapperDevice> devices;
        for (const auto& e : dm_list.entries) {
            if (e.name.compare(0, 3, "dm-") != 0) continue;
            MapperDevice d;
            d.kernel_name = e.name;
            const std::string base = "/sys/block/" + e.name;
            const TextRead name = read_tree_text(tree, base + "/dm/name");
            const TextRead uuid = read_tree_text(tree, base + "/dm/uuid");
            if (!uuid.error.empty()) unreadable.push_back(base + "/dm/uuid: " + uuid.error);
            d.name = trimmed(name.text.value_or(""));
            d.uuid = trimmed(uuid.text.value_or(""));
            for (const auto& s : list_tree(tree, base + "/slaves").entries) d.slaves.push_back(s.name);
            devices.push_back(d);
        }
        std::vector<std::string> names;
        for (const auto& d : devices) names.push_back(d.kernel_name + (d.name.empty() ? "" : " " + d.name) + (d.is_crypt() ? " (dm-crypt)" : ""));
        evidence.push_back({"device-mapper devices", names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", ")), ""});
        for (const auto& m : parse_fstab(*mounts_text.text)) {
            if (m.mount_point != "/" && m.mount_point != "/home") continue;
            const auto crypt = crypt_below(m.source, devices);
            if (crypt) encrypted.push_back(m.mount_point + " (mounted from " + m.source + ", on dm-crypt " + crypt->name + ")");
            evidence.push_back({"mounted " + m.mount_point,
                                m.source + (crypt ? " — on the dm-crypt device " + crypt->kernel_name + " " + crypt->name + " (" + crypt->uuid.substr(0, 12) + "…)"
                                                  : " — no dm-crypt device below it"),
                                "not encrypted"});
        }
    }
    evidence.push_back({"WorkSpaces volume encryption (KMS)", "cannot be seen from inside the WorkSpace; see the WorkSpace's details in the console", ""});

    std::sort(encrypted.begin(), encrypted.end());
    encrypted.erase(std::unique(encrypted.begin(), encrypted.end()), encrypted.end());
    CheckResult result;
    if (!encrypted.empty()) {
        result = CheckResult::failed(fmt::format("encrypted with dm-crypt: {}", fmt::join(encrypted, "; ")));
    } else if (!unreadable.empty()) {
        result = CheckResult::error(fmt::format("could not read {}", fmt::join(unreadable, "; ")));
    } else {
        result = CheckResult::passed("no dm-crypt under / or /home (WorkSpaces volume encryption cannot be seen from inside)");
    }
    result.evidence = std::move(evidence);
    return result;
}

}  // namespace ic::checks
