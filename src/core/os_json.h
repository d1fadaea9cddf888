#pragma once
// JSON forms of the portable OS types, for recordings (internal to the core library).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "imagechecker/os/system.h"

namespace ic::os {

std::optional<RegistryHive> parse_hive(const std::string& text);
std::optional<RegistryValueType> parse_value_type(const std::string& text);
std::optional<ServiceStartType> parse_start_type(const std::string& text);
std::optional<ServiceState> parse_state(const std::string& text);
std::optional<DriveType> parse_drive_type(const std::string& text);
std::optional<OsFamily> parse_family(const std::string& text);
std::optional<TreeEntryKind> parse_entry_kind(const std::string& text);

void to_json(nlohmann::json& j, const OsError& e);
void from_json(const nlohmann::json& j, OsError& e);
void to_json(nlohmann::json& j, const RegistryValue& v);
void from_json(const nlohmann::json& j, RegistryValue& v);
void to_json(nlohmann::json& j, const ServiceInfo& s);
void from_json(const nlohmann::json& j, ServiceInfo& s);
void to_json(nlohmann::json& j, const DriveInfo& d);
void from_json(const nlohmann::json& j, DriveInfo& d);
void to_json(nlohmann::json& j, const VolumeSpace& v);
void from_json(const nlohmann::json& j, VolumeSpace& v);
void to_json(nlohmann::json& j, const FileStat& f);
void from_json(const nlohmann::json& j, FileStat& f);
void to_json(nlohmann::json& j, const OsFacts& o);
void from_json(const nlohmann::json& j, OsFacts& o);
void to_json(nlohmann::json& j, const FolderSize& f);
void from_json(const nlohmann::json& j, FolderSize& f);
void to_json(nlohmann::json& j, const DirectoryUsage& u);
void from_json(const nlohmann::json& j, DirectoryUsage& u);
void to_json(nlohmann::json& j, const NetworkAdapter& a);
void from_json(const nlohmann::json& j, NetworkAdapter& a);
void to_json(nlohmann::json& j, const TreeEntry& e);
void from_json(const nlohmann::json& j, TreeEntry& e);
void to_json(nlohmann::json& j, const TreeText& t);
void from_json(const nlohmann::json& j, TreeText& t);

/// Encodes answers: std::optional as null-or-value, everything else through to_json.
template <typename T>
struct JsonCodec {
    static nlohmann::json encode(const T& value) { return value; }
    static T decode(const nlohmann::json& j) { return j.get<T>(); }
};
template <typename T>
struct JsonCodec<std::optional<T>> {
    static nlohmann::json encode(const std::optional<T>& value) {
        return value ? JsonCodec<T>::encode(*value) : nlohmann::json(nullptr);
    }
    static std::optional<T> decode(const nlohmann::json& j) {
        if (j.is_null()) return std::nullopt;
        return JsonCodec<T>::decode(j);
    }
};

/// {"ok": value} or {"error": {"api", "code", "message"}}.
template <typename T>
nlohmann::json encode_result(const Result<T>& result) {
    if (!result) return {{"error", result.error()}};
    if constexpr (std::is_void_v<T>) return {{"ok", nullptr}};
    else return {{"ok", JsonCodec<T>::encode(result.value())}};
}

template <typename T>
Result<T> decode_result(const nlohmann::json& j) {
    if (j.contains("error")) return j.at("error").get<OsError>();
    if constexpr (std::is_void_v<T>) {
        (void)j.at("ok");
        return {};
    } else {
        return JsonCodec<T>::decode(j.at("ok"));
    }
}

}  // namespace ic::os
