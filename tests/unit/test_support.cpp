#include "test_support.h"

#include "windows/drives_check.h"
#include "windows/free_space_check.h"
#include "windows/pending_reboot_check.h"

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

std::string answer_file_of_size(std::size_t bytes) {
    std::string xml = bytes >= 11 ? "<unattend/>" : "<a/>";
    if (xml.size() < bytes) xml.append(bytes - xml.size(), ' ');  // trailing white space is allowed after the root
    return xml;
}

// ---- EnabledValueCheck ----

namespace {
constexpr auto HKLM = os::RegistryHive::LocalMachine;
bool is_enabled(const std::optional<os::RegistryValue>& v) { return v && v->type == os::RegistryValueType::Dword && v->number == 1; }
}  // namespace

CheckInfo EnabledValueCheck::describe() {
    CheckInfo info;
    info.id = "enabled-value";
    info.title = "The test value is enabled";
    info.category = "Test";
    info.rationale = "Exercises the fix engine.";
    info.resolution = "Set HKLM\\SOFTWARE\\ImageCheckerTest!Enabled to 1.";
    info.fix = FixKind::Automatic;
    return info;
}

const CheckInfo& EnabledValueCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult EnabledValueCheck::run(CheckContext& c) {
    if (is_enabled(c.system.registry().read_value(HKLM, kKey, "Enabled").value())) return CheckResult::passed("enabled");
    auto result = CheckResult::warning("not enabled");
    result.fix = FixOffer{true, "set Enabled to 1"};
    return result;
}

std::optional<FixPlan> EnabledValueCheck::plan_fix(CheckContext& c) {
    FixPlan plan{"enabled-value", true, "Enable the test value", {}};
    const auto before = c.system.registry().read_value(HKLM, kKey, "Enabled").value();
    if (is_enabled(before)) return plan;
    plan.changes.push_back(make_change(RegistryValueChange{HKLM, kKey, "Enabled", before, os::RegistryValue::dword(1)}, "Enable the test value"));
    plan.changes.push_back(make_change(EnvironmentBroadcast{}, "Tell programs"));
    return plan;
}

const CheckRegistry& engine_checks() {
    static const CheckRegistry kRegistry = [] {
        CheckRegistry r;
        r.add<checks::DrivesCheck>();
        r.add<checks::PendingRebootCheck>();
        r.add<checks::FreeSpaceCheck>();
        return r;
    }();
    return kRegistry;
}

CheckRegistry fixable_test_registry() {
    CheckRegistry r;
    r.add<EnabledValueCheck>();
    return r;
}

}  // namespace ic::test
