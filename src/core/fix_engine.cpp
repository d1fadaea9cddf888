#include "imagechecker/fix_engine.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "imagechecker/input_file.h"
#include "imagechecker/platform.h"
#include "imagechecker/version.h"
#include "os_json.h"
#include "overloaded.h"
#include "time_format.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace ic {

namespace {

constexpr const char* kJournalFormat = "imagechecker-fixes";
constexpr int kMaxBatches = 1000000;
constexpr int kJournalVersion = 2;  // 2 added batches; version 1 journals read as one batch

std::string now_text() { return format_iso8601(std::chrono::system_clock::now()); }

// ---- Journal JSON ----

json value_json(const std::optional<os::RegistryValue>& value) { return value ? json(*value) : json(nullptr); }
std::optional<os::RegistryValue> value_from(const json& j) {
    if (j.is_null()) return std::nullopt;
    return j.get<os::RegistryValue>();
}

os::ServiceStartType start_type_from(const json& j) {
    const auto text = j.get<std::string>();
    auto parsed = os::parse_start_type(text);
    if (!parsed) throw std::invalid_argument("unknown start type \"" + text + "\"");
    return *parsed;
}

json action_json(const ChangeAction& action) {
    return std::visit(
        Overloaded{
            [](const RegistryValueChange& c) -> json {
                return {{"type", "registry-value"}, {"hive", os::to_string(c.hive)}, {"path", c.path}, {"name", c.name},
                        {"before", value_json(c.before)}, {"after", value_json(c.after)}};
            },
            [](const ServiceStartTypeChange& c) -> json {
                return {{"type", "service-start-type"}, {"service", c.service}, {"before", os::to_string(c.before)},
                        {"after", os::to_string(c.after)}};
            },
            [](const ServiceRunStateChange& c) -> json {
                return {{"type", "service-run-state"}, {"service", c.service}, {"was_running", c.was_running}, {"running", c.running}};
            },
            [](const ServiceAccountChange& c) -> json {
                return {{"type", "service-account"}, {"service", c.service}, {"before", c.before}, {"after", c.after}};
            },
            [](const AppxRemoval& c) -> json {
                return {{"type", "appx-removal"}, {"package", c.package_full_name}, {"found_for", c.found_for}};
            },
            [](const EnvironmentBroadcast&) -> json { return {{"type", "environment-broadcast"}}; },
        },
        action);
}

ChangeAction action_from(const json& j) {
    const auto type = j.at("type").get<std::string>();
    if (type == "registry-value") {
        const auto hive_text = j.at("hive").get<std::string>();
        auto hive = os::parse_hive(hive_text);
        if (!hive) throw std::invalid_argument("unknown hive \"" + hive_text + "\"");
        return RegistryValueChange{*hive, j.at("path").get<std::string>(), j.at("name").get<std::string>(), value_from(j.at("before")),
                                   value_from(j.at("after"))};
    }
    if (type == "service-start-type")
        return ServiceStartTypeChange{j.at("service").get<std::string>(), start_type_from(j.at("before")), start_type_from(j.at("after"))};
    if (type == "service-run-state")
        return ServiceRunStateChange{j.at("service").get<std::string>(), j.at("was_running").get<bool>(), j.at("running").get<bool>()};
    if (type == "service-account")
        return ServiceAccountChange{j.at("service").get<std::string>(), j.at("before").get<std::string>(), j.at("after").get<std::string>()};
    if (type == "appx-removal") return AppxRemoval{j.at("package").get<std::string>(), j.value("found_for", std::string{})};
    if (type == "environment-broadcast") return EnvironmentBroadcast{};
    throw std::invalid_argument("unknown change type \"" + type + "\"");
}

JournalState state_from(const std::string& text) {
    for (auto s : {JournalState::Pending, JournalState::Applied, JournalState::Failed, JournalState::Undone, JournalState::UndoFailed,
                   JournalState::NotUndone})
        if (to_string(s) == text) return s;
    throw std::invalid_argument("unknown state \"" + text + "\"");
}

void write_durably(const std::string& path, const std::string& text) {
    const std::string reason = platform::replace_file_durably(path, text);
    if (!reason.empty()) throw JournalError("the undo journal " + path + " could not be saved (" + reason + ")");
}

bool is_running(const os::ServiceInfo& service) {
    return service.state == os::ServiceState::Running || service.state == os::ServiceState::StartPending;
}

// What the machine holds now, compared with a change's two sides: read just before a change is made
// (it must still hold `before`) and before an undo (it must still hold `after`).
enum class Holds { Before, After, Other, Unreadable, NotComparable };
struct MachineNow {
    Holds holds = Holds::NotComparable;
    std::string now;  ///< what is there, for messages: "REG_DWORD 1", "Manual", "absent"
};

std::string value_text(const std::optional<os::RegistryValue>& value) {
    return value ? os::to_string(value->type) + " " + value->display() : std::string("absent");
}

MachineNow read_machine_now(os::System& system, const ChangeAction& action) {
    auto compare = [](const auto& now, const auto& before, const auto& after, std::string text) {
        if (now == after) return MachineNow{Holds::After, std::move(text)};
        if (now == before) return MachineNow{Holds::Before, std::move(text)};
        return MachineNow{Holds::Other, std::move(text)};
    };
    auto service = [&](const std::string& name) -> std::variant<os::ServiceInfo, MachineNow> {
        auto now = system.services().find(name);
        if (!now) return MachineNow{Holds::Unreadable, "could not be read: " + now.error().describe()};
        if (!now.value()) return MachineNow{Holds::Unreadable, "the service no longer exists"};
        return *now.value();
    };
    try {
        return std::visit(
            Overloaded{
                [&](const RegistryValueChange& c) -> MachineNow {
                    auto now = system.registry().read_value(c.hive, c.path, c.name);
                    if (!now) return {Holds::Unreadable, "could not be read: " + now.error().describe()};
                    return compare(now.value(), c.before, c.after, value_text(now.value()));
                },
                [&](const ServiceStartTypeChange& c) -> MachineNow {
                    auto now = service(c.service);
                    if (auto* unread = std::get_if<MachineNow>(&now)) return *unread;
                    const auto type = std::get<os::ServiceInfo>(now).start_type;
                    return compare(type, c.before, c.after, os::to_string(type));
                },
                [&](const ServiceAccountChange& c) -> MachineNow {
                    auto now = service(c.service);
                    if (auto* unread = std::get_if<MachineNow>(&now)) return *unread;
                    const auto& account = std::get<os::ServiceInfo>(now).account;
                    return compare(account, c.before, c.after, account);
                },
                [&](const ServiceRunStateChange& c) -> MachineNow {
                    auto now = service(c.service);
                    if (auto* unread = std::get_if<MachineNow>(&now)) return *unread;
                    const bool running = is_running(std::get<os::ServiceInfo>(now));
                    return compare(running, c.was_running, c.running, running ? "running" : "stopped");
                },
                [](const auto&) -> MachineNow { return {}; },  // AppX removals and broadcasts have no value to compare
            },
            action);
    } catch (const std::exception& e) {  // a replay with no answer, a probe that threw
        return {Holds::Unreadable, std::string("could not be read: ") + e.what()};
    }
}

std::string describe_inverse(const JournalEntry& entry) {
    return fmt::format("put back {}: {} -> {}", entry.change.where(), entry.change.after_text(), entry.change.before_text());
}

}  // namespace

