#include "imagechecker/input_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace ic {

std::string describe_size(std::uint64_t bytes) {
    constexpr std::uint64_t kKiB = 1024, kMiB = kKiB * 1024, kGiB = kMiB * 1024;
    if (bytes >= kGiB) return fmt::format("{:.1f} GB", static_cast<double>(bytes) / static_cast<double>(kGiB));
    if (bytes >= kMiB) return fmt::format("{:.1f} MB", static_cast<double>(bytes) / static_cast<double>(kMiB));
    if (bytes >= kKiB) return fmt::format("{:.1f} KB", static_cast<double>(bytes) / static_cast<double>(kKiB));
    return fmt::format("{} bytes", bytes);
}

namespace {

std::string too_large(const std::string& path, const std::string& what, const std::string& size, std::uint64_t max_bytes) {
    return fmt::format("{} is {}, too large to be an ImageChecker {} (at most {}); it was not read", path, size, what,
                       describe_size(max_bytes));
}

}  // namespace

std::string read_input_file(const std::string& path, std::uint64_t max_bytes, const std::string& what) {
    const fs::path native = fs::u8path(path);
    std::error_code ec;
    const auto status = fs::status(native, ec);
    if (!ec && fs::is_directory(status)) throw InputFileError(fmt::format("{} is a folder, not an ImageChecker {}", path, what));
    if (!ec && fs::is_regular_file(status)) {
        const auto size = fs::file_size(native, ec);
        if (!ec && size > max_bytes) throw InputFileError(too_large(path, what, describe_size(size), max_bytes));
    }
    std::ifstream in(native, std::ios::binary);
    if (!in) throw InputFileError(fmt::format("cannot open the {} {} (missing or unreadable)", what, path));
    // Read in pieces and stop one byte past the limit: the size above may be unknown (a pipe) or stale.
    std::string text;
    char buffer[64 * 1024];
    while (in) {
        in.read(buffer, sizeof buffer);
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes) throw InputFileError(too_large(path, what, "larger than " + describe_size(max_bytes), max_bytes));
    }
    if (in.bad()) throw InputFileError(fmt::format("reading the {} {} failed", what, path));
    return text;
}

std::size_t json_nesting_depth(const std::string& text) {
    std::size_t depth = 0;
    std::size_t deepest = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        switch (c) {
            case '"': in_string = true; break;
            case '[':
            case '{':
                if (++depth > deepest) deepest = depth;
                break;
            case ']':
            case '}':
                if (depth > 0) --depth;
                break;
            default: break;
        }
    }
    return deepest;
}

nlohmann::json parse_json_bounded(const std::string& text) {
    const std::size_t depth = json_nesting_depth(text);
    if (depth > kMaxJsonDepth)
        throw InputFileError(fmt::format("its arrays and objects are nested {} levels deep (at most {} are accepted)", depth, kMaxJsonDepth));
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::out_of_range& e) {
        // "6e666" overflows a double: nlohmann reports it as out_of_range, not as a parse_error (found by fuzzing).
        throw InputFileError(std::string("it holds a number too large to read (") + e.what() + ")");
    }
}

}  // namespace ic
