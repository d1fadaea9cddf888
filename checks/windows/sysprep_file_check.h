#pragma once
#include <optional>
#include <string>
#include <vector>

#include "imagechecker/check.h"

namespace ic::checks {

/// The Sysprep answer file of the installed EC2 launch agent must exist, not be empty and be well-formed
/// XML: image creation generalizes Windows with Sysprep using that file (AWS: SysPrepFileMissing). The
/// agent is found by its service or its program folder, newest first; only AWS Support can repair a
/// broken agent. When the file asks for a custom computer name format, its settings must be complete.
class SysprepFileCheck : public Check {
public:
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

/// The launch agents that can carry the answer file, newest first (the order they are looked for).
enum class LaunchAgent { Ec2LaunchV2, Ec2LaunchV1, Ec2Config };

/// What identifies an agent on disk and which answer files it uses.
struct LaunchAgentSpec {
    LaunchAgent agent = LaunchAgent::Ec2LaunchV2;
    std::string name;            ///< "EC2Launch v2"
    std::string service;         ///< its Windows service, "" when it has none (EC2Launch v1 runs as a scheduled task)
    std::string program_folder;  ///< the folder its installation creates
};

/// The three agents, newest first.
const std::vector<LaunchAgentSpec>& launch_agents();

/// The answer files an agent needs on this Windows: one file, plus OOBE_unattend.xml for EC2Launch v2 on Windows 11.
std::vector<std::string> answer_files(LaunchAgent agent, const os::OsFacts& os);

/// What an answer file says, read with a real XML parser. Only what the check judges is kept: whether
/// the XML is well formed, and the computer-name settings of Microsoft-Windows-Shell-Setup in the
/// specialize pass (where Windows reads them).
struct AnswerFileContent {
    bool well_formed = false;
    std::string parse_error;  ///< "line 3, column 7: start-end tags mismatch" when not well formed
    std::optional<std::string> computer_name;            ///< specialize pass; nullopt when absent
    std::optional<std::string> registered_organization;  ///< specialize pass
    std::optional<std::string> registered_owner;         ///< specialize pass

    /// A custom computer name format is asked for: RegisteredOrganization or RegisteredOwner is set.
    [[nodiscard]] bool custom_name_requested() const;
    /// What keeps the custom format from working ("ComputerName is \"WS01\", not *"); empty when nothing.
    [[nodiscard]] std::vector<std::string> custom_name_problems() const;
    /// The first characters WorkSpaces from the image will be named with (Windows takes at most 8 from
    /// RegisteredOrganization, else RegisteredOwner, leaving out characters a computer name cannot hold).
    [[nodiscard]] std::string computer_name_prefix() const;
};
/// Parses the bytes of an answer file (UTF-8 or UTF-16 with its byte-order mark). Pure; table-tested.
AnswerFileContent read_answer_file(const std::string& bytes);

/// How an answer file looks on disk.
enum class AnswerFileState { Present, Missing, Empty, Directory };
AnswerFileState judge_answer_file(const std::optional<os::FileStat>& stat);
std::string to_string(AnswerFileState state);

}  // namespace ic::checks
