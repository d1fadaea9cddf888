#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include <nlohmann/json.hpp>

#include "imagechecker/fix_engine.h"
#include "forwarding_system.h"
#include "test_support.h"

namespace ic {
namespace {

using os::RegistryHive;
using os::RegistryValue;
using test::EnabledValueCheck;
constexpr auto HKLM = RegistryHive::LocalMachine;
const std::string kKey = EnabledValueCheck::kKey;

CheckRegistry test_registry() { return test::fixable_test_registry(); }

std::string journal_path() { return test::make_temp_dir("ic-fix") + "/ImageChecker_20261123231001.fixes.json"; }

std::vector<FixPlan> plan_all(const CheckRegistry& r, os::System& system) {
    const auto machine = read_machine_facts(system, "");
    std::string error;
    auto plan = plan_fix_for(r, "enabled-value", system, machine, error);
    EXPECT_TRUE(plan.has_value()) << error;
    return plan ? std::vector<FixPlan>{*plan} : std::vector<FixPlan>{};
}

const FixLog kQuiet = [](const std::string&, const std::string&) {};

TEST(Change, DescribesWhereBeforeAndAfterForEveryKind) {
    const auto reg = make_change(RegistryValueChange{HKLM, "SYSTEM\\X", "Path", RegistryValue::expand_string("a"), RegistryValue::expand_string("a;b")}, "w");
    EXPECT_EQ(reg.where(), "HKLM\\SYSTEM\\X : Path");
    EXPECT_EQ(reg.before_text(), "REG_EXPAND_SZ a");
    EXPECT_EQ(reg.after_text(), "REG_EXPAND_SZ a;b");
    EXPECT_TRUE(reg.undoable);

    const auto created = make_change(RegistryValueChange{HKLM, "S", "N", std::nullopt, RegistryValue::dword(1)}, "w");
    EXPECT_EQ(created.before_text(), "(absent)");
    EXPECT_EQ(created.after_text(), "REG_DWORD 1");

    const auto start = make_change(ServiceStartTypeChange{"TermService", os::ServiceStartType::Disabled, os::ServiceStartType::Manual}, "w");
    EXPECT_EQ(start.where(), "service TermService (start type)");
    EXPECT_EQ(start.before_text(), "Disabled");
    EXPECT_EQ(start.after_text(), "Manual");

    const auto appx = make_change(AppxRemoval{"Microsoft.Foo_1.0_x64__8wekyb3d8bbwe", "staged for S-1-5-18"}, "w");
    EXPECT_FALSE(appx.undoable);
    EXPECT_TRUE(appx.needs_own_confirmation);
    EXPECT_FALSE(appx.not_undoable_because.empty());

    const auto builtin = make_change(ServiceAccountChange{"Svc", "NT AUTHORITY\\LocalService", "LocalSystem"}, "w");
    EXPECT_TRUE(builtin.undoable);
    const auto domain = make_change(ServiceAccountChange{"Svc", "CORP\\svc-sql", "LocalSystem"}, "w");
    EXPECT_FALSE(domain.undoable) << "restoring a domain account needs its password";
    EXPECT_TRUE(domain.needs_own_confirmation);
}

TEST(Change, InverseRestoresTheOldState) {
    const auto inverse = inverse_of(RegistryValueChange{HKLM, "S", "N", std::nullopt, RegistryValue::dword(1)});
    ASSERT_TRUE(inverse.has_value());
    const auto& r = std::get<RegistryValueChange>(*inverse);
    EXPECT_FALSE(r.after.has_value()) << "a value that did not exist is deleted again";
    EXPECT_FALSE(inverse_of(AppxRemoval{"p", ""}).has_value());
}

TEST(FixEngine, AppliesRechecksAndJournalsEveryChange) {
    auto system = std::make_shared<os::MemorySystem>();
    system->set_value(HKLM, kKey, "Enabled", RegistryValue::dword(0));
    const auto registry = test_registry();
    auto plans = plan_all(registry, *system);
    ASSERT_EQ(plans[0].changes.size(), 2U);
    EXPECT_EQ(system->writes(), 0U) << "planning touches nothing";

    auto journal = FixJournal::open(journal_path(), read_machine_facts(*system, ""));
    RunOptions options;
    std::vector<std::string> lines;
    const auto outcomes = apply_fixes(registry, system, plans, journal, options,
                                      [&](const std::string& tag, const std::string& text) { lines.push_back(tag + " " + text); }).outcomes;
    ASSERT_EQ(outcomes.size(), 1U);
    EXPECT_TRUE(outcomes[0].fixed());
    EXPECT_EQ(outcomes[0].recheck->result.status, Status::Passed);
    EXPECT_EQ(system->environment_broadcasts(), 1U);
    ASSERT_EQ(journal.entries().size(), 2U);
    EXPECT_EQ(journal.entries()[0].state, JournalState::Applied);
    ASSERT_EQ(lines.size(), 3U);
    EXPECT_EQ(lines[0], "CHANGE [enabled-value] Enable the test value: HKLM\\SOFTWARE\\ImageCheckerTest : Enabled | REG_DWORD 0 -> REG_DWORD 1 | done");
    EXPECT_EQ(lines[2], "RECHECK [enabled-value] PASSED: enabled");

    const auto reloaded = FixJournal::load(journal.path());
    ASSERT_EQ(reloaded.entries().size(), 2U);
    const auto& action = std::get<RegistryValueChange>(reloaded.entries()[0].change.action);
    EXPECT_EQ(action.before, RegistryValue::dword(0));
    EXPECT_EQ(action.after, RegistryValue::dword(1));
}

/// Forwards to a MemorySystem, but reads the journal file at the moment a registry value is written, and
/// lets a test act at that moment (fail the write, break the journal's folder).
class JournalSpySystem : public test::ForwardingSystem {
public:
    JournalSpySystem(std::shared_ptr<os::MemorySystem> inner, std::string journal) : ForwardingSystem(std::move(inner)), journal_(std::move(journal)) {}
    std::function<std::optional<os::OsError>()> on_write;

