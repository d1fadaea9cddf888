#include "domain_services_check.h"

#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "service_start_type_rule.h"
#include "windows_facts.h"

namespace ic::checks {

namespace {

constexpr const char* kExpected = "a built-in account (Local System, Local Service, Network Service, NT SERVICE\\...) or a local account";
constexpr const char* kServicesKey = "SYSTEM\\CurrentControlSet\\Services";

// What a service is, in one line support can act on.
std::string describe_service(const os::ServiceInfo& service) {
    return fmt::format("{} — logs on as {}; start type {}; {}", service_label(service.name, service.display_name), service.account,
                       os::to_string(service.start_type), os::to_string(service.state));
}

// "Local System: 97, Local Service: 31, ...": how the accounts in use split up, as context.
std::string account_mix(const std::vector<os::ServiceInfo>& services, const std::vector<std::string>& machine_names) {
    std::map<std::string, std::size_t> counts;
    for (const auto& service : services) ++counts[to_string(classify_service_account(service.account, machine_names))];
    std::string text;
    for (const auto& [kind, count] : counts) text += (text.empty() ? "" : ", ") + fmt::format("{}: {}", kind, count);
    return text.empty() ? "none" : text;
}

// A service the service manager would not describe, and why its account is still unknown.
struct UnreadableService {
    os::ServiceInfo service;
    std::string reason;
};

struct Inventory {
    std::string host_name;                    ///< DNS host name
    std::string netbios_name;                 ///< as read, or derived from the host name
    std::string netbios_note;                 ///< how the NetBIOS name was found
    std::vector<os::ServiceInfo> services;    ///< whose accounts are known
    std::vector<std::string> from_registry;   ///< services whose account came from the registry
    std::vector<UnreadableService> unreadable;

