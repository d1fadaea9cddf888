#include "test_support.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ic::test {

CheckResult run_check(Check& check, os::MemorySystem& system, const std::string& user) {
    CheckContext context{system, user, system.host().os().value(), CancelToken{}};
    return check.run(context);
}

const Evidence* find_evidence(const CheckResult& result, const std::string& item) {
    for (const auto& e : result.evidence)
        if (e.item == item) return &e;
    return nullptr;
}

std::string make_temp_dir(const std::string& prefix) {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    auto dir = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(stamp) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir);
    return dir.u8string();
}

std::string read_file(const std::string& path) {
    std::ifstream in(std::filesystem::u8path(path), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

os::OsError access_denied(const std::string& api) { return os::OsError{api, 5, "Access is denied."}; }

}  // namespace ic::test