    os::Result<void> write_value(RegistryHive h, const std::string& p, const std::string& n, const RegistryValue& v) override {
        journal_at_write = test::read_file(journal_);
        if (on_write)
            if (auto error = on_write()) return *error;
        return ForwardingSystem::write_value(h, p, n, v);
    }

    std::string journal_at_write;

private:
    std::string journal_;
};

TEST(FixEngine, TheOldValueIsOnDiskBeforeTheChangeIsMade) {
    auto memory = std::make_shared<os::MemorySystem>();
    memory->set_value(HKLM, kKey, "Enabled", RegistryValue::dword(7));
    const auto path = journal_path();
    auto spy = std::make_shared<JournalSpySystem>(memory, path);
    const auto registry = test_registry();
    auto plans = plan_all(registry, *spy);
    auto journal = FixJournal::open(path, read_machine_facts(*spy, ""));
    apply_fixes(registry, spy, plans, journal, RunOptions{}, kQuiet);
    ASSERT_FALSE(spy->journal_at_write.empty());
    const auto document = nlohmann::json::parse(spy->journal_at_write);
    ASSERT_EQ(document["changes"].size(), 1U);
    EXPECT_EQ(document["changes"][0]["state"], "pending");
    EXPECT_EQ(document["changes"][0]["action"]["before"]["number"], 7);
}

TEST(FixEngine, AFailedChangeIsJournaledAndStopsThatPlan) {
    auto memory = std::make_shared<os::MemorySystem>();
    memory->set_value(HKLM, kKey, "Enabled", RegistryValue::dword(0));
    const auto path = journal_path();
    auto system = std::make_shared<JournalSpySystem>(memory, path);
    system->on_write = [] { return std::optional<os::OsError>(test::access_denied("RegSetValueExW")); };
    const auto registry = test_registry();
    auto plans = plan_all(registry, *system);
    auto journal = FixJournal::open(path, read_machine_facts(*system, ""));
    const auto outcomes = apply_fixes(registry, system, plans, journal, RunOptions{}, kQuiet).outcomes;
    EXPECT_FALSE(outcomes[0].all_applied());
    EXPECT_EQ(outcomes[0].changes.size(), 1U) << "the broadcast after the failed write is not attempted";
    EXPECT_EQ(journal.entries()[0].state, JournalState::Failed);
    EXPECT_NE(journal.entries()[0].note.find("error 5"), std::string::npos);
    EXPECT_EQ(memory->environment_broadcasts(), 0U);
    EXPECT_NE(outcomes[0].problem().find("a change failed"), std::string::npos) << outcomes[0].problem();
}

// ---- The journal is never lost ----

TEST(FixJournal, ASecondFixInTheSameRunAppendsAndOneUndoRestoresBoth) {
    auto system = std::make_shared<os::MemorySystem>();
    system->set_value(HKLM, kKey, "Enabled", RegistryValue::dword(0));
    system->set_value(HKLM, "SOFTWARE\\Other", "Level", RegistryValue::string("low"));
    const auto registry = test_registry();
    const auto path = journal_path();
    const auto machine = read_machine_facts(*system, "");

    auto first = FixJournal::open(path, machine);  // the first press of Fix All Warnings
    apply_fixes(registry, system, plan_all(registry, *system), first, RunOptions{}, kQuiet);
    ASSERT_EQ(first.entries().size(), 2U);

    FixPlan second_plan{"enabled-value", true, "second", {}};  // the second press, minutes later
    second_plan.changes.push_back(
        make_change(RegistryValueChange{HKLM, "SOFTWARE\\Other", "Level", RegistryValue::string("low"), RegistryValue::string("high")}, "raise"));
    auto second = FixJournal::open(path, machine);
    EXPECT_EQ(second.batch(), 2);
    ASSERT_EQ(second.entries().size(), 2U) << "the first batch was read back, not dropped";
    apply_fixes(registry, system, {second_plan}, second, RunOptions{}, kQuiet);

    auto whole_run = FixJournal::load(path);
    ASSERT_EQ(whole_run.entries().size(), 3U);
    EXPECT_EQ(whole_run.entries()[0].batch, 1);
    EXPECT_EQ(whole_run.entries()[2].batch, 2);
    for (const auto& step : undo(whole_run, *system, kQuiet))
        if (step.inverse) EXPECT_TRUE(step.done) << step.reason;
    EXPECT_EQ(system->registry().read_value(HKLM, kKey, "Enabled").value(), RegistryValue::dword(0));
    EXPECT_EQ(system->registry().read_value(HKLM, "SOFTWARE\\Other", "Level").value(), RegistryValue::string("low"));
}

TEST(FixJournal, AnUnreadableExistingJournalIsNeverReplaced) {
    os::MemorySystem system;
    const auto path = journal_path();
    std::ofstream(path) << "{\"format\": \"imagechecker-fixes\", \"changes\": [";  // cut off by a crash
    const auto before = test::read_file(path);
    EXPECT_THROW(FixJournal::open(path, read_machine_facts(system, "")), JournalError);
    EXPECT_EQ(test::read_file(path), before);
}

TEST(FixJournal, AJournalOfAnotherMachineIsNotAppendedTo) {
    os::MemorySystem here;
    here.set_machine_name("WS-HERE");
    os::MemorySystem there;
    there.set_machine_name("WS-THERE");
    const auto path = journal_path();
    FixJournal::open(path, read_machine_facts(there, ""));
    const auto before = test::read_file(path);
    try {
        FixJournal::open(path, read_machine_facts(here, ""));
        FAIL() << "appended to another machine's journal";
    } catch (const JournalError& e) {
        EXPECT_NE(std::string(e.what()).find("WS-THERE"), std::string::npos) << e.what();
    }
    EXPECT_EQ(test::read_file(path), before);
}

TEST(FixJournal, VersionOneJournalsStillLoadAsOneBatch) {
    const auto path = journal_path();
    std::ofstream(path) << R"({"format":"imagechecker-fixes","version":1,"machine":"WS","created_at":"2026-11-23T23:10:01Z","changes":[
      {"check_id":"enabled-value","what":"w","state":"applied",
       "action":{"type":"registry-value","hive":"HKLM","path":"S","name":"N","before":null,"after":{"type":"REG_DWORD","number":1}}}]})";
    const auto journal = FixJournal::load(path);
    ASSERT_EQ(journal.entries().size(), 1U);
    EXPECT_EQ(journal.entries()[0].batch, 1);
    EXPECT_EQ(journal.batch(), 1);
}

