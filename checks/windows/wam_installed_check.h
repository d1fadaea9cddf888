#pragma once
#include <string>
#include <vector>

#include "imagechecker/check.h"

namespace ic::checks {

/// When Amazon WorkSpaces Application Manager (WAM) delivers applications on this WorkSpace, its client
/// must be installed before the image is created (no AWS error code). Whether WAM is in use is a
/// heuristic: the markers below are looked for, and the check is SKIPPED when none is found.
class WamInstalledCheck : public Check {
public:
    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

/// One thing looked for on disk or in the registry.
struct WamMarker {
    enum class Kind { RegistryKey, Folder, File, UninstallEntry };
    Kind kind = Kind::Folder;
    std::string where;  ///< key path (HKLM), folder or file; for UninstallEntry the uninstall key searched
    std::string why;    ///< what finding it means, for evidence
};

/// Signs that WAM is or was used here (Amazon's WAM keys and data, the Cloudpaging player WAM streams
/// applications with). `user` is the WorkSpace user (bare name) or "".
std::vector<WamMarker> wam_usage_markers();
/// Signs that the WAM client is installed: its uninstall entry, program folder or desktop shortcut.
std::vector<WamMarker> wam_client_markers(const std::string& user);

/// True when an uninstall entry's DisplayName names the WAM client ("Amazon WAM…",
/// "…WorkSpaces Application Manager…", any case).
bool is_wam_client_display_name(const std::string& display_name);

/// The pure decision: client found -> PASSED; in use without client -> FAILED; nothing found -> SKIPPED;
/// an unreadable marker turns a FAILED or SKIPPED into ERROR (the missing piece might be what could not be read).
Status decide_wam(bool in_use, bool client_found, bool any_unreadable);

}  // namespace ic::checks
