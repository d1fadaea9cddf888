#include <gtest/gtest.h>

#include "test_support.h"
#include "windows/rearm_count_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
const std::string kItem = "WMI root\\CIMV2 SoftwareLicensingService.RemainingWindowsReArmCount";

void stage_count(MemorySystem& system, std::string count) {
    system.set_management_rows(RearmCountCheck::kNamespace, RearmCountCheck::kQuery, {{{"RemainingWindowsReArmCount", std::move(count)}}});
}

TEST(RearmCountCheck, PassesWhenRearmsAreLeft) {
    MemorySystem system;
    stage_count(system, "1001");
    RearmCountCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "1001 rearms are left");
    ASSERT_NE(test::find_evidence(result, kItem), nullptr);
    EXPECT_EQ(test::find_evidence(result, kItem)->observed, "1001");
    EXPECT_EQ(test::find_evidence(result, kItem)->expected, "1 or more");
}

TEST(RearmCountCheck, PassesWithExactlyOneRearmLeft) {
    MemorySystem system;
    stage_count(system, "1");
    RearmCountCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "1 rearm is left");
}

TEST(RearmCountCheck, FailsWhenNoRearmIsLeft) {
    MemorySystem system;
    stage_count(system, "0");
    RearmCountCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(test::find_evidence(result, kItem)->observed, "0");
    EXPECT_FALSE(result.fix.has_value());
}

TEST(RearmCountCheck, ErrorWhenTheQueryFails) {
    MemorySystem system;
    system.fail_management(RearmCountCheck::kNamespace, RearmCountCheck::kQuery,
                           os::OsError{"IWbemServices::ExecQuery", 0x80041003LL, "Access denied"});
    RearmCountCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "the licensing query failed: IWbemServices::ExecQuery failed with error 0x80041003 (Access denied)");
}

TEST(RearmCountCheck, ErrorWhenTheQueryReturnsNoObject) {
    MemorySystem system;  // nothing staged: the query answers no rows
    RearmCountCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error) << "no answer is not a pass";
    EXPECT_EQ(result.summary, "the licensing query returned no SoftwareLicensingService object");
}

TEST(RearmCountCheck, ErrorWhenTheCountIsNotANumber) {
    MemorySystem system;
    stage_count(system, "");
    RearmCountCheck check;
    auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "the licensing query returned \"\" for RemainingWindowsReArmCount, which is not a number");
    EXPECT_EQ(test::find_evidence(result, kItem)->observed, "(null)");

    stage_count(system, "-1");
    result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(test::find_evidence(result, kItem)->observed, "\"-1\"");
}

TEST(RearmCountCheck, ErrorWhenThePropertyIsMissing) {
    MemorySystem system;
    system.set_management_rows(RearmCountCheck::kNamespace, RearmCountCheck::kQuery, {{{"Version", "10.0.19041.1"}}});
    RearmCountCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "the licensing query returned no RemainingWindowsReArmCount property");
}

TEST(RearmCountCheck, DescribesItselfForTheCatalogue) {
    const auto info = RearmCountCheck::describe();
    EXPECT_EQ(info.id, "rearm-count");
    EXPECT_EQ(info.aws_error_code, "InsufficientRearmCount");
    EXPECT_EQ(info.fix, FixKind::None);
}

}  // namespace
}  // namespace ic::checks
