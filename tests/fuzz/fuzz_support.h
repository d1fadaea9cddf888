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

/// True when `s` is well-formed UTF-8 as RFC 3629 defines it: no stray continuation byte, no truncated
/// sequence, no overlong form, no surrogate, nothing above U+10FFFF (what nlohmann's dump() also demands).
inline bool valid_utf8(const std::string& s) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = byte(i);
        std::size_t n = 0;
        unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
        if (c < 0x80) n = 1;
        else if (c >= 0xC2 && c <= 0xDF) n = 2;
        else if (c >= 0xE0 && c <= 0xEF) n = 3, low = c == 0xE0 ? 0xA0 : 0x80, high = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4) n = 4, low = c == 0xF0 ? 0x90 : 0x80, high = c == 0xF4 ? 0x8F : 0xBF;
        else return false;
        if (i + n > s.size()) return false;
        if (n > 1 && (byte(i + 1) < low || byte(i + 1) > high)) return false;
        for (std::size_t k = 2; k < n; ++k)
            if ((byte(i + k) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
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
