// imagechecker-cli: the console program over the same engine as the window.
#include <cstdlib>
#include <iostream>

#include "cli.h"
#include "imagechecker/platform.h"
#include "imagechecker/runner.h"

int main(int argc, char** argv) {
    ic::platform::harden_library_loading();  // first: nothing may load a DLL from the download folder
    ic::platform::prepare_console();
    const int code = ic::cli::run(ic::platform::utf8_arguments(argc, argv), std::cout, std::cerr, ic::cli::native_environment());
    std::cout.flush();
    std::cerr.flush();
    // A check that timed out may still be running; static destructors must not race with it.
    if (ic::Runner::abandoned_checks() > 0) std::_Exit(code);
    return code;
}
