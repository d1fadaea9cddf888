#include "environment_path_check.h"

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

std::vector<std::string> problems_of(const PathAnalysis& a, const std::vector<PathEntry>& entries, const std::string& windows_dir) {
    std::vector<std::string> problems;
    if (!a.system32) problems.push_back("System32 is missing");
    else if (!a.system32_in_place())
        problems.push_back(fmt::format("System32 (entry {}) comes after {}, a folder outside {}", *a.system32 + 1,
                                       entries[a.windows_block_end].raw, windows_dir));
    if (!a.powershell) problems.push_back("the Windows PowerShell folder is missing");
    else if (*a.powershell >= a.windows_block_end)
        problems.push_back(fmt::format("the Windows PowerShell folder (entry {}) comes after {}, a folder outside {}", *a.powershell + 1,
                                       entries[a.windows_block_end].raw, windows_dir));
    else if (a.system32 && *a.powershell < *a.system32)
        problems.push_back(fmt::format("the Windows PowerShell folder (entry {}) comes before System32", *a.powershell + 1));
    return problems;
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
    if (!a.system32_in_place()) {
        PathEntry system32 = required_system32_entry(windows_dir, expandable);
        if (a.system32) {
            system32 = entries[*a.system32];  // moved as written
            entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(*a.system32));
        }
        entries.insert(entries.begin(), system32);
        a = analyze_path(entries, windows_dir);
    }
    if (!a.powershell_in_place()) {
        PathEntry powershell = required_powershell_entry(windows_dir, expandable);
        if (a.powershell) {
            powershell = entries[*a.powershell];
            entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(*a.powershell));
            a = analyze_path(entries, windows_dir);
        }
        entries.insert(entries.begin() + static_cast<std::ptrdiff_t>(a.windows_block_end), powershell);
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
        "C:\\Windows\\System32 and C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\. Their order matters too: this tool "
        "requires System32 first among the folders a program could shadow, and the PowerShell folder after it, both "
        "before any folder outside C:\\Windows, as on a freshly installed Windows.";
    info.resolution =
        "Search for \"environment variables\", choose \"Edit the system environment variables\", then Environment "
        "Variables. Under System variables edit Path: make C:\\Windows\\System32 the first entry and add "
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\ after it, before any program's folder (compare with the Path of a "
        "new WorkSpace if unsure). Choose OK, restart the WorkSpace, then run the checks again.";
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
    const std::string where_expected = "before any folder outside " + f.windows_dir;
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
    const auto problems = problems_of(a, f.entries, f.windows_dir);
    CheckResult result;
    if (a.ok()) {
        result = CheckResult::passed(fmt::format("the system Path lists System32 (entry {}) and Windows PowerShell (entry {}) in place",
                                                 *a.system32 + 1, *a.powershell + 1));
    } else {
        result = CheckResult::warning("the system Path is not as image creation needs it: " + fmt::format("{}", fmt::join(problems, "; ")));
        result.fix = FixOffer{true, "Insert or move only System32 and the Windows PowerShell folder in the system Path (every other "
                                    "entry stays as it is), keep its type " +
                                        os::to_string(f.value->type) + ", then tell running programs"};
    }
    result.with(path_item(), fmt::format("{}, {} entr{}", os::to_string(f.value->type), f.entries.size(), f.entries.size() == 1 ? "y" : "ies"));
    for (std::size_t i = 0; i < f.entries.size(); ++i) result.with(fmt::format("Path entry {}", i + 1), entry_text(f.entries[i]));
    result.with("System32 entry", position_text(f.entries, a.system32), f.windows_dir + "\\System32, " + where_expected);
    result.with("Windows PowerShell entry", position_text(f.entries, a.powershell),
                f.windows_dir + "\\System32\\WindowsPowerShell\\v1.0\\, after System32 and " + where_expected);
    std::vector<std::string> missing;
    if (!a.system32) missing.emplace_back("System32");
    if (!a.powershell) missing.emplace_back("Windows PowerShell");
    result.with("Missing entries", missing.empty() ? "none" : fmt::format("{}", fmt::join(missing, "; ")));
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
    if (f.value && analyze_path(f.entries, f.windows_dir).ok()) {
        plan.summary = "Nothing to change: the system Path already lists System32 and Windows PowerShell in place";
        return plan;
    }
    const std::vector<PathEntry> merged = merge_required_path_entries(f.entries, f.windows_dir, f.expandable());
    std::vector<std::string> raw;
    for (const auto& entry : merged) raw.push_back(entry.raw);
    const auto type = f.value ? f.value->type : os::RegistryValueType::ExpandString;
    os::RegistryValue after = type == os::RegistryValueType::String ? os::RegistryValue::string(join_path_value(raw))
                                                                     : os::RegistryValue::expand_string(join_path_value(raw));
    plan.summary = "Put System32 and the Windows PowerShell folder in place in the system Path, then tell running programs";
    plan.changes.push_back(make_change(RegistryValueChange{HKLM, kEnvironmentKey, kPathValue, f.value, after},
                                       f.value ? "Insert or move System32 and the Windows PowerShell folder in the system Path, "
                                                 "keeping every other entry"
                                               : "Create the system Path with System32 and the Windows PowerShell folder"));
    plan.changes.push_back(make_change(EnvironmentBroadcast{}, "Tell running programs that the system environment changed"));
    return plan;
}

}  // namespace ic::checks
