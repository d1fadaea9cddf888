#pragma once
#include <optional>
#include <string>
#include <vector>

#include "imagechecker/check.h"

namespace ic::checks {

/// The Sysprep answer file of the installed EC2 launch agent must exist and not be empty: image
/// creation generalizes Windows with Sysprep using that file (AWS: SysPrepFileMissing). The agent is
/// found by its service or its program folder, newest first; only AWS Support can repair a broken agent.
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

/// How an answer file looks on disk.
enum class AnswerFileState { Present, Missing, Empty, Directory };
AnswerFileState judge_answer_file(const std::optional<os::FileStat>& stat);
std::string to_string(AnswerFileState state);

}  // namespace ic::checks