TEST(FixEngine, AChangeWhoseValueMovedAfterThePreviewIsNotMade) {
    auto system = std::make_shared<os::MemorySystem>();
    system->set_value(HKLM, kKey, "Enabled", RegistryValue::dword(0));
    const auto registry = test_registry();
    auto plans = plan_all(registry, *system);                          // the preview is read...
    system->set_value(HKLM, kKey, "Enabled", RegistryValue::dword(3));  // ...and someone edits the value while it is open
    auto journal = FixJournal::open(journal_path(), read_machine_facts(*system, ""));
    const auto outcomes = apply_fixes(registry, system, plans, journal, RunOptions{}, kQuiet).outcomes;
    ASSERT_FALSE(outcomes[0].changes.empty());
    EXPECT_TRUE(outcomes[0].changes[0].stale);
    EXPECT_FALSE(outcomes[0].changes[0].applied);
    EXPECT_NE(outcomes[0].changes[0].error.find("REG_DWORD 3"), std::string::npos) << outcomes[0].changes[0].error;
    EXPECT_EQ(system->registry().read_value(HKLM, kKey, "Enabled").value(), RegistryValue::dword(3)) << "the edit is kept";
    EXPECT_TRUE(journal.entries().empty()) << "nothing was changed, so nothing is journaled";
    EXPECT_EQ(system->environment_broadcasts(), 0U) << "the dependent broadcast is not made either";
}