    [[nodiscard]] std::vector<std::string> machine_names() const { return {host_name, netbios_name}; }
};

// The log-on account of a service whose configuration the service manager refused, from the value the
// service manager itself keeps it in (HKLM\SYSTEM\CurrentControlSet\Services\<name> : ObjectName).
os::Result<std::optional<std::string>> account_from_registry(os::RegistryProbe& registry, const std::string& service) {
    auto value = registry.read_value(os::RegistryHive::LocalMachine, std::string(kServicesKey) + "\\" + service, "ObjectName");
    if (!value) return value.error();
    if (!value.value() || (value.value()->type != os::RegistryValueType::String && value.value()->type != os::RegistryValueType::ExpandString))
        return std::optional<std::string>{};
    return std::optional<std::string>{value.value()->text};
}

// The services, their accounts and the names local accounts are written with, or the first error that
// leaves nothing to judge (no machine name, no service list).
os::Result<Inventory> read_inventory(os::System& system) {
    Inventory inventory;
    auto host = system.host().machine_name();
    if (!host) return host.error();
    inventory.host_name = host.value();
    if (auto netbios = system.host().netbios_name(); netbios && !netbios.value().empty()) {
        inventory.netbios_name = netbios.value();
        inventory.netbios_note = "NetBIOS name, as read";
    } else {
        inventory.netbios_name = netbios_name_from_host_name(inventory.host_name);
        inventory.netbios_note = "NetBIOS name derived from the host name as Windows does (" +
                                 (netbios ? std::string("the system gave an empty one") : netbios.error().describe()) + ")";
    }
    auto services = system.services().list();
    if (!services) return services.error();
    std::vector<os::ServiceInfo> listed = std::move(services).value();
    for (auto& service : listed) {
        if (!service.config_error) {
            inventory.services.push_back(std::move(service));
            continue;
        }
        auto account = account_from_registry(system.registry(), service.name);
        if (account && account.value()) {
            service.account = *account.value();
            inventory.from_registry.push_back(service.name);
            inventory.services.push_back(std::move(service));
            continue;
        }
        std::string reason = "the service manager refused its configuration (" + service.config_error->describe() + ") and ";
        reason += account ? "the registry has no ObjectName value for it" : "its ObjectName value could not be read (" + account.error().describe() + ")";
        inventory.unreadable.push_back({std::move(service), std::move(reason)});
    }
    return inventory;
}

std::string names_of(const std::vector<UnreadableService>& unreadable) {
    std::vector<std::string> names;
    for (const auto& u : unreadable) names.push_back(u.service.name);
    return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

std::vector<os::ServiceInfo> services_with_domain_accounts(const std::vector<os::ServiceInfo>& services,
                                                           const std::string& machine_name) {
    return services_with_domain_accounts(services, std::vector<std::string>{machine_name});
}

std::vector<os::ServiceInfo> services_with_domain_accounts(const std::vector<os::ServiceInfo>& services,
                                                           const std::vector<std::string>& machine_names) {
    std::vector<os::ServiceInfo> found;
    for (const auto& service : services)
        if (is_domain_account(classify_service_account(service.account, machine_names))) found.push_back(service);
    return found;
}

CheckInfo DomainServicesCheck::describe() {
    CheckInfo info;
    info.id = "domain-services";
    info.title = "No service logs on with a domain account";
    info.category = "Services";
    info.platforms = kWindows;
    info.rationale =
        "A service that logs on with a domain user's name and password (for example a SQL Server Express instance) ties "
        "the image to that account and its password. Image creation refuses such a WorkSpace; services must use Local "
        "System, Local Service, Network Service or another built-in account.";
    info.resolution =
        "For each service listed: open services.msc, open the service's properties, and on the Log On tab choose \"Local "
        "System account\", then choose OK. Check afterwards that the application still works without the domain account "
        "(it may need other permissions). Then run the checks again.";
    info.aws_error_code = "DomainAccountServicesFound";
    info.fix = FixKind::OnRequest;
    return info;
}

const CheckInfo& DomainServicesCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult DomainServicesCheck::run(CheckContext& context) {
    auto read = read_inventory(context.system);
    if (!read) return CheckResult::error("could not read the services and their accounts: " + read.error().describe());
    const Inventory& inventory = read.value();
    const auto machine_names = inventory.machine_names();

    const auto offending = services_with_domain_accounts(inventory.services, machine_names);
    std::size_t managed = 0;
    for (const auto& service : offending)
        if (classify_service_account(service.account, machine_names) == ServiceAccountKind::ManagedServiceAccount) ++managed;

    CheckResult result;
    if (!offending.empty()) {
        std::string names;
        for (const auto& service : offending) names += (names.empty() ? "" : ", ") + service.name + " (" + service.account + ")";
        result = CheckResult::failed(fmt::format("{} service{} log{} on with a domain account: {}", offending.size(),
                                                 offending.size() == 1 ? "" : "s", offending.size() == 1 ? "s" : "", names));
        std::string offer = fmt::format("Change the log-on account of {} to Local System (on request only",
                                        offending.size() == 1 ? "this service" : "these services");
        if (managed == offending.size()) {
            offer += "; a managed service account has no password, so the tool can change it back)";
        } else if (managed > 0) {
            offer += "; the tool can change the managed service accounts ($) back, which need no password, but not the others, "
                     "as that needs each account's password)";
        } else {
            offer += "; the tool cannot change it back, as that needs the account's password)";
        }
        result.fix = FixOffer{false, offer};
    } else if (!inventory.unreadable.empty()) {
        result = CheckResult::error(fmt::format(
            "could not read the log-on account of {} service{} ({}); none of the other {} services logs on with a domain account",
            inventory.unreadable.size(), inventory.unreadable.size() == 1 ? "" : "s", names_of(inventory.unreadable),
            inventory.services.size()));
    } else {
        result = CheckResult::passed(fmt::format("none of the {} services logs on with a domain account", inventory.services.size()));
    }
    result.with("Services examined", fmt::format("{} on {}", inventory.services.size(), inventory.host_name));
    result.with("Names of this machine",
                fmt::format("{} (DNS host name), {} ({}); accounts written with either are local", inventory.host_name,
                            inventory.netbios_name, inventory.netbios_note));
    result.with("Accounts in use", account_mix(inventory.services, machine_names));
    for (const auto& service : offending) {
        const bool msa = classify_service_account(service.account, machine_names) == ServiceAccountKind::ManagedServiceAccount;
        result.with("Service " + service.name, describe_service(service) + (msa ? " (a managed service account)" : ""), kExpected);
    }
    if (!inventory.from_registry.empty())
        result.with("Accounts read from the registry",
                    fmt::format("{} (the service manager refused their configuration; ObjectName under HKLM\\{} was read instead)",
                                fmt::join(inventory.from_registry, ", "), kServicesKey));
    for (const auto& u : inventory.unreadable)
        result.with("Unreadable service " + u.service.name, service_label(u.service.name, u.service.display_name) + ": " + u.reason,
                    "its log-on account readable");
    return result;
}

std::optional<FixPlan> DomainServicesCheck::plan_fix(CheckContext& context) {
    const auto inventory = read_inventory(context.system).value();  // no service list: the planning fails
    FixPlan plan;
    plan.automatic = false;  // a person must want this for each service: most cannot be undone by the tool
    for (const auto& service : services_with_domain_accounts(inventory.services, inventory.machine_names())) {
        plan.changes.push_back(make_change(ServiceAccountChange{service.name, service.account, kReplacementAccount},
                                           fmt::format("Make {} log on as Local System instead of {}",
                                                       service_label(service.name, service.display_name), service.account)));
    }
    plan.summary = plan.changes.empty()
                       ? "Nothing to change: no service logs on with a domain account"
                       : fmt::format("Make {} service{} log on as Local System", plan.changes.size(), plan.changes.size() == 1 ? "" : "s");
    return plan;
}

}  // namespace ic::checks
