#include <gtest/gtest.h>

#include "fix_round_trip.h"
#include "test_support.h"
#include "windows/ssm_agent_disabled_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::ServiceInfo;
using os::ServiceStartType;
using os::ServiceState;

ServiceInfo agent(ServiceStartType start_type, ServiceState state, std::string name = "AmazonSSMAgent") {
    return {std::move(name), "Amazon SSM Agent", start_type, state, "LocalSystem", "\"C:\\Program Files\\Amazon\\SSM\\amazon-ssm-agent.exe\""};
}

TEST(SsmAgentDisabledCheck, PassesWhenTheAgentIsNotInstalledAndSaysWhereItLooked) {
    MemorySystem system;
    system.add_service({"WinRM", "Windows Remote Management (WS-Management)", ServiceStartType::Automatic, ServiceState::Running,
                        "NT AUTHORITY\\NetworkService", ""});
    SsmAgentDisabledCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "Amazon SSM Agent is not installed");
    const auto* line = test::find_evidence(result, "Amazon SSM Agent");
    ASSERT_NE(line, nullptr);
    EXPECT_EQ(line->observed, "not installed (looked for service AmazonSSMAgent and any service displayed as \"Amazon SSM Agent\")");
}

TEST(SsmAgentDisabledCheck, PassesWhenDisabledAndStopped) {
    MemorySystem system;
    system.add_service(agent(ServiceStartType::Disabled, ServiceState::Stopped));
    SsmAgentDisabledCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "Amazon SSM Agent is installed, disabled and stopped");
    EXPECT_EQ(test::find_evidence(result, "AmazonSSMAgent start type")->observed, "Disabled");
}

TEST(SsmAgentDisabledCheck, WarnsWhenAutomaticAndRunning) {
    MemorySystem system;
    system.add_service(agent(ServiceStartType::Automatic, ServiceState::Running));
    SsmAgentDisabledCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(result.summary, "Amazon SSM Agent is enabled or running: Amazon SSM Agent (AmazonSSMAgent)");
    ASSERT_TRUE(result.fix.has_value());
    EXPECT_TRUE(result.fix->automatic);
    EXPECT_EQ(test::find_evidence(result, "AmazonSSMAgent state")->observed, "Running");
    EXPECT_EQ(test::find_evidence(result, "AmazonSSMAgent state")->expected, "Stopped");
}

TEST(SsmAgentDisabledCheck, WarnsWhenDisabledButStillRunning) {
    MemorySystem system;
    system.add_service(agent(ServiceStartType::Disabled, ServiceState::Running));
    SsmAgentDisabledCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Warning);

    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(plan->changes.size(), 1U) << "only the stop is needed";
    EXPECT_EQ(plan->changes[0].where(), "service AmazonSSMAgent (running state)");
}

TEST(SsmAgentDisabledCheck, FindsTheAgentByDisplayNameUnderAnotherKeyName) {
    MemorySystem system;
    system.add_service(agent(ServiceStartType::Manual, ServiceState::Stopped, "SSMAgentCustom"));
    SsmAgentDisabledCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_NE(test::find_evidence(result, "Service SSMAgentCustom"), nullptr);
}

ServiceInfo unreadable_service(std::string name, std::string display) {
    ServiceInfo info{std::move(name), std::move(display), ServiceStartType::Unknown, ServiceState::Running, "", ""};
    info.config_error = os::OsError{"OpenServiceW", 5, "Access is denied."};
    return info;
}

TEST(SsmAgentDisabledCheck, AnotherUnreadableServiceDoesNotMatter) {
    struct Case {
        const char* name;
        bool agent_installed;
        Status expected;
    };
    for (const Case& c : {Case{"agent asked for by name", true, Status::Passed}, Case{"no agent at all", false, Status::Passed}}) {
        MemorySystem system;
        system.add_service(unreadable_service("SecAgent", "Endpoint Protection"));
        if (c.agent_installed) system.add_service(agent(ServiceStartType::Disabled, ServiceState::Stopped));
        SsmAgentDisabledCheck check;
        const auto result = test::run_check(check, system);
        EXPECT_EQ(result.status, c.expected) << c.name << ": " << result.summary;
    }
}

TEST(SsmAgentDisabledCheck, ErrorWhenTheAgentFoundByDisplayNameIsUnreadable) {
    MemorySystem system;
    system.add_service(unreadable_service("SSMAgentCustom", "Amazon SSM Agent"));
    SsmAgentDisabledCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error) << "the agent itself could not be read";
    EXPECT_NE(result.summary.find("OpenServiceW failed with error 5"), std::string::npos) << result.summary;
}

TEST(SsmAgentDisabledCheck, ErrorWhenServicesCannotBeListed) {
    MemorySystem system;
    system.fail_services(os::OsError{"EnumServicesStatusExW", 5, "Access is denied."});
    SsmAgentDisabledCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error) << "an unreadable service list is never a pass";
    EXPECT_EQ(result.summary, "could not list the services: EnumServicesStatusExW failed with error 5 (Access is denied.)");
}

