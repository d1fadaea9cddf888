#include <cstring>

#include "imagechecker/os/registry_data.h"
#include "win32_system.h"
#include "win32_util.h"

namespace ic::os::win32 {

namespace {

// ---- Opening keys ----

// A value can be rewritten between the size query and the read; after this many retries the
// registry is being rewritten faster than it can be read and the failure is reported.
constexpr int kMaxReadAttempts = 16;

struct HiveRoot {
    HKEY key;
    REGSAM view;  // KEY_WOW64_64KEY for HKLM, where 32-bit processes would otherwise be redirected
};

HiveRoot hive_root(RegistryHive hive) {
    switch (hive) {
        case RegistryHive::LocalMachine: return {HKEY_LOCAL_MACHINE, KEY_WOW64_64KEY};
        case RegistryHive::CurrentUser: return {HKEY_CURRENT_USER, 0};
        case RegistryHive::Users: return {HKEY_USERS, 0};
    }
    return {HKEY_LOCAL_MACHINE, KEY_WOW64_64KEY};
}

// A missing key or value is an answer ("absent"), not a failure.
bool is_absent(LSTATUS status) { return status == ERROR_FILE_NOT_FOUND || status == ERROR_PATH_NOT_FOUND; }

struct OpenedKey {
    UniqueHkey key;
    LSTATUS status = ERROR_SUCCESS;
};

OpenedKey open_key(RegistryHive hive, const std::string& path, REGSAM access) {
    const HiveRoot root = hive_root(hive);
    HKEY raw = nullptr;
    const LSTATUS status = RegOpenKeyExW(root.key, to_wide(path).c_str(), 0, access | root.view, &raw);
    return {UniqueHkey(status == ERROR_SUCCESS ? raw : nullptr), status};
}

// ---- Decoding values ----

// Registry strings are UTF-16 of whatever byte length the writer chose: the terminating NUL may be
// missing and the length may even be odd. The portable readers in registry_data.h split the bytes
// (fuzzed on Linux); here they become UTF-8.
static_assert(sizeof(wchar_t) == sizeof(char16_t), "Windows' wchar_t is one UTF-16 code unit");
std::string utf8_of(const std::u16string& units) { return to_utf8(std::wstring(units.begin(), units.end())); }

std::string string_data(const std::vector<BYTE>& data) { return utf8_of(registry_string_units(data.data(), data.size())); }

std::vector<std::string> multi_string_data(const std::vector<BYTE>& data) {
    std::vector<std::string> lines;
    for (const auto& units : registry_multi_string_units(data.data(), data.size())) lines.push_back(utf8_of(units));
    return lines;
}

std::uint64_t number_data(const std::vector<BYTE>& data, std::size_t width) { return registry_number(data.data(), data.size(), width); }

RegistryValue decode(DWORD type, std::vector<BYTE> data) {
    switch (type) {
        case REG_SZ: return RegistryValue::string(string_data(data));
        case REG_EXPAND_SZ: return RegistryValue::expand_string(string_data(data));
        case REG_MULTI_SZ: return RegistryValue::multi_string(multi_string_data(data));
        case REG_DWORD: return RegistryValue::dword(static_cast<std::uint32_t>(number_data(data, 4)));
        case REG_QWORD: return RegistryValue::qword(number_data(data, 8));
        case REG_NONE: {
            RegistryValue value;
            value.type = RegistryValueType::None;
            value.bytes.assign(data.begin(), data.end());
            return value;
        }
        default:  // REG_BINARY, and the rare types the portable model has no name for
            return RegistryValue::binary(std::vector<std::uint8_t>(data.begin(), data.end()));
    }
}

// ---- Encoding values ----

struct EncodedValue {
    DWORD type = REG_NONE;
    std::vector<BYTE> bytes;
};

void append_wide(std::vector<BYTE>& bytes, const std::wstring& text) {
    const auto* first = reinterpret_cast<const BYTE*>(text.c_str());
    bytes.insert(bytes.end(), first, first + (text.size() + 1) * sizeof(wchar_t));  // with its NUL
}

void append_number(std::vector<BYTE>& bytes, std::uint64_t number, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i) bytes.push_back(static_cast<BYTE>(number >> (8U * i)));
}

// A value the registry could store but not give back as written is refused before RegSetValueExW is
// called; the code is the one Windows uses for a bad argument, the message says what was wrong.
OsError invalid_value(const std::string& why) {
    return OsError{"RegSetValueExW", ERROR_INVALID_PARAMETER, why};
}

Result<EncodedValue> encode(const RegistryValue& value) {
    EncodedValue encoded;
    switch (value.type) {
        case RegistryValueType::String:
        case RegistryValueType::ExpandString:
            encoded.type = value.type == RegistryValueType::String ? REG_SZ : REG_EXPAND_SZ;
            append_wide(encoded.bytes, to_wide(value.text));
            break;
        case RegistryValueType::MultiString:
            encoded.type = REG_MULTI_SZ;
            for (const auto& line : value.lines) {
                // Either would end the list early for every reader, so the value would not read back.
                if (line.empty()) return invalid_value("a REG_MULTI_SZ line cannot be empty");
                if (line.find('\0') != std::string::npos) return invalid_value("a REG_MULTI_SZ line cannot contain NUL");
                append_wide(encoded.bytes, to_wide(line));
            }
            append_wide(encoded.bytes, std::wstring());
            if (value.lines.empty()) append_wide(encoded.bytes, std::wstring());  // "\0\0", as Windows writes it
            break;
        case RegistryValueType::Dword:
            if (value.number > 0xFFFFFFFFULL) return invalid_value("the number does not fit in a REG_DWORD");
            encoded.type = REG_DWORD;
            append_number(encoded.bytes, value.number, 4);
            break;
        case RegistryValueType::Qword:
            encoded.type = REG_QWORD;
            append_number(encoded.bytes, value.number, 8);
            break;
        case RegistryValueType::Binary:
        case RegistryValueType::None:
            encoded.type = value.type == RegistryValueType::Binary ? REG_BINARY : REG_NONE;
            encoded.bytes.assign(value.bytes.begin(), value.bytes.end());
            break;
    }
    return encoded;
}

}  // namespace

