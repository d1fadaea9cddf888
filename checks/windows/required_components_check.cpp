#include "required_components_check.h"

#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "service_start_type_rule.h"
#include "windows_facts.h"

namespace ic::checks {

namespace {

using Kind = ComponentProbe::Kind;

// ---- What one look found ----

struct ProbeOutcome {
    bool found = false;
    std::string observed;  // what was found, when found
    std::string error;     // why it could not be looked at
};

bool contains_ignoring_case(const std::string& text, const std::string& part) {
    if (part.size() > text.size()) return false;
    for (std::size_t i = 0; i + part.size() <= text.size(); ++i)
        if (iequals(text.substr(i, part.size()), part)) return true;
    return false;
}

std::string service_summary(const os::ServiceInfo& service) {
    return fmt::format("{}, {}, {}", service_label(service.name, service.display_name), os::to_string(service.start_type),
                       os::to_string(service.state));
}

// Runs the probes of all components against one machine; lists the services at most once.
class Prober {
public:
    explicit Prober(os::System& system) : system_(system) {}

    ProbeOutcome look(const ComponentProbe& probe) {
        switch (probe.kind) {
            case Kind::Service: return look_service(probe.target);
            case Kind::ServiceDisplayName: return look_display_name(probe.target);
            case Kind::RegistryValue: return look_value(probe.target, probe.value_name);
            case Kind::RegistryKey: return look_key(probe.target);
            case Kind::RootCertificate: return look_certificate(probe.target);
        }
        return {};
    }

private:
    ProbeOutcome look_service(const std::string& name) {
        auto found = system_.services().find(name);
        if (!found) return {false, {}, found.error().describe()};
        if (!found.value()) return {};
        return {true, "service " + service_summary(*found.value()), {}};
    }

    ProbeOutcome look_display_name(const std::string& text) {
        if (!services_) services_.emplace(system_.services().list());
        if (!*services_) return {false, {}, services_->error().describe()};
        for (const auto& service : services_->value())
            if (contains_ignoring_case(service.display_name, text)) return {true, "service " + service_summary(service), {}};
        return {};
    }

    ProbeOutcome look_value(const std::string& path, const std::string& name) {
        auto value = system_.registry().read_value(os::RegistryHive::LocalMachine, path, name);
        if (!value) return {false, {}, value.error().describe()};
        if (!value.value()) return {};
        return {true, fmt::format("HKLM\\{} : {} = {}", path, name, value.value()->display()), {}};
    }

    ProbeOutcome look_key(const std::string& path) {
        auto exists = system_.registry().key_exists(os::RegistryHive::LocalMachine, path);
        if (!exists) return {false, {}, exists.error().describe()};
        if (!exists.value()) return {};
        return {true, "key HKLM\\" + path, {}};
    }

    ProbeOutcome look_certificate(const std::string& thumbprint) {
        ProbeOutcome outcome;
        for (const auto& store : root_certificate_stores()) {
            const std::string path = store + "\\Certificates\\" + thumbprint;
            auto exists = system_.registry().key_exists(os::RegistryHive::LocalMachine, path);
            if (!exists) {
                if (outcome.error.empty()) outcome.error = exists.error().describe();
                continue;
            }
            if (exists.value()) return {true, "key HKLM\\" + path, {}};
        }
        return outcome;
    }

