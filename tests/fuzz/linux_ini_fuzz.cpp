// Fuzz target: the INI-style Linux readers of checks/linux/linux_parsers.h: parse_ini (systemd units,
// .desktop launchers, NetworkManager keyfiles, systemd-networkd files), ini_values, parse_nm_keyfile,
// parse_networkd and ini_home_references, each on the same input.
// Invariants: sections, keys and values are trimmed single lines, a key holds no '=' and a section no ']';
// line numbers rise; the entries written back as "[section]" and "key=value" lines read the same (unless
// a value ends in a backslash or a carriage return, which the format cannot hold at a line's end); ini_values agrees with the
// entries; a keyfile or .network file describes one interface whose static addresses are IPv4
// addresses, and a keyfile whose method is not "manual" has none.
#include "fuzz_support.h"

#include <algorithm>

#include "linux/linux_parsers.h"

using namespace ic::checks;

namespace {

bool trimmed_line(const std::string& s) {
    if (s.find('\n') != std::string::npos) return false;
    return s.empty() || (s.front() != ' ' && s.front() != '\t' && s.back() != ' ' && s.back() != '\t');
}

void check_entries(const std::vector<IniEntry>& entries) {
    int previous = 0;
    bool writable = true;
    std::string written;
    std::string section;
    bool first = true;
    for (const auto& e : entries) {
        IC_FUZZ_CHECK(e.line > previous, "parse_ini: line numbers rise");
        previous = e.line;
        IC_FUZZ_CHECK(trimmed_line(e.key) && trimmed_line(e.value), "a key and a value are trimmed single lines");
        IC_FUZZ_CHECK(e.key.find('=') == std::string::npos, "a key holds no '='");
        IC_FUZZ_CHECK(e.section.find(']') == std::string::npos && e.section.find('\n') == std::string::npos,
                      "a section name is one line without ']'");
        IC_FUZZ_CHECK(e.key.empty() || (e.key[0] != '[' && e.key[0] != '#' && e.key[0] != ';'),
                      "a key does not start like a section or a comment");
        // A value that ends in a backslash continues on the next line, and one that ends in a carriage
        // return loses it as a CRLF line ending: neither can be written as one line of the format.
        if (!e.value.empty() && (e.value.back() == '\\' || e.value.back() == '\r')) writable = false;
        if (first || e.section != section) written += "[" + e.section + "]\n";
        first = false;
        section = e.section;
        written += e.key + "=" + e.value + "\n";
    }
    if (!writable) return;
    const auto again = parse_ini(written);
    IC_FUZZ_CHECK(again.size() == entries.size(), "entries written back are as many");
    for (std::size_t i = 0; i < entries.size(); ++i)
        IC_FUZZ_CHECK(again[i].section == entries[i].section && again[i].key == entries[i].key && again[i].value == entries[i].value,
                      "an entry written back as [section] and key=value reads the same");
}

void check_values(const std::vector<IniEntry>& entries) {
    for (const auto& e : entries) {
        const auto values = ini_values(entries, e.section, e.key);
        const auto expected = static_cast<std::size_t>(std::count_if(
            entries.begin(), entries.end(), [&](const IniEntry& other) { return other.section == e.section && other.key == e.key; }));
        IC_FUZZ_CHECK(values.size() == expected && std::find(values.begin(), values.end(), e.value) != values.end(),
                      "ini_values gives every value of a key in its section");
    }
}

void check_interface(const NetworkFile& file, const char* reader) {
    IC_FUZZ_CHECK(file.interfaces.size() == 1, std::string(reader) + " describes one interface");
    const InterfaceConfig& config = file.interfaces.front();
    IC_FUZZ_CHECK(!config.interface.empty(), std::string(reader) + " names the interface or says that it matches any");
    for (const auto& address : config.static_addresses)
        IC_FUZZ_CHECK(is_ipv4_address(address), std::string(reader) + ": a static address is an IPv4 address");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input = ic::fuzz::text(data, size);
    const auto entries = parse_ini(input);
    check_entries(entries);
    check_values(entries);

    const NetworkFile keyfile = parse_nm_keyfile(input);
    check_interface(keyfile, "parse_nm_keyfile");
    const auto methods = ini_values(entries, "ipv4", "method");
    std::string method = methods.empty() ? std::string() : methods.front();
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (method != "manual")
        IC_FUZZ_CHECK(keyfile.interfaces.front().static_addresses.empty(), "a keyfile whose method is not manual has no static address");
    check_interface(parse_networkd(input), "parse_networkd");

    for (const auto& r : ini_home_references(input, {"Exec", "WorkingDirectory", "Path"})) {
        IC_FUZZ_CHECK(r.path.compare(0, 5, "/home") == 0, "a home reference starts with /home");
        IC_FUZZ_CHECK(r.context.find(r.path) != std::string::npos, "a home reference is part of the setting it names");
        IC_FUZZ_CHECK(r.context.compare(0, 4, "Exec") == 0 || r.context.compare(0, 16, "WorkingDirectory") == 0 ||
                          r.context.compare(0, 4, "Path") == 0,
                      "only the settings asked for are searched");
    }
    return 0;
}
