#include "sysprep_file_check.h"

#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pugixml.hpp>

#include "imagechecker/format.h"
#include "windows_facts.h"

namespace ic::checks {

namespace {

constexpr const char* kAnswerFileExpected = "present, not empty, well-formed XML";

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

// An element's name without its namespace prefix ("u:ComputerName" -> "ComputerName").
std::string local_name(const pugi::xml_node& node) {
    const std::string name = node.name();
    const auto colon = name.find(':');
    return colon == std::string::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child_named(const pugi::xml_node& parent, const char* name) {
    for (const auto& child : parent.children())
        if (child.type() == pugi::node_element && local_name(child) == name) return child;
    return {};
}

// "line 3, column 7" of a byte offset, counting lines as a text editor shows them.
std::string position_of(const std::string& bytes, std::ptrdiff_t offset) {
    const auto end = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(bytes.size()))));
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < end; ++i) {
        if (bytes[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(bytes[i]) & 0xC0U) != 0x80U) {
            ++column;  // UTF-8 continuation bytes do not start a character
        }
    }
    return fmt::format("line {}, column {}", line, column);
}

constexpr std::size_t kMaxAnswerFileBytes = 4 * 1024 * 1024;

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

AnswerFileContent read_answer_file(const std::string& bytes) {
    AnswerFileContent content;
    pugi::xml_document document;
    const pugi::xml_parse_result parsed = document.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_auto);
    if (!parsed) {
        content.parse_error = position_of(bytes, parsed.offset) + ": " + parsed.description();
        return content;
    }
    if (!document.document_element()) {
        content.parse_error = "no root element";
        return content;
    }
    content.well_formed = true;
    for (const auto& settings : document.document_element().children()) {
        if (settings.type() != pugi::node_element || local_name(settings) != "settings") continue;
        if (std::string(settings.attribute("pass").value()) != "specialize") continue;
        for (const auto& component : settings.children()) {
            if (component.type() != pugi::node_element || local_name(component) != "component") continue;
            if (!iequals(component.attribute("name").value(), "Microsoft-Windows-Shell-Setup")) continue;
            const auto read = [&](const char* name, std::optional<std::string>& into) {
                if (const pugi::xml_node node = child_named(component, name)) into = std::string(node.text().get());
            };
            read("ComputerName", content.computer_name);
            read("RegisteredOrganization", content.registered_organization);
            read("RegisteredOwner", content.registered_owner);
        }
    }
    return content;
}

bool AnswerFileContent::custom_name_requested() const {
    return (registered_organization && !registered_organization->empty()) || (registered_owner && !registered_owner->empty());
}

std::vector<std::string> AnswerFileContent::custom_name_problems() const {
    std::vector<std::string> problems;
    if (!computer_name) problems.emplace_back("ComputerName is absent (it must be *)");
    else if (*computer_name != "*") problems.push_back("ComputerName is \"" + *computer_name + "\", not *");
    if (!registered_organization || registered_organization->empty()) problems.emplace_back("RegisteredOrganization is not set");
    if (!registered_owner || registered_owner->empty()) problems.emplace_back("RegisteredOwner is not set");
    return problems;
}

