#include "win32_system.h"

namespace ic::os {

std::unique_ptr<System> make_native_system() { return std::make_unique<win32::Win32System>(); }

}  // namespace ic::os
