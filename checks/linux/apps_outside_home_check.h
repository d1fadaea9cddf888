#pragma once
#include <string>
#include <vector>

#include "imagechecker/check.h"

namespace ic::checks {

/// Nothing the image keeps may depend on /home, which image creation empties: units, launchers, PATH
/// entries, cron jobs, library paths and links outside /home that point into it break in every
/// WorkSpace made from the image; applications installed per user under /home are simply not in it.
class AppsOutsideHomeCheck : public Check {
public:
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

/// A file outside /home that names a path under /home (what breaks), or an application found in a
/// home folder (what is lost).
struct HomeDependency {
    std::string file;    ///< "/etc/systemd/system/app.service line 7"
    std::string target;  ///< the /home path it names
    std::string what;    ///< "systemd unit", "launcher", "PATH entry", …
};

}  // namespace ic::checks
