#include "time_format.h"

#include <cstdlib>

#include <fmt/format.h>

namespace ic {

namespace {

std::tm local_tm(std::time_t t) {
    std::tm out{};
#ifdef _WIN32
    localtime_s(&out, &t);
#else
    localtime_r(&t, &out);
#endif
    return out;
}

std::tm utc_tm(std::time_t t) {
    std::tm out{};
#ifdef _WIN32
    gmtime_s(&out, &t);
#else
    gmtime_r(&t, &out);
#endif
    return out;
}

// The offset from the two broken-down times, so no platform's "%z" (which differs on Windows) is needed.
int offset_minutes(const std::tm& local, const std::tm& utc) {
    int day_delta = local.tm_yday - utc.tm_yday;
    if (local.tm_year != utc.tm_year) day_delta = local.tm_year > utc.tm_year ? 1 : -1;
    return day_delta * 24 * 60 + (local.tm_hour - utc.tm_hour) * 60 + (local.tm_min - utc.tm_min);
}

std::string offset_text(int minutes) {
    const char sign = minutes < 0 ? '-' : '+';
    const int magnitude = std::abs(minutes);
    return fmt::format("{}{:02}:{:02}", sign, magnitude / 60, magnitude % 60);
}

}  // namespace

LocalTime to_local(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    LocalTime local;
    local.tm = local_tm(t);
    local.utc_offset_minutes = offset_minutes(local.tm, utc_tm(t));
    const auto since_second = when - std::chrono::system_clock::from_time_t(t);
    local.milliseconds = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(since_second).count());
    if (local.milliseconds < 0) local.milliseconds = 0;
    return local;
}

std::string format_iso8601(std::chrono::system_clock::time_point when) {
    const LocalTime l = to_local(when);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}{}", l.tm.tm_year + 1900, l.tm.tm_mon + 1, l.tm.tm_mday,
                       l.tm.tm_hour, l.tm.tm_min, l.tm.tm_sec, l.milliseconds, offset_text(l.utc_offset_minutes));
}

std::string format_human(std::chrono::system_clock::time_point when) {
    const LocalTime l = to_local(when);
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} {}", l.tm.tm_year + 1900, l.tm.tm_mon + 1, l.tm.tm_mday,
                       l.tm.tm_hour, l.tm.tm_min, l.tm.tm_sec, offset_text(l.utc_offset_minutes));
}

std::string format_file_stamp(std::chrono::system_clock::time_point when) {
    const LocalTime l = to_local(when);
    return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", l.tm.tm_year + 1900, l.tm.tm_mon + 1, l.tm.tm_mday, l.tm.tm_hour,
                       l.tm.tm_min, l.tm.tm_sec);
}

}  // namespace ic
