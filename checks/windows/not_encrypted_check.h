#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "imagechecker/check.h"

namespace ic::checks {

/// Drives C: and D: must not be encrypted (or being encrypted or decrypted) with BitLocker: image
/// creation cannot capture an encrypted WorkSpace. No AWS error code; the requirement is on the AWS page.
class NotEncryptedCheck : public Check {
public:
    static constexpr const char* kNamespace = "root\\CIMV2\\Security\\MicrosoftVolumeEncryption";
    static constexpr const char* kQuery =
        "SELECT DriveLetter, ProtectionStatus, ConversionStatus FROM Win32_EncryptableVolume";
    /// WBEM_E_INVALID_NAMESPACE: the BitLocker WMI provider is not there, so BitLocker is not installed.
    static constexpr std::uint32_t kInvalidNamespace = 0x8004100EU;

    static CheckInfo describe();
    [[nodiscard]] const CheckInfo& info() const override;
    CheckResult run(CheckContext& context) override;
};

/// Whether a volume counts as encrypted for image creation: anything but fully decrypted
/// (ConversionStatus != 0: encrypted, encrypting, decrypting or paused), or protection on
/// (ProtectionStatus 1). nullopt when either number is missing.
std::optional<bool> is_volume_encrypted(std::optional<std::uint64_t> conversion_status, std::optional<std::uint64_t> protection_status);

/// Win32_EncryptableVolume.ConversionStatus in words ("fully decrypted", "encryption in progress", ...).
std::string conversion_status_text(std::uint64_t conversion_status);

/// True when a management error code is WBEM_E_INVALID_NAMESPACE, however the HRESULT's sign was kept.
bool is_invalid_namespace_error(std::int64_t code);

}  // namespace ic::checks
