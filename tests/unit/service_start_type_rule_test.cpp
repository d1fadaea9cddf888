#include <gtest/gtest.h>

#include "windows/service_start_type_rule.h"

namespace ic::checks {
namespace {

using os::ServiceStartType;

TEST(StartTypeRule, JudgesEveryStartTypeAgainstTheAcceptedOnes) {
    const StartTypeRule not_disabled{"TermService", "Remote Desktop Services", {ServiceStartType::Automatic, ServiceStartType::Manual},
                                     ServiceStartType::Manual};
    const StartTypeRule automatic_only{"WinRM", "WinRM", {ServiceStartType::Automatic}, ServiceStartType::Automatic};
    struct Case {
        const StartTypeRule* rule;
        ServiceStartType actual;
        StartTypeJudgement expected;
    };
    const Case cases[] = {
        {&not_disabled, ServiceStartType::Automatic, StartTypeJudgement::Accepted},
        {&not_disabled, ServiceStartType::Manual, StartTypeJudgement::Accepted},
        {&not_disabled, ServiceStartType::Disabled, StartTypeJudgement::NeedsChange},
        {&not_disabled, ServiceStartType::Boot, StartTypeJudgement::NeedsChange},
        {&not_disabled, ServiceStartType::Unknown, StartTypeJudgement::Unreadable},
        {&automatic_only, ServiceStartType::Automatic, StartTypeJudgement::Accepted},
        {&automatic_only, ServiceStartType::Manual, StartTypeJudgement::NeedsChange},
        {&automatic_only, ServiceStartType::Disabled, StartTypeJudgement::NeedsChange},
        {&automatic_only, ServiceStartType::Unknown, StartTypeJudgement::Unreadable},
    };
    for (const auto& c : cases)
        EXPECT_EQ(judge_start_type(*c.rule, c.actual), c.expected) << c.rule->service << " " << os::to_string(c.actual);
}

TEST(StartTypeRule, NamesTheAcceptedStartTypesInWords) {
    EXPECT_EQ(accepted_text({"A", "", {ServiceStartType::Automatic}, ServiceStartType::Automatic}), "Automatic");
    EXPECT_EQ(accepted_text({"A", "", {ServiceStartType::Automatic, ServiceStartType::Manual}, ServiceStartType::Manual}),
              "Automatic or Manual");
    EXPECT_EQ(accepted_text({"A", "", {ServiceStartType::Boot, ServiceStartType::System, ServiceStartType::Automatic},
                             ServiceStartType::Automatic}),
              "Boot, System or Automatic");
}

TEST(StartTypeRule, LabelsAServiceByDisplayNameAndKeyName) {
    EXPECT_EQ(service_label("TermService", "Remote Desktop Services"), "Remote Desktop Services (TermService)");
    EXPECT_EQ(service_label("TermService", ""), "TermService");
    EXPECT_EQ(service_label("WinRM", "WinRM"), "WinRM");
}

}  // namespace
}  // namespace ic::checks
