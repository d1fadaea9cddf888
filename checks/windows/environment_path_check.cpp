#include "environment_path_check.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "windows_facts.h"

namespace ic::checks {

namespace {

constexpr auto HKLM = os::RegistryHive::LocalMachine;

std::string path_item() {
    return std::string("HKLM\\") + EnvironmentPathCheck::kEnvironmentKey + " : " + EnvironmentPathCheck::kPathValue;
}

bool is_text(const os::RegistryValue& value) {
    return value.type == os::RegistryValueType::String || value.type == os::RegistryValueType::ExpandString;
}

// Everything the check reads, for run() and plan_fix() alike. `failure` set: it could not be read.
struct PathFacts {
    std::optional<os::OsError> failure;
    std::string failure_what;  // what could not be read, for the summary
    std::optional<os::RegistryValue> value;
    std::string windows_dir;
    std::vector<PathEntry> entries;
    [[nodiscard]] bool usable() const { return value && is_text(*value); }
    [[nodiscard]] bool expandable() const { return !value || value->type == os::RegistryValueType::ExpandString; }
};

PathFacts read_facts(os::System& system) {
    PathFacts f;
    auto value = system.registry().read_value(HKLM, EnvironmentPathCheck::kEnvironmentKey, EnvironmentPathCheck::kPathValue);
    if (!value) {
        f.failure = value.error();
        f.failure_what = "the machine's Path";
        return f;
    }
    f.value = value.value();
    auto windows_dir = system.host().expand("%SystemRoot%");
    if (!windows_dir) {
        f.failure = windows_dir.error();
        f.failure_what = "the Windows folder (%SystemRoot%)";
        return f;
    }
    f.windows_dir = normalize_windows_path(windows_dir.value());
    if (f.windows_dir.empty() || f.windows_dir.find('%') != std::string::npos) {
        f.failure = os::OsError{"ExpandEnvironmentStringsW", 0, "%SystemRoot% is not set in the system environment"};
        f.failure_what = "the Windows folder (%SystemRoot%)";
        return f;
    }
    if (!f.usable()) return f;
    for (const auto& raw : split_path_value(f.value->text)) {
        PathEntry entry{raw, raw};
        // Windows expands variables only in a REG_EXPAND_SZ Path; in a REG_SZ one "%SystemRoot%" stays literal.
        if (f.value->type == os::RegistryValueType::ExpandString && raw.find('%') != std::string::npos) {
            auto expanded = system.host().expand(raw);
            if (!expanded) {
                f.failure = expanded.error();
                f.failure_what = "the Path entry \"" + raw + "\"";
                return f;
            }
            entry.expanded = expanded.value();
        }
        f.entries.push_back(std::move(entry));
    }
    return f;
}

std::string entry_text(const PathEntry& entry) {
    if (entry.raw.empty()) return "(empty)";
    return entry.raw == entry.expanded ? entry.raw : entry.raw + " (= " + entry.expanded + ")";
}

std::string position_text(const std::vector<PathEntry>& entries, const std::optional<std::size_t>& index) {
    if (!index) return "missing";
    return fmt::format("entry {}: {}", *index + 1, entry_text(entries[*index]));
}

// How the order compares with a fresh Windows's, for the evidence only.
std::string order_text(const PathAnalysis& a, const std::vector<PathEntry>& entries, const std::string& windows_dir) {
    if (!a.complete()) return "not compared: an entry is missing";
    if (a.in_fresh_windows_order()) return "as on a fresh Windows: System32, then Windows PowerShell, before any folder outside " + windows_dir;
    std::vector<std::string> notes;
    if (a.windows_block_end < entries.size() && (*a.system32 >= a.windows_block_end || *a.powershell >= a.windows_block_end)) {
        notes.push_back(fmt::format("{} (entry {}, outside {}) comes before {}", entries[a.windows_block_end].raw, a.windows_block_end + 1,
                                    windows_dir, *a.system32 >= a.windows_block_end ? "System32" : "Windows PowerShell"));
    }
    if (*a.powershell < *a.system32) notes.push_back("Windows PowerShell comes before System32");
    return fmt::format("{}; reported only: programs installed for all users (Python, Java) put their folders first on purpose",
                       fmt::join(notes, "; "));
}

}  // namespace

// ---- Pure PATH handling ----

std::vector<std::string> split_path_value(const std::string& value) {
    std::vector<std::string> entries;
    if (value.empty()) return entries;
    std::size_t start = 0;
    for (;;) {
        const auto semicolon = value.find(';', start);
        entries.push_back(value.substr(start, semicolon == std::string::npos ? std::string::npos : semicolon - start));
        if (semicolon == std::string::npos) break;
        start = semicolon + 1;
    }
    return entries;
}

std::string join_path_value(const std::vector<std::string>& entries) {
    std::string value;
    for (std::size_t i = 0; i < entries.size(); ++i) value += (i == 0 ? "" : ";") + entries[i];
    return value;
}

PathEntryKind classify_path_entry(const std::string& expanded, const std::string& windows_dir) {
    const std::string entry = normalize_windows_path(expanded);
    if (entry.empty()) return PathEntryKind::Empty;
    const std::string windows = normalize_windows_path(windows_dir);
    if (iequals(entry, windows + "\\System32")) return PathEntryKind::System32;
    if (iequals(entry, windows + "\\System32\\WindowsPowerShell\\v1.0")) return PathEntryKind::PowerShell;
    if (iequals(entry, windows) || istarts_with(entry, windows + "\\")) return PathEntryKind::WindowsFolder;
    return PathEntryKind::Other;
}

bool PathAnalysis::system32_in_place() const { return system32 && *system32 < windows_block_end; }

bool PathAnalysis::powershell_in_place() const {
    return system32 && powershell && *powershell > *system32 && *powershell < windows_block_end;
}

PathAnalysis analyze_path(const std::vector<PathEntry>& entries, const std::string& windows_dir) {
    PathAnalysis a;
    a.windows_block_end = entries.size();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        switch (classify_path_entry(entries[i].expanded, windows_dir)) {
            case PathEntryKind::System32:
                if (!a.system32) a.system32 = i;
                break;
            case PathEntryKind::PowerShell:
                if (!a.powershell) a.powershell = i;
                break;
            case PathEntryKind::Other:
                if (a.windows_block_end == entries.size()) a.windows_block_end = i;
                break;
            case PathEntryKind::WindowsFolder:
            case PathEntryKind::Empty:
                break;
        }
    }
    return a;
}

