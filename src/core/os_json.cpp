#include "os_json.h"

#include <stdexcept>

namespace ic::os {

namespace {

template <typename Enum>
Enum parse_or_throw(std::optional<Enum> parsed, const std::string& text, const char* what) {
    if (!parsed) throw std::invalid_argument(std::string("unknown ") + what + " \"" + text + "\"");
    return *parsed;
}

}  // namespace

void to_json(nlohmann::json& j, const OsError& e) { j = {{"api", e.api}, {"code", e.code}, {"message", e.message}}; }
void from_json(const nlohmann::json& j, OsError& e) {
    e.api = j.at("api").get<std::string>();
    e.code = integer_from<std::int64_t>(j.at("code"));
    e.message = j.value("message", std::string{});
}

void to_json(nlohmann::json& j, const RegistryValue& v) {
    j = {{"type", to_string(v.type)}};
    switch (v.type) {
        case RegistryValueType::String:
        case RegistryValueType::ExpandString: j["text"] = v.text; break;
        case RegistryValueType::MultiString: j["lines"] = v.lines; break;
        case RegistryValueType::Dword:
        case RegistryValueType::Qword: j["number"] = v.number; break;
        case RegistryValueType::Binary:
        case RegistryValueType::None: j["bytes"] = v.bytes; break;
    }
}
void from_json(const nlohmann::json& j, RegistryValue& v) {
    const auto type = j.at("type").get<std::string>();
    v = RegistryValue{};
    v.type = parse_or_throw(parse_value_type(type), type, "registry value type");
    v.text = j.value("text", std::string{});
    v.lines = j.value("lines", std::vector<std::string>{});
    v.number = integer_or<std::uint64_t>(j, "number", 0);
    v.bytes.clear();
    if (const auto bytes = j.find("bytes"); bytes != j.end()) {
        if (!bytes->is_array()) throw std::invalid_argument("\"bytes\" is not an array");
        for (const auto& b : *bytes) v.bytes.push_back(integer_from<std::uint8_t>(b));
    }
}

void to_json(nlohmann::json& j, const ServiceInfo& s) {
    j = {{"name", s.name},
         {"display_name", s.display_name},
         {"start_type", to_string(s.start_type)},
         {"state", to_string(s.state)},
         {"account", s.account},
         {"binary_path", s.binary_path}};
    if (s.config_error) j["config_error"] = *s.config_error;
}
void from_json(const nlohmann::json& j, ServiceInfo& s) {
    s.name = j.at("name").get<std::string>();
    s.display_name = j.value("display_name", std::string{});
    const auto start = j.at("start_type").get<std::string>();
    s.start_type = parse_or_throw(parse_start_type(start), start, "service start type");
    const auto state = j.at("state").get<std::string>();
    s.state = parse_or_throw(parse_state(state), state, "service state");
    s.account = j.value("account", std::string{});
    s.binary_path = j.value("binary_path", std::string{});
    s.config_error.reset();
    if (j.contains("config_error") && !j.at("config_error").is_null()) s.config_error = j.at("config_error").get<OsError>();
}

void to_json(nlohmann::json& j, const DriveInfo& d) {
    j = {{"letter", std::string(1, d.letter)}, {"type", to_string(d.type)}, {"target", d.target}};
}
void from_json(const nlohmann::json& j, DriveInfo& d) {
    const auto letter = j.at("letter").get<std::string>();
    if (letter.size() != 1) throw std::invalid_argument("drive letter \"" + letter + "\" is not one character");
    d.letter = letter[0];
    const auto type = j.at("type").get<std::string>();
    d.type = parse_or_throw(parse_drive_type(type), type, "drive type");
    d.target = j.value("target", std::string{});
}

void to_json(nlohmann::json& j, const VolumeSpace& v) {
    j = {{"free_bytes", v.free_bytes}, {"free_bytes_to_caller", v.free_bytes_to_caller}, {"total_bytes", v.total_bytes}};
}
void from_json(const nlohmann::json& j, VolumeSpace& v) {
    v.free_bytes = integer_from<std::uint64_t>(j.at("free_bytes"));
    v.free_bytes_to_caller = integer_or<std::uint64_t>(j, "free_bytes_to_caller", v.free_bytes);
    v.total_bytes = integer_from<std::uint64_t>(j.at("total_bytes"));
}

void to_json(nlohmann::json& j, const FileStat& f) { j = {{"is_directory", f.is_directory}, {"size", f.size}}; }
void from_json(const nlohmann::json& j, FileStat& f) {
    f.is_directory = j.at("is_directory").get<bool>();
    f.size = integer_from<std::uint64_t>(j.at("size"));
}

void to_json(nlohmann::json& j, const OsFacts& o) {
    j = {{"family", to_string(o.family)},
         {"product_name", o.product_name},
         {"version", o.version},
         {"build", o.build},
         {"edition", o.edition}};
}
void from_json(const nlohmann::json& j, OsFacts& o) {
    const auto family = j.at("family").get<std::string>();
    o.family = parse_or_throw(parse_family(family), family, "OS family");
    o.product_name = j.value("product_name", std::string{});
    o.version = j.value("version", std::string{});
    o.build = j.value("build", std::string{});
    o.edition = j.value("edition", std::string{});
}

void to_json(nlohmann::json& j, const FolderSize& f) { j = {{"path", f.path}, {"bytes", f.bytes}, {"files", f.files}}; }
void from_json(const nlohmann::json& j, FolderSize& f) {
    f.path = j.at("path").get<std::string>();
    f.bytes = integer_from<std::uint64_t>(j.at("bytes"));
    f.files = integer_or<std::uint64_t>(j, "files", 0);
}

void to_json(nlohmann::json& j, const DirectoryUsage& u) {
    j = {{"total_bytes", u.total_bytes},
         {"files", u.files},
         {"folders", u.folders},
         {"reparse_points_skipped", u.reparse_points_skipped},
         {"unreadable_folders", u.unreadable_folders},
         {"unreadable_examples", u.unreadable_examples},
         {"largest_folders", u.largest_folders},
         {"long_paths", u.long_paths},
         {"long_path_examples", u.long_path_examples},
         {"reparse_folders_walked", u.reparse_folders_walked},
         {"placeholder_files", u.placeholder_files},
         {"placeholder_bytes", u.placeholder_bytes}};
}
void from_json(const nlohmann::json& j, DirectoryUsage& u) {
    u.total_bytes = integer_from<std::uint64_t>(j.at("total_bytes"));
    u.files = integer_from<std::uint64_t>(j.at("files"));
    u.folders = integer_or<std::uint64_t>(j, "folders", 0);
    u.reparse_points_skipped = integer_or<std::uint64_t>(j, "reparse_points_skipped", 0);
    u.unreadable_folders = integer_or<std::uint64_t>(j, "unreadable_folders", 0);
    u.unreadable_examples = j.value("unreadable_examples", std::vector<std::string>{});
    u.largest_folders = j.value("largest_folders", std::vector<FolderSize>{});
    u.long_paths = integer_or<std::uint64_t>(j, "long_paths", 0);
    u.long_path_examples = j.value("long_path_examples", std::vector<std::string>{});
    // Recordings made before cloud files were told apart have none of these: zero, as they were walked.
    u.reparse_folders_walked = j.value("reparse_folders_walked", std::uint64_t{0});
    u.placeholder_files = j.value("placeholder_files", std::uint64_t{0});
    u.placeholder_bytes = j.value("placeholder_bytes", std::uint64_t{0});
}

void to_json(nlohmann::json& j, const NetworkAdapter& a) {
    j = {{"name", a.name},
         {"description", a.description},
         {"is_loopback", a.is_loopback},
         {"is_up", a.is_up},
         {"dhcp_enabled", a.dhcp_enabled},
         {"ipv4_addresses", a.ipv4_addresses},
         {"interface_type", a.interface_type}};
    if (a.hardware) j["hardware"] = *a.hardware;
}
void from_json(const nlohmann::json& j, NetworkAdapter& a) {
    a.name = j.at("name").get<std::string>();
    a.description = j.value("description", std::string{});
    a.is_loopback = j.value("is_loopback", false);
    a.is_up = j.value("is_up", false);
    a.dhcp_enabled = j.at("dhcp_enabled").get<bool>();
    a.ipv4_addresses = j.value("ipv4_addresses", std::vector<std::string>{});
    // Older recordings have neither: type unknown (0), hardware unknown.
    a.interface_type = j.value("interface_type", std::uint32_t{0});
    a.hardware.reset();
    if (j.contains("hardware") && j.at("hardware").is_boolean()) a.hardware = j.at("hardware").get<bool>();
}

void to_json(nlohmann::json& j, const TreeEntry& e) {
    j = {{"name", e.name}, {"kind", to_string(e.kind)}, {"size", e.size}};
    if (!e.link_target.empty()) j["link_target"] = e.link_target;
}
void from_json(const nlohmann::json& j, TreeEntry& e) {
    const auto kind = j.at("kind").get<std::string>();
    e.name = j.at("name").get<std::string>();
    e.kind = parse_or_throw(parse_entry_kind(kind), kind, "tree entry kind");
    e.size = j.value("size", std::uint64_t{0});
    e.link_target = j.value("link_target", std::string{});
}

void to_json(nlohmann::json& j, const TreeText& t) { j = {{"text", t.text}, {"truncated", t.truncated}}; }
void from_json(const nlohmann::json& j, TreeText& t) {
    t.text = j.at("text").get<std::string>();
    t.truncated = j.value("truncated", false);
}

}  // namespace ic::os
