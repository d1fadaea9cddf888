#pragma once
#include <optional>
#include <string>
#include <vector>

#include "imagechecker/check.h"

namespace ic::checks {

/// The machine's Path must name System32 and the Windows PowerShell folder, or image creation's scripts
/// cannot find Windows' own programs (AWS: EnvironmentVariablesPathMissingEntries). Their order is
/// reported, not judged: no public source says which order image creation needs. The tool fixes a
/// missing entry by inserting it and never moves an entry that is there.
class EnvironmentPathCheck : public Check {
public:
    static constexpr const char* kEnvironmentKey = "SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment";
    static constexpr const char* kPathValue = "Path";

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
    std::optional<FixPlan> plan_fix(CheckContext& context) override;
};

// ---- Pure PATH handling (table-tested) ----

/// One Path entry: as written in the registry, and as Windows uses it (variables expanded).
struct PathEntry {
    std::string raw;
    std::string expanded;
};

/// Splits a Path value at ';'. Empty segments are kept so that join_path_value gives back the exact
/// text; an empty value has no entries.
std::vector<std::string> split_path_value(const std::string& value);
std::string join_path_value(const std::vector<std::string>& entries);

/// What an entry is, judged on its expanded form against the Windows folder (e.g. "C:\\Windows").
enum class PathEntryKind {
    System32,       ///< <Windows>\\System32
    PowerShell,     ///< <Windows>\\System32\\WindowsPowerShell\\v1.0
    WindowsFolder,  ///< another folder in or below <Windows> (e.g. <Windows>, <Windows>\\System32\\Wbem)
    Other,          ///< a folder outside Windows (programs)
    Empty,          ///< an empty segment (";;"): names nothing, ignored by the rule
};
PathEntryKind classify_path_entry(const std::string& expanded, const std::string& windows_dir);

/// Where the two required entries are. The rule is complete(): both present. The *_in_place() answers
/// describe the order of a fresh Windows (its own folders first: System32, then PowerShell a few entries
/// later, both before any folder outside Windows) and are reported as evidence, never judged.
struct PathAnalysis {
    std::optional<std::size_t> system32;    ///< index of the first System32 entry
    std::optional<std::size_t> powershell;  ///< index of the first PowerShell entry
    std::size_t windows_block_end = 0;      ///< index of the first entry outside Windows (= size when none)
    [[nodiscard]] bool system32_in_place() const;
    [[nodiscard]] bool powershell_in_place() const;
    [[nodiscard]] bool complete() const { return system32.has_value() && powershell.has_value(); }
    [[nodiscard]] bool in_fresh_windows_order() const { return system32_in_place() && powershell_in_place(); }
};
PathAnalysis analyze_path(const std::vector<PathEntry>& entries, const std::string& windows_dir);

/// The entry texts the fix writes for the two required folders: "%SystemRoot%\\system32" and
/// "%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\" in an expandable value; the same folders spelled
/// out (from windows_dir) in a REG_SZ value, which Windows does not expand.
PathEntry required_system32_entry(const std::string& windows_dir, bool expandable);
PathEntry required_powershell_entry(const std::string& windows_dir, bool expandable);

/// The entries after the fix: only missing entries are inserted, where a fresh Windows has them — a
/// missing System32 at the front, a missing PowerShell folder at the end of the leading run of Windows
/// folders (after System32). No entry that is there moves or changes. Unchanged when both are present.
std::vector<PathEntry> merge_required_path_entries(std::vector<PathEntry> entries, const std::string& windows_dir, bool expandable);

}  // namespace ic::checks