// ---- Reading ----

Result<bool> Win32RegistryProbe::key_exists(RegistryHive hive, const std::string& path) {
    const OpenedKey opened = open_key(hive, path, KEY_QUERY_VALUE);
    if (opened.status == ERROR_SUCCESS) return true;
    if (is_absent(opened.status)) return false;
    return os_error("RegOpenKeyExW", static_cast<DWORD>(opened.status));
}

Result<std::optional<RegistryValue>> Win32RegistryProbe::read_value(RegistryHive hive, const std::string& path,
                                                                    const std::string& name) {
    using Answer = std::optional<RegistryValue>;
    const OpenedKey opened = open_key(hive, path, KEY_QUERY_VALUE);
    if (is_absent(opened.status)) return Answer{};
    if (opened.status != ERROR_SUCCESS) return os_error("RegOpenKeyExW", static_cast<DWORD>(opened.status));

    const std::wstring value_name = to_wide(name);
    DWORD type = REG_NONE;
    DWORD size = 0;
    LSTATUS status = RegQueryValueExW(opened.key.get(), value_name.c_str(), nullptr, &type, nullptr, &size);
    if (is_absent(status)) return Answer{};
    if (status != ERROR_SUCCESS) return os_error("RegQueryValueExW", static_cast<DWORD>(status));

    std::vector<BYTE> data;
    for (int attempt = 1;; ++attempt) {
        // Never pass a null buffer here: with one, a value that grew since the size query would
        // "succeed" with no data instead of reporting ERROR_MORE_DATA.
        data.assign(size > 0 ? size : 1, 0);
        DWORD received = static_cast<DWORD>(data.size());
        status = RegQueryValueExW(opened.key.get(), value_name.c_str(), nullptr, &type, data.data(), &received);
        if (status == ERROR_SUCCESS) {
            data.resize(received);
            break;
        }
        if (is_absent(status)) return Answer{};  // deleted since the size query
        if (status != ERROR_MORE_DATA || attempt == kMaxReadAttempts) {
            return os_error("RegQueryValueExW", static_cast<DWORD>(status));
        }
        size = received;  // grew since the size query: this is the size it has now
    }
    return Answer{decode(type, std::move(data))};
}

Result<std::vector<std::string>> Win32RegistryProbe::subkeys(RegistryHive hive, const std::string& path) {
    using Names = std::vector<std::string>;
    const OpenedKey opened = open_key(hive, path, KEY_ENUMERATE_SUB_KEYS);
    if (is_absent(opened.status)) return Names{};
    if (opened.status != ERROR_SUCCESS) return os_error("RegOpenKeyExW", static_cast<DWORD>(opened.status));

    Names names;
    std::wstring buffer(256, L'\0');  // key names are at most 255 characters
    for (DWORD index = 0;;) {
        DWORD length = static_cast<DWORD>(buffer.size());
        const LSTATUS status =
            RegEnumKeyExW(opened.key.get(), index, buffer.data(), &length, nullptr, nullptr, nullptr, nullptr);
        if (status == ERROR_NO_MORE_ITEMS) break;
        if (status == ERROR_MORE_DATA && buffer.size() < 32768) {  // only if the documented limit ever changes
            buffer.resize(buffer.size() * 2);
            continue;
        }
        if (status != ERROR_SUCCESS) return os_error("RegEnumKeyExW", static_cast<DWORD>(status));
        names.push_back(to_utf8(buffer.data(), length));
        ++index;
    }
    return names;
}

// ---- Writing ----

Result<void> Win32RegistryProbe::write_value(RegistryHive hive, const std::string& path, const std::string& name,
                                             const RegistryValue& value) {
    Result<EncodedValue> encoded = encode(value);
    if (!encoded) return encoded.error();
    const EncodedValue& data = encoded.value();

    const HiveRoot root = hive_root(hive);
    HKEY raw = nullptr;
    const LSTATUS created = RegCreateKeyExW(root.key, to_wide(path).c_str(), 0, nullptr, REG_OPTION_NON_VOLATILE,
                                            KEY_SET_VALUE | root.view, nullptr, &raw, nullptr);
    if (created != ERROR_SUCCESS) return os_error("RegCreateKeyExW", static_cast<DWORD>(created));
    const UniqueHkey key(raw);

    const LSTATUS status = RegSetValueExW(key.get(), to_wide(name).c_str(), 0, data.type,
                                          data.bytes.empty() ? nullptr : data.bytes.data(),
                                          static_cast<DWORD>(data.bytes.size()));
    if (status != ERROR_SUCCESS) return os_error("RegSetValueExW", static_cast<DWORD>(status));
    return {};
}

Result<void> Win32RegistryProbe::delete_value(RegistryHive hive, const std::string& path, const std::string& name) {
    const OpenedKey opened = open_key(hive, path, KEY_SET_VALUE);
    if (is_absent(opened.status)) return {};
    if (opened.status != ERROR_SUCCESS) return os_error("RegOpenKeyExW", static_cast<DWORD>(opened.status));
    const LSTATUS status = RegDeleteValueW(opened.key.get(), to_wide(name).c_str());
    if (status != ERROR_SUCCESS && !is_absent(status)) return os_error("RegDeleteValueW", static_cast<DWORD>(status));
    return {};
}

}  // namespace ic::os::win32
