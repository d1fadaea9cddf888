#include "profile_path_length_check.h"

#include <fmt/format.h>

#include "imagechecker/format.h"
#include "windows_facts.h"

namespace ic::checks {

namespace {

// Length as Windows counts it (UTF-16 code units), from UTF-8 text.
std::size_t windows_length(const std::string& utf8) {
    std::size_t units = 0;
    for (unsigned char c : utf8) {
        if ((c & 0xC0U) == 0x80U) continue;  // continuation byte
        units += c >= 0xF0U ? 2 : 1;         // 4-byte sequences are surrogate pairs
    }
    return units;
}

}  // namespace

CheckInfo ProfilePathLengthCheck::describe() {
    CheckInfo info;
    info.id = "profile-path-length";
    info.title = "No path in the user's profile is 261 characters or longer (Windows 7)";
    info.category = "Profiles";
    info.platforms = kWindows;
    info.rationale =
        "On Windows 7, image creation copies the user's profile (D:\\Users\\<user>) into the image with tools limited to "
        "260-character paths. One file or folder whose full path is 261 characters or longer makes the copy, and so image "
        "creation, fail. Later Windows versions do not copy the profile.";
    info.resolution =
        "Shorten the paths this check lists: rename deeply nested folders or long file names, or move the files closer to "
        "the profile's root (or out of the profile). Then run the checks again.";
    info.aws_error_code = "";
    info.needs_user = true;
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& ProfilePathLengthCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult ProfilePathLengthCheck::run(CheckContext& context) {
    if (!is_windows_7(context.os)) {
        return CheckResult::skipped(fmt::format("only Windows 7 copies the user's profile into the image; this is {}",
                                                context.os.product_name.empty() ? "a later Windows" : context.os.product_name));
    }
    const std::string user = bare_user_name(context.user);
    if (user.empty()) return CheckResult::error("no WorkSpace user is known (name one with --user)");
    const std::string profile = expected_profile_path(context.user);
    const std::string expected = fmt::format("none of {} characters or more", kLongPathThreshold);

    auto usage = context.system.files().directory_usage(profile, 0, kLongPathThreshold, [cancel = context.cancel] { return cancel.cancelled(); });
    if (!usage) {
        return CheckResult::error("could not walk " + profile + ": " + usage.error().describe())
            .with("Profile folder", profile + " (could not be read)");
    }
    if (!usage.value()) {
        return CheckResult::skipped(profile + " does not exist, so there are no paths to measure (user-profile-exists reports the missing profile)")
            .with("Profile folder", profile + " (missing)");
    }
    const os::DirectoryUsage& u = *usage.value();

    CheckResult result;
    if (u.long_paths > 0) {
        result = CheckResult::failed(fmt::format("{} path{} in {} {} {} characters or longer", group_digits(u.long_paths),
                                                 u.long_paths == 1 ? "" : "s", profile, u.long_paths == 1 ? "is" : "are", kLongPathThreshold));
    } else if (u.unreadable_folders > 0) {
        result = CheckResult::error(fmt::format("no long path found, but {} folder{} in {} could not be read", u.unreadable_folders,
                                                u.unreadable_folders == 1 ? "" : "s", profile));
    } else {
        result = CheckResult::passed(fmt::format("every path in {} is shorter than {} characters ({} files, {} folders)", profile,
                                                 kLongPathThreshold, group_digits(u.files), group_digits(u.folders)));
    }
    result.with("Profile folder", profile);
    result.with("Paths of 261 characters or more", group_digits(u.long_paths), expected);
    for (const auto& example : u.long_path_examples) result.with("Long path", fmt::format("{} ({} characters)", example, windows_length(example)));
    result.with("Unreadable folders", group_digits(u.unreadable_folders), "0");
    for (const auto& example : u.unreadable_examples) result.with("Unreadable folder", example);
    return result;
}

}  // namespace ic::checks
