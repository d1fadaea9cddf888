#pragma once
/// \file
/// The check model: what a check is (CheckInfo, readable without running it), what it answers
/// (CheckResult with evidence), and what it is given (CheckContext). A check reads the machine only
/// through the probes in os/system.h; it never logs, prints or shows anything itself.

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "imagechecker/fix.h"
#include "imagechecker/os/system.h"

namespace ic {

// ---- Status ----

/// PASSED: ready. WARNING: not ready, and the tool can fix it itself. FAILED: not ready, a person must act.
/// SKIPPED: does not apply to this machine (the summary says why). ERROR: could not be determined (the
/// summary says why) — a check never reports PASSED because it could not look.
enum class Status { Passed, Warning, Failed, Skipped, Error };

std::string to_string(Status status);                         ///< "PASSED", "WARNING", ...
std::optional<Status> status_from_string(const std::string& text);

/// Ranks how far a status is from "ready": PASSED < SKIPPED < WARNING < FAILED < ERROR.
int severity(Status status);

// ---- Metadata ----

/// Operating systems a check applies to, as bit flags.
enum Platform : unsigned { kWindows = 1U << 0U, kLinux = 1U << 1U };
std::string platforms_to_string(unsigned platforms);          ///< "windows", "linux", "windows,linux"

/// How a check's problem can be fixed.
enum class FixKind {
    None,       ///< only a person can resolve it
    Automatic,  ///< the tool can fix it; a failing result is a WARNING and "Fix All Warnings" applies it
    OnRequest,  ///< the tool can do it, but only when a person asks for that one item (never in Fix All)
};
std::string to_string(FixKind kind);                          ///< "none", "automatic", "on-request"

/// How a check that applies to several systems reads on one of them, where its words differ: a Linux
/// WorkSpace has no drive C:, and its remedies are other commands. Empty fields keep the check's own.
struct PlatformWording {
    Platform platform = kLinux;
    std::string title;
    std::string rationale;
    std::string resolution;
    std::string aws_error_code;  ///< replaces the check's code on this platform (may be "none" = "")
    bool replaces_aws_error_code = false;
};

/// Everything known about a check before it runs. `id` is a public contract (JSON, CLI, logs): never renamed.
struct CheckInfo {
    std::string id;              ///< kebab-case, e.g. "pending-reboot"
    std::string title;           ///< as a user reads it, e.g. "No restart is pending"
    std::string category;        ///< "Storage", "Updates", "Services", ...
    unsigned platforms = kWindows;
    std::string rationale;       ///< why it matters for image creation
    std::string resolution;      ///< how a person resolves it by hand
    std::string aws_error_code;  ///< the code image creation reports when this is not met ("" when none)
    FixKind fix = FixKind::None;
    /// Looks at the WorkSpace user's profile, account or packages: when no user could be determined the
    /// runner reports it ERROR (with the reason) without running it, never SKIPPED or PASSED.
    bool needs_user = false;
    /// Other systems' words for the same requirement (see PlatformWording); one per platform at most.
    std::vector<PlatformWording> wordings;

    [[nodiscard]] bool applies_to(os::OsFamily family) const;
    /// This check as a person on `family` reads it: the platform's wording applied over the check's own.
    [[nodiscard]] CheckInfo for_os(os::OsFamily family) const;
};

// ---- Results ----

/// One observed fact, with what was expected of it.
struct Evidence {
    std::string item;      ///< what was looked at: "C: free space", "Drive Z:", a registry path
    std::string observed;  ///< what was found
    std::string expected;  ///< what image creation needs ("" when the line is context only)
};

/// The fix a result offers, as the user will be told about it.
struct FixOffer {
    bool automatic = false;   ///< true: part of "Fix All Warnings"; false: only when asked for
    std::string description;  ///< what the fix would change, in a sentence
};

/// What one check found.
struct CheckResult {
    Status status = Status::Error;
    std::string summary;              ///< one line
    std::vector<Evidence> evidence;
    std::optional<FixOffer> fix;
    std::chrono::milliseconds duration{0};  ///< filled in by the runner

    static CheckResult passed(std::string summary) { return make(Status::Passed, std::move(summary)); }
    static CheckResult warning(std::string summary) { return make(Status::Warning, std::move(summary)); }
    static CheckResult failed(std::string summary) { return make(Status::Failed, std::move(summary)); }
    static CheckResult skipped(std::string reason) { return make(Status::Skipped, std::move(reason)); }
    static CheckResult error(std::string reason) { return make(Status::Error, std::move(reason)); }

    CheckResult& with(std::string item, std::string observed, std::string expected = {}) {
        evidence.push_back({std::move(item), std::move(observed), std::move(expected)});
        return *this;
    }

private:
    static CheckResult make(Status status, std::string summary) {
        CheckResult result;
        result.status = status;
        result.summary = std::move(summary);
        return result;
    }
};

// ---- Running ----

/// Set by the runner when the user cancels; long checks poll it and stop early.
class CancelToken {
public:
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const noexcept { flag_->store(true); }
    [[nodiscard]] bool cancelled() const noexcept { return flag_->load(); }

private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

/// What a check is given: the machine's probes, the WorkSpace user whose profile is checked, and the
/// machine's OS facts (already read once by the runner).
struct CheckContext {
    os::System& system;
    std::string user;
    os::OsFacts os;
    CancelToken cancel;
};

/// One readiness check. Subclasses provide `static CheckInfo describe()` so the registry can list a
/// check without creating it, and implement run(). Fresh instances are created for every run.
class Check {
public:
    virtual ~Check() = default;
    [[nodiscard]] virtual const CheckInfo& info() const = 0;
    virtual CheckResult run(CheckContext& context) = 0;
    /// The exact changes that would resolve what run() found, read from the machine now and touching
    /// nothing. nullopt when the check has no fix; a plan with no changes when nothing needs changing.
    /// Checks with FixKind::None never override this.
    virtual std::optional<FixPlan> plan_fix(CheckContext& /*context*/) { return std::nullopt; }
};

}  // namespace ic
