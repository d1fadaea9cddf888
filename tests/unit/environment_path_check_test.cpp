#include <gtest/gtest.h>

#include "fix_round_trip.h"
#include "test_support.h"
#include "windows/environment_path_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::RegistryValue;
constexpr auto HKLM = os::RegistryHive::LocalMachine;
using C = EnvironmentPathCheck;

const std::string kPathItem = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment : Path";
const std::string kFreshPath =
    "%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem;%SYSTEMROOT%\\System32\\WindowsPowerShell\\v1.0\\;"
    "%SYSTEMROOT%\\System32\\OpenSSH\\";

void stage_path(MemorySystem& system, RegistryValue value) { system.set_value(HKLM, C::kEnvironmentKey, C::kPathValue, std::move(value)); }
std::optional<RegistryValue> path_now(MemorySystem& system) { return system.registry().read_value(HKLM, C::kEnvironmentKey, C::kPathValue).value(); }

std::vector<PathEntry> literal(const std::vector<std::string>& raw) {
    std::vector<PathEntry> entries;
    for (const auto& r : raw) entries.push_back({r, r});
    return entries;
}
std::vector<std::string> raw_of(const std::vector<PathEntry>& entries) {
    std::vector<std::string> raw;
    for (const auto& e : entries) raw.push_back(e.raw);
    return raw;
}

// ---- Pure PATH handling ----

TEST(EnvironmentPathCheck, SplitsAndJoinsWithoutLosingAnything) {
    struct Case {
        std::string value;
        std::vector<std::string> entries;
    };
    const Case cases[] = {
        {"", {}},
        {"C:\\a", {"C:\\a"}},
        {"C:\\a;C:\\b", {"C:\\a", "C:\\b"}},
        {"C:\\a;;C:\\b;", {"C:\\a", "", "C:\\b", ""}},
        {";", {"", ""}},
        {kFreshPath, {"%SystemRoot%\\system32", "%SystemRoot%", "%SystemRoot%\\System32\\Wbem",
                      "%SYSTEMROOT%\\System32\\WindowsPowerShell\\v1.0\\", "%SYSTEMROOT%\\System32\\OpenSSH\\"}},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(split_path_value(c.value), c.entries) << c.value;
        EXPECT_EQ(join_path_value(split_path_value(c.value)), c.value) << "round trip of " << c.value;
    }
}

