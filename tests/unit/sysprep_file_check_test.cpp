#include <gtest/gtest.h>

#include "test_support.h"
#include "windows/sysprep_file_check.h"

namespace ic::checks {
namespace {

using os::MemorySystem;

const std::string kV2File = "C:\\ProgramData\\Amazon\\EC2Launch\\sysprep\\unattend.xml";
const std::string kV2Oobe = "C:\\ProgramData\\Amazon\\EC2Launch\\sysprep\\OOBE_unattend.xml";
const std::string kV1File = "C:\\ProgramData\\Amazon\\EC2-Windows\\Launch\\Sysprep\\Unattend.xml";
const std::string kEc2ConfigFile = "C:\\Program Files\\Amazon\\Ec2ConfigService\\sysprep2008.xml";

void stage_v2_service(MemorySystem& system) {
    system.add_service({"EC2Launch", "Amazon EC2Launch", os::ServiceStartType::Automatic, os::ServiceState::Stopped, "LocalSystem",
                        "\"C:\\Program Files\\Amazon\\EC2Launch\\service\\EC2LaunchService.exe\""});
}
void stage_ec2config(MemorySystem& system) {
    system.add_service({"Ec2Config", "Ec2Config", os::ServiceStartType::Automatic, os::ServiceState::Running, "LocalSystem", ""});
    system.add_directory("C:\\Program Files\\Amazon\\Ec2ConfigService");
}
void stage_windows_11(MemorySystem& system) {
    system.set_os({os::OsFamily::Windows, "Windows 11 Enterprise", "23H2", "22631", "Enterprise"});
}

TEST(SysprepFileCheck, PassesWithEc2LaunchV2AndItsAnswerFile) {
    MemorySystem system;
    stage_v2_service(system);
    system.add_file_content(kV2File, test::answer_file_of_size(4096));
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "the EC2Launch v2 answer file is present and well-formed");
    EXPECT_EQ(test::find_evidence(result, "Launch agent EC2Launch v2")->observed, "installed (service EC2Launch is installed)");
    const auto* file = test::find_evidence(result, "Answer file " + kV2File);
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(file->observed, "present, 4.0 KiB (4,096 bytes), well-formed XML");
    EXPECT_EQ(file->expected, "present, not empty, well-formed XML");
}

TEST(SysprepFileCheck, PassesWithEc2LaunchV1FoundByItsFolder) {
    MemorySystem system;
    system.add_directory("C:\\ProgramData\\Amazon\\EC2-Windows\\Launch");
    system.add_file_content(kV1File, test::answer_file_of_size(10));
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, "Launch agent EC2Launch v1")->observed,
              "installed (folder C:\\ProgramData\\Amazon\\EC2-Windows\\Launch exists)");
}

TEST(SysprepFileCheck, PassesWithEc2Config) {
    MemorySystem system;
    stage_ec2config(system);
    system.add_file_content(kEc2ConfigFile, test::answer_file_of_size(2000));
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "the EC2Config answer file is present and well-formed");
}

TEST(SysprepFileCheck, FailsWhenTheAnswerFileIsEmpty) {
    MemorySystem system;
    stage_ec2config(system);
    system.add_file(kEc2ConfigFile, 0);
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "the EC2Config answer file " + kEc2ConfigFile + " is empty (0 bytes); AWS Support must repair the agent");
    EXPECT_EQ(test::find_evidence(result, "Answer file " + kEc2ConfigFile)->observed, "empty (0 bytes)");
}

TEST(SysprepFileCheck, FailsWhenTheAnswerFileIsMissing) {
    MemorySystem system;
    stage_v2_service(system);
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(test::find_evidence(result, "Answer file " + kV2File)->observed, "missing");
    EXPECT_FALSE(result.fix.has_value());
}

TEST(SysprepFileCheck, FailsWhenTheAnswerFileIsAFolder) {
    MemorySystem system;
    stage_v2_service(system);
    system.add_directory(kV2File);
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(test::find_evidence(result, "Answer file " + kV2File)->observed, "a folder, not a file");
}

