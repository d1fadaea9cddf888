#include <gtest/gtest.h>

#include "fix_round_trip.h"
#include "test_support.h"
#include "windows/domain_services_check.h"
#include "windows/windows_facts.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::ServiceInfo;
using os::ServiceStartType;
using os::ServiceState;

ServiceInfo service(std::string name, std::string display, std::string account, ServiceStartType start = ServiceStartType::Automatic,
                    ServiceState state = ServiceState::Running) {
    return {std::move(name), std::move(display), start, state, std::move(account), ""};
}

// A machine whose services use every kind of account that is allowed (machine name WS-TEST by default).
void stage_allowed_services(MemorySystem& system) {
    system.add_service(service("Spooler", "Print Spooler", "LocalSystem"))
        .add_service(service("EventLog", "Windows Event Log", "NT AUTHORITY\\LocalService"))
        .add_service(service("Dnscache", "DNS Client", "NT AUTHORITY\\NetworkService"))
        .add_service(service("MSSQL$LOCALDB", "SQL Server (LOCALDB)", "NT SERVICE\\MSSQL$LOCALDB"))
        .add_service(service("Backup", "Backup Agent", ".\\backup", ServiceStartType::Manual, ServiceState::Stopped))
        .add_service(service("Reporter", "Reporter", "WS-TEST\\reporter", ServiceStartType::Manual, ServiceState::Stopped));
}

void stage_domain_services(MemorySystem& system) {
    system.add_service(service("MSSQL$SQLEXPRESS", "SQL Server (SQLEXPRESS)", "CORP\\svc-sql"))
        .add_service(service("Sync", "File Sync", "svc-sync@corp.example", ServiceStartType::Manual, ServiceState::Stopped));
}

TEST(DomainServicesCheck, PassesWhenServicesUseBuiltInAndLocalAccounts) {
    MemorySystem system;
    stage_allowed_services(system);
    DomainServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "none of the 6 services logs on with a domain account");
    EXPECT_EQ(test::find_evidence(result, "Services examined")->observed, "6 on WS-TEST");
    EXPECT_EQ(test::find_evidence(result, "Accounts in use")->observed,
              "Local Service: 1, Local System: 1, Network Service: 1, local account: 2, virtual service account: 1");
    EXPECT_FALSE(result.fix.has_value());
}

TEST(DomainServicesCheck, FailsAndListsEveryServiceWithItsAccountStartTypeAndState) {
    MemorySystem system;
    stage_allowed_services(system);
    stage_domain_services(system);
    DomainServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "2 services log on with a domain account: MSSQL$SQLEXPRESS (CORP\\svc-sql), Sync (svc-sync@corp.example)");
    const auto* sql = test::find_evidence(result, "Service MSSQL$SQLEXPRESS");
    ASSERT_NE(sql, nullptr);
    EXPECT_EQ(sql->observed, "SQL Server (SQLEXPRESS) (MSSQL$SQLEXPRESS) — logs on as CORP\\svc-sql; start type Automatic; Running");
    EXPECT_NE(sql->expected.find("built-in account"), std::string::npos);
    EXPECT_EQ(test::find_evidence(result, "Service Sync")->observed,
              "File Sync (Sync) — logs on as svc-sync@corp.example; start type Manual; Stopped");
    EXPECT_EQ(test::find_evidence(result, "Service Spooler"), nullptr) << "allowed services are not listed as problems";
    ASSERT_TRUE(result.fix.has_value());
    EXPECT_FALSE(result.fix->automatic) << "changing accounts is on request only";
}

TEST(DomainServicesCheck, TreatsAnAccountOfAnotherMachineAsDomain) {
    MemorySystem system;
    system.set_machine_name("WS-OTHER");
    system.add_service(service("Reporter", "Reporter", "WS-TEST\\reporter"));
    DomainServicesCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Failed);
}

TEST(DomainServicesCheck, ErrorWhenServicesCannotBeListed) {
    MemorySystem system;
    system.fail_services(os::OsError{"EnumServicesStatusExW", 5, "Access is denied."});
    DomainServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary,
              "could not read the services and their accounts: EnumServicesStatusExW failed with error 5 (Access is denied.)");
}

TEST(DomainServicesCheck, ErrorWhenTheMachineNameCannotBeRead) {
    MemorySystem system;
    stage_domain_services(system);
    system.fail_host("machine_name", os::OsError{"GetComputerNameExW", 234, "More data is available."});
    DomainServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error) << "without the machine name, local accounts cannot be told from domain ones";
    EXPECT_NE(result.summary.find("GetComputerNameExW"), std::string::npos) << result.summary;
}

