#include <gtest/gtest.h>

#include "test_support.h"
#include "windows/required_components_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;
using os::RegistryHive;
using os::RegistryValue;
using os::ServiceStartType;
using os::ServiceState;
constexpr auto HKLM = RegistryHive::LocalMachine;

void add_service(MemorySystem& system, std::string name, std::string display, ServiceStartType start = ServiceStartType::Automatic) {
    system.add_service({std::move(name), std::move(display), start, ServiceState::Running, "LocalSystem", ""});
}

// A WorkSpace as AWS builds it on Xen hardware, with the PCoIP agent.
void stage_pcoip_workspace(MemorySystem& system) {
    system.set_value(HKLM, "SOFTWARE\\Microsoft\\PowerShell\\3\\PowerShellEngine", "PowerShellVersion", RegistryValue::string("5.1.19041.1"));
    add_service(system, "TermService", "Remote Desktop Services", ServiceStartType::Manual);
    system.set_value(HKLM, "SOFTWARE\\Amazon\\PVDriver", "Version", RegistryValue::string("8.4.3"));
    add_service(system, "WinRM", "Windows Remote Management (WS-Management)");
    add_service(system, "PCoIPAgent", "PCoIP Agent");
    add_service(system, "SkyLightWorkspaceConfigService", "SkyLightWorkspaceConfigService");
    system.add_key(HKLM, "SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\Certificates\\8DA7F965EC5EFC37910F1C6E59FDC1CC6A6EDE16");
}

const Evidence* component(const CheckResult& result, const std::string& name) { return test::find_evidence(result, "Component: " + name); }

TEST(RequiredComponentsCheck, PassesOnAPcoipWorkSpaceAndSaysWhereEachWasFound) {
    MemorySystem system;
    stage_pcoip_workspace(system);
    RequiredComponentsCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "all 7 required components were found");
    EXPECT_EQ(component(result, "Windows PowerShell")->observed,
              "found: HKLM\\SOFTWARE\\Microsoft\\PowerShell\\3\\PowerShellEngine : PowerShellVersion = 5.1.19041.1");
    EXPECT_EQ(component(result, "Remote Desktop Services")->observed, "found: service Remote Desktop Services (TermService), Manual, Running");
    EXPECT_EQ(component(result, "AWS PV drivers (or the AWS NVMe and ENA drivers)")->observed, "found: key HKLM\\SOFTWARE\\Amazon\\PVDriver");
    EXPECT_EQ(component(result, "Streaming protocol agent (PCoIP, or WSP/DCV formerly called STXHD)")->observed,
              "found: service PCoIP Agent (PCoIPAgent), Automatic, Running");
    EXPECT_EQ(component(result, "Amazon root certificates")->observed,
              "found: key HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\Certificates\\8DA7F965EC5EFC37910F1C6E59FDC1CC6A6EDE16");
    EXPECT_NE(test::find_evidence(result, "Certificate stores searched"), nullptr);
}

TEST(RequiredComponentsCheck, PassesOnANitroWorkSpaceWithWspAndWindowsPowerShell1Key) {
    MemorySystem system;
    system.set_value(HKLM, "SOFTWARE\\Microsoft\\PowerShell\\1\\PowerShellEngine", "PowerShellVersion", RegistryValue::string("2.0"));
    add_service(system, "TermService", "Remote Desktop Services");
    add_service(system, "AWSNVMe", "AWS NVMe Elastic Block Storage Adapter", ServiceStartType::Boot);
    add_service(system, "ena", "Elastic Network Adapter", ServiceStartType::Manual);
    add_service(system, "WinRM", "Windows Remote Management (WS-Management)");
    add_service(system, "dcvserver", "DCV Server");
    add_service(system, "SkyLightWorkspaceConfigService", "SkyLightWorkspaceConfigService");
    system.add_key(HKLM, "SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates\\F6108407D6F8BB67980CC2E244C2EBAE1CEF63BE");
    RequiredComponentsCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed) << result.summary;
    EXPECT_EQ(component(result, "AWS PV drivers (or the AWS NVMe and ENA drivers)")->observed,
              "found: service AWS NVMe Elastic Block Storage Adapter (AWSNVMe), Boot, Running");
}

TEST(RequiredComponentsCheck, FindsAStreamingAgentByDisplayName) {
    MemorySystem system;
    stage_pcoip_workspace(system);
    system.remove_service("PCoIPAgent");
    add_service(system, "STXHDSvc", "STXHD Hosted Application Service");
    RequiredComponentsCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(component(result, "Streaming protocol agent (PCoIP, or WSP/DCV formerly called STXHD)")->observed,
              "found: service STXHD Hosted Application Service (STXHDSvc), Automatic, Running");
}

