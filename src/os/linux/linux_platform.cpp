// Facts about ImageChecker's own process on Linux.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "imagechecker/platform.h"

namespace ic::platform {

void harden_library_loading() {}

std::string executable_dir() {
    std::vector<char> buffer(4096);
    for (;;) {
        const ssize_t length = ::readlink("/proc/self/exe", buffer.data(), buffer.size());
        if (length < 0) return ".";
        if (static_cast<std::size_t>(length) < buffer.size()) {
            std::string path(buffer.data(), static_cast<std::size_t>(length));
            const auto slash = path.rfind('/');
            return slash == 0 ? "/" : path.substr(0, slash);
        }
        buffer.resize(buffer.size() * 2);
    }
}

std::string fallback_log_dir() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && *state == '/') return std::string(state) + "/imagechecker";
    const char* home = std::getenv("HOME");
    return std::string(home != nullptr && *home != '\0' ? home : "/tmp") + "/.local/state/imagechecker";
}

std::vector<std::string> utf8_arguments(int argc, char** argv) { return {argv, argv + argc}; }

void prepare_console() {}

bool is_interactive_terminal() { return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDOUT_FILENO) == 1; }

std::chrono::microseconds this_thread_cpu_time() {
    timespec t{};
    if (::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0) return std::chrono::microseconds(-1);
    return std::chrono::seconds(t.tv_sec) + std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::nanoseconds(t.tv_nsec));
}

// ---- Durable files ----

namespace {

std::string errno_text(const char* what, int error) { return std::string(what) + ": " + std::strerror(error); }

// Writes all of `contents` to `fd`, retrying short writes and interrupted calls.
int write_all(int fd, const std::string& contents) {
    std::size_t done = 0;
    while (done < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += static_cast<std::size_t>(n);
    }
    return 0;
}

}  // namespace

std::string replace_file_durably(const std::string& path, const std::string& contents) {
    const std::string temporary = path + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return errno_text("cannot create the temporary file", errno);
    int error = write_all(fd, contents);
    std::string reason = error != 0 ? errno_text("cannot write it", error) : std::string();
    if (reason.empty() && ::fsync(fd) != 0) reason = errno_text("cannot flush it to the disk", errno);
    if (::close(fd) != 0 && reason.empty()) reason = errno_text("cannot close it", errno);  // NFS reports ENOSPC here
    if (reason.empty() && ::rename(temporary.c_str(), path.c_str()) != 0) reason = errno_text("cannot rename it over the old file", errno);
    if (!reason.empty()) {
        ::unlink(temporary.c_str());  // give back the space; the old file is untouched
        return reason;
    }
    // The rename is durable only once the folder's entry is on the disk too.
    const auto slash = path.rfind('/');
    const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return errno_text("renamed, but cannot open the folder to flush it", errno);
    const int synced = ::fsync(dir);
    const int sync_error = errno;
    ::close(dir);
    if (synced != 0) return errno_text("renamed, but cannot flush the folder to the disk", sync_error);
    return {};
}

}  // namespace ic::platform
