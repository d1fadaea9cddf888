// Names of OS facts as people and files read them, and the reverse (for reading recordings).
#include <array>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "imagechecker/os/system.h"
#include "os_json.h"

namespace ic::os {

namespace {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, const char*>, N>;

template <typename Enum, std::size_t N>
std::string name_of(const NameTable<Enum, N>& table, Enum value) {
    for (const auto& [e, name] : table)
        if (e == value) return name;
    return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse_in(const NameTable<Enum, N>& table, const std::string& text) {
    for (const auto& [e, name] : table)
        if (text == name) return e;
    return std::nullopt;
}

constexpr NameTable<RegistryHive, 3> kHives{{{RegistryHive::LocalMachine, "HKLM"},
                                             {RegistryHive::CurrentUser, "HKCU"},
                                             {RegistryHive::Users, "HKU"}}};
constexpr NameTable<RegistryValueType, 7> kValueTypes{{{RegistryValueType::String, "REG_SZ"},
                                                       {RegistryValueType::ExpandString, "REG_EXPAND_SZ"},
                                                       {RegistryValueType::MultiString, "REG_MULTI_SZ"},
                                                       {RegistryValueType::Dword, "REG_DWORD"},
                                                       {RegistryValueType::Qword, "REG_QWORD"},
                                                       {RegistryValueType::Binary, "REG_BINARY"},
                                                       {RegistryValueType::None, "REG_NONE"}}};
constexpr NameTable<ServiceStartType, 6> kStartTypes{{{ServiceStartType::Boot, "Boot"},
                                                      {ServiceStartType::System, "System"},
                                                      {ServiceStartType::Automatic, "Automatic"},
                                                      {ServiceStartType::Manual, "Manual"},
                                                      {ServiceStartType::Disabled, "Disabled"},
                                                      {ServiceStartType::Unknown, "Unknown"}}};
constexpr NameTable<ServiceState, 8> kStates{{{ServiceState::Stopped, "Stopped"},
                                              {ServiceState::StartPending, "Starting"},
                                              {ServiceState::StopPending, "Stopping"},
                                              {ServiceState::Running, "Running"},
                                              {ServiceState::ContinuePending, "Resuming"},
                                              {ServiceState::PausePending, "Pausing"},
                                              {ServiceState::Paused, "Paused"},
                                              {ServiceState::Unknown, "Unknown"}}};
constexpr NameTable<DriveType, 8> kDriveTypes{{{DriveType::Unknown, "unknown"},
                                               {DriveType::NoRootDir, "no root directory"},
                                               {DriveType::Removable, "removable"},
                                               {DriveType::Fixed, "fixed"},
                                               {DriveType::Network, "network"},
                                               {DriveType::CdRom, "CD"},
                                               {DriveType::RamDisk, "RAM disk"},
                                               {DriveType::Virtual, "virtual"}}};
constexpr NameTable<OsFamily, 3> kFamilies{{{OsFamily::Windows, "windows"},
                                            {OsFamily::Linux, "linux"},
                                            {OsFamily::Other, "other"}}};
constexpr NameTable<TreeEntryKind, 4> kEntryKinds{{{TreeEntryKind::File, "file"},
                                                   {TreeEntryKind::Directory, "directory"},
                                                   {TreeEntryKind::Symlink, "symlink"},
                                                   {TreeEntryKind::Other, "other"}}};

}  // namespace

std::string OsError::describe() const {
    std::string text = api.empty() ? std::string("the system call") : api;
    // HRESULTs (COM, WMI) have the top bit set, whether stored signed or unsigned; they are read in hex.
    if (code < 0 || code >= 0x80000000LL) text += fmt::format(" failed with error 0x{:08X}", static_cast<std::uint32_t>(code));
    else text += code != 0 ? fmt::format(" failed with error {}", code) : std::string(" failed");
    if (!message.empty()) text += " (" + message + ")";
    return text;
}

std::string RegistryValue::display() const {
    switch (type) {
        case RegistryValueType::String:
        case RegistryValueType::ExpandString: return text;
        case RegistryValueType::MultiString: return fmt::format("{}", fmt::join(lines, "; "));
        case RegistryValueType::Dword:
        case RegistryValueType::Qword: return std::to_string(number);
        case RegistryValueType::Binary:
        case RegistryValueType::None: return fmt::format("{} bytes", bytes.size());
    }
    return {};
}

std::string to_string(RegistryHive hive) { return name_of(kHives, hive); }
std::string to_string(RegistryValueType type) { return name_of(kValueTypes, type); }
std::string to_string(ServiceStartType start_type) { return name_of(kStartTypes, start_type); }
std::string to_string(ServiceState state) { return name_of(kStates, state); }
std::string to_string(DriveType type) { return name_of(kDriveTypes, type); }
std::string to_string(OsFamily family) { return name_of(kFamilies, family); }
std::string to_string(TreeEntryKind kind) { return name_of(kEntryKinds, kind); }

std::optional<RegistryHive> parse_hive(const std::string& text) { return parse_in(kHives, text); }
std::optional<RegistryValueType> parse_value_type(const std::string& text) { return parse_in(kValueTypes, text); }
std::optional<ServiceStartType> parse_start_type(const std::string& text) { return parse_in(kStartTypes, text); }
std::optional<ServiceState> parse_state(const std::string& text) { return parse_in(kStates, text); }
std::optional<DriveType> parse_drive_type(const std::string& text) { return parse_in(kDriveTypes, text); }
std::optional<OsFamily> parse_family(const std::string& text) { return parse_in(kFamilies, text); }
std::optional<TreeEntryKind> parse_entry_kind(const std::string& text) { return parse_in(kEntryKinds, text); }

// ---- Systems without a Linux tree ----

namespace {

/// The tree of a system that has none (Windows): every question is an error saying so.
class NoTree : public TreeProbe {
public:
    Result<std::optional<TreeEntry>> entry(const std::string&) override { return none(); }
    Result<std::optional<std::vector<TreeEntry>>> list(const std::string&) override { return none(); }
    Result<std::optional<TreeText>> read_text(const std::string&) override { return none(); }
    Result<std::optional<std::string>> package_owning(const std::string&) override { return none(); }
    std::string root() const override { return {}; }

private:
    static OsError none() { return OsError{"Linux file tree", 0, "this system has no Linux file tree"}; }
};

}  // namespace

TreeProbe& System::tree() {
    static NoTree none;
    return none;
}

}  // namespace ic::os
