#pragma once
/// \file
/// Applying and undoing fixes. Before any change is made, its old state is written to the undo journal
/// (ImageChecker_yyyyMMddHHmmss.fixes.json next to the run's log) and flushed to disk; then the change
/// is made through the probes; then the check runs again. `undo` reads a journal and puts back every
/// undoable change that is still as the fix left it.

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "imagechecker/check_registry.h"
#include "imagechecker/fix.h"
#include "imagechecker/runner.h"

namespace ic {

/// The journal could not be written, read or parsed; the message names the file and the problem.
class JournalError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class JournalState { Pending, Applied, Failed, Undone, UndoFailed, NotUndone };
std::string to_string(JournalState state);  ///< "pending", "applied", "failed", "undone", "undo-failed", "not-undone"

/// One change as the journal keeps it.
struct JournalEntry {
    std::string check_id;
    Change change;
    JournalState state = JournalState::Pending;
    std::string note;  ///< the error when failed, or why an undo did not happen
    std::string updated_at;
};

/// The undo journal. Every update rewrites the file through a temporary file, flushed to disk and
/// renamed over the old one, so a crash leaves either the old or the new journal, never half of one.
class FixJournal {
public:
    /// Creates a new journal; throws JournalError when the file cannot be written.
    static FixJournal create(const std::string& path, const MachineFacts& machine);
    /// Reads a journal; throws JournalError naming the file and the problem (a file larger than
    /// kMaxJournalBytes is refused before it is read).
    static FixJournal load(const std::string& path);
    /// The text of a journal file, as load() reads it; `path` is where later updates are saved.
    static FixJournal parse(const std::string& text, const std::string& path);

    /// The journal as save() writes it.
    [[nodiscard]] std::string to_text() const;

    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    [[nodiscard]] const std::vector<JournalEntry>& entries() const noexcept { return entries_; }
    [[nodiscard]] const std::string& machine_name() const noexcept { return machine_name_; }

    /// Records a change about to be made (state Pending) and saves; returns its index.
    std::size_t add(const std::string& check_id, const Change& change);
    /// Updates an entry's state and saves.
    void set_state(std::size_t index, JournalState state, std::string note = {});

private:
    void save() const;

    std::string path_;
    std::string machine_name_;
    std::string created_at_;
    std::vector<JournalEntry> entries_;
};

/// "…/ImageChecker_20261123231001.log" -> "…/ImageChecker_20261123231001.fixes.json".
std::string journal_path_for_log(const std::string& log_path);

/// Receives one line per event, for the log ("FIXPLAN", "CHANGE", "RECHECK", "UNDO" tags) and the console.
using FixLog = std::function<void(const std::string& tag, const std::string& text)>;

/// Asks a check for its fix plan with the same context a run gives it; never throws (an error in
/// planning becomes nullopt with `error` set).
std::optional<FixPlan> plan_fix_for(const CheckRegistry& registry, const std::string& check_id, os::System& system,
                                    const MachineFacts& machine, std::string& error);

struct ChangeOutcome {
    Change change;
    bool applied = false;
    std::string error;
};

/// What happened to one check's fix.
struct FixOutcome {
    std::string check_id;
    std::vector<ChangeOutcome> changes;
    std::optional<CheckOutcome> recheck;  ///< the check run again after the changes
    [[nodiscard]] bool all_applied() const;
    /// Every change applied and the check now PASSED.
    [[nodiscard]] bool fixed() const;
};

/// Applies each plan's changes in order, journaling each before it is made (a plan whose changes depend
/// on each other stops at its first failed change), then re-runs every check whose plan was touched.
std::vector<FixOutcome> apply_fixes(const CheckRegistry& registry, const std::shared_ptr<os::System>& system,
                                    const std::vector<FixPlan>& plans, FixJournal& journal, const RunOptions& recheck_options,
                                    const FixLog& log);

/// What undo will do, or did, for one journal entry.
struct UndoStep {
    std::size_t entry = 0;
    std::optional<Change> inverse;  ///< nullopt: nothing to do or cannot be undone (see reason)
    bool done = false;
    std::string reason;             ///< why it is not (or was not) restored
};

/// Plans the undo of a journal, newest change first, without touching anything: which changes would be
/// restored, and which cannot be (not undoable, never applied, already undone, changed again since).
std::vector<UndoStep> plan_undo(const FixJournal& journal, os::System& system);

/// Carries out plan_undo's steps and records each outcome in the journal.
std::vector<UndoStep> undo(FixJournal& journal, os::System& system, const FixLog& log);

}  // namespace ic
