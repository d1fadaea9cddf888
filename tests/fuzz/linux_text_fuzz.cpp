// Fuzz target: the line-based Linux readers of checks/linux/linux_parsers.h that the Linux checks apply to
// files of the machine under test: parse_shell_assignments and parse_os_release (os-release,
// /etc/environment, /etc/default/*, ifcfg), parse_fstab, parse_crypttab, parse_crontab_commands (user and
// system format), home_references, parse_ifcfg and parse_ifupdown. Every reader gets the same input: a
// line a reader cannot use must be skipped by it, whatever the line was written for.
// Invariants: line numbers rise and name a line of the input; what is read written back in the file's own
// syntax reads the same (assignments, fstab with its octal escapes, crypttab); os-release's map holds the
// last assignment of each key; a crontab command and a /home path are pieces of their line; a static
// address is an IPv4 address.
#include "fuzz_support.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "linux/linux_parsers.h"

using namespace ic::checks;

namespace {

int line_count(const std::string& text) {
    if (text.empty()) return 0;
    return static_cast<int>(std::count(text.begin(), text.end(), '\n')) + (text.back() == '\n' ? 0 : 1);
}

template <typename Entries, typename LineOf>
void check_lines(const Entries& entries, int lines, LineOf line_of, const char* reader) {
    int previous = 0;
    for (const auto& entry : entries) {
        const int line = line_of(entry);
        IC_FUZZ_CHECK(line > previous && line <= lines, std::string(reader) + ": line numbers rise and name a line of the input");
        previous = line;
    }
}

// A value in single quotes, as a shell writes it: ' inside becomes '\''.
std::string single_quoted(const std::string& value) {
    std::string out = "'";
    for (char c : value) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// fstab's escapes for what would split or end a field, start a comment, or be read as an escape.
std::string fstab_field(const std::string& value) {
    std::string out;
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == '\\' || c == '#') {
            char escape[5];
            std::snprintf(escape, sizeof escape, "\\%03o", u);
            out += escape;
        } else {
            out += c;
        }
    }
    return out;
}

bool one_line(const std::string& s) { return s.find('\n') == std::string::npos; }

void check_assignments(const std::string& input, int lines) {
    const auto assignments = parse_shell_assignments(input);
    check_lines(assignments, lines, [](const ShellAssignment& a) { return a.line; }, "parse_shell_assignments");
    std::string written;
    for (const auto& a : assignments) {
        IC_FUZZ_CHECK(!a.key.empty() && one_line(a.value), "a key is a name and a value one line");
        written += a.key + "=" + single_quoted(a.value) + "\n";
    }
    const auto again = parse_shell_assignments(written);
    IC_FUZZ_CHECK(again.size() == assignments.size(), "assignments written back are as many");
    for (std::size_t i = 0; i < again.size(); ++i)
        IC_FUZZ_CHECK(again[i].key == assignments[i].key && again[i].value == assignments[i].value,
                      "an assignment written back in single quotes reads the same");

    const auto os_release = parse_os_release(input);
    for (const auto& a : assignments) IC_FUZZ_CHECK(os_release.count(a.key) == 1, "every assigned key is in os-release's map");
    for (const auto& entry : os_release) {
        const auto last = std::find_if(assignments.rbegin(), assignments.rend(), [&](const ShellAssignment& a) { return a.key == entry.first; });
        IC_FUZZ_CHECK(last != assignments.rend() && last->value == entry.second, "os-release keeps the last assignment of a key");
    }
}

// A table line as mount tables write it: two fields, then the third and fourth when there are any.
std::string table_line(const std::string& first, const std::string& second, const std::string& third, const std::string& fourth) {
    std::string line = first + " " + second;
    if (!third.empty()) line += " " + third;
    if (!fourth.empty()) line += " " + fourth;
    return line + "\n";
}

