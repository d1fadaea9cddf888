// The real checks, through the real Win32 probes, against state staged in the running system's own
// registry, service manager, drive letters and file system (Wine's under ctest: Windows 7 6.1.7601,
// drives C: and Z:, TermService but no TrustedInstaller or WinRM). Each test stages state with the raw
// Win32 API, runs a check exactly as the runner would (builtin_checks(), the native System), asserts its
// verdict and evidence, and puts back what it changed — fixes are applied and undone through ic::perform
// and ic::inverse_of, or through the fix engine and its journal, as the tool does.

#include <gtest/gtest.h>
#include <windows.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "imagechecker/check.h"
#include "imagechecker/check_registry.h"
#include "imagechecker/fix.h"
#include "imagechecker/fix_engine.h"
#include "imagechecker/format.h"
#include "imagechecker/os/system.h"
#include "imagechecker/runner.h"
#include "wine_support.h"
#include "windows/appx_staged_check.h"
#include "windows/environment_path_check.h"
#include "windows/pending_reboot_check.h"
#include "windows/profile_list.h"
#include "windows/profile_size_check.h"
#include "windows/tls_ssl_check.h"
#include "windows/windows_upgraded_check.h"

namespace ic {
// Readable failures: a check result prints as its status, summary and evidence.
inline void PrintTo(const CheckResult& result, std::ostream* out) {
    *out << to_string(result.status) << ": " << result.summary;
    for (const auto& e : result.evidence)
        *out << "\n    " << e.item << " = " << e.observed << (e.expected.empty() ? "" : " [expected: " + e.expected + "]");
}
}  // namespace ic

