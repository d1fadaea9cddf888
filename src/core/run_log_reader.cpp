// The log reader: the other half of RunLog (run_log.cpp). Every line RunLog writes is read back here;
// a change to one is a change to the other, and tests/unit/run_reader_test.cpp runs both.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

#include "imagechecker/run_reader.h"

namespace ic {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

/// "<yyyy-MM-dd HH:mm:ss.fff> <±hh:mm> | " is 33 characters; returns the rest of the line, or nullopt.
std::optional<std::string_view> after_prefix(std::string_view line, std::string_view& stamp) {
    static constexpr std::string_view shape = "0000-00-00 00:00:00.000 +00:00 | ";
    if (line.size() < shape.size()) return std::nullopt;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const char want = shape[i];
        const char got = line[i];
        if (want == '0' ? !digit(got) : (want == '+' ? (got != '+' && got != '-') : got != want)) return std::nullopt;
    }
    stamp = line.substr(0, 30);
    return line.substr(shape.size());
}

std::string_view trim_left(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    return s;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

/// "[id] rest" -> id and rest; false when the text has no "[id]".
bool split_id(std::string_view text, std::string& id, std::string_view& rest) {
    if (text.empty() || text.front() != '[') return false;
    const auto close = text.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    id = std::string(text.substr(1, close - 1));
    rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    return true;
}

/// "<item> = <observed> (expected: <expected>)"; the expectation is optional (context-only lines).
Evidence parse_evidence(std::string_view text) {
    Evidence e;
    const auto eq = text.find(" = ");
    if (eq == std::string_view::npos) {
        e.item = std::string(text);
        return e;
    }
    e.item = std::string(text.substr(0, eq));
    std::string_view rest = text.substr(eq + 3);
    static constexpr std::string_view marker = " (expected: ";
    const auto at = rest.rfind(marker);
    if (at != std::string_view::npos && !rest.empty() && rest.back() == ')') {
        e.observed = std::string(rest.substr(0, at));
        e.expected = std::string(rest.substr(at + marker.size(), rest.size() - at - marker.size() - 1));
    } else {
        e.observed = std::string(rest);
    }
    return e;
}

/// "12 ms" / "1.5 s" -> milliseconds.
std::optional<long long> parse_duration(std::string_view text) {
    long long whole = 0;
    std::size_t i = 0;
    bool any = false;
    while (i < text.size() && digit(text[i]) && whole < 1'000'000'000'000LL) {
        whole = whole * 10 + (text[i++] - '0');
        any = true;
    }
    if (!any) return std::nullopt;
    if (text.substr(i) == " ms") return whole;
    int tenths = 0;
    if (i < text.size() && text[i] == '.') {
        ++i;
        if (i < text.size() && digit(text[i])) tenths = text[i++] - '0';
    }
    if (text.substr(i) == " s") return whole * 1000 + tenths * 100;
    return std::nullopt;
}

class LogParser {
public:
    ReadRun parse(std::string_view text) {
        run_.kind = ReadRun::Kind::Log;
        std::size_t line_no = 0;
        std::size_t pos = 0;
        while (pos < text.size()) {
            const auto end = text.find('\n', pos);
            const bool cut = end == std::string_view::npos;
            std::string_view line = text.substr(pos, cut ? std::string_view::npos : end - pos);
            pos = cut ? text.size() : end + 1;
            ++line_no;
            while (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CRLF, or CRLF written through a text-mode stream
            if (line.empty()) continue;
            if (cut) {
                // RunLog ends every line with a line break, so a last line without one was being written
                // when the program stopped: what it says may be incomplete, so it is not used.
                cut_line_ = line_no;
                continue;
            }
            std::string_view stamp;
            const auto body = after_prefix(line, stamp);
            if (!body) {
                if (foreign_lines_ == 0) first_foreign_ = line_no;
                ++foreign_lines_;
                continue;
            }
            if (first_stamp_.empty()) first_stamp_ = std::string(stamp);
            ++log_lines_;
            const std::string_view rest = *body;
            const auto space = rest.find(' ');
            const std::string tag(rest.substr(0, space));
            const std::string_view value = space == std::string_view::npos ? std::string_view() : trim_left(rest.substr(space));
            handle(tag, value, line_no);
        }
        if (log_lines_ == 0) throw RunFileError("this is not an ImageChecker log: no line starts with a time stamp and a tag");
        finish();
        return std::move(run_);
    }

private:
    ReadCheck& check(const std::string& id) {
        auto it = index_.find(id);
        if (it != index_.end()) return run_.checks[it->second];
        index_.emplace(id, run_.checks.size());
        run_.checks.push_back({});
        run_.checks.back().id = id;
        return run_.checks.back();
    }

    void header(std::string_view value) {
        const auto colon = value.find(": ");
        if (colon == std::string_view::npos) {
            run_.other_facts.emplace_back("", std::string(value));
            return;
        }
        const std::string key(value.substr(0, colon));
        const std::string v(value.substr(colon + 2));
        seen_headers_.push_back(key);
        if (key == "Tool version") run_.tool_version = v;
        else if (key == "Machine name") run_.machine_name = v;
        else if (key == "OS") parse_os(v);
        else if (key == "User checked") {
            const auto from = v.rfind(" (from ");
            if (from != std::string::npos && !v.empty() && v.back() == ')') {
                run_.user_checked = v.substr(0, from);
                run_.user_source = v.substr(from + 7, v.size() - from - 8);
            } else {
                run_.user_checked = v;
            }
        } else if (key == "Running as") run_.run_as = v;
        else if (key == "Elevated") run_.elevated = v;
        else if (key == "Started") run_.started = v;
        else if (key == "Answers from") run_.source = v;
        else if (key == "Checks") run_.checks_selected = v;
        else run_.other_facts.emplace_back(key, v);
    }

    void parse_os(const std::string& v) {
        // "<product> | version <v> | build <b> | edition <e>", or "unknown (why)"
        std::vector<std::string> parts;
        std::size_t start = 0;
        while (true) {
            const auto bar = v.find(" | ", start);
            parts.push_back(v.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
            if (bar == std::string::npos) break;
            start = bar + 3;
        }
        run_.os_product = parts[0];
        for (std::size_t i = 1; i < parts.size(); ++i) {
            const auto& p = parts[i];
            if (starts_with(p, "version ")) run_.os_version = p.substr(8);
            else if (starts_with(p, "build ")) run_.os_build = p.substr(6);
            else if (starts_with(p, "edition ")) run_.os_edition = p.substr(8);
        }
        if (run_.os_edition == "none") run_.os_edition.clear();
    }

    void handle(const std::string& tag, std::string_view value, std::size_t line_no) {
        std::string id;
        std::string_view rest;
        if (tag == "RUN") {
            if (starts_with(value, "finished in ")) run_.finished = true;
            else if (const auto started = value.rfind(" started"); started != std::string_view::npos && run_.tool_version.empty()) {
                const auto space = value.substr(0, started).rfind(' ');
                if (space != std::string_view::npos) run_.tool_version = std::string(value.substr(space + 1, started - space - 1));
            }
            return;
        }
        if (tag == "HEADER") return header(value);
        if (tag == "NOTE") {
            run_.notes.emplace_back(value);
            return;
        }
        if (tag == "TOTALS") {
            run_.totals = std::string(value);
            return;
        }
        if (tag == "VERDICT") {
            run_.verdict = std::string(value);
            if (value.find("cancelled") != std::string_view::npos) run_.cancelled = true;
            return;
        }
        if (tag == "FIXPLAN" || tag == "CHANGE" || tag == "RECHECK" || tag == "UNDO") {
            ReadFixLine fix{tag, {}, std::string(value)};
            if (split_id(value, fix.check_id, rest)) fix.text = std::string(rest);
            run_.fix_lines.push_back(std::move(fix));
            return;
        }
        static const char* const per_check[] = {"BEGIN", "STATUS", "SUMMARY", "EVIDENCE", "FIX", "AWSCODE", "END"};
        if (std::find(std::begin(per_check), std::end(per_check), tag) == std::end(per_check)) {
            ++unknown_tags_[tag];
            return;
        }
        if (!split_id(value, id, rest)) {
            ++malformed_;
            if (first_malformed_ == 0) first_malformed_ = line_no;
            return;
        }
        ReadCheck& c = check(id);
        if (tag == "BEGIN") {
            c.title = std::string(rest);
        } else if (tag == "STATUS") {
            c.status = status_from_string(std::string(rest));
            if (!c.status) {
                ++malformed_;
                if (first_malformed_ == 0) first_malformed_ = line_no;
            }
        } else if (tag == "SUMMARY") {
            c.summary = std::string(rest);
        } else if (tag == "EVIDENCE") {
            c.evidence.push_back(parse_evidence(rest));
        } else if (tag == "FIX") {
            if (starts_with(rest, "automatic: ")) {
                c.fix_kind = "automatic";
                c.fix_description = std::string(rest.substr(11));
            } else if (starts_with(rest, "on request: ")) {
                c.fix_kind = "on-request";
                c.fix_description = std::string(rest.substr(12));
            } else if (starts_with(rest, "none by the tool; to resolve by hand: ")) {
                c.resolution = std::string(rest.substr(38));
            }
        } else if (tag == "AWSCODE") {
            static constexpr std::string_view prefix = "image creation would report ";
            c.aws_error_code = std::string(starts_with(rest, prefix) ? rest.substr(prefix.size()) : rest);
        } else if (tag == "END") {
            const auto in = rest.find(" in ");
            if (in != std::string_view::npos) c.duration_ms = parse_duration(rest.substr(in + 4));
            if (!c.status) c.status = status_from_string(std::string(rest.substr(0, in)));
            ended_.insert(id);
        }
    }

    void finish() {
        auto& m = run_.missing;
        if (cut_line_ != 0)
            m.push_back(fmt::format("line {} is cut off (the program stopped while writing it), so it was not read", cut_line_));
        if (foreign_lines_ > 0)
            m.push_back(fmt::format("{} line{} do not have the log's shape (first: line {}) and were not read", foreign_lines_,
                                    foreign_lines_ == 1 ? "" : "s", first_foreign_));
        if (malformed_ > 0)
            m.push_back(fmt::format("{} check line{} could not be read (first: line {})", malformed_, malformed_ == 1 ? "" : "s", first_malformed_));
        for (const auto& [tag, count] : unknown_tags_)
            m.push_back(fmt::format("{} line{} tagged {} are of a kind this version does not know", count, count == 1 ? "" : "s", tag));
        std::vector<std::string> absent;
        for (const char* key : {"Tool version", "Machine name", "OS", "User checked", "Running as", "Elevated", "Started", "Answers from"})
            if (std::find(seen_headers_.begin(), seen_headers_.end(), key) == seen_headers_.end()) absent.emplace_back(key);
        if (!absent.empty()) {
            std::string list;
            for (const auto& a : absent) list += (list.empty() ? "" : ", ") + a;
            m.push_back("the header does not say: " + list + (seen_headers_.empty() ? " (the start of the log is missing, or it is from an older version)" : " (an older version, or the start of the log is missing)"));
        }
        for (auto& c : run_.checks) {
            const bool ended = ended_.count(c.id) > 0;
            if (!c.status) m.push_back(fmt::format("check {} started but its result was never written (the run stopped during it)", c.id));
            else if (!ended) m.push_back(fmt::format("check {} has no END line, so its evidence may be incomplete", c.id));
        }
        if (run_.verdict.empty()) m.push_back("there is no verdict: the run did not finish (a crash, a kill, or the log was copied while it ran)");
        else if (!run_.finished) m.push_back("the closing RUN line is missing");
        if (run_.started.empty()) run_.started = first_stamp_;
    }

    ReadRun run_;
    std::map<std::string, std::size_t> index_;
    std::set<std::string> ended_;
    std::vector<std::string> seen_headers_;
    std::map<std::string, std::size_t> unknown_tags_;
    std::string first_stamp_;
    std::size_t log_lines_ = 0;
    std::size_t foreign_lines_ = 0;
    std::size_t first_foreign_ = 0;
    std::size_t malformed_ = 0;
    std::size_t first_malformed_ = 0;
    std::size_t cut_line_ = 0;
};

}  // namespace

ReadRun parse_log(std::string_view text) { return LogParser().parse(text); }

}  // namespace ic
