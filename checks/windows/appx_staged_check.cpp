#include "appx_staged_check.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "imagechecker/workspace_user.h"
#include "windows_facts.h"

namespace ic::checks {

namespace {

constexpr auto HKLM = os::RegistryHive::LocalMachine;

std::string store_path(const std::string& child) { return std::string(AppxStagedCheck::kStoreKey) + "\\" + child; }

// The store as read: every package's state, and what could not be read.
struct StoreReading {
    std::optional<os::OsError> store_error;   // the store itself could not be listed: nothing is known
    std::optional<os::OsError> user_error;    // the user's SID key: offending cannot be told apart
    std::vector<std::string> partial_errors;  // Staged, S-1-5-18 or a family key: some packages may be missing
    std::vector<std::string> other_errors;    // other users' keys: evidence only
    std::map<std::string, AppxPackageState> packages;  // by lower-case full name
};

AppxPackageState& package(StoreReading& r, const std::string& full_name) {
    auto& state = r.packages[fold_case(full_name)];
    if (state.full_name.empty()) state.full_name = full_name;
    return state;
}

StoreReading read_store(os::RegistryProbe& registry, const std::string& user_sid) {
    StoreReading r;
    auto children = registry.subkeys(HKLM, AppxStagedCheck::kStoreKey);
    if (!children) {
        r.store_error = children.error();
        return r;
    }
    for (const auto& child : children.value()) {
        if (iequals(child, "Staged")) {
            auto staged = registry.subkeys(HKLM, store_path(child));
            if (!staged) {
                r.partial_errors.push_back("Staged: " + staged.error().describe());
                continue;
            }
            for (const auto& name : staged.value()) {
                if (is_package_full_name(name)) {
                    package(r, name).staged = true;
                    continue;
                }
                // Newer Windows groups staged packages by family: Staged\<family>\<full name>.
                auto family = registry.subkeys(HKLM, store_path(child + "\\" + name));
                if (!family) {
                    r.partial_errors.push_back("Staged\\" + name + ": " + family.error().describe());
                    continue;
                }
                for (const auto& full_name : family.value())
                    if (is_package_full_name(full_name)) package(r, full_name).staged = true;
            }
        } else if (istarts_with(child, "S-1-")) {
            const bool is_system = iequals(child, AppxStagedCheck::kSystemSid);
            const bool is_user = iequals(child, user_sid);
            auto installed = registry.subkeys(HKLM, store_path(child));
            if (!installed) {
                const std::string text = child + ": " + installed.error().describe();
                if (is_user) r.user_error = installed.error();
                else if (is_system) r.partial_errors.push_back(text);
                else r.other_errors.push_back(text);
                continue;
            }
            for (const auto& full_name : installed.value()) {
                if (!is_package_full_name(full_name)) continue;
                auto& state = package(r, full_name);
                if (is_system) state.installed_for_system = true;
                else if (is_user) state.installed_for_user = true;
                else state.other_sids.push_back(child);
                if (!is_user) continue;
                // <SID>\<package>\<dependency>: frameworks the user's packages use are registered for the user too.
                auto dependencies = registry.subkeys(HKLM, store_path(child + "\\" + full_name));
                if (!dependencies) {
                    r.user_error = dependencies.error();
                    continue;
                }
                for (const auto& dependency : dependencies.value())
                    if (is_package_full_name(dependency)) package(r, dependency).installed_for_user = true;
            }
        }
    }
    return r;
}

std::vector<const AppxPackageState*> offending_of(const StoreReading& r) {
    std::vector<const AppxPackageState*> offending;
    for (const auto& entry : r.packages)
        if (is_offending_appx(entry.second)) offending.push_back(&entry.second);
    return offending;
}

// The user's SID, or why the check cannot go on without it.
struct SidAnswer {
    std::string sid;
    std::optional<CheckResult> stop;
};

SidAnswer user_sid_of(CheckContext& context, const std::string& user) {
    auto sid = context.system.host().account_sid(context.user);
    if (!sid)
        return {{}, CheckResult::error(fmt::format("could not find the SID of {}: {}", context.user, sid.error().describe()))
                        .with("WorkSpace user", context.user)};
    if (!sid.value())
        return {{}, CheckResult::error(fmt::format("Windows knows no account named {}, so its packages cannot be told apart", context.user))
                        .with("WorkSpace user", context.user + " (" + user + ")")};
    return {*sid.value(), std::nullopt};
}

}  // namespace

// ---- Pure rules ----

bool is_package_full_name(const std::string& name) {
    return std::count(name.begin(), name.end(), '_') == 4 && name.front() != '_';
}

bool is_offending_appx(const AppxPackageState& state) {
    return (state.staged || state.installed_for_system) && !state.installed_for_user;
}

std::string appx_found_for(const AppxPackageState& state, const std::string& user) {
    std::vector<std::string> parts;
    if (state.staged) parts.emplace_back("staged");
    if (state.installed_for_system) parts.emplace_back(std::string("installed for ") + AppxStagedCheck::kSystemSid);
    parts.push_back((state.installed_for_user ? "installed for " : "not installed for ") + user);
    if (!state.other_sids.empty()) parts.push_back(fmt::format("installed for {}", fmt::join(state.other_sids, ", ")));
    return fmt::format("{}", fmt::join(parts, "; "));
}

// ---- The check ----

CheckInfo AppxStagedCheck::describe() {
    CheckInfo info;
    info.id = "appx-staged";
    info.title = "No AppX package is staged without being installed for the user";
    info.category = "Applications";
    info.platforms = kWindows;
    info.rationale =
        "Sysprep, which image creation runs, stops when an AppX (Store) package is staged on the machine, or installed "
        "for the system account, but not installed for the WorkSpace user. Such packages are typically left behind by "
        "app updates or by apps provisioned and then removed for the user.";
    info.resolution =
        "Open PowerShell as administrator. List the packages this check names with \"Get-AppxPackage -AllUsers -Name "
        "<name>\" and remove each with \"Remove-AppxPackage -AllUsers -Package <full name>\". If packages remain, remove "
        "the provisioned copies too (\"Get-AppxProvisionedPackage -Online\" and \"Remove-AppxProvisionedPackage -Online\"). "
        "Then run the checks again.";
    info.aws_error_code = "StagedAppxPackage";
    info.needs_user = true;
    info.fix = FixKind::Automatic;
    return info;
}

const CheckInfo& AppxStagedCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult AppxStagedCheck::run(CheckContext& context) {
    const std::string user = bare_user_name(context.user);
    if (user.empty()) return CheckResult::error("no WorkSpace user is known (name one with --user)");
    // Packages registered for SYSTEM are what this check judges; SYSTEM itself is never the user.
    if (is_builtin_or_service_account(context.user))
        return CheckResult::error(context.user + " is a built-in or service account, not a WorkSpace user (name the user with --user)");
    SidAnswer sid = user_sid_of(context, user);
    if (sid.stop) return *sid.stop;

    const StoreReading r = read_store(context.system.registry(), sid.sid);
    const std::string store_item = std::string("HKLM\\") + kStoreKey;
    if (r.store_error) {
        return CheckResult::error("could not list the AppX all-user store: " + r.store_error->describe())
            .with(store_item, "could not be read: " + r.store_error->describe());
    }
    if (r.user_error) {
        return CheckResult::error(fmt::format("could not read which packages are installed for {} ({}): {}", user, sid.sid,
                                              r.user_error->describe()))
            .with(store_item + "\\" + sid.sid, "could not be read: " + r.user_error->describe());
    }

    const auto offending = offending_of(r);
    CheckResult result;
    if (!offending.empty()) {
        result = CheckResult::warning(fmt::format("{} AppX package{} staged or installed for the system but not for {}", offending.size(),
                                                  offending.size() == 1 ? " is" : "s are", user));
        result.fix = FixOffer{true, fmt::format("Remove {} AppX package{} for all users (cannot be undone; each removal is confirmed "
                                                "on its own)",
                                                offending.size(), offending.size() == 1 ? "" : "s")};
    } else if (!r.partial_errors.empty()) {
        result = CheckResult::error("could not read part of the AppX all-user store: " + r.partial_errors.front());
    } else {
        result = CheckResult::passed(fmt::format("no AppX package is staged without being installed for {} ({} packages in the store)",
                                                 user, r.packages.size()));
    }
    result.with("WorkSpace user", fmt::format("{} ({})", context.user, sid.sid));
    std::size_t staged = 0;
    for (const auto& entry : r.packages)
        if (entry.second.staged) ++staged;
    result.with(store_item, fmt::format("{} packages, {} staged", r.packages.size(), staged));
    for (const auto* state : offending) result.with("Package " + state->full_name, appx_found_for(*state, user), "installed for " + user + ", or removed");
    for (const auto& e : r.partial_errors) result.with("Unreadable part of the store", e);
    for (const auto& e : r.other_errors) result.with("Unreadable user key (ignored)", e);
    return result;
}

std::optional<FixPlan> AppxStagedCheck::plan_fix(CheckContext& context) {
    FixPlan plan;
    plan.check_id = describe().id;
    plan.automatic = true;
    plan.stop_at_first_failure = false;  // each package is removed on its own; one refusal must not block the rest
    const std::string user = bare_user_name(context.user);
    if (user.empty() || is_builtin_or_service_account(context.user)) {
        plan.summary = "Nothing the tool can change: no WorkSpace user is known (" + (user.empty() ? std::string("none") : context.user) + ")";
        return plan;
    }
    auto sid = context.system.host().account_sid(context.user).value();  // an unresolvable account fails the planning
    if (!sid) {
        plan.summary = "Nothing the tool can change: Windows knows no account named " + context.user;
        return plan;
    }
    const StoreReading r = read_store(context.system.registry(), *sid);
    if (r.store_error) throw os::OsFailure(*r.store_error);
    if (r.user_error) throw os::OsFailure(*r.user_error);  // never remove what might be installed for the user

    for (const auto* state : offending_of(r)) {
        plan.changes.push_back(make_change(AppxRemoval{state->full_name, appx_found_for(*state, user)},
                                           fmt::format("Remove the AppX package {} for all users", state->full_name)));
    }
    plan.summary = plan.changes.empty() ? "Nothing to change: no AppX package is staged without being installed for " + user
                                        : fmt::format("Remove {} AppX package{} that Sysprep would stop on (not undoable)",
                                                      plan.changes.size(), plan.changes.size() == 1 ? "" : "s");
    return plan;
}

}  // namespace ic::checks
