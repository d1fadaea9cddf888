// FileProbe against real files in %TEMP%, including one whose path is longer than MAX_PATH, and the
// `\\?\` prefixing that makes such paths reachable on Windows.

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "imagechecker/os/system.h"
#include "test_support.h"
#include "win32_util.h"

namespace ic::os::win32 {
namespace {

using testing::ScopedPath;
using testing::succeeded;
using testing::temp_dir;
using testing::unique_name;
using testing::write_file;

/// Files and folders removed newest first, so each folder is empty by the time it is removed.
class ScopedPathStack {
public:
    ScopedPathStack() = default;
    ScopedPathStack(const ScopedPathStack&) = delete;
    ScopedPathStack& operator=(const ScopedPathStack&) = delete;
    ~ScopedPathStack() {
        while (!paths_.empty()) paths_.pop_back();
    }
    void push(const std::wstring& path, bool directory) { paths_.push_back(std::make_unique<ScopedPath>(path, directory)); }

private:
    std::vector<std::unique_ptr<ScopedPath>> paths_;
};

class FileProbeTest : public ::testing::Test {
protected:
    FileProbe& files() { return system_->files(); }
    std::unique_ptr<System> system_ = make_native_system();
};

// ---- stat ----

TEST_F(FileProbeTest, ExistingFileReportsItsSize) {
    const ScopedPath file(temp_dir() + L"\\" + unique_name(L"ic-stat") + L".bin", false);
    ASSERT_TRUE(write_file(file.path(), 12345));
    const auto stat = files().stat(to_utf8(file.path()));
    ASSERT_TRUE(succeeded(stat));
    ASSERT_TRUE(stat.value().has_value());
    EXPECT_FALSE(stat.value()->is_directory);
    EXPECT_EQ(stat.value()->size, 12345U);
}

TEST_F(FileProbeTest, FolderReportsIsDirectory) {
    const ScopedPath folder(temp_dir() + L"\\" + unique_name(L"ic-dir"), true);
    ASSERT_TRUE(CreateDirectoryW(folder.path().c_str(), nullptr));
    const auto stat = files().stat(to_utf8(folder.path()));
    ASSERT_TRUE(succeeded(stat));
    ASSERT_TRUE(stat.value().has_value());
    EXPECT_TRUE(stat.value()->is_directory);
    EXPECT_EQ(stat.value()->size, 0U);
}

TEST_F(FileProbeTest, UnicodeFileNameIsFound) {
    const ScopedPath file(temp_dir() + L"\\" + unique_name(L"ic-Grüße-日本") + L".txt", false);
    ASSERT_TRUE(write_file(file.path(), 3));
    const auto stat = files().stat(to_utf8(file.path()));
    ASSERT_TRUE(succeeded(stat));
    ASSERT_TRUE(stat.value().has_value());
    EXPECT_EQ(stat.value()->size, 3U);
}

TEST_F(FileProbeTest, MissingFileAndMissingFolderAreAbsentNotErrors) {
    const std::string missing_file = to_utf8(temp_dir() + L"\\" + unique_name(L"ic-missing") + L".txt");  // FILE_NOT_FOUND
    const std::string missing_parent = to_utf8(temp_dir() + L"\\" + unique_name(L"ic-missing") + L"\\x.txt");  // PATH_NOT_FOUND
    for (const std::string& path : {missing_file, missing_parent}) {
        SCOPED_TRACE(path);
        const auto stat = files().stat(path);
        ASSERT_TRUE(succeeded(stat));
        EXPECT_FALSE(stat.value().has_value());
    }
}

TEST_F(FileProbeTest, FileBeyondMaxPathIsFound) {
    // Four 60-character folders take the file well past 260 characters. Staging goes through "\\?\" so
    // it works on Windows without long-path opt-in; the probe is given the plain path.
    const std::wstring segment(60, L'd');
    std::wstring plain = temp_dir() + L"\\" + unique_name(L"ic-long");
    ScopedPathStack created;
    for (int depth = 0; depth < 5; ++depth) {
        if (depth > 0) plain += L"\\" + segment;
        const std::wstring prefixed = L"\\\\?\\" + plain;
        ASSERT_TRUE(CreateDirectoryW(prefixed.c_str(), nullptr)) << "CreateDirectoryW failed with " << GetLastError();
        created.push(prefixed, true);
    }
    const std::wstring file = plain + L"\\" + std::wstring(40, L'f') + L".txt";
    ASSERT_GT(file.size(), static_cast<std::size_t>(MAX_PATH));
    ASSERT_TRUE(write_file(L"\\\\?\\" + file, 4096));
    created.push(L"\\\\?\\" + file, false);

    const auto stat = files().stat(to_utf8(file));
    ASSERT_TRUE(succeeded(stat));
    ASSERT_TRUE(stat.value().has_value());
    EXPECT_EQ(stat.value()->size, 4096U);

    const auto missing = files().stat(to_utf8(plain + L"\\" + std::wstring(40, L'm') + L".txt"));
    ASSERT_TRUE(succeeded(missing));
    EXPECT_FALSE(missing.value().has_value());
}

// ---- Long-path prefixing (the private helper behind stat and space) ----

// ---- read_file ----

TEST_F(FileProbeTest, ReadFileReturnsTheBytesAndRefusesWhatIsTooLargeOrAFolder) {
    const ScopedPath file(temp_dir() + L"\\" + unique_name(L"ic-read") + L".xml", false);
    ASSERT_TRUE(write_file(file.path(), 300));
    const auto bytes = files().read_file(to_utf8(file.path()), 1024);
    ASSERT_TRUE(succeeded(bytes));
    ASSERT_TRUE(bytes.value().has_value());
    EXPECT_EQ(bytes.value()->size(), 300U);

    const auto too_large = files().read_file(to_utf8(file.path()), 100);
    ASSERT_FALSE(too_large.ok()) << "a file larger than asked for is an error, not a cut answer";
    EXPECT_EQ(too_large.error().code, ERROR_FILE_TOO_LARGE);

    const auto missing = files().read_file(to_utf8(temp_dir() + L"\\" + unique_name(L"ic-none") + L"\\x.xml"), 1024);
    ASSERT_TRUE(succeeded(missing));
    EXPECT_FALSE(missing.value().has_value());

    EXPECT_FALSE(files().read_file(to_utf8(temp_dir()), 1024).ok()) << "a folder has no bytes to read";
}

TEST(LongPathPrefix, ShortPathsAreLeftAlone) {
    EXPECT_EQ(with_long_path_prefix(L"C:\\Windows\\System32"), L"C:\\Windows\\System32");
    EXPECT_EQ(with_long_path_prefix(L"relative\\path"), L"relative\\path");
}

TEST(LongPathPrefix, LongDrivePathGetsTheExtendedPrefix) {
    const std::wstring path = L"C:\\" + std::wstring(300, L'a');
    EXPECT_EQ(with_long_path_prefix(path), L"\\\\?\\" + path);
}

TEST(LongPathPrefix, LongPathIsNormalisedBeforePrefixing) {
    // "\\?\" turns off normalisation, so forward slashes and ".." must be resolved first.
    const std::wstring tail(300, L'b');
    EXPECT_EQ(with_long_path_prefix(L"C:/skip/../" + tail), L"\\\\?\\C:\\" + tail);
}

TEST(LongPathPrefix, LongUncPathGetsTheUncPrefix) {
    const std::wstring tail(300, L'c');
    EXPECT_EQ(with_long_path_prefix(L"\\\\server\\share\\" + tail), L"\\\\?\\UNC\\server\\share\\" + tail);
}

TEST(LongPathPrefix, PrefixedAndRelativeLongPathsAreLeftAlone) {
    const std::wstring prefixed = L"\\\\?\\C:\\" + std::wstring(300, L'd');
    EXPECT_EQ(with_long_path_prefix(prefixed), prefixed);
    const std::wstring relative = std::wstring(300, L'e');
    EXPECT_EQ(with_long_path_prefix(relative), relative);
}

}  // namespace
}  // namespace ic::os::win32
