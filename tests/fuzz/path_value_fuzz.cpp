// Fuzz target: the machine's Path as the environment-path check reads and fixes it
// (split_path_value, join_path_value, classify_path_entry, analyze_path, merge_required_path_entries).
// Input: the Windows folder on the first line, the Path value after it.
// Invariants: splitting and joining gives back the exact text; the fix's merge gives a Path the rule
// accepts, keeps every entry it found (in order, apart from the two it moves), adds at most the two
// required ones, leaves an accepted Path alone, and is idempotent; the merged Path written as a
// REG_SZ (spelled out) and read back still passes.
#include "fuzz_support.h"

#include "windows/environment_path_check.h"
#include "windows/windows_facts.h"

using namespace ic::checks;

namespace {

std::vector<PathEntry> entries_of(const std::string& value) {
    std::vector<PathEntry> entries;
    for (const auto& raw : split_path_value(value)) entries.push_back({raw, raw});
    return entries;
}

std::vector<std::string> raws(const std::vector<PathEntry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) out.push_back(e.raw);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto [windows_line, value] = ic::fuzz::split_first_line(ic::fuzz::text(data, size));
    const auto parts = split_path_value(value);
    IC_FUZZ_CHECK(join_path_value(parts) == value, "split then join gives the Path back");

    // The check refuses a Windows folder it cannot use (empty, or an unexpanded variable) before analysing.
    const std::string windows_dir = normalize_windows_path(windows_line);
    IC_FUZZ_CHECK(normalize_windows_path(windows_dir) == windows_dir, "normalising a path twice changes nothing");
    if (windows_dir.empty() || windows_dir.find('%') != std::string::npos) return 0;

    const auto entries = entries_of(value);
    const auto before = analyze_path(entries, windows_dir);
    for (bool expandable : {false, true}) {
        const auto merged = merge_required_path_entries(entries, windows_dir, expandable);
        IC_FUZZ_CHECK(analyze_path(merged, windows_dir).complete(), "the fix's Path has both required folders");
        IC_FUZZ_CHECK(merged.size() >= entries.size() && merged.size() <= entries.size() + 2, "the fix adds at most two entries");
        if (before.complete()) IC_FUZZ_CHECK(raws(merged) == raws(entries), "a complete Path is left alone");
        IC_FUZZ_CHECK(raws(merge_required_path_entries(merged, windows_dir, expandable)) == raws(merged), "the fix is idempotent");
        // Every entry found is still there, in the same order: the fix only inserts, it never moves one.
        std::size_t next = 0;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            while (next < merged.size() && merged[next].raw != entries[i].raw) ++next;
            IC_FUZZ_CHECK(next < merged.size(), "entry " + std::to_string(i + 1) + " survives the fix in its place");
            ++next;
        }
        // A REG_SZ Path is not expanded: what is written is read back as it is (a ';' in the Windows
        // folder's name would split the entry, which Windows forbids in %SystemRoot% anyway).
        if (!expandable && windows_dir.find(';') == std::string::npos)
            IC_FUZZ_CHECK(analyze_path(entries_of(join_path_value(raws(merged))), windows_dir).complete(), "the written Path reads back complete");
    }
    return 0;
}
