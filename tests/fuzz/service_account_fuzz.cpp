// Fuzz target: the service-account and user-name parsers the Windows checks apply to what the service
// manager and the registry report (classify_service_account, bare_user_name, account_domain,
// expected_profile_path, services_with_domain_accounts, is_domain_guests_name/_sid).
// Input: the machine name on the first line, the account after it.
// Invariants: classification ignores ASCII case and is Unknown exactly for an empty account; the
// domain-services filter keeps exactly the accounts classified as domain accounts (a user or a managed
// service account); a bare user name
// has no domain left in it; the expected profile path is D:\Users\<bare name>.
#include "fuzz_support.h"

#include "windows/domain_guests_check.h"
#include "windows/domain_services_check.h"
#include "windows/windows_facts.h"

using namespace ic::checks;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto [machine, account] = ic::fuzz::split_first_line(ic::fuzz::text(data, size));
    const ServiceAccountKind kind = classify_service_account(account, machine);
    IC_FUZZ_CHECK(classify_service_account(fold_case(account), fold_case(machine)) == kind, "classification ignores case");
    IC_FUZZ_CHECK((kind == ServiceAccountKind::Unknown) == account.empty(), "only an empty account is unknown");
    IC_FUZZ_CHECK(!to_string(kind).empty(), "every kind has a name");

    ic::os::ServiceInfo service;
    service.name = "fuzzed";
    service.account = account;
    const auto offending = services_with_domain_accounts({service}, machine);
    IC_FUZZ_CHECK((offending.size() == 1) == is_domain_account(kind), "the filter agrees with the classification");

    const std::string bare = bare_user_name(account);
    IC_FUZZ_CHECK(bare.find('\\') == std::string::npos, "a bare user name has no DOMAIN\\ left");
    IC_FUZZ_CHECK(bare.size() <= account.size(), "a bare user name is part of the account");
    IC_FUZZ_CHECK(expected_profile_path(account) == "D:\\Users\\" + bare, "the profile path is D:\\Users\\<user>");
    const std::string domain = account_domain(account);
    IC_FUZZ_CHECK(domain.size() <= account.size(), "a domain is part of the account");
    if (is_domain_guests_name(account)) IC_FUZZ_CHECK(iequals(bare, "Domain Guests"), "Domain Guests by name");
    if (is_domain_guests_sid(account))
        IC_FUZZ_CHECK(istarts_with(account, "S-1-5-21-") && account.size() > 4 && account.compare(account.size() - 4, 4, "-514") == 0,
                      "Domain Guests by SID is S-1-5-21-...-514");
    return 0;
}
