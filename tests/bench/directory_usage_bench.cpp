// Times FileProbe::directory_usage on a folder, for scripts/bench-profile-walk.sh.
// Usage: ic_bench_directory_usage PATH [REPEAT]  ->  "bytes=<n> files=<n> folders=<n> best_ms=<n>"
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "imagechecker/os/system.h"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s PATH [REPEAT]\n", argv[0]);
        return 3;
    }
    const int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    auto system = ic::os::make_native_system();
    double best_ms = 1e300;
    ic::os::DirectoryUsage usage;
    for (int i = 0; i < repeat; ++i) {
        const auto begin = std::chrono::steady_clock::now();
        auto result = system->files().directory_usage(argv[1], 10, 261);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count();
        if (!result || !result.value()) {
            std::fprintf(stderr, "directory_usage failed: %s\n", result ? "no such folder" : result.error().describe().c_str());
            return 2;
        }
        usage = *result.value();
        best_ms = std::min(best_ms, ms);
    }
    std::printf("bytes=%llu files=%llu folders=%llu best_ms=%.1f\n", static_cast<unsigned long long>(usage.total_bytes),
                static_cast<unsigned long long>(usage.files), static_cast<unsigned long long>(usage.folders), best_ms);
    return 0;
}
