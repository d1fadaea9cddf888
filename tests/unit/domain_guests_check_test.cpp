#include <gtest/gtest.h>

#include "test_support.h"
#include "windows/domain_guests_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;

TEST(DomainGuestsCheck, PassesWhenTheUserIsNotAGuest) {
    MemorySystem system;
    system.add_account("CORP\\alice", "S-1-5-21-1-2-3-1105", {"WS-TEST\\Users", "CORP\\Domain Users", "CORP\\Finance"});
    system.add_account("CORP\\Domain Users", "S-1-5-21-1-2-3-513");
    system.add_account("CORP\\Finance", "S-1-5-21-1-2-3-1201");
    DomainGuestsCheck check;
    const auto result = test::run_check(check, system, "CORP\\alice");
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "CORP\\alice is not a member of Domain Guests (3 groups checked)");
    EXPECT_EQ(test::find_evidence(result, "Groups of CORP\\alice")->observed, "WS-TEST\\Users, CORP\\Domain Users, CORP\\Finance");
}

TEST(DomainGuestsCheck, FailsWhenTheUserIsInDomainGuestsByName) {
    MemorySystem system;
    system.add_account("CORP\\alice", "S-1-5-21-1-2-3-1105", {"CORP\\Domain Users", "CORP\\domain guests"});
    DomainGuestsCheck check;
    const auto result = test::run_check(check, system, "CORP\\alice");
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "CORP\\alice is a member of CORP\\domain guests");
    EXPECT_EQ(test::find_evidence(result, "Domain Guests membership")->observed, "CORP\\domain guests (recognized by name)");
    EXPECT_FALSE(result.fix.has_value());
}

TEST(DomainGuestsCheck, FailsWhenAGroupWithATranslatedNameHasTheGuestRid) {
    MemorySystem system;
    system.add_account("CORP\\alice", "S-1-5-21-1-2-3-1105", {"CORP\\Domänen-Benutzer", "CORP\\Domänen-Gäste"});
    system.add_account("CORP\\Domänen-Benutzer", "S-1-5-21-1-2-3-513");
    system.add_account("CORP\\Domänen-Gäste", "S-1-5-21-1-2-3-514");
    DomainGuestsCheck check;
    const auto result = test::run_check(check, system, "CORP\\alice");
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(test::find_evidence(result, "Domain Guests membership")->observed,
              "CORP\\Domänen-Gäste (recognized by its SID S-1-5-21-1-2-3-514)");
}

TEST(DomainGuestsCheck, AnErrorWhenNoUserIsKnown) {
    MemorySystem system;
    DomainGuestsCheck check;
    const auto result = test::run_check(check, system, "");
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "no WorkSpace user is known (name one with --user)");
}

TEST(DomainGuestsCheck, SkippedForAUserNameWithoutADomain) {
    MemorySystem system;
    DomainGuestsCheck check;
    const auto result = test::run_check(check, system, "alice");
    EXPECT_EQ(result.status, Status::Skipped);
    EXPECT_NE(result.summary.find("names no domain"), std::string::npos) << result.summary;
}

TEST(DomainGuestsCheck, SkippedForALocalAccountOfThisMachine) {
    MemorySystem system;  // machine WS-TEST
    DomainGuestsCheck check;
    const auto result = test::run_check(check, system, "ws-test\\alice");
    EXPECT_EQ(result.status, Status::Skipped);
    EXPECT_EQ(result.summary, "ws-test\\alice is a local account of this machine (WS-TEST); Domain Guests applies only to domain accounts");
}

TEST(DomainGuestsCheck, ErrorWhenGroupsCannotBeRead) {
    MemorySystem system;
    system.fail_host("account_groups", os::OsError{"NetUserGetGroups", 2453, "Could not find domain controller for this domain."});
    DomainGuestsCheck check;
    const auto result = test::run_check(check, system, "CORP\\alice");
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary,
              "could not read the groups of CORP\\alice: NetUserGetGroups failed with error 2453 (Could not find domain controller for this domain.)");
}

TEST(DomainGuestsCheck, ErrorWhenTheMachineNameCannotBeRead) {
    MemorySystem system;
    system.fail_host("machine_name", os::OsError{"GetComputerNameExW", 5, "Access is denied."});
    DomainGuestsCheck check;
    EXPECT_EQ(test::run_check(check, system, "CORP\\alice").status, Status::Error);
}

TEST(DomainGuestsCheck, ErrorWhenADomainGroupCannotBeResolvedAndNoneIsNamedDomainGuests) {
    MemorySystem system;
    system.add_account("CORP\\alice", "S-1-5-21-1-2-3-1105", {"BUILTIN\\Users", "CORP\\Gäste"});
    system.fail_host("account_sid", os::OsError{"LookupAccountNameW", 1789, "The trust relationship failed."});
    DomainGuestsCheck check;
    const auto result = test::run_check(check, system, "CORP\\alice");
    EXPECT_EQ(result.status, Status::Error) << "a group that might be a translated Domain Guests is not a pass";
    EXPECT_NE(result.summary.find("CORP\\Gäste"), std::string::npos) << result.summary;
}

TEST(DomainGuestsCheck, SplitsTheDomainOffAnAccount) {
    EXPECT_EQ(account_domain("CORP\\alice"), "CORP");
    EXPECT_EQ(account_domain("alice@corp.example"), "corp.example");
    EXPECT_EQ(account_domain("alice"), "");
    EXPECT_EQ(account_domain(".\\alice"), ".");
}

TEST(DomainGuestsCheck, RecognisesTheGroupByNameInAnyCase) {
    EXPECT_TRUE(is_domain_guests_name("CORP\\Domain Guests"));
    EXPECT_TRUE(is_domain_guests_name("corp\\DOMAIN GUESTS"));
    EXPECT_TRUE(is_domain_guests_name("Domain Guests"));
    EXPECT_FALSE(is_domain_guests_name("CORP\\Domain Guests Extra"));
    EXPECT_FALSE(is_domain_guests_name("BUILTIN\\Guests"));
}

TEST(DomainGuestsCheck, RecognisesTheGuestRidOnlyInDomainSids) {
    struct Case {
        const char* sid;
        bool guests;
    };
    const Case cases[] = {
        {"S-1-5-21-1004336348-1177238915-682003330-514", true},
        {"s-1-5-21-1-2-3-514", true},
        {"S-1-5-21-1-2-3-513", false},
        {"S-1-5-21-1-2-3-5140", false},
        {"S-1-5-32-546", false},  // BUILTIN\Guests
        {"S-1-5-21-1-2-514", false},
        {"S-1-5-21-1-2-3-4-514", false},
        {"S-1-5-21-1-2-x-514", false},
        {"", false},
    };
    for (const auto& c : cases) EXPECT_EQ(is_domain_guests_sid(c.sid), c.guests) << c.sid;
}

TEST(DomainGuestsCheck, DescribesItselfWithoutAnAwsCode) {
    const auto info = DomainGuestsCheck::describe();
    EXPECT_EQ(info.id, "domain-guests");
    EXPECT_EQ(info.aws_error_code, "");
    EXPECT_EQ(info.fix, FixKind::None);
}

}  // namespace
}  // namespace ic::checks
