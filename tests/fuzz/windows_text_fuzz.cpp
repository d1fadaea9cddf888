// Fuzz target: the small text parsers the Windows checks apply to registry and WMI strings
// (parse_unsigned, parse_powershell_version, build_number, normalize_windows_path, path_leaf, sid_kind,
// is_package_full_name, is_upgrade_marker_key, is_backup_profile_key).
// Invariants: a number parsed from text prints back as the same digits (without leading zeros); a
// PowerShell version's parts stay within six digits; normalising a path is idempotent and leaves no
// quotes, surrounding spaces or trailing backslashes; a path's leaf has no separator.
#include "fuzz_support.h"

#include "windows/appx_staged_check.h"
#include "windows/powershell_version_check.h"
#include "windows/profile_list.h"
#include "windows/windows_facts.h"
#include "windows/windows_upgraded_check.h"

using namespace ic::checks;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = ic::fuzz::text(data, size);

    if (const auto number = parse_unsigned(text)) {
        const auto first = text.find_first_not_of(" \t");
        const auto last = text.find_last_not_of(" \t");
        std::string digits = text.substr(first, last - first + 1);
        digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
        IC_FUZZ_CHECK(std::to_string(*number) == digits, "a parsed number prints back as its digits");
    }
    if (const auto version = parse_powershell_version(text))
        IC_FUZZ_CHECK(version->major <= 999999 && version->minor <= 999999, "version parts stay within six digits");
    ic::os::OsFacts os;
    os.build = text;
    if (const unsigned build = build_number(os); build != 0)
        IC_FUZZ_CHECK(parse_unsigned(text) == std::uint64_t{build}, "a build number is the whole text read as a number");

    const std::string normalized = normalize_windows_path(text);
    IC_FUZZ_CHECK(normalize_windows_path(normalized) == normalized, "normalising a path twice changes nothing");
    IC_FUZZ_CHECK(normalized.empty() || (normalized.back() != '\\' && normalized.back() != ' ' && normalized.front() != ' ' &&
                                          normalized.front() != '"' && normalized.back() != '"'),
                  "a normalised path has no surrounding spaces, quotes or trailing backslash");
    IC_FUZZ_CHECK(same_windows_path(text, normalized), "a path names the same folder as its normalised form");
    const std::string leaf = path_leaf(text);
    IC_FUZZ_CHECK(leaf.find_first_of("\\/") == std::string::npos, "a leaf has no separator");
    IC_FUZZ_CHECK(!sid_kind(text).empty(), "every SID has a kind");
    (void)is_package_full_name(text);
    (void)is_upgrade_marker_key(text);
    (void)is_backup_profile_key(text);
    return 0;
}