// ---- Journal ----

std::string to_string(JournalState state) {
    switch (state) {
        case JournalState::Pending: return "pending";
        case JournalState::Applied: return "applied";
        case JournalState::Failed: return "failed";
        case JournalState::Undone: return "undone";
        case JournalState::UndoFailed: return "undo-failed";
        case JournalState::NotUndone: return "not-undone";
    }
    return "pending";
}

std::string journal_path_for_log(const std::string& log_path) {
    const std::string suffix = ".log";
    if (log_path.size() > suffix.size() && log_path.compare(log_path.size() - suffix.size(), suffix.size(), suffix) == 0)
        return log_path.substr(0, log_path.size() - suffix.size()) + ".fixes.json";
    return log_path + ".fixes.json";
}

FixJournal FixJournal::open(const std::string& path, const MachineFacts& machine) {
    std::error_code ec;
    if (fs::exists(fs::u8path(path), ec)) {
        FixJournal journal = load(path);  // a journal that cannot be read is never replaced
        if (!journal.machine_name_.empty() && machine.machine_name.error.empty() && journal.machine_name_ != machine.machine_name.value)
            throw JournalError(path + " belongs to " + journal.machine_name_ + ", not to this machine (" + machine.machine_name.value +
                               "); nothing was added to it");
        journal.batch_ = journal.batches_.empty() ? 1 : journal.batches_.back().first + 1;
        journal.batches_.emplace_back(journal.batch_, now_text());
        journal.save();
        return journal;
    }
    FixJournal journal;
    journal.path_ = path;
    journal.machine_name_ = machine.machine_name.value;
    journal.created_at_ = now_text();
    journal.batches_.emplace_back(1, journal.created_at_);
    journal.save();
    return journal;
}