TEST(FixEngine, AChangeSomeoneAlreadyMadeMeanwhileIsNeitherMadeNorJournaled) {
    auto system = std::make_shared<os::MemorySystem>();
    system->set_value(HKLM, kKey, "Enabled", RegistryValue::dword(0));
    const auto registry = test_registry();
    auto plans = plan_all(registry, *system);
    system->set_value(HKLM, kKey, "Enabled", RegistryValue::dword(1));  // fixed by hand while the preview was open
    const auto writes_before = system->writes();
    auto journal = FixJournal::open(journal_path(), read_machine_facts(*system, ""));
    std::vector<std::string> lines;
    const auto outcomes =
        apply_fixes(registry, system, plans, journal, RunOptions{}, [&](const std::string& t, const std::string& x) { lines.push_back(t + " " + x); })
            .outcomes;
    EXPECT_TRUE(outcomes[0].changes[0].applied);
    EXPECT_FALSE(outcomes[0].changes[0].stale);
    EXPECT_EQ(system->writes(), writes_before) << "the value was not written again";
    ASSERT_FALSE(lines.empty());
    EXPECT_NE(lines[0].find("ALREADY SO"), std::string::npos) << lines[0];
    ASSERT_EQ(journal.entries().size(), 1U) << "only the broadcast, which was made, is journaled";
    EXPECT_TRUE(outcomes[0].fixed());
}

TEST(FixEngine, AJournalThatCannotBeSavedBeforeAChangeMeansTheChangeIsNotMade) {
    auto system = std::make_shared<os::MemorySystem>();
    system->set_value(HKLM, kKey, "Enabled", RegistryValue::dword(0));
    const auto registry = test_registry();
    const auto path = journal_path();
    auto plans = plan_all(registry, *system);
    auto journal = FixJournal::open(path, read_machine_facts(*system, ""));
    std::filesystem::create_directory(path + ".tmp");  // the next save cannot create its temporary file
    const auto batch = apply_fixes(registry, system, plans, journal, RunOptions{}, kQuiet);
    EXPECT_NE(batch.journal_error.find("could not be saved"), std::string::npos) << batch.journal_error;
    EXPECT_EQ(system->registry().read_value(HKLM, kKey, "Enabled").value(), RegistryValue::dword(0));
    EXPECT_EQ(system->environment_broadcasts(), 0U);
    EXPECT_TRUE(journal.entries().empty());
    ASSERT_EQ(batch.outcomes.size(), 1U);
    EXPECT_FALSE(batch.outcomes[0].all_applied());
}

