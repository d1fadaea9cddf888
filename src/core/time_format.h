#pragma once
// Timestamps in local time with their UTC offset, as logs, reports and file names show them.
#include <chrono>
#include <ctime>
#include <string>

namespace ic {

/// Broken-down local time and the zone's offset from UTC at that moment, in minutes.
struct LocalTime {
    std::tm tm{};
    int utc_offset_minutes = 0;
    int milliseconds = 0;
};
LocalTime to_local(std::chrono::system_clock::time_point when);

std::string format_iso8601(std::chrono::system_clock::time_point when);     ///< 2026-11-23T23:10:01.250+01:00
std::string format_human(std::chrono::system_clock::time_point when);       ///< 2026-11-23 23:10:01 +01:00
std::string format_file_stamp(std::chrono::system_clock::time_point when);  ///< 20261123231001

}  // namespace ic
