#include "imagechecker/fix_engine.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#ifdef _WIN32
#include <io.h>  // _commit: flush a file to disk (no <windows.h> in the core)
#else
#include <unistd.h>  // fsync
#endif

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "imagechecker/input_file.h"
#include "imagechecker/version.h"
#include "os_json.h"
#include "overloaded.h"
#include "time_format.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace ic {

namespace {

constexpr const char* kJournalFormat = "imagechecker-fixes";
constexpr int kJournalVersion = 1;

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

// Writes `text` to `path` so that a crash leaves the old file or the new one: temporary file, flushed
// to the disk, renamed over the target.
void write_durably(const std::string& path, const std::string& text) {
    const fs::path target = fs::u8path(path);
    const fs::path temporary = fs::u8path(path + ".tmp");
#ifdef _WIN32
    FILE* file = _wfopen(temporary.c_str(), L"wb");
#else
    FILE* file = std::fopen(temporary.c_str(), "wb");
#endif
    if (file == nullptr) throw JournalError("cannot write the undo journal " + path);
    const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size() && std::fflush(file) == 0;
#ifdef _WIN32
    const bool synced = _commit(_fileno(file)) == 0;
#else
    const bool synced = ::fsync(fileno(file)) == 0;
#endif
    std::fclose(file);
    if (!written || !synced) throw JournalError("writing the undo journal " + path + " failed (disk full?)");
    std::error_code ec;
    fs::rename(temporary, target, ec);
    if (ec) throw JournalError("cannot replace the undo journal " + path + ": " + ec.message());
}

bool is_running(const os::ServiceInfo& service) {
    return service.state == os::ServiceState::Running || service.state == os::ServiceState::StartPending;
}

// Whether the machine still holds what the change set, so an undo would not overwrite a later edit.
// Returns "" when it does, else what is there now.
std::string changed_since(os::System& system, const ChangeAction& action) {
    return std::visit(
        Overloaded{
            [&](const RegistryValueChange& c) -> std::string {
                auto now = system.registry().read_value(c.hive, c.path, c.name);
                if (!now) return "could not read it: " + now.error().describe();
                if (now.value() == c.after) return {};
                return "it was changed again since the fix (now " +
                       (now.value() ? os::to_string(now.value()->type) + " " + now.value()->display() : std::string("absent")) + ")";
            },
            [&](const ServiceStartTypeChange& c) -> std::string {
                auto now = system.services().find(c.service);
                if (!now) return "could not read it: " + now.error().describe();
                if (!now.value()) return "the service no longer exists";
                if (now.value()->start_type == c.after) return {};
                return "its start type was changed again since the fix (now " + os::to_string(now.value()->start_type) + ")";
            },
            [&](const ServiceAccountChange& c) -> std::string {
                auto now = system.services().find(c.service);
                if (!now) return "could not read it: " + now.error().describe();
                if (!now.value()) return "the service no longer exists";
                if (now.value()->account == c.after) return {};
                return "its account was changed again since the fix (now " + now.value()->account + ")";
            },
            [&](const ServiceRunStateChange& c) -> std::string {
                auto now = system.services().find(c.service);
                if (!now) return "could not read it: " + now.error().describe();
                if (!now.value()) return "the service no longer exists";
                return is_running(*now.value()) == c.running ? std::string{} : "its state was changed again since the fix";
            },
            [](const auto&) -> std::string { return {}; },
        },
        action);
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

FixJournal FixJournal::create(const std::string& path, const MachineFacts& machine) {
    FixJournal journal;
    journal.path_ = path;
    journal.machine_name_ = machine.machine_name.value;
    journal.created_at_ = now_text();
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
    if (version == document.end() || !version->is_number_integer() || *version != kJournalVersion)
        throw JournalError(path + " has journal version " + (version == document.end() ? std::string("(none)") : version->dump()) +
                           "; this build reads version " + std::to_string(kJournalVersion));
    FixJournal journal;
    journal.path_ = path;
    journal.machine_name_ = os::string_field(document, "machine").value_or("");
    journal.created_at_ = os::string_field(document, "created_at").value_or("");
    std::size_t position = 0;
    try {
        const json& changes = document.at("changes");
        if (!changes.is_array()) throw std::invalid_argument("\"changes\" is not an array");
        for (const auto& e : changes) {
            ++position;
            JournalEntry entry;
            entry.check_id = e.at("check_id").get<std::string>();
            entry.change = make_change(action_from(e.at("action")), e.at("what").get<std::string>());
            entry.state = state_from(e.at("state").get<std::string>());
            entry.note = e.value("note", std::string{});
            entry.updated_at = e.value("updated_at", std::string{});
            journal.entries_.push_back(std::move(entry));
        }
    } catch (const std::exception& e) {
        throw JournalError(path + ": " + (position == 0 ? std::string("the list of changes") : "change #" + std::to_string(position)) +
                           " is malformed (" + e.what() + ")");
    }
    return journal;
}

std::string FixJournal::to_text() const {
    json changes = json::array();
    for (const auto& e : entries_) {
        changes.push_back({{"check_id", e.check_id},
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
    const json document = {{"format", kJournalFormat}, {"version", kJournalVersion}, {"tool_version", kToolVersion},
                           {"machine", machine_name_}, {"created_at", created_at_},  {"changes", changes}};
    return document.dump(2) + "\n";
}

void FixJournal::save() const { write_durably(path_, to_text()); }

std::size_t FixJournal::add(const std::string& check_id, const Change& change) {
    entries_.push_back({check_id, change, JournalState::Pending, {}, now_text()});
    save();
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

std::vector<FixOutcome> apply_fixes(const CheckRegistry& registry, const std::shared_ptr<os::System>& system,
                                    const std::vector<FixPlan>& plans, FixJournal& journal, const RunOptions& recheck_options,
                                    const FixLog& log) {
    std::vector<FixOutcome> outcomes;
    for (const auto& plan : plans) {
        FixOutcome outcome;
        outcome.check_id = plan.check_id;
        for (const auto& change : plan.changes) {
            const std::size_t index = journal.add(plan.check_id, change);  // old state on disk first
            ChangeOutcome result{change, false, {}};
            try {
                const auto done = perform(*system, change.action);
                result.applied = done.ok();
                if (!done) result.error = done.error().describe();
            } catch (const std::exception& e) {
                result.error = e.what();
            }
            journal.set_state(index, result.applied ? JournalState::Applied : JournalState::Failed, result.error);
            log("CHANGE", fmt::format("[{}] {} | {}", plan.check_id, change.one_line(), result.applied ? "done" : "FAILED: " + result.error));
            outcome.changes.push_back(result);
            if (!result.applied && plan.stop_at_first_failure) break;
        }
        outcomes.push_back(std::move(outcome));
    }

    RunOptions options = recheck_options;
    options.ids.clear();
    for (const auto& o : outcomes)
        if (!o.changes.empty()) options.ids.push_back(o.check_id);
    if (!options.ids.empty()) {
        const RunSummary summary = Runner(registry, system, options).run();
        for (auto& o : outcomes) {
            for (const auto& checked : summary.outcomes) {
                if (checked.info.id != o.check_id) continue;
                o.recheck = checked;
                log("RECHECK", fmt::format("[{}] {}: {}", o.check_id, to_string(checked.result.status), checked.result.summary));
            }
        }
    }
    return outcomes;
}

// ---- Undo ----

std::vector<UndoStep> plan_undo(const FixJournal& journal, os::System& system) {
    std::vector<UndoStep> steps;
    const auto& entries = journal.entries();
    for (std::size_t i = entries.size(); i-- > 0;) {
        const auto& entry = entries[i];
        UndoStep step;
        step.entry = i;
        if (entry.state == JournalState::Undone) {
            step.reason = "already undone";
        } else if (entry.state != JournalState::Applied && entry.state != JournalState::UndoFailed &&
                   entry.state != JournalState::NotUndone) {
            step.reason = "it was never applied (" + to_string(entry.state) + ")";
        } else if (!entry.change.undoable) {
            step.reason = "it cannot be undone: " + entry.change.not_undoable_because;
        } else if (std::holds_alternative<EnvironmentBroadcast>(entry.change.action)) {
            step.inverse = make_change(EnvironmentBroadcast{}, "tell running programs the environment changed again");
        } else if (const auto since = changed_since(system, entry.change.action); !since.empty()) {
            step.reason = "left as it is: " + since;
        } else {
            step.inverse = make_change(*inverse_of(entry.change.action), describe_inverse(entry));
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
    for (auto& step : steps) {
        const auto& entry = journal.entries()[step.entry];
        if (!step.inverse) {
            if (entry.state == JournalState::Applied) journal.set_state(step.entry, JournalState::NotUndone, step.reason);
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
        journal.set_state(step.entry, step.done ? JournalState::Undone : JournalState::UndoFailed, step.reason);
        log("UNDO", fmt::format("[{}] {}: {}", entry.check_id, step.inverse->what, step.done ? "done" : "FAILED: " + step.reason));
    }
    return steps;
}

}  // namespace ic