PathEntry required_system32_entry(const std::string& windows_dir, bool expandable) {
    const std::string spelled = normalize_windows_path(windows_dir) + "\\system32";
    return {expandable ? "%SystemRoot%\\system32" : spelled, spelled};
}

PathEntry required_powershell_entry(const std::string& windows_dir, bool expandable) {
    const std::string spelled = normalize_windows_path(windows_dir) + "\\System32\\WindowsPowerShell\\v1.0\\";
    return {expandable ? "%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\" : spelled, spelled};
}

std::vector<PathEntry> merge_required_path_entries(std::vector<PathEntry> entries, const std::string& windows_dir, bool expandable) {
    PathAnalysis a = analyze_path(entries, windows_dir);
    if (!a.system32) {
        entries.insert(entries.begin(), required_system32_entry(windows_dir, expandable));
        a = analyze_path(entries, windows_dir);
    }
    if (!a.powershell) {
        // After System32 even when an outside folder comes first: the new entry never goes above it.
        const std::size_t at = std::max(a.windows_block_end, *a.system32 + 1);
        entries.insert(entries.begin() + static_cast<std::ptrdiff_t>(at), required_powershell_entry(windows_dir, expandable));
    }
    return entries;
}

// ---- The check ----

CheckInfo EnvironmentPathCheck::describe() {
    CheckInfo info;
    info.id = "environment-path";
    info.title = "The system Path includes System32 and Windows PowerShell";
    info.category = "Configuration";
    info.platforms = kWindows;
    info.rationale =
        "Image creation runs Windows' own programs and PowerShell by name, so the machine's Path must list "
        "C:\\Windows\\System32 and C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\. AWS adds that the order matters "
        "without saying which order, so the order is reported against a freshly installed Windows but not judged.";
    info.resolution =
        "Search for \"environment variables\", choose \"Edit the system environment variables\", then Environment "
        "Variables. Under System variables edit Path and add the missing folder: C:\\Windows\\System32 (a fresh Windows lists "
        "it first) and C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\ (after it). Compare with the Path of a new "
        "WorkSpace if unsure. Choose OK, restart the WorkSpace, then run the checks again.";
    info.aws_error_code = "EnvironmentVariablesPathMissingEntries";
    info.fix = FixKind::Automatic;
    return info;
}

const CheckInfo& EnvironmentPathCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult EnvironmentPathCheck::run(CheckContext& context) {
    const PathFacts f = read_facts(context.system);
    if (f.failure) {
        return CheckResult::error("could not read " + f.failure_what + ": " + f.failure->describe())
            .with(path_item(), f.value ? registry_value_text(f.value) : "unknown");
    }
    if (!f.value) {
        CheckResult result = CheckResult::warning("the machine has no system Path value");
        result.fix = FixOffer{true, "Create the system Path with System32 and the Windows PowerShell folder, then tell running programs"};
        result.with(path_item(), "(absent)", "REG_EXPAND_SZ listing System32 and Windows PowerShell");
        result.with("Missing entries", "System32; Windows PowerShell");
        return result;
    }
    if (!f.usable()) {
        return CheckResult::failed(fmt::format("the system Path has type {}, which Windows cannot use as a list of folders; "
                                               "it must be set again by hand",
                                               os::to_string(f.value->type)))
            .with(path_item(), registry_value_text(f.value), "REG_EXPAND_SZ or REG_SZ");
    }

    const PathAnalysis a = analyze_path(f.entries, f.windows_dir);
    std::vector<std::string> missing;
    if (!a.system32) missing.emplace_back("System32");
    if (!a.powershell) missing.emplace_back("Windows PowerShell");
    CheckResult result;
    if (a.complete()) {
        result = CheckResult::passed(fmt::format("the system Path lists System32 (entry {}) and Windows PowerShell (entry {})",
                                                 *a.system32 + 1, *a.powershell + 1));
    } else {
        result = CheckResult::warning(fmt::format("the system Path lacks {}", fmt::join(missing, " and ")));
        result.fix = FixOffer{true, "Insert only the missing " + std::string(missing.size() == 1 ? "entry" : "entries") +
                                        " in the system Path (no entry that is there moves or changes), keep its type " +
                                        os::to_string(f.value->type) + ", then tell running programs"};
    }
    result.with(path_item(), fmt::format("{}, {} entr{}", os::to_string(f.value->type), f.entries.size(), f.entries.size() == 1 ? "y" : "ies"));
    for (std::size_t i = 0; i < f.entries.size(); ++i) result.with(fmt::format("Path entry {}", i + 1), entry_text(f.entries[i]));
    result.with("System32 entry", position_text(f.entries, a.system32), f.windows_dir + "\\System32, present");
    result.with("Windows PowerShell entry", position_text(f.entries, a.powershell),
                f.windows_dir + "\\System32\\WindowsPowerShell\\v1.0\\, present");
    result.with("Missing entries", missing.empty() ? "none" : fmt::format("{}", fmt::join(missing, "; ")));
    result.with("Order (not judged)", order_text(a, f.entries, f.windows_dir));
    return result;
}

std::optional<FixPlan> EnvironmentPathCheck::plan_fix(CheckContext& context) {
    const PathFacts f = read_facts(context.system);
    if (f.failure) throw os::OsFailure(*f.failure);  // never plan from a value that could not be read

    FixPlan plan;
    plan.check_id = describe().id;
    plan.automatic = true;
    if (f.value && !f.usable()) {
        plan.summary = "Nothing the tool can change: the system Path has a type that is not text; set it again by hand";
        return plan;
    }
    if (f.value && analyze_path(f.entries, f.windows_dir).complete()) {
        plan.summary = "Nothing to change: the system Path already lists System32 and Windows PowerShell";
        return plan;
    }
    const std::vector<PathEntry> merged = merge_required_path_entries(f.entries, f.windows_dir, f.expandable());
    std::vector<std::string> raw;
    for (const auto& entry : merged) raw.push_back(entry.raw);
    const auto type = f.value ? f.value->type : os::RegistryValueType::ExpandString;
    os::RegistryValue after = type == os::RegistryValueType::String ? os::RegistryValue::string(join_path_value(raw))
                                                                     : os::RegistryValue::expand_string(join_path_value(raw));
    plan.summary = "Insert what is missing of System32 and the Windows PowerShell folder in the system Path, then tell running programs";
    plan.changes.push_back(make_change(RegistryValueChange{HKLM, kEnvironmentKey, kPathValue, f.value, after},
                                       f.value ? "Insert the missing System32 or Windows PowerShell entry in the system Path; "
                                                 "every entry already there keeps its place"
                                               : "Create the system Path with System32 and the Windows PowerShell folder"));
    plan.changes.push_back(make_change(EnvironmentBroadcast{}, "Tell running programs that the system environment changed"));
    return plan;
}

}  // namespace ic::checks
