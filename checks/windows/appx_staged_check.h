#pragma once
#include <optional>
#include <string>
#include <vector>

#include "imagechecker/check.h"

namespace ic::checks {

/// No AppX package may be left staged or installed only for the system without being installed for the
/// WorkSpace user: Sysprep stops on such packages during image creation (AWS: StagedAppxPackage).
/// The fix removes each offending package for all users; a removal cannot be undone, so every one needs
/// its own confirmation.
class AppxStagedCheck : public Check {
public:
    static constexpr const char* kStoreKey = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore";
    static constexpr const char* kSystemSid = "S-1-5-18";

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
    std::optional<FixPlan> plan_fix(CheckContext& context) override;
};

/// True for a package full name (Name_Version_Architecture_ResourceId_PublisherId: exactly four '_',
/// a non-empty name); false for a package family name (Name_PublisherId) and other keys.
bool is_package_full_name(const std::string& name);

/// Where one package appears in the all-user store.
struct AppxPackageState {
    std::string full_name;
    bool staged = false;                 ///< under Staged (directly, or below its family name)
    bool installed_for_system = false;   ///< under S-1-5-18
    bool installed_for_user = false;     ///< under the WorkSpace user's SID, or a dependency of a package there
    std::vector<std::string> other_sids; ///< other accounts it is installed for (evidence only)
};

/// AWS's rule read against the registry: a package offends when it is staged, or installed for
/// S-1-5-18, and not installed for the WorkSpace user. (The store records installation per SID, so
/// "staged for the user but not installed" shows up as staged and not installed for the user.)
bool is_offending_appx(const AppxPackageState& state);

/// "staged; installed for S-1-5-18; not installed for alice" — for evidence and the removal's description.
std::string appx_found_for(const AppxPackageState& state, const std::string& user);

}  // namespace ic::checks
