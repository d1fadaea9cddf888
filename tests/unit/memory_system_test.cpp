#include <gtest/gtest.h>

#include "imagechecker/os/memory_system.h"
#include "test_support.h"

namespace ic::os {
namespace {

constexpr auto HKLM = RegistryHive::LocalMachine;

TEST(MemorySystem, RegistryIsCaseInsensitiveAndKeepsTypes) {
    MemorySystem m;
    m.set_value(HKLM, "SOFTWARE\\Vendor\\App", "Path", RegistryValue::expand_string("%SystemRoot%\\x"));
    EXPECT_TRUE(m.registry().key_exists(HKLM, "software\\vendor\\app").value());
    EXPECT_TRUE(m.registry().key_exists(HKLM, "SOFTWARE\\Vendor").value()) << "parents exist";
    const auto value = m.registry().read_value(HKLM, "Software\\VENDOR\\app", "path").value();
    ASSERT_TRUE(value.has_value());
    EXPECT_EQ(value->type, RegistryValueType::ExpandString);
    EXPECT_EQ(value->text, "%SystemRoot%\\x");
}

TEST(MemorySystem, MissingKeysAndValuesAreAbsentNotErrors) {
    MemorySystem m;
    EXPECT_FALSE(m.registry().key_exists(HKLM, "SOFTWARE\\Nope").value());
    EXPECT_FALSE(m.registry().read_value(HKLM, "SOFTWARE\\Nope", "x").value().has_value());
    EXPECT_TRUE(m.registry().subkeys(HKLM, "SOFTWARE\\Nope").value().empty());
}

TEST(MemorySystem, SubkeysListsDirectChildrenOnly) {
    MemorySystem m;
    m.add_key(HKLM, "SYSTEM\\Setup\\Source OS (Updated on 1/2/2024)").add_key(HKLM, "SYSTEM\\Setup\\Status\\ChildCompletion");
    EXPECT_EQ(m.registry().subkeys(HKLM, "SYSTEM\\Setup").value(),
              (std::vector<std::string>{"Source OS (Updated on 1/2/2024)", "Status"}));
}

TEST(MemorySystem, InjectedFaultsCoverTheSubtreeAndCarryTheCode) {
    MemorySystem m;
    m.set_value(HKLM, "SOFTWARE\\Locked\\Inner", "v", RegistryValue::dword(1));
    m.fail_registry(HKLM, "SOFTWARE\\Locked", test::access_denied());
    const auto answer = m.registry().read_value(HKLM, "SOFTWARE\\Locked\\Inner", "v");
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.error().code, 5);
    EXPECT_TRUE(m.registry().key_exists(HKLM, "SOFTWARE\\LockedOut").ok()) << "a sibling with a common prefix is not affected";
}

TEST(MemorySystem, WritesAreCountedAndVisible) {
    MemorySystem m;
    m.add_service({"TermService", "Remote Desktop Services", ServiceStartType::Disabled, ServiceState::Stopped, "NT Authority\\NetworkService", ""});
    EXPECT_EQ(m.writes(), 0U);
    ASSERT_TRUE(m.services().set_start_type("termservice", ServiceStartType::Manual).ok());
    EXPECT_EQ(m.services().find("TermService").value()->start_type, ServiceStartType::Manual);
    EXPECT_EQ(m.writes(), 1U);
    EXPECT_FALSE(m.services().find("Nope").value().has_value());
    EXPECT_FALSE(m.services().set_start_type("Nope", ServiceStartType::Manual).ok());
}

TEST(MemorySystem, ExpandsKnownVariablesAndLeavesUnknownOnes) {
    MemorySystem m;
    EXPECT_EQ(m.host().expand("%SystemRoot%\\System32;%NOPE%").value(), "C:\\Windows\\System32;%NOPE%");
}

TEST(MemorySystem, DrivesAreSortedAndReplaceable) {
    MemorySystem m;
    m.add_drive('Z', DriveType::Fixed).add_drive('A', DriveType::Removable).add_drive('Z', DriveType::Network);
    const auto drives = m.volumes().drives().value();
    ASSERT_EQ(drives.size(), 4U);
    EXPECT_EQ(drives.front().letter, 'A');
    EXPECT_EQ(drives.back().type, DriveType::Network);
}

}  // namespace
}  // namespace ic::os