FixJournal FixJournal::load(const std::string& path) {
    std::string text;
    try {
        text = read_input_file(path, kMaxJournalBytes, "undo journal");
    } catch (const InputFileError& e) {
        throw JournalError(e.what());
    }
    return parse(text, path);
}

FixJournal FixJournal::parse(const std::string& text, const std::string& path) {
    json document;
    try {
        document = parse_json_bounded(text);
    } catch (const json::parse_error& e) {
        throw JournalError(path + " is not a valid undo journal: its JSON is corrupt at byte " + std::to_string(e.byte));
    } catch (const InputFileError& e) {
        throw JournalError(path + " is not a valid undo journal: " + e.what());
    }
    if (os::string_field(document, "format") != kJournalFormat)
        throw JournalError(path + " is not an ImageChecker undo journal (\"format\" is not \"" + kJournalFormat + "\")");
    const auto version = document.find("version");
    if (version == document.end() || !version->is_number_integer() || *version < 1 || *version > kJournalVersion)
        throw JournalError(path + " has journal version " + (version == document.end() ? std::string("(none)") : version->dump()) +
                           "; this build reads versions 1 to " + std::to_string(kJournalVersion));
    FixJournal journal;
    journal.path_ = path;
    journal.machine_name_ = os::string_field(document, "machine").value_or("");
    journal.created_at_ = os::string_field(document, "created_at").value_or("");
    // Batches are counted from 1; a bound keeps the next batch's number (last + 1) within an int.
    const auto batch_number = [](const json& j) {
        const int number = os::integer_from<int>(j);
        if (number < 1 || number > kMaxBatches) throw std::invalid_argument("batch " + std::to_string(number) + " is out of range");
        return number;
    };
    std::size_t position = 0;
    try {
        if (const auto batches = document.find("batches"); batches != document.end()) {
            if (!batches->is_array()) throw std::invalid_argument("\"batches\" is not an array");
            for (const auto& b : *batches) journal.batches_.emplace_back(batch_number(b.at("batch")), b.value("started_at", std::string{}));
        }
        if (journal.batches_.empty()) journal.batches_.emplace_back(1, journal.created_at_);
        const json& changes = document.at("changes");
        if (!changes.is_array()) throw std::invalid_argument("\"changes\" is not an array");
        for (const auto& e : changes) {
            ++position;
            JournalEntry entry;
            entry.check_id = e.at("check_id").get<std::string>();
            entry.batch = e.contains("batch") ? batch_number(e.at("batch")) : 1;
            entry.change = make_change(action_from(e.at("action")), e.at("what").get<std::string>());
            entry.state = state_from(e.at("state").get<std::string>());
            entry.note = e.value("note", std::string{});
            entry.updated_at = e.value("updated_at", std::string{});
            journal.entries_.push_back(std::move(entry));
        }
    } catch (const std::exception& e) {
        throw JournalError(path + (position == 0 ? std::string(": its list of batches or changes is malformed (")
                                                 : ": change #" + std::to_string(position) + " is malformed (") +
                           e.what() + ")");
    }
    journal.batch_ = journal.batches_.back().first;
    return journal;
}

std::string FixJournal::to_text() const {
    json changes = json::array();
    for (const auto& e : entries_) {
        changes.push_back({{"check_id", e.check_id},
                           {"batch", e.batch},
                           {"what", e.change.what},
                           {"where", e.change.where()},
                           {"before", e.change.before_text()},
                           {"after", e.change.after_text()},
                           {"undoable", e.change.undoable},
                           {"not_undoable_because", e.change.not_undoable_because},
                           {"action", action_json(e.change.action)},
                           {"state", to_string(e.state)},
                           {"note", e.note},
                           {"updated_at", e.updated_at}});
    }
    json batches = json::array();
    for (const auto& [number, started] : batches_) batches.push_back({{"batch", number}, {"started_at", started}});
    const json document = {{"format", kJournalFormat}, {"version", kJournalVersion}, {"tool_version", kToolVersion},
                           {"machine", machine_name_}, {"created_at", created_at_}, {"batches", batches}, {"changes", changes}};
    return document.dump(2) + "\n";
}

void FixJournal::save() const { write_durably(path_, to_text()); }

std::size_t FixJournal::add(const std::string& check_id, const Change& change) {
    entries_.push_back({check_id, batch_, change, JournalState::Pending, {}, now_text()});
    try {
        save();
    } catch (const JournalError&) {
        entries_.pop_back();  // not on disk, so not in memory either: the change will not be made
        throw;
    }
    return entries_.size() - 1;
}

