#pragma once
/// \file
/// The run's log file, ImageChecker_yyyyMMddHHmmss.log, written for a support engineer reading it cold.
/// Format (docs/log-format.md): one line per fact, "<local time> <UTC offset> | <TAG> [check-id] text",
/// every line flushed as it is written so a crash loses at most the line being written.

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "imagechecker/runner.h"

namespace spdlog {
class logger;
}

namespace ic {

/// The log file could not be created where it had to be (an explicit --log-dir).
class LogLocationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Where a run's log goes and how that was decided.
struct LogLocation {
    std::string path;                 ///< empty when no folder could be written
    std::vector<std::string> notes;   ///< folders that were tried and why they were not used
};

/// "ImageChecker_20261123231001.log"
std::string log_file_name(std::chrono::system_clock::time_point start);

/// Picks the log file: in `explicit_dir` when given (creating it; LogLocationError if it cannot be
/// written), else in the first writable folder of `candidates` (normally the executable's folder,
/// then the documented fallback). The file is created empty, so the chosen folder is proven writable;
/// a name taken in the same second gets a "_2", "_3" suffix.
LogLocation choose_log_file(const std::optional<std::string>& explicit_dir, const std::vector<std::string>& candidates,
                            std::chrono::system_clock::time_point start);

/// Writes the log of one run as a RunObserver. Extra lines (log-folder notes, fix actions) go through note().
class RunLog : public RunObserver {
public:
    /// Opens (appends to) `path`; throws std::runtime_error when it cannot.
    explicit RunLog(const std::string& path);
    ~RunLog() override;

    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    void note(const std::string& text);
    /// Writes one line with its tag (fix and undo events: FIXPLAN, CHANGE, RECHECK, UNDO).
    void line(const std::string& tag, const std::string& text, bool problem = false);

    void run_started(const MachineFacts& machine, const std::vector<CheckInfo>& checks, const RunOptions& options,
                     const std::string& source) override;
    void check_started(std::size_t index, const CheckInfo& info) override;
    void check_finished(std::size_t index, const CheckOutcome& outcome) override;
    void run_finished(const RunSummary& summary) override;

private:
    std::string path_;
    std::shared_ptr<spdlog::logger> logger_;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace ic
