#include "imagechecker/run_log.h"

#include <filesystem>
#include <fstream>
#include <mutex>
#include <system_error>

#include <fmt/format.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>

#include "imagechecker/format.h"
#include "imagechecker/version.h"
#include "time_format.h"

namespace fs = std::filesystem;

namespace ic {

namespace {

// A file sink that opens its file through std::filesystem::path, so a UTF-8 path with non-ASCII
// characters opens correctly on Windows too (spdlog's own file sink takes narrow ANSI names there).
class Utf8FileSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit Utf8FileSink(const std::string& path) : out_(fs::u8path(path), std::ios::binary | std::ios::app) {
        if (!out_) throw std::runtime_error("cannot open the log file " + path);
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t formatted;
        formatter_->format(msg, formatted);
        out_.write(formatted.data(), static_cast<std::streamsize>(formatted.size()));
    }
    void flush_() override { out_.flush(); }

private:
    std::ofstream out_;
};

// Proves a folder is writable by creating the log file in it; returns the reason when it is not.
std::string try_create(const fs::path& dir, const std::string& base_name, std::string& chosen) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return "cannot create the folder: " + ec.message();
    for (int attempt = 1; attempt < 100; ++attempt) {
        const std::string name = attempt == 1 ? base_name + ".log" : fmt::format("{}_{}.log", base_name, attempt);
        const fs::path candidate = dir / fs::u8path(name);
        if (fs::exists(candidate, ec)) continue;
        std::ofstream probe(candidate, std::ios::binary | std::ios::app);
        if (!probe) return "cannot create a file in it (no write permission, or it is not a folder)";
        chosen = candidate.u8string();
        return {};
    }
    return "too many log files with the same time stamp";
}

std::string duration_text(std::chrono::milliseconds ms) {
    if (ms.count() < 1000) return fmt::format("{} ms", ms.count());
    return fmt::format("{:.1f} s", static_cast<double>(ms.count()) / 1000.0);
}

}  // namespace

// ---- Location ----

std::string log_file_name(std::chrono::system_clock::time_point start) {
    return "ImageChecker_" + format_file_stamp(start) + ".log";
}

LogLocation choose_log_file(const std::optional<std::string>& explicit_dir, const std::vector<std::string>& candidates,
                            std::chrono::system_clock::time_point start) {
    const std::string base_name = "ImageChecker_" + format_file_stamp(start);
    LogLocation location;
    if (explicit_dir) {
        const std::string why = try_create(fs::u8path(*explicit_dir), base_name, location.path);
        if (!why.empty()) throw LogLocationError("cannot write the log to " + *explicit_dir + ": " + why);
        return location;
    }
    for (const auto& dir : candidates) {
        const std::string why = try_create(fs::u8path(dir), base_name, location.path);
        if (why.empty()) return location;
        location.notes.push_back(dir + ": " + why);
    }
    return location;
}

// ---- RunLog ----

RunLog::RunLog(const std::string& path) : path_(path) {
    auto sink = std::make_shared<Utf8FileSink>(path);
    logger_ = std::make_shared<spdlog::logger>("imagechecker-run", std::move(sink));
    logger_->set_pattern("%Y-%m-%d %H:%M:%S.%e %z | %v");
    logger_->set_level(spdlog::level::trace);
    logger_->flush_on(spdlog::level::trace);  // every line reaches the disk before the next check starts
}

RunLog::~RunLog() {
    if (logger_) logger_->flush();
}

void RunLog::line(const std::string& tag, const std::string& text, bool problem) {
    logger_->log(problem ? spdlog::level::warn : spdlog::level::info, "{:<8} {}", tag, one_line(text));
}

void RunLog::note(const std::string& text) { line("NOTE", text); }

void RunLog::run_started(const MachineFacts& machine, const std::vector<CheckInfo>& checks, const RunOptions& options,
                         const std::string& source) {
    started_ = std::chrono::steady_clock::now();
    line("RUN", fmt::format("{} {} started", kToolName, kToolVersion));
    line("HEADER", "Tool version: " + std::string(kToolVersion));
    line("HEADER", "Machine name: " + machine.machine_name.display());
    if (machine.os) {
        const auto& os = *machine.os;
        line("HEADER", fmt::format("OS: {} | version {} | build {} | edition {}", os.product_name.empty() ? "unknown" : os.product_name,
                                   os.version.empty() ? "unknown" : os.version, os.build.empty() ? "unknown" : os.build,
                                   os.edition.empty() ? "none" : os.edition));
    } else {
        line("HEADER", "OS: unknown (" + machine.os_error + ")", true);
    }
    line("HEADER", machine.user_checked.value.empty()
                       ? fmt::format("User checked: nobody: {}", machine.user_checked.error)
                       : fmt::format("User checked: {} (from {})", machine.user_checked.value, machine.user_source));
    line("HEADER", "Running as: " + machine.run_as.display());
    line("HEADER", "Elevated: " + (machine.elevated ? std::string(*machine.elevated ? "yes" : "no") : "unknown (" + machine.elevated_error + ")"));
    line("HEADER", "Started: " + format_human(std::chrono::system_clock::now()));
    line("HEADER", "Answers from: " + source);
    std::string ids;
    for (const auto& c : checks) ids += (ids.empty() ? "" : ", ") + c.id;
    line("HEADER", fmt::format("Checks: {} selected ({}); timeout {} per check", checks.size(), ids.empty() ? "none" : ids,
                               duration_text(options.timeout)));
}

void RunLog::check_started(std::size_t /*index*/, const CheckInfo& info) {
    line("BEGIN", fmt::format("[{}] {}", info.id, info.title));
}

void RunLog::check_finished(std::size_t /*index*/, const CheckOutcome& outcome) {
    const auto& id = outcome.info.id;
    const auto& r = outcome.result;
    const bool problem = r.status == Status::Warning || r.status == Status::Failed || r.status == Status::Error;
    line("STATUS", fmt::format("[{}] {}", id, to_string(r.status)), problem);
    line("SUMMARY", fmt::format("[{}] {}", id, r.summary), problem);
    for (const auto& e : r.evidence) {
        line("EVIDENCE", fmt::format("[{}] {} = {}{}", id, e.item, e.observed, e.expected.empty() ? "" : " (expected: " + e.expected + ")"));
    }
    if (r.fix) {
        line("FIX", fmt::format("[{}] {}: {}", id, r.fix->automatic ? "automatic" : "on request", r.fix->description));
    } else if (problem && r.status != Status::Error) {
        line("FIX", fmt::format("[{}] none by the tool; to resolve by hand: {}", id, outcome.info.resolution));
    }
    if (problem && !outcome.info.aws_error_code.empty())
        line("AWSCODE", fmt::format("[{}] image creation would report {}", id, outcome.info.aws_error_code));
    line("END", fmt::format("[{}] {} in {}", id, to_string(r.status), duration_text(r.duration)));
}

void RunLog::run_finished(const RunSummary& summary) {
    const RunVerdict& v = summary.verdict;
    line("TOTALS", fmt::format("PASSED {}, WARNING {}, FAILED {}, SKIPPED {}, ERROR {}", v.count(Status::Passed), v.count(Status::Warning),
                               v.count(Status::Failed), v.count(Status::Skipped), v.count(Status::Error)));
    line("VERDICT", verdict_sentence(summary), !v.validation_successful());
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(summary.finished - summary.started);
    line("RUN", fmt::format("finished in {}", duration_text(elapsed)));
    logger_->flush();
}

}  // namespace ic
