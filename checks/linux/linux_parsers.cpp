#include "linux_parsers.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace ic::checks {

namespace {

// ---- Text helpers ----

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::string line;
    std::istringstream in(text);
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::vector<std::string> fields_of(const std::string& line) {
    std::vector<std::string> fields;
    std::istringstream in(line);
    for (std::string f; in >> f;) fields.push_back(f);
    return fields;
}

// With the same white space as fields_of (std::isspace: a form feed or vertical tab too), so that a line
// whose first field starts with '#' is a comment whatever white space comes before it.
bool is_comment_or_blank(const std::string& line) {
    const auto first = std::find_if(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c) == 0; });
    return first == line.end() || *first == '#';
}

// Shell-style unquoting of one value: "…" (with \" \\ \$ \` escapes), '…', and bare words.
std::string shell_unquote(const std::string& raw) {
    std::string out;
    std::size_t i = 0;
    const std::string v = trim(raw);
    while (i < v.size()) {
        const char c = v[i];
        if (c == '"') {
            ++i;
            while (i < v.size() && v[i] != '"') {
                if (v[i] == '\\' && i + 1 < v.size() && std::string("\"\\$`").find(v[i + 1]) != std::string::npos) ++i;
                out += v[i++];
            }
            ++i;
        } else if (c == '\'') {
            ++i;
            while (i < v.size() && v[i] != '\'') out += v[i++];
            ++i;
        } else if (c == '\\' && i + 1 < v.size()) {
            out += v[i + 1];
            i += 2;
        } else if (c == ' ' || c == '\t') {
            break;  // an unquoted space ends the value; what follows is a command or a comment
        } else {
            out += v[i++];
        }
    }
    return out;
}

