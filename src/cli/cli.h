#pragma once
// The console front end over the engine, as a function so tests can drive it with a fake machine.
#include <functional>
#include <iosfwd>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "imagechecker/check_registry.h"
#include "imagechecker/os/system.h"

namespace ic::cli {

/// Exit codes, part of the CLI's contract (README "Exit codes"). For `fix` and `undo`: 0 everything
/// was done, 1 some items were left as they are, 2 a change failed or a check still does not pass,
/// 3 usage or input error, 4 nothing was changed (not elevated, not confirmed, or declined).
enum ExitCode : int { kAllPassed = 0, kWorstIsWarning = 1, kFailedOrError = 2, kUsageError = 3, kNothingChanged = 4 };

/// What the CLI needs from the world; main() fills it with the real machine and folders.
struct Environment {
    std::function<std::shared_ptr<os::System>()> make_system;
    /// The Linux system whose root filesystem is at a folder (--root); empty where not available (Windows).
    std::function<std::shared_ptr<os::System>(const std::string& root)> make_tree_system;
    std::vector<std::string> default_log_dirs;  ///< the executable's folder, then the documented fallback
    const CheckRegistry* registry = nullptr;
    std::istream* input = nullptr;           ///< where confirmations are read from
    std::function<bool()> is_interactive;    ///< true when a person can answer on `input`
};

Environment native_environment();

/// Runs one command line (args[0] is the program name) and returns the exit code.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const Environment& env);

}  // namespace ic::cli
