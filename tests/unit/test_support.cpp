#include "test_support.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

namespace ic::test {

namespace {

// Removes every folder make_temp_dir created once all tests have run.
class TempDirCleaner : public ::testing::Environment {
public:
    static std::vector<std::filesystem::path>& folders() {
        static std::vector<std::filesystem::path> list;
        return list;
    }
    static std::mutex& mutex() {
        static std::mutex m;
        return m;
    }
    void TearDown() override {
        std::lock_guard<std::mutex> lock(mutex());
        for (const auto& dir : folders()) {
            std::error_code ec;
            std::filesystem::remove_all(dir, ec);
        }
    }
};

const auto* const kCleaner = ::testing::AddGlobalTestEnvironment(new TempDirCleaner);

}  // namespace

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
    std::lock_guard<std::mutex> lock(TempDirCleaner::mutex());
    TempDirCleaner::folders().push_back(dir);
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
