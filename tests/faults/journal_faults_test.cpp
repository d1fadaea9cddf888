// Faults around the undo journal on real file systems: a full disk during the journal write (a 64 KiB
// tmpfs), a read-only journal folder (a read-only bind mount), and a process killed between "journaled"
// and "done". tests/faults/run-fault-tests.sh mounts the file systems in a private mount namespace and
// passes them in IC_FAULT_SMALL_FS and IC_FAULT_READONLY_DIR; the killed-process test needs neither.
// Each ends with nothing lost and an undo that restores exactly.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include <nlohmann/json.hpp>

#include "imagechecker/fix_engine.h"
#include "imagechecker/os/memory_system.h"
#include "forwarding_system.h"

namespace ic {
namespace {

namespace fs = std::filesystem;
using os::RegistryHive;
using os::RegistryValue;
constexpr auto HKLM = RegistryHive::LocalMachine;
const std::string kKey = "SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment";
const RegistryValue kOldPath = RegistryValue::expand_string("%SystemRoot%\\system32;C:\\Tools");
const RegistryValue kNewPath = RegistryValue::expand_string("%SystemRoot%\\system32;%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\;C:\\Tools");

const FixLog kQuiet = [](const std::string&, const std::string&) {};

std::string env_dir(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A Path fix as the environment-path check plans it: the value, then the broadcast that depends on it.
FixPlan path_plan() {
    FixPlan plan{"environment-path", true, "Add the missing entries to the system Path", {}};
    plan.changes.push_back(make_change(RegistryValueChange{HKLM, kKey, "Path", kOldPath, kNewPath}, "Add the missing entries"));
    plan.changes.push_back(make_change(EnvironmentBroadcast{}, "Tell running programs"));
    return plan;
}

std::shared_ptr<os::MemorySystem> machine() {
    auto system = std::make_shared<os::MemorySystem>();
    system->set_machine_name("WS-1234");
    system->set_value(HKLM, kKey, "Path", kOldPath);
    return system;
}

/// Forwards to a MemorySystem and runs `before_write` just before a registry value is written.
class HookedSystem : public test::ForwardingSystem {
public:
    explicit HookedSystem(std::shared_ptr<os::MemorySystem> inner) : ForwardingSystem(std::move(inner)) {}
    std::function<void()> before_write;
    std::function<void()> after_write;

    os::Result<void> write_value(RegistryHive h, const std::string& p, const std::string& n, const RegistryValue& v) override {
        if (before_write) before_write();
        auto done = ForwardingSystem::write_value(h, p, n, v);
        if (after_write) after_write();
        return done;
    }
};

// Fills the file system holding `dir` to the last byte; returns the filler's path.
std::string fill_disk(const std::string& dir) {
    const std::string filler = dir + "/filler";
    std::FILE* file = std::fopen(filler.c_str(), "wb");
    if (file == nullptr) return filler;
    const std::string block(4096, 'x');
    while (std::fwrite(block.data(), 1, block.size(), file) == block.size()) {
    }
    std::fclose(file);
    // Small remainders a whole block did not fit in.
    file = std::fopen(filler.c_str(), "ab");
    if (file != nullptr) {
        std::setvbuf(file, nullptr, _IONBF, 0);
        while (std::fputc('x', file) != EOF) {
        }
        std::fclose(file);
    }
    return filler;
}

CheckRegistry no_checks() { return CheckRegistry{}; }

// ---- A full disk ----

TEST(JournalFaults, AFullDiskBeforeTheFirstChangeChangesNothingAndLeavesNoTemporaryFile) {
    const std::string small = env_dir("IC_FAULT_SMALL_FS");
    if (small.empty()) GTEST_SKIP() << "run through tests/faults/run-fault-tests.sh (needs a small tmpfs)";
    const std::string dir = small + "/before";
    fs::create_directories(dir);
    auto system = machine();
    const auto facts = read_machine_facts(*system, "");
    auto journal = FixJournal::open(dir + "/ImageChecker_20261201120000.fixes.json", facts);
    const auto journal_before = read_file(journal.path());
    const auto filler = fill_disk(dir);

    const auto batch = apply_fixes(no_checks(), system, {path_plan()}, journal, RunOptions{}, kQuiet);
    EXPECT_NE(batch.journal_error.find("No space left on device"), std::string::npos) << batch.journal_error;
    EXPECT_EQ(system->registry().read_value(HKLM, kKey, "Path").value(), kOldPath) << "not journaled, so not changed";
    EXPECT_EQ(system->environment_broadcasts(), 0U);
    EXPECT_EQ(read_file(journal.path()), journal_before) << "the journal on disk is whole and unchanged";
    EXPECT_FALSE(fs::exists(journal.path() + ".tmp")) << "the failed write gave its space back";
    fs::remove(filler);
}

TEST(JournalFaults, ADiskThatFillsDuringTheChangeLeavesAPendingEntryAndUndoRestoresExactly) {
    const std::string small = env_dir("IC_FAULT_SMALL_FS");
    if (small.empty()) GTEST_SKIP() << "run through tests/faults/run-fault-tests.sh (needs a small tmpfs)";
    const std::string dir = small + "/during";
    fs::create_directories(dir);
    auto memory = machine();
    auto system = std::make_shared<HookedSystem>(memory);
    std::string filler;
    system->before_write = [&] { filler = fill_disk(dir); };  // the antivirus, a log, a download: the disk is full now
    auto journal = FixJournal::open(dir + "/ImageChecker_20261201120100.fixes.json", read_machine_facts(*system, ""));

    const auto batch = apply_fixes(no_checks(), system, {path_plan()}, journal, RunOptions{}, kQuiet);
    EXPECT_FALSE(batch.journal_error.empty());
    EXPECT_EQ(memory->registry().read_value(HKLM, kKey, "Path").value(), kNewPath) << "the change itself was made";
    EXPECT_EQ(memory->environment_broadcasts(), 0U) << "no further change once the journal cannot be saved";

    fs::remove(filler);  // the admin frees space, then undoes
    auto on_disk = FixJournal::load(journal.path());
    ASSERT_EQ(on_disk.entries().size(), 1U);
    EXPECT_EQ(on_disk.entries()[0].state, JournalState::Pending) << "maybe applied";
    for (const auto& step : undo(on_disk, *memory, kQuiet))
        if (step.inverse) EXPECT_TRUE(step.done) << step.reason;
    EXPECT_EQ(memory->registry().read_value(HKLM, kKey, "Path").value(), kOldPath);
    EXPECT_EQ(FixJournal::load(journal.path()).entries()[0].state, JournalState::Undone);
}

// ---- A read-only journal folder ----

TEST(JournalFaults, AReadOnlyJournalFolderChangesNothingAndKeepsTheJournal) {
    const std::string readonly = env_dir("IC_FAULT_READONLY_DIR");
    if (readonly.empty()) GTEST_SKIP() << "run through tests/faults/run-fault-tests.sh (needs a read-only mount)";
    auto system = machine();
    const auto facts = read_machine_facts(*system, "");
    // A new journal cannot be created there...
    EXPECT_THROW(FixJournal::open(readonly + "/ImageChecker_20261201120200.fixes.json", facts), JournalError);
    // ...and one the first Fix All wrote before the folder became read-only is not lost by the second.
    const std::string existing = readonly + "/ImageChecker_20261201115900.fixes.json";
    ASSERT_TRUE(fs::exists(existing)) << "the script stages a journal there before making the folder read-only";
    const auto before = read_file(existing);
    try {
        FixJournal::open(existing, facts);
        FAIL() << "a batch was started in a journal that cannot be written";
    } catch (const JournalError& e) {
        EXPECT_NE(std::string(e.what()).find("Read-only file system"), std::string::npos) << e.what();
    }
    EXPECT_EQ(read_file(existing), before);
    EXPECT_EQ(system->writes(), 0U);
}

// ---- A process killed between "journaled" and "done" ----

// The machine must outlive the killed process, so the stand-in registry value lives in a file that the
// child writes (durably) as its "registry write", then dies before the journal records the outcome.
TEST(JournalFaults, AProcessKilledAfterTheChangeLeavesAJournalThatUndoesExactly) {
    const std::string dir = fs::temp_directory_path().string() + "/ic-fault-kill-" + std::to_string(::getpid());
    fs::create_directories(dir);
    const std::string journal_path = dir + "/ImageChecker_20261201120300.fixes.json";
    const std::string machine_file = dir + "/path-value.txt";
    std::ofstream(machine_file) << kOldPath.text;

    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        auto memory = machine();
        auto system = std::make_shared<HookedSystem>(memory);
        system->after_write = [&] {
            std::ofstream(machine_file, std::ios::trunc) << memory->registry().read_value(HKLM, kKey, "Path").value()->text << std::flush;
            ::raise(SIGKILL);  // killed between "changed" and "journaled as done"
        };
        auto journal = FixJournal::open(journal_path, read_machine_facts(*system, ""));
        apply_fixes(no_checks(), system, {path_plan()}, journal, RunOptions{}, kQuiet);
        ::_exit(3);  // not reached
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the child died where it should";

    // After the restart: the machine holds the new value; the journal says "pending".
    auto restarted = machine();
    restarted->set_value(HKLM, kKey, "Path", RegistryValue::expand_string(read_file(machine_file)));
    ASSERT_EQ(restarted->registry().read_value(HKLM, kKey, "Path").value(), kNewPath);
    auto journal = FixJournal::load(journal_path);  // whole JSON, not half of one
    ASSERT_EQ(journal.entries().size(), 1U);
    EXPECT_EQ(journal.entries()[0].state, JournalState::Pending);
    const auto plan = plan_undo(journal, *restarted);
    ASSERT_EQ(plan.size(), 1U);
    EXPECT_TRUE(plan[0].inverse.has_value()) << plan[0].reason;
    for (const auto& step : undo(journal, *restarted, kQuiet)) EXPECT_TRUE(step.done) << step.reason;
    EXPECT_EQ(restarted->registry().read_value(HKLM, kKey, "Path").value(), kOldPath) << "type and text restored exactly";
    fs::remove_all(dir);
}

TEST(JournalFaults, AProcessKilledBeforeTheChangeLeavesAJournalThatChangesNothing) {
    const std::string dir = fs::temp_directory_path().string() + "/ic-fault-kill-before-" + std::to_string(::getpid());
    fs::create_directories(dir);
    const std::string journal_path = dir + "/ImageChecker_20261201120400.fixes.json";
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        auto memory = machine();
        auto system = std::make_shared<HookedSystem>(memory);
        system->before_write = [] { ::raise(SIGKILL); };  // journaled, then killed before the change
        auto journal = FixJournal::open(journal_path, read_machine_facts(*system, ""));
        apply_fixes(no_checks(), system, {path_plan()}, journal, RunOptions{}, kQuiet);
        ::_exit(3);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status));
    auto untouched = machine();
    auto journal = FixJournal::load(journal_path);
    ASSERT_EQ(journal.entries().size(), 1U);
    EXPECT_EQ(journal.entries()[0].state, JournalState::Pending);
    const auto steps = undo(journal, *untouched, kQuiet);
    ASSERT_EQ(steps.size(), 1U);
    EXPECT_FALSE(steps[0].inverse.has_value());
    EXPECT_NE(steps[0].reason.find("never applied"), std::string::npos) << steps[0].reason;
    EXPECT_EQ(untouched->writes(), 0U);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace ic
