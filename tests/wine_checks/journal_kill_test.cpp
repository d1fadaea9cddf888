// A fix killed between "journaled" and "done", on the real registry: this test program starts itself
// again as a child that applies a registry fix through the fix engine and is terminated right after the
// registry write, before the journal records the outcome. The parent then reads the journal (whole, the
// entry "pending") and undoes it: the value comes back byte for byte.
#include <gtest/gtest.h>
#include <windows.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "imagechecker/fix_engine.h"
#include "imagechecker/os/system.h"
#include "forwarding_system.h"
#include "wine_support.h"

namespace ic::wine_checks {
namespace {

constexpr const char* kChildJournalVariable = "IC_KILL_CHILD_JOURNAL";
constexpr const char* kChildKeyVariable = "IC_KILL_CHILD_KEY";
constexpr UINT kKilledExitCode = 9;

/// The native machine, except that the process is terminated as soon as a registry value is written.
class DiesAfterWrite : public test::ForwardingSystem {
public:
    DiesAfterWrite() : ForwardingSystem(os::make_native_system()) {}
    os::Result<void> write_value(os::RegistryHive h, const std::string& p, const std::string& n, const os::RegistryValue& v) override {
        auto done = ForwardingSystem::write_value(h, p, n, v);
        TerminateProcess(GetCurrentProcess(), kKilledExitCode);  // the power cut, the taskkill, the crash
        return done;
    }
};

const os::RegistryValue kOld = os::RegistryValue::expand_string("%SystemRoot%\\system32;C:\\Tools");
const os::RegistryValue kNew = os::RegistryValue::expand_string("%SystemRoot%\\system32;%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\;C:\\Tools");

FixPlan plan_for(const std::string& key) {
    FixPlan plan{"environment-path", true, "Add the missing entries", {}};
    plan.changes.push_back(make_change(RegistryValueChange{os::RegistryHive::LocalMachine, key, "Path", kOld, kNew}, "Add the missing entries"));
    plan.changes.push_back(make_change(EnvironmentBroadcast{}, "Tell running programs"));
    return plan;
}

// The child half: runs only when the parent test below starts this program with the variables set.
TEST(JournalKillChild, AppliesTheFixAndIsKilledMidway) {
    const char* journal_path = std::getenv(kChildJournalVariable);
    const char* key = std::getenv(kChildKeyVariable);
    if (journal_path == nullptr || key == nullptr) GTEST_SKIP() << "the child half of FixEngineOnWine.AKilledFix...; started by it";
    auto system = std::make_shared<DiesAfterWrite>();
    auto journal = FixJournal::open(journal_path, read_machine_facts(*system, ""));
    apply_fixes(CheckRegistry{}, system, {plan_for(key)}, journal, RunOptions{}, [](const std::string&, const std::string&) {});
    ADD_FAILURE() << "the child was not terminated by the registry write";
}

TEST(FixEngineOnWine, AFixKilledAfterTheRegistryWriteIsUndoneExactlyFromItsJournal) {
    const std::wstring key = L"SOFTWARE\\ImageCheckerTest\\" + unique_name(L"KilledFix");
    const std::string key_utf8 = utf8(key);
    ASSERT_TRUE(write_raw(key, L"Path", string_value(REG_EXPAND_SZ, wide(kOld.text))));
    const RawValue staged = *read_raw(key, L"Path");
    struct Cleanup {
        std::wstring key, journal;
        ~Cleanup() {
            delete_key_tree(key);
            DeleteFileW(journal.c_str());
        }
    } const cleanup{key, temp_dir() + L"\\" + unique_name(L"ImageChecker_killed") + L".fixes.json"};

    wchar_t self[MAX_PATH] = {};
    ASSERT_GT(GetModuleFileNameW(nullptr, self, MAX_PATH), 0U);
    std::wstring command = L"\"" + std::wstring(self) + L"\" --gtest_filter=JournalKillChild.*";
    SetEnvironmentVariableW(wide(kChildJournalVariable).c_str(), cleanup.journal.c_str());
    SetEnvironmentVariableW(wide(kChildKeyVariable).c_str(), key.c_str());
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION child{};
    const BOOL started = CreateProcessW(nullptr, command.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &startup, &child);
    SetEnvironmentVariableW(wide(kChildJournalVariable).c_str(), nullptr);
    SetEnvironmentVariableW(wide(kChildKeyVariable).c_str(), nullptr);
    ASSERT_TRUE(started) << "CreateProcessW failed with " << GetLastError();
    WaitForSingleObject(child.hProcess, 120000);
    DWORD exit_code = 0;
    GetExitCodeProcess(child.hProcess, &exit_code);
    CloseHandle(child.hThread);
    CloseHandle(child.hProcess);
    ASSERT_EQ(exit_code, kKilledExitCode) << "the child must die right after the registry write";

    ASSERT_EQ(read_raw(key, L"Path"), std::optional<RawValue>(string_value(REG_EXPAND_SZ, wide(kNew.text)))) << "the change was made";
    FixJournal journal = FixJournal::load(utf8(cleanup.journal));  // a whole journal, not half of one
    ASSERT_EQ(journal.entries().size(), 1U) << "the broadcast was never journaled";
    EXPECT_EQ(journal.entries()[0].state, JournalState::Pending);

    const auto system = os::make_native_system();
    const auto steps = undo(journal, *system, [](const std::string& tag, const std::string& line) { std::cout << "[ killed   ] " << tag << " " << line << "\n"; });
    ASSERT_EQ(steps.size(), 1U);
    EXPECT_TRUE(steps[0].done) << steps[0].reason;
    EXPECT_EQ(read_raw(key, L"Path"), std::optional<RawValue>(staged)) << "restored byte for byte";
    EXPECT_EQ(FixJournal::load(utf8(cleanup.journal)).entries()[0].state, JournalState::Undone);
}

}  // namespace
}  // namespace ic::wine_checks