// fstab's octal escapes: \040 is a space, \011 a tab, \134 a backslash.
std::string decode_octal(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isdigit(static_cast<unsigned char>(s[i + 2])) && std::isdigit(static_cast<unsigned char>(s[i + 3]))) {
            out += static_cast<char>(((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0')) & 0xFF);
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<bool> yes_no(const std::string& value) {
    const std::string v = lower(trim(value));
    if (v == "true" || v == "yes" || v == "on" || v == "y" || v == "1") return true;
    if (v == "false" || v == "no" || v == "off" || v == "n" || v == "0") return false;
    return std::nullopt;
}

// "10.0.0.5/24,10.0.0.1" (NetworkManager's address1) and "10.0.0.5/24 via …": the address part.
std::string address_part(const std::string& value) {
    std::string v = trim(value);
    const auto cut = v.find_first_of(", \t");
    return cut == std::string::npos ? v : v.substr(0, cut);
}

}  // namespace

// ---- Key=value files ----

std::map<std::string, std::string> parse_os_release(const std::string& text) {
    std::map<std::string, std::string> values;
    for (const auto& a : parse_shell_assignments(text)) values[a.key] = a.value;
    return values;
}

std::vector<ShellAssignment> parse_shell_assignments(const std::string& text) {
    std::vector<ShellAssignment> out;
    int number = 0;
    for (const auto& raw : lines_of(text)) {
        ++number;
        std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        if (line.compare(0, 7, "export ") == 0) line = trim(line.substr(7));
        const auto eq = line.find('=');
        if (eq == std::string::npos || eq == 0) continue;
        const std::string key = line.substr(0, eq);
        const bool valid_key = std::all_of(key.begin(), key.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; }) &&
                               !std::isdigit(static_cast<unsigned char>(key[0]));
        if (!valid_key) continue;
        out.push_back({key, shell_unquote(line.substr(eq + 1)), number});
    }
    return out;
}

// ---- Mount tables ----

namespace {

// The lines of a mount table that hold an entry (at least two fields), split into fields, with their
// 1-based line numbers; comments and blank lines are skipped.
std::vector<std::pair<int, std::vector<std::string>>> table_rows(const std::string& text) {
    std::vector<std::pair<int, std::vector<std::string>>> rows;
    int number = 0;
    for (const auto& line : lines_of(text)) {
        ++number;
        if (is_comment_or_blank(line)) continue;
        auto f = fields_of(line);
        if (f.size() < 2) continue;
        f.resize(4);  // the third and fourth fields are "" when the line leaves them out
        rows.emplace_back(number, std::move(f));
    }
    return rows;
}

}  // namespace

std::vector<FstabEntry> parse_fstab(const std::string& text) {
    std::vector<FstabEntry> out;
    for (const auto& [number, f] : table_rows(text)) out.push_back({decode_octal(f[0]), decode_octal(f[1]), f[2], f[3], number});
    return out;
}

std::vector<CrypttabEntry> parse_crypttab(const std::string& text) {
    std::vector<CrypttabEntry> out;
    for (const auto& [number, f] : table_rows(text)) out.push_back({f[0], f[1], f[2], f[3], number});
    return out;
}

// ---- INI-style files ----

std::vector<IniEntry> parse_ini(const std::string& text) {
    std::vector<IniEntry> out;
    std::string section;
    const auto lines = lines_of(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const int number = static_cast<int>(i) + 1;
        std::string line = trim(lines[i]);
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        if (line.front() == '[') {
            const auto close = line.find(']');
            section = close == std::string::npos ? line.substr(1) : line.substr(1, close - 1);
            continue;
        }
        // systemd joins a line ending in a backslash with the next one.
        while (!line.empty() && line.back() == '\\' && i + 1 < lines.size()) {
            line.pop_back();
            line += " " + trim(lines[++i]);
        }
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        out.push_back({section, trim(line.substr(0, eq)), trim(line.substr(eq + 1)), number});
    }
    return out;
}

std::vector<std::string> ini_values(const std::vector<IniEntry>& entries, const std::string& section, const std::string& key) {
    std::vector<std::string> values;
    for (const auto& e : entries)
        if (e.section == section && e.key == key) values.push_back(e.value);
    return values;
}

// ---- YAML subset ----

const YamlNode* YamlNode::get(const std::string& key) const {
    if (kind != Kind::Map) return nullptr;
    for (const auto& [k, v] : entries)
        if (k == key) return &v;
    return nullptr;
}

namespace {

struct YamlLine {
    int indent = 0;
    std::string content;
    int number = 0;
};

// Where a quoted scalar that opens at `open` (a '"' or a '\'') closes: the index of its closing quote,
// or npos. Inside "…" a backslash escapes the next character; inside '…' a doubled '' is a quote.
std::size_t closing_quote(const std::string& text, std::size_t open) {
    const char quote = text[open];
    for (std::size_t i = open + 1; i < text.size(); ++i) {
        if (quote == '"' && text[i] == '\\') {
            ++i;
        } else if (text[i] == quote) {
            if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                ++i;
                continue;
            }
            return i;
        }
    }
    return std::string::npos;
}

// Removes a comment: '#' at the start or after a space, outside quotes.
std::string strip_yaml_comment(const std::string& line) {
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"' || c == '\'') {
            if (i == 0 || line[i - 1] == ' ' || line[i - 1] == '[' || line[i - 1] == ',' || line[i - 1] == ':' || line[i - 1] == '-') {
                const std::size_t close = closing_quote(line, i);
                if (close == std::string::npos) return line;  // an unclosed quote runs to the end of the line
                i = close;
            }
        } else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
            return line.substr(0, i);
        }
    }
    return line;
}

std::string yaml_scalar(const std::string& raw) {
    const std::string v = trim(raw);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        std::string out;
        for (std::size_t i = 1; i + 1 < v.size(); ++i) {
            if (v[i] == '\\' && i + 2 < v.size()) {
                const char n = v[++i];
                out += n == 'n' ? '\n' : n == 't' ? '\t' : n;
            } else {
                out += v[i];
            }
        }
        return out;
    }
    if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') {
        std::string out;
        for (std::size_t i = 1; i + 1 < v.size(); ++i) {
            out += v[i];
            if (v[i] == '\'' && v[i + 1] == '\'') ++i;
        }
        return out;
    }
    return v;
}

