#pragma once
#include <string>
#include <vector>

#include "imagechecker/check.h"
#include "linux_system_facts.h"

namespace ic::checks {

/// One component a Linux WorkSpace needs, and the places (files, folders, units) that show it.
struct LinuxComponent {
    std::string name;                  ///< "cloud-init", "Teradici PCoIP agent", …
    std::vector<std::string> places;   ///< absolute paths; any one found means installed
};

/// The components WorkSpaces needs on this distribution (pure): cloud-init, the streaming agent the
/// family uses (PCoIP on Amazon Linux, DCV/WSP on Ubuntu, Rocky and RHEL; either when unknown; Amazon
/// Linux in GovCloud uses WSP, so it accepts both), and the Skylight agent.
std::vector<LinuxComponent> linux_components(Distro::Family family);

/// required-components on Linux. Registered with RequiredComponentsCheck's id and metadata.
class LinuxRequiredComponentsCheck : public Check {
public:
    static PlatformWording wording();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

}  // namespace ic::checks
