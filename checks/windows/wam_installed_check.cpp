#include "wam_installed_check.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "windows_facts.h"

namespace ic::checks {

namespace {

constexpr auto HKLM = os::RegistryHive::LocalMachine;

// What looking for one marker found.
struct MarkerResult {
    WamMarker marker;
    bool found = false;
    std::string detail;                 // e.g. the uninstall entry that matched
    std::optional<os::OsError> error;   // the first thing that could not be read
};

MarkerResult look_for(const WamMarker& marker, os::System& system) {
    MarkerResult r{marker, false, {}, std::nullopt};
    switch (marker.kind) {
        case WamMarker::Kind::RegistryKey: {
            auto exists = system.registry().key_exists(HKLM, marker.where);
            if (!exists) r.error = exists.error();
            else r.found = exists.value();
            break;
        }
        case WamMarker::Kind::Folder:
        case WamMarker::Kind::File: {
            auto stat = system.files().stat(marker.where);
            if (!stat) r.error = stat.error();
            else r.found = stat.value() && stat.value()->is_directory == (marker.kind == WamMarker::Kind::Folder);
            break;
        }
        case WamMarker::Kind::UninstallEntry: {
            auto entries = system.registry().subkeys(HKLM, marker.where);
            if (!entries) {
                r.error = entries.error();
                break;
            }
            for (const auto& entry : entries.value()) {
                auto name = system.registry().read_value(HKLM, marker.where + "\\" + entry, "DisplayName");
                if (!name) {
                    if (!r.error) r.error = name.error();
                    continue;
                }
                if (name.value() && is_wam_client_display_name(name.value()->display())) {
                    r.found = true;
                    r.detail = "\"" + name.value()->display() + "\" (" + entry + ")";
                    r.error.reset();  // found: what else could not be read no longer matters
                    break;
                }
            }
            break;
        }
    }
    return r;
}

std::string marker_item(const WamMarker& m) {
    switch (m.kind) {
        case WamMarker::Kind::RegistryKey: return "Key HKLM\\" + m.where;
        case WamMarker::Kind::Folder: return "Folder " + m.where;
        case WamMarker::Kind::File: return "File " + m.where;
        case WamMarker::Kind::UninstallEntry: return "Installed programs (HKLM\\" + m.where + ")";
    }
    return m.where;
}

std::string marker_observed(const MarkerResult& r) {
    if (r.error && !r.found) return "could not be read: " + r.error->describe();
    if (!r.found) return r.marker.kind == WamMarker::Kind::UninstallEntry ? "no WAM client entry" : "absent";
    return "found" + (r.detail.empty() ? std::string() : ": " + r.detail) + " (" + r.marker.why + ")";
}

}  // namespace

// ---- Markers and rules ----

std::vector<WamMarker> wam_usage_markers() {
    using K = WamMarker::Kind;
    return {
        {K::RegistryKey, "SOFTWARE\\Amazon\\WAM", "Amazon WAM settings"},
        {K::RegistryKey, "SOFTWARE\\WOW6432Node\\Amazon\\WAM", "Amazon WAM settings (32-bit)"},
        {K::Folder, "C:\\ProgramData\\Amazon\\WAM", "Amazon WAM data"},
        {K::Folder, "C:\\Program Files\\Numecent\\Application Jukebox Player", "the Cloudpaging player Amazon WAM streams applications with"},
        {K::Folder, "C:\\Program Files (x86)\\Numecent\\Application Jukebox Player",
         "the Cloudpaging player Amazon WAM streams applications with"},
    };
}

std::vector<WamMarker> wam_client_markers(const std::string& user) {
    using K = WamMarker::Kind;
    std::vector<WamMarker> markers{
        {K::UninstallEntry, "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall", "the WAM client is installed"},
        {K::UninstallEntry, "SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall", "the WAM client is installed (32-bit)"},
        {K::Folder, "C:\\Program Files\\Amazon\\WAM", "the WAM client's program folder"},
        {K::Folder, "C:\\Program Files (x86)\\Amazon\\WAM", "the WAM client's program folder"},
        {K::File, "C:\\Users\\Public\\Desktop\\Amazon WAM.lnk", "the Amazon WAM desktop shortcut"},
    };
    if (!user.empty()) markers.push_back({K::File, "D:\\Users\\" + user + "\\Desktop\\Amazon WAM.lnk", "the Amazon WAM desktop shortcut"});
    return markers;
}

bool is_wam_client_display_name(const std::string& display_name) {
    const std::string name = fold_case(display_name);
    return name.rfind("amazon wam", 0) == 0 || name.find("workspaces application manager") != std::string::npos;
}

Status decide_wam(bool in_use, bool client_found, bool any_unreadable) {
    if (client_found) return Status::Passed;
    if (any_unreadable) return Status::Error;
    return in_use ? Status::Failed : Status::Skipped;
}

// ---- The check ----

CheckInfo WamInstalledCheck::describe() {
    CheckInfo info;
    info.id = "wam-installed";
    info.title = "The Amazon WAM client is installed where WAM is used";
    info.category = "Components";
    info.platforms = kWindows;
    info.rationale =
        "When Amazon WorkSpaces Application Manager (WAM) assigns applications to users, WorkSpaces launched from the "
        "image need the WAM client to receive them. This check looks for signs that WAM is in use (its settings, its data "
        "folder, the Cloudpaging player it streams applications with) and, if there are any, for the client itself. The "
        "signs are a heuristic: when none is found the check is skipped.";
    info.resolution =
        "Set up the Amazon WAM installer on the WorkSpace as the Amazon WAM administration guide describes (\"Set up the "
        "Amazon WAM installer\"); when it has run, an \"Amazon WAM\" shortcut appears on the desktop. If WAM is not used "
        "here, remove what this check found (for example an unused Cloudpaging player). Then run the checks again.";
    info.aws_error_code = "";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& WamInstalledCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult WamInstalledCheck::run(CheckContext& context) {
    std::vector<MarkerResult> usage;
    std::vector<MarkerResult> client;
    for (const auto& m : wam_usage_markers()) usage.push_back(look_for(m, context.system));
    for (const auto& m : wam_client_markers(bare_user_name(context.user))) client.push_back(look_for(m, context.system));

    std::vector<std::string> usage_found;
    std::vector<std::string> client_found;
    const MarkerResult* unreadable = nullptr;
    for (const auto* list : {&usage, &client}) {
        for (const auto& r : *list) {
            if (r.found) (list == &usage ? usage_found : client_found).push_back(marker_item(r.marker));
            else if (r.error && !unreadable) unreadable = &r;
        }
    }

    CheckResult result;
    switch (decide_wam(!usage_found.empty(), !client_found.empty(), unreadable != nullptr)) {
        case Status::Passed:
            result = CheckResult::passed("the Amazon WAM client is installed (" + fmt::format("{}", fmt::join(client_found, "; ")) + ")");
            break;
        case Status::Failed:
            result = CheckResult::failed("Amazon WAM appears to be in use (" + fmt::format("{}", fmt::join(usage_found, "; ")) +
                                         ") but its client is not installed; set up the Amazon WAM installer");
            break;
        case Status::Skipped:
            result = CheckResult::skipped("nothing shows that Amazon WAM is used on this WorkSpace (heuristic: none of its markers was found)");
            break;
        default:
            result = CheckResult::error(fmt::format("could not look for {}: {}", marker_item(unreadable->marker), unreadable->error->describe()));
            break;
    }
    for (const auto& r : usage) result.with("WAM in use? " + marker_item(r.marker), marker_observed(r));
    for (const auto& r : client)
        result.with("WAM client? " + marker_item(r.marker), marker_observed(r), usage_found.empty() ? "" : "found (any one of these)");
    return result;
}

}  // namespace ic::checks
