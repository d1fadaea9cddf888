#pragma once
/// \file
/// Facts about the tool's own process (not the machine being checked): where the executable is, where
/// logs go when its folder is read-only, and how to read arguments and write the console as UTF-8.
/// Implemented once for Win32 and once for Linux; probes of the machine live in os/system.h instead.

#include <chrono>
#include <string>
#include <vector>

namespace ic::platform {

/// Before anything else loads a library: DLLs come from System32 only, never from the program's own
/// folder or the current folder (an elevated program run from Downloads must not pick up a planted
/// DLL). Nothing to do on Linux.
void harden_library_loading();

/// Folder that holds the running executable, UTF-8, without a trailing separator, except that a drive
/// root keeps its backslash ("C:\\", never the drive-relative "C:").
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

/// CPU time (user and kernel) the calling thread has used since it began, or -1 µs when the system
/// does not say (GetThreadTimes on Windows: Wine counts it in 10 ms steps; CLOCK_THREAD_CPUTIME_ID on
/// Linux). The window uses it to tell a busy UI thread from a waiting one.
std::chrono::microseconds this_thread_cpu_time();

/// Replaces the file at `path` (UTF-8) with `contents` so that a crash, a power cut or a full disk
/// leaves either the old file or the new one, never part of one: a temporary file beside it, flushed to
/// the disk, then renamed over the old file write-through (MoveFileExW with MOVEFILE_WRITE_THROUGH on
/// Windows; on Linux the folder is flushed after the rename). Returns "" on success, else the reason
/// (the old file is then untouched and no temporary file is left behind).
std::string replace_file_durably(const std::string& path, const std::string& contents);

}  // namespace ic::platform