TEST(FixEngine, AJournalLostAfterTheChangeLeavesAPendingEntryThatUndoRestores) {
    auto memory = std::make_shared<os::MemorySystem>();
    memory->set_value(HKLM, kKey, "Enabled", RegistryValue::dword(0));
    const auto path = journal_path();
    auto system = std::make_shared<JournalSpySystem>(memory, path);
    // The disk fills (here: the temporary file cannot be created) while the value is being written.
    system->on_write = [&] {
        std::filesystem::create_directory(path + ".tmp");
        return std::optional<os::OsError>();
    };
    const auto registry = test_registry();
    auto plans = plan_all(registry, *system);
    auto journal = FixJournal::open(path, read_machine_facts(*system, ""));
    const auto batch = apply_fixes(registry, system, plans, journal, RunOptions{}, kQuiet);
    EXPECT_FALSE(batch.journal_error.empty());
    EXPECT_EQ(memory->registry().read_value(HKLM, kKey, "Enabled").value(), RegistryValue::dword(1)) << "the change was made";
    EXPECT_EQ(memory->environment_broadcasts(), 0U) << "no further change without a journal";
    ASSERT_TRUE(batch.outcomes[0].recheck.has_value()) << "the check still runs again";

    std::filesystem::remove(path + ".tmp");  // space is back
    auto on_disk = FixJournal::load(path);
    ASSERT_EQ(on_disk.entries().size(), 1U);
    EXPECT_EQ(on_disk.entries()[0].state, JournalState::Pending);
    const auto steps = undo(on_disk, *memory, kQuiet);
    ASSERT_EQ(steps.size(), 1U);
    EXPECT_TRUE(steps[0].done) << steps[0].reason;
    EXPECT_EQ(memory->registry().read_value(HKLM, kKey, "Enabled").value(), RegistryValue::dword(0));
}

TEST(FixEngine, APendingEntryWhoseChangeNeverHappenedIsLeftAlone) {
    auto system = std::make_shared<os::MemorySystem>();
    system->set_value(HKLM, kKey, "Enabled", RegistryValue::dword(0));
    auto journal = FixJournal::open(journal_path(), read_machine_facts(*system, ""));
    // Killed between journaling and changing: the entry is pending, the machine still holds "before".
    journal.add("enabled-value", make_change(RegistryValueChange{HKLM, kKey, "Enabled", RegistryValue::dword(0), RegistryValue::dword(1)}, "w"));
    const auto steps = undo(journal, *system, kQuiet);
    ASSERT_EQ(steps.size(), 1U);
    EXPECT_FALSE(steps[0].inverse.has_value());
    EXPECT_NE(steps[0].reason.find("never applied"), std::string::npos) << steps[0].reason;
    EXPECT_EQ(system->writes(), 0U);
}

TEST(FixEngine, UndoRestoresTheExactOldStateIncludingAbsentValues) {
    auto system = std::make_shared<os::MemorySystem>();
    system->add_key(HKLM, kKey);  // the value does not exist yet
    const auto registry = test_registry();
    auto plans = plan_all(registry, *system);
    auto journal = FixJournal::open(journal_path(), read_machine_facts(*system, ""));
    apply_fixes(registry, system, plans, journal, RunOptions{}, kQuiet);
    ASSERT_TRUE(system->registry().read_value(HKLM, kKey, "Enabled").value().has_value());

    auto loaded = FixJournal::load(journal.path());
    const auto steps = undo(loaded, *system, kQuiet);
    for (const auto& s : steps) EXPECT_TRUE(s.done) << s.reason;
    EXPECT_FALSE(system->registry().read_value(HKLM, kKey, "Enabled").value().has_value());
    EXPECT_EQ(system->environment_broadcasts(), 2U) << "programs are told again after the restore";
    EXPECT_EQ(FixJournal::load(journal.path()).entries()[0].state, JournalState::Undone);
    EXPECT_TRUE(plan_undo(FixJournal::load(journal.path()), *system)[0].reason == "already undone");
}

