#include "imagechecker/check.h"

#include <algorithm>
#include <stdexcept>

#include "imagechecker/check_registry.h"

namespace ic {

// ---- Status and metadata names ----

std::string to_string(Status status) {
    switch (status) {
        case Status::Passed: return "PASSED";
        case Status::Warning: return "WARNING";
        case Status::Failed: return "FAILED";
        case Status::Skipped: return "SKIPPED";
        case Status::Error: return "ERROR";
    }
    return "ERROR";
}

std::optional<Status> status_from_string(const std::string& text) {
    for (auto s : {Status::Passed, Status::Warning, Status::Failed, Status::Skipped, Status::Error})
        if (to_string(s) == text) return s;
    return std::nullopt;
}

int severity(Status status) {
    switch (status) {
        case Status::Passed: return 0;
        case Status::Skipped: return 1;
        case Status::Warning: return 2;
        case Status::Failed: return 3;
        case Status::Error: return 4;
    }
    return 4;
}

std::string platforms_to_string(unsigned platforms) {
    std::string text;
    if (platforms & kWindows) text += "windows";
    if (platforms & kLinux) text += text.empty() ? "linux" : ",linux";
    return text.empty() ? "none" : text;
}

std::string to_string(FixKind kind) {
    switch (kind) {
        case FixKind::None: return "none";
        case FixKind::Automatic: return "automatic";
        case FixKind::OnRequest: return "on-request";
    }
    return "none";
}

UserChoice CheckRegistry::choose_user(os::System& system, const os::OsFacts* os, const std::string& requested) const {
    try {
        return user_rule_ ? user_rule_(system, os, requested) : console_user_rule(system, os, requested);
    } catch (const std::exception& e) {
        return {{}, {}, std::string("the WorkSpace user could not be determined: ") + e.what()};
    }
}

bool CheckInfo::applies_to(os::OsFamily family) const {
    switch (family) {
        case os::OsFamily::Windows: return (platforms & kWindows) != 0;
        case os::OsFamily::Linux: return (platforms & kLinux) != 0;
        case os::OsFamily::Other: return false;
    }
    return false;
}

CheckInfo CheckInfo::for_os(os::OsFamily family) const {
    CheckInfo shown = *this;
    const unsigned platform = family == os::OsFamily::Windows ? kWindows : family == os::OsFamily::Linux ? kLinux : 0U;
    for (const auto& wording : wordings) {
        if (wording.platform != platform) continue;
        if (!wording.title.empty()) shown.title = wording.title;
        if (!wording.rationale.empty()) shown.rationale = wording.rationale;
        if (!wording.resolution.empty()) shown.resolution = wording.resolution;
        if (wording.replaces_aws_error_code) shown.aws_error_code = wording.aws_error_code;
    }
    return shown;
}

// ---- Registry ----

bool is_valid_check_id(const std::string& id) {
    if (id.empty() || id.front() == '-' || id.back() == '-') return false;
    bool previous_dash = false;
    for (char c : id) {
        const bool dash = c == '-';
        if (!(dash || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
        if (dash && previous_dash) return false;
        previous_dash = dash;
    }
    return true;
}

void CheckRegistry::add(CheckInfo info, Factory factory) {
    if (!is_valid_check_id(info.id)) throw std::logic_error("check id \"" + info.id + "\" is not kebab-case");
    if (find(info.id) != nullptr) throw std::logic_error("check id \"" + info.id + "\" is registered twice");
    if (info.title.empty()) throw std::logic_error("check \"" + info.id + "\" has no title");
    infos_.push_back(std::move(info));
    factories_.push_back(std::move(factory));
}

const CheckInfo* CheckRegistry::find(const std::string& id) const {
    auto it = std::find_if(infos_.begin(), infos_.end(), [&](const CheckInfo& info) { return info.id == id; });
    return it == infos_.end() ? nullptr : &*it;
}

std::unique_ptr<Check> CheckRegistry::create(const std::string& id) const {
    for (std::size_t i = 0; i < infos_.size(); ++i)
        if (infos_[i].id == id) return factories_[i]();
    throw UnknownCheckError("unknown check id \"" + id + "\"");
}

// ---- One requirement, a detection per system ----

PerPlatformCheck::PerPlatformCheck(CheckInfo info, Make on_windows, Make on_linux)
    : info_(std::move(info)), make_windows_(std::move(on_windows)), make_linux_(std::move(on_linux)) {}

Check& PerPlatformCheck::detection(const CheckContext& context) {
    if (!chosen_) chosen_ = context.os.family == os::OsFamily::Linux ? make_linux_() : make_windows_();
    return *chosen_;
}

CheckResult PerPlatformCheck::run(CheckContext& context) {
    if (!info_.applies_to(context.os.family))
        return CheckResult::skipped("applies to " + platforms_to_string(info_.platforms) + " only");
    return detection(context).run(context);
}

std::optional<FixPlan> PerPlatformCheck::plan_fix(CheckContext& context) {
    if (!info_.applies_to(context.os.family)) return std::nullopt;
    return detection(context).plan_fix(context);
}

std::vector<std::string> CheckRegistry::select(const std::vector<std::string>& only, const std::vector<std::string>& skip) const {
    std::vector<std::string> unknown;
    for (const auto* list : {&only, &skip})
        for (const auto& id : *list)
            if (find(id) == nullptr && std::find(unknown.begin(), unknown.end(), id) == unknown.end()) unknown.push_back(id);
    if (!unknown.empty()) {
        std::string message = unknown.size() == 1 ? "unknown check id: " : "unknown check ids: ";
        for (std::size_t i = 0; i < unknown.size(); ++i) message += (i ? ", " : "") + unknown[i];
        message += " (imagechecker-cli list shows the valid ids)";
        throw UnknownCheckError(message);
    }
    auto contains = [](const std::vector<std::string>& v, const std::string& id) {
        return std::find(v.begin(), v.end(), id) != v.end();
    };
    std::vector<std::string> selected;
    for (const auto& info : infos_)
        if ((only.empty() || contains(only, info.id)) && !contains(skip, info.id)) selected.push_back(info.id);
    return selected;
}

}  // namespace ic
