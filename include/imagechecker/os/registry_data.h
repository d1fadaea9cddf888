#pragma once
/// \file
/// The bytes the registry stores for a value, read without trusting their length: REG_SZ and
/// REG_MULTI_SZ are UTF-16LE of whatever byte length the writer chose (a terminating NUL may be
/// missing, the length may be odd), REG_DWORD/REG_QWORD may be short. Portable, so the same code that
/// reads the Windows registry is unit-tested and fuzzed on Linux (tests/fuzz/multi_string_fuzz.cpp);
/// the Win32 probe converts the UTF-16 results to UTF-8.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ic::os {

/// REG_SZ / REG_EXPAND_SZ: the whole UTF-16 code units up to the first NUL (a trailing odd byte is ignored).
std::u16string registry_string_units(const std::uint8_t* data, std::size_t size);

/// REG_MULTI_SZ ("one\0two\0\0"): every string of the whole stored length, so that empty strings in the
/// middle (PendingFileRenameOperations' "from\0\0" means "delete from") are kept; only the trailing empty
/// strings (the terminator) are dropped, and a list that lacks its final NULs still yields its last string.
std::vector<std::u16string> registry_multi_string_units(const std::uint8_t* data, std::size_t size);

/// The bytes Windows stores for a REG_MULTI_SZ of these strings: each with its NUL, then one more NUL
/// ("\0\0" for an empty list).
std::vector<std::uint8_t> registry_multi_string_bytes(const std::vector<std::u16string>& lines);

/// Little-endian number from the first `width` bytes; a short value is zero-extended rather than refused.
std::uint64_t registry_number(const std::uint8_t* data, std::size_t size, std::size_t width);

}  // namespace ic::os
