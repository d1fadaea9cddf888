#include <gtest/gtest.h>

#include <set>

#include "imagechecker/check_registry.h"
#include "test_support.h"

namespace ic {
namespace {

TEST(CheckRegistry, BuiltinIdsAreUniqueKebabCaseAndFullyDescribed) {
    std::set<std::string> ids;
    for (const auto& info : builtin_checks().catalogue()) {
        SCOPED_TRACE(info.id);
        EXPECT_TRUE(is_valid_check_id(info.id));
        EXPECT_TRUE(ids.insert(info.id).second);
        EXPECT_FALSE(info.title.empty());
        EXPECT_FALSE(info.category.empty());
        EXPECT_FALSE(info.rationale.empty());
        EXPECT_FALSE(info.resolution.empty());
        EXPECT_NE(info.platforms, 0U);
        EXPECT_EQ(builtin_checks().create(info.id)->info().id, info.id) << "the factory builds the check it claims";
    }
}

TEST(CheckRegistry, ShipsEveryCheckInTheOrderOfAwsPageThenTheAddedOnes) {
    std::vector<std::string> ids;
    for (const auto& info : builtin_checks().catalogue()) ids.push_back(info.id);
    // The 19 tests AWS's page names, in its order, then the requirements the original tool leaves out,
    // then the Linux-only ones (four ids above also have a Linux detection).
    EXPECT_EQ(ids, (std::vector<std::string>{"powershell-version", "drives", "pending-reboot", "sysprep-file", "profile-size",
                                             "free-space", "domain-services", "wam-installed", "dhcp", "remote-desktop-services",
                                             "user-profile-exists", "environment-path", "windows-modules-installer",
                                             "ssm-agent-disabled", "tls-ssl", "single-user-profile", "appx-staged",
                                             "windows-upgraded", "rearm-count", "winrm-automatic", "required-components",
                                             "not-encrypted", "domain-guests", "profile-path-length", "root-volume-usage",
                                             "apps-outside-home", "image-removals"}));
}

TEST(CheckRegistry, SelectKeepsRegistryOrderAndAppliesSkip) {
    const auto& r = test::engine_checks();
    EXPECT_EQ(r.select({"free-space", "drives"}, {}), (std::vector<std::string>{"drives", "free-space"}));
    EXPECT_EQ(r.select({}, {"pending-reboot"}), (std::vector<std::string>{"drives", "free-space"}));
    EXPECT_TRUE(r.select({"drives"}, {"drives"}).empty());
}

TEST(CheckRegistry, SelectNamesEveryUnknownId) {
    try {
        (void)test::engine_checks().select({"drives", "nope"}, {"also-nope"});
        FAIL();
    } catch (const UnknownCheckError& e) {
        EXPECT_EQ(std::string(e.what()), "unknown check ids: nope, also-nope (imagechecker-cli list shows the valid ids)");
    }
}

TEST(CheckRegistry, RejectsDuplicateAndMalformedIds) {
    CheckRegistry r;
    CheckInfo info;
    info.id = "good-id";
    info.title = "t";
    r.add(info, [] { return std::unique_ptr<Check>(); });
    EXPECT_THROW(r.add(info, [] { return std::unique_ptr<Check>(); }), std::logic_error);
    info.id = "Bad_Id";
    EXPECT_THROW(r.add(info, [] { return std::unique_ptr<Check>(); }), std::logic_error);
}

TEST(CheckId, KebabCaseRules) {
    for (const char* good : {"drives", "free-space", "tls-ssl", "windows-upgraded", "a1-b2"}) EXPECT_TRUE(is_valid_check_id(good)) << good;
    for (const char* bad : {"", "-x", "x-", "a--b", "Free", "free_space", "free space"}) EXPECT_FALSE(is_valid_check_id(bad)) << bad;
}

TEST(StatusNames, RoundTrip) {
    for (auto s : {Status::Passed, Status::Warning, Status::Failed, Status::Skipped, Status::Error})
        EXPECT_EQ(status_from_string(to_string(s)), s);
    EXPECT_FALSE(status_from_string("OK").has_value());
}

}  // namespace
}  // namespace ic