// Splits "a, b, [c]" at commas outside quotes and brackets.
std::vector<std::string> split_flow(const std::string& inner) {
    std::vector<std::string> parts;
    std::string part;
    int depth = 0;
    for (std::size_t i = 0; i < inner.size(); ++i) {
        const char c = inner[i];
        if (c == '"' || c == '\'') {
            const std::size_t close = closing_quote(inner, i);
            const std::size_t end = close == std::string::npos ? inner.size() : close + 1;
            part.append(inner, i, end - i);
            i = end - 1;
        } else if (c == '[' || c == '{') {
            ++depth;
            part += c;
        } else if (c == ']' || c == '}') {
            --depth;
            part += c;
        } else if (c == ',' && depth == 0) {
            parts.push_back(trim(part));
            part.clear();
        } else {
            part += c;
        }
    }
    if (!trim(part).empty()) parts.push_back(trim(part));
    return parts;
}

// Where "key: value" splits: the first ':' followed by a space or the end, outside quotes.
std::optional<std::size_t> mapping_colon(const std::string& content) {
    if (content.empty() || content[0] == '[' || content[0] == '{') return std::nullopt;
    for (std::size_t i = 0; i < content.size(); ++i) {
        const char c = content[i];
        if ((c == '"' || c == '\'') && i == 0) {
            const std::size_t close = closing_quote(content, 0);
            if (close == std::string::npos) return std::nullopt;
            i = close;
        } else if (c == ':' && (i + 1 == content.size() || content[i + 1] == ' ' || content[i + 1] == '\t')) {
            return i;
        }
    }
    return std::nullopt;
}

class YamlParser {
public:
    YamlParser(std::vector<YamlLine> lines, std::vector<std::string>& problems) : lines_(std::move(lines)), problems_(problems) {}

    YamlNode parse_document() {
        if (lines_.empty()) return {};
        YamlNode root = parse_block(lines_[0].indent);
        while (pos_ < lines_.size()) {  // lines the structure could not place
            problem(lines_[pos_], "unexpected indentation");
            ++pos_;
        }
        return root;
    }

private:
    void problem(const YamlLine& line, const std::string& what) {
        problems_.push_back("line " + std::to_string(line.number) + ": " + what);
    }

    /// Counts the nesting of the node being read; the parser recurses once per level, so the limit keeps a
    /// crafted file ("- - - - …", "[[[[…") from exhausting the stack or costing time quadratic in its size.
    class Nesting {
    public:
        explicit Nesting(int& depth) : depth_(depth) { ++depth_; }
        ~Nesting() { --depth_; }
        Nesting(const Nesting&) = delete;
        Nesting& operator=(const Nesting&) = delete;
        [[nodiscard]] bool too_deep() const { return depth_ > kMaxYamlNesting; }

    private:
        int& depth_;
    };

    void too_deep(const YamlLine& line) {
        problem(line, "nested more than " + std::to_string(kMaxYamlNesting) + " levels deep; what is deeper is not read");
    }

    YamlNode inline_value(const std::string& raw, const YamlLine& line) {
        const Nesting nesting(depth_);
        if (nesting.too_deep()) {
            too_deep(line);
            return {};
        }
        const std::string v = trim(raw);
        YamlNode node;
        if (v.empty() || v == "~" || v == "null") return node;
        if (v.front() == '[') {
            node.kind = YamlNode::Kind::List;
            if (v.back() != ']') {
                problem(line, "a flow list that does not close on its line");
                return node;
            }
            for (const auto& part : split_flow(v.substr(1, v.size() - 2))) node.items.push_back(inline_value(part, line));
            return node;
        }
        if (v.front() == '{') {
            node.kind = YamlNode::Kind::Map;
            if (v.back() != '}') {
                problem(line, "a flow mapping that does not close on its line");
                return node;
            }
            for (const auto& part : split_flow(v.substr(1, v.size() - 2))) {
                const auto colon = mapping_colon(part);
                if (!colon) {
                    problem(line, "a flow mapping entry without a key");
                    continue;
                }
                node.entries.emplace_back(yaml_scalar(part.substr(0, *colon)), inline_value(part.substr(*colon + 1), line));
            }
            return node;
        }
        if (v.front() == '&' || v.front() == '*' || v.front() == '|' || v.front() == '>' || v.front() == '!')
            problem(line, "anchors, aliases, tags and block scalars are not read");
        node.kind = YamlNode::Kind::Scalar;
        node.scalar = yaml_scalar(v);
        return node;
    }