TEST(SsmAgentDisabledCheck, ErrorWhenTheStartTypeCannotBeInterpretedAndNoFixIsPlanned) {
    MemorySystem system;
    system.add_service(agent(ServiceStartType::Unknown, ServiceState::Running));
    SsmAgentDisabledCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "the service manager reports a start type for AmazonSSMAgent that this tool cannot interpret");
    auto context = test::context_for(system);
    EXPECT_THROW(check.plan_fix(context), std::runtime_error) << "an unknown start type could not be put back by undo";
}

TEST(SsmAgentDisabledCheck, FixStopsThenDisablesAndUndoRestartsItAsAutomatic) {
    MemorySystem system;
    system.add_service(agent(ServiceStartType::Automatic, ServiceState::Running));
    SsmAgentDisabledCheck check;
    auto context = test::context_for(system);

    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_TRUE(plan->automatic);
    EXPECT_EQ(plan->summary, "Stop Amazon SSM Agent and set its start type to Disabled");
    ASSERT_EQ(plan->changes.size(), 2U);
    EXPECT_EQ(plan->changes[0].what, "Stop Amazon SSM Agent (AmazonSSMAgent)");
    EXPECT_EQ(plan->changes[0].where(), "service AmazonSSMAgent (running state)");
    EXPECT_EQ(plan->changes[0].before_text(), "Running");
    EXPECT_EQ(plan->changes[0].after_text(), "Stopped");
    EXPECT_TRUE(plan->changes[0].undoable);
    EXPECT_EQ(plan->changes[1].what, "Set the start type of Amazon SSM Agent (AmazonSSMAgent) to Disabled");
    EXPECT_EQ(plan->changes[1].where(), "service AmazonSSMAgent (start type)");
    EXPECT_EQ(plan->changes[1].before_text(), "Automatic");
    EXPECT_EQ(plan->changes[1].after_text(), "Disabled");
    EXPECT_TRUE(plan->changes[1].undoable);

    test::apply_plan(system, *plan);
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);

    test::undo_plan(system, *plan);
    const auto restored = test::service_now(system, "AmazonSSMAgent");
    EXPECT_EQ(restored.start_type, ServiceStartType::Automatic);
    EXPECT_EQ(restored.state, ServiceState::Running);
    EXPECT_EQ(restored.account, "LocalSystem");
}

TEST(SsmAgentDisabledCheck, PlansNothingWhenAbsentOrAlreadyQuiet) {
    MemorySystem absent;
    SsmAgentDisabledCheck check;
    auto context = test::context_for(absent);
    auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_TRUE(plan->changes.empty());
    EXPECT_EQ(plan->summary, "Nothing to change: Amazon SSM Agent is not installed");

    MemorySystem quiet;
    quiet.add_service(agent(ServiceStartType::Disabled, ServiceState::Stopped));
    auto quiet_context = test::context_for(quiet);
    plan = check.plan_fix(quiet_context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_TRUE(plan->changes.empty());
}

TEST(SsmAgentDisabledCheck, RecognisesTheAgentByKeyOrDisplayNameInAnyCase) {
    struct Case {
        ServiceInfo service;
        bool agent;
    };
    const Case cases[] = {
        {{"AmazonSSMAgent", "", ServiceStartType::Automatic, ServiceState::Running, "", ""}, true},
        {{"amazonssmagent", "x", ServiceStartType::Automatic, ServiceState::Running, "", ""}, true},
        {{"Other", "amazon ssm agent", ServiceStartType::Automatic, ServiceState::Running, "", ""}, true},
        {{"AmazonCloudWatchAgent", "Amazon CloudWatch Agent", ServiceStartType::Automatic, ServiceState::Running, "", ""}, false},
        {{"AmazonSSMAgentX", "Amazon SSM Agent Helper", ServiceStartType::Automatic, ServiceState::Running, "", ""}, false},
    };
    for (const auto& c : cases) EXPECT_EQ(is_ssm_agent(c.service), c.agent) << c.service.name << " / " << c.service.display_name;
}

TEST(SsmAgentDisabledCheck, QuietMeansDisabledAndStopped) {
    struct Case {
        ServiceStartType start_type;
        ServiceState state;
        bool quiet;
    };
    const Case cases[] = {
        {ServiceStartType::Disabled, ServiceState::Stopped, true},   {ServiceStartType::Disabled, ServiceState::Running, false},
        {ServiceStartType::Disabled, ServiceState::StopPending, false}, {ServiceStartType::Manual, ServiceState::Stopped, false},
        {ServiceStartType::Automatic, ServiceState::Running, false}, {ServiceStartType::Unknown, ServiceState::Stopped, false},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(is_ssm_agent_quiet(agent(c.start_type, c.state)), c.quiet)
            << os::to_string(c.start_type) << " " << os::to_string(c.state);
    }
}

TEST(SsmAgentDisabledCheck, DescribesItselfForTheCatalogue) {
    const auto info = SsmAgentDisabledCheck::describe();
    EXPECT_EQ(info.id, "ssm-agent-disabled");
    EXPECT_EQ(info.aws_error_code, "AmazonSsmAgentEnabled");
    EXPECT_EQ(info.fix, FixKind::Automatic);
}

}  // namespace
}  // namespace ic::checks
