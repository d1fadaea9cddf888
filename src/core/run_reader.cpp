// Reading a run back from a file: size check, encoding, log or report, and the undo journal beside it.
#include "imagechecker/run_reader.h"

#include <cstdint>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "imagechecker/fix_engine.h"

namespace fs = std::filesystem;

namespace ic {

const ReadCheck* ReadRun::find(const std::string& id) const {
    for (const auto& c : checks)
        if (c.id == id) return &c;
    return nullptr;
}

std::optional<long long> ReadRun::started_utc() const { return parse_timestamp_utc(started); }

// ---- Time stamps ----

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long long days_from_civil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

}  // namespace

std::optional<long long> parse_timestamp_utc(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, oh = 0, om = 0;
    if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d) ||
        (s[10] != ' ' && s[10] != 'T') || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
        !digits(s, 17, 2, se))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
    std::size_t at = 19;
    if (at < s.size() && s[at] == '.') {
        ++at;
        while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
    }
    if (at < s.size() && s[at] == ' ') ++at;
    if (at + 6 > s.size() || (s[at] != '+' && s[at] != '-') || !digits(s, at + 1, 2, oh) || s[at + 3] != ':' || !digits(s, at + 4, 2, om))
        return std::nullopt;
    const long long offset = (oh * 60LL + om) * 60 * (s[at] == '-' ? -1 : 1);
    return days_from_civil(y, mo, d) * 86400 + h * 3600LL + mi * 60LL + se - offset;
}

// ---- Encodings ----

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string from_utf16(std::string_view bytes, bool little_endian) {
    std::string out;
    out.reserve(bytes.size() / 2);
    auto unit = [&](std::size_t i) -> std::uint32_t {
        const auto a = static_cast<unsigned char>(bytes[i]);
        const auto b = static_cast<unsigned char>(bytes[i + 1]);
        return little_endian ? (a | (b << 8U)) : ((a << 8U) | b);
    };
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        std::uint32_t cp = unit(i);
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < bytes.size()) {
            const std::uint32_t low = unit(i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10U) + (low - 0xDC00);
                i += 2;
            } else {
                cp = 0xFFFD;
            }
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        append_utf8(out, cp);
    }
    return out;
}

/// Length of the valid UTF-8 sequence at `i`, or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return 1;
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1FU; }
    else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0FU; }
    else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07U; }
    else return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return 0;
        cp = (cp << 6U) | (cc & 0x3FU);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

// Windows-1252's 0x80-0x9F; the rest of the byte range is Latin-1.
constexpr std::uint16_t kCp1252High[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
                                           0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
                                           0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

}  // namespace

std::string decode_text(std::string_view bytes, std::vector<std::string>& notes) {
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
        const bool le = bytes[0] == '\xFF';
        notes.push_back(fmt::format("the file is UTF-16 ({}), not the UTF-8 ImageChecker writes: it was converted (saved again by an editor?)",
                                    le ? "little-endian" : "big-endian"));
        return from_utf16(bytes.substr(2), le);
    }
    // UTF-16 without a byte order mark: every other byte of an ASCII log is zero.
    if (bytes.size() >= 8 && bytes[1] == '\0' && bytes[3] == '\0' && bytes[0] != '\0') {
        notes.push_back("the file is UTF-16 without a byte order mark, not UTF-8: it was converted");
        return from_utf16(bytes, true);
    }
    std::size_t invalid = 0;
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t n = utf8_sequence(bytes, i);
        if (n == 0) {
            ++invalid;
            ++i;
        } else {
            i += n;
        }
    }
    if (invalid == 0) return std::string(bytes);
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 4);
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t n = utf8_sequence(bytes, i);
        if (n > 0) {
            out.append(bytes.substr(i, n));
            i += n;
            continue;
        }
        const auto c = static_cast<unsigned char>(bytes[i++]);
        append_utf8(out, c >= 0x80 && c < 0xA0 ? kCp1252High[c - 0x80] : c);
    }
    notes.push_back(fmt::format("the file is not valid UTF-8 ({} byte{} are not): it was read as Windows-1252, so accented letters may be wrong",
                                invalid, invalid == 1 ? "" : "s"));
    return out;
}

// ---- Detecting and reading ----

ReadRun parse_run_text(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
    if (i < text.size() && (text[i] == '{' || text[i] == '[')) return parse_report(text);
    return parse_log(text);
}

namespace {

ReadJournal read_journal(const std::string& path) {
    ReadJournal out;
    out.path = path;
    try {
        const FixJournal journal = FixJournal::load(path);
        for (const auto& e : journal.entries()) {
            std::string started;
            for (const auto& [number, at] : journal.batches())
                if (number == e.batch) started = at;
            out.entries.push_back({e.check_id, e.change.what, e.change.where(), e.change.before_text(), e.change.after_text(), e.change.undoable,
                                   to_string(e.state), e.note, e.batch, started});
        }
    } catch (const std::exception& e) {
        out.error = e.what();
    }
    return out;
}

}  // namespace

ReadRun read_run_file(const std::string& path) {
    const fs::path p = fs::u8path(path);
    std::error_code ec;
    const auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) throw RunFileError(path + ": no such file");
    if (!fs::is_regular_file(status)) throw RunFileError(path + ": not a file");
    const auto size = fs::file_size(p, ec);
    if (ec) throw RunFileError(path + ": cannot read its size: " + ec.message());
    if (size > kMaxRunFileBytes)
        throw RunFileError(fmt::format("{}: {} bytes is far larger than any ImageChecker log or report (at most {} MiB): not read", path, size,
                                       kMaxRunFileBytes / (1024 * 1024)));
    if (size == 0) throw RunFileError(path + ": the file is empty");
    std::ifstream in(p, std::ios::binary);
    if (!in) throw RunFileError(path + ": cannot be opened (no permission, or in use)");
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    bytes.resize(static_cast<std::size_t>(in.gcount()));

    std::vector<std::string> notes;
    const std::string text = decode_text(bytes, notes);
    ReadRun run;
    try {
        run = parse_run_text(text);
    } catch (const RunFileError& e) {
        throw RunFileError(path + ": " + e.what());
    }
    run.file = path;
    run.missing.insert(run.missing.begin(), notes.begin(), notes.end());

    // The undo journal of the run: "<log stem>.fixes.json" beside the log (for a report, beside the
    // report, named after the log the report names).
    std::string log_name = run.kind == ReadRun::Kind::Log ? p.filename().u8string() : std::string();
    if (run.kind == ReadRun::Kind::Report && !run.log_file.empty()) {
        const std::string& lf = run.log_file;
        const auto slash = lf.find_last_of("/\\");
        log_name = slash == std::string::npos ? lf : lf.substr(slash + 1);
    }
    if (!log_name.empty()) {
        const fs::path journal = p.parent_path() / fs::u8path(journal_path_for_log(log_name));
        if (fs::exists(journal, ec)) run.journal = read_journal(journal.u8string());
    }
    return run;
}

}  // namespace ic
