#pragma once
#include <optional>
#include <string>

#include "imagechecker/check.h"

namespace ic::checks {

/// TLS 1.2 must be usable by Windows' TLS stack (Schannel) as client and as server, because image
/// creation talks to AWS over TLS (AWS: UnsupportedSecurityProtocol). AWS's title also names SSL 3.0;
/// SSL 3.0 is broken (POODLE), so this check only reports its state and never turns it on.
class TlsSslCheck : public Check {
public:
    static constexpr const char* kProtocolsKey = "SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols";

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
    std::optional<FixPlan> plan_fix(CheckContext& context) override;
};

/// The two Schannel values of one protocol side (e.g. "TLS 1.2\\Client"); nullopt = absent.
struct SchannelSide {
    std::optional<os::RegistryValue> enabled;
    std::optional<os::RegistryValue> disabled_by_default;
};

/// Whether Windows turns TLS 1.2 on when nothing is set: yes from Windows 8.1 / Server 2012 R2 (build 9600);
/// no on Windows 7 / Server 2008 R2 and older.
bool tls12_on_by_default(const os::OsFacts& os);

/// Whether Windows turns SSL 3.0 on when nothing is set: yes before Windows 10 1607 / Server 2016 (build 14393).
bool ssl3_on_by_default(const os::OsFacts& os);

/// How Schannel treats one protocol side. A value that is not a REG_DWORD is treated as unusable, which
/// never counts as "on" (the fix rewrites it as a DWORD).
struct SchannelJudgement {
    bool enabled = false;                  ///< Enabled is non-zero, or absent where the protocol is on by default
    bool not_disabled_by_default = false;  ///< DisabledByDefault is 0, or absent where the protocol is on by default
    [[nodiscard]] bool effective() const { return enabled && not_disabled_by_default; }
};
SchannelJudgement judge_schannel_side(const SchannelSide& side, bool on_by_default);

}  // namespace ic::checks
