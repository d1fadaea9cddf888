#pragma once
/// \file
/// The explicit list of checks. The registry holds factories, so every run gets fresh check objects,
/// and each check's CheckInfo, so `list`, the docs and the window can describe checks without running them.

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "imagechecker/check.h"
#include "imagechecker/workspace_user.h"

namespace ic {

/// A request named a check id that does not exist (shown to the user as an input error).
class UnknownCheckError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// A check with one detection per operating system: runs (and plans fixes with) the detection of the
/// system in the context. Created by CheckRegistry::add_per_platform.
class PerPlatformCheck : public Check {
public:
    using Make = std::function<std::unique_ptr<Check>()>;
    PerPlatformCheck(CheckInfo info, Make on_windows, Make on_linux);
    [[nodiscard]] const CheckInfo& info() const override { return info_; }
    CheckResult run(CheckContext& context) override;
    std::optional<FixPlan> plan_fix(CheckContext& context) override;

private:
    Check& detection(const CheckContext& context);
    CheckInfo info_;
    Make make_windows_;
    Make make_linux_;
    std::unique_ptr<Check> chosen_;
};

/// Check factories in a fixed order (the order checks run and are shown in).
class CheckRegistry {
public:
    using Factory = std::function<std::unique_ptr<Check>()>;

    /// Registers check type T, which must have `static CheckInfo describe()`.
    template <typename T>
    void add() {
        add(T::describe(), [] { return std::make_unique<T>(); });
    }
    /// Registers one requirement that is detected differently on Windows and on Linux: one id, one
    /// metadata (W::describe(), with Linux added to its platforms and L::wording() as its Linux words),
    /// and a check that runs W's detection on Windows and L's on Linux. L is a Check whose run() and
    /// plan_fix() handle the Linux system; W's file needs no knowledge of L.
    template <typename W, typename L>
    void add_per_platform() {
        CheckInfo info = W::describe();
        info.platforms |= kLinux;
        info.wordings.push_back(L::wording());
        add(info, [info] {
            return std::make_unique<PerPlatformCheck>(info, [] { return std::make_unique<W>(); }, [] { return std::make_unique<L>(); });
        });
    }
    /// Registers a factory; throws std::logic_error on a duplicate or malformed id.
    void add(CheckInfo info, Factory factory);

    [[nodiscard]] const std::vector<CheckInfo>& catalogue() const noexcept { return infos_; }
    [[nodiscard]] const CheckInfo* find(const std::string& id) const;
    [[nodiscard]] std::unique_ptr<Check> create(const std::string& id) const;

    /// The ids to run, in registry order: all of `only` (or every check when empty) minus `skip`.
    /// Throws UnknownCheckError naming every id that does not exist.
    [[nodiscard]] std::vector<std::string> select(const std::vector<std::string>& only,
                                                  const std::vector<std::string>& skip) const;

    /// The rule that chooses the WorkSpace user whose profile the checks look at (console_user_rule
    /// unless set): the checks' platform knows where a WorkSpace keeps its user.
    void set_user_rule(UserRule rule) { user_rule_ = std::move(rule); }
    [[nodiscard]] UserChoice choose_user(os::System& system, const os::OsFacts* os, const std::string& requested) const;

private:
    UserRule user_rule_;
    std::vector<CheckInfo> infos_;
    std::vector<Factory> factories_;
};

/// Every check ImageChecker ships, in the order they run (defined in checks/all_checks.cpp).
const CheckRegistry& builtin_checks();

/// True for ids of the form "lower-case-words-with-dashes".
bool is_valid_check_id(const std::string& id);

}  // namespace ic
