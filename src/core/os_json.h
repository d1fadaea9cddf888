#pragma once
// JSON forms of the portable OS types, for recordings (internal to the core library).
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "imagechecker/os/system.h"

namespace ic::os {

/// A whole number of type T from JSON. Throws std::invalid_argument for a fraction, a value out of T's
/// range or a non-number (nlohmann's get<T>() would convert 1e300 or -1 with undefined or surprising results).
template <typename T>
T integer_from(const nlohmann::json& j) {
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    const auto out_of_range = [&] { return std::invalid_argument("the number " + j.dump() + " is out of range"); };
    if (j.is_number_unsigned()) {
        const auto v = j.get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) throw out_of_range();
        return static_cast<T>(v);
    }
    if (j.is_number_integer()) {
        const auto v = j.get<std::int64_t>();
        if constexpr (std::is_signed_v<T>) {
            if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) || v > static_cast<std::int64_t>(std::numeric_limits<T>::max()))
                throw out_of_range();
        } else {
            if (v < 0 || static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) throw out_of_range();
        }
        return static_cast<T>(v);
    }
    throw std::invalid_argument(std::string("expected a whole number, found ") + (j.is_number() ? j.dump() : j.type_name()));
}

/// `object[key]` as a whole number, or `fallback` when the key is absent.
template <typename T>
T integer_or(const nlohmann::json& object, const char* key, T fallback) {
    const auto it = object.find(key);
    return it == object.end() ? fallback : integer_from<T>(*it);
}

/// `object[key]` when it is a string; nullopt when `object` is not an object, or the key is absent or not
/// a string (for identifying fields such as "format", where anything else means "not our document").
inline std::optional<std::string> string_field(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return std::nullopt;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

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
