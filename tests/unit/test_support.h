#pragma once
// Shared helpers for unit tests: run one check on the in-memory machine, find evidence lines.
#include <memory>
#include <string>

#include "imagechecker/check.h"
#include "imagechecker/check_registry.h"
#include "imagechecker/os/memory_system.h"

namespace ic::test {

/// Runs `check` against `system` as the runner would (same context), without the runner.
CheckResult run_check(Check& check, os::MemorySystem& system, const std::string& user = "alice");

/// The evidence line whose item is `item`, or nullptr.
const Evidence* find_evidence(const CheckResult& result, const std::string& item);

/// A fresh, empty temporary folder (removed by the caller's fixture if wanted).
std::string make_temp_dir(const std::string& prefix);

/// Reads a whole file as UTF-8 text.
std::string read_file(const std::string& path);

os::OsError access_denied(const std::string& api = "RegOpenKeyExW");

/// A well-formed answer file of exactly `bytes` bytes (4 or more) with no computer-name settings, for
/// tests that care about an answer file's presence and size rather than its content.
std::string answer_file_of_size(std::size_t bytes);

/// A check for testing fixes: passes when HKLM\SOFTWARE\ImageCheckerTest!Enabled is REG_DWORD 1; its
/// automatic fix sets that value and broadcasts an environment change.
class EnabledValueCheck : public Check {
public:
    static constexpr const char* kKey = "SOFTWARE\\ImageCheckerTest";
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
    std::optional<FixPlan> plan_fix(CheckContext& context) override;
};

/// A registry holding only EnabledValueCheck.
CheckRegistry fixable_test_registry();

/// The three checks the engine was built with (drives, pending-reboot, free-space), so tests of the
/// engine, log, report and CLI do not change whenever a check is added to the product.
const CheckRegistry& engine_checks();

}  // namespace ic::test