TEST(EnvironmentPathCheck, ClassifiesEntriesAgainstTheWindowsFolder) {
    using K = PathEntryKind;
    struct Case {
        const char* expanded;
        K kind;
    };
    const Case cases[] = {
        {"C:\\Windows\\System32", K::System32},
        {"c:\\windows\\system32\\", K::System32},
        {"\"C:\\Windows\\System32\"", K::System32},
        {" C:\\Windows\\System32 ", K::System32},
        {"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\", K::PowerShell},
        {"C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0", K::PowerShell},
        {"C:\\Windows", K::WindowsFolder},
        {"C:\\Windows\\System32\\Wbem", K::WindowsFolder},
        {"C:\\Windows\\System32\\WindowsPowerShell\\v2.0", K::WindowsFolder},
        {"C:\\WindowsApps", K::Other},
        {"C:\\Program Files\\Git\\cmd", K::Other},
        {"%SystemRoot%\\system32", K::Other},  // not expanded: Windows would not find it either
        {"D:\\Windows\\System32", K::Other},
        {"", K::Empty},
        {"  ", K::Empty},
    };
    for (const auto& c : cases) EXPECT_EQ(classify_path_entry(c.expanded, "C:\\Windows"), c.kind) << c.expanded;
    EXPECT_EQ(classify_path_entry("C:\\Windows\\System32", "C:\\Windows\\"), K::System32) << "trailing backslash on the Windows folder";
}

TEST(EnvironmentPathCheck, AnalysisRuleTable) {
    struct Case {
        std::vector<std::string> entries;
        bool complete;     // the rule: both present
        bool fresh_order;  // reported only
    };
    const std::string s32 = "C:\\Windows\\system32";
    const std::string ps = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\";
    const Case cases[] = {
        {{s32, "C:\\Windows", ps, "C:\\Tools"}, true, true},
        {{"C:\\Windows", s32, "", ps}, true, true},
        {{s32, ps}, true, true},
        {{s32, "C:\\Tools", ps}, true, false},     // PowerShell after a program folder: reported, not judged
        {{"C:\\Python311", s32, ps}, true, false},  // all-users Python first on purpose
        {{ps, s32}, true, false},
        {{s32}, false, false},
        {{ps}, false, false},
        {{}, false, false},
    };
    for (const auto& c : cases) {
        const auto a = analyze_path(literal(c.entries), "C:\\Windows");
        EXPECT_EQ(a.complete(), c.complete) << join_path_value(c.entries);
        EXPECT_EQ(a.in_fresh_windows_order(), c.fresh_order) << join_path_value(c.entries);
    }
}

TEST(EnvironmentPathCheck, MergeOnlyInsertsMissingEntriesAndNeverMovesOne) {
    const std::string s32 = "C:\\Windows\\system32";
    const std::string ps = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\";
    const std::string s32_new = "%SystemRoot%\\system32";
    const std::string ps_new = "%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\";
    struct Case {
        std::vector<std::string> before;
        std::vector<std::string> after;
    };
    const Case cases[] = {
        {{s32, "C:\\Windows", ps, "C:\\Tools"}, {s32, "C:\\Windows", ps, "C:\\Tools"}},                    // already complete
        {{s32, "C:\\Windows", "C:\\Git\\cmd"}, {s32, "C:\\Windows", ps_new, "C:\\Git\\cmd"}},             // PowerShell inserted
        {{}, {s32_new, ps_new}},                                                                          // both inserted
        {{"C:\\Tools"}, {s32_new, ps_new, "C:\\Tools"}},
        {{"C:\\cygwin\\bin", s32, ps}, {"C:\\cygwin\\bin", s32, ps}},                                     // nothing moves
        {{ps, s32, "C:\\Git"}, {ps, s32, "C:\\Git"}},                                                     // order left alone
        {{"C:\\Python311", s32, "C:\\Git"}, {"C:\\Python311", s32, ps_new, "C:\\Git"}},                   // inserted after System32
        {{s32 + "\\", "", "C:\\x"}, {s32 + "\\", "", ps_new, "C:\\x"}},                                   // empty entries stay
    };
    for (const auto& c : cases) {
        const auto merged = merge_required_path_entries(literal(c.before), "C:\\Windows", true);
        EXPECT_EQ(raw_of(merged), c.after) << join_path_value(c.before);
        EXPECT_TRUE(analyze_path(merged, "C:\\Windows").complete()) << join_path_value(c.before);
    }
}

TEST(EnvironmentPathCheck, MergeSpellsFoldersOutInARegSzValue) {
    const auto merged = merge_required_path_entries({}, "C:\\Windows", false);
    EXPECT_EQ(raw_of(merged), (std::vector<std::string>{"C:\\Windows\\system32", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\"}));
}

// ---- Outcomes ----

TEST(EnvironmentPathCheck, PassesOnAFreshWindowsPath) {
    MemorySystem system;
    stage_path(system, RegistryValue::expand_string(kFreshPath));
    EnvironmentPathCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "the system Path lists System32 (entry 1) and Windows PowerShell (entry 4)");
    EXPECT_EQ(test::find_evidence(result, "Order (not judged)")->observed.rfind("as on a fresh Windows", 0), 0U);
    EXPECT_EQ(test::find_evidence(result, kPathItem)->observed, "REG_EXPAND_SZ, 5 entries");
    EXPECT_EQ(test::find_evidence(result, "Path entry 1")->observed, "%SystemRoot%\\system32 (= C:\\Windows\\system32)");
    EXPECT_EQ(test::find_evidence(result, "Path entry 5")->observed, "%SYSTEMROOT%\\System32\\OpenSSH\\ (= C:\\Windows\\System32\\OpenSSH\\)");
    EXPECT_EQ(test::find_evidence(result, "Missing entries")->observed, "none");
}

TEST(EnvironmentPathCheck, PassesWithLiteralFoldersInAnyCase) {
    MemorySystem system;
    stage_path(system, RegistryValue::string("c:\\windows\\SYSTEM32\\;C:\\Windows\\System32\\WindowsPowerShell\\v1.0;C:\\Tools"));
    EnvironmentPathCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);
}

TEST(EnvironmentPathCheck, WarnsWhenThePowerShellEntryIsMissingAndTheFixInsertsIt) {
    MemorySystem system;
    const RegistryValue before = RegistryValue::expand_string("%SystemRoot%\\system32;%SystemRoot%;C:\\Program Files\\Git\\cmd");
    stage_path(system, before);
    EnvironmentPathCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(result.summary, "the system Path lacks Windows PowerShell");
    ASSERT_TRUE(result.fix.has_value());
    EXPECT_TRUE(result.fix->automatic);
    EXPECT_EQ(test::find_evidence(result, "Missing entries")->observed, "Windows PowerShell");
    EXPECT_EQ(test::find_evidence(result, "Windows PowerShell entry")->observed, "missing");
    EXPECT_EQ(test::find_evidence(result, "System32 entry")->observed, "entry 1: %SystemRoot%\\system32 (= C:\\Windows\\system32)");

    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(plan->changes.size(), 2U);
    EXPECT_EQ(plan->changes[0].where(), kPathItem);
    EXPECT_EQ(plan->changes[0].before_text(), "REG_EXPAND_SZ %SystemRoot%\\system32;%SystemRoot%;C:\\Program Files\\Git\\cmd");
    EXPECT_EQ(plan->changes[0].after_text(),
              "REG_EXPAND_SZ %SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\;C:\\Program Files\\Git\\cmd");
    EXPECT_EQ(plan->changes[1].where(), "running programs (WM_SETTINGCHANGE \"Environment\")");

    test::apply_plan(system, *plan);
    EXPECT_EQ(system.environment_broadcasts(), 1U);
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);

    test::undo_plan(system, *plan);
    ASSERT_TRUE(path_now(system).has_value());
    EXPECT_EQ(*path_now(system), before) << "text and REG_EXPAND_SZ type restored";
    EXPECT_EQ(system.environment_broadcasts(), 2U) << "the undo tells running programs too";
}

TEST(EnvironmentPathCheck, ReportsButDoesNotJudgeAProgramFolderBeforeSystem32) {
    MemorySystem system;
    const RegistryValue before =
        RegistryValue::expand_string("C:\\Program Files\\Python311\\;C:\\Windows\\system32;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\;C:\\Tools");
    stage_path(system, before);
    EnvironmentPathCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed) << "no public source says image creation needs System32 first";
    EXPECT_EQ(result.summary, "the system Path lists System32 (entry 2) and Windows PowerShell (entry 3)");
    EXPECT_FALSE(result.fix.has_value());
    const auto* order = test::find_evidence(result, "Order (not judged)");
    ASSERT_NE(order, nullptr);
    EXPECT_NE(order->observed.find("C:\\Program Files\\Python311\\ (entry 1, outside C:\\Windows) comes before System32"), std::string::npos)
        << order->observed;
    EXPECT_NE(order->observed.find("reported only"), std::string::npos);

    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_TRUE(plan->changes.empty()) << "an administrator's entry is never moved";
}

