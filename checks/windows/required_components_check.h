#pragma once
#include <string>
#include <vector>

#include "imagechecker/check.h"

namespace ic::checks {

/// The components AWS lists as required in a Windows WorkSpace image must be installed: PowerShell,
/// Remote Desktop Services, the AWS storage and network drivers, WinRM, a streaming-protocol agent
/// (PCoIP or WSP/DCV, formerly STXHD), the Skylight agent and Amazon's root certificates. No AWS code.
class RequiredComponentsCheck : public Check {
public:
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

/// One place a component may show itself.
struct ComponentProbe {
    enum class Kind {
        Service,             ///< a service (or driver) with this key name: ServiceProbe::find
        ServiceDisplayName,  ///< any service whose display name contains this text (ASCII case ignored)
        RegistryValue,       ///< HKLM `target` has a value named `value_name`
        RegistryKey,         ///< HKLM `target` exists
        RootCertificate,     ///< a certificate with SHA-1 thumbprint `target` is in a machine root store
    };
    Kind kind = Kind::Service;
    std::string target;
    std::string value_name;  ///< RegistryValue: the value; RootCertificate: the certificate's name
};

/// A required component: present when any one of its probes finds it.
struct RequiredComponent {
    std::string name;
    std::vector<ComponentProbe> probes;
};

/// The components and where each is looked for, in the order they are reported.
const std::vector<RequiredComponent>& required_components();

/// The machine root stores searched for certificates (HKLM key paths holding Certificates\\<thumbprint>).
const std::vector<std::string>& root_certificate_stores();

/// A probe in words, as the evidence names it: "service TermService", "key HKLM\\SOFTWARE\\Amazon\\PVDriver".
std::string describe_probe(const ComponentProbe& probe);

}  // namespace ic::checks
