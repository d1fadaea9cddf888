// Table tests of the pure helpers in checks/windows/windows_facts.h.
#include <gtest/gtest.h>

#include "windows/windows_facts.h"

namespace ic::checks {
namespace {

TEST(WindowsFacts, ParsesWholeUnsignedNumbersOnly) {
    struct Case {
        const char* text;
        std::optional<std::uint64_t> value;
    };
    const Case cases[] = {
        {"0", 0},
        {"3", 3},
        {"1001", 1001},
        {" 42 ", 42},
        {"18446744073709551615", 18446744073709551615ULL},
        {"18446744073709551616", std::nullopt},  // one more than fits
        {"", std::nullopt},
        {"  ", std::nullopt},
        {"-1", std::nullopt},
        {"+1", std::nullopt},
        {"1.5", std::nullopt},
        {"12a", std::nullopt},
        {"1 2", std::nullopt},
        {"0x10", std::nullopt},
    };
    for (const auto& c : cases) EXPECT_EQ(parse_unsigned(c.text), c.value) << "\"" << c.text << "\"";
}

TEST(WindowsFacts, FoldsAsciiCaseOnly) {
    EXPECT_EQ(fold_case("Microsoft.WindowsCalculator_11.2210"), "microsoft.windowscalculator_11.2210");
    EXPECT_EQ(fold_case("Amazon WAM"), "amazon wam");
    EXPECT_EQ(fold_case("\xC3\x9C"), "\xC3\x9C") << "non-ASCII bytes are left as they are";
}

TEST(WindowsFacts, ComparesPrefixesIgnoringCase) {
    EXPECT_TRUE(istarts_with("Source OS (Updated on 1/2/2024)", "source os"));
    EXPECT_TRUE(istarts_with("abc", ""));
    EXPECT_FALSE(istarts_with("Sour", "Source"));
    EXPECT_FALSE(istarts_with("Upgrade", "Source"));
}

TEST(WindowsFacts, NormalizesWindowsPathsForComparison) {
    struct Case {
        const char* path;
        const char* normalized;
    };
    const Case cases[] = {
        {"C:\\Windows\\System32\\", "C:\\Windows\\System32"},
        {"C:\\Windows\\System32\\\\", "C:\\Windows\\System32"},
        {"\"C:\\Program Files\\x\"", "C:\\Program Files\\x"},
        {"  D:\\Users\\alice  ", "D:\\Users\\alice"},
        {"C:\\", "C:"},
        {"", ""},
        {" \" ", ""},
        {"\"C:\\Users\\alice\\\" \\", "C:\\Users\\alice"},  // quote, backslash, space, backslash: all of it goes
        {"C:\\Windows \\", "C:\\Windows"},
    };
    for (const auto& c : cases) EXPECT_EQ(normalize_windows_path(c.path), c.normalized) << c.path;
    EXPECT_TRUE(same_windows_path("d:\\users\\ALICE\\", "D:\\Users\\alice"));
    EXPECT_FALSE(same_windows_path("D:\\Users\\alice2", "D:\\Users\\alice"));
}

TEST(WindowsFacts, ShowsRegistryValuesWithTheirType) {
    EXPECT_EQ(registry_value_text(std::nullopt), "(absent)");
    EXPECT_EQ(registry_value_text(os::RegistryValue::dword(1)), "REG_DWORD 1");
    EXPECT_EQ(registry_value_text(os::RegistryValue::string("")), "REG_SZ (empty)");
    EXPECT_EQ(registry_value_text(os::RegistryValue::expand_string("%SystemRoot%")), "REG_EXPAND_SZ %SystemRoot%");
}

}  // namespace
}  // namespace ic::checks
