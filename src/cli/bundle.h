#pragma once
// The support bundle's zip file, through libzip (Debian's libzip-dev on Linux; on Windows the same
// library built from Debian's source by scripts/build-libzip-mingw.sh).
#include <string>
#include <vector>

namespace ic::cli {

struct ZipEntry {
    std::string name;     ///< path inside the zip, '/'-separated, UTF-8
    std::string content;  ///< bytes
};

/// Writes `entries` (deflated) to `path`, replacing it. The archive is built in memory and written in one
/// go, so a failure leaves no half-written zip behind. Throws std::runtime_error naming the problem.
void write_zip(const std::string& path, const std::vector<ZipEntry>& entries);

/// Reads every entry of a zip file (the bundle's own test; at most `max_bytes` of content in all).
std::vector<ZipEntry> read_zip(const std::string& path, std::size_t max_bytes = 64U * 1024U * 1024U);

}  // namespace ic::cli