TEST(SysprepFileCheck, FailsOnWindows11WhenTheOobeAnswerFileIsMissing) {
    MemorySystem system;
    stage_windows_11(system);
    stage_v2_service(system);
    system.add_file_content(kV2File, test::answer_file_of_size(4096));
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "the EC2Launch v2 answer file " + kV2Oobe + " is missing; AWS Support must repair the agent");
}

TEST(SysprepFileCheck, PassesOnWindows11WithBothAnswerFiles) {
    MemorySystem system;
    stage_windows_11(system);
    stage_v2_service(system);
    system.add_file_content(kV2File, test::answer_file_of_size(4096)).add_file_content(kV2Oobe, test::answer_file_of_size(2048));
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "the EC2Launch v2 answer files are present and well-formed");
}

TEST(SysprepFileCheck, FailsWhenNoLaunchAgentIsInstalled) {
    MemorySystem system;
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary,
              "no EC2 launch agent (EC2Launch v2, EC2Launch v1 or EC2Config) is installed, so there is no Sysprep answer file; AWS "
              "Support must repair the agent");
    EXPECT_EQ(test::find_evidence(result, "Launch agent EC2Config")->observed,
              "not installed (no service Ec2Config, no folder C:\\Program Files\\Amazon\\Ec2ConfigService)");
}

TEST(SysprepFileCheck, UsesTheNewestAgentWhenAnOlderOneIsLeftOver) {
    MemorySystem system;
    stage_v2_service(system);
    system.add_file_content(kV2File, test::answer_file_of_size(4096));
    stage_ec2config(system);  // left over, without its answer file
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, "Launch agent EC2Config")->observed,
              "installed (service Ec2Config is installed); an older agent, not the one image creation uses");
    EXPECT_EQ(test::find_evidence(result, "Answer file " + kEc2ConfigFile), nullptr) << "only the used agent's files are judged";
}

TEST(SysprepFileCheck, ErrorWhenTheServiceManagerFailsAndNoAgentFolderIsFound) {
    MemorySystem system;
    system.fail_services(os::OsError{"OpenSCManagerW", 5, "Access is denied."});
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error) << "an agent that could not be looked for is not \"missing\"";
    EXPECT_EQ(result.summary, "could not tell whether EC2Launch v2 is installed: OpenSCManagerW failed with error 5 (Access is denied.)");
}

TEST(SysprepFileCheck, FindsAnAgentByItsFolderEvenWhenServicesCannotBeRead) {
    MemorySystem system;
    system.fail_services(os::OsError{"OpenSCManagerW", 5, "Access is denied."});
    system.add_directory("C:\\Program Files\\Amazon\\EC2Launch");
    system.add_file_content(kV2File, test::answer_file_of_size(100));
    SysprepFileCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Passed);
}

TEST(SysprepFileCheck, ErrorWhenTheAnswerFileCannotBeRead) {
    MemorySystem system;
    stage_v2_service(system);
    system.fail_file(kV2File, os::OsError{"GetFileAttributesExW", 5, "Access is denied."});
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "could not look at " + kV2File + ": GetFileAttributesExW failed with error 5 (Access is denied.)");
}

TEST(SysprepFileCheck, AnswerFilesPerAgentAndWindows) {
    const os::OsFacts win10{os::OsFamily::Windows, "Windows 10 Enterprise", "22H2", "19045", "Enterprise"};
    const os::OsFacts win11{os::OsFamily::Windows, "Windows 11 Enterprise", "23H2", "22631", "Enterprise"};
    EXPECT_EQ(answer_files(LaunchAgent::Ec2LaunchV2, win10), (std::vector<std::string>{kV2File}));
    EXPECT_EQ(answer_files(LaunchAgent::Ec2LaunchV2, win11), (std::vector<std::string>{kV2File, kV2Oobe}));
    EXPECT_EQ(answer_files(LaunchAgent::Ec2LaunchV1, win11), (std::vector<std::string>{kV1File}));
    EXPECT_EQ(answer_files(LaunchAgent::Ec2Config, win10), (std::vector<std::string>{kEc2ConfigFile}));
    ASSERT_EQ(launch_agents().size(), 3U);
    EXPECT_EQ(launch_agents()[0].name, "EC2Launch v2") << "newest first";
}

