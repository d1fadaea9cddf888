// Fuzz target: the Sysprep answer-file reader of the sysprep-file check (read_answer_file, pugixml), which
// the check applies to the launch agent's unattend.xml after the size guard.
// Invariants: a file is well formed or says where it is not; the computer-name prefix is at most 8
// letters, digits and hyphens, in upper case; the problems of a custom name are empty exactly when
// ComputerName is "*" and both registered names are set; and the three settings written back by
// pugixml into a minimal answer file (UTF-8, then UTF-16 with its byte-order mark) read the same.
#include "fuzz_support.h"

#include <cctype>
#include <sstream>

#include <pugixml.hpp>

#include "windows/sysprep_file_check.h"

using namespace ic::checks;

namespace {

std::string written_back(const AnswerFileContent& content, pugi::xml_encoding encoding) {
    pugi::xml_document document;
    pugi::xml_node unattend = document.append_child("unattend");
    unattend.append_attribute("xmlns") = "urn:schemas-microsoft-com:unattend";
    pugi::xml_node settings = unattend.append_child("settings");
    settings.append_attribute("pass") = "specialize";
    pugi::xml_node component = settings.append_child("component");
    component.append_attribute("name") = "Microsoft-Windows-Shell-Setup";
    const auto write = [&](const char* name, const std::optional<std::string>& value) {
        if (!value) return;
        pugi::xml_node element = component.append_child(name);
        if (value->empty()) return;
        // Text that is only white space is dropped by the reader, so it goes in CDATA (which could not
        // hold "]]>", but white space never does); any other text as escaped text.
        const bool blank = value->find_first_not_of(" \t\n\r") == std::string::npos;
        element.append_child(blank ? pugi::node_cdata : pugi::node_pcdata).set_value(value->c_str());
    };
    write("ComputerName", content.computer_name);
    write("RegisteredOrganization", content.registered_organization);
    write("RegisteredOwner", content.registered_owner);
    std::ostringstream out;
    document.save(out, "  ", pugi::format_default | pugi::format_write_bom, encoding);
    return out.str();
}

bool has_nul(const std::optional<std::string>& value) { return value && value->find('\0') != std::string::npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const AnswerFileContent content = read_answer_file(ic::fuzz::text(data, size));
    IC_FUZZ_CHECK(content.well_formed == content.parse_error.empty(), "a file is well formed, or says where it is not");
    if (!content.well_formed) {
        IC_FUZZ_CHECK(!content.computer_name && !content.registered_organization && !content.registered_owner,
                      "nothing is read from a file that is not well formed");
        return 0;
    }
    const std::string prefix = content.computer_name_prefix();
    IC_FUZZ_CHECK(prefix.size() <= 8, "a computer-name prefix is at most 8 characters");
    for (char c : prefix)
        IC_FUZZ_CHECK((std::isdigit(static_cast<unsigned char>(c)) != 0 || std::isupper(static_cast<unsigned char>(c)) != 0 || c == '-'),
                      "a computer-name prefix holds upper-case letters, digits and hyphens");
    const bool complete = content.computer_name == std::string("*") && content.registered_organization &&
                          !content.registered_organization->empty() && content.registered_owner && !content.registered_owner->empty();
    IC_FUZZ_CHECK(content.custom_name_problems().empty() == complete,
                  "a custom name has no problem exactly when ComputerName is * and both names are set");

    // pugixml reads a value up to an embedded NUL; such a value cannot be written back whole.
    if (has_nul(content.computer_name) || has_nul(content.registered_organization) || has_nul(content.registered_owner)) return 0;
    // Bytes that are not UTF-8 pass through a UTF-8 file as they are, but cannot be converted to UTF-16.
    const bool utf8 = ic::fuzz::valid_utf8(content.computer_name.value_or("")) &&
                      ic::fuzz::valid_utf8(content.registered_organization.value_or("")) &&
                      ic::fuzz::valid_utf8(content.registered_owner.value_or(""));
    for (const auto encoding : {pugi::encoding_utf8, pugi::encoding_utf16_le}) {
        if (encoding == pugi::encoding_utf16_le && !utf8) continue;
        const AnswerFileContent again = read_answer_file(written_back(content, encoding));
        IC_FUZZ_CHECK(again.well_formed, "the settings written back make a well-formed file");
        IC_FUZZ_CHECK(again.computer_name == content.computer_name && again.registered_organization == content.registered_organization &&
                          again.registered_owner == content.registered_owner,
                      "the settings written back read the same");
    }
    return 0;
}
