#include "profile_size_check.h"

#include <fmt/format.h>

#include "imagechecker/format.h"
#include "windows_facts.h"

namespace ic::checks {

ProfileSizeVerdict decide_profile_size(std::uint64_t total_bytes, std::uint64_t unreadable_folders) {
    if (total_bytes >= ProfileSizeCheck::kLimitBytes) return ProfileSizeVerdict::OverLimit;
    return unreadable_folders > 0 ? ProfileSizeVerdict::UnknownWithUnreadableFolders : ProfileSizeVerdict::UnderLimit;
}

CheckInfo ProfileSizeCheck::describe() {
    CheckInfo info;
    info.id = "profile-size";
    info.title = "The WorkSpace user's profile is smaller than 10 GiB";
    info.category = "Profiles";
    info.platforms = kWindows;
    info.rationale =
        "AWS requires the files in the user's profile (D:\\Users\\<user>) to total less than 10 GiB; image creation "
        "handles the profile and a larger one makes it fail or time out. AWS's own checker skips this on Windows 10; "
        "ImageChecker checks it on every Windows version, because the requirement itself applies to all of them.";
    info.resolution =
        "Reduce the profile below 10 GiB: start with the largest folders this check lists. Empty the Recycle Bin and the "
        "Downloads folder, delete browser caches and temporary files (AppData\\Local\\Temp), and move large files the "
        "image does not need off the WorkSpace. If folders could not be read, run ImageChecker as administrator. Then run "
        "the checks again.";
    info.aws_error_code = "";
    info.needs_user = true;
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& ProfileSizeCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult ProfileSizeCheck::run(CheckContext& context) {
    const std::string user = bare_user_name(context.user);
    if (user.empty()) return CheckResult::error("no WorkSpace user is known (name one with --user)");
    const std::string profile = expected_profile_path(context.user);
    const std::string expected = "less than " + bytes_with_exact(kLimitBytes);

    // A cancelled run stops the walk between two entries instead of finishing a large profile.
    auto usage = context.system.files().directory_usage(profile, kTopFolders, 0, [cancel = context.cancel] { return cancel.cancelled(); });
    if (!usage) {
        return CheckResult::error("could not measure " + profile + ": " + usage.error().describe())
            .with("Profile folder", profile + " (could not be read)", expected);
    }
    if (!usage.value()) {
        return CheckResult::skipped(profile + " does not exist, so there is nothing to measure (user-profile-exists reports the missing profile)")
            .with("Profile folder", profile + " (missing)");
    }
    const os::DirectoryUsage& u = *usage.value();

    CheckResult result;
    switch (decide_profile_size(u.total_bytes, u.unreadable_folders)) {
        case ProfileSizeVerdict::UnderLimit:
            result = CheckResult::passed(fmt::format("{} holds {} of files; the limit is {}", profile, human_bytes(u.total_bytes),
                                                     human_bytes(kLimitBytes)));
            break;
        case ProfileSizeVerdict::OverLimit:
            result = CheckResult::failed(fmt::format("{} holds {}{} of files; image creation needs less than {}", profile,
                                                     u.unreadable_folders > 0 ? "at least " : "", human_bytes(u.total_bytes),
                                                     human_bytes(kLimitBytes)));
            break;
        case ProfileSizeVerdict::UnknownWithUnreadableFolders:
            result = CheckResult::error(fmt::format("{} holds at least {} of files, but {} folder{} could not be read, so the size may "
                                                    "reach the {} limit",
                                                    profile, human_bytes(u.total_bytes), u.unreadable_folders,
                                                    u.unreadable_folders == 1 ? "" : "s", human_bytes(kLimitBytes)));
            break;
    }
    result.with("Profile folder", profile);
    result.with("Total size of files", (u.unreadable_folders > 0 ? "at least " : "") + bytes_with_exact(u.total_bytes), expected);
    result.with("Files and folders", fmt::format("{} files in {} folders", group_digits(u.files), group_digits(u.folders)));
    if (u.total_bytes >= kLimitBytes) result.with("Still to remove", "at least " + bytes_with_exact(u.total_bytes - kLimitBytes + 1));
    for (const auto& folder : u.largest_folders)
        result.with("Folder " + folder.path, fmt::format("{} in {} files", bytes_with_exact(folder.bytes), group_digits(folder.files)));
    result.with("Unreadable folders", group_digits(u.unreadable_folders), "0");
    for (const auto& example : u.unreadable_examples) result.with("Unreadable folder", example);
    if (u.placeholder_files > 0) {
        result.with("Files whose data is not on this disk",
                    fmt::format("{} cloud or offline file{} (OneDrive Files On-Demand and the like) of {} logical size, counted in the total",
                                group_digits(u.placeholder_files), u.placeholder_files == 1 ? "" : "s", bytes_with_exact(u.placeholder_bytes)));
        result.with("Bytes on this disk", fmt::format("{}{} (the total less those files' logical size)", u.unreadable_folders > 0 ? "at least " : "",
                                                      bytes_with_exact(u.total_bytes - u.placeholder_bytes)));
        result.with("Size the rule uses",
                    "the logical size, placeholders included: copying or capturing the profile reads every file, which brings "
                    "a placeholder's data back onto the disk, and the user can ask for any of them to be kept on the device");
    }
    result.with("Cloud and deduplicated folders walked", group_digits(u.reparse_folders_walked));
    result.with("Reparse points skipped", group_digits(u.reparse_points_skipped) + " (junctions, symbolic links and mount points are not followed)");
    return result;
}

}  // namespace ic::checks