namespace ic::wine_checks {
namespace {

constexpr auto HKLM = os::RegistryHive::LocalMachine;

// ---- Running checks as the runner does ----

std::shared_ptr<os::System> native() {
    static const std::shared_ptr<os::System> system = os::make_native_system();
    return system;
}

os::OsFacts os_facts() {
    static const os::OsFacts facts = native()->host().os().value();
    return facts;
}

CheckResult run_check(const std::string& id, const std::string& user = {}) {
    auto check = builtin_checks().create(id);
    CheckContext context{*native(), user, os_facts(), CancelToken{}};
    return check->run(context);
}

std::optional<FixPlan> plan_fix(const std::string& id, const std::string& user = {}) {
    auto check = builtin_checks().create(id);
    CheckContext context{*native(), user, os_facts(), CancelToken{}};
    return check->plan_fix(context);
}

std::string text(const CheckResult& result) {
    std::ostringstream out;
    PrintTo(result, &out);
    return out.str();
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// The evidence line with exactly this item, or nullptr.
const Evidence* evidence(const CheckResult& result, const std::string& item) {
    for (const auto& e : result.evidence)
        if (e.item == item) return &e;
    return nullptr;
}

/// The account this test runs as ("MACHINE\\user"), which Wine resolves to S-1-5-21-0-0-0-1000.
std::string current_user() { return native()->host().current_user().value(); }

void apply_all(const FixPlan& plan) {
    for (const auto& change : plan.changes) {
        const auto done = perform(*native(), change.action);
        ASSERT_TRUE(done.ok()) << change.what << ": " << done.error().describe();
    }
}

/// Undoes a plan's changes newest first with the inverse of each action, as `undo` does.
void undo_all(const FixPlan& plan) {
    for (auto it = plan.changes.rbegin(); it != plan.changes.rend(); ++it) {
        const auto inverse = inverse_of(it->action);
        if (!inverse) continue;
        const auto done = perform(*native(), *inverse);
        ASSERT_TRUE(done.ok()) << "undo of " << it->what << ": " << done.error().describe();
    }
}

const std::wstring kCbsKey = wide(checks::PendingRebootCheck::kCbsKey);
const std::wstring kWindowsUpdateKey = wide(checks::PendingRebootCheck::kWindowsUpdateKey);
const std::wstring kSessionManagerKey = wide(checks::PendingRebootCheck::kSessionManagerKey);
const std::wstring kRenameValue = wide(checks::PendingRebootCheck::kRenameValue);

// =====================================================================================================
// The staging itself
// =====================================================================================================

TEST(Staging, ScopedKeyDeletesTheTopmostKeyItCreatedAndNothingAbove) {
    const std::wstring parent = wide(checks::TlsSslCheck::kProtocolsKey);
    const std::wstring top = parent + L"\\" + unique_name(L"ImageCheckerProbe");
    const bool parent_existed = key_exists(parent);
    {
        const ScopedKey key(top + L"\\Client");
        ASSERT_TRUE(key.ok());
        if (parent_existed) {
            EXPECT_EQ(key.created_root(), top);
        }
        ASSERT_TRUE(key_exists(top + L"\\Client"));
    }
    EXPECT_FALSE(key_exists(top));
    EXPECT_EQ(key_exists(parent), parent_existed);
}

// =====================================================================================================
// pending-reboot
// =====================================================================================================

TEST(PendingRebootCheck, FailsNamingTheComponentServicingKeyWhenRebootPendingExists) {
    if (key_exists(kCbsKey)) GTEST_SKIP() << "this machine really has a pending restart";
    const ScopedKey marker(kCbsKey);
    ASSERT_TRUE(marker.ok());

    const CheckResult result = run_check("pending-reboot");
    EXPECT_EQ(result.status, Status::Failed) << text(result);
    EXPECT_TRUE(contains(result.summary, "1 of 9")) << text(result);
    const Evidence* line = evidence(result, "HKLM\\" + utf8(kCbsKey));
    ASSERT_NE(line, nullptr) << text(result);
    EXPECT_TRUE(contains(line->observed, "key present")) << line->observed;
}

TEST(PendingRebootCheck, FailsWhenMoveFileExHasQueuedFileOperationsForTheRestart) {
    // PendingFileRenameOperations staged the way Windows' own installers do it: MoveFileExW with
    // MOVEFILE_DELAY_UNTIL_REBOOT, once to delete a file at the restart and once to rename one.
    const ScopedValue restore(kSessionManagerKey, kRenameValue);
    if (restore.old()) delete_raw(kSessionManagerKey, kRenameValue);  // put back afterwards
    const ScopedTempFolder folder(L"ic-pending");
    ASSERT_TRUE(folder.ok());
    const std::wstring doomed = folder.path() + L"\\doomed.tmp";
    const std::wstring renamed = folder.path() + L"\\renamed.tmp";
    ASSERT_TRUE(write_file(doomed, 10));
    ASSERT_TRUE(write_file(renamed, 10));
    ASSERT_TRUE(MoveFileExW(doomed.c_str(), nullptr, MOVEFILE_DELAY_UNTIL_REBOOT)) << GetLastError();
    ASSERT_TRUE(MoveFileExW(renamed.c_str(), (folder.path() + L"\\target.tmp").c_str(), MOVEFILE_DELAY_UNTIL_REBOOT))
        << GetLastError();
    const auto staged = read_raw(kSessionManagerKey, kRenameValue);
    ASSERT_TRUE(staged.has_value()) << "MoveFileExW queued nothing";
    ::testing::Test::RecordProperty("pending_file_rename_operations", ::testing::PrintToString(*staged));

    const CheckResult result = run_check("pending-reboot");
    EXPECT_EQ(result.status, Status::Failed) << text(result);
    const Evidence* line = evidence(result, "HKLM\\" + utf8(kSessionManagerKey) + "\\" + utf8(kRenameValue));
    ASSERT_NE(line, nullptr) << text(result);
    EXPECT_TRUE(contains(line->observed, "value present")) << line->observed;
    EXPECT_TRUE(contains(lower(line->observed), "doomed.tmp")) << line->observed;
    ::testing::Test::RecordProperty("observed", line->observed);
}

// Known bug, kept disabled until it is fixed: a file queued for deletion is stored as its name followed
// by an EMPTY destination, so PendingFileRenameOperations holds empty strings in the middle of the
// REG_MULTI_SZ ("a\0\0b\0c\0\0" for delete a, rename b to c). Win32RegistryProbe::read_value stops a
// REG_MULTI_SZ at its first empty string, so the check only ever sees the first source and reports
// "1 file operation" here. The verdict (FAILED) is still right, since the first line is never empty.
TEST(PendingRebootCheck, CountsEveryFileOperationMoveFileExQueued) {
    const ScopedValue restore(kSessionManagerKey, kRenameValue);
    if (restore.old()) delete_raw(kSessionManagerKey, kRenameValue);
    const ScopedTempFolder folder(L"ic-pending");
    ASSERT_TRUE(folder.ok());
    const std::wstring doomed = folder.path() + L"\\doomed.tmp";
    const std::wstring renamed = folder.path() + L"\\renamed.tmp";
    ASSERT_TRUE(write_file(doomed, 10));
    ASSERT_TRUE(write_file(renamed, 10));
    ASSERT_TRUE(MoveFileExW(doomed.c_str(), nullptr, MOVEFILE_DELAY_UNTIL_REBOOT)) << GetLastError();
    ASSERT_TRUE(MoveFileExW(renamed.c_str(), (folder.path() + L"\\target.tmp").c_str(), MOVEFILE_DELAY_UNTIL_REBOOT))
        << GetLastError();

    const CheckResult result = run_check("pending-reboot");
    const Evidence* line = evidence(result, "HKLM\\" + utf8(kSessionManagerKey) + "\\" + utf8(kRenameValue));
    ASSERT_NE(line, nullptr) << text(result);
    EXPECT_TRUE(contains(line->observed, "2 file operations")) << line->observed;
}

TEST(PendingRebootCheck, FailsWhenPendingFileRenameOperationsListsARename) {
    const ScopedValue restore(kSessionManagerKey, kRenameValue);
    // "\??\source" "\0" "!\??\destination" "\0\0": one rename, as the registry stores it.
    const std::wstring lines = std::wstring(L"\\??\\C:\\windows\\temp\\ic-old.dll") + L'\0' + L"!\\??\\C:\\windows\\temp\\ic-new.dll" +
                               L'\0';
    ASSERT_TRUE(write_raw(kSessionManagerKey, kRenameValue, string_value(REG_MULTI_SZ, lines)));

    const CheckResult result = run_check("pending-reboot");
    EXPECT_EQ(result.status, Status::Failed) << text(result);
    const Evidence* line = evidence(result, "HKLM\\" + utf8(kSessionManagerKey) + "\\" + utf8(kRenameValue));
    ASSERT_NE(line, nullptr) << text(result);
    EXPECT_TRUE(contains(line->observed, "1 file operation")) << line->observed;
    EXPECT_TRUE(contains(line->observed, "ic-old.dll")) << line->observed;
}

TEST(PendingRebootCheck, PassesWhenNoMarkerIsSet) {
    if (key_exists(kCbsKey) || key_exists(kWindowsUpdateKey)) GTEST_SKIP() << "this machine really has a pending restart";
    const ScopedValue restore(kSessionManagerKey, kRenameValue);
    delete_raw(kSessionManagerKey, kRenameValue);  // put back afterwards if it was there

    const CheckResult result = run_check("pending-reboot");
    EXPECT_EQ(result.status, Status::Passed) << text(result);
    ASSERT_EQ(result.evidence.size(), 9U) << text(result);
    for (const auto& e : result.evidence) {
        EXPECT_FALSE(contains(e.observed, "could not be read")) << e.item << " = " << e.observed;
        EXPECT_FALSE(contains(e.observed, "waits for a restart")) << e.item << " = " << e.observed;
    }
    const Evidence* name = evidence(result, "Computer name (ActiveComputerName against ComputerName)");
    ASSERT_NE(name, nullptr) << text(result);
    ::testing::Test::RecordProperty("computer_name", name->observed);
}

// Every other marker, staged in Wine's registry the way servicing, Windows Update, Update.exe, a rename
// and a domain join leave it, and removed again.
TEST(PendingRebootCheck, FailsNamingEachOtherMarkerWhenItIsStaged) {
    const std::wstring cbs = L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing";
    struct Marker {
        const char* name;
        std::wstring key;       // staged as a key (with `subkey` below it when set)
        std::wstring subkey;
        std::string item;
        std::string observed;
    };
    const std::vector<Marker> keys{
        {"PackagesPending", cbs + L"\\PackagesPending", L"", "HKLM\\" + utf8(cbs) + "\\PackagesPending", "packages waiting"},
        {"RebootInProgress", cbs + L"\\RebootInProgress", L"", "HKLM\\" + utf8(cbs) + "\\RebootInProgress", "in the middle of a restart"},
        {"Services\\Pending", L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Services\\Pending",
         L"117cab2d-82b1-4b5a-a08c-4d62dbee7782",
         "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Services\\Pending", "first: 117cab2d"},
        {"JoinDomain", L"SYSTEM\\CurrentControlSet\\Services\\Netlogon\\JoinDomain", L"",
         "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Netlogon (JoinDomain, AvoidSpnSet)", "JoinDomain present"},
    };
    for (const auto& m : keys) {
        SCOPED_TRACE(m.name);
        if (key_exists(m.key)) GTEST_SKIP() << "this machine really has " << m.name;
        const ScopedKey marker(m.subkey.empty() ? m.key : m.key + L"\\" + m.subkey);
        ASSERT_TRUE(marker.ok());
        const CheckResult result = run_check("pending-reboot");
        EXPECT_EQ(result.status, Status::Failed) << text(result);
        const Evidence* line = evidence(result, m.item);
        ASSERT_NE(line, nullptr) << text(result);
        EXPECT_TRUE(contains(line->observed, m.observed)) << line->observed;
    }

    const std::wstring updates = L"SOFTWARE\\Microsoft\\Updates";
    {
        const ScopedValue restore(updates, L"UpdateExeVolatile");
        ASSERT_TRUE(write_raw(updates, L"UpdateExeVolatile", dword_value(2)));
        const CheckResult result = run_check("pending-reboot");
        EXPECT_EQ(result.status, Status::Failed) << text(result);
        const Evidence* line = evidence(result, "HKLM\\SOFTWARE\\Microsoft\\Updates\\UpdateExeVolatile");
        ASSERT_NE(line, nullptr) << text(result);
        EXPECT_TRUE(contains(line->observed, "Update.exe")) << line->observed;
    }

    // A rename waiting for the restart: the name Windows will use differs from the one in use.
    const std::wstring next_name = L"SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName";
    const ScopedValue restore_name(next_name, L"ComputerName");
    ASSERT_TRUE(write_raw(next_name, L"ComputerName", string_value(REG_SZ, L"IC-RENAMED")));
    const CheckResult renamed = run_check("pending-reboot");
    const Evidence* line = evidence(renamed, "Computer name (ActiveComputerName against ComputerName)");
    ASSERT_NE(line, nullptr) << text(renamed);
    if (contains(line->observed, "a name is absent")) GTEST_SKIP() << "this system keeps no ActiveComputerName: " << line->observed;
    EXPECT_EQ(renamed.status, Status::Failed) << text(renamed);
    EXPECT_TRUE(contains(line->observed, "to IC-RENAMED")) << line->observed;
}

// =====================================================================================================
// drives
// =====================================================================================================

/// A letter nobody uses, from Q: on (the brief's example), else from the end of the alphabet.
std::optional<wchar_t> free_letter() {
    if (!drive_letter_in_use(L'Q')) return L'Q';
    for (wchar_t letter = L'Y'; letter >= L'E'; --letter)
        if (!drive_letter_in_use(letter)) return letter;
    return std::nullopt;
}

TEST(DrivesCheck, FailsOnWinesZDriveWithDriveZEvidence) {
    if (!running_under_wine()) GTEST_SKIP() << "Z: is Wine's view of the Unix root";
    ASSERT_TRUE(drive_letter_in_use(L'Z'));

    const CheckResult result = run_check("drives");
    EXPECT_EQ(result.status, Status::Failed) << text(result);
    EXPECT_TRUE(contains(result.summary, "Z: (fixed)")) << text(result);
    const Evidence* z = evidence(result, "Drive Z:");
    ASSERT_NE(z, nullptr) << text(result);
    EXPECT_TRUE(contains(z->observed, "fixed drive")) << z->observed;
    EXPECT_EQ(z->expected, "absent");
    EXPECT_EQ(evidence(result, "Drive C:"), nullptr) << "C: is allowed";
}

TEST(DrivesCheck, ListsASubstDriveAsVirtualWithItsTargetAndForgetsItOnceRemoved) {
    const std::optional<wchar_t> letter = free_letter();
    if (!letter) GTEST_SKIP() << "no free drive letter";
    const std::string name = std::string(1, static_cast<char>(*letter)) + ":";
    {
        const ScopedDosDevice subst(*letter, L"C:\\windows");
        ASSERT_TRUE(subst.defined()) << "DefineDosDeviceW failed with " << subst.error();

        const CheckResult result = run_check("drives");
        EXPECT_EQ(result.status, Status::Failed) << text(result);
        EXPECT_TRUE(contains(result.summary, name + " (virtual)")) << text(result);
        const Evidence* drive = evidence(result, "Drive " + name);
        ASSERT_NE(drive, nullptr) << text(result);
        EXPECT_TRUE(contains(drive->observed, "virtual drive")) << drive->observed;
        EXPECT_TRUE(contains(lower(drive->observed), "points to \\??\\c:\\windows")) << drive->observed;
    }
    EXPECT_FALSE(drive_letter_in_use(*letter)) << "the mapping is gone";
    const CheckResult after = run_check("drives");
    EXPECT_EQ(evidence(after, "Drive " + name), nullptr) << text(after);
}

// =====================================================================================================
// free-space
// =====================================================================================================

std::uint64_t parse_exact_bytes(const std::string& observed) {
    // "12.3 GiB (13,207,959,552 bytes)" or, below 1 KiB, "512 B".
    const auto open = observed.find('(');
    std::string digits;
    for (std::size_t i = open == std::string::npos ? 0 : open; i < observed.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(observed[i]))) digits += observed[i];
        else if (observed[i] == ',') continue;
        else if (!digits.empty()) break;
    }
    return digits.empty() ? 0 : std::stoull(digits);
}

TEST(FreeSpaceCheck, VerdictAndNumbersAgreeWithGetDiskFreeSpaceEx) {
    ULARGE_INTEGER available{}, total{}, free_before{}, free_after{};
    ASSERT_TRUE(GetDiskFreeSpaceExW(L"C:\\", &available, &total, &free_before));
    const CheckResult result = run_check("free-space");
    ASSERT_TRUE(GetDiskFreeSpaceExW(L"C:\\", &available, &total, &free_after));

    const Evidence* free_line = evidence(result, "C: free space");
    const Evidence* total_line = evidence(result, "C: total size");
    ASSERT_NE(free_line, nullptr) << text(result);
    ASSERT_NE(total_line, nullptr) << text(result);
    const std::uint64_t reported = parse_exact_bytes(free_line->observed);
    // Other programs write to the same disk meanwhile: the number lies between the two readings, give or take.
    constexpr std::uint64_t kSlack = 256ULL << 20U;
    const std::uint64_t low = std::min(free_before.QuadPart, free_after.QuadPart);
    const std::uint64_t high = std::max(free_before.QuadPart, free_after.QuadPart);
    EXPECT_GE(reported + kSlack, low) << free_line->observed;
    EXPECT_LE(reported, high + kSlack) << free_line->observed;
    EXPECT_EQ(parse_exact_bytes(total_line->observed), total.QuadPart) << total_line->observed;

    constexpr std::uint64_t kRequired = 12'884'901'888ULL;
    ::testing::Test::RecordProperty("c_free_bytes", std::to_string(free_before.QuadPart));
    std::cout << "[ wine     ] C: has " << human_bytes(free_before.QuadPart) << " free of " << human_bytes(total.QuadPart)
              << ": free-space is " << to_string(result.status) << "\n";
    if (low > kRequired + kSlack) {
        EXPECT_EQ(result.status, Status::Passed) << text(result);
    } else if (high + kSlack <= kRequired) {
        EXPECT_EQ(result.status, Status::Failed) << text(result);
        EXPECT_NE(evidence(result, "Space still to free"), nullptr) << text(result);
    } else {
        EXPECT_TRUE(result.status == Status::Passed || result.status == Status::Failed) << text(result);
    }
}

// =====================================================================================================
// environment-path: fix, then undo, restores the registry exactly
// =====================================================================================================

class EnvironmentPathTest : public ::testing::Test {
protected:
    const std::wstring key_ = wide(checks::EnvironmentPathCheck::kEnvironmentKey);
    ScopedValueSet original_{key_};  // every value of the key, put back however the test ends
};

TEST_F(EnvironmentPathTest, FixThenUndoRestoresTheWineRegistryExactly) {
    const ValueSet& original = original_.saved();
    ASSERT_FALSE(original.empty());
    // The value's name as this registry spells it (Wine: "PATH"); names are case-insensitive.
    std::wstring name;
    for (const auto& [n, v] : original)
        if (lower(utf8(n)) == "path") name = n;
    ASSERT_FALSE(name.empty()) << "no Path value in the system environment";

    const CheckResult baseline = run_check("environment-path");
    ::testing::Test::RecordProperty("baseline", to_string(baseline.status));

    // Stage: the same Path, same type, less every Windows PowerShell entry.
    const auto as_read = native()->registry().read_value(HKLM, checks::EnvironmentPathCheck::kEnvironmentKey, "Path");
    ASSERT_TRUE(as_read.ok() && as_read.value().has_value());
    const os::RegistryValue original_path = *as_read.value();
    ASSERT_EQ(original_path.type, os::RegistryValueType::ExpandString);
    std::vector<std::string> kept;
    for (const auto& entry : checks::split_path_value(original_path.text))
        if (!contains(lower(entry), "windowspowershell")) kept.push_back(entry);
    const std::string staged_text = checks::join_path_value(kept);
    ASSERT_TRUE(write_raw(key_, name, string_value(REG_EXPAND_SZ, wide(staged_text))));
    const ValueSet staged = read_value_set(key_);
    const RawValue staged_raw = staged.at(name);

    const CheckResult warned = run_check("environment-path");
    ASSERT_EQ(warned.status, Status::Warning) << text(warned);
    const Evidence* missing = evidence(warned, "Missing entries");
    ASSERT_NE(missing, nullptr) << text(warned);
    EXPECT_EQ(missing->observed, "Windows PowerShell");
    ASSERT_TRUE(warned.fix.has_value());
    EXPECT_TRUE(warned.fix->automatic);

    const auto plan = plan_fix("environment-path");
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(plan->changes.size(), 2U);
    const auto* change = std::get_if<RegistryValueChange>(&plan->changes[0].action);
    ASSERT_NE(change, nullptr);
    ASSERT_TRUE(change->before.has_value());
    EXPECT_EQ(*change->before, os::RegistryValue::expand_string(staged_text)) << "the plan read what was staged";
    ASSERT_TRUE(change->after.has_value());
    EXPECT_EQ(change->after->type, os::RegistryValueType::ExpandString) << "the fix keeps the type";
    EXPECT_TRUE(std::holds_alternative<EnvironmentBroadcast>(plan->changes[1].action));

    ASSERT_NO_FATAL_FAILURE(apply_all(*plan));
    const CheckResult fixed = run_check("environment-path");
    EXPECT_EQ(fixed.status, Status::Passed) << text(fixed);
    const auto after_fix = read_raw(key_, name);
    ASSERT_TRUE(after_fix.has_value());
    EXPECT_EQ(after_fix->type, static_cast<DWORD>(REG_EXPAND_SZ));
    EXPECT_EQ(after_fix->data, string_value(REG_EXPAND_SZ, wide(change->after->text)).data);
    EXPECT_EQ(read_value_set(key_).count(name), 1U) << "the fix wrote the existing value, under its own spelling";

    ASSERT_NO_FATAL_FAILURE(undo_all(*plan));
    // Through the probe...
    const auto undone = native()->registry().read_value(HKLM, checks::EnvironmentPathCheck::kEnvironmentKey, "Path");
    ASSERT_TRUE(undone.ok() && undone.value().has_value());
    EXPECT_EQ(*undone.value(), *change->before);
    // ...and with RegQueryValueExW: the same type and the same bytes, NUL included.
    const auto undone_raw = read_raw(key_, name);
    ASSERT_TRUE(undone_raw.has_value());
    EXPECT_EQ(*undone_raw, staged_raw);
    // And nothing else in the key moved: same names (spelling included), types and data.
    EXPECT_EQ(read_value_set(key_), staged);
    EXPECT_EQ(run_check("environment-path").status, Status::Warning);

    // Finally the machine's own Path, exactly.
    original_.restore();
    EXPECT_EQ(read_value_set(key_), original);
    EXPECT_EQ(run_check("environment-path").status, baseline.status);
}

// =====================================================================================================
// remote-desktop-services
// =====================================================================================================

TEST(RemoteDesktopServicesCheck, DisabledTermServiceWarnsTheFixMakesItManualAndTheUndoDisablesItAgain) {
    const ScopedStartType restore(L"TermService");
    ASSERT_TRUE(restore.original().has_value()) << "TermService is not installed or not readable";
    ASSERT_TRUE(set_native_start_type(L"TermService", SERVICE_DISABLED)) << GetLastError();

    const CheckResult warned = run_check("remote-desktop-services");
    ASSERT_EQ(warned.status, Status::Warning) << text(warned);
    const Evidence* start = evidence(warned, "TermService start type");
    ASSERT_NE(start, nullptr) << text(warned);
    EXPECT_EQ(start->observed, "Disabled");

    const auto plan = plan_fix("remote-desktop-services");
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(plan->changes.size(), 1U);
    const auto* change = std::get_if<ServiceStartTypeChange>(&plan->changes[0].action);
    ASSERT_NE(change, nullptr);
    EXPECT_EQ(change->service, "TermService");
    EXPECT_EQ(change->before, os::ServiceStartType::Disabled);
    EXPECT_EQ(change->after, os::ServiceStartType::Manual);

    ASSERT_NO_FATAL_FAILURE(apply_all(*plan));
    EXPECT_EQ(native_start_type(L"TermService"), std::optional<DWORD>(SERVICE_DEMAND_START));
    EXPECT_EQ(run_check("remote-desktop-services").status, Status::Passed);

    ASSERT_NO_FATAL_FAILURE(undo_all(*plan));
    EXPECT_EQ(native_start_type(L"TermService"), std::optional<DWORD>(SERVICE_DISABLED));
    EXPECT_EQ(run_check("remote-desktop-services").status, Status::Warning);

    ASSERT_TRUE(restore.restore());
    EXPECT_EQ(native_start_type(L"TermService"), restore.original());
}

// =====================================================================================================
// domain-services
// =====================================================================================================

TEST(DomainServicesCheck, FailsListingAServiceThatLogsOnWithADomainAccount) {
    const std::wstring name = unique_name(L"ImageCheckerWineCheck");
    {
        ScopedService service(name, L"CORP\\svc-sql", L"Unused-P4ssword");
        if (service.error() == ERROR_INVALID_SERVICE_ACCOUNT) GTEST_SKIP() << "this system checks service accounts (Windows)";
        ASSERT_TRUE(service.created()) << "CreateServiceW failed with " << service.error();

        const CheckResult result = run_check("domain-services");
        EXPECT_EQ(result.status, Status::Failed) << text(result);
        EXPECT_TRUE(contains(result.summary, utf8(name) + " (CORP\\svc-sql)")) << text(result);
        const Evidence* line = evidence(result, "Service " + utf8(name));
        ASSERT_NE(line, nullptr) << text(result);
        EXPECT_TRUE(contains(line->observed, "logs on as CORP\\svc-sql")) << line->observed;
        ASSERT_TRUE(result.fix.has_value());
        EXPECT_FALSE(result.fix->automatic) << "on request only: the tool cannot change the account back";
    }
    const CheckResult after = run_check("domain-services");
    EXPECT_EQ(evidence(after, "Service " + utf8(name)), nullptr) << text(after);
}

TEST(DomainServicesCheck, ALocalAccountWrittenWithTheNetbiosNameIsLocal) {
    wchar_t netbios[MAX_COMPUTERNAME_LENGTH + 1] = {};
    DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
    ASSERT_TRUE(GetComputerNameExW(ComputerNameNetBIOS, netbios, &size)) << GetLastError();
    const std::wstring name = unique_name(L"ImageCheckerWineLocal");
    const std::wstring account = std::wstring(netbios) + L"\\svcsql";
    ScopedService service(name, account.c_str(), L"Unused-P4ssword");
    if (service.error() == ERROR_INVALID_SERVICE_ACCOUNT) GTEST_SKIP() << "this system checks service accounts (Windows)";
    ASSERT_TRUE(service.created()) << "CreateServiceW failed with " << service.error();

    const CheckResult result = run_check("domain-services");
    EXPECT_EQ(evidence(result, "Service " + utf8(name)), nullptr) << "a local account is not listed: " << text(result);
    const Evidence* names = evidence(result, "Names of this machine");
    ASSERT_NE(names, nullptr) << text(result);
    EXPECT_TRUE(contains(names->observed, utf8(netbios) + " (NetBIOS name, as read)")) << names->observed;
}

TEST(DomainServicesCheck, PassesWhenEveryServiceLogsOnWithABuiltInAccount) {
    const CheckResult result = run_check("domain-services");
    EXPECT_EQ(result.status, Status::Passed) << text(result);
    const Evidence* examined = evidence(result, "Services examined");
    ASSERT_NE(examined, nullptr) << text(result);
    ::testing::Test::RecordProperty("services", examined->observed);
    const Evidence* accounts = evidence(result, "Accounts in use");
    ASSERT_NE(accounts, nullptr) << text(result);
    ::testing::Test::RecordProperty("accounts", accounts->observed);
}

// =====================================================================================================
// tls-ssl: fix and undo through the fix engine and its journal
// =====================================================================================================

TEST(TlsSslCheck, DisabledTls12WarnsAndTheJournaledFixAndUndoPutBackExactlyTheStagedValues) {
    const std::wstring protocol = wide(checks::TlsSslCheck::kProtocolsKey) + L"\\TLS 1.2";
    const std::wstring client = protocol + L"\\Client";
    const std::wstring server = protocol + L"\\Server";
    const ScopedKey client_key(client);  // deletes what it creates, SCHANNEL\Protocols included when new
    const ScopedKey server_key(server);
    ASSERT_TRUE(client_key.ok() && server_key.ok());
    ::testing::Test::RecordProperty("created", utf8(client_key.created_root()));
    // Values in keys that already existed are put back one by one.
    const ScopedValue client_enabled(client, L"Enabled"), client_default(client, L"DisabledByDefault");
    const ScopedValue server_enabled(server, L"Enabled"), server_default(server, L"DisabledByDefault");
    ASSERT_TRUE(write_raw(client, L"Enabled", dword_value(0)));
    ASSERT_TRUE(write_raw(server, L"Enabled", dword_value(0)));
    const ValueSet staged_client = read_value_set(client);
    const ValueSet staged_server = read_value_set(server);

    const CheckResult warned = run_check("tls-ssl");
    ASSERT_EQ(warned.status, Status::Warning) << text(warned);
    EXPECT_TRUE(contains(warned.summary, "client and server")) << text(warned);

    const auto plan = plan_fix("tls-ssl");
    ASSERT_TRUE(plan.has_value());
    ASSERT_GE(plan->changes.size(), 2U);
    for (const auto& change : plan->changes) EXPECT_TRUE(std::holds_alternative<RegistryValueChange>(change.action)) << change.what;

    const std::string journal_path = utf8(temp_dir() + L"\\" + unique_name(L"ImageChecker_wine") + L".fixes.json");
    struct RemoveJournal {
        std::wstring path;
        ~RemoveJournal() { DeleteFileW(path.c_str()); }
    } const remove_journal{wide(journal_path)};
    std::vector<std::string> log;
    const FixLog record = [&](const std::string& tag, const std::string& line) { log.push_back(tag + " " + line); };

    FixJournal journal = FixJournal::open(journal_path, read_machine_facts(*native(), ""));
    const auto outcomes = apply_fixes(builtin_checks(), native(), {*plan}, journal, RunOptions{}, record).outcomes;
    ASSERT_EQ(outcomes.size(), 1U);
    EXPECT_TRUE(outcomes[0].fixed()) << (outcomes[0].recheck ? text(outcomes[0].recheck->result) : "no recheck");
    EXPECT_EQ(read_raw(client, L"Enabled"), std::optional<RawValue>(dword_value(1)));
    EXPECT_EQ(read_raw(server, L"Enabled"), std::optional<RawValue>(dword_value(1)));

    FixJournal reloaded = FixJournal::load(journal_path);  // undo works from the file, as `imagechecker undo` does
    const auto steps = undo(reloaded, *native(), record);
    ASSERT_EQ(steps.size(), plan->changes.size());
    for (const auto& step : steps) EXPECT_TRUE(step.done) << step.reason;
    const FixJournal after_undo = FixJournal::load(journal_path);
    for (const auto& entry : after_undo.entries()) EXPECT_EQ(entry.state, JournalState::Undone) << entry.change.what;

    EXPECT_EQ(read_value_set(client), staged_client);
    EXPECT_EQ(read_value_set(server), staged_server);
    EXPECT_EQ(run_check("tls-ssl").status, Status::Warning);
    for (const auto& line : log) std::cout << "[ journal  ] " << line << "\n";
}

TEST(TlsSslCheck, WarnsOnWindows7WhenSchannelHasNoTls12SettingsAtAll) {
    const std::wstring protocol = wide(checks::TlsSslCheck::kProtocolsKey) + L"\\TLS 1.2";
    // Empty Client/Server keys (a fix that was undone leaves them) set nothing; values would.
    for (const wchar_t* side : {L"\\Client", L"\\Server"})
        for (const wchar_t* value : {L"Enabled", L"DisabledByDefault"})
            if (read_raw(protocol + side, value)) GTEST_SKIP() << "this machine has TLS 1.2 settings";
    if (os_facts().version != "6.1") GTEST_SKIP() << "TLS 1.2 is on by default after Windows 7";
    // Windows 7 ships with TLS 1.2 off in Schannel until Enabled/DisabledByDefault turn it on, and so
    // does Wine, which says it is Windows 7.
    const CheckResult result = run_check("tls-ssl");
    EXPECT_EQ(result.status, Status::Warning) << text(result);
    const Evidence* line = evidence(result, "TLS 1.2 when nothing is set");
    ASSERT_NE(line, nullptr) << text(result);
    EXPECT_TRUE(contains(line->observed, "off")) << line->observed;
}

// =====================================================================================================
// windows-upgraded
// =====================================================================================================

TEST(WindowsUpgradedCheck, FailsNamingTheSourceOsKeyWindowsSetupLeftBehind) {
    const std::wstring setup = wide(checks::WindowsUpgradedCheck::kSetupKey);
    const std::wstring marker = setup + L"\\Source OS (Updated on 1/2/2024 10:00:00)";
    if (key_exists(marker)) GTEST_SKIP() << "the marker exists already";
    const ScopedKey key(marker);  // SYSTEM\Setup too, when Wine has none
    ASSERT_TRUE(key.ok());
    ASSERT_TRUE(write_raw(marker, L"ProductName", string_value(REG_SZ, L"Windows 10 Enterprise")));
    ASSERT_TRUE(write_raw(marker, L"CurrentBuildNumber", string_value(REG_SZ, L"19044")));
    ASSERT_TRUE(write_raw(marker, L"InstallDate", dword_value(1'600'000'000)));

    const CheckResult result = run_check("windows-upgraded");
    EXPECT_EQ(result.status, Status::Failed) << text(result);
    EXPECT_TRUE(contains(result.summary, "Source OS (Updated on 1/2/2024 10:00:00)")) << text(result);
    const std::string item = "HKLM\\" + utf8(marker);
    const Evidence* line = evidence(result, item);
    ASSERT_NE(line, nullptr) << text(result);
    EXPECT_EQ(line->expected, "absent");
    const Evidence* product = evidence(result, item + " : ProductName");
    ASSERT_NE(product, nullptr) << text(result);
    EXPECT_EQ(product->observed, "REG_SZ Windows 10 Enterprise");
    const Evidence* date = evidence(result, item + " : InstallDate");
    ASSERT_NE(date, nullptr) << text(result);
    EXPECT_TRUE(contains(date->observed, "2020-09-13 12:26:40 UTC")) << date->observed;
}

TEST(WindowsUpgradedCheck, PassesWithoutAnUpgradeRecord) {
    const CheckResult result = run_check("windows-upgraded");
    EXPECT_EQ(result.status, Status::Passed) << text(result);
}

// =====================================================================================================
// appx-staged
// =====================================================================================================

TEST(AppxStagedCheck, WarnsNamingAPackageStagedButNotInstalledForTheUser) {
    const std::string package = "Fake.Package_1.0.0.0_x64__abc";
    const std::wstring staged = wide(checks::AppxStagedCheck::kStoreKey) + L"\\Staged\\" + wide(package);
    if (key_exists(staged)) GTEST_SKIP() << "the package is staged already";
    const ScopedKey key(staged);
    ASSERT_TRUE(key.ok());
    const std::string user = current_user();

    const CheckResult result = run_check("appx-staged", user);
    EXPECT_EQ(result.status, Status::Warning) << text(result);
    const Evidence* line = evidence(result, "Package " + package);
    ASSERT_NE(line, nullptr) << text(result);
    EXPECT_TRUE(contains(line->observed, "staged")) << line->observed;
    EXPECT_TRUE(contains(line->observed, "not installed for")) << line->observed;

    // The fix is planned but never applied here: Wine's powershell.exe is a stub.
    const auto plan = plan_fix("appx-staged", user);
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(plan->changes.size(), 1U);
    const auto* removal = std::get_if<AppxRemoval>(&plan->changes[0].action);
    ASSERT_NE(removal, nullptr);
    EXPECT_EQ(removal->package_full_name, package);
    EXPECT_FALSE(plan->changes[0].undoable);
    EXPECT_FALSE(inverse_of(plan->changes[0].action).has_value());
}

TEST(AppxStagedCheck, PassesWhenNoPackageIsStaged) {
    const CheckResult result = run_check("appx-staged", current_user());
    EXPECT_EQ(result.status, Status::Passed) << text(result);
}

// =====================================================================================================
// single-user-profile / user-profile-exists
// =====================================================================================================

constexpr const wchar_t* kFakeSid = L"S-1-5-21-1111111111-2222222222-3333333333-1001";

std::wstring profile_key(const wchar_t* sid) { return wide(checks::kProfileListKey) + L"\\" + sid; }

TEST(SingleUserProfileCheck, FailsNamingAnotherAccountsProfile) {
    const std::wstring key = profile_key(kFakeSid);
    if (key_exists(key)) GTEST_SKIP() << "the fake SID is registered already";
    const ScopedKey created(key);
    ASSERT_TRUE(created.ok());
    ASSERT_TRUE(write_raw(key, L"ProfileImagePath", string_value(REG_EXPAND_SZ, L"C:\\users\\bob")));

    const CheckResult result = run_check("single-user-profile", current_user());
    EXPECT_EQ(result.status, Status::Failed) << text(result);
    EXPECT_TRUE(contains(result.summary, "C:\\users\\bob")) << text(result);
    const Evidence* line = evidence(result, "Extra profile " + utf8(kFakeSid));
    ASSERT_NE(line, nullptr) << text(result);
    EXPECT_TRUE(contains(line->observed, "C:\\users\\bob")) << line->observed;
    EXPECT_EQ(line->expected, "absent");
}

TEST(SingleUserProfileCheck, PassesWhenOnlyTheUsersOwnProfileIsRegistered) {
    // Wine registers one profile, the Unix user's (S-1-5-21-0-0-0-1000, C:\users\<name>).
    const CheckResult result = run_check("single-user-profile", current_user());
    EXPECT_EQ(result.status, Status::Passed) << text(result);
}

TEST(UserProfileExistsCheck, FailsBecauseWineKeepsTheUsersProfileOnC) {
    const std::string user = current_user();
    const CheckResult result = run_check("user-profile-exists", user);
    EXPECT_EQ(result.status, Status::Failed) << text(result);
    EXPECT_TRUE(contains(lower(result.summary), "registered at c:\\users\\")) << text(result);
    const Evidence* sid = evidence(result, "Account SID");
    ASSERT_NE(sid, nullptr) << text(result);
    EXPECT_EQ(sid->observed.rfind("S-1-5-21-", 0), 0U) << sid->observed;
}

// ---- Profiles on D: (a DefineDosDeviceW mapping to a folder in %TEMP%) ----

/// Points D: at a fresh folder in %TEMP% holding Users\bob, for a test's length (see ScopedFolderDrive).
class DriveDTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (drive_letter_in_use(L'D')) GTEST_SKIP() << "D: exists on this machine; it is not remapped";
        folder_ = std::make_unique<ScopedTempFolder>(L"ic-drive-d");
        ASSERT_TRUE(folder_->ok());
        profile_ = folder_->path() + L"\\Users\\bob";
        ASSERT_TRUE(CreateDirectoryW((folder_->path() + L"\\Users").c_str(), nullptr));
        ASSERT_TRUE(CreateDirectoryW(profile_.c_str(), nullptr));
        drive_ = std::make_unique<ScopedFolderDrive>(L'D', folder_->path(), L"Users\\bob");
        ASSERT_FALSE(drive_->method().empty()) << "D: could not be pointed at " << utf8(folder_->path());
        RecordProperty("drive_d", drive_->method());
        ASSERT_TRUE(path_exists(L"D:\\Users\\bob")) << "D: does not reach the folder (" << drive_->method() << ")";
    }
    void TearDown() override {
        const bool mapped = drive_ != nullptr;
        drive_.reset();  // the letter goes first, then the folder behind it
        folder_.reset();
        if (mapped) {
            EXPECT_FALSE(drive_letter_in_use(L'D')) << "D: is gone again";
        }
    }

    static constexpr const char* kUser = "CORP\\bob";  // a domain-style --user; the profile is D:\Users\bob
    std::unique_ptr<ScopedTempFolder> folder_;
    std::unique_ptr<ScopedFolderDrive> drive_;
    std::wstring profile_;  // the folder behind D:\Users\bob
};

TEST_F(DriveDTest, ProfileSizePassesWithTheExactByteTotalInEvidence) {
    // Reads through D:, written through the real path.
    ASSERT_TRUE(CreateDirectoryW((profile_ + L"\\Documents").c_str(), nullptr));
    ASSERT_TRUE(CreateDirectoryW((profile_ + L"\\AppData").c_str(), nullptr));
    ASSERT_TRUE(CreateDirectoryW((profile_ + L"\\AppData\\Local").c_str(), nullptr));
    ASSERT_TRUE(write_file(profile_ + L"\\NTUSER.DAT", 262'144));
    ASSERT_TRUE(write_file(profile_ + L"\\Documents\\report.docx", 12'345));
    ASSERT_TRUE(write_file(profile_ + L"\\Documents\\notes.txt", 678));
    ASSERT_TRUE(write_file(profile_ + L"\\AppData\\Local\\cache.bin", 1'048'576));
    constexpr std::uint64_t kTotal = 262'144 + 12'345 + 678 + 1'048'576;

    const CheckResult result = run_check("profile-size", kUser);
    EXPECT_EQ(result.status, Status::Passed) << text(result);
    EXPECT_TRUE(contains(result.summary, "D:\\Users\\bob")) << text(result);
    const Evidence* total = evidence(result, "Total size of files");
    ASSERT_NE(total, nullptr) << text(result);
    EXPECT_EQ(total->observed, bytes_with_exact(kTotal));
    EXPECT_TRUE(contains(total->observed, "1,323,743 bytes")) << total->observed;
    const Evidence* counts = evidence(result, "Files and folders");
    ASSERT_NE(counts, nullptr) << text(result);
    EXPECT_EQ(counts->observed, "4 files in 3 folders");
    const Evidence* largest = evidence(result, "Folder D:\\Users\\bob\\AppData");
    ASSERT_NE(largest, nullptr) << text(result);
    EXPECT_TRUE(contains(largest->observed, "1,048,576 bytes")) << largest->observed;
}

TEST_F(DriveDTest, ProfileSizeFailsWithAnElevenGibibyteSparseFile) {
    ASSERT_TRUE(write_file(profile_ + L"\\NTUSER.DAT", 262'144));
    constexpr std::uint64_t kSparse = 11ULL << 30U;
    ASSERT_TRUE(write_sparse_file(profile_ + L"\\disk.vhdx", kSparse)) << GetLastError();

    const CheckResult result = run_check("profile-size", kUser);
    EXPECT_EQ(result.status, Status::Failed) << text(result);
    const Evidence* total = evidence(result, "Total size of files");
    ASSERT_NE(total, nullptr) << text(result);
    EXPECT_EQ(total->observed, bytes_with_exact(kSparse + 262'144));
    const Evidence* still = evidence(result, "Still to remove");
    ASSERT_NE(still, nullptr) << text(result);
    EXPECT_EQ(still->observed, "at least " + bytes_with_exact(kSparse + 262'144 - checks::ProfileSizeCheck::kLimitBytes + 1));
}

TEST_F(DriveDTest, UserProfileExistsPassesForAProfileRegisteredAtDUsers) {
    // "bob" is no account Windows knows, so the check matches the registered path D:\Users\bob.
    const std::wstring key = profile_key(kFakeSid);
    if (key_exists(key)) GTEST_SKIP() << "the fake SID is registered already";
    const ScopedKey created(key);
    ASSERT_TRUE(created.ok());
    ASSERT_TRUE(write_raw(key, L"ProfileImagePath", string_value(REG_EXPAND_SZ, L"D:\\Users\\bob")));

    const CheckResult result = run_check("user-profile-exists", kUser);
    EXPECT_EQ(result.status, Status::Passed) << text(result);
    const Evidence* folder = evidence(result, "Profile folder D:\\Users\\bob");
    ASSERT_NE(folder, nullptr) << text(result);
    EXPECT_EQ(folder->observed, "exists");
}

// =====================================================================================================
// sysprep-file
// =====================================================================================================

TEST(SysprepFileCheck, PassesWithAnEc2LaunchV2AnswerFileAndFailsOnceItIsEmpty) {
    const std::wstring agent_folder = L"C:\\Program Files\\Amazon\\EC2Launch";
    const std::wstring sysprep_folder = L"C:\\ProgramData\\Amazon\\EC2Launch\\sysprep";
    const std::wstring answer = sysprep_folder + L"\\unattend.xml";
    if (path_exists(agent_folder) || path_exists(answer)) GTEST_SKIP() << "EC2Launch v2 is installed here";

    ScopedCreations created;
    ASSERT_TRUE(created.folder(agent_folder));    // how the check recognises EC2Launch v2 without its service
    ASSERT_TRUE(created.folder(sysprep_folder));
    const std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n"
                            "  <settings pass=\"specialize\"><component name=\"Microsoft-Windows-Shell-Setup\">"
                            "<ComputerName>*</ComputerName></component></settings>\n</unattend>\n";
    ASSERT_TRUE(created.text_file(answer, xml));

    const CheckResult present = run_check("sysprep-file");
    EXPECT_EQ(present.status, Status::Passed) << text(present);
    const Evidence* agent = evidence(present, "Launch agent EC2Launch v2");
    ASSERT_NE(agent, nullptr) << text(present);
    EXPECT_TRUE(contains(agent->observed, "installed (folder")) << agent->observed;
    const Evidence* file = evidence(present, "Answer file " + utf8(answer));
    ASSERT_NE(file, nullptr) << text(present);
    EXPECT_EQ(file->observed, "present, " + bytes_with_exact(xml.size()) + ", well-formed XML");

    ASSERT_TRUE(write_file(answer, 0));  // truncated to 0 bytes
    const CheckResult empty = run_check("sysprep-file");
    EXPECT_EQ(empty.status, Status::Failed) << text(empty);
    EXPECT_TRUE(contains(empty.summary, "empty (0 bytes)")) << text(empty);
}

TEST(SysprepFileCheck, ReadsTheAnswerFileWithAParserMalformedFailsWithLineAndColumnCustomNameIsChecked) {
    const std::wstring agent_folder = L"C:\\Program Files\\Amazon\\EC2Launch";
    const std::wstring sysprep_folder = L"C:\\ProgramData\\Amazon\\EC2Launch\\sysprep";
    const std::wstring answer = sysprep_folder + L"\\unattend.xml";
    if (path_exists(agent_folder) || path_exists(answer)) GTEST_SKIP() << "EC2Launch v2 is installed here";
    ScopedCreations created;
    ASSERT_TRUE(created.folder(agent_folder));
    ASSERT_TRUE(created.folder(sysprep_folder));

    const auto shell_setup = [](const std::string& inside) {
        return "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n<settings pass=\"specialize\">\n"
               "<component name=\"Microsoft-Windows-Shell-Setup\">" + inside + "</component>\n</settings>\n</unattend>\n";
    };
    struct Case {
        const char* name;
        std::string xml;
        Status status;
        std::string summary_part;
    };
    const std::vector<Case> cases{
        {"unclosed element", "<unattend>\n<settings pass=\"specialize\">\n</unattend>\n", Status::Failed, "not well-formed XML (line 3, column "},
        {"custom name complete",
         shell_setup("<ComputerName>*</ComputerName><RegisteredOrganization>Example Corp</RegisteredOrganization>"
                     "<RegisteredOwner>IT</RegisteredOwner>"),
         Status::Passed, "well-formed"},
        {"custom name without owner",
         shell_setup("<ComputerName>*</ComputerName><RegisteredOrganization>Example Corp</RegisteredOrganization>"), Status::Failed,
         "RegisteredOwner is not set"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        ASSERT_TRUE(created.text_file(answer, c.xml));
        const CheckResult result = run_check("sysprep-file");
        EXPECT_EQ(result.status, c.status) << text(result);
        EXPECT_TRUE(contains(result.summary, c.summary_part)) << text(result);
        if (c.status == Status::Passed) {
            const Evidence* prefix = evidence(result, "Computer name prefix");
            ASSERT_NE(prefix, nullptr) << text(result);
            EXPECT_TRUE(contains(prefix->observed, "start with EXAMPLEC")) << prefix->observed;
        }
    }
}

TEST(SysprepFileCheck, FailsWhenNoLaunchAgentIsInstalled) {
    for (const wchar_t* folder : {L"C:\\Program Files\\Amazon\\EC2Launch", L"C:\\ProgramData\\Amazon\\EC2-Windows\\Launch",
                                  L"C:\\Program Files\\Amazon\\Ec2ConfigService"})
        if (path_exists(folder)) GTEST_SKIP() << "a launch agent is installed here";
    const CheckResult result = run_check("sysprep-file");
    EXPECT_EQ(result.status, Status::Failed) << text(result);
    EXPECT_TRUE(contains(result.summary, "no EC2 launch agent")) << text(result);
}

// =====================================================================================================
// A whole run
// =====================================================================================================

TEST(WholeRun, EveryBuiltinCheckFinishesWithoutTimingOutOrThrowing) {
    RunOptions options;
    options.ids = builtin_checks().select({}, {});
    options.timeout = std::chrono::seconds(10);  // a hang shows as a timeout, not as a stuck test

    const auto begin = std::chrono::steady_clock::now();
    const RunSummary summary = Runner(builtin_checks(), native(), options).run();
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - begin);

    ASSERT_EQ(summary.outcomes.size(), builtin_checks().catalogue().size());
    EXPECT_FALSE(summary.cancelled);
    EXPECT_EQ(Runner::abandoned_checks(), 0U);
    std::cout << "[ wine     ] user checked: " << summary.machine.user_checked.display() << " ("
              << summary.machine.user_source << ")\n";
    for (const auto& outcome : summary.outcomes) {
        const CheckResult& r = outcome.result;
        std::cout << "[ wine     ] " << outcome.info.id << std::string(26 - std::min<std::size_t>(25, outcome.info.id.size()), ' ')
                  << to_string(r.status) << std::string(9 - to_string(r.status).size(), ' ') << r.duration.count() << " ms  "
                  << r.summary << "\n";
        SCOPED_TRACE(outcome.info.id);
        EXPECT_FALSE(contains(r.summary, "timed out after")) << text(r);
        EXPECT_FALSE(contains(r.summary, "the check stopped with an unexpected error")) << text(r);
        EXPECT_FALSE(contains(r.summary, "the check could not read the machine")) << text(r);
        EXPECT_FALSE(contains(r.summary, "cancelled")) << text(r);
    }
    std::cout << "[ wine     ] whole run: " << elapsed.count() << " ms for " << summary.outcomes.size() << " checks\n";
    RecordProperty("run_ms", std::to_string(elapsed.count()));
    EXPECT_LT(elapsed, std::chrono::seconds(5)) << "not a benchmark: a run this slow means something hangs";
}

}  // namespace
}  // namespace ic::wine_checks