void FixJournal::set_state(std::size_t index, JournalState state, std::string note) {
    auto& entry = entries_.at(index);
    entry.state = state;
    entry.note = std::move(note);
    entry.updated_at = now_text();
    save();
}

// ---- Applying ----

std::optional<FixPlan> plan_fix_for(const CheckRegistry& registry, const std::string& check_id, os::System& system,
                                    const MachineFacts& machine, std::string& error) {
    if (!machine.os) {
        error = "the operating system is unknown: " + machine.os_error;
        return std::nullopt;
    }
    if (const CheckInfo* info = registry.find(check_id); info != nullptr && info->needs_user && machine.user_checked.value.empty()) {
        error = "no fix is planned without knowing the WorkSpace user: " + machine.user_checked.error;
        return std::nullopt;
    }
    try {
        auto check = registry.create(check_id);
        CheckContext context{system, machine.user_checked.value, *machine.os, CancelToken{}};
        auto plan = check->plan_fix(context);
        if (plan) plan->check_id = check_id;
        return plan;
    } catch (const std::exception& e) {
        error = std::string("planning the fix failed: ") + e.what();
        return std::nullopt;
    }
}

bool FixOutcome::all_applied() const {
    for (const auto& c : changes)
        if (!c.applied) return false;
    return true;
}

bool FixOutcome::fixed() const { return all_applied() && recheck && recheck->result.status == Status::Passed; }

std::string FixOutcome::problem() const {
    if (fixed()) return {};
    for (const auto& c : changes)
        if (!c.applied) return fmt::format("{}: {}", c.stale ? "a change was not made" : "a change failed", c.error);
    if (!recheck) return "the check could not be run again";
    return fmt::format("changes applied, but the check still reports {}: {}", to_string(recheck->result.status), recheck->result.summary);
}

FixBatch apply_fixes(const CheckRegistry& registry, const std::shared_ptr<os::System>& system, const std::vector<FixPlan>& plans,
                     FixJournal& journal, const RunOptions& recheck_options, const FixLog& log) {
    FixBatch batch;
    for (const auto& plan : plans) {
        FixOutcome outcome;
        outcome.check_id = plan.check_id;
        for (const auto& change : plan.changes) {
            ChangeOutcome result{change, false, false, {}};
            if (!batch.journal_error.empty()) {
                result.error = "not made: the undo journal could not be saved";
                log("CHANGE", fmt::format("[{}] {} | NOT MADE: the undo journal could not be saved", plan.check_id, change.one_line()));
                outcome.changes.push_back(result);
                continue;
            }
            // The plan may have been read minutes ago (a preview left open): change only what the person saw.
            const MachineNow now = read_machine_now(*system, change.action);
            if (now.holds == Holds::After) {  // someone made this very change meanwhile: nothing to do, nothing to journal
                result.applied = true;
                log("CHANGE", fmt::format("[{}] {} | ALREADY SO: {}; nothing was changed", plan.check_id, change.one_line(), now.now));
                outcome.changes.push_back(result);
                continue;
            }
            if (now.holds == Holds::Other || now.holds == Holds::Unreadable) {
                result.stale = true;
                result.error = now.holds == Holds::Unreadable ? "left as it is: it " + now.now
                                                              : "left as it is: it changed after the preview was read (now " + now.now +
                                                                    ", the preview showed " + change.before_text() + ")";
                log("CHANGE", fmt::format("[{}] {} | NOT MADE: {}", plan.check_id, change.one_line(), result.error));
                outcome.changes.push_back(result);
                if (plan.stop_at_first_failure) break;
                continue;
            }
            std::size_t index = 0;
            try {
                index = journal.add(plan.check_id, change);  // old state on disk first
            } catch (const JournalError& e) {
                batch.journal_error = e.what();
                result.error = "not made: " + batch.journal_error;
                log("CHANGE", fmt::format("[{}] {} | NOT MADE: {}", plan.check_id, change.one_line(), batch.journal_error));
                outcome.changes.push_back(result);
                continue;
            }
            try {
                const auto done = perform(*system, change.action);
                result.applied = done.ok();
                if (!done) result.error = done.error().describe();
            } catch (const std::exception& e) {
                result.error = e.what();
            }
            try {
                journal.set_state(index, result.applied ? JournalState::Applied : JournalState::Failed, result.error);
            } catch (const JournalError& e) {
                // The entry stays "pending" on disk, which undo reads as "maybe applied": nothing is lost,
                // but no further change is made without a journal to record it.
                batch.journal_error = e.what();
            }
            log("CHANGE", fmt::format("[{}] {} | {}", plan.check_id, change.one_line(), result.applied ? "done" : "FAILED: " + result.error));
            outcome.changes.push_back(result);
            if (!result.applied && plan.stop_at_first_failure) break;
        }
        batch.outcomes.push_back(std::move(outcome));
    }
    if (!batch.journal_error.empty()) log("JOURNAL", "FAILED: " + batch.journal_error + "; no further change was made");

    RunOptions options = recheck_options;
    options.ids.clear();
    for (const auto& o : batch.outcomes)
        if (!o.changes.empty()) options.ids.push_back(o.check_id);
    if (!options.ids.empty()) {
        const RunSummary summary = Runner(registry, system, options).run();
        for (auto& o : batch.outcomes) {
            for (const auto& checked : summary.outcomes) {
                if (checked.info.id != o.check_id) continue;
                o.recheck = checked;
                log("RECHECK", fmt::format("[{}] {}: {}", o.check_id, to_string(checked.result.status), checked.result.summary));
            }
        }
    }
    return batch;
}

