#pragma once
/// \file
/// Reading a file someone handed us (a recording, an undo journal, a log, a report, a file found on the
/// machine) without trusting it: one size guard that refuses a file too large to be what it claims
/// before it is read whole, and a JSON reader whose nesting depth is bounded. Every loader goes through
/// these, so a crafted or mistaken input gets a clear message instead of exhausting memory or the stack.

#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace ic {

/// The file could not be read, or is too large for what it claims to be. The message names the file,
/// what it was expected to be, and the problem; loaders rethrow it as their own error type.
class InputFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Size limits of the files ImageChecker reads (bytes). A real recording of a whole run is well under a
/// megabyte and a journal a few kilobytes; the limits leave room for a profile walk with many examples.
inline constexpr std::uint64_t kMaxRecordingBytes = 64ULL << 20;
inline constexpr std::uint64_t kMaxJournalBytes = 16ULL << 20;
inline constexpr std::uint64_t kMaxMachineTextBytes = 4ULL << 20;  ///< a config or answer file found on the machine

/// JSON deeper than this is refused: no ImageChecker document nests more than a handful of levels, and
/// a bound keeps recursive code (serialising, comparing) far from the end of the stack.
inline constexpr std::size_t kMaxJsonDepth = 64;

/// Reads the whole file at `path` (UTF-8) as bytes. `what` names what the file should be, for the
/// message ("recording", "undo journal"). Throws InputFileError when the file cannot be opened or read,
/// or when it is larger than `max_bytes`; a file whose size is known is refused before any of it is
/// read, and one whose size is not (a pipe) is refused as soon as it passes the limit.
std::string read_input_file(const std::string& path, std::uint64_t max_bytes, const std::string& what);

/// "1.5 GB", "12 MB", "300 bytes": a size for messages.
std::string describe_size(std::uint64_t bytes);

/// The deepest nesting of arrays and objects in `text` read as JSON (strings skipped); linear, no
/// recursion. For a text that is not JSON the result is meaningless but bounded by its length.
std::size_t json_nesting_depth(const std::string& text);

/// Parses `text` as JSON after checking its nesting is at most kMaxJsonDepth. Throws
/// nlohmann::json::parse_error when it is not JSON, and InputFileError when it is nested too deep or
/// holds a number too large for a double ("6e666").
nlohmann::json parse_json_bounded(const std::string& text);

}  // namespace ic
