#include "sysprep_file_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "imagechecker/format.h"
#include "windows_facts.h"

namespace ic::checks {

namespace {

constexpr const char* kAnswerFileExpected = "present and not empty";

// How one agent was looked for: found (and by what), not found, or the lookup failed.
struct AgentDetection {
    const LaunchAgentSpec* spec = nullptr;
    bool found = false;
    std::string found_by;
    std::optional<os::OsError> error;
};

AgentDetection detect(const LaunchAgentSpec& spec, os::System& system) {
    AgentDetection d;
    d.spec = &spec;
    if (!spec.service.empty()) {
        auto service = system.services().find(spec.service);
        if (!service) {
            d.error = service.error();
        } else if (service.value()) {
            d.found = true;
            d.found_by = "service " + spec.service + " is installed";
            return d;
        }
    }
    auto folder = system.files().stat(spec.program_folder);
    if (!folder) {
        if (!d.error) d.error = folder.error();
    } else if (folder.value() && folder.value()->is_directory) {
        d.found = true;
        d.found_by = "folder " + spec.program_folder + " exists";
        d.error.reset();  // found by the folder: a failed service lookup no longer matters
    }
    return d;
}

std::string detection_text(const AgentDetection& d) {
    if (d.found) return "installed (" + d.found_by + ")";
    if (d.error) return "unknown: " + d.error->describe();
    return d.spec->service.empty() ? "not installed (no folder " + d.spec->program_folder + ")"
                                   : "not installed (no service " + d.spec->service + ", no folder " + d.spec->program_folder + ")";
}

}  // namespace

// ---- Pure rules ----

const std::vector<LaunchAgentSpec>& launch_agents() {
    static const std::vector<LaunchAgentSpec> kAgents{
        {LaunchAgent::Ec2LaunchV2, "EC2Launch v2", "EC2Launch", "C:\\Program Files\\Amazon\\EC2Launch"},
        {LaunchAgent::Ec2LaunchV1, "EC2Launch v1", "", "C:\\ProgramData\\Amazon\\EC2-Windows\\Launch"},
        {LaunchAgent::Ec2Config, "EC2Config", "Ec2Config", "C:\\Program Files\\Amazon\\Ec2ConfigService"},
    };
    return kAgents;
}

std::vector<std::string> answer_files(LaunchAgent agent, const os::OsFacts& os) {
    switch (agent) {
        case LaunchAgent::Ec2LaunchV2: {
            std::vector<std::string> files{"C:\\ProgramData\\Amazon\\EC2Launch\\sysprep\\unattend.xml"};
            if (is_windows_11(os)) files.emplace_back("C:\\ProgramData\\Amazon\\EC2Launch\\sysprep\\OOBE_unattend.xml");
            return files;
        }
        case LaunchAgent::Ec2LaunchV1: return {"C:\\ProgramData\\Amazon\\EC2-Windows\\Launch\\Sysprep\\Unattend.xml"};
        case LaunchAgent::Ec2Config: return {"C:\\Program Files\\Amazon\\Ec2ConfigService\\sysprep2008.xml"};
    }
    return {};
}

AnswerFileState judge_answer_file(const std::optional<os::FileStat>& stat) {
    if (!stat) return AnswerFileState::Missing;
    if (stat->is_directory) return AnswerFileState::Directory;
    return stat->size == 0 ? AnswerFileState::Empty : AnswerFileState::Present;
}

std::string to_string(AnswerFileState state) {
    switch (state) {
        case AnswerFileState::Present: return "present";
        case AnswerFileState::Missing: return "missing";
        case AnswerFileState::Empty: return "empty (0 bytes)";
        case AnswerFileState::Directory: return "a folder, not a file";
    }
    return "unknown";
}

// ---- The check ----

CheckInfo SysprepFileCheck::describe() {
    CheckInfo info;
    info.id = "sysprep-file";
    info.title = "The launch agent's Sysprep answer file is present";
    info.category = "Components";
    info.platforms = kWindows;
    info.rationale =
        "Image creation generalizes Windows with Sysprep, driven by the answer file that the EC2 launch agent "
        "(EC2Launch v2, EC2Launch v1 or EC2Config) keeps. When that file is missing or empty, Sysprep cannot run and "
        "image creation fails.";
    info.resolution =
        "Do not create or edit the answer file by hand: its content is specific to WorkSpaces. Open a case with AWS "
        "Support and ask for the WorkSpace's EC2Config or EC2Launch agent to be repaired, mentioning the missing file "
        "this check names. Then run the checks again.";
    info.aws_error_code = "SysPrepFileMissing";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& SysprepFileCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult SysprepFileCheck::run(CheckContext& context) {
    std::vector<AgentDetection> detections;
    const AgentDetection* chosen = nullptr;
    const AgentDetection* unsure = nullptr;  // a newer agent that could not be looked for
    for (const auto& spec : launch_agents()) {
        detections.push_back(detect(spec, context.system));
    }
    for (const auto& d : detections) {
        if (d.found) {
            chosen = &d;
            break;
        }
        if (d.error && !unsure) unsure = &d;
    }

    auto add_agents = [&](CheckResult& result) {
        for (const auto& d : detections) {
            std::string text = detection_text(d);
            if (chosen && d.found && &d != chosen) text += "; an older agent, not the one image creation uses";
            result.with("Launch agent " + d.spec->name, text);
        }
    };

    if (unsure) {
        CheckResult result = CheckResult::error(fmt::format("could not tell whether {} is installed: {}", unsure->spec->name,
                                                            unsure->error->describe()));
        add_agents(result);
        return result;
    }
    if (!chosen) {
        CheckResult result = CheckResult::failed(
            "no EC2 launch agent (EC2Launch v2, EC2Launch v1 or EC2Config) is installed, so there is no Sysprep answer file; "
            "AWS Support must repair the agent");
        add_agents(result);
        return result;
    }

    struct FileReading {
        std::string path;
        std::optional<os::FileStat> stat;
        std::optional<os::OsError> error;
    };
    std::vector<FileReading> files;
    for (const auto& path : answer_files(chosen->spec->agent, context.os)) {
        auto stat = context.system.files().stat(path);
        files.push_back(stat ? FileReading{path, stat.value(), std::nullopt} : FileReading{path, std::nullopt, stat.error()});
    }

    std::vector<std::string> bad;
    const FileReading* unreadable = nullptr;
    for (const auto& f : files) {
        if (f.error) {
            if (!unreadable) unreadable = &f;
        } else if (judge_answer_file(f.stat) != AnswerFileState::Present) {
            bad.push_back(f.path + " is " + to_string(judge_answer_file(f.stat)));
        }
    }

    CheckResult result;
    if (!bad.empty()) {
        result = CheckResult::failed(fmt::format("the {} answer file {}; AWS Support must repair the agent", chosen->spec->name,
                                                 fmt::join(bad, "; ")));
    } else if (unreadable) {
        result = CheckResult::error(fmt::format("could not look at {}: {}", unreadable->path, unreadable->error->describe()));
    } else {
        result = CheckResult::passed(fmt::format("the {} answer file{} present and not empty", chosen->spec->name,
                                                 files.size() == 1 ? " is" : "s are"));
    }
    add_agents(result);
    for (const auto& f : files) {
        std::string observed;
        if (f.error) observed = "could not be read: " + f.error->describe();
        else if (judge_answer_file(f.stat) == AnswerFileState::Present) observed = "present, " + bytes_with_exact(f.stat->size);
        else observed = to_string(judge_answer_file(f.stat));
        result.with("Answer file " + f.path, observed, kAnswerFileExpected);
    }
    return result;
}

}  // namespace ic::checks
