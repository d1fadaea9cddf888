#include <gtest/gtest.h>

#include "fix_round_trip.h"
#include "test_support.h"
#include "windows/appx_staged_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
constexpr auto HKLM = os::RegistryHive::LocalMachine;
const std::string kStore = AppxStagedCheck::kStoreKey;
const std::string kUser = "CORP\\alice";
const std::string kSid = "S-1-5-21-1-2-3-1105";
const std::string kCalc = "Microsoft.WindowsCalculator_11.2210.0.0_x64__8wekyb3d8bbwe";
const std::string kPhotos = "Microsoft.Windows.Photos_2023.11090.13001.0_x64__8wekyb3d8bbwe";
const std::string kStoreApp = "Microsoft.WindowsStore_22310.1401.5.0_x64__8wekyb3d8bbwe";
const std::string kVcLibs = "Microsoft.VCLibs.140.00_14.0.32530.0_x64__8wekyb3d8bbwe";
const std::string kOverlay = "Microsoft.XboxGameOverlay_1.47.2385.0_neutral__8wekyb3d8bbwe";

void stage(MemorySystem& system, const std::string& below_store) { system.add_key(HKLM, kStore + "\\" + below_store); }

// A healthy store: packages installed for the user (and the system), provisioning keys that do not count.
void stage_healthy(MemorySystem& system) {
    system.add_account(kUser, kSid);
    stage(system, "Applications\\" + kCalc);
    stage(system, "Deprovisioned\\Microsoft.BingWeather_8wekyb3d8bbwe");
    stage(system, "S-1-5-18\\" + kStoreApp);
    stage(system, kSid + "\\" + kStoreApp);
    stage(system, kSid + "\\" + kCalc);
    stage(system, kSid + "\\" + kCalc + "\\" + kVcLibs);  // a dependency below a package: not a package of its own
}

TEST(AppxStagedCheck, PassesWhenEveryPackageIsInstalledForTheUser) {
    MemorySystem system;
    stage_healthy(system);
    stage(system, "Staged\\" + kCalc);  // staged and installed for the user: fine
    AppxStagedCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "no AppX package is staged without being installed for alice (3 packages in the store)");
    EXPECT_EQ(test::find_evidence(result, "WorkSpace user")->observed, kUser + " (" + kSid + ")");
    EXPECT_EQ(test::find_evidence(result, "HKLM\\" + kStore)->observed, "3 packages, 1 staged");
}

TEST(AppxStagedCheck, WarnsForAStagedPackageNotInstalledForTheUser) {
    MemorySystem system;
    stage_healthy(system);
    stage(system, "Staged\\" + kPhotos);
    AppxStagedCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(result.summary, "1 AppX package is staged or installed for the system but not for alice");
    ASSERT_TRUE(result.fix.has_value());
    EXPECT_TRUE(result.fix->automatic);
    EXPECT_EQ(result.fix->description, "Remove 1 AppX package for all users (cannot be undone; each removal is confirmed on its own)");
    const auto* photos = test::find_evidence(result, "Package " + kPhotos);
    ASSERT_NE(photos, nullptr);
    EXPECT_EQ(photos->observed, "staged; not installed for alice");
    EXPECT_EQ(photos->expected, "installed for alice, or removed");
}

TEST(AppxStagedCheck, WarnsForAPackageStagedBelowItsFamilyName) {
    MemorySystem system;
    stage_healthy(system);
    stage(system, "Staged\\Microsoft.Windows.Photos_8wekyb3d8bbwe\\" + kPhotos);
    AppxStagedCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Warning);
    ASSERT_NE(test::find_evidence(result, "Package " + kPhotos), nullptr);
}

TEST(AppxStagedCheck, WarnsForAPackageInstalledOnlyForTheSystemAndOtherUsers) {
    MemorySystem system;
    stage_healthy(system);
    stage(system, "S-1-5-18\\" + kPhotos);
    stage(system, "S-1-5-21-1-2-3-1200\\" + kPhotos);
    AppxStagedCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(test::find_evidence(result, "Package " + kPhotos)->observed,
              "installed for S-1-5-18; not installed for alice; installed for S-1-5-21-1-2-3-1200");
}