TEST(RequiredComponentsCheck, FailsNamingEachMissingComponentAndEveryPlaceLookedAt) {
    MemorySystem system;
    stage_pcoip_workspace(system);
    system.remove_service("SkyLightWorkspaceConfigService").remove_service("WinRM");
    RequiredComponentsCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "2 of 7 required components not found: Windows Remote Management (WinRM), Skylight agent");
    EXPECT_EQ(component(result, "Skylight agent")->observed, "not found; looked for service SkyLightWorkspaceConfigService");
    EXPECT_EQ(component(result, "Skylight agent")->expected, "at least one of the places looked at");
    EXPECT_FALSE(result.fix.has_value());
}

TEST(RequiredComponentsCheck, FailsWithoutAnyAmazonRootCertificateAndListsThemAll) {
    MemorySystem system;
    stage_pcoip_workspace(system);
    system.remove_key(HKLM, "SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\Certificates\\8DA7F965EC5EFC37910F1C6E59FDC1CC6A6EDE16");
    RequiredComponentsCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    const auto observed = component(result, "Amazon root certificates")->observed;
    EXPECT_NE(observed.find("certificate Amazon Root CA 1 (8DA7F965EC5EFC37910F1C6E59FDC1CC6A6EDE16)"), std::string::npos) << observed;
    EXPECT_NE(observed.find("Starfield Services Root Certificate Authority - G2"), std::string::npos) << observed;
}

TEST(RequiredComponentsCheck, FailsOnAnEmptyMachineListingAllSeven) {
    MemorySystem system;
    RequiredComponentsCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(component(result, "AWS PV drivers (or the AWS NVMe and ENA drivers)")->observed,
              "not found; looked for key HKLM\\SOFTWARE\\Amazon\\PVDriver; service xenvbd; service xenbus; service xenvif; "
              "service xennet; service xeniface; service AWSNVMe; service ena");
}

TEST(RequiredComponentsCheck, ErrorWhenAComponentCannotBeLookedForAndNoneIsMissing) {
    MemorySystem system;
    stage_pcoip_workspace(system);
    system.fail_registry(HKLM, "SOFTWARE\\Microsoft\\PowerShell", test::access_denied());
    RequiredComponentsCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error) << "an unreadable place is never a pass";
    EXPECT_EQ(result.summary, "could not tell whether 1 of 7 required components are installed: Windows PowerShell");
    EXPECT_NE(component(result, "Windows PowerShell")->observed.find("could not be read"), std::string::npos);
}

TEST(RequiredComponentsCheck, FailedWinsOverUnreadable) {
    MemorySystem system;
    stage_pcoip_workspace(system);
    system.remove_service("TermService");
    system.fail_registry(HKLM, "SOFTWARE\\Microsoft\\PowerShell", test::access_denied());
    RequiredComponentsCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Failed);
}

TEST(RequiredComponentsCheck, ErrorWhenServicesCannotBeRead) {
    MemorySystem system;
    stage_pcoip_workspace(system);
    system.fail_services(os::OsError{"OpenSCManagerW", 5, "Access is denied."});
    RequiredComponentsCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
}

TEST(RequiredComponentsCheck, EveryComponentHasSomewhereToLook) {
    ASSERT_EQ(required_components().size(), 7U);
    for (const auto& c : required_components()) EXPECT_FALSE(c.probes.empty()) << c.name;
    EXPECT_EQ(root_certificate_stores().size(), 4U);
}

TEST(RequiredComponentsCheck, DescribesProbesInWords) {
    using Kind = ComponentProbe::Kind;
    EXPECT_EQ(describe_probe({Kind::Service, "WinRM", ""}), "service WinRM");
    EXPECT_EQ(describe_probe({Kind::ServiceDisplayName, "PCoIP", ""}), "a service displayed with \"PCoIP\"");
    EXPECT_EQ(describe_probe({Kind::RegistryKey, "SOFTWARE\\Amazon\\PVDriver", ""}), "key HKLM\\SOFTWARE\\Amazon\\PVDriver");
    EXPECT_EQ(describe_probe({Kind::RegistryValue, "SOFTWARE\\X", "V"}), "value HKLM\\SOFTWARE\\X : V");
    EXPECT_EQ(describe_probe({Kind::RootCertificate, "ABC", "Some CA"}), "certificate Some CA (ABC)");
}

TEST(RequiredComponentsCheck, DescribesItselfWithoutAnAwsCode) {
    const auto info = RequiredComponentsCheck::describe();
    EXPECT_EQ(info.id, "required-components");
    EXPECT_EQ(info.aws_error_code, "");
    EXPECT_EQ(info.fix, FixKind::None);
}

}  // namespace
}  // namespace ic::checks
