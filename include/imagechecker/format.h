#pragma once
/// \file
/// How numbers read in summaries, evidence and logs.

#include <cstdint>
#include <string>

namespace ic {

/// "12,884,901,888"
std::string group_digits(std::uint64_t value);
/// "8.2 GiB", "512 KiB", "17 bytes": binary units, one decimal above KiB.
std::string human_bytes(std::uint64_t bytes);
/// "8.2 GiB (8,812,345,344 bytes)": short form for people, exact form for support.
std::string bytes_with_exact(std::uint64_t bytes);
/// Replaces line breaks and tabs with spaces so a value fits on one log line.
std::string one_line(const std::string& text);

}  // namespace ic
