#pragma once
/// \file
/// Facts about the tool's own process (not the machine being checked): where the executable is, where
/// logs go when its folder is read-only, and how to read arguments and write the console as UTF-8.
/// Implemented once for Win32 and once for Linux; probes of the machine live in os/system.h instead.

#include <string>
#include <vector>

namespace ic::platform {

/// Folder that holds the running executable, UTF-8, without a trailing separator.
std::string executable_dir();

/// The documented fallback log folder: %ProgramData%\ImageChecker\Logs on Windows,
/// $XDG_STATE_HOME/imagechecker or ~/.local/state/imagechecker on Linux.
std::string fallback_log_dir();

/// The command line as UTF-8 strings (on Windows from the wide command line, not the ANSI argv).
std::vector<std::string> utf8_arguments(int argc, char** argv);

/// Makes the console print UTF-8 correctly (Windows code page 65001; nothing to do on Linux).
void prepare_console();

/// True when standard input and output are an interactive terminal.
bool is_interactive_terminal();

}  // namespace ic::platform