    // The node made of the lines at `indent` starting at pos_.
    YamlNode parse_block(int indent) {
        if (pos_ >= lines_.size()) return {};
        const Nesting nesting(depth_);
        if (nesting.too_deep()) {
            too_deep(lines_[pos_]);
            while (pos_ < lines_.size() && lines_[pos_].indent >= indent) ++pos_;  // this block and what it holds
            return {};
        }
        const YamlLine& first = lines_[pos_];
        if (first.content == "-" || first.content.compare(0, 2, "- ") == 0) return parse_list(indent);
        if (mapping_colon(first.content)) return parse_map(indent);
        ++pos_;
        return inline_value(first.content, first);
    }

    YamlNode parse_list(int indent) {
        YamlNode node;
        node.kind = YamlNode::Kind::List;
        while (pos_ < lines_.size() && lines_[pos_].indent == indent &&
               (lines_[pos_].content == "-" || lines_[pos_].content.compare(0, 2, "- ") == 0)) {
            YamlLine line = lines_[pos_];
            std::string rest = line.content.size() > 1 ? line.content.substr(2) : "";
            const int lead = static_cast<int>(rest.size() - trim(rest).size() + 0);
            rest = trim(rest);
            if (rest.empty()) {
                ++pos_;
                node.items.push_back(pos_ < lines_.size() && lines_[pos_].indent > indent ? parse_block(lines_[pos_].indent) : YamlNode{});
                continue;
            }
            // "- key: value" opens a mapping whose keys line up with "key".
            lines_[pos_] = YamlLine{indent + 2 + lead, rest, line.number};
            node.items.push_back(parse_block(indent + 2 + lead));
        }
        return node;
    }

    YamlNode parse_map(int indent) {
        YamlNode node;
        node.kind = YamlNode::Kind::Map;
        while (pos_ < lines_.size() && lines_[pos_].indent == indent) {
            const YamlLine line = lines_[pos_];
            const auto colon = mapping_colon(line.content);
            if (!colon) {
                problem(line, "expected \"key: value\"");
                ++pos_;
                continue;
            }
            const std::string key = yaml_scalar(line.content.substr(0, *colon));
            const std::string value = trim(line.content.substr(*colon + 1));
            ++pos_;
            if (!value.empty()) {
                node.entries.emplace_back(key, inline_value(value, line));
            } else if (pos_ < lines_.size() && lines_[pos_].indent > indent) {
                node.entries.emplace_back(key, parse_block(lines_[pos_].indent));
            } else if (pos_ < lines_.size() && lines_[pos_].indent == indent &&
                       (lines_[pos_].content == "-" || lines_[pos_].content.compare(0, 2, "- ") == 0)) {
                node.entries.emplace_back(key, parse_list(indent));  // a list may sit at its key's indentation
            } else {
                node.entries.emplace_back(key, YamlNode{});
            }
        }
        return node;
    }

    std::vector<YamlLine> lines_;
    std::vector<std::string>& problems_;
    std::size_t pos_ = 0;
    int depth_ = 0;
};

}  // namespace

