#pragma once
/// \file
/// Record and replay: a RecordingSystem passes every OS question to the real machine and keeps each
/// question with its answer; saved as JSON, a ReplaySystem answers the same questions on any OS, so a
/// support engineer can re-run a customer's machine on their own desk. A question the recording cannot
/// answer throws ReplayMissingAnswer, which the runner turns into that check's ERROR.
///
/// File format (docs/recording-format.md): {"format": "imagechecker-recording", "version": 1,
/// "tool_version", "recorded_at", "source_os", "exchanges": [{"ask", "args": [...], "answer": {"ok"|"error"}}]}

#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "imagechecker/os/system.h"

namespace ic::os {

/// The recording has no answer for a question a check asked.
class ReplayMissingAnswer : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A recording file could not be read, parsed or written; the message names the file and the problem.
class RecordingError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Journal;

/// Wraps another System and remembers every question and answer, in order.
class RecordingSystem : public System {
public:
    explicit RecordingSystem(std::shared_ptr<System> inner);
    ~RecordingSystem() override;

    RegistryProbe& registry() override;
    ServiceProbe& services() override;
    VolumeProbe& volumes() override;
    FileProbe& files() override;
    HostProbe& host() override;
    NetworkProbe& network() override;
    ManagementProbe& management() override;
    PackageProbe& packages() override;
    TreeProbe& tree() override;
    [[nodiscard]] std::string source() const override { return inner_->source(); }

    [[nodiscard]] nlohmann::json to_json() const;
    /// Writes the recording; throws RecordingError when the file cannot be written.
    void save(const std::string& path) const;

private:
    struct Probes;
    std::shared_ptr<System> inner_;
    std::shared_ptr<Journal> journal_;
    std::unique_ptr<Probes> probes_;
};

/// Answers from a recording. Repeated questions get the recorded answers in order; once those run
/// out, the last one is repeated (a re-check after a fix asks again).
class ReplaySystem : public System {
public:
    /// Throws RecordingError naming the file and what is wrong with it (a file larger than
    /// kMaxRecordingBytes is refused before it is read).
    static std::shared_ptr<ReplaySystem> load(const std::string& path);
    /// The text of a recording file, as load() reads it; `origin` names it in messages.
    static std::shared_ptr<ReplaySystem> parse(const std::string& text, const std::string& origin);
    /// `origin` names the data in messages (a path, or "memory").
    static std::shared_ptr<ReplaySystem> from_json(const nlohmann::json& document, const std::string& origin);
    ~ReplaySystem() override;

    RegistryProbe& registry() override;
    ServiceProbe& services() override;
    VolumeProbe& volumes() override;
    FileProbe& files() override;
    HostProbe& host() override;
    NetworkProbe& network() override;
    ManagementProbe& management() override;
    PackageProbe& packages() override;
    TreeProbe& tree() override;
    [[nodiscard]] std::string source() const override { return "replay"; }

    [[nodiscard]] const std::string& origin() const noexcept { return origin_; }
    [[nodiscard]] const std::string& recorded_at() const noexcept { return recorded_at_; }
    [[nodiscard]] const std::string& recorded_by() const noexcept { return recorded_by_; }

private:
    ReplaySystem() = default;
    struct Probes;
    std::string origin_;
    std::string recorded_at_;
    std::string recorded_by_;
    std::shared_ptr<Journal> journal_;
    std::unique_ptr<Probes> probes_;
};

}  // namespace ic::os
