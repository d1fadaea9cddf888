// The one list of checks ImageChecker runs, in the order they run and are shown.
// Explicit on purpose: self-registering checks in a static library are silently dropped by the linker.
#include "imagechecker/check_registry.h"
#include "windows/drives_check.h"
#include "windows/free_space_check.h"
#include "windows/pending_reboot_check.h"

namespace ic {

const CheckRegistry& builtin_checks() {
    static const CheckRegistry kRegistry = [] {
        CheckRegistry registry;
        registry.add<checks::DrivesCheck>();
        registry.add<checks::PendingRebootCheck>();
        registry.add<checks::FreeSpaceCheck>();
        return registry;
    }();
    return kRegistry;
}

}  // namespace ic
