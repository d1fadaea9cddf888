#include "rearm_count_check.h"

#include <fmt/format.h>

#include "windows_facts.h"

namespace ic::checks {

namespace {

const std::string kItem = std::string("WMI ") + RearmCountCheck::kNamespace + " SoftwareLicensingService." + RearmCountCheck::kProperty;
constexpr const char* kExpected = "1 or more";

}  // namespace

CheckInfo RearmCountCheck::describe() {
    CheckInfo info;
    info.id = "rearm-count";
    info.title = "Windows can still be rearmed";
    info.category = "Licensing";
    info.platforms = kWindows;
    info.rationale =
        "Image creation generalizes Windows with Sysprep, and each generalization uses up one of the limited \"rearms\" "
        "that reset the activation state. With no rearm left, Sysprep fails and so does image creation.";
    info.resolution =
        "The remaining count cannot be raised on this WorkSpace (\"cscript C:\\Windows\\System32\\slmgr.vbs /dlv\" shows "
        "it). Build the image from a WorkSpace that still has rearms left — for example a new WorkSpace launched from the "
        "original bundle and customized again — or ask AWS Support for help.";
    info.aws_error_code = "InsufficientRearmCount";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& RearmCountCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult RearmCountCheck::run(CheckContext& context) {
    auto rows = context.system.management().query(kNamespace, kQuery, {kProperty});
    if (!rows) {
        return CheckResult::error("the licensing query failed: " + rows.error().describe())
            .with(kItem, "could not be read: " + rows.error().describe(), kExpected);
    }
    if (rows.value().empty()) {
        return CheckResult::error("the licensing query returned no SoftwareLicensingService object")
            .with(kItem, "no object returned", kExpected);
    }

    const auto& row = rows.value().front();
    const std::pair<std::string, std::string>* property = nullptr;
    for (const auto& entry : row)
        if (iequals(entry.first, kProperty)) property = &entry;
    if (property == nullptr) {
        return CheckResult::error(fmt::format("the licensing query returned no {} property", kProperty))
            .with(kItem, "property missing", kExpected);
    }
    const auto count = parse_unsigned(property->second);
    if (!count) {
        return CheckResult::error(fmt::format("the licensing query returned \"{}\" for {}, which is not a number", property->second, kProperty))
            .with(kItem, property->second.empty() ? "(null)" : "\"" + property->second + "\"", kExpected);
    }

    CheckResult result = *count == 0 ? CheckResult::failed("no rearm is left: Windows cannot be generalized again on this WorkSpace")
                                     : CheckResult::passed(fmt::format("{} rearm{} left", *count, *count == 1 ? " is" : "s are"));
    result.with(kItem, std::to_string(*count), kExpected);
    return result;
}

}  // namespace ic::checks
