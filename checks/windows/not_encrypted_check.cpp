#include "not_encrypted_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "windows_facts.h"

namespace ic::checks {

namespace {

constexpr const char* kExpected = "fully decrypted (ConversionStatus 0), protection off";

std::string property(const os::ManagementRow& row, const std::string& name) {
    for (const auto& [key, value] : row)
        if (iequals(key, name)) return value;
    return {};
}

std::string protection_text(std::uint64_t protection_status) {
    switch (protection_status) {
        case 0: return "protection off";
        case 1: return "protection on";
        case 2: return "protection unknown (volume locked)";
        default: return fmt::format("protection status {}", protection_status);
    }
}

// One C: or D: volume as BitLocker reports it.
struct VolumeReading {
    std::string letter;
    std::optional<bool> encrypted;  // nullopt: the numbers could not be read
    std::string observed;
};

VolumeReading read_volume(const os::ManagementRow& row) {
    VolumeReading reading;
    reading.letter = property(row, "DriveLetter");
    const std::string conversion_text = property(row, "ConversionStatus");
    const std::string protection = property(row, "ProtectionStatus");
    const auto conversion = parse_unsigned(conversion_text);
    const auto protection_number = parse_unsigned(protection);
    reading.encrypted = is_volume_encrypted(conversion, protection_number);
    if (!reading.encrypted) {
        reading.observed = fmt::format("unreadable: ConversionStatus \"{}\", ProtectionStatus \"{}\"", conversion_text, protection);
        return reading;
    }
    reading.observed = fmt::format("{} (ConversionStatus {}), {} (ProtectionStatus {})", conversion_status_text(*conversion), *conversion,
                                   protection_text(*protection_number), *protection_number);
    return reading;
}

bool is_imaged_letter(const std::string& letter) { return iequals(letter, "C:") || iequals(letter, "D:"); }

std::string code_text(std::int64_t code) { return fmt::format("0x{:08X}", static_cast<std::uint32_t>(code)); }

}  // namespace

std::optional<bool> is_volume_encrypted(std::optional<std::uint64_t> conversion_status, std::optional<std::uint64_t> protection_status) {
    if (!conversion_status || !protection_status) return std::nullopt;
    return *conversion_status != 0 || *protection_status == 1;
}

std::string conversion_status_text(std::uint64_t conversion_status) {
    switch (conversion_status) {
        case 0: return "fully decrypted";
        case 1: return "fully encrypted";
        case 2: return "encryption in progress";
        case 3: return "decryption in progress";
        case 4: return "encryption paused";
        case 5: return "decryption paused";
        default: return fmt::format("conversion status {}", conversion_status);
    }
}

bool is_invalid_namespace_error(std::int64_t code) {
    return static_cast<std::uint32_t>(code) == NotEncryptedCheck::kInvalidNamespace;
}

// WorkSpaces encrypts volumes with a KMS key below the machine (EBS), where nothing inside it can look.
constexpr const char* kVolumeEncryptionItem = "WorkSpaces volume encryption (KMS)";
constexpr const char* kVolumeEncryptionNote =
    "not visible from inside the WorkSpace, so not judged here: in the WorkSpaces console open this WorkSpace's details and "
    "look at its root and user volume encryption (or run: aws workspaces describe-workspaces --workspace-ids <id>, fields "
    "RootVolumeEncryptionEnabled and UserVolumeEncryptionEnabled); an encrypted WorkSpace cannot be imaged";

CheckInfo NotEncryptedCheck::describe() {
    CheckInfo info;
    info.id = "not-encrypted";
    info.title = "Drives C: and D: are not encrypted";
    info.category = "Security";
    info.platforms = kWindows;
    info.rationale =
        "Image creation cannot capture an encrypted WorkSpace. A drive that BitLocker has encrypted, is still encrypting "
        "or decrypting, or has paused half-way, or whose BitLocker protection is on, makes image creation fail.";
    info.resolution =
        "Turn BitLocker off for each drive listed: in an administrator command prompt run \"manage-bde -off C:\" (and D:), "
        "or use Control Panel > BitLocker Drive Encryption > Turn off BitLocker. Decryption runs in the background and can "
        "take hours; \"manage-bde -status\" shows its progress. When it reports Fully Decrypted, run the checks again.";
    info.aws_error_code = "";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& NotEncryptedCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult NotEncryptedCheck::run(CheckContext& context) {
    const std::string item = std::string("WMI ") + kNamespace + " Win32_EncryptableVolume";
    auto rows = context.system.management().query(kNamespace, kQuery, {"DriveLetter", "ProtectionStatus", "ConversionStatus"});
    if (!rows) {
        if (is_invalid_namespace_error(rows.error().code)) {
            return CheckResult::passed("BitLocker: not installed, so it has encrypted no drive")
                .with(item, fmt::format("namespace absent ({} WBEM_E_INVALID_NAMESPACE): BitLocker is not installed", code_text(rows.error().code)),
                      "absent, or C: and D: fully decrypted")
                .with(kVolumeEncryptionItem, kVolumeEncryptionNote);
        }
        return CheckResult::error("BitLocker: the query failed: " + rows.error().describe())
            .with(item, "could not be read: " + rows.error().describe(), "absent, or C: and D: fully decrypted")
            .with(kVolumeEncryptionItem, kVolumeEncryptionNote);
    }

    std::vector<VolumeReading> imaged;
    std::vector<std::string> others;
    for (const auto& row : rows.value()) {
        auto reading = read_volume(row);
        if (is_imaged_letter(reading.letter))
            imaged.push_back(std::move(reading));
        else
            others.push_back(reading.letter.empty() ? "(no letter)" : reading.letter);
    }

    std::vector<std::string> encrypted;
    std::vector<std::string> unreadable;
    for (const auto& v : imaged) {
        if (!v.encrypted) unreadable.push_back(v.letter);
        else if (*v.encrypted) encrypted.push_back(v.letter);
    }

    CheckResult result;
    if (!encrypted.empty()) {
        result = CheckResult::failed(fmt::format("BitLocker: encryption is on or under way for {}", fmt::join(encrypted, ", ")));
    } else if (!unreadable.empty()) {
        result = CheckResult::error(fmt::format("BitLocker: unreadable encryption status for {}", fmt::join(unreadable, ", ")));
    } else {
        result = CheckResult::passed(imaged.empty() ? "BitLocker: lists neither C: nor D: as encryptable, so it has encrypted neither"
                                                    : "BitLocker: C: and D: are not encrypted");
    }
    for (const char* letter : {"C:", "D:"}) {
        bool listed = false;
        for (const auto& v : imaged) {
            if (!iequals(v.letter, letter)) continue;
            listed = true;
            result.with(std::string("Volume ") + letter, v.observed, kExpected);
        }
        if (!listed) result.with(std::string("Volume ") + letter, "not listed by BitLocker (not encryptable, so not encrypted)", kExpected);
    }
    if (!others.empty()) result.with("Other volumes (not part of the image)", fmt::format("{}", fmt::join(others, ", ")));
    result.with(kVolumeEncryptionItem, kVolumeEncryptionNote);
    return result;
}

}  // namespace ic::checks