YamlDocument parse_yaml_subset(const std::string& text) {
    YamlDocument doc;
    std::vector<YamlLine> lines;
    int number = 0;
    for (const auto& raw : lines_of(text)) {
        ++number;
        const std::string no_comment = strip_yaml_comment(raw);
        if (trim(no_comment).empty()) continue;
        if (trim(no_comment) == "---" || trim(no_comment) == "...") {
            if (!lines.empty()) doc.problems.push_back("line " + std::to_string(number) + ": only the first document is read");
            if (!lines.empty()) break;
            continue;
        }
        const auto first = no_comment.find_first_not_of(' ');
        if (no_comment[first] == '\t') {
            doc.problems.push_back("line " + std::to_string(number) + ": a tab in the indentation");
            continue;
        }
        std::string content = no_comment.substr(first);
        while (!content.empty() && (content.back() == ' ' || content.back() == '\t')) content.pop_back();
        lines.push_back({static_cast<int>(first), content, number});
    }
    YamlParser parser(std::move(lines), doc.problems);
    doc.root = parser.parse_document();
    return doc;
}

// ---- Network configurations ----

bool is_ipv4_address(const std::string& text) {
    std::string t = trim(text);
    if (const auto slash = t.find('/'); slash != std::string::npos) {
        const std::string prefix = t.substr(slash + 1);
        if (prefix.empty() || prefix.size() > 2 || !std::all_of(prefix.begin(), prefix.end(), is_digit) || std::stoi(prefix) > 32) return false;
        t = t.substr(0, slash);
    }
    int parts = 0;
    std::string part;
    for (char c : t + ".") {
        if (c == '.') {
            if (part.empty() || part.size() > 3 || std::stoi(part) > 255) return false;
            ++parts;
            part.clear();
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            part += c;
        } else {
            return false;
        }
    }
    return parts == 4;
}

NetworkFile parse_netplan(const std::string& text) {
    NetworkFile file;
    YamlDocument doc = parse_yaml_subset(text);
    file.problems = doc.problems;
    const YamlNode* network = doc.root.get("network");
    if (network == nullptr) return file;
    for (const char* kind : {"ethernets", "wifis", "bonds", "bridges", "vlans", "modems", "tunnels", "vrfs", "dummy-devices"}) {
        const YamlNode* group = network->get(kind);
        if (group == nullptr || group->kind != YamlNode::Kind::Map) continue;
        for (const auto& [id, settings] : group->entries) {
            InterfaceConfig config;
            config.interface = id;
            config.source = std::string(kind) + "." + id;
            if (const YamlNode* set_name = settings.get("set-name"); set_name && set_name->kind == YamlNode::Kind::Scalar)
                config.interface = set_name->scalar;
            else if (const YamlNode* match = settings.get("match"))
                if (const YamlNode* name = match->get("name"); name && name->kind == YamlNode::Kind::Scalar) config.interface = name->scalar;
            if (const YamlNode* dhcp = settings.get("dhcp4"); dhcp && dhcp->kind == YamlNode::Kind::Scalar) config.dhcp4 = yes_no(dhcp->scalar);
            if (const YamlNode* addresses = settings.get("addresses"); addresses && addresses->kind == YamlNode::Kind::List) {
                for (const auto& item : addresses->items) {
                    // An address is a scalar, or (netplan 0.104+) a mapping whose single key is the address.
                    const std::string a = item.kind == YamlNode::Kind::Scalar ? item.scalar
                                          : item.kind == YamlNode::Kind::Map && !item.entries.empty() ? item.entries.front().first
                                                                                                      : std::string{};
                    if (is_ipv4_address(a)) config.static_addresses.push_back(a);
                }
            }
            config.loopback = config.interface == "lo" || std::string(kind) == "tunnels" || std::string(kind) == "dummy-devices";
            file.interfaces.push_back(config);
        }
    }
    return file;
}

