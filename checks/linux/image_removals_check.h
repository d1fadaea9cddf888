#pragma once
#include <string>
#include <vector>

#include "imagechecker/check.h"

namespace ic::checks {

/// One path (or shell pattern) image creation removes or shreds on a Linux WorkSpace.
struct RemovedPath {
    std::string path;  ///< "/etc/sudoers.d", "/etc/ssh/ssh_host_*_key"
    bool shredded = false;
};
/// AWS's lists (the page and its newer edition), in the page's order.
const std::vector<RemovedPath>& image_removal_paths();

/// True for a line of /etc/security/access.conf that is a rule (not blank, not a comment): the stock
/// file holds comments only, so any rule is the administrator's.
bool is_access_rule(const std::string& line);

/// A preview of what image creation removes from a Linux WorkSpace and what in it looks like the
/// administrator's own work. Never blocks on its own: PASSED, with the list as evidence.
class ImageRemovalsCheck : public Check {
public:
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

}  // namespace ic::checks
