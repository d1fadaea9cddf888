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
    int batch = 1;  ///< which Fix All / fix of the run made it (1, 2, ...)
    Change change;
    JournalState state = JournalState::Pending;
    std::string note;  ///< the error when failed, or why an undo did not happen
    std::string updated_at;
};

/// The undo journal of one run: every change the run's fixes made, in order, each written with its old
/// state before the change is made. A run that fixes twice (two presses of Fix All Warnings, or Fix All
/// then one on-request fix) appends a second batch to the same file; nothing in a journal is ever
/// overwritten or dropped. Every update rewrites the file through a temporary file that is flushed to
/// disk and renamed write-through over the old one, so a crash or a full disk leaves the old journal or
/// the new one, never half of one.
class FixJournal {
public:
    /// Opens the run's journal for a new batch of changes: loads it when the file exists (and appends),
    /// creates it otherwise. Throws JournalError, changing nothing, when the file cannot be written, is
    /// not a readable journal, or was written on another machine.
    static FixJournal open(const std::string& path, const MachineFacts& machine);
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
    /// The batch that add() records into (1 for the first batch of a run).
    [[nodiscard]] int batch() const noexcept { return batch_; }
    /// Every batch of the journal: its number and when it started (ISO 8601, "" when a v1 file did not say).
    [[nodiscard]] const std::vector<std::pair<int, std::string>>& batches() const noexcept { return batches_; }

    /// Records a change about to be made (state Pending) and saves; returns its index. Throws
    /// JournalError when the journal cannot be saved; the change must then not be made.
    std::size_t add(const std::string& check_id, const Change& change);
    /// Updates an entry's state and saves. Throws JournalError when it cannot be saved; the entry then
    /// stays Pending on disk, which undo reads as "maybe applied".
    void set_state(std::size_t index, JournalState state, std::string note = {});

private:
    void save() const;

    std::string path_;
    std::string machine_name_;
    std::string created_at_;
    int batch_ = 1;
    std::vector<std::pair<int, std::string>> batches_;  ///< number, started at
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
    /// Not made because the machine no longer holds the plan's "before" (someone changed it after the
    /// preview was read); `error` says what is there now.
    bool stale = false;
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
    /// Why it is not fixed, in a sentence ("" when fixed): the first change not made and why, or what
    /// the check says after the changes.
    [[nodiscard]] std::string problem() const;
};

/// What apply_fixes did.
struct FixBatch {
    std::vector<FixOutcome> outcomes;
    /// Non-empty when the journal could not be saved: no further change was made after that moment.
    std::string journal_error;
};

/// Applies each plan's changes in order. Just before each change the machine is read again: a change
/// whose "before" no longer matches is not made (nothing is overwritten that the person did not see).
/// Each change is journaled before it is made; when the journal cannot be saved, that change and every
/// later one are not made. A plan whose changes depend on each other stops at its first failed change.
/// Then every check whose plan was touched runs again. Never throws for a journal or probe failure.
FixBatch apply_fixes(const CheckRegistry& registry, const std::shared_ptr<os::System>& system, const std::vector<FixPlan>& plans,
                     FixJournal& journal, const RunOptions& recheck_options, const FixLog& log);

/// What undo will do, or did, for one journal entry.
struct UndoStep {
    std::size_t entry = 0;
    std::optional<Change> inverse;  ///< nullopt: nothing to do or cannot be undone (see reason)
    bool done = false;
    std::string reason;             ///< why it is not (or was not) restored
};

/// Plans the undo of a journal, newest change first, without touching anything: which changes would be
/// restored, and which cannot be (not undoable, never applied, already undone, changed again since).
/// An entry left Pending or Failed (the process died, or the journal could not be updated, between
/// journaling and recording the outcome) means "maybe applied": it is restored when the machine holds
/// what the change set, and left alone when it still holds the old state.
std::vector<UndoStep> plan_undo(const FixJournal& journal, os::System& system);

/// Carries out plan_undo's steps and records each outcome in the journal.
std::vector<UndoStep> undo(FixJournal& journal, os::System& system, const FixLog& log);

}  // namespace ic
