#pragma once
// Shared helpers for unit tests: run one check on the in-memory machine, find evidence lines.
#include <memory>
#include <string>

#include "imagechecker/check.h"
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

}  // namespace ic::test
