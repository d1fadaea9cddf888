#include "drives_check.h"

#include <cctype>

#include <fmt/format.h>

namespace ic::checks {

namespace {

std::string describe_drive(const os::DriveInfo& drive) {
    std::string text = os::to_string(drive.type) + " drive";
    if (drive.target.empty()) return text;
    // For substitutes and mapped shares the target is what the user recognises; otherwise it is the device.
    const bool redirected = drive.type == os::DriveType::Virtual || drive.type == os::DriveType::Network;
    return text + (redirected ? " (points to " : " (device ") + drive.target + ")";
}

}  // namespace

bool is_allowed_drive_letter(char letter) {
    const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(letter)));
    return upper == 'C' || upper == 'D';
}

CheckInfo DrivesCheck::describe() {
    CheckInfo info;
    info.id = "drives";
    info.title = "Only drives C: and D: are present";
    info.category = "Storage";
    info.platforms = kWindows;
    info.rationale =
        "A WorkSpace image holds exactly two volumes: C: for the system and D: for the user. Any other drive letter — "
        "a USB stick, a mapped network share, a mounted ISO, a VHD or a subst drive — makes image creation fail.";
    info.resolution =
        "Remove every drive other than C: and D:: eject removable media and mounted ISO or VHD files (Disk Management "
        "shows them), disconnect mapped network drives (\"net use X: /delete\"), remove subst drives (\"subst X: /d\"), "
        "and remove the drive letter of any extra partition. Then run the checks again.";
    info.aws_error_code = "AdditionalDrivesPresent";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& DrivesCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult DrivesCheck::run(CheckContext& context) {
    auto drives = context.system.volumes().drives();
    if (!drives) return CheckResult::error("could not list the drives: " + drives.error().describe());

    std::vector<os::DriveInfo> extra;
    std::string all_letters;
    for (const auto& drive : drives.value()) {
        all_letters += (all_letters.empty() ? "" : ", ") + std::string(1, drive.letter) + ":";
        if (!is_allowed_drive_letter(drive.letter)) extra.push_back(drive);
    }

    CheckResult result;
    if (extra.empty()) {
        result = CheckResult::passed(fmt::format("only allowed drives are present ({})", all_letters.empty() ? "none" : all_letters));
    } else {
        std::string names;
        for (const auto& drive : extra)
            names += (names.empty() ? "" : ", ") + fmt::format("{}: ({})", drive.letter, os::to_string(drive.type));
        result = CheckResult::failed(fmt::format("{} extra drive{} present: {}", extra.size(), extra.size() == 1 ? " is" : "s are", names));
    }
    result.with("Drive letters in use", all_letters.empty() ? "none" : all_letters, "C: and D: only");
    for (const auto& drive : extra)
        result.with(fmt::format("Drive {}:", drive.letter), describe_drive(drive), "absent");
    return result;
}

}  // namespace ic::checks
