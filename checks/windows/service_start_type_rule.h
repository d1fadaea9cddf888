#pragma once
/// \file
/// What the service checks share: find one Windows service, judge its start type against what image
/// creation accepts, and plan the one start-type change that puts it right. Used by
/// remote-desktop-services, windows-modules-installer and winrm-automatic; ssm-agent-disabled uses the
/// naming and change-building pieces.

#include <string>
#include <vector>

#include "imagechecker/check.h"
#include "imagechecker/fix.h"

namespace ic::checks {

/// One service and the start types image creation accepts for it.
struct StartTypeRule {
    std::string service;                         ///< key name, e.g. "TermService"
    std::string label;                           ///< as services.msc shows it, e.g. "Remote Desktop Services"
    std::vector<os::ServiceStartType> accepted;  ///< start types that pass, e.g. {Automatic, Manual}
    os::ServiceStartType fix_to = os::ServiceStartType::Manual;  ///< what the fix sets otherwise
};

/// How a start type compares with a rule. Unreadable: the service manager reported a value this tool
/// cannot interpret (never taken as a pass).
enum class StartTypeJudgement { Accepted, NeedsChange, Unreadable };

/// The pure decision.
StartTypeJudgement judge_start_type(const StartTypeRule& rule, os::ServiceStartType actual);

/// The accepted start types in words: "Automatic", "Automatic or Manual".
std::string accepted_text(const StartTypeRule& rule);

/// "Remote Desktop Services (TermService)"; the bare key name when there is no display name.
std::string service_label(const std::string& name, const std::string& display_name);

/// Runs a rule: PASSED when the start type is accepted; WARNING with an automatic FixOffer when it is
/// not; FAILED when the service is not installed (only a person can install or repair it); ERROR when
/// the service manager cannot be asked or reports a start type that cannot be interpreted.
CheckResult run_start_type_rule(const StartTypeRule& rule, os::ServiceProbe& services);

/// The rule's fix, read from the machine now: one start-type change to `rule.fix_to`, or no change
/// when the start type is already accepted or the service is not installed (nothing the tool can do).
/// Throws os::OsFailure when the service cannot be read (the fix engine reports it).
FixPlan plan_start_type_fix(const StartTypeRule& rule, os::ServiceProbe& services);

/// The change that sets a service's start type from what it is now, described in words with `label`
/// (e.g. "Remote Desktop Services (TermService)").
Change start_type_change(const os::ServiceInfo& service, const std::string& label, os::ServiceStartType to);

}  // namespace ic::checks
