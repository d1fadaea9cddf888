// Times FileProbe::directory_usage on a folder, for comparison with `du -sb` from a script:
//
//   scripts/wine-run.sh build/windows-cross/tests/win32/ic_bench_directory_usage.exe <folder> [runs]
//
// <folder> is a Windows path, or under Wine also a Unix path ("/tmp/tree"), which is mapped to its
// Wine drive path first. Prints one line per run:
//   total_bytes=<n> files=<n> folders=<n> reparse_points_skipped=<n> unreadable_folders=<n> elapsed_ms=<n.n> cpu_ms=<n.n>
// cpu_ms is the process's user plus kernel time for the walk, which a busy machine disturbs less than
// the elapsed time (compare it with du's user + sys from /usr/bin/time).
// Note that `du -sb` also adds each folder's own size (4096 per folder on ext4) and counts hard-linked
// files once; total_bytes is the sum of file sizes only.

#include <windows.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "imagechecker/os/system.h"

namespace {

// Wine's kernel32 maps Unix paths to DOS ones; on Windows the export does not exist.
std::string wine_dos_path(const std::string& unix_path) {
    using ToDos = wchar_t*(__cdecl*)(const char*);
    const HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
    const FARPROC address = kernel32 != nullptr ? GetProcAddress(kernel32, "wine_get_dos_file_name") : nullptr;
    if (address == nullptr) return unix_path;
    wchar_t* dos = reinterpret_cast<ToDos>(reinterpret_cast<void (*)()>(address))(unix_path.c_str());
    if (dos == nullptr) return unix_path;
    const int size = WideCharToMultiByte(CP_UTF8, 0, dos, -1, nullptr, 0, nullptr, nullptr);
    std::string utf8(static_cast<std::size_t>(size > 0 ? size - 1 : 0), '\0');
    WideCharToMultiByte(CP_UTF8, 0, dos, -1, utf8.data(), size, nullptr, nullptr);
    HeapFree(GetProcessHeap(), 0, dos);
    return utf8;
}

// User plus kernel time of this process so far, in milliseconds.
double process_cpu_ms() {
    FILETIME created{}, exited{}, kernel{}, user{};
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user)) return 0;
    const auto ticks = [](const FILETIME& time) {
        return (static_cast<unsigned long long>(time.dwHighDateTime) << 32U) | time.dwLowDateTime;
    };
    return static_cast<double>(ticks(kernel) + ticks(user)) / 10000.0;  // 100 ns units
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: ic_bench_directory_usage <folder> [runs]\n");
        return 2;
    }
    std::string folder = argv[1];
    if (!folder.empty() && folder[0] == '/') folder = wine_dos_path(folder);
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;

    const std::unique_ptr<ic::os::System> system = ic::os::make_native_system();
    for (int run = 0; run < runs; ++run) {
        const double cpu_before = process_cpu_ms();
        const auto started = std::chrono::steady_clock::now();
        const auto usage = system->files().directory_usage(folder, 10, 260);
        const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - started;
        const double cpu = process_cpu_ms() - cpu_before;
        if (!usage) {
            std::fprintf(stderr, "%s\n", usage.error().describe().c_str());
            return 1;
        }
        if (!usage.value()) {
            std::fprintf(stderr, "no such folder: %s\n", folder.c_str());
            return 1;
        }
        const ic::os::DirectoryUsage& found = *usage.value();
        std::printf("total_bytes=%llu files=%llu folders=%llu reparse_points_skipped=%llu unreadable_folders=%llu "
                    "elapsed_ms=%.1f cpu_ms=%.1f\n",
                    static_cast<unsigned long long>(found.total_bytes), static_cast<unsigned long long>(found.files),
                    static_cast<unsigned long long>(found.folders),
                    static_cast<unsigned long long>(found.reparse_points_skipped),
                    static_cast<unsigned long long>(found.unreadable_folders), elapsed.count(), cpu);
        std::fflush(stdout);
    }
    return 0;
}