TEST(EnvironmentPathCheck, WarnsWhenThereIsNoPathAndTheFixCreatesIt) {
    MemorySystem system;
    system.add_key(HKLM, C::kEnvironmentKey);
    EnvironmentPathCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(result.summary, "the machine has no system Path value");

    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_EQ(plan->changes.size(), 2U);
    EXPECT_EQ(plan->changes[0].before_text(), "(absent)");
    EXPECT_EQ(plan->changes[0].after_text(), "REG_EXPAND_SZ %SystemRoot%\\system32;%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\");
    test::apply_plan(system, *plan);
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);
    test::undo_plan(system, *plan);
    EXPECT_FALSE(path_now(system).has_value());
}

TEST(EnvironmentPathCheck, KeepsARegSzPathARegSzAndSpellsTheFoldersOut) {
    MemorySystem system;
    // In a REG_SZ Path Windows does not expand %SystemRoot%, so these entries name nothing.
    const RegistryValue before = RegistryValue::string("%SystemRoot%\\system32;%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\;C:\\Tools");
    stage_path(system, before);
    EnvironmentPathCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(test::find_evidence(result, "Missing entries")->observed, "System32; Windows PowerShell");

    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_EQ(plan->changes.size(), 2U);
    EXPECT_EQ(plan->changes[0].after_text(),
              "REG_SZ C:\\Windows\\system32;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\;%SystemRoot%\\system32;"
              "%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\;C:\\Tools");
    test::apply_plan(system, *plan);
    EXPECT_EQ(path_now(system)->type, os::RegistryValueType::String);
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);
    test::undo_plan(system, *plan);
    EXPECT_EQ(*path_now(system), before);
}

TEST(EnvironmentPathCheck, FixChangesNothingWhenThePathIsAlreadyRight) {
    MemorySystem system;
    stage_path(system, RegistryValue::expand_string(kFreshPath));
    EnvironmentPathCheck check;
    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_TRUE(plan->changes.empty());
}

TEST(EnvironmentPathCheck, FailsWhenThePathIsNotText) {
    MemorySystem system;
    stage_path(system, RegistryValue::dword(1));
    EnvironmentPathCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed) << "the tool never rewrites a value it does not understand";
    EXPECT_FALSE(result.fix.has_value());
    auto context = test::context_for(system);
    EXPECT_TRUE(check.plan_fix(context)->changes.empty());
}

TEST(EnvironmentPathCheck, ErrorWhenThePathCannotBeRead) {
    MemorySystem system;
    system.fail_registry(HKLM, C::kEnvironmentKey, test::access_denied("RegQueryValueExW"));
    EnvironmentPathCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "could not read the machine's Path: RegQueryValueExW failed with error 5 (Access is denied.)");
    auto context = test::context_for(system);
    EXPECT_THROW((void)check.plan_fix(context), os::OsFailure);
}

TEST(EnvironmentPathCheck, ErrorWhenTheWindowsFolderIsUnknown) {
    MemorySystem system;
    system.set_environment("SystemRoot", "");
    stage_path(system, RegistryValue::expand_string(kFreshPath));
    EnvironmentPathCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary,
              "could not read the Windows folder (%SystemRoot%): ExpandEnvironmentStringsW failed (%SystemRoot% is not set in the system "
              "environment)");
}

TEST(EnvironmentPathCheck, DescribesItselfForTheCatalogue) {
    const auto info = EnvironmentPathCheck::describe();
    EXPECT_EQ(info.id, "environment-path");
    EXPECT_EQ(info.aws_error_code, "EnvironmentVariablesPathMissingEntries");
    EXPECT_EQ(info.fix, FixKind::Automatic);
}

}  // namespace
}  // namespace ic::checks
