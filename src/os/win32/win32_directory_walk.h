#pragma once
/// \file
/// The folder-tree walk behind Win32FileProbe::directory_usage. It is a template over the thing that
/// lists one folder, so the production build lists with FindFirstFileExW while the tests can hand it
/// trees that Wine cannot stage (junctions, folders that refuse listing). Private to src/os/win32.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cwchar>
#include <string>
#include <vector>

#include "imagechecker/os/system.h"
#include "win32_util.h"

namespace ic::os::win32 {

// ---- Listing one folder ----

/// Lists folders with FindFirstFileExW / FindNextFileW. FindExInfoBasic skips the 8.3 short names
/// (which cost a lookup per entry), and FIND_FIRST_EX_LARGE_FETCH asks for larger batches from the
/// file system; Windows 7 refuses that flag, so it is dropped after the first refusal.
class FindFileLister {
public:
    using Handle = HANDLE;

    /// Opens a search for `pattern` ("<folder>\*"). Returns ERROR_SUCCESS with the first entry in
    /// `entry` and the search in `handle`, or the error.
    DWORD first(const wchar_t* pattern, WIN32_FIND_DATAW& entry, Handle& handle) {
        for (;;) {
            handle = FindFirstFileExW(pattern, FindExInfoBasic, &entry, FindExSearchNameMatch, nullptr, flags_);
            if (handle != INVALID_HANDLE_VALUE) return ERROR_SUCCESS;
            const DWORD error = GetLastError();
            if (error != ERROR_INVALID_PARAMETER || flags_ == 0) return error;
            flags_ = 0;
        }
    }
    /// ERROR_SUCCESS with the next entry, ERROR_NO_MORE_FILES at the end, or the error.
    DWORD next(Handle handle, WIN32_FIND_DATAW& entry) { return FindNextFileW(handle, &entry) ? ERROR_SUCCESS : GetLastError(); }
    void close(Handle handle) { FindClose(handle); }

private:
    DWORD flags_ = FIND_FIRST_EX_LARGE_FETCH;
};

// ---- Walking a tree ----

/// Where a walk starts: the folder in native form, and how to turn native paths into the paths a
/// person reads ("\\?\C:\Users" -> "C:\Users", "\\?\UNC\server\share" -> "\\server\share").
struct WalkRoot {
    std::wstring native;               ///< no trailing separator: "\\?\C:" for a drive's root
    std::size_t native_prefix = 0;     ///< characters of `native` that the readable form drops
    std::wstring readable_prefix;      ///< what the readable form has in their place
};

/// How many unreadable folders and long paths are named in the usage; the rest are only counted.
constexpr std::size_t kMaxExamples = 10;

// Older SDK headers lack the cloud-file attributes (Windows 10 1709 and later).
#ifndef FILE_ATTRIBUTE_RECALL_ON_OPEN
#define FILE_ATTRIBUTE_RECALL_ON_OPEN 0x00040000
#endif
#ifndef FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS
#define FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS 0x00400000
#endif

/// A reparse folder that stands for another name (junction, symbolic link, mount point) and so must
/// not be entered. Cloud folders (OneDrive's Files On-Demand) and deduplicated folders carry tags
/// without the name-surrogate bit: their files are the profile's own. For a reparse point, FindFirstFile
/// puts the tag in dwReserved0.
inline bool is_name_surrogate_folder(const WIN32_FIND_DATAW& entry) {
    if ((entry.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) == 0) return false;
    // No tag at all (Wine lists a Unix symbolic link so) tells nothing: not followed, as a link would not be.
    return entry.dwReserved0 == 0 || IsReparseTagNameSurrogate(entry.dwReserved0);
}

/// A file whose data is not (all) on this disk: a cloud placeholder or an offline file. Its logical
/// size is what reading it would bring back.
inline bool is_placeholder_file(DWORD attributes) {
    return (attributes & (FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS | FILE_ATTRIBUTE_RECALL_ON_OPEN | FILE_ATTRIBUTE_OFFLINE)) != 0;
}

/// Walks the tree under `root` depth first with an explicit stack of open searches, so depth costs
/// heap, not call stack, and one path buffer grows and shrinks by a component as the walk goes down
/// and up. Folders that are name surrogates (junctions, symbolic links, mount points) are counted and
/// never entered: on Windows they are how a profile loops ("Application Data") or reaches other
/// volumes. Other reparse folders (cloud files, deduplication) are walked and counted. Files are
/// counted by their logical size whatever their attributes; placeholders whose data is not on the disk
/// are also counted apart. A folder that cannot be listed is counted and named; only the root failing
/// to list is an error. The root itself is walked even when it is a link: that is the folder that was
/// asked about. `stop` is asked before each entry; when it says stop, the walk ends with an error.
template <typename Lister>
Result<DirectoryUsage> walk_directory_tree(Lister& lister, const WalkRoot& root, std::size_t top,
                                           std::size_t long_path_threshold, const StopRequested& stop = {}) {
    using Handle = typename Lister::Handle;
    constexpr std::size_t kNoFolder = static_cast<std::size_t>(-1);

    struct Frame {
        Handle handle;
        std::size_t path_length;  // of `path` while this folder is being listed
        std::size_t top_folder;   // index into `top_folders`, kNoFolder for the root itself
    };

    DirectoryUsage usage;
    std::vector<FolderSize> top_folders;
    std::vector<Frame> frames;
    std::wstring path = root.native;
    path.reserve(1024);
    WIN32_FIND_DATAW entry;

    // Path lengths are counted in UTF-16 code units of the readable path, the unit in which Windows
    // itself measures MAX_PATH.
    const auto readable_length = [&](std::size_t native_length) {
        return native_length - root.native_prefix + root.readable_prefix.size();
    };
    const auto readable = [&](const std::wstring& native) {
        return to_utf8(root.readable_prefix + native.substr(root.native_prefix));
    };
    const auto note_unreadable = [&](DWORD error) {
        ++usage.unreadable_folders;
        if (usage.unreadable_examples.size() < kMaxExamples) {
            usage.unreadable_examples.push_back(readable(path) + " (error " + std::to_string(error) + ")");
        }
    };

    // Searches "<path>\*" and leaves `path` as it was.
    const auto open = [&](Handle& handle) {
        const std::size_t length = path.size();
        path += L"\\*";
        const DWORD status = lister.first(path.c_str(), entry, handle);
        path.resize(length);
        return status;
    };

    // Searches still open when the walk ends early (an exception from an allocation) are closed too.
    struct CloseOpenSearches {
        Lister& lister;
        std::vector<Frame>& frames;
        ~CloseOpenSearches() {
            for (const Frame& frame : frames) lister.close(frame.handle);
        }
    } const close_open_searches{lister, frames};

    Handle root_handle{};
    const DWORD root_status = open(root_handle);
    // Some file systems list an empty folder as "no match" rather than with "." and "..".
    if (root_status == ERROR_FILE_NOT_FOUND) return usage;
    if (root_status != ERROR_SUCCESS) {
        OsError error = os_error("FindFirstFileExW", root_status);
        error.message = readable(path) + ": " + error.message;
        return error;
    }
    frames.push_back({root_handle, path.size(), kNoFolder});

    bool have_entry = true;  // `entry` holds an entry of frames.back() not yet looked at
    while (!frames.empty()) {
        if (stop && stop()) {
            // The open searches are closed by close_open_searches.
            return OsError{"FindNextFileW", kWalkStoppedCode, "the walk was stopped: the check was cancelled"};
        }
        if (!have_entry) {
            const DWORD status = lister.next(frames.back().handle, entry);
            if (status != ERROR_SUCCESS) {
                if (status != ERROR_NO_MORE_FILES) note_unreadable(status);  // stopped part-way through
                lister.close(frames.back().handle);
                frames.pop_back();
                if (!frames.empty()) path.resize(frames.back().path_length);
                continue;
            }
        }
        have_entry = false;

        const wchar_t* name = entry.cFileName;
        const std::size_t name_length = std::wcslen(name);
        if (name[0] == L'.' && (name_length == 1 || (name_length == 2 && name[1] == L'.'))) continue;

        if (long_path_threshold > 0 && readable_length(path.size()) + 1 + name_length >= long_path_threshold) {
            ++usage.long_paths;
            if (usage.long_path_examples.size() < kMaxExamples) {
                usage.long_path_examples.push_back(readable(path + L"\\" + name));
            }
        }

        if ((entry.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) == 0) {
            const std::uint64_t size = (static_cast<std::uint64_t>(entry.nFileSizeHigh) << 32U) | entry.nFileSizeLow;
            usage.total_bytes += size;
            ++usage.files;
            if (is_placeholder_file(entry.dwFileAttributes)) {
                ++usage.placeholder_files;
                usage.placeholder_bytes += size;
            }
            const std::size_t folder = frames.back().top_folder;
            if (folder != kNoFolder) {
                top_folders[folder].bytes += size;
                ++top_folders[folder].files;
            }
            continue;
        }
        if (is_name_surrogate_folder(entry)) {
            ++usage.reparse_points_skipped;
            continue;
        }
        if ((entry.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) ++usage.reparse_folders_walked;

        ++usage.folders;
        std::size_t folder = frames.back().top_folder;
        path += L'\\';
        path.append(name, name_length);
        if (frames.size() == 1) {
            folder = top_folders.size();
            top_folders.push_back({readable(path), 0, 0});
        }
        Handle handle{};
        const DWORD status = open(handle);
        if (status == ERROR_SUCCESS) {
            frames.push_back({handle, path.size(), folder});
            have_entry = true;
            continue;
        }
        if (status != ERROR_FILE_NOT_FOUND) note_unreadable(status);  // FILE_NOT_FOUND: empty, as above
        path.resize(frames.back().path_length);
    }

    // Largest first; equal sizes by path, so the order does not depend on the file system's.
    const auto larger = [](const FolderSize& a, const FolderSize& b) {
        return a.bytes != b.bytes ? a.bytes > b.bytes : a.path < b.path;
    };
    const std::size_t kept = std::min(top, top_folders.size());
    std::partial_sort(top_folders.begin(), top_folders.begin() + static_cast<std::ptrdiff_t>(kept), top_folders.end(),
                      larger);
    top_folders.resize(kept);
    usage.largest_folders = std::move(top_folders);
    return usage;
}

}  // namespace ic::os::win32