NetworkFile parse_nm_keyfile(const std::string& text) {
    NetworkFile file;
    const auto entries = parse_ini(text);
    auto first = [&](const std::string& section, const std::string& key) {
        const auto values = ini_values(entries, section, key);
        return values.empty() ? std::string{} : values.front();
    };
    InterfaceConfig config;
    const std::string id = first("connection", "id");
    const std::string type = lower(first("connection", "type"));
    config.interface = first("connection", "interface-name");
    if (config.interface.empty()) config.interface = id.empty() ? "(any interface)" : id;
    config.source = "connection '" + id + "'";
    config.loopback = type == "loopback" || type == "vpn" || type == "wireguard" || type == "tun" || type == "dummy" || config.interface == "lo";
    const std::string method = lower(first("ipv4", "method"));
    config.dhcp4 = method.empty() || method == "auto";
    for (const auto& e : entries) {
        if (e.section != "ipv4") continue;
        const bool numbered = e.key.compare(0, 7, "address") == 0 && e.key != "addresses" &&
                              std::all_of(e.key.begin() + 7, e.key.end(), is_digit);
        if (numbered || e.key == "addresses") {
            std::string list = e.value;
            std::replace(list.begin(), list.end(), ';', ' ');
            std::istringstream in(list);
            for (std::string a; in >> a;)
                if (is_ipv4_address(address_part(a))) config.static_addresses.push_back(address_part(a));
        }
    }
    if (method != "manual") config.static_addresses.clear();  // addresses are ignored unless the method is manual
    file.interfaces.push_back(config);
    return file;
}

NetworkFile parse_ifcfg(const std::string& text) {
    NetworkFile file;
    std::map<std::string, std::string> v;
    for (const auto& a : parse_shell_assignments(text)) v[a.key] = a.value;
    InterfaceConfig config;
    config.interface = !v["DEVICE"].empty() ? v["DEVICE"] : v["NAME"];
    config.source = "DEVICE=" + config.interface;
    const std::string proto = lower(v["BOOTPROTO"]);
    if (proto == "dhcp" || proto == "bootp") config.dhcp4 = true;
    else config.dhcp4 = false;  // none, static, or absent (ifcfg's default is no DHCP)
    for (const auto& [key, value] : v) {
        const bool ip = key == "IPADDR" || (key.compare(0, 6, "IPADDR") == 0 && std::all_of(key.begin() + 6, key.end(), is_digit));
        if (!ip || !is_ipv4_address(value)) continue;
        // PREFIXn gives IPADDRn its length; a PREFIX that is not one, or an address that has its own, is left out.
        const std::string address = value.find('/') == std::string::npos ? value + "/" + v["PREFIX" + key.substr(6)] : value;
        config.static_addresses.push_back(is_ipv4_address(address) ? address : value);
    }
    config.loopback = config.interface == "lo";
    file.interfaces.push_back(config);
    return file;
}

NetworkFile parse_networkd(const std::string& text) {
    NetworkFile file;
    const auto entries = parse_ini(text);
    InterfaceConfig config;
    auto names = ini_values(entries, "Match", "Name");
    // An empty Name= empties the list of names given before it (systemd.network(5)).
    const auto reset = std::find(names.rbegin(), names.rend(), std::string());
    if (reset != names.rend()) names.erase(names.begin(), reset.base());
    config.interface = names.empty() ? "(every interface it matches)" : names.front();
    config.source = "[Match] Name=" + (names.empty() ? std::string("(none)") : names.front());
    const auto dhcp = ini_values(entries, "Network", "DHCP");
    if (!dhcp.empty()) {
        const std::string d = lower(dhcp.back());
        config.dhcp4 = d == "yes" || d == "ipv4" || d == "true" || d == "both" || d == "v4";
    }
    for (const char* section : {"Network", "Address"})
        for (const auto& a : ini_values(entries, section, "Address"))
            if (is_ipv4_address(address_part(a))) config.static_addresses.push_back(address_part(a));
    config.loopback = config.interface == "lo";
    file.interfaces.push_back(config);
    return file;
}