TEST(SysprepFileCheck, JudgesAnswerFiles) {
    EXPECT_EQ(judge_answer_file(std::nullopt), AnswerFileState::Missing);
    EXPECT_EQ(judge_answer_file(os::FileStat{false, 0}), AnswerFileState::Empty);
    EXPECT_EQ(judge_answer_file(os::FileStat{false, 1}), AnswerFileState::Present);
    EXPECT_EQ(judge_answer_file(os::FileStat{true, 0}), AnswerFileState::Directory);
}

TEST(SysprepFileCheck, DescribesItselfForTheCatalogue) {
    const auto info = SysprepFileCheck::describe();
    EXPECT_EQ(info.id, "sysprep-file");
    EXPECT_EQ(info.aws_error_code, "SysPrepFileMissing");
    EXPECT_EQ(info.fix, FixKind::None);
}

// ---- The answer file's content (issue 8) ----

namespace content {

std::string answer(const std::string& shell_setup) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
           "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n"
           "  <settings pass=\"specialize\">\n"
           "    <component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\">\n" +
           shell_setup +
           "    </component>\n"
           "  </settings>\n"
           "  <settings pass=\"oobeSystem\">\n"
           "    <component name=\"Microsoft-Windows-Shell-Setup\"><RegisteredOwner>Ignored here</RegisteredOwner></component>\n"
           "  </settings>\n"
           "</unattend>\n";
}

}  // namespace content

TEST(SysprepFileCheck, AnswerFileContentRuleTable) {
    struct Case {
        const char* name;
        std::string xml;
        bool well_formed;
        bool custom;
        std::vector<std::string> problems;
        std::string prefix;
    };
    const std::vector<Case> cases{
        {"no name settings", content::answer(""), true, false, {}, ""},
        {"oobeSystem owner alone asks for nothing", content::answer("<ComputerName>*</ComputerName>"), true, false, {}, ""},
        {"complete custom format",
         content::answer("<ComputerName>*</ComputerName><RegisteredOrganization>Example Corp</RegisteredOrganization>"
                         "<RegisteredOwner>IT</RegisteredOwner>"),
         true, true, {}, "EXAMPLEC"},
        {"fixed computer name",
         content::answer("<ComputerName>WS01</ComputerName><RegisteredOrganization>Acme</RegisteredOrganization>"
                         "<RegisteredOwner>IT</RegisteredOwner>"),
         true, true, {"ComputerName is \"WS01\", not *"}, "ACME"},
        {"owner missing", content::answer("<ComputerName>*</ComputerName><RegisteredOrganization>Acme</RegisteredOrganization>"), true,
         true, {"RegisteredOwner is not set"}, "ACME"},
        {"owner alone, no ComputerName", content::answer("<RegisteredOwner>Ops-Team 7</RegisteredOwner>"), true, true,
         {"ComputerName is absent (it must be *)", "RegisteredOrganization is not set"}, "OPS-TEAM"},
        {"prefixed element names", "<u:unattend xmlns:u=\"urn:schemas-microsoft-com:unattend\"><u:settings pass=\"specialize\">"
                                   "<u:component name=\"microsoft-windows-shell-setup\"><u:ComputerName>*</u:ComputerName>"
                                   "<u:RegisteredOrganization>A.B</u:RegisteredOrganization><u:RegisteredOwner>C</u:RegisteredOwner>"
                                   "</u:component></u:settings></u:unattend>",
         true, true, {}, "AB"},
        {"tags that do not match", "<unattend>\n  <settings pass=\"specialize\">\n  </setting>\n</unattend>\n", false, false, {}, ""},
        {"zeros", std::string(16, '\0'), false, false, {}, ""},
    };
    for (const auto& c : cases) {
        const AnswerFileContent read = read_answer_file(c.xml);
        EXPECT_EQ(read.well_formed, c.well_formed) << c.name;
        EXPECT_EQ(read.custom_name_requested(), c.custom) << c.name;
        if (c.custom) {
            EXPECT_EQ(read.custom_name_problems(), c.problems) << c.name;
            EXPECT_EQ(read.computer_name_prefix(), c.prefix) << c.name;
        }
    }
}