TEST(AppxStagedCheck, AFrameworkTheUsersPackagesDependOnCountsAsInstalledForTheUser) {
    MemorySystem system;
    stage_healthy(system);  // alice's calculator depends on VCLibs
    stage(system, "S-1-5-18\\" + kVcLibs);
    stage(system, "Staged\\" + kVcLibs);
    AppxStagedCheck check;
    EXPECT_EQ(test::run_check(check, system, kUser).status, Status::Passed);
}

TEST(AppxStagedCheck, APackageOfAnotherUserAloneIsNotAwsConcern) {
    MemorySystem system;
    stage_healthy(system);
    stage(system, "S-1-5-21-1-2-3-1200\\" + kPhotos);
    AppxStagedCheck check;
    EXPECT_EQ(test::run_check(check, system, kUser).status, Status::Passed);
}

TEST(AppxStagedCheck, FixRemovesEachOffendingPackageWithItsOwnConfirmation) {
    MemorySystem system;
    stage_healthy(system);
    stage(system, "Staged\\" + kPhotos);
    stage(system, "S-1-5-18\\" + kOverlay);
    AppxStagedCheck check;
    auto context = test::context_for(system, kUser);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_EQ(plan->check_id, "appx-staged");
    EXPECT_TRUE(plan->automatic);
    EXPECT_EQ(plan->summary, "Remove 2 AppX packages that Sysprep would stop on (not undoable)");
    ASSERT_EQ(plan->changes.size(), 2U);
    const Change& first = plan->changes[0];  // packages in name order (case-folded)
    EXPECT_EQ(first.where(), "AppX package " + kPhotos);
    EXPECT_EQ(first.before_text(), "present (staged; not installed for alice)");
    EXPECT_EQ(first.after_text(), "removed for all users");
    EXPECT_EQ(plan->changes[1].where(), "AppX package " + kOverlay);
    EXPECT_EQ(plan->changes[1].before_text(), "present (installed for S-1-5-18; not installed for alice)");
    EXPECT_EQ(plan->changes[0].what, "Remove the AppX package " + kPhotos + " for all users");
    for (const auto& change : plan->changes) {
        EXPECT_FALSE(change.undoable);
        EXPECT_TRUE(change.needs_own_confirmation);
        EXPECT_FALSE(change.not_undoable_because.empty());
        EXPECT_FALSE(inverse_of(change.action).has_value());
    }

    test::apply_plan(system, *plan);
    EXPECT_EQ(system.removed_appx(), (std::vector<std::string>{kPhotos, kOverlay}));
    EXPECT_EQ(test::run_check(check, system, kUser).status, Status::Passed);
    test::undo_plan(system, *plan);  // nothing is undoable: the packages stay removed
    EXPECT_EQ(test::run_check(check, system, kUser).status, Status::Passed);
    EXPECT_TRUE(system.registry().key_exists(HKLM, kStore + "\\" + kSid + "\\" + kCalc).value()) << "the user's packages are untouched";
}

TEST(AppxStagedCheck, FixChangesNothingWhenNothingOffends) {
    MemorySystem system;
    stage_healthy(system);
    AppxStagedCheck check;
    auto context = test::context_for(system, kUser);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_TRUE(plan->changes.empty());
}

TEST(AppxStagedCheck, ErrorWhenTheUsersPackagesCannotBeReadAndNothingIsRemoved) {
    MemorySystem system;
    stage_healthy(system);
    stage(system, "Staged\\" + kPhotos);
    system.fail_registry(HKLM, kStore + "\\" + kSid, test::access_denied());
    AppxStagedCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Error) << "without the user's packages, offending ones cannot be told apart";
    EXPECT_EQ(result.summary, "could not read which packages are installed for alice (" + kSid +
                                  "): RegOpenKeyExW failed with error 5 (Access is denied.)");
    auto context = test::context_for(system, kUser);
    EXPECT_THROW((void)check.plan_fix(context), os::OsFailure);
}

TEST(AppxStagedCheck, ErrorWhenTheStoreCannotBeListed) {
    MemorySystem system;
    system.add_account(kUser, kSid);
    system.fail_registry(HKLM, kStore, test::access_denied());
    AppxStagedCheck check;
    const auto result = test::run_check(check, system, kUser);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "could not list the AppX all-user store: RegOpenKeyExW failed with error 5 (Access is denied.)");
}