std::string AnswerFileContent::computer_name_prefix() const {
    const std::string& source =
        registered_organization && !registered_organization->empty() ? *registered_organization : registered_owner.value_or("");
    std::string prefix;
    for (char c : source) {
        if (prefix.size() == 8) break;
        // Letters, digits and hyphens are what a computer name may hold.
        if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-') prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return prefix;
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
        std::optional<AnswerFileContent> content;  // read when the file is present
    };
    std::vector<FileReading> files;
    for (const auto& path : answer_files(chosen->spec->agent, context.os)) {
        auto stat = context.system.files().stat(path);
        FileReading reading = stat ? FileReading{path, stat.value(), std::nullopt, std::nullopt} : FileReading{path, std::nullopt, stat.error(), std::nullopt};
        if (!reading.error && judge_answer_file(reading.stat) == AnswerFileState::Present) {
            auto bytes = context.system.files().read_file(path, kMaxAnswerFileBytes);
            if (!bytes) reading.error = bytes.error();
            else if (!bytes.value()) reading.stat.reset();  // removed between the two questions
            else reading.content = read_answer_file(*bytes.value());
        }
        files.push_back(std::move(reading));
    }

    std::vector<std::string> bad;
    std::vector<std::string> naming;  // custom computer name settings an administrator left incomplete
    const FileReading* unreadable = nullptr;
    for (const auto& f : files) {
        if (f.error) {
            if (!unreadable) unreadable = &f;
        } else if (judge_answer_file(f.stat) != AnswerFileState::Present) {
            bad.push_back(f.path + " is " + to_string(judge_answer_file(f.stat)));
        } else if (f.content && !f.content->well_formed) {
            bad.push_back(f.path + " is not well-formed XML (" + f.content->parse_error + ")");
        } else if (f.content && f.content->custom_name_requested() && !f.content->custom_name_problems().empty()) {
            naming.push_back(fmt::format("{} asks for a custom computer name format but {}, so Windows would ignore it", f.path,
                                         fmt::join(f.content->custom_name_problems(), ", ")));
        }
    }

    CheckResult result;
    if (!bad.empty()) {
        result = CheckResult::failed(fmt::format("the {} answer file {}; AWS Support must repair the agent", chosen->spec->name,
                                                 fmt::join(bad, "; ")));
    } else if (!naming.empty()) {
        result = CheckResult::failed(fmt::format("{}; complete the specialize pass's Microsoft-Windows-Shell-Setup settings or remove "
                                                 "RegisteredOrganization and RegisteredOwner",
                                                 fmt::join(naming, "; ")));
    } else if (unreadable) {
        result = CheckResult::error(fmt::format("could not look at {}: {}", unreadable->path, unreadable->error->describe()));
    } else {
        result = CheckResult::passed(fmt::format("the {} answer file{} present and well-formed", chosen->spec->name,
                                                 files.size() == 1 ? " is" : "s are"));
    }
    add_agents(result);
    for (const auto& f : files) {
        std::string observed;
        if (f.error) observed = "could not be read: " + f.error->describe();
        else if (judge_answer_file(f.stat) != AnswerFileState::Present) observed = to_string(judge_answer_file(f.stat));
        else if (f.content && !f.content->well_formed) observed = "present, " + bytes_with_exact(f.stat->size) + ", not well-formed XML: " + f.content->parse_error;
        else observed = "present, " + bytes_with_exact(f.stat->size) + ", well-formed XML";
        result.with("Answer file " + f.path, observed, kAnswerFileExpected);
        if (!f.content || !f.content->well_formed) continue;
        const AnswerFileContent& c = *f.content;
        if (!c.custom_name_requested()) {
            result.with("Computer name in " + f.path,
                        "no custom computer name format (RegisteredOrganization and RegisteredOwner are not set in the specialize pass)");
            continue;
        }
        const auto problems = c.custom_name_problems();
        result.with("Custom computer name in " + f.path,
                    fmt::format("ComputerName {}, RegisteredOrganization {}, RegisteredOwner {}{}",
                                c.computer_name ? "\"" + *c.computer_name + "\"" : std::string("absent"),
                                c.registered_organization ? "\"" + *c.registered_organization + "\"" : std::string("absent"),
                                c.registered_owner ? "\"" + *c.registered_owner + "\"" : std::string("absent"),
                                problems.empty() ? "" : fmt::format(" — {}", fmt::join(problems, ", "))),
                    "ComputerName *, RegisteredOrganization and RegisteredOwner both set (specialize pass)");
        if (problems.empty())
            result.with("Computer name prefix",
                        fmt::format("WorkSpaces from the image will get names that start with {} and end in random characters (Windows "
                                    "takes at most 8 characters of the registered organization or owner)",
                                    c.computer_name_prefix().empty() ? std::string("(no usable character)") : c.computer_name_prefix()));
    }
    return result;
}

}  // namespace ic::checks
