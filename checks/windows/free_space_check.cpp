#include "free_space_check.h"

#include <fmt/format.h>

#include "imagechecker/format.h"

namespace ic::checks {

bool has_enough_free_space(std::uint64_t free_bytes) { return free_bytes > FreeSpaceCheck::kRequiredFreeBytes; }

CheckInfo FreeSpaceCheck::describe() {
    CheckInfo info;
    info.id = "free-space";
    info.title = "Drive C: has more than 12 GiB free";
    info.category = "Storage";
    info.platforms = kWindows;
    info.rationale =
        "Image creation prepares the system drive in place before it is captured, and that needs working room. "
        "With 12 GiB or less free on C:, it stops part-way and the image is not created.";
    info.resolution =
        "Make more than 12 GiB free on C:. Empty the Recycle Bin; run Disk Cleanup and choose \"Clean up system files\" "
        "(old Windows Update files are often the largest item); delete installers, downloads and temporary files that "
        "the image does not need; move user data to D:. Then run the checks again.";
    info.aws_error_code = "InsufficientDiskSpace";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& FreeSpaceCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult FreeSpaceCheck::run(CheckContext& context) {
    const std::string expected = "more than " + bytes_with_exact(kRequiredFreeBytes);
    auto space = context.system.volumes().space("C:\\");
    if (!space) {
        return CheckResult::error("could not read the free space of drive C: " + space.error().describe())
            .with("C: free space", "unknown", expected);
    }
    const auto& s = space.value();
    CheckResult result =
        has_enough_free_space(s.free_bytes)
            ? CheckResult::passed(fmt::format("C: has {} free of {}", human_bytes(s.free_bytes), human_bytes(s.total_bytes)))
            : CheckResult::failed(fmt::format("C: has only {} free; image creation needs more than {}", human_bytes(s.free_bytes),
                                              human_bytes(kRequiredFreeBytes)));
    result.with("C: free space", bytes_with_exact(s.free_bytes), expected);
    result.with("C: total size", bytes_with_exact(s.total_bytes));
    if (!has_enough_free_space(s.free_bytes))
        result.with("Space still to free", "at least " + bytes_with_exact(kRequiredFreeBytes - s.free_bytes + 1));
    return result;
}

}  // namespace ic::checks
