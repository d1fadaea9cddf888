#pragma once
// The os-release file (/etc/os-release, /usr/lib/os-release): KEY=value lines, the value optionally in
// single or double quotes. Only the fields OsFacts needs are kept. Fuzzed by tests/fuzz/os_release_fuzz.cpp.
#include <string>

#include "imagechecker/os/system.h"

namespace ic::os {

/// PRETTY_NAME, VERSION_ID and VARIANT_ID of an os-release text (family Linux); lines without '=' are
/// ignored, a later line wins, Windows line ends are tolerated.
OsFacts parse_os_release(const std::string& text);

}  // namespace ic::os