    os::System& system_;
    std::optional<os::Result<std::vector<os::ServiceInfo>>> services_;
};

// ---- What one component came to ----

enum class Presence { Found, Missing, Unknown };

struct ComponentReading {
    Presence presence = Presence::Missing;
    std::string observed;
};

ComponentReading read_component(const RequiredComponent& component, Prober& prober) {
    std::vector<std::string> looked;
    std::vector<std::string> errors;
    for (const auto& probe : component.probes) {
        const auto outcome = prober.look(probe);
        if (outcome.found) return {Presence::Found, "found: " + outcome.observed};
        looked.push_back(describe_probe(probe));
        if (!outcome.error.empty()) errors.push_back(describe_probe(probe) + ": " + outcome.error);
    }
    if (errors.empty()) return {Presence::Missing, fmt::format("not found; looked for {}", fmt::join(looked, "; "))};
    return {Presence::Unknown,
            fmt::format("not found, but {} of the places could not be read ({}); looked for {}", errors.size(), fmt::join(errors, "; "),
                        fmt::join(looked, "; "))};
}

ComponentProbe service(std::string name) { return {Kind::Service, std::move(name), {}}; }
ComponentProbe display_name(std::string text) { return {Kind::ServiceDisplayName, std::move(text), {}}; }
ComponentProbe key(std::string path) { return {Kind::RegistryKey, std::move(path), {}}; }
ComponentProbe value(std::string path, std::string name) { return {Kind::RegistryValue, std::move(path), std::move(name)}; }
ComponentProbe root_certificate(std::string thumbprint, std::string name) {
    return {Kind::RootCertificate, std::move(thumbprint), std::move(name)};
}

}  // namespace

// ---- The list ----

const std::vector<RequiredComponent>& required_components() {
    // Names and sources are listed in docs/checks.md (required-components): which are confirmed, which assumed.
    static const std::vector<RequiredComponent> kComponents{
        {"Windows PowerShell",
         {value("SOFTWARE\\Microsoft\\PowerShell\\3\\PowerShellEngine", "PowerShellVersion"),
          value("SOFTWARE\\Microsoft\\PowerShell\\1\\PowerShellEngine", "PowerShellVersion")}},
        {"Remote Desktop Services", {service("TermService")}},
        {"AWS PV drivers (or the AWS NVMe and ENA drivers)",
         {key("SOFTWARE\\Amazon\\PVDriver"), service("xenvbd"), service("xenbus"), service("xenvif"), service("xennet"),
          service("xeniface"), service("AWSNVMe"), service("ena")}},
        {"Windows Remote Management (WinRM)", {service("WinRM")}},
        {"Streaming protocol agent (PCoIP, or WSP/DCV formerly called STXHD)",
         {service("PCoIPAgent"), service("dcvserver"), display_name("PCoIP"), display_name("STXHD"),
          display_name("WorkSpaces Streaming")}},
        {"Skylight agent", {service("SkyLightWorkspaceConfigService")}},
        {"Amazon root certificates",
         {root_certificate("8DA7F965EC5EFC37910F1C6E59FDC1CC6A6EDE16", "Amazon Root CA 1"),
          root_certificate("5A8CEF45D7A69859767A8C8B4496B578CF474B1A", "Amazon Root CA 2"),
          root_certificate("0D44DD8C3C8C1A1A58756481E90F2E2AFFB3D26E", "Amazon Root CA 3"),
          root_certificate("F6108407D6F8BB67980CC2E244C2EBAE1CEF63BE", "Amazon Root CA 4"),
          root_certificate("925A8F8D2C6D04E0665F596AFF22D863E8256F3F", "Starfield Services Root Certificate Authority - G2")}},
    };
    return kComponents;
}

const std::vector<std::string>& root_certificate_stores() {
    static const std::vector<std::string> kStores{
        "SOFTWARE\\Microsoft\\SystemCertificates\\ROOT",
        "SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot",
        "SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\Root",
        "SOFTWARE\\Microsoft\\EnterpriseCertificates\\Root",
    };
    return kStores;
}

std::string describe_probe(const ComponentProbe& probe) {
    switch (probe.kind) {
        case Kind::Service: return "service " + probe.target;
        case Kind::ServiceDisplayName: return "a service displayed with \"" + probe.target + "\"";
        case Kind::RegistryValue: return "value HKLM\\" + probe.target + " : " + probe.value_name;
        case Kind::RegistryKey: return "key HKLM\\" + probe.target;
        case Kind::RootCertificate: return "certificate " + probe.value_name + " (" + probe.target + ")";
    }
    return probe.target;
}

// ---- The check ----

CheckInfo RequiredComponentsCheck::describe() {
    CheckInfo info;
    info.id = "required-components";
    info.title = "The components a WorkSpace needs are installed";
    info.category = "Components";
    info.platforms = kWindows;
    info.rationale =
        "WorkSpaces launched from an image only work if the image keeps what AWS installed for them: PowerShell, Remote "
        "Desktop Services, the AWS storage and network drivers, Windows Remote Management, the streaming-protocol agent "
        "(PCoIP or WSP), the Skylight agent that configures the WorkSpace, and the certificates the agents trust. An image "
        "missing any of them yields WorkSpaces that do not start or cannot be reached.";
    info.resolution =
        "Do not uninstall or disable what AWS installed. If a component is reported missing, reinstall it if you removed "
        "it (PowerShell from Microsoft, the drivers from the AWS EC2 driver downloads); otherwise restart the WorkSpace, "
        "which gives WorkSpaces a chance to update its own agents, or rebuild from a new WorkSpace. Contact AWS Support if it stays "
        "missing. Then run the checks again.";
    info.aws_error_code = "";
    info.fix = FixKind::None;
    return info;
}

const CheckInfo& RequiredComponentsCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult RequiredComponentsCheck::run(CheckContext& context) {
    Prober prober(context.system);
    std::vector<std::pair<const RequiredComponent*, ComponentReading>> readings;
    std::vector<std::string> missing;
    std::vector<std::string> unknown;
    for (const auto& component : required_components()) {
        auto reading = read_component(component, prober);
        if (reading.presence == Presence::Missing) missing.push_back(component.name);
        if (reading.presence == Presence::Unknown) unknown.push_back(component.name);
        readings.emplace_back(&component, std::move(reading));
    }

    const std::size_t total = required_components().size();
    CheckResult result;
    if (!missing.empty()) {
        result = CheckResult::failed(fmt::format("{} of {} required components not found: {}", missing.size(), total, fmt::join(missing, ", ")));
    } else if (!unknown.empty()) {
        result = CheckResult::error(fmt::format("could not tell whether {} of {} required components are installed: {}", unknown.size(),
                                                total, fmt::join(unknown, ", ")));
    } else {
        result = CheckResult::passed(fmt::format("all {} required components were found", total));
    }
    for (const auto& [component, reading] : readings)
        result.with("Component: " + component->name, reading.observed, "at least one of the places looked at");
    std::vector<std::string> stores;
    for (const auto& store : root_certificate_stores()) stores.push_back("HKLM\\" + store + "\\Certificates");
    result.with("Certificate stores searched", fmt::format("{}", fmt::join(stores, "; ")));
    return result;
}

}  // namespace ic::checks
