#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "imagechecker/report.h"
#include "test_support.h"

namespace ic {
namespace {

RunSummary run_on(std::shared_ptr<os::MemorySystem> system) {
    RunOptions options;
    options.ids = test::engine_checks().select({}, {});
    return Runner(test::engine_checks(), std::move(system), options).run();
}

TEST(Report, HasTheDocumentedTopLevelFields) {
    auto system = std::make_shared<os::MemorySystem>();
    system->add_drive('Z', os::DriveType::Fixed);
    const auto report = build_report(run_on(system), {"/var/log/ImageChecker_20261123231001.log", ""});

    EXPECT_EQ(report["schema_version"], 1);
    EXPECT_EQ(report["tool"]["name"], "ImageChecker");
    EXPECT_TRUE(report["tool"]["version"].is_string());
    EXPECT_EQ(report["machine"]["name"], "WS-TEST");
    EXPECT_EQ(report["machine"]["os"]["family"], "windows");
    EXPECT_EQ(report["machine"]["os"]["build"], "19045");
    EXPECT_EQ(report["machine"]["user_checked"], "alice");
    EXPECT_EQ(report["machine"]["elevated"], true);
    EXPECT_EQ(report["source"]["kind"], "memory");
    EXPECT_TRUE(report["source"]["replay_file"].is_null());
    const std::regex iso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2})");
    EXPECT_TRUE(std::regex_match(report["started_at"].get<std::string>(), iso)) << report["started_at"];
    EXPECT_TRUE(std::regex_match(report["finished_at"].get<std::string>(), iso));
    EXPECT_EQ(report["overall"]["status"], "FAILED");
    EXPECT_EQ(report["overall"]["validation_successful"], false);
    EXPECT_EQ(report["overall"]["counts"]["FAILED"], 1);
    EXPECT_EQ(report["overall"]["counts"]["PASSED"], 2);
    EXPECT_EQ(report["log_file"], "/var/log/ImageChecker_20261123231001.log");
    EXPECT_FALSE(report.contains("errors"));
}

TEST(Report, DescribesEveryCheckWithEvidenceRemediationAndFix) {
    auto system = std::make_shared<os::MemorySystem>();
    system->add_drive('Z', os::DriveType::Network, "\\\\srv\\share");
    const auto report = build_report(run_on(system), {});
    ASSERT_EQ(report["checks"].size(), test::engine_checks().catalogue().size());
    const auto& drives = report["checks"][0];
    EXPECT_EQ(drives["id"], "drives");
    EXPECT_EQ(drives["title"], "Only drives C: and D: are present");
    EXPECT_EQ(drives["status"], "FAILED");
    EXPECT_EQ(drives["platforms"], "windows");
    EXPECT_EQ(drives["aws_error_code"], "AdditionalDrivesPresent");
    EXPECT_FALSE(drives["remediation"].get<std::string>().empty());
    EXPECT_EQ(drives["fix"]["available"], false);
    EXPECT_EQ(drives["fix"]["automatic"], false);
    EXPECT_TRUE(drives["fix"]["description"].is_null());
    EXPECT_TRUE(drives["duration_ms"].is_number_integer());
    bool found = false;
    for (const auto& e : drives["evidence"]) {
        if (e["item"] == "Drive Z:") {
            found = true;
            EXPECT_EQ(e["observed"], "network drive (points to \\\\srv\\share)");
            EXPECT_EQ(e["expected"], "absent");
        }
    }
    EXPECT_TRUE(found);
}

TEST(Report, ValidationSuccessfulOnlyWhenEveryApplicableCheckPassed) {
    const auto passing = build_report(run_on(std::make_shared<os::MemorySystem>()), {});
    EXPECT_EQ(passing["overall"]["status"], "PASSED");
    EXPECT_EQ(passing["overall"]["validation_successful"], true);
    EXPECT_EQ(passing["overall"]["message"].get<std::string>().rfind("Validation Successful", 0), 0U);

    auto linux_machine = std::make_shared<os::MemorySystem>();
    linux_machine->set_os({os::OsFamily::Linux, "Debian GNU/Linux 12 (bookworm)", "12", "6.1", ""});
    const auto skipped = build_report(run_on(linux_machine), {});
    EXPECT_EQ(skipped["overall"]["status"], "SKIPPED");
    EXPECT_EQ(skipped["overall"]["validation_successful"], false);
    EXPECT_EQ(skipped["overall"]["applicable"], 0);
}

TEST(Report, MachineFactsThatCouldNotBeReadAreNullWithTheReason) {
    auto system = std::make_shared<os::MemorySystem>();
    system->fail_host("machine_name", os::OsError{"GetComputerNameExW", 234, "More data is available."});
    const auto report = build_report(run_on(system), {});
    EXPECT_TRUE(report["machine"]["name"].is_null());
    EXPECT_EQ(report["machine"]["errors"]["name"], "GetComputerNameExW failed with error 234 (More data is available.)");
}

TEST(ExitCode, FollowsTheWorstApplicableStatus) {
    auto verdict_of = [](Status s) {
        RunVerdict v;
        v.overall = s;
        return v;
    };
    EXPECT_EQ(exit_code_for(verdict_of(Status::Passed)), 0);
    EXPECT_EQ(exit_code_for(verdict_of(Status::Skipped)), 0);
    EXPECT_EQ(exit_code_for(verdict_of(Status::Warning)), 1);
    EXPECT_EQ(exit_code_for(verdict_of(Status::Failed)), 2);
    EXPECT_EQ(exit_code_for(verdict_of(Status::Error)), 2);
}

}  // namespace
}  // namespace ic