TEST(AppxStagedCheck, ErrorWhenTheStagedKeyCannotBeReadAndNothingElseOffends) {
    MemorySystem system;
    stage_healthy(system);
    stage(system, "Staged\\" + kPhotos);
    system.fail_registry(HKLM, kStore + "\\Staged", test::access_denied());
    AppxStagedCheck check;
    EXPECT_EQ(test::run_check(check, system, kUser).status, Status::Error);
}

TEST(AppxStagedCheck, ErrorWhenTheUsersSidIsUnknown) {
    MemorySystem system;
    stage_healthy(system);
    AppxStagedCheck check;
    const auto result = test::run_check(check, system, "CORP\\nobody");
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "Windows knows no account named CORP\\nobody, so its packages cannot be told apart");

    system.fail_host("account_sid", os::OsError{"LookupAccountNameW", 1789, "The trust relationship failed."});
    EXPECT_EQ(test::run_check(check, system, kUser).status, Status::Error);
}

TEST(AppxStagedCheck, AnErrorWhenNoUserIsKnownOrTheUserIsSystem) {
    MemorySystem system;
    AppxStagedCheck check;
    EXPECT_EQ(test::run_check(check, system, "").status, Status::Error);
    const auto as_system = test::run_check(check, system, "NT AUTHORITY\\SYSTEM");
    EXPECT_EQ(as_system.status, Status::Error) << "SYSTEM's packages are what is judged; SYSTEM is never the user";
    EXPECT_NE(as_system.summary.find("built-in or service account"), std::string::npos) << as_system.summary;

    // Every package registered for S-1-5-18 would look offending "for SYSTEM": nothing is ever planned.
    stage_healthy(system);
    stage(system, "S-1-5-18\\" + kOverlay);
    auto context = test::context_for(system, "NT AUTHORITY\\SYSTEM");
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_TRUE(plan->changes.empty()) << plan->changes.size() << " removals planned for SYSTEM";
}

// ---- Pure rules ----

TEST(AppxStagedCheck, TellsFullNamesFromFamilyNames) {
    EXPECT_TRUE(is_package_full_name(kCalc));
    EXPECT_TRUE(is_package_full_name("Microsoft.LanguageExperiencePackde-DE_19041.1.1.0_neutral__8wekyb3d8bbwe"));
    EXPECT_FALSE(is_package_full_name("Microsoft.Windows.Photos_8wekyb3d8bbwe"));
    EXPECT_FALSE(is_package_full_name("Staged"));
    EXPECT_FALSE(is_package_full_name("S-1-5-18"));
    EXPECT_FALSE(is_package_full_name(""));
    EXPECT_FALSE(is_package_full_name("_1_2_3_4"));
}

TEST(AppxStagedCheck, AwsRuleTable) {
    struct Case {
        bool staged, system, user, offending;
    };
    for (const Case c : {Case{false, false, false, false}, Case{true, false, false, true}, Case{false, true, false, true},
                         Case{true, true, false, true}, Case{false, false, true, false}, Case{true, false, true, false},
                         Case{false, true, true, false}, Case{true, true, true, false}}) {
        AppxPackageState state;
        state.full_name = kCalc;
        state.staged = c.staged;
        state.installed_for_system = c.system;
        state.installed_for_user = c.user;
        EXPECT_EQ(is_offending_appx(state), c.offending) << c.staged << c.system << c.user;
    }
}

TEST(AppxStagedCheck, SaysForWhomAPackageIsThere) {
    AppxPackageState state;
    state.staged = true;
    state.installed_for_system = true;
    EXPECT_EQ(appx_found_for(state, "alice"), "staged; installed for S-1-5-18; not installed for alice");
    state = {};
    state.installed_for_user = true;
    EXPECT_EQ(appx_found_for(state, "alice"), "installed for alice");
}

TEST(AppxStagedCheck, DescribesItselfForTheCatalogue) {
    const auto info = AppxStagedCheck::describe();
    EXPECT_EQ(info.id, "appx-staged");
    EXPECT_EQ(info.aws_error_code, "StagedAppxPackage");
    EXPECT_EQ(info.fix, FixKind::Automatic);
}

}  // namespace
}  // namespace ic::checks
