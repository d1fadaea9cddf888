#include "win32_system.h"
#include "win32_util.h"

namespace ic::os::win32 {

namespace {

DriveType drive_type_from(UINT type) {
    switch (type) {
        case DRIVE_NO_ROOT_DIR: return DriveType::NoRootDir;
        case DRIVE_REMOVABLE: return DriveType::Removable;
        case DRIVE_FIXED: return DriveType::Fixed;
        case DRIVE_REMOTE: return DriveType::Network;
        case DRIVE_CDROM: return DriveType::CdRom;
        case DRIVE_RAMDISK: return DriveType::RamDisk;
        default: return DriveType::Unknown;
    }
}

// The first target QueryDosDeviceW lists for "X:": "\Device\HarddiskVolume3" for a volume,
// "\??\C:\folder" for a subst drive, "\Device\LanmanRedirector\..." or "\Device\Mup\..." for a mapped
// share. Empty when the call fails: the target only refines the drive type, it is not worth failing
// the whole drive list for.
std::wstring dos_device_target(wchar_t letter) {
    const wchar_t device[] = {letter, L':', L'\0'};
    std::wstring buffer(MAX_PATH, L'\0');
    for (int attempt = 0; attempt < 8; ++attempt) {
        const DWORD length = QueryDosDeviceW(device, buffer.data(), static_cast<DWORD>(buffer.size()));
        if (length != 0) return std::wstring(buffer.c_str());  // a list of strings: keep the first
        if (GetLastError() != ERROR_INSUFFICIENT_BUFFER) break;
        buffer.assign(buffer.size() * 2, L'\0');
    }
    return {};
}

}  // namespace

Result<std::vector<DriveInfo>> Win32VolumeProbe::drives() {
    SetLastError(ERROR_SUCCESS);  // 0 is also the honest answer of a machine without drive letters
    const DWORD letters = GetLogicalDrives();
    if (letters == 0 && GetLastError() != ERROR_SUCCESS) return last_os_error("GetLogicalDrives");

    std::vector<DriveInfo> drives;
    for (int index = 0; index < 26; ++index) {
        if ((letters & (1UL << index)) == 0) continue;
        const auto letter = static_cast<wchar_t>(L'A' + index);
        const wchar_t root[] = {letter, L':', L'\\', L'\0'};

        DriveInfo drive;
        drive.letter = static_cast<char>('A' + index);
        drive.type = drive_type_from(GetDriveTypeW(root));
        const std::wstring target = dos_device_target(letter);
        drive.target = to_utf8(target);
        // `subst` (DefineDosDeviceW) points the letter at a path in the DOS namespace; real volumes,
        // Wine's C: and Z: included, point at a "\Device\..." object. Windows reports a subst drive
        // as the type of the drive beneath it (Wine as "no root dir"), so the target decides.
        if (starts_with(target, L"\\??\\")) drive.type = DriveType::Virtual;
        drives.push_back(std::move(drive));
    }
    return drives;
}

Result<VolumeSpace> Win32VolumeProbe::space(const std::string& root) {
    std::wstring path = to_wide(root);
    // "C:" alone means the current folder on C:, and UNC roots need their trailing backslash.
    if (!path.empty() && path.back() != L'\\' && path.back() != L'/') path += L'\\';

    ULARGE_INTEGER available{};
    ULARGE_INTEGER total{};
    ULARGE_INTEGER total_free{};
    if (!GetDiskFreeSpaceExW(with_long_path_prefix(path).c_str(), &available, &total, &total_free)) {
        return last_os_error("GetDiskFreeSpaceExW");
    }
    VolumeSpace space;
    space.free_bytes = total_free.QuadPart;
    space.free_bytes_to_caller = available.QuadPart;
    space.total_bytes = total.QuadPart;
    return space;
}

}  // namespace ic::os::win32
