// Fuzz target: the os-release reader of the Linux probe (parse_os_release, which HostProbe::os() applies
// to /etc/os-release after the size guard). The Linux config readers of issue 9 replace or extend it.
// Invariants: the facts it keeps hold no line break; written back as an os-release file (KEY="value")
// and read again, they are the same.
#include "fuzz_support.h"

#include "os_release.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ic::os::OsFacts facts = ic::os::parse_os_release(ic::fuzz::text(data, size));
    IC_FUZZ_CHECK(facts.family == ic::os::OsFamily::Linux, "an os-release file describes Linux");
    for (const auto* field : {&facts.product_name, &facts.version, &facts.edition})
        IC_FUZZ_CHECK(field->find('\n') == std::string::npos, "a field is one line");
    const std::string written =
        "PRETTY_NAME=\"" + facts.product_name + "\"\nVERSION_ID=\"" + facts.version + "\"\nVARIANT_ID=\"" + facts.edition + "\"\n";
    const ic::os::OsFacts again = ic::os::parse_os_release(written);
    IC_FUZZ_CHECK(again.product_name == facts.product_name && again.version == facts.version && again.edition == facts.edition,
                  "facts written back as os-release read the same");
    return 0;
}
