#include "tls_ssl_check.h"

#include <array>

#include <fmt/format.h>

#include "windows_facts.h"

namespace ic::checks {

namespace {

constexpr auto HKLM = os::RegistryHive::LocalMachine;
constexpr const char* kEnabled = "Enabled";
constexpr const char* kDisabledByDefault = "DisabledByDefault";
constexpr std::array<const char*, 2> kSides{"Client", "Server"};

std::string side_key(const std::string& protocol, const std::string& side) {
    return std::string(TlsSslCheck::kProtocolsKey) + "\\" + protocol + "\\" + side;
}

// One protocol side as read: its values, or the error that prevented reading them.
struct SideReading {
    std::string protocol;
    std::string side;
    SchannelSide values;
    std::optional<os::OsError> error;
};

SideReading read_side(os::RegistryProbe& registry, const std::string& protocol, const std::string& side) {
    SideReading r{protocol, side, {}, std::nullopt};
    const std::string key = side_key(protocol, side);
    auto enabled = registry.read_value(HKLM, key, kEnabled);
    if (!enabled) {
        r.error = enabled.error();
        return r;
    }
    auto disabled_by_default = registry.read_value(HKLM, key, kDisabledByDefault);
    if (!disabled_by_default) {
        r.error = disabled_by_default.error();
        return r;
    }
    r.values = {enabled.value(), disabled_by_default.value()};
    return r;
}

std::string on_off(bool on) { return on ? "enabled" : "disabled"; }

std::string value_text(const std::optional<os::RegistryValue>& value, const std::string& default_meaning) {
    if (!value) return "(absent: OS default = " + default_meaning + ")";
    std::string text = registry_value_text(value);
    if (value->type != os::RegistryValueType::Dword) text += " (not a REG_DWORD: treated as not enabling the protocol)";
    return text;
}

void add_side_evidence(CheckResult& result, const SideReading& r, bool on_by_default, bool decides) {
    const std::string key = "HKLM\\" + side_key(r.protocol, r.side);
    if (r.error) {
        result.with(key, "could not be read: " + r.error->describe(), decides ? "readable" : "");
        return;
    }
    result.with(key + " : " + kEnabled, value_text(r.values.enabled, on_off(on_by_default)),
                decides ? "non-zero, or absent where TLS 1.2 is on by default" : "");
    result.with(key + " : " + kDisabledByDefault,
                value_text(r.values.disabled_by_default, on_by_default ? "not disabled by default" : "disabled by default"),
                decides ? "0, or absent where TLS 1.2 is on by default" : "");
    const auto j = judge_schannel_side(r.values, on_by_default);
    std::string observed = j.effective() ? "effectively enabled" : "effectively disabled";
    if (!decides) observed += j.effective() ? " (insecure; reported only, never changed)" : " (reported only)";
    result.with(r.protocol + " " + r.side, observed, decides ? "enabled" : "");
}

}  // namespace

// ---- Pure rules ----

bool tls12_on_by_default(const os::OsFacts& os) {
    if (is_windows_7(os)) return false;
    const unsigned build = build_number(os);
    return build == 0 || build >= 9600;  // an unknown build is a current Windows (WorkSpaces run 10, 11 and Server 2016+)
}

bool ssl3_on_by_default(const os::OsFacts& os) {
    if (is_windows_7(os)) return true;
    const unsigned build = build_number(os);
    return build != 0 && build < 14393;
}

SchannelJudgement judge_schannel_side(const SchannelSide& side, bool on_by_default) {
    SchannelJudgement j;
    if (!side.enabled) j.enabled = on_by_default;
    else j.enabled = side.enabled->type == os::RegistryValueType::Dword && side.enabled->number != 0;
    if (!side.disabled_by_default) j.not_disabled_by_default = on_by_default;
    else j.not_disabled_by_default = side.disabled_by_default->type == os::RegistryValueType::Dword && side.disabled_by_default->number == 0;
    return j;
}

// ---- The check ----

CheckInfo TlsSslCheck::describe() {
    CheckInfo info;
    info.id = "tls-ssl";
    info.title = "TLS 1.2 is enabled for client and server";
    info.category = "Security";
    info.platforms = kWindows;
    info.rationale =
        "Image creation and the WorkSpaces agents talk to AWS over TLS, through Windows' Schannel. When TLS 1.2 is "
        "turned off for the client or the server side, those connections fail and so does image creation. AWS names "
        "SSL 3.0 as well, but SSL 3.0 is broken (POODLE): this check reports its state and never turns it on.";
    info.resolution =
        "Turn TLS 1.2 on for client and server as Microsoft describes in \"How to enable TLS 1.2\": under "
        "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2, in both the Client and "
        "the Server key, set the DWORD values Enabled = 1 and DisabledByDefault = 0 (or delete both on Windows 8.1 and "
        "later, where TLS 1.2 is on by default). If a Group Policy or security baseline writes these values, change it "
        "there. Restart the WorkSpace, then run the checks again. Do not turn SSL 3.0 on unless AWS Support asks for it.";
    info.aws_error_code = "UnsupportedSecurityProtocol";
    info.fix = FixKind::Automatic;
    return info;
}

const CheckInfo& TlsSslCheck::info() const {
    static const CheckInfo kInfo = describe();
    return kInfo;
}

CheckResult TlsSslCheck::run(CheckContext& context) {
    auto& registry = context.system.registry();
    const bool tls_default = tls12_on_by_default(context.os);
    const bool ssl_default = ssl3_on_by_default(context.os);
    std::vector<SideReading> tls;
    std::vector<SideReading> ssl;
    for (const char* side : kSides) {
        tls.push_back(read_side(registry, "TLS 1.2", side));
        ssl.push_back(read_side(registry, "SSL 3.0", side));
    }

    std::vector<std::string> off;
    const SideReading* unreadable = nullptr;
    for (const auto& r : tls) {
        if (r.error) {
            if (!unreadable) unreadable = &r;
        } else if (!judge_schannel_side(r.values, tls_default).effective()) {
            off.push_back(r.side);
        }
    }
    std::string ssl_state;
    for (const auto& r : ssl) {
        if (!ssl_state.empty()) ssl_state += ", ";
        ssl_state += r.side + " " + (r.error ? "unknown" : on_off(judge_schannel_side(r.values, ssl_default).effective()));
    }

    CheckResult result;
    if (unreadable) {
        result = CheckResult::error(fmt::format("could not read the TLS 1.2 {} settings: {}", unreadable->side, unreadable->error->describe()));
    } else if (off.empty()) {
        result = CheckResult::passed(fmt::format("TLS 1.2 is enabled for client and server (SSL 3.0: {}; reported only)", ssl_state));
    } else {
        const std::string sides = off.size() == 2 ? "client and server" : (off[0] == "Client" ? "client" : "server");
        result = CheckResult::warning(fmt::format("TLS 1.2 is disabled for the {} (SSL 3.0: {}; reported only)", sides, ssl_state));
        result.fix = FixOffer{true, "Enable TLS 1.2 for the " + sides +
                                        " (Schannel Enabled = 1, DisabledByDefault = 0); SSL 3.0 is left as it is"};
    }
    result.with("TLS 1.2 when nothing is set", tls_default ? "on (Windows 8.1 / Server 2012 R2 or later)" : "off (Windows 7 / Server 2008 R2 or older)");
    for (const auto& r : tls) add_side_evidence(result, r, tls_default, true);
    for (const auto& r : ssl) add_side_evidence(result, r, ssl_default, false);
    return result;
}

std::optional<FixPlan> TlsSslCheck::plan_fix(CheckContext& context) {
    auto& registry = context.system.registry();
    const bool tls_default = tls12_on_by_default(context.os);
    FixPlan plan;
    plan.check_id = describe().id;
    plan.automatic = true;
    for (const char* side : kSides) {
        const SideReading r = read_side(registry, "TLS 1.2", side);
        if (r.error) throw os::OsFailure(*r.error);  // never plan from values that could not be read
        const auto j = judge_schannel_side(r.values, tls_default);
        const std::string key = side_key("TLS 1.2", side);
        if (!j.enabled)
            plan.changes.push_back(make_change(RegistryValueChange{HKLM, key, kEnabled, r.values.enabled, os::RegistryValue::dword(1)},
                                               fmt::format("Enable TLS 1.2 for the {} side (Enabled = 1)", side)));
        if (!j.not_disabled_by_default)
            plan.changes.push_back(make_change(
                RegistryValueChange{HKLM, key, kDisabledByDefault, r.values.disabled_by_default, os::RegistryValue::dword(0)},
                fmt::format("Let the {} side use TLS 1.2 by default (DisabledByDefault = 0)", side)));
    }
    plan.summary = plan.changes.empty() ? "Nothing to change: TLS 1.2 is already enabled for client and server"
                                        : "Enable TLS 1.2 for client and server in Schannel; SSL 3.0 is left as it is";
    return plan;
}

}  // namespace ic::checks
