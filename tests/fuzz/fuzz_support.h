#pragma once
// Shared by every fuzz target (tests/fuzz/*_fuzz.cpp): the input as text, and invariant checks that stop
// the run the way a crash does, so libFuzzer saves the input and scripts/fuzz.sh names it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

namespace ic::fuzz {

inline std::string text(const std::uint8_t* data, std::size_t size) {
    return size == 0 ? std::string() : std::string(reinterpret_cast<const char*>(data), size);
}

/// The text before the first newline, and the rest (for targets that take two strings).
inline std::pair<std::string, std::string> split_first_line(const std::string& input) {
    const auto newline = input.find('\n');
    if (newline == std::string::npos) return {input, std::string()};
    return {input.substr(0, newline), input.substr(newline + 1)};
}

[[noreturn]] inline void invariant_broken(const char* condition, const std::string& what, const char* file, int line) {
    std::fprintf(stderr, "\n==== INVARIANT BROKEN at %s:%d: %s\n     (%s)\n", file, line, what.c_str(), condition);
    std::fflush(stderr);
    std::abort();
}

}  // namespace ic::fuzz

/// Aborts (a finding) when `condition` is false; `what` says which property of the parser failed.
#define IC_FUZZ_CHECK(condition, what)                                                     \
    do {                                                                                   \
        if (!(condition)) ::ic::fuzz::invariant_broken(#condition, (what), __FILE__, __LINE__); \
    } while (false)

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
