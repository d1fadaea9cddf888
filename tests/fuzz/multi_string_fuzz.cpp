// Fuzz target: the registry value readers the Win32 probe applies to the raw bytes RegQueryValueExW
// returns (registry_multi_string_units for REG_MULTI_SZ, registry_string_units for REG_SZ,
// registry_number for REG_DWORD/REG_QWORD; include/imagechecker/os/registry_data.h).
// Invariants: no read past the data whatever its length (odd, missing NULs); no string holds a NUL;
// the last string of a list is not empty (the terminator is dropped); a list written as Windows
// writes it reads back as the same list; a REG_SZ is the first string of the same bytes.
#include "fuzz_support.h"

#include "imagechecker/os/registry_data.h"

using namespace ic::os;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto lines = registry_multi_string_units(data, size);
    for (const auto& line : lines) IC_FUZZ_CHECK(line.find(u'\0') == std::u16string::npos, "no string holds a NUL");
    IC_FUZZ_CHECK(lines.empty() || !lines.back().empty(), "the terminator is not a string");
    const auto bytes = registry_multi_string_bytes(lines);
    IC_FUZZ_CHECK(registry_multi_string_units(bytes.data(), bytes.size()) == lines, "written and read back, the list is the same");
    IC_FUZZ_CHECK(registry_string_units(data, size) == (lines.empty() ? std::u16string() : lines.front()), "a REG_SZ is the first string");

    std::uint64_t expected = 0;
    for (std::size_t i = 0; i < 4 && i < size; ++i) expected |= std::uint64_t{data[i]} << (8 * i);
    IC_FUZZ_CHECK(registry_number(data, size, 4) == expected, "a REG_DWORD is its first four bytes, little-endian");
    IC_FUZZ_CHECK((registry_number(data, size, 8) & 0xFFFFFFFFULL) == expected, "a REG_QWORD's low half is the REG_DWORD");
    return 0;
}