NetworkFile parse_ifupdown(const std::string& text) {
    NetworkFile file;
    InterfaceConfig* current = nullptr;
    int number = 0;
    for (const auto& line : lines_of(text)) {
        ++number;
        if (is_comment_or_blank(line)) continue;
        const auto f = fields_of(line);
        if (f.empty()) continue;  // only white space other than blanks and tabs
        const std::string& word = f[0];
        if (word == "iface" && f.size() >= 4) {
            InterfaceConfig config;
            config.interface = f[1];
            config.source = "iface " + f[1] + " " + f[2] + " " + f[3] + " (line " + std::to_string(number) + ")";
            config.loopback = f[3] == "loopback" || f[1] == "lo";
            if (f[2] == "inet") config.dhcp4 = f[3] == "dhcp" || f[3] == "bootp";
            file.interfaces.push_back(config);
            current = f[2] == "inet" ? &file.interfaces.back() : nullptr;
        } else if (word == "auto" || word == "mapping" || word == "source" || word == "source-directory" || word.compare(0, 6, "allow-") == 0 ||
                   word == "iface") {
            current = nullptr;
        } else if (current != nullptr && word == "address" && f.size() >= 2 && is_ipv4_address(f[1])) {
            current->static_addresses.push_back(f[1]);
        }
    }
    return file;
}

// ---- What points into /home ----

std::vector<HomeReference> home_references(const std::string& text) {
    std::vector<HomeReference> out;
    int number = 0;
    for (const auto& line : lines_of(text)) {
        ++number;
        const std::string t = trim(line);
        if (t.empty() || t[0] == '#' || t[0] == ';') continue;
        for (std::size_t at = t.find("/home"); at != std::string::npos; at = t.find("/home", at + 5)) {
            const bool starts = at == 0 || std::string(" \t=:\"'(,;").find(t[at - 1]) != std::string::npos;
            const std::size_t after = at + 5;
            const bool whole = after == t.size() || std::string("/ \t\"':;,)").find(t[after]) != std::string::npos;
            if (!starts || !whole) continue;
            std::size_t end = after;
            while (end < t.size() && std::string(" \t\"':;,)").find(t[end]) == std::string::npos) ++end;
            out.push_back({number, t.substr(at, end - at), t});
        }
    }
    return out;
}

std::vector<HomeReference> ini_home_references(const std::string& text, const std::vector<std::string>& key_prefixes) {
    std::vector<HomeReference> out;
    for (const auto& e : parse_ini(text)) {
        const bool wanted = std::any_of(key_prefixes.begin(), key_prefixes.end(),
                                        [&](const std::string& p) { return e.key.compare(0, p.size(), p) == 0; });
        if (!wanted) continue;
        for (auto ref : home_references(e.value)) {
            ref.line = e.line;
            ref.context = e.key + "=" + e.value;
            out.push_back(ref);
        }
    }
    return out;
}

std::vector<std::pair<int, std::string>> parse_crontab_commands(const std::string& text, bool system_format) {
    std::vector<std::pair<int, std::string>> out;
    int number = 0;
    for (const auto& line : lines_of(text)) {
        ++number;
        if (is_comment_or_blank(line)) continue;
        const auto f = fields_of(line);
        const auto not_space = [](unsigned char c) { return std::isspace(c) == 0; };
        const std::string t(std::find_if(line.begin(), line.end(), not_space), std::find_if(line.rbegin(), line.rend(), not_space).base());
        const auto eq = t.find('=');
        if (eq != std::string::npos && (f[0].find('=') != std::string::npos || (f.size() > 1 && f[1][0] == '=')) && t[0] != '@' &&
            !std::isdigit(static_cast<unsigned char>(t[0])) && t[0] != '*')
            continue;  // VAR=value
        const std::size_t skip = (t[0] == '@' ? 1 : 5) + (system_format ? 1 : 0);
        if (f.size() <= skip) continue;
        // The command is the rest of the line after the schedule (and the user).
        // Skips `skip` fields with the same notion of white space as fields_of (std::isspace).
        std::size_t pos = 0;
        auto space = [&](std::size_t k) { return std::isspace(static_cast<unsigned char>(t[k])) != 0; };
        for (std::size_t k = 0; k < skip; ++k) {
            while (pos < t.size() && space(pos)) ++pos;
            while (pos < t.size() && !space(pos)) ++pos;
        }
        while (pos < t.size() && space(pos)) ++pos;
        out.emplace_back(number, t.substr(pos));
    }
    return out;
}

}  // namespace ic::checks