TEST(DomainServicesCheck, OnRequestFixSwitchesToLocalSystemCannotBeUndoneAndPasses) {
    MemorySystem system;
    stage_allowed_services(system);
    stage_domain_services(system);
    DomainServicesCheck check;
    auto context = test::context_for(system);

    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_FALSE(plan->automatic) << "never part of Fix All Warnings";
    EXPECT_EQ(plan->summary, "Make 2 services log on as Local System");
    ASSERT_EQ(plan->changes.size(), 2U);
    const auto& sql = plan->changes[0];
    EXPECT_EQ(sql.what, "Make SQL Server (SQLEXPRESS) (MSSQL$SQLEXPRESS) log on as Local System instead of CORP\\svc-sql");
    EXPECT_EQ(sql.where(), "service MSSQL$SQLEXPRESS (log on as)");
    EXPECT_EQ(sql.before_text(), "CORP\\svc-sql");
    EXPECT_EQ(sql.after_text(), "LocalSystem");
    EXPECT_FALSE(sql.undoable) << "going back needs the domain account's password";
    EXPECT_TRUE(sql.needs_own_confirmation);
    EXPECT_NE(sql.not_undoable_because.find("CORP\\svc-sql"), std::string::npos) << sql.not_undoable_because;
    EXPECT_EQ(plan->changes[1].where(), "service Sync (log on as)");
    EXPECT_EQ(plan->changes[1].before_text(), "svc-sync@corp.example");
    EXPECT_FALSE(plan->changes[1].undoable);

    test::apply_plan(system, *plan);
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);

    test::undo_plan(system, *plan);  // nothing in this plan can be undone by the tool
    EXPECT_EQ(test::service_now(system, "MSSQL$SQLEXPRESS").account, "LocalSystem");
    EXPECT_EQ(test::service_now(system, "Sync").account, "LocalSystem");
    EXPECT_EQ(test::service_now(system, "MSSQL$SQLEXPRESS").start_type, ServiceStartType::Automatic) << "only the account changes";
    EXPECT_EQ(test::service_now(system, "MSSQL$SQLEXPRESS").state, ServiceState::Running);
    EXPECT_EQ(test::service_now(system, "Sync").start_type, ServiceStartType::Manual);
    EXPECT_EQ(test::service_now(system, "Backup").account, ".\\backup") << "allowed services are left alone";
}

TEST(DomainServicesCheck, PlansNothingWhenNoServiceUsesADomainAccount) {
    MemorySystem system;
    stage_allowed_services(system);
    DomainServicesCheck check;
    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_TRUE(plan.has_value());
    EXPECT_TRUE(plan->changes.empty());
    EXPECT_FALSE(plan->automatic);
}

TEST(DomainServicesCheck, PicksOutOnlyDomainAccounts) {
    const std::vector<ServiceInfo> services{
        service("a", "", "LocalSystem"), service("b", "", "CORP\\x"), service("c", "", ""), service("d", "", "ws-test\\y"),
        service("e", "", "y@corp"),      service("f", "", "NT SERVICE\\f")};
    const auto found = services_with_domain_accounts(services, "WS-TEST");
    ASSERT_EQ(found.size(), 2U);
    EXPECT_EQ(found[0].name, "b");
    EXPECT_EQ(found[1].name, "e");
}

// ---- Long machine names, managed service accounts, unreadable services (issue 8) ----

TEST(DomainServicesCheck, AccountKindTableWithDnsAndNetbiosNames) {
    const std::vector<std::string> names{"IMAGEBUILDER-WIN10", "IMAGEBUILDER-WI"};
    const std::vector<std::pair<std::string, ServiceAccountKind>> cases{
        {"IMAGEBUILDER-WI\\svcsql", ServiceAccountKind::LocalUser},      // NetBIOS name: at most 15 characters
        {"imagebuilder-win10\\svcsql", ServiceAccountKind::LocalUser},   // DNS host name
        {"IMAGEBUILDER\\svcsql", ServiceAccountKind::DomainUser},        // a domain that happens to share the start
        {"CORP\\gmsa-sql$", ServiceAccountKind::ManagedServiceAccount},
        {"gmsa-sql$@corp.example", ServiceAccountKind::ManagedServiceAccount},
        {"CORP\\svc-sql", ServiceAccountKind::DomainUser},
        {"NT SERVICE\\MSSQL$X", ServiceAccountKind::VirtualAccount},
        {".\\local", ServiceAccountKind::LocalUser},
    };
    for (const auto& [account, kind] : cases) EXPECT_EQ(classify_service_account(account, names), kind) << account;
    EXPECT_TRUE(is_domain_account(ServiceAccountKind::ManagedServiceAccount));
    EXPECT_FALSE(is_domain_account(ServiceAccountKind::LocalUser));
    EXPECT_EQ(netbios_name_from_host_name("imagebuilder-win10.corp.example"), "IMAGEBUILDER-WI");
    EXPECT_EQ(netbios_name_from_host_name("ws-1"), "WS-1");
}

