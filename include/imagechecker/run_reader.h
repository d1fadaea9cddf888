#pragma once
/// \file
/// Reading a run back: a log (ImageChecker_yyyyMMddHHmmss.log, docs/log-format.md) or a JSON report
/// (docs/report-schema.md) becomes one `ReadRun`, so support can review it cold, compare two runs, and
/// render it as HTML. The log's line format is a contract: the writer is RunLog (run_log.cpp), the
/// reader is parse_log (run_log_reader.cpp) beside it, and a round-trip test holds them together.
///
/// Inputs are hostile: every entry point takes text (or a path whose size is checked before it is read),
/// parses it in one linear pass, never throws anything but RunFileError, and returns what it could read
/// together with a list of what is missing and why (a crash cut the log short, an older version did not
/// write a line, the file was in another encoding).

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "imagechecker/check.h"

namespace ic {

/// The input is not a log or report at all (or cannot be read); the message says which and why.
class RunFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Larger than any log or report a run writes (24 checks write about 30 KB): refused before reading.
inline constexpr std::size_t kMaxRunFileBytes = 32U * 1024U * 1024U;

/// One check as the log or the report tells it.
struct ReadCheck {
    std::string id;
    std::string title;
    std::optional<Status> status;       ///< nullopt: the check started but its result was never written
    std::string summary;
    std::vector<Evidence> evidence;
    std::string fix_kind;               ///< "automatic", "on-request", or "" when the tool offers none
    std::string fix_description;
    std::string resolution;             ///< how a person resolves it by hand ("" when the file does not say)
    std::string rationale;              ///< why it matters ("" when the file does not say; logs never do)
    std::string aws_error_code;
    std::optional<long long> duration_ms;
};

/// A fix or undo event as the log wrote it (FIXPLAN, CHANGE, RECHECK, UNDO lines).
struct ReadFixLine {
    std::string tag;
    std::string check_id;
    std::string text;
};

/// One entry of the undo journal beside the file, as support reads it.
struct ReadJournalEntry {
    std::string check_id;
    std::string what;
    std::string where;
    std::string before;
    std::string after;
    bool undoable = true;
    std::string state;  ///< "pending" (maybe applied), "applied", "failed", "undone", "undo-failed", "not-undone"
    std::string note;
    int batch = 1;              ///< which fix of the run made it: 1 the first Fix All (or fix), 2 the next, ...
    std::string batch_started;  ///< when that fix started, as the journal writes it ("" when it does not say)
};

struct ReadJournal {
    std::string path;
    std::string error;  ///< set when a journal is there but could not be read
    std::vector<ReadJournalEntry> entries;
    /// True when the run fixed more than once (two presses of Fix All, or Fix All and an on-request fix).
    [[nodiscard]] bool several_batches() const {
        for (const auto& e : entries)
            if (e.batch != entries.front().batch) return true;
        return false;
    }
};

/// Everything a log or report says about one run.
struct ReadRun {
    enum class Kind { Log, Report };
    Kind kind = Kind::Log;
    std::string file;  ///< the path it was read from ("" when parsed from text)

    std::string tool_version;
    std::string machine_name;
    std::string os_product;
    std::string os_version;
    std::string os_build;
    std::string os_edition;
    std::string user_checked;
    std::string user_source;   ///< how the checked user was chosen ("--user", "interactive user", …)
    std::string run_as;
    std::string elevated;      ///< "yes", "no", "unknown (…)" or "" when the file does not say
    std::string started;       ///< as the file writes it
    std::string source;        ///< "live", "replay", "memory"
    std::string log_file;      ///< a report's log_file
    std::string checks_selected;  ///< the log's "Checks:" header: how many, which, the timeout
    /// Facts the reader does not know by name (header lines of a newer version, extra machine fields), in order.
    std::vector<std::pair<std::string, std::string>> other_facts;

    std::vector<ReadCheck> checks;
    std::string totals;
    std::string verdict;
    bool finished = false;     ///< the run's closing lines are there (log) / the report is whole
    bool cancelled = false;

    std::vector<std::string> notes;         ///< NOTE lines
    std::vector<ReadFixLine> fix_lines;
    std::optional<ReadJournal> journal;     ///< the undo journal beside the file, when there is one

    /// What this file cannot tell, each in a sentence (empty for a whole file of this version).
    std::vector<std::string> missing;

    [[nodiscard]] const ReadCheck* find(const std::string& id) const;
    /// The start of the run in seconds since 1970 (UTC), from the header or the first line; nullopt when unknown.
    [[nodiscard]] std::optional<long long> started_utc() const;
};

/// Bytes as text: strips a UTF-8 BOM, converts UTF-16 (with a BOM) to UTF-8, and reads bytes that are
/// not UTF-8 as Windows-1252. `notes` gets a sentence when the text was converted.
std::string decode_text(std::string_view bytes, std::vector<std::string>& notes);

/// Parses the text of a log. Throws RunFileError when no line has the log's shape.
ReadRun parse_log(std::string_view text);

/// Parses the text of a JSON report. Throws RunFileError when it is not JSON or not an ImageChecker report.
ReadRun parse_report(std::string_view text);

/// Decides from the text whether it is a log or a report and parses it (a recording or other JSON is a
/// RunFileError that says what it is).
ReadRun parse_run_text(std::string_view text);

/// Reads a file (refusing one larger than kMaxRunFileBytes before reading it), decodes it, parses it, and
/// attaches the undo journal that lies beside it (`<log stem>.fixes.json`) when there is one.
ReadRun read_run_file(const std::string& path);

/// Seconds since 1970 (UTC) of "2026-11-23 23:10:01 +01:00", "2026-11-23 23:10:01.120 +01:00" or
/// "2026-11-23T23:10:01.120+01:00"; nullopt when the text is none of these.
std::optional<long long> parse_timestamp_utc(std::string_view text);

}  // namespace ic
