#pragma once
#include <optional>
#include <string>
#include <vector>

#include "imagechecker/check.h"

namespace ic::checks {

/// The machine's Path must name System32 and the Windows PowerShell folder, early and in that order,
/// or image creation's scripts cannot find Windows' own programs (AWS: EnvironmentVariablesPathMissingEntries).
/// The tool fixes it by inserting or moving just those two entries and keeping every other entry as it is.
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

/// Where the two required entries are, and whether their places satisfy the rule:
/// System32 comes before any folder outside Windows; the PowerShell entry comes after System32 and
/// also before any folder outside Windows. (A fresh Windows starts its Path with its own folders:
/// System32 first, PowerShell a few entries later.)
struct PathAnalysis {
    std::optional<std::size_t> system32;    ///< index of the first System32 entry
    std::optional<std::size_t> powershell;  ///< index of the first PowerShell entry
    std::size_t windows_block_end = 0;      ///< index of the first entry outside Windows (= size when none)
    [[nodiscard]] bool system32_in_place() const;
    [[nodiscard]] bool powershell_in_place() const;
    [[nodiscard]] bool ok() const { return system32_in_place() && powershell_in_place(); }
};
PathAnalysis analyze_path(const std::vector<PathEntry>& entries, const std::string& windows_dir);

/// The entry texts the fix writes for the two required folders: "%SystemRoot%\\system32" and
/// "%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\" in an expandable value; the same folders spelled
/// out (from windows_dir) in a REG_SZ value, which Windows does not expand.
PathEntry required_system32_entry(const std::string& windows_dir, bool expandable);
PathEntry required_powershell_entry(const std::string& windows_dir, bool expandable);

/// The entries after the fix: a misplaced System32 entry moves (a missing one is inserted) to the front;
/// then a misplaced PowerShell entry moves (a missing one is inserted) to the end of the leading run of
/// Windows folders. Every other entry keeps its text and relative order. Unchanged when analyze_path is ok.
std::vector<PathEntry> merge_required_path_entries(std::vector<PathEntry> entries, const std::string& windows_dir, bool expandable);

}  // namespace ic::checks