TEST(DomainServicesCheck, ALocalAccountWrittenWithTheFifteenCharacterNetbiosNamePasses) {
    MemorySystem system;
    system.set_machine_name("IMAGEBUILDER-WIN10");
    system.set_netbios_name("IMAGEBUILDER-WI");
    system.add_service(service("MSSQLSERVER", "SQL Server", "IMAGEBUILDER-WI\\svcsql"));
    DomainServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed) << result.summary;
    EXPECT_FALSE(result.fix.has_value()) << "no irreversible change is offered for a local account";
    EXPECT_EQ(test::find_evidence(result, "Names of this machine")->observed,
              "IMAGEBUILDER-WIN10 (DNS host name), IMAGEBUILDER-WI (NetBIOS name, as read); accounts written with either are local");
}

TEST(DomainServicesCheck, DerivesTheNetbiosNameWhenItCannotBeRead) {
    MemorySystem system;
    system.set_machine_name("IMAGEBUILDER-WIN10");
    system.fail_host("netbios_name", os::OsError{"GetComputerNameExW", 0, "not in this recording"});
    system.add_service(service("MSSQLSERVER", "SQL Server", "IMAGEBUILDER-WI\\svcsql"));
    DomainServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed) << result.summary;
    EXPECT_NE(test::find_evidence(result, "Names of this machine")->observed.find("derived from the host name"), std::string::npos);
}

TEST(DomainServicesCheck, AManagedServiceAccountIsADomainAccountWhoseMoveCanBeUndone) {
    MemorySystem system;
    system.add_service(service("AppPool", "App", "CORP\\gmsa-app$"));
    DomainServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    ASSERT_TRUE(result.fix.has_value());
    EXPECT_NE(result.fix->description.find("managed service account has no password, so the tool can change it back"), std::string::npos)
        << result.fix->description;
    EXPECT_NE(test::find_evidence(result, "Service AppPool")->observed.find("(a managed service account)"), std::string::npos);

    auto context = test::context_for(system);
    const auto plan = check.plan_fix(context);
    ASSERT_EQ(plan->changes.size(), 1U);
    EXPECT_TRUE(plan->changes[0].undoable) << "a managed service account needs no password to be set again";
    test::apply_plan(system, *plan);
    EXPECT_EQ(test::service_now(system, "AppPool").account, "LocalSystem");
    test::undo_plan(system, *plan);
    EXPECT_EQ(test::service_now(system, "AppPool").account, "CORP\\gmsa-app$");
}

ServiceInfo unreadable(std::string name, std::string display) {
    ServiceInfo info = service(std::move(name), std::move(display), "");
    info.start_type = ServiceStartType::Unknown;
    info.config_error = os::OsError{"OpenServiceW", 5, "Access is denied."};
    return info;
}

TEST(DomainServicesCheck, UnreadableServiceTable) {
    struct Case {
        const char* name;
        bool registry_account;         // HKLM\SYSTEM\...\Services\<name> : ObjectName staged
        std::string account;           // its value
        bool domain_service_elsewhere;
        Status expected;
    };
    const std::vector<Case> cases{
        {"account from the registry is local", true, "LocalSystem", false, Status::Passed},
        {"account from the registry is a domain one", true, "CORP\\svc-av", false, Status::Failed},
        {"no account anywhere, nothing else offends", false, "", false, Status::Error},
        {"no account anywhere, another service offends", false, "", true, Status::Failed},
    };
    for (const auto& c : cases) {
        MemorySystem system;
        stage_allowed_services(system);
        system.add_service(unreadable("SecAgent", "Security Agent"));
        if (c.registry_account)
            system.set_value(os::RegistryHive::LocalMachine, "SYSTEM\\CurrentControlSet\\Services\\SecAgent", "ObjectName",
                             os::RegistryValue::string(c.account));
        if (c.domain_service_elsewhere) stage_domain_services(system);
        DomainServicesCheck check;
        const auto result = test::run_check(check, system);
        EXPECT_EQ(result.status, c.expected) << c.name << ": " << result.summary;
        if (!c.registry_account) {
            const auto* line = test::find_evidence(result, "Unreadable service SecAgent");
            ASSERT_NE(line, nullptr) << c.name;
            EXPECT_NE(line->observed.find("OpenServiceW failed with error 5"), std::string::npos) << line->observed;
        } else {
            EXPECT_NE(test::find_evidence(result, "Accounts read from the registry"), nullptr) << c.name;
        }
    }
}

TEST(DomainServicesCheck, ErrorNamesTheUnreadableServices) {
    MemorySystem system;
    stage_allowed_services(system);
    system.add_service(unreadable("SecAgent", "Security Agent"));
    DomainServicesCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary,
              "could not read the log-on account of 1 service (SecAgent); none of the other 6 services logs on with a domain account");
}

TEST(DomainServicesCheck, DescribesItselfForTheCatalogue) {
    const auto info = DomainServicesCheck::describe();
    EXPECT_EQ(info.id, "domain-services");
    EXPECT_EQ(info.aws_error_code, "DomainAccountServicesFound");
    EXPECT_EQ(info.fix, FixKind::OnRequest);
}

}  // namespace
}  // namespace ic::checks
