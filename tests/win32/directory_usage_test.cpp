// FileProbe::directory_usage against a tree staged in %TEMP% (nested folders, a non-ASCII name, a path
// beyond MAX_PATH, a folder link pointing back up), and the walk itself against fake listings for
// what Wine cannot stage: junctions that would be followed if the attribute were ignored, folders that
// refuse to be listed, listings that fail part-way.
//
// Wine 8 cannot make a reparse point through Win32: FSCTL_SET_REPARSE_POINT fails with
// ERROR_NOT_SUPPORTED and CreateSymbolicLinkW returns TRUE without creating anything. It does list a
// Unix symbolic link to a folder as a folder with FILE_ATTRIBUTE_REPARSE_POINT (reparse tag 0), so
// under Wine the link is a Unix one, made through Wine's own __wine_unix_spawnvp.

#include <gtest/gtest.h>
#include <windows.h>
#include <winioctl.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "imagechecker/os/system.h"
#include "test_support.h"
#include "win32_directory_walk.h"
#include "win32_util.h"

namespace ic::os::win32 {
namespace {

using testing::running_under_wine;
using testing::succeeded;
using testing::temp_dir;
using testing::unique_name;

// ---- Folder links ----

// The mount-point layout of REPARSE_DATA_BUFFER (ntifs.h, not in the user-mode headers).
struct MountPointReparseBuffer {
    DWORD ReparseTag;
    WORD ReparseDataLength;
    WORD Reserved;
    WORD SubstituteNameOffset;
    WORD SubstituteNameLength;
    WORD PrintNameOffset;
    WORD PrintNameLength;
    WCHAR PathBuffer[1];
};

// A junction at `link` (an existing empty folder) pointing at `target`; Windows lets any user make one.
bool make_junction(const std::wstring& link, const std::wstring& target) {
    const HANDLE folder = CreateFileW(link.c_str(), GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                                      FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
    if (folder == INVALID_HANDLE_VALUE) return false;
    const std::wstring substitute = L"\\??\\" + target;
    const std::size_t substitute_bytes = substitute.size() * sizeof(wchar_t);
    const std::size_t print_bytes = target.size() * sizeof(wchar_t);
    std::vector<BYTE> buffer(sizeof(MountPointReparseBuffer) + substitute_bytes + print_bytes + 8, 0);
    auto* reparse = reinterpret_cast<MountPointReparseBuffer*>(buffer.data());
    reparse->ReparseTag = IO_REPARSE_TAG_MOUNT_POINT;
    reparse->SubstituteNameLength = static_cast<WORD>(substitute_bytes);
    reparse->PrintNameOffset = static_cast<WORD>(substitute_bytes + sizeof(wchar_t));
    reparse->PrintNameLength = static_cast<WORD>(print_bytes);
    std::memcpy(reparse->PathBuffer, substitute.c_str(), substitute_bytes + sizeof(wchar_t));
    std::memcpy(reinterpret_cast<BYTE*>(reparse->PathBuffer) + reparse->PrintNameOffset, target.c_str(),
                print_bytes + sizeof(wchar_t));
    reparse->ReparseDataLength = static_cast<WORD>(4 * sizeof(WORD) + reparse->PrintNameOffset + print_bytes + sizeof(wchar_t));
    DWORD returned = 0;
    const BOOL ok = DeviceIoControl(folder, FSCTL_SET_REPARSE_POINT, buffer.data(), 8 + reparse->ReparseDataLength,
                                    nullptr, 0, &returned, nullptr);
    CloseHandle(folder);
    return ok != FALSE;
}

// Runs a Unix program under Wine and waits for it; false elsewhere or when it cannot be run.
bool run_unix(std::vector<std::string> arguments) {
    using Spawn = LONG(__cdecl*)(char* const*, int);
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    const FARPROC address = ntdll != nullptr ? GetProcAddress(ntdll, "__wine_unix_spawnvp") : nullptr;
    if (address == nullptr) return false;
    std::vector<char*> argv;
    for (std::string& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    return reinterpret_cast<Spawn>(reinterpret_cast<void (*)()>(address))(argv.data(), TRUE) == 0;
}

// The Unix path of a Windows path under Wine (kernel32's wine_get_unix_file_name).
std::optional<std::string> unix_path(const std::wstring& path) {
    using ToUnix = char*(__cdecl*)(const wchar_t*);
    const HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
    const FARPROC address = kernel32 != nullptr ? GetProcAddress(kernel32, "wine_get_unix_file_name") : nullptr;
    if (address == nullptr) return std::nullopt;
    char* unix_name = reinterpret_cast<ToUnix>(reinterpret_cast<void (*)()>(address))(path.c_str());
    if (unix_name == nullptr) return std::nullopt;
    std::string copy(unix_name);
    HeapFree(GetProcessHeap(), 0, unix_name);
    return copy;
}

// A link at `link` to the folder `target` that the system lists as a reparse point.
bool make_folder_link(const std::wstring& link, const std::wstring& target) {
    if (!CreateDirectoryW(link.c_str(), nullptr)) return false;
    if (make_junction(link, target)) return true;
    RemoveDirectoryW(link.c_str());
    if (!running_under_wine()) return false;
    const std::optional<std::string> unix_link = unix_path(link);
    const std::optional<std::string> unix_target = unix_path(target);
    return unix_link && unix_target && run_unix({"/bin/ln", "-s", *unix_target, *unix_link});
}

void remove_folder_link(const std::wstring& link) {
    if (RemoveDirectoryW(link.c_str()) || DeleteFileW(link.c_str())) return;
    if (const std::optional<std::string> unix_link = unix_path(link)) run_unix({"/bin/rm", "-f", *unix_link});
}

bool is_reparse_point(const std::wstring& path) {
    const DWORD attributes = GetFileAttributesW(path.c_str());
    return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0;
}

// ---- A staged tree ----

/// Files, folders and links made under one root in %TEMP%, all through `\\?\` paths so that depth is
/// no limit, and removed newest first. Paths are kept readable (without the prefix); the test derives
/// its expectations from what was staged.
class StagedTree {
public:
    struct Item {
        std::wstring path;  // readable
        enum Kind { File, Folder, Link } kind;
        DWORD size;
    };

    StagedTree() : root_(temp_dir() + L"\\" + unique_name(L"ic-du")) { folder(L""); }
    StagedTree(const StagedTree&) = delete;
    StagedTree& operator=(const StagedTree&) = delete;
    ~StagedTree() {
        for (auto item = items_.rbegin(); item != items_.rend(); ++item) {
            const std::wstring native = L"\\\\?\\" + item->path;
            if (item->kind == Item::File) DeleteFileW(native.c_str());
            if (item->kind == Item::Folder) RemoveDirectoryW(native.c_str());
            if (item->kind == Item::Link) remove_folder_link(item->path);
        }
    }

    [[nodiscard]] const std::wstring& root() const { return root_; }
    [[nodiscard]] const std::vector<Item>& items() const { return items_; }

    void folder(const std::wstring& relative) {
        const std::wstring path = join(relative);
        ASSERT_TRUE(CreateDirectoryW((L"\\\\?\\" + path).c_str(), nullptr)) << "CreateDirectoryW " << GetLastError();
        items_.push_back({path, Item::Folder, 0});
    }
    void file(const std::wstring& relative, DWORD size) {
        const std::wstring path = join(relative);
        ASSERT_TRUE(testing::write_file(L"\\\\?\\" + path, size)) << "write_file " << GetLastError();
        items_.push_back({path, Item::File, size});
    }
    // False when the system cannot make a link the walk would see as a reparse point.
    bool link(const std::wstring& relative, const std::wstring& target_relative) {
        const std::wstring path = join(relative);
        if (!make_folder_link(path, join(target_relative))) return false;
        items_.push_back({path, Item::Link, 0});
        return is_reparse_point(path);
    }

private:
    [[nodiscard]] std::wstring join(const std::wstring& relative) const {
        return relative.empty() ? root_ : root_ + L"\\" + relative;
    }

    std::wstring root_;
    std::vector<Item> items_;
};

const std::wstring kUnicodeName = L"\u00dcn\u00efcode\u2014\u540d\u524d";  // "Ünïcode—名前"
const std::wstring kSegment(60, L's');

/// The tree every real-file test walks:
///   root\a.bin (1000)
///   root\big\b1.bin (5000), big\nested\n1.bin (3000), big\nested\deeper\d1.bin (2000), big\nested\loop -> root
///   root\long\ssss…\ssss…\ssss…\ssss…\f.bin (4096), well past MAX_PATH
///   root\Ünïcode—名前\u.bin (700), \ファイル.txt (300)
///   root\small\s.bin (10), and root\empty (a folder with nothing in it)
class DirectoryUsageTest : public ::testing::Test {
protected:
    void SetUp() override {
        tree_.file(L"a.bin", 1000);
        tree_.folder(L"big");
        tree_.file(L"big\\b1.bin", 5000);
        tree_.folder(L"big\\nested");
        tree_.file(L"big\\nested\\n1.bin", 3000);
        tree_.folder(L"big\\nested\\deeper");
        tree_.file(L"big\\nested\\deeper\\d1.bin", 2000);
        std::wstring deep = L"long";
        tree_.folder(deep);
        for (int depth = 0; depth < 4; ++depth) {
            deep += L"\\" + kSegment;
            tree_.folder(deep);
        }
        tree_.file(deep + L"\\f.bin", 4096);
        tree_.folder(kUnicodeName);
        tree_.file(kUnicodeName + L"\\u.bin", 700);
        tree_.file(kUnicodeName + L"\\\u30d5\u30a1\u30a4\u30eb.txt", 300);
        tree_.folder(L"small");
        tree_.file(L"small\\s.bin", 10);
        tree_.folder(L"empty");
        linked_ = tree_.link(L"big\\nested\\loop", L"");
    }

    [[nodiscard]] std::string root() const { return to_utf8(tree_.root()); }
    [[nodiscard]] std::string under_root(const std::wstring& relative) const { return to_utf8(tree_.root() + L"\\" + relative); }

    // Entries below the root whose readable path is `threshold` UTF-16 units or longer.
    [[nodiscard]] std::uint64_t staged_long_paths(std::size_t threshold) const {
        std::uint64_t count = 0;
        for (const StagedTree::Item& item : tree_.items()) {
            if (item.path != tree_.root() && item.path.size() >= threshold) ++count;
        }
        return count;
    }

    FileProbe& files() { return system_->files(); }

    std::unique_ptr<System> system_ = make_native_system();
    StagedTree tree_;
    bool linked_ = false;
};

// ---- Real files ----

TEST_F(DirectoryUsageTest, TotalsCountEveryFileAndFolderExactly) {
    const auto usage = files().directory_usage(root(), 10, 0);
    ASSERT_TRUE(succeeded(usage));
    ASSERT_TRUE(usage.value().has_value());
    const DirectoryUsage& found = *usage.value();
    EXPECT_EQ(found.total_bytes, 1000U + 5000 + 3000 + 2000 + 4096 + 700 + 300 + 10);
    EXPECT_EQ(found.files, 8U);
    EXPECT_EQ(found.folders, 3U + 5 + 1 + 1 + 1) << "big, nested, deeper, long and 4 below it, Ünïcode, small, empty";
    EXPECT_EQ(found.unreadable_folders, 0U);
    EXPECT_TRUE(found.unreadable_examples.empty());
    EXPECT_EQ(found.long_paths, 0U) << "threshold 0 turns the count off";
    EXPECT_TRUE(found.long_path_examples.empty());
}

TEST_F(DirectoryUsageTest, FolderLinkBackUpIsCountedButNotFollowed) {
    if (!linked_) GTEST_SKIP() << "this system cannot make a folder link the walk would see as a reparse point";
    const auto usage = files().directory_usage(root(), 10, 0);
    ASSERT_TRUE(succeeded(usage));
    ASSERT_TRUE(usage.value().has_value());
    EXPECT_EQ(usage.value()->reparse_points_skipped, 1U);
    EXPECT_EQ(usage.value()->files, 8U) << "following the link would count the tree again";
    EXPECT_EQ(usage.value()->total_bytes, 16106U);
}

TEST_F(DirectoryUsageTest, LargestFoldersAreTheRootsSubfoldersLargestFirst) {
    const auto usage = files().directory_usage(root(), 3, 0);
    ASSERT_TRUE(succeeded(usage));
    ASSERT_TRUE(usage.value().has_value());
    const std::vector<FolderSize>& largest = usage.value()->largest_folders;
    ASSERT_EQ(largest.size(), 3U);
    EXPECT_EQ(largest[0].path, under_root(L"big"));
    EXPECT_EQ(largest[0].bytes, 10000U);
    EXPECT_EQ(largest[0].files, 3U);
    EXPECT_EQ(largest[1].path, under_root(L"long"));
    EXPECT_EQ(largest[1].bytes, 4096U);
    EXPECT_EQ(largest[1].files, 1U);
    EXPECT_EQ(largest[2].path, under_root(kUnicodeName)) << "non-ASCII names come back as UTF-8";
    EXPECT_EQ(largest[2].path.substr(largest[2].path.size() - std::strlen(u8"Ünïcode—名前")), u8"Ünïcode—名前");
    EXPECT_EQ(largest[2].bytes, 1000U);
    EXPECT_EQ(largest[2].files, 2U);
}

TEST_F(DirectoryUsageTest, LargestFoldersListsEveryFolderWhenTopIsLarger) {
    const auto usage = files().directory_usage(root(), 100, 0);
    ASSERT_TRUE(succeeded(usage));
    ASSERT_TRUE(usage.value().has_value());
    const std::vector<FolderSize>& largest = usage.value()->largest_folders;
    ASSERT_EQ(largest.size(), 5U) << "big, long, Ünïcode, small, empty";
    EXPECT_EQ(largest[3].path, under_root(L"small"));
    EXPECT_EQ(largest[3].bytes, 10U);
    EXPECT_EQ(largest[4].path, under_root(L"empty"));
    EXPECT_EQ(largest[4].bytes, 0U);
    EXPECT_EQ(largest[4].files, 0U);
}

TEST_F(DirectoryUsageTest, LongPathsAreCountedAtTheThreshold) {
    for (const std::size_t threshold : {std::size_t{260}, std::size_t{200}, std::size_t{120}}) {
        SCOPED_TRACE(threshold);
        const auto usage = files().directory_usage(root(), 3, threshold);
        ASSERT_TRUE(succeeded(usage));
        ASSERT_TRUE(usage.value().has_value());
        const std::uint64_t expected = staged_long_paths(threshold);
        EXPECT_GT(expected, 0U);
        EXPECT_EQ(usage.value()->long_paths, expected);
        EXPECT_EQ(usage.value()->long_path_examples.size(), std::min<std::uint64_t>(expected, kMaxExamples));
        for (const std::string& example : usage.value()->long_path_examples) {
            EXPECT_GE(to_wide(example).size(), threshold) << example;
            EXPECT_EQ(example.rfind(root() + "\\", 0), 0U) << "readable, without \\\\?\\: " << example;
        }
    }
}

TEST_F(DirectoryUsageTest, TrailingBackslashAndForwardSlashesNameTheSameFolder) {
    const auto plain = files().directory_usage(root(), 3, 0);
    const auto trailing = files().directory_usage(root() + "\\", 3, 0);
    std::string slashed = root();
    for (char& c : slashed) c = c == '\\' ? '/' : c;
    const auto forward = files().directory_usage(slashed, 3, 0);
    for (const auto* usage : {&plain, &trailing, &forward}) {
        ASSERT_TRUE(succeeded(*usage));
        ASSERT_TRUE(usage->value().has_value());
        EXPECT_EQ(usage->value()->total_bytes, 16106U);
        ASSERT_FALSE(usage->value()->largest_folders.empty());
        EXPECT_EQ(usage->value()->largest_folders[0].path, under_root(L"big"));
    }
}

TEST_F(DirectoryUsageTest, RootBeyondMaxPathIsWalked) {
    const std::wstring deep = tree_.root() + L"\\long\\" + kSegment + L"\\" + kSegment + L"\\" + kSegment + L"\\" + kSegment;
    ASSERT_GT(deep.size(), static_cast<std::size_t>(MAX_PATH));
    const auto usage = files().directory_usage(to_utf8(deep), 3, 0);
    ASSERT_TRUE(succeeded(usage));
    ASSERT_TRUE(usage.value().has_value());
    EXPECT_EQ(usage.value()->total_bytes, 4096U);
    EXPECT_EQ(usage.value()->files, 1U);
    EXPECT_EQ(usage.value()->folders, 0U);
}

TEST_F(DirectoryUsageTest, EmptyFolderIsAllZeroes) {
    const auto usage = files().directory_usage(under_root(L"empty"), 3, 260);
    ASSERT_TRUE(succeeded(usage));
    ASSERT_TRUE(usage.value().has_value());
    EXPECT_EQ(usage.value()->total_bytes, 0U);
    EXPECT_EQ(usage.value()->files, 0U);
    EXPECT_EQ(usage.value()->folders, 0U);
    EXPECT_TRUE(usage.value()->largest_folders.empty());
}

TEST_F(DirectoryUsageTest, MissingFolderIsAbsentNotAnError) {
    for (const std::string& missing : {under_root(L"no-such-folder"), under_root(L"no-such-folder\\below")}) {
        SCOPED_TRACE(missing);
        const auto usage = files().directory_usage(missing, 3, 0);
        ASSERT_TRUE(succeeded(usage));
        EXPECT_FALSE(usage.value().has_value());
    }
}

TEST_F(DirectoryUsageTest, FileInsteadOfAFolderIsAnError) {
    const auto usage = files().directory_usage(under_root(L"a.bin"), 3, 0);
    ASSERT_FALSE(usage);
    EXPECT_EQ(usage.error().code, ERROR_DIRECTORY);
}

// ---- The walk against fake listings ----

/// Listings served from memory: each folder's native path maps to its entries, or to the error its
/// search fails with, optionally after some entries (a listing that breaks part-way).
class FakeLister {
public:
    struct Listing {
        std::vector<WIN32_FIND_DATAW> entries;
        DWORD open_error = ERROR_SUCCESS;
        DWORD error_after_entries = ERROR_NO_MORE_FILES;
    };
    struct Search {
        const Listing* listing;
        std::size_t next;
    };
    using Handle = Search*;

    DWORD first(const wchar_t* pattern, WIN32_FIND_DATAW& entry, Handle& handle) {
        std::wstring folder(pattern);
        folder.resize(folder.size() - 2);  // "\*"
        const auto found = listings.find(folder);
        if (found == listings.end()) return ERROR_PATH_NOT_FOUND;
        if (found->second.open_error != ERROR_SUCCESS) return found->second.open_error;
        ++open_searches;
        handle = new Search{&found->second, 0};
        return next(handle, entry);
    }
    DWORD next(Handle handle, WIN32_FIND_DATAW& entry) {
        if (handle->next >= handle->listing->entries.size()) return handle->listing->error_after_entries;
        entry = handle->listing->entries[handle->next++];
        return ERROR_SUCCESS;
    }
    void close(Handle handle) {
        --open_searches;
        delete handle;
    }

    std::map<std::wstring, Listing> listings;
    int open_searches = 0;
};

WIN32_FIND_DATAW entry(const std::wstring& name, DWORD attributes, std::uint64_t size = 0) {
    WIN32_FIND_DATAW data{};
    data.dwFileAttributes = attributes;
    data.nFileSizeHigh = static_cast<DWORD>(size >> 32U);
    data.nFileSizeLow = static_cast<DWORD>(size & 0xFFFFFFFFU);
    std::memcpy(data.cFileName, name.c_str(), std::min<std::size_t>(name.size(), MAX_PATH - 1) * sizeof(wchar_t));
    return data;
}
WIN32_FIND_DATAW file_entry(const std::wstring& name, std::uint64_t size) { return entry(name, FILE_ATTRIBUTE_NORMAL, size); }
WIN32_FIND_DATAW folder_entry(const std::wstring& name) { return entry(name, FILE_ATTRIBUTE_DIRECTORY); }
WIN32_FIND_DATAW junction_entry(const std::wstring& name) {
    return entry(name, FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT);
}

const WalkRoot kRoot{L"\\\\?\\C:\\Users\\test", 4, L""};

FakeLister::Listing listing(std::vector<WIN32_FIND_DATAW> entries) {
    entries.insert(entries.begin(), {folder_entry(L"."), folder_entry(L"..")});
    return {std::move(entries), ERROR_SUCCESS, ERROR_NO_MORE_FILES};
}

TEST(DirectoryWalk, JunctionIsNeverEnteredEvenWhenItsTargetWouldList) {
    FakeLister lister;
    lister.listings[kRoot.native] = listing({junction_entry(L"Application Data"), file_entry(L"ntuser.dat", 100)});
    lister.listings[kRoot.native + L"\\Application Data"] = listing({file_entry(L"looped.bin", 1000000)});
    const auto usage = walk_directory_tree(lister, kRoot, 5, 0);
    ASSERT_TRUE(succeeded(usage));
    EXPECT_EQ(usage.value().reparse_points_skipped, 1U);
    EXPECT_EQ(usage.value().total_bytes, 100U);
    EXPECT_EQ(usage.value().files, 1U);
    EXPECT_EQ(usage.value().folders, 0U);
    EXPECT_TRUE(usage.value().largest_folders.empty()) << "a skipped link is not one of the root's folders";
    EXPECT_EQ(lister.open_searches, 0);
}

TEST(DirectoryWalk, ReparsePointFilesAreCountedByTheirSize) {
    FakeLister lister;
    lister.listings[kRoot.native] = listing({entry(L"placeholder.docx", FILE_ATTRIBUTE_REPARSE_POINT, 4000)});
    const auto usage = walk_directory_tree(lister, kRoot, 5, 0);
    ASSERT_TRUE(succeeded(usage));
    EXPECT_EQ(usage.value().total_bytes, 4000U);
    EXPECT_EQ(usage.value().files, 1U);
    EXPECT_EQ(usage.value().reparse_points_skipped, 0U);
}

// ---- OneDrive, deduplication and other reparse folders (issue 8) ----

WIN32_FIND_DATAW tagged_folder(const std::wstring& name, DWORD tag, DWORD extra_attributes = 0) {
    WIN32_FIND_DATAW data = entry(name, FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT | extra_attributes);
    data.dwReserved0 = tag;
    return data;
}

TEST(DirectoryWalk, OnlyNameSurrogateFoldersAreSkippedTable) {
    struct Case {
        const wchar_t* name;
        DWORD tag;
        bool walked;
    };
    const Case cases[] = {
        {L"junction", IO_REPARSE_TAG_MOUNT_POINT, false},
        {L"symbolic link", IO_REPARSE_TAG_SYMLINK, false},
        {L"no tag (Wine's Unix link)", 0, false},
        {L"OneDrive folder", 0x9000601AU /* IO_REPARSE_TAG_CLOUD_6 */, true},
        {L"cloud folder", 0x9000001AU /* IO_REPARSE_TAG_CLOUD */, true},
        {L"deduplicated folder", 0x80000013U /* IO_REPARSE_TAG_DEDUP */, true},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(to_utf8(c.name));
        FakeLister lister;
        lister.listings[kRoot.native] = listing({tagged_folder(c.name, c.tag), file_entry(L"ntuser.dat", 100)});
        lister.listings[kRoot.native + L"\\" + c.name] = listing({file_entry(L"inside.bin", 5000)});
        const auto usage = walk_directory_tree(lister, kRoot, 5, 0);
        ASSERT_TRUE(succeeded(usage));
        EXPECT_EQ(usage.value().total_bytes, c.walked ? 5100U : 100U);
        EXPECT_EQ(usage.value().reparse_points_skipped, c.walked ? 0U : 1U);
        EXPECT_EQ(usage.value().reparse_folders_walked, c.walked ? 1U : 0U);
        EXPECT_EQ(lister.open_searches, 0);
    }
}

TEST(DirectoryWalk, PlaceholdersCountTheirLogicalSizeAndAreReportedApart) {
    FakeLister lister;
    lister.listings[kRoot.native] = listing({tagged_folder(L"OneDrive", 0x9000601AU), file_entry(L"local.bin", 1000)});
    lister.listings[kRoot.native + L"\\OneDrive"] =
        listing({entry(L"cloud-only.mp4", FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS,
                       15ULL * 1024 * 1024 * 1024),
                 entry(L"offline.doc", FILE_ATTRIBUTE_OFFLINE, 300), entry(L"pinned.doc", FILE_ATTRIBUTE_REPARSE_POINT, 200)});
    const auto usage = walk_directory_tree(lister, kRoot, 5, 0);
    ASSERT_TRUE(succeeded(usage));
    EXPECT_EQ(usage.value().total_bytes, 15ULL * 1024 * 1024 * 1024 + 1500) << "the logical size of every file";
    EXPECT_EQ(usage.value().placeholder_files, 2U) << "a file kept on the device is not a placeholder";
    EXPECT_EQ(usage.value().placeholder_bytes, 15ULL * 1024 * 1024 * 1024 + 300);
    EXPECT_EQ(usage.value().files, 4U);
}

TEST(DirectoryWalk, StopsAtTheNextEntryWhenAskedAndClosesItsSearches) {
    FakeLister lister;
    lister.listings[kRoot.native] = listing({folder_entry(L"a"), folder_entry(L"b")});
    lister.listings[kRoot.native + L"\\a"] = listing({file_entry(L"1", 1), file_entry(L"2", 1), file_entry(L"3", 1)});
    lister.listings[kRoot.native + L"\\b"] = listing({file_entry(L"4", 1)});
    std::size_t polls = 0;
    const auto usage = walk_directory_tree(lister, kRoot, 5, 0, [&] { return ++polls > 4; });
    ASSERT_FALSE(usage.ok());
    EXPECT_EQ(usage.error().code, kWalkStoppedCode);
    EXPECT_EQ(polls, 5U) << "nothing is looked at after the stop";
    EXPECT_EQ(lister.open_searches, 0) << "every open search is closed";
}

TEST(DirectoryWalk, FolderThatRefusesListingIsCountedAndNamedAndTheWalkGoesOn) {
    FakeLister lister;
    lister.listings[kRoot.native] = listing({folder_entry(L"locked"), folder_entry(L"open")});
    lister.listings[kRoot.native + L"\\locked"] = {{}, ERROR_ACCESS_DENIED, ERROR_NO_MORE_FILES};
    lister.listings[kRoot.native + L"\\open"] = listing({file_entry(L"x.bin", 7)});
    const auto usage = walk_directory_tree(lister, kRoot, 5, 0);
    ASSERT_TRUE(succeeded(usage));
    EXPECT_EQ(usage.value().unreadable_folders, 1U);
    ASSERT_EQ(usage.value().unreadable_examples.size(), 1U);
    EXPECT_EQ(usage.value().unreadable_examples[0], "C:\\Users\\test\\locked (error 5)");
    EXPECT_EQ(usage.value().folders, 2U);
    EXPECT_EQ(usage.value().total_bytes, 7U);
    EXPECT_EQ(lister.open_searches, 0);
}

TEST(DirectoryWalk, ListingThatFailsPartWayKeepsWhatItReadAndCountsTheFolder) {
    FakeLister lister;
    lister.listings[kRoot.native] = listing({folder_entry(L"flaky")});
    FakeLister::Listing flaky = listing({file_entry(L"one.bin", 1), file_entry(L"two.bin", 2)});
    flaky.error_after_entries = ERROR_NETNAME_DELETED;
    lister.listings[kRoot.native + L"\\flaky"] = flaky;
    const auto usage = walk_directory_tree(lister, kRoot, 5, 0);
    ASSERT_TRUE(succeeded(usage));
    EXPECT_EQ(usage.value().total_bytes, 3U);
    EXPECT_EQ(usage.value().unreadable_folders, 1U);
    ASSERT_EQ(usage.value().unreadable_examples.size(), 1U);
    EXPECT_EQ(usage.value().unreadable_examples[0], "C:\\Users\\test\\flaky (error 64)");
    EXPECT_EQ(lister.open_searches, 0);
}

TEST(DirectoryWalk, FolderListedAsNoMatchIsEmptyNotUnreadable) {
    FakeLister lister;
    lister.listings[kRoot.native] = listing({folder_entry(L"bare")});
    lister.listings[kRoot.native + L"\\bare"] = {{}, ERROR_FILE_NOT_FOUND, ERROR_NO_MORE_FILES};
    const auto usage = walk_directory_tree(lister, kRoot, 5, 0);
    ASSERT_TRUE(succeeded(usage));
    EXPECT_EQ(usage.value().unreadable_folders, 0U);
    EXPECT_EQ(usage.value().folders, 1U);
}

TEST(DirectoryWalk, OnlyTheFirstTenUnreadableFoldersAreNamed) {
    FakeLister lister;
    std::vector<WIN32_FIND_DATAW> locked;
    for (int i = 0; i < 15; ++i) {
        const std::wstring name = L"locked" + std::to_wstring(i);
        locked.push_back(folder_entry(name));
        lister.listings[kRoot.native + L"\\" + name] = {{}, ERROR_ACCESS_DENIED, ERROR_NO_MORE_FILES};
    }
    lister.listings[kRoot.native] = listing(locked);
    const auto usage = walk_directory_tree(lister, kRoot, 5, 0);
    ASSERT_TRUE(succeeded(usage));
    EXPECT_EQ(usage.value().unreadable_folders, 15U);
    EXPECT_EQ(usage.value().unreadable_examples.size(), kMaxExamples);
}

TEST(DirectoryWalk, RootThatRefusesListingIsAnError) {
    FakeLister lister;
    lister.listings[kRoot.native] = {{}, ERROR_ACCESS_DENIED, ERROR_NO_MORE_FILES};
    const auto usage = walk_directory_tree(lister, kRoot, 5, 0);
    ASSERT_FALSE(usage);
    EXPECT_EQ(usage.error().api, "FindFirstFileExW");
    EXPECT_EQ(usage.error().code, ERROR_ACCESS_DENIED);
    EXPECT_NE(usage.error().message.find("C:\\Users\\test"), std::string::npos) << usage.error().message;
}

TEST(DirectoryWalk, SizesAbove4GiBUseBothHalves) {
    FakeLister lister;
    const std::uint64_t huge = 5ULL * 1024 * 1024 * 1024 + 123;
    lister.listings[kRoot.native] = listing({folder_entry(L"vm")});
    lister.listings[kRoot.native + L"\\vm"] = listing({file_entry(L"disk.vhdx", huge), file_entry(L"b", huge)});
    const auto usage = walk_directory_tree(lister, kRoot, 5, 0);
    ASSERT_TRUE(succeeded(usage));
    EXPECT_EQ(usage.value().total_bytes, 2 * huge);
    ASSERT_EQ(usage.value().largest_folders.size(), 1U);
    EXPECT_EQ(usage.value().largest_folders[0].bytes, 2 * huge);
}

TEST(DirectoryWalk, LargestFoldersAreBoundedByTopWithTiesInPathOrder) {
    FakeLister lister;
    lister.listings[kRoot.native] =
        listing({folder_entry(L"c"), folder_entry(L"a"), folder_entry(L"b"), folder_entry(L"d")});
    lister.listings[kRoot.native + L"\\a"] = listing({file_entry(L"f", 50)});
    lister.listings[kRoot.native + L"\\b"] = listing({file_entry(L"f", 50)});
    lister.listings[kRoot.native + L"\\c"] = listing({folder_entry(L"inner")});
    lister.listings[kRoot.native + L"\\c\\inner"] = listing({file_entry(L"f", 60), file_entry(L"g", 1)});
    lister.listings[kRoot.native + L"\\d"] = listing({file_entry(L"f", 10)});
    const auto usage = walk_directory_tree(lister, kRoot, 3, 0);
    ASSERT_TRUE(succeeded(usage));
    const std::vector<FolderSize>& largest = usage.value().largest_folders;
    ASSERT_EQ(largest.size(), 3U);
    EXPECT_EQ(largest[0].path, "C:\\Users\\test\\c");
    EXPECT_EQ(largest[0].bytes, 61U);
    EXPECT_EQ(largest[0].files, 2U);
    EXPECT_EQ(largest[1].path, "C:\\Users\\test\\a");
    EXPECT_EQ(largest[2].path, "C:\\Users\\test\\b");
    EXPECT_TRUE(succeeded(walk_directory_tree(lister, kRoot, 0, 0)));
    EXPECT_TRUE(walk_directory_tree(lister, kRoot, 0, 0).value().largest_folders.empty());
}

TEST(DirectoryWalk, LongPathsCountFilesFoldersAndLinksAtTheThreshold) {
    FakeLister lister;
    // "C:\Users\test\" is 14 characters: "abcdef" makes 20, "x" inside it 22.
    lister.listings[kRoot.native] = listing({folder_entry(L"abcdef"), junction_entry(L"abcdeg"), file_entry(L"abcd", 1)});
    lister.listings[kRoot.native + L"\\abcdef"] = listing({file_entry(L"x", 1)});
    const auto usage = walk_directory_tree(lister, kRoot, 3, 20);
    ASSERT_TRUE(succeeded(usage));
    EXPECT_EQ(usage.value().long_paths, 3U) << "abcdef (20), abcdeg (20), abcdef\\x (22); not abcd (18)";
    EXPECT_EQ(usage.value().long_path_examples,
              (std::vector<std::string>{"C:\\Users\\test\\abcdef", "C:\\Users\\test\\abcdef\\x", "C:\\Users\\test\\abcdeg"}));
}

TEST(DirectoryWalk, UncRootsReadWithTheirDoubleBackslash) {
    FakeLister lister;
    const WalkRoot unc{L"\\\\?\\UNC\\server\\share", 8, L"\\\\"};
    lister.listings[unc.native] = listing({folder_entry(L"locked")});
    lister.listings[unc.native + L"\\locked"] = {{}, ERROR_ACCESS_DENIED, ERROR_NO_MORE_FILES};
    const auto usage = walk_directory_tree(lister, unc, 3, 0);
    ASSERT_TRUE(succeeded(usage));
    ASSERT_EQ(usage.value().unreadable_examples.size(), 1U);
    EXPECT_EQ(usage.value().unreadable_examples[0], "\\\\server\\share\\locked (error 5)");
}

}  // namespace
}  // namespace ic::os::win32
