#include <gtest/gtest.h>

#include "fix_round_trip.h"
#include "test_support.h"
#include "windows/tls_ssl_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::RegistryValue;
constexpr auto HKLM = os::RegistryHive::LocalMachine;

const std::string kTls = std::string(TlsSslCheck::kProtocolsKey) + "\\TLS 1.2";
const std::string kSsl = std::string(TlsSslCheck::kProtocolsKey) + "\\SSL 3.0";
const os::OsFacts kWindows7{os::OsFamily::Windows, "Windows 7 Enterprise", "6.1", "7601", "Enterprise"};
const os::OsFacts kWindows10{os::OsFamily::Windows, "Windows 10 Enterprise", "22H2", "19045", "Enterprise"};
const os::OsFacts kWindows10v1511{os::OsFamily::Windows, "Windows 10 Enterprise", "1511", "10586", "Enterprise"};
const os::OsFacts kServer2012r2{os::OsFamily::Windows, "Windows Server 2012 R2 Datacenter", "6.3", "9600", "ServerDatacenter"};

void set(MemorySystem& system, const std::string& key, const char* name, std::uint32_t value) {
    system.set_value(HKLM, key, name, RegistryValue::dword(value));
}
std::optional<RegistryValue> value_now(MemorySystem& system, const std::string& key, const char* name) {
    return system.registry().read_value(HKLM, key, name).value();
}

// ---- Pure rules ----

TEST(TlsSslCheck, KnowsWhenTls12IsOnByDefault) {
    EXPECT_FALSE(tls12_on_by_default(kWindows7));
    EXPECT_TRUE(tls12_on_by_default(kServer2012r2));
    EXPECT_TRUE(tls12_on_by_default(kWindows10));
    EXPECT_FALSE(tls12_on_by_default({os::OsFamily::Windows, "Windows Server 2012 Datacenter", "6.2", "9200", "ServerDatacenter"}));
    EXPECT_TRUE(tls12_on_by_default({os::OsFamily::Windows, "Windows", "", "", ""})) << "unknown build: a current Windows";
}

TEST(TlsSslCheck, KnowsWhenSsl3IsOnByDefault) {
    EXPECT_TRUE(ssl3_on_by_default(kWindows7));
    EXPECT_TRUE(ssl3_on_by_default(kWindows10v1511));
    EXPECT_FALSE(ssl3_on_by_default(kWindows10));
    EXPECT_FALSE(ssl3_on_by_default({os::OsFamily::Windows, "Windows Server 2016 Datacenter", "1607", "14393", "ServerDatacenter"}));
}

TEST(TlsSslCheck, JudgesOneProtocolSide) {
    const std::optional<RegistryValue> absent;
    const auto dword = [](std::uint32_t n) { return std::optional<RegistryValue>(RegistryValue::dword(n)); };
    const auto text = [](const char* s) { return std::optional<RegistryValue>(RegistryValue::string(s)); };
    struct Case {
        std::optional<RegistryValue> enabled, disabled_by_default;
        bool on_by_default;
        bool enabled_ok, not_disabled_ok;
    };
    const Case cases[] = {
        {absent, absent, true, true, true},
        {absent, absent, false, false, false},
        {dword(1), dword(0), false, true, true},
        {dword(0xFFFFFFFF), dword(0), false, true, true},  // "enabled" as some baselines write it
        {dword(0), absent, true, false, true},
        {absent, dword(1), true, true, false},
        {dword(1), absent, false, true, false},
        {text("1"), dword(0), true, false, true},           // not a DWORD: never trusted as on
        {dword(1), text("0"), true, true, false},
    };
    for (const auto& c : cases) {
        const auto j = judge_schannel_side({c.enabled, c.disabled_by_default}, c.on_by_default);
        EXPECT_EQ(j.enabled, c.enabled_ok);
        EXPECT_EQ(j.not_disabled_by_default, c.not_disabled_ok);
        EXPECT_EQ(j.effective(), c.enabled_ok && c.not_disabled_ok);
    }
}

// ---- Outcomes ----

TEST(TlsSslCheck, PassesOnWindows10WhenNothingIsSet) {
    MemorySystem system;
    TlsSslCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "TLS 1.2 is enabled for client and server (SSL 3.0: Client disabled, Server disabled; reported only)");
    EXPECT_EQ(test::find_evidence(result, "HKLM\\" + kTls + "\\Client : Enabled")->observed, "(absent: OS default = enabled)");
    EXPECT_EQ(test::find_evidence(result, "HKLM\\" + kTls + "\\Server : DisabledByDefault")->observed,
              "(absent: OS default = not disabled by default)");
    EXPECT_EQ(test::find_evidence(result, "HKLM\\" + kSsl + "\\Client : Enabled")->observed, "(absent: OS default = disabled)");
    EXPECT_EQ(test::find_evidence(result, "TLS 1.2 Server")->observed, "effectively enabled");
    EXPECT_EQ(test::find_evidence(result, "SSL 3.0 Client")->observed, "effectively disabled (reported only)");
}

TEST(TlsSslCheck, PassesOnWindows7WhenTls12IsTurnedOnExplicitly) {
    MemorySystem system;
    system.set_os(kWindows7);
    for (const char* side : {"\\Client", "\\Server"}) {
        set(system, kTls + side, "Enabled", 1);
        set(system, kTls + side, "DisabledByDefault", 0);
    }
    TlsSslCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, "SSL 3.0 Server")->observed, "effectively enabled (insecure; reported only, never changed)");
}

