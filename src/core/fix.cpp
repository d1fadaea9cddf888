#include "imagechecker/fix.h"

#include <fmt/format.h>

#include "overloaded.h"

namespace ic {

namespace {

std::string value_text(const std::optional<os::RegistryValue>& value) {
    if (!value) return "(absent)";
    return os::to_string(value->type) + " " + (value->display().empty() ? "(empty)" : value->display());
}

}  // namespace

std::string Change::where() const {
    return std::visit(Overloaded{
                          [](const RegistryValueChange& c) { return os::to_string(c.hive) + "\\" + c.path + " : " + c.name; },
                          [](const ServiceStartTypeChange& c) { return "service " + c.service + " (start type)"; },
                          [](const ServiceRunStateChange& c) { return "service " + c.service + " (running state)"; },
                          [](const ServiceAccountChange& c) { return "service " + c.service + " (log on as)"; },
                          [](const AppxRemoval& c) { return "AppX package " + c.package_full_name; },
                          [](const EnvironmentBroadcast&) { return std::string("running programs (WM_SETTINGCHANGE \"Environment\")"); },
                      },
                      action);
}

std::string Change::before_text() const {
    return std::visit(Overloaded{
                          [](const RegistryValueChange& c) { return value_text(c.before); },
                          [](const ServiceStartTypeChange& c) { return os::to_string(c.before); },
                          [](const ServiceRunStateChange& c) { return std::string(c.was_running ? "Running" : "Stopped"); },
                          [](const ServiceAccountChange& c) { return c.before; },
                          [](const AppxRemoval& c) { return "present (" + c.found_for + ")"; },
                          [](const EnvironmentBroadcast&) { return std::string("-"); },
                      },
                      action);
}

std::string Change::after_text() const {
    return std::visit(Overloaded{
                          [](const RegistryValueChange& c) { return value_text(c.after); },
                          [](const ServiceStartTypeChange& c) { return os::to_string(c.after); },
                          [](const ServiceRunStateChange& c) { return std::string(c.running ? "Running" : "Stopped"); },
                          [](const ServiceAccountChange& c) { return c.after; },
                          [](const AppxRemoval&) { return std::string("removed for all users"); },
                          [](const EnvironmentBroadcast&) { return std::string("notified"); },
                      },
                      action);
}

std::string Change::one_line() const { return fmt::format("{}: {} | {} -> {}", what, where(), before_text(), after_text()); }

Change make_change(ChangeAction action, std::string what) {
    Change change;
    change.what = std::move(what);
    std::visit(Overloaded{
                   [&](const AppxRemoval&) {
                       change.undoable = false;
                       change.not_undoable_because = "a removed package's files are deleted; it can only be installed again from its source";
                       change.needs_own_confirmation = true;
                   },
                   [&](const ServiceAccountChange& c) {
                       // Going back to a user account needs that account's password, which the tool never asks for.
                       // Built-in, virtual and managed service accounts ("DOMAIN\\name$") take an empty password.
                       const bool managed = c.before.size() > 1 && c.before.back() == '$' && c.before.find('\\') != std::string::npos;
                       const bool builtin = c.before.empty() || c.before == "LocalSystem" || c.before.rfind("NT AUTHORITY\\", 0) == 0 ||
                                            c.before.rfind("NT SERVICE\\", 0) == 0 || managed;
                       change.undoable = builtin;
                       if (!builtin) {
                           change.not_undoable_because = "restoring \"" + c.before + "\" needs its password; set it again in services.msc";
                           change.needs_own_confirmation = true;
                       }
                   },
                   [&](const EnvironmentBroadcast&) { change.undoable = true; },
                   [&](const auto&) {},
               },
               action);
    change.action = std::move(action);
    return change;
}

std::optional<ChangeAction> inverse_of(const ChangeAction& action) {
    return std::visit(Overloaded{
                          [](const RegistryValueChange& c) -> std::optional<ChangeAction> {
                              return RegistryValueChange{c.hive, c.path, c.name, c.after, c.before};
                          },
                          [](const ServiceStartTypeChange& c) -> std::optional<ChangeAction> {
                              return ServiceStartTypeChange{c.service, c.after, c.before};
                          },
                          [](const ServiceRunStateChange& c) -> std::optional<ChangeAction> {
                              return ServiceRunStateChange{c.service, c.running, c.was_running};
                          },
                          [](const ServiceAccountChange& c) -> std::optional<ChangeAction> {
                              return ServiceAccountChange{c.service, c.after, c.before};
                          },
                          [](const AppxRemoval&) -> std::optional<ChangeAction> { return std::nullopt; },
                          [](const EnvironmentBroadcast&) -> std::optional<ChangeAction> { return EnvironmentBroadcast{}; },
                      },
                      action);
}

os::Result<void> perform(os::System& system, const ChangeAction& action) {
    return std::visit(Overloaded{
                          [&](const RegistryValueChange& c) {
                              return c.after ? system.registry().write_value(c.hive, c.path, c.name, *c.after)
                                             : system.registry().delete_value(c.hive, c.path, c.name);
                          },
                          [&](const ServiceStartTypeChange& c) { return system.services().set_start_type(c.service, c.after); },
                          [&](const ServiceRunStateChange& c) {
                              return c.running ? system.services().start(c.service) : system.services().stop(c.service);
                          },
                          [&](const ServiceAccountChange& c) { return system.services().set_account(c.service, c.after, ""); },
                          [&](const AppxRemoval& c) { return system.packages().remove_appx(c.package_full_name); },
                          [&](const EnvironmentBroadcast&) { return system.host().broadcast_environment_change(); },
                      },
                      action);
}

}  // namespace ic
