#pragma once
/// \file
/// Fixes as data. A check that can repair what it found returns a FixPlan: a list of Changes, each one
/// exact (what, where, old value → new value) and read from the machine before anything is touched.
/// The fix engine (fix_engine.h) shows the plan, writes each change's old state to the undo journal
/// (flushed to disk) before making it, makes it through the probes, and runs the check again.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "imagechecker/os/system.h"

namespace ic {

// ---- Changes ----

/// Set (after = value) or delete (after = nullopt) a registry value; `before` is what is there now.
struct RegistryValueChange {
    os::RegistryHive hive = os::RegistryHive::LocalMachine;
    std::string path;
    std::string name;
    std::optional<os::RegistryValue> before;
    std::optional<os::RegistryValue> after;
};

struct ServiceStartTypeChange {
    std::string service;
    os::ServiceStartType before = os::ServiceStartType::Unknown;
    os::ServiceStartType after = os::ServiceStartType::Unknown;
};

/// Stop (running = false) or start (running = true) a service; `was_running` is its state now.
struct ServiceRunStateChange {
    std::string service;
    bool was_running = false;
    bool running = false;
};

/// Change a service's "log on as" account to a built-in account (no password is ever asked for).
struct ServiceAccountChange {
    std::string service;
    std::string before;
    std::string after;
};

/// Remove an AppX package for all users. Never undoable.
struct AppxRemoval {
    std::string package_full_name;
    std::string found_for;  ///< for whom it was staged or installed, as evidence
};

/// Tell running programs the system environment changed (after a Path edit). Nothing to undo.
struct EnvironmentBroadcast {};

using ChangeAction = std::variant<RegistryValueChange, ServiceStartTypeChange, ServiceRunStateChange, ServiceAccountChange,
                                  AppxRemoval, EnvironmentBroadcast>;

/// One change as the user is shown it before it is made.
struct Change {
    ChangeAction action;
    std::string what;          ///< "Set the start type of Remote Desktop Services to Manual"
    bool undoable = true;
    std::string not_undoable_because;  ///< when !undoable: why, in a sentence
    bool needs_own_confirmation = false;  ///< not undoable or risky: the user ticks it alone

    /// Where the change is made: "HKLM\\SYSTEM\\…\\Environment : Path", "service TermService".
    [[nodiscard]] std::string where() const;
    /// The old and new state as people read them ("Disabled", "(absent)", "REG_DWORD 1").
    [[nodiscard]] std::string before_text() const;
    [[nodiscard]] std::string after_text() const;
    /// "what: where | before -> after", as the log's FIXPLAN and CHANGE lines show it.
    [[nodiscard]] std::string one_line() const;
};

/// What a check's fix would change, read from the machine now.
struct FixPlan {
    std::string check_id;
    bool automatic = true;        ///< part of "Fix All Warnings"; false: only when asked for this check
    std::string summary;          ///< one sentence: what the fix does
    std::vector<Change> changes;  ///< empty: nothing to change (already fixed)
    /// true: later changes depend on earlier ones, so the first failure stops the plan. false: the
    /// changes are independent (one package per change), so each is tried whatever the others did.
    bool stop_at_first_failure = true;
};

/// Builds the Change for an action, with its description filled in from the action's data.
Change make_change(ChangeAction action, std::string what);

/// The action that puts back the state an action replaced; nullopt for actions that cannot be undone
/// or need no undo.
std::optional<ChangeAction> inverse_of(const ChangeAction& action);

/// Carries out one action through the probes.
os::Result<void> perform(os::System& system, const ChangeAction& action);

}  // namespace ic