TEST(TlsSslCheck, WarnsOnWindows7WhenNothingIsSetAndTheFixTurnsTls12OnForBothSides) {
    MemorySystem system;
    system.set_os(kWindows7);
    TlsSslCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(result.summary, "TLS 1.2 is disabled for the client and server (SSL 3.0: Client enabled, Server enabled; reported only)");
    ASSERT_TRUE(result.fix.has_value());
    EXPECT_EQ(result.fix->description, "Enable TLS 1.2 for the client and server (Schannel Enabled = 1, DisabledByDefault = 0); SSL 3.0 is left as it is");
    EXPECT_EQ(test::find_evidence(result, "HKLM\\" + kTls + "\\Client : DisabledByDefault")->observed,
              "(absent: OS default = disabled by default)");

    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(plan->changes.size(), 4U);
    EXPECT_EQ(plan->changes[0].where(), "HKLM\\" + kTls + "\\Client : Enabled");
    EXPECT_EQ(plan->changes[0].before_text(), "(absent)");
    EXPECT_EQ(plan->changes[0].after_text(), "REG_DWORD 1");
    EXPECT_EQ(plan->changes[1].where(), "HKLM\\" + kTls + "\\Client : DisabledByDefault");
    EXPECT_EQ(plan->changes[1].after_text(), "REG_DWORD 0");
    EXPECT_EQ(plan->changes[2].where(), "HKLM\\" + kTls + "\\Server : Enabled");
    EXPECT_EQ(plan->changes[3].where(), "HKLM\\" + kTls + "\\Server : DisabledByDefault");
    for (const auto& change : plan->changes) EXPECT_EQ(change.where().find("SSL 3.0"), std::string::npos) << "SSL 3.0 is never touched";

    test::apply_plan(system, *plan);
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);
    test::undo_plan(system, *plan);
    for (const char* side : {"\\Client", "\\Server"}) {
        EXPECT_FALSE(value_now(system, kTls + side, "Enabled").has_value());
        EXPECT_FALSE(value_now(system, kTls + side, "DisabledByDefault").has_value());
    }
    EXPECT_EQ(test::run_check(check, system).status, Status::Warning);
}

TEST(TlsSslCheck, WarnsWhenTheServerSideIsTurnedOffAndTheFixChangesOnlyThatValue) {
    MemorySystem system;
    set(system, kTls + "\\Server", "Enabled", 0);
    TlsSslCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(result.summary, "TLS 1.2 is disabled for the server (SSL 3.0: Client disabled, Server disabled; reported only)");
    EXPECT_EQ(test::find_evidence(result, "HKLM\\" + kTls + "\\Server : Enabled")->observed, "REG_DWORD 0");

    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_EQ(plan->changes.size(), 1U);
    EXPECT_EQ(plan->changes[0].before_text(), "REG_DWORD 0");
    EXPECT_EQ(plan->changes[0].after_text(), "REG_DWORD 1");
    EXPECT_EQ(plan->changes[0].what, "Enable TLS 1.2 for the Server side (Enabled = 1)");
    test::apply_plan(system, *plan);
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);
    test::undo_plan(system, *plan);
    EXPECT_EQ(*value_now(system, kTls + "\\Server", "Enabled"), RegistryValue::dword(0));
}

TEST(TlsSslCheck, WarnsWhenTheClientIsDisabledByDefault) {
    MemorySystem system;
    set(system, kTls + "\\Client", "DisabledByDefault", 1);
    TlsSslCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(test::find_evidence(result, "TLS 1.2 Client")->observed, "effectively disabled");
}

TEST(TlsSslCheck, WarnsWhenAValueIsNotADwordAndTheFixRewritesItAsOne) {
    MemorySystem system;
    const RegistryValue before = RegistryValue::string("1");
    system.set_value(HKLM, kTls + "\\Client", "Enabled", before);
    TlsSslCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Warning);
    EXPECT_EQ(test::find_evidence(result, "HKLM\\" + kTls + "\\Client : Enabled")->observed,
              "REG_SZ 1 (not a REG_DWORD: treated as not enabling the protocol)");
    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_EQ(plan->changes.size(), 1U);
    test::apply_plan(system, *plan);
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);
    test::undo_plan(system, *plan);
    EXPECT_EQ(*value_now(system, kTls + "\\Client", "Enabled"), before) << "REG_SZ restored exactly";
}

TEST(TlsSslCheck, NeverOffersToChangeSsl3) {
    MemorySystem system;
    set(system, kSsl + "\\Client", "Enabled", 0);
    set(system, kSsl + "\\Server", "Enabled", 0);
    TlsSslCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed) << "SSL 3.0 off is fine: it is insecure";
    auto context = test::context_for(system);
    EXPECT_TRUE(check.plan_fix(context)->changes.empty());
}

TEST(TlsSslCheck, ErrorWhenTheTls12SettingsCannotBeRead) {
    MemorySystem system;
    system.fail_registry(HKLM, kTls, test::access_denied());
    TlsSslCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "could not read the TLS 1.2 Client settings: RegOpenKeyExW failed with error 5 (Access is denied.)");
    auto context = test::context_for(system);
    EXPECT_THROW((void)check.plan_fix(context), os::OsFailure);
}

TEST(TlsSslCheck, AnUnreadableSsl3KeyIsOnlyReported) {
    MemorySystem system;
    system.fail_registry(HKLM, kSsl, test::access_denied());
    TlsSslCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed) << "SSL 3.0 never decides the status";
    EXPECT_NE(test::find_evidence(result, "HKLM\\" + kSsl + "\\Client")->observed.find("could not be read"), std::string::npos);
}

TEST(TlsSslCheck, DescribesItselfForTheCatalogue) {
    const auto info = TlsSslCheck::describe();
    EXPECT_EQ(info.id, "tls-ssl");
    EXPECT_EQ(info.aws_error_code, "UnsupportedSecurityProtocol");
    EXPECT_EQ(info.fix, FixKind::Automatic);
}

}  // namespace
}  // namespace ic::checks