TEST(FixEngine, UndoLeavesAValueThatWasChangedAgainSinceTheFix) {
    auto system = std::make_shared<os::MemorySystem>();
    system->set_value(HKLM, kKey, "Enabled", RegistryValue::dword(0));
    const auto registry = test_registry();
    auto plans = plan_all(registry, *system);
    auto journal = FixJournal::open(journal_path(), read_machine_facts(*system, ""));
    apply_fixes(registry, system, plans, journal, RunOptions{}, kQuiet);
    system->set_value(HKLM, kKey, "Enabled", RegistryValue::dword(5));  // someone edits it afterwards

    const auto steps = undo(journal, *system, kQuiet);
    const auto registry_step = *std::find_if(steps.begin(), steps.end(), [](const UndoStep& s) { return s.entry == 0; });
    EXPECT_FALSE(registry_step.done);
    EXPECT_NE(registry_step.reason.find("changed again since the fix (now REG_DWORD 5)"), std::string::npos) << registry_step.reason;
    EXPECT_EQ(system->registry().read_value(HKLM, kKey, "Enabled").value()->number, 5U);
    EXPECT_EQ(journal.entries()[0].state, JournalState::NotUndone);
}

TEST(FixEngine, UndoNeverTouchesWhatCannotBeUndone) {
    auto system = std::make_shared<os::MemorySystem>();
    auto journal = FixJournal::open(journal_path(), read_machine_facts(*system, ""));
    const auto index = journal.add("appx-staged", make_change(AppxRemoval{"Pkg_1.0_x64__abc", "S-1-5-18"}, "Remove Pkg"));
    journal.set_state(index, JournalState::Applied);
    const auto steps = plan_undo(journal, *system);
    ASSERT_EQ(steps.size(), 1U);
    EXPECT_FALSE(steps[0].inverse.has_value());
    EXPECT_NE(steps[0].reason.find("cannot be undone"), std::string::npos);
}

TEST(FixJournal, PathSitsNextToTheLog) {
    EXPECT_EQ(journal_path_for_log("C:\\Program Files\\Amazon\\ImageChecker_20261123231001.log"),
              "C:\\Program Files\\Amazon\\ImageChecker_20261123231001.fixes.json");
}

TEST(FixJournal, CorruptOrForeignFilesAreClearErrors) {
    const auto dir = test::make_temp_dir("ic-fix");
    std::ofstream(dir + "/corrupt.json") << "{\"format\":";
    EXPECT_THROW(FixJournal::load(dir + "/corrupt.json"), JournalError);
    std::ofstream(dir + "/other.json") << "{\"format\":\"something-else\"}";
    try {
        FixJournal::load(dir + "/other.json");
        FAIL();
    } catch (const JournalError& e) {
        EXPECT_NE(std::string(e.what()).find("is not an ImageChecker undo journal"), std::string::npos);
    }
    EXPECT_THROW(FixJournal::load(dir + "/missing.json"), JournalError);
}

TEST(FixJournal, AnUnwritableFolderIsAnErrorBeforeAnythingChanges) {
    os::MemorySystem system;
    EXPECT_THROW(FixJournal::open("/nonexistent-folder/x.fixes.json", read_machine_facts(system, "")), JournalError);
}

}  // namespace
}  // namespace ic

namespace ic {
namespace {

TEST(FixEngine, IndependentChangesAreAllTriedEvenAfterOneFails) {
    auto system = std::make_shared<os::MemorySystem>();
    FixPlan plan{"appx-staged", true, "Remove staged packages", {}};
    plan.stop_at_first_failure = false;
    plan.changes.push_back(make_change(AppxRemoval{"First_1.0_x64__abc", "S-1-5-18"}, "Remove First"));
    plan.changes.push_back(make_change(AppxRemoval{"Second_1.0_x64__abc", "S-1-5-18"}, "Remove Second"));
    system->fail_packages(os::OsError{"Remove-AppxPackage", 1, "in use"});
    auto journal = FixJournal::open(test::make_temp_dir("ic-fix") + "/j.fixes.json", read_machine_facts(*system, ""));
    const auto outcomes = apply_fixes(test::fixable_test_registry(), system, {plan}, journal, RunOptions{},
                                      [](const std::string&, const std::string&) {}).outcomes;
    ASSERT_EQ(outcomes[0].changes.size(), 2U);
    EXPECT_EQ(journal.entries()[1].state, JournalState::Failed);
}

}  // namespace
}  // namespace ic