// ---- Undo ----

std::vector<UndoStep> plan_undo(const FixJournal& journal, os::System& system) {
    std::vector<UndoStep> steps;
    const auto& entries = journal.entries();
    for (std::size_t i = entries.size(); i-- > 0;) {
        const auto& entry = entries[i];
        UndoStep step;
        step.entry = i;
        // Pending and Failed mean "maybe applied": the process died, or the journal could not be updated,
        // between journaling the change and recording what happened. The machine tells.
        const bool maybe_applied = entry.state == JournalState::Pending || entry.state == JournalState::Failed;
        if (entry.state == JournalState::Undone) {
            step.reason = "already undone";
        } else if (!entry.change.undoable) {
            step.reason = "it cannot be undone: " + entry.change.not_undoable_because;
        } else if (std::holds_alternative<EnvironmentBroadcast>(entry.change.action)) {
            step.inverse = make_change(EnvironmentBroadcast{}, "tell running programs the environment changed again");
        } else if (const MachineNow now = read_machine_now(system, entry.change.action); now.holds == Holds::After) {
            step.inverse = make_change(*inverse_of(entry.change.action), describe_inverse(entry));
        } else if (now.holds == Holds::Before && maybe_applied) {
            step.reason = "it was never applied (the machine still holds " + entry.change.before_text() + ")";
        } else if (now.holds == Holds::Before) {
            step.reason = "nothing to restore: it already holds " + entry.change.before_text() + ", as before the fix";
        } else if (now.holds == Holds::Unreadable) {
            step.reason = "left as it is: it " + now.now;
        } else {
            step.reason = "left as it is: it was changed again since the fix (now " + now.now + ")";
        }
        steps.push_back(std::move(step));
    }
    return steps;
}

std::vector<UndoStep> undo(FixJournal& journal, os::System& system, const FixLog& log) {
    auto steps = plan_undo(journal, system);
    // Broadcasts go last, so programs are told about the environment once it has been put back.
    std::stable_partition(steps.begin(), steps.end(), [](const UndoStep& s) {
        return !(s.inverse && std::holds_alternative<EnvironmentBroadcast>(s.inverse->action));
    });
    // The machine is what matters; a journal that can no longer be updated is said, not fatal (a later
    // undo compares with the machine again, so nothing is restored twice).
    auto record = [&](std::size_t index, JournalState state, const std::string& note) {
        try {
            journal.set_state(index, state, note);
        } catch (const JournalError& e) {
            log("JOURNAL", std::string("FAILED: ") + e.what());
        }
    };
    for (auto& step : steps) {
        const auto& entry = journal.entries()[step.entry];
        if (!step.inverse) {
            if (entry.state == JournalState::Applied) record(step.entry, JournalState::NotUndone, step.reason);
            log("UNDO", fmt::format("[{}] not restored: {} ({})", entry.check_id, entry.change.where(), step.reason));
            continue;
        }
        os::Result<void> done = os::OsError{"ImageChecker", 0, "not attempted"};
        try {
            done = perform(system, step.inverse->action);
        } catch (const std::exception& e) {
            done = os::OsError{"ImageChecker", 0, e.what()};
        }
        step.done = done.ok();
        if (!done) step.reason = done.error().describe();
        record(step.entry, step.done ? JournalState::Undone : JournalState::UndoFailed, step.reason);
        log("UNDO", fmt::format("[{}] {}: {}", entry.check_id, step.inverse->what, step.done ? "done" : "FAILED: " + step.reason));
    }
    return steps;
}

}  // namespace ic
