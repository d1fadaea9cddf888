#pragma once
#include <optional>
#include <string>
#include <vector>

#include "imagechecker/check.h"
#include "linux_parsers.h"

namespace ic::checks {

/// A device-mapper device of the running kernel (/sys/block/dm-N/dm/{name,uuid}, /sys/block/dm-N/slaves).
struct MapperDevice {
    std::string kernel_name;          ///< "dm-0"
    std::string name;                 ///< "cryptroot", "vg-root"
    std::string uuid;                 ///< "CRYPT-LUKS2-…", "LVM-…"
    std::vector<std::string> slaves;  ///< kernel names below it: "dm-0", "sda3"
    [[nodiscard]] bool is_crypt() const { return uuid.compare(0, 6, "CRYPT-") == 0; }
};

/// The dm-crypt device a block device stands on, if any: `device` is a mount source ("/dev/mapper/x",
/// "/dev/dm-1"); slaves are followed down the stack (LVM on LUKS). Pure.
std::optional<MapperDevice> crypt_below(const std::string& device, const std::vector<MapperDevice>& devices);

/// What the files say about / and /home: for each, the encrypted mapping it is on (by fstab and
/// crypttab), when there is one. Pure.
struct FileEncryptionFinding {
    std::string mount_point;  ///< "/" or "/home"
    std::string source;       ///< the fstab source
    std::string reason;       ///< why it counts as encrypted
    int fstab_line = 0;
};
std::vector<FileEncryptionFinding> encrypted_by_files(const std::vector<FstabEntry>& fstab, const std::vector<CrypttabEntry>& crypttab);

/// not-encrypted on Linux: dm-crypt / LUKS under / or /home. Registered with NotEncryptedCheck's id.
class LinuxNotEncryptedCheck : public Check {
public:
    static PlatformWording wording();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

}  // namespace ic::checks