// The four fields of every entry, written back (by `write`) and read again (by `parse`), are the same.
template <typename Entry>
void check_table_written_back(const std::vector<Entry>& entries, std::vector<Entry> (*parse)(const std::string&),
                              std::string (*write)(const Entry&), std::array<std::string, 4> (*fields)(const Entry&), const char* what) {
    std::string written;
    for (const auto& e : entries) written += write(e);
    const auto again = parse(written);
    IC_FUZZ_CHECK(again.size() == entries.size(), std::string(what) + " entries written back are as many");
    for (std::size_t i = 0; i < entries.size(); ++i)
        IC_FUZZ_CHECK(fields(entries[i]) == fields(again[i]), std::string("every ") + what + " entry written back reads the same");
}

void check_mount_tables(const std::string& input, int lines) {
    const auto fstab = parse_fstab(input);
    check_lines(fstab, lines, [](const FstabEntry& e) { return e.line; }, "parse_fstab");
    for (const auto& e : fstab) {
        IC_FUZZ_CHECK(!e.source.empty() && !e.mount_point.empty(), "an fstab entry has a source and a mount point");
        IC_FUZZ_CHECK(!e.options.empty() ? !e.type.empty() : true, "fstab options come after a type");
    }
    check_table_written_back<FstabEntry>(
        fstab, &parse_fstab,
        [](const FstabEntry& e) { return table_line(fstab_field(e.source), fstab_field(e.mount_point), e.type, e.options); },
        [](const FstabEntry& e) { return std::array<std::string, 4>{e.source, e.mount_point, e.type, e.options}; }, "fstab");

    const auto crypttab = parse_crypttab(input);
    check_lines(crypttab, lines, [](const CrypttabEntry& e) { return e.line; }, "parse_crypttab");
    check_table_written_back<CrypttabEntry>(
        crypttab, &parse_crypttab, [](const CrypttabEntry& e) { return table_line(e.name, e.device, e.key, e.options); },
        [](const CrypttabEntry& e) { return std::array<std::string, 4>{e.name, e.device, e.key, e.options}; }, "crypttab");
}

void check_commands_and_paths(const std::string& input, int lines) {
    for (const bool system_format : {false, true}) {
        const auto commands = parse_crontab_commands(input, system_format);
        check_lines(commands, lines, [](const std::pair<int, std::string>& c) { return c.first; }, "parse_crontab_commands");
        for (const auto& [line, command] : commands) {
            IC_FUZZ_CHECK(!command.empty() && one_line(command), "a crontab command is a non-empty piece of one line");
            IC_FUZZ_CHECK(input.find(command) != std::string::npos, "a crontab command is text of the file");
        }
    }
    const auto references = home_references(input);
    int previous = 0;
    for (const auto& r : references) {
        IC_FUZZ_CHECK(r.line >= previous && r.line >= 1 && r.line <= lines, "home_references: lines in order, in the input");
        previous = r.line;
        IC_FUZZ_CHECK(r.path.compare(0, 5, "/home") == 0, "a home reference starts with /home");
        IC_FUZZ_CHECK(r.context.find(r.path) != std::string::npos, "a home reference is part of the line it names");
    }
}

void check_network(const std::string& input) {
    const NetworkFile ifcfg = parse_ifcfg(input);
    IC_FUZZ_CHECK(ifcfg.interfaces.size() == 1, "an ifcfg file describes one interface");
    IC_FUZZ_CHECK(ifcfg.interfaces.front().dhcp4.has_value(), "an ifcfg file always says whether it uses DHCP");
    for (const NetworkFile& file : {ifcfg, parse_ifupdown(input)}) {
        for (const auto& config : file.interfaces)
            for (const auto& address : config.static_addresses)
                IC_FUZZ_CHECK(is_ipv4_address(address), "a static address is an IPv4 address");
    }
    for (const auto& config : parse_ifupdown(input).interfaces)
        IC_FUZZ_CHECK(!config.interface.empty() && config.interface.find_first_of(" \t\n") == std::string::npos,
                      "an ifupdown interface is one word");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input = ic::fuzz::text(data, size);
    const int lines = line_count(input);
    check_assignments(input, lines);
    check_mount_tables(input, lines);
    check_commands_and_paths(input, lines);
    check_network(input);
    return 0;
}
