// Fuzz target: the JSON forms of the OS answers a recording holds (decode_result / encode_result in
// src/core/os_json.h: registry values, services, drives, volume space, file facts, profile walks,
// adapters, WMI rows, errors), which the replay uses for every question a check asks.
// Invariants: an answer that does not fit its type is refused with an exception derived from
// std::exception (the replay turns it into that check's ERROR), never undefined behaviour (floats,
// huge or negative numbers where whole numbers belong); an answer that decodes, encoded and decoded
// again, gives the same JSON.
#include "fuzz_support.h"

#include <exception>

#include "imagechecker/input_file.h"
#include "os_json.h"

namespace {

template <typename T>
void round_trip(const nlohmann::json& answer, const char* type) {
    ic::os::Result<T> decoded = ic::os::OsError{};
    try {
        decoded = ic::os::decode_result<T>(answer);
    } catch (const std::exception&) {
        return;  // refused: the replay reports "the recording's answer ... is malformed"
    }
    const nlohmann::json encoded = ic::os::encode_result(decoded);
    const nlohmann::json again = ic::os::encode_result(ic::os::decode_result<T>(encoded));
    IC_FUZZ_CHECK(again == encoded, std::string("a decoded ") + type + " encodes to the same JSON every time");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    nlohmann::json answer;
    try {
        answer = ic::parse_json_bounded(ic::fuzz::text(data, size));
    } catch (const std::exception&) {
        return 0;
    }
    using namespace ic::os;
    round_trip<void>(answer, "void");
    round_trip<bool>(answer, "bool");
    round_trip<std::string>(answer, "string");
    round_trip<std::optional<std::string>>(answer, "optional string");
    round_trip<std::vector<std::string>>(answer, "string list");
    round_trip<std::optional<RegistryValue>>(answer, "registry value");
    round_trip<std::vector<ServiceInfo>>(answer, "service list");
    round_trip<std::optional<ServiceInfo>>(answer, "service");
    round_trip<std::vector<DriveInfo>>(answer, "drive list");
    round_trip<VolumeSpace>(answer, "volume space");
    round_trip<std::optional<FileStat>>(answer, "file stat");
    round_trip<std::optional<DirectoryUsage>>(answer, "directory usage");
    round_trip<OsFacts>(answer, "OS facts");
    round_trip<std::vector<NetworkAdapter>>(answer, "adapter list");
    round_trip<std::vector<ManagementRow>>(answer, "WMI rows");
    return 0;
}