TEST(SysprepFileCheck, ParseErrorsGiveTheParsersLineAndColumn) {
    const AnswerFileContent read = read_answer_file("<unattend>\n  <settings pass=\"specialize\">\n  </setting>\n</unattend>\n");
    ASSERT_FALSE(read.well_formed);
    EXPECT_EQ(read.parse_error.rfind("line 3, column ", 0), 0U) << read.parse_error;
    EXPECT_NE(read.parse_error.find("mismatch"), std::string::npos) << read.parse_error;
}

TEST(SysprepFileCheck, ReadsAUtf16AnswerFileByItsByteOrderMark) {
    const std::string utf8 = content::answer("<ComputerName>*</ComputerName><RegisteredOrganization>Acme</RegisteredOrganization>"
                                             "<RegisteredOwner>IT</RegisteredOwner>");
    std::string utf16 = "\xFF\xFE";
    for (char c : utf8) {
        utf16 += c;
        utf16 += '\0';
    }
    const AnswerFileContent read = read_answer_file(utf16);
    EXPECT_TRUE(read.well_formed) << read.parse_error;
    EXPECT_TRUE(read.custom_name_problems().empty());
    EXPECT_EQ(read.computer_name_prefix(), "ACME");
}

TEST(SysprepFileCheck, FailsOnAMalformedAnswerFileNamingLineAndColumn) {
    MemorySystem system;
    stage_v2_service(system);
    system.add_file_content(kV2File, "<unattend>\n<settings>\n</unattend>\n");
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_NE(result.summary.find(kV2File + " is not well-formed XML (line 3, column "), std::string::npos) << result.summary;
    EXPECT_NE(test::find_evidence(result, "Answer file " + kV2File)->observed.find("not well-formed XML: line 3"), std::string::npos);
}

TEST(SysprepFileCheck, Windows11OobeAnswerFileWithACompleteCustomNameFormatPassesAndShowsThePrefix) {
    MemorySystem system;
    stage_windows_11(system);
    stage_v2_service(system);
    system.add_file_content(kV2File, content::answer(""));
    system.add_file_content(kV2Oobe, content::answer("<ComputerName>*</ComputerName><RegisteredOrganization>Example Corp"
                                                     "</RegisteredOrganization><RegisteredOwner>IT</RegisteredOwner>"));
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed) << result.summary;
    EXPECT_EQ(test::find_evidence(result, "Custom computer name in " + kV2Oobe)->observed,
              "ComputerName \"*\", RegisteredOrganization \"Example Corp\", RegisteredOwner \"IT\"");
    EXPECT_NE(test::find_evidence(result, "Computer name prefix")->observed.find("start with EXAMPLEC"), std::string::npos);
    EXPECT_NE(test::find_evidence(result, "Computer name in " + kV2File), nullptr) << "the other file asks for no custom name";
}

TEST(SysprepFileCheck, FailsWhenTheCustomNameFormatIsIncomplete) {
    MemorySystem system;
    stage_windows_11(system);
    stage_v2_service(system);
    system.add_file_content(kV2File, content::answer(""));
    system.add_file_content(kV2Oobe, content::answer("<ComputerName>WS01</ComputerName><RegisteredOrganization>Acme"
                                                     "</RegisteredOrganization>"));
    SysprepFileCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_NE(result.summary.find("asks for a custom computer name format but ComputerName is \"WS01\", not *, RegisteredOwner is not set"),
              std::string::npos)
        << result.summary;
    EXPECT_EQ(test::find_evidence(result, "Computer name prefix"), nullptr);
}

}  // namespace
}  // namespace ic::checks
