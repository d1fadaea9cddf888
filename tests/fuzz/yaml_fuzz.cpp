// Fuzz target: the YAML subset reader and the netplan reader of checks/linux/linux_parsers.h
// (parse_yaml_subset, parse_netplan), which the Linux network check applies to /etc/netplan/*.yaml.
// Invariants: every problem names its line; nothing is nested deeper than kMaxYamlNesting; the tree written
// back as block YAML (every scalar double-quoted, "-" alone on a line before a nested list item, {} and []
// for empty ones) reads back as the same tree with no problem; netplan's static addresses are IPv4
// addresses and each interface comes from a group of the file.
#include "fuzz_support.h"

#include <algorithm>

#include "linux/linux_parsers.h"

using namespace ic::checks;

namespace {

std::string quoted(const std::string& scalar) {
    std::string out = "\"";
    for (char c : scalar) {
        if (c == '"' || c == '\\') out += '\\', out += c;
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else out += c;
    }
    return out + "\"";
}

bool empty_container(const YamlNode& node) {
    return (node.kind == YamlNode::Kind::List && node.items.empty()) || (node.kind == YamlNode::Kind::Map && node.entries.empty());
}

std::string inline_form(const YamlNode& node) {
    switch (node.kind) {
        case YamlNode::Kind::Null: return "";
        case YamlNode::Kind::Scalar: return quoted(node.scalar);
        case YamlNode::Kind::List: return "[]";
        case YamlNode::Kind::Map: return "{}";
    }
    return "";
}

// Writes `node` as the lines of a block at `indent`.
void write_block(const YamlNode& node, int indent, std::string& out) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    if (node.kind == YamlNode::Kind::List && !node.items.empty()) {
        for (const auto& item : node.items) {
            if (item.kind == YamlNode::Kind::Scalar || empty_container(item)) {
                out += pad + "- " + inline_form(item) + "\n";
            } else {
                out += pad + "-\n";
                write_block(item, indent + 2, out);
            }
        }
    } else if (node.kind == YamlNode::Kind::Map && !node.entries.empty()) {
        for (const auto& [key, value] : node.entries) {
            if (value.kind == YamlNode::Kind::Null) {
                out += pad + quoted(key) + ":\n";
            } else if (value.kind == YamlNode::Kind::Scalar || empty_container(value)) {
                out += pad + quoted(key) + ": " + inline_form(value) + "\n";
            } else {
                out += pad + quoted(key) + ":\n";
                write_block(value, indent + 2, out);
            }
        }
    } else if (node.kind != YamlNode::Kind::Null) {
        out += pad + inline_form(node) + "\n";
    }
}

bool same(const YamlNode& a, const YamlNode& b) {
    if (a.kind != b.kind || a.scalar != b.scalar || a.items.size() != b.items.size() || a.entries.size() != b.entries.size()) return false;
    for (std::size_t i = 0; i < a.items.size(); ++i)
        if (!same(a.items[i], b.items[i])) return false;
    for (std::size_t i = 0; i < a.entries.size(); ++i)
        if (a.entries[i].first != b.entries[i].first || !same(a.entries[i].second, b.entries[i].second)) return false;
    return true;
}

int depth_of(const YamlNode& node) {
    int deepest = 0;
    for (const auto& item : node.items) deepest = std::max(deepest, depth_of(item));
    for (const auto& entry : node.entries) deepest = std::max(deepest, depth_of(entry.second));
    return deepest + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input = ic::fuzz::text(data, size);
    const YamlDocument doc = parse_yaml_subset(input);
    for (const auto& problem : doc.problems) IC_FUZZ_CHECK(problem.compare(0, 5, "line ") == 0, "a problem names its line");
    IC_FUZZ_CHECK(depth_of(doc.root) <= kMaxYamlNesting, "nothing is nested deeper than the limit");

    // Block form costs the reader one level more than the tree's depth (a scalar list item is a block and
    // a value), so a tree at the limit may not fit in block form.
    if (depth_of(doc.root) < kMaxYamlNesting) {
        std::string written;
        write_block(doc.root, 0, written);
        const YamlDocument again = parse_yaml_subset(written);
        IC_FUZZ_CHECK(again.problems.empty(), "the tree written back as block YAML reads without a problem: " +
                                                  (again.problems.empty() ? std::string() : again.problems.front()));
        IC_FUZZ_CHECK(same(doc.root, again.root), "the tree written back as block YAML reads as the same tree");
    }

    const NetworkFile netplan = parse_netplan(input);
    for (const auto& config : netplan.interfaces) {
        IC_FUZZ_CHECK(config.source.find('.') != std::string::npos, "a netplan interface is named by its group and id");
        for (const auto& address : config.static_addresses) IC_FUZZ_CHECK(is_ipv4_address(address), "a static address is an IPv4 address");
    }
    return 0;
}
