#include "domain_services_check.h"

#include <map>

#include <fmt/format.h>

#include "service_start_type_rule.h"
#include "windows_facts.h"

namespace ic::checks {

namespace {

constexpr const char* kExpected = "a built-in account (Local System, Local Service, Network Service, NT SERVICE\\...) or a local account";

// What a service is, in one line support can act on.
std::string describe_service(const os::ServiceInfo& service) {
    return fmt::format("{} — logs on as {}; start type {}; {}", service_label(service.name, service.display_name), service.account,
                       os::to_string(service.start_type), os::to_string(service.state));
}

// "Local System: 97, Local Service: 31, ...": how the accounts in use split up, as context.
std::string account_mix(const std::vector<os::ServiceInfo>& services, const std::string& machine_name) {
    std::map<std::string, std::size_t> counts;
    for (const auto& service : services) ++counts[to_string(classify_service_account(service.account, machine_name))];
    std::string text;
    for (const auto& [kind, count] : counts) text += (text.empty() ? "" : ", ") + fmt::format("{}: {}", kind, count);
    return text.empty() ? "none" : text;
}

struct Inventory {
    std::string machine_name;
    std::vector<os::ServiceInfo> services;
};

// The services and the machine name their accounts are judged against, or the first error.
os::Result<Inventory> read_inventory(os::System& system) {
    auto machine = system.host().machine_name();
    if (!machine) return machine.error();
    auto services = system.services().list();
    if (!services) return services.error();
    return Inventory{machine.value(), services.value()};
}

}  // namespace

std::vector<os::ServiceInfo> services_with_domain_accounts(const std::vector<os::ServiceInfo>& services,
                                                           const std::string& machine_name) {
    std::vector<os::ServiceInfo> found;
    for (const auto& service : services)
        if (classify_service_account(service.account, machine_name) == ServiceAccountKind::DomainUser) found.push_back(service);
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
    auto inventory = read_inventory(context.system);
    if (!inventory) return CheckResult::error("could not read the services and their accounts: " + inventory.error().describe());
    const auto& [machine_name, services] = inventory.value();

    const auto offending = services_with_domain_accounts(services, machine_name);
    CheckResult result;
    if (offending.empty()) {
        result = CheckResult::passed(fmt::format("none of the {} services logs on with a domain account", services.size()));
    } else {
        std::string names;
        for (const auto& service : offending) names += (names.empty() ? "" : ", ") + service.name + " (" + service.account + ")";
        result = CheckResult::failed(fmt::format("{} service{} log{} on with a domain account: {}", offending.size(),
                                                 offending.size() == 1 ? "" : "s", offending.size() == 1 ? "s" : "", names));
        result.fix = FixOffer{false, fmt::format("Change the log-on account of {} to Local System (on request only; the tool "
                                                 "cannot change it back, as that needs the account's password)",
                                                 offending.size() == 1 ? "this service" : "these services")};
    }
    result.with("Services examined", fmt::format("{} on {}", services.size(), machine_name));
    result.with("Accounts in use", account_mix(services, machine_name));
    for (const auto& service : offending) result.with("Service " + service.name, describe_service(service), kExpected);
    return result;
}

std::optional<FixPlan> DomainServicesCheck::plan_fix(CheckContext& context) {
    const auto inventory = read_inventory(context.system).value();  // unreadable services fail the planning
    FixPlan plan;
    plan.automatic = false;  // a person must want this for each service: it cannot be undone by the tool
    for (const auto& service : services_with_domain_accounts(inventory.services, inventory.machine_name)) {
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
