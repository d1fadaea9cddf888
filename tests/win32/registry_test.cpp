// RegistryProbe against the real registry (Wine's under ctest): values staged with the raw API read back
// with their exact types, values written through the probe land with the right native type, absence is
// an answer, and a key whose DACL denies reading yields error 5.

#include <gtest/gtest.h>
#include <windows.h>
#include <sddl.h>  // after windows.h, which it needs

#include <algorithm>
#include <atomic>
#include <memory>
#include <ostream>
#include <thread>

#include "imagechecker/os/system.h"
#include "test_support.h"
#include "win32_util.h"

namespace ic::os {
// Readable failure messages for the value type (display() and to_string come from ic_core).
inline void PrintTo(const RegistryValue& value, std::ostream* out) {
    *out << to_string(value.type) << " " << value.display() << " (" << value.bytes.size() << " bytes)";
}
}  // namespace ic::os

namespace ic::os::win32 {
namespace {

using testing::ScopedRegistryTree;
using testing::succeeded;
using testing::unique_name;

// ---- Fixture ----

struct HiveCase {
    RegistryHive hive;
    HKEY root;
    const wchar_t* parent;
};

[[maybe_unused]] void PrintTo(const HiveCase& c, std::ostream* out) { *out << to_string(c.hive); }

/// A fresh key under HKCU\Software\ImageCheckerTest or HKLM\SOFTWARE\ImageCheckerTest per test,
/// deleted afterwards whatever the outcome.
class RegistryProbeTest : public ::testing::TestWithParam<HiveCase> {
protected:
    void SetUp() override {
        tree_ = std::make_unique<ScopedRegistryTree>(GetParam().root, GetParam().parent, unique_name(L"run"));
        HKEY key = nullptr;
        ASSERT_EQ(RegCreateKeyExW(root(), tree_->path().c_str(), 0, nullptr, 0, KEY_ALL_ACCESS | KEY_WOW64_64KEY,
                                  nullptr, &key, nullptr),
                  ERROR_SUCCESS);
        key_.reset(key);
    }

    [[nodiscard]] RegistryHive hive() const { return GetParam().hive; }
    [[nodiscard]] HKEY root() const { return GetParam().root; }
    [[nodiscard]] std::string path() const { return to_utf8(tree_->path()); }
    [[nodiscard]] HKEY key() const { return key_.get(); }
    RegistryProbe& registry() { return system_->registry(); }

    // Stages a value with the raw API: exactly these bytes, this type.
    void stage(const wchar_t* name, DWORD type, const void* data, DWORD size) {
        ASSERT_EQ(RegSetValueExW(key(), name, 0, type, static_cast<const BYTE*>(data), size), ERROR_SUCCESS);
    }

    // The native type and bytes of a value, read with the raw API.
    std::pair<DWORD, std::vector<BYTE>> raw(const wchar_t* name) {
        DWORD type = 0;
        DWORD size = 0;
        EXPECT_EQ(RegQueryValueExW(key(), name, nullptr, &type, nullptr, &size), ERROR_SUCCESS);
        std::vector<BYTE> data(size);
        EXPECT_EQ(RegQueryValueExW(key(), name, nullptr, &type, data.data(), &size), ERROR_SUCCESS);
        return {type, data};
    }

    RegistryValue read(const std::string& name) {
        auto result = registry().read_value(hive(), path(), name);
        if (!result) {
            ADD_FAILURE() << result.error().api << " " << result.error().code << " " << result.error().message;
            return {};
        }
        if (!result.value()) {
            ADD_FAILURE() << "value " << name << " is absent";
            return {};
        }
        return *result.value();
    }

    std::unique_ptr<System> system_ = make_native_system();
    std::unique_ptr<ScopedRegistryTree> tree_;
    UniqueHkey key_;  // declared after tree_, so closed before the tree is deleted
};

std::vector<BYTE> wide_bytes(const std::wstring& text, std::size_t characters) {
    const auto* first = reinterpret_cast<const BYTE*>(text.c_str());
    return {first, first + characters * sizeof(wchar_t)};
}

// ---- Values staged with the raw API ----

TEST_P(RegistryProbeTest, StagedValuesReadBackWithTheirExactTypes) {
    const std::wstring text = L"plain text";
    stage(L"sz", REG_SZ, text.c_str(), static_cast<DWORD>((text.size() + 1) * 2));
    const std::wstring expandable = L"%SystemRoot%\\System32";
    stage(L"expand", REG_EXPAND_SZ, expandable.c_str(), static_cast<DWORD>((expandable.size() + 1) * 2));
    const wchar_t lines[] = L"one\0two\0three\0";  // the literal adds the final NUL
    stage(L"multi", REG_MULTI_SZ, lines, sizeof lines);
    const DWORD dword = 0xFFFFFFFEUL;
    stage(L"dword", REG_DWORD, &dword, sizeof dword);
    const unsigned long long qword = 0x0123456789ABCDEFULL;
    stage(L"qword", REG_QWORD, &qword, sizeof qword);
    const BYTE binary[] = {0x00, 0x01, 0xFF, 0x00};
    stage(L"binary", REG_BINARY, binary, sizeof binary);
    stage(L"none", REG_NONE, binary, sizeof binary);

    EXPECT_EQ(read("sz"), RegistryValue::string("plain text"));
    EXPECT_EQ(read("expand"), RegistryValue::expand_string("%SystemRoot%\\System32")) << "must stay unexpanded";
    EXPECT_EQ(read("multi"), RegistryValue::multi_string({"one", "two", "three"}));
    EXPECT_EQ(read("dword"), RegistryValue::dword(0xFFFFFFFEUL));
    EXPECT_EQ(read("qword"), RegistryValue::qword(0x0123456789ABCDEFULL));
    EXPECT_EQ(read("binary"), RegistryValue::binary({0x00, 0x01, 0xFF, 0x00}));
    const RegistryValue none = read("none");
    EXPECT_EQ(none.type, RegistryValueType::None);
    EXPECT_EQ(none.bytes, (std::vector<std::uint8_t>{0x00, 0x01, 0xFF, 0x00}));
}

TEST_P(RegistryProbeTest, StringWithoutTerminatingNulReadsWhole) {
    const std::wstring text = L"no terminator";
    stage(L"bare", REG_SZ, text.c_str(), static_cast<DWORD>(text.size() * 2));
    stage(L"odd", REG_EXPAND_SZ, text.c_str(), static_cast<DWORD>(text.size() * 2 + 1));  // half a character more
    EXPECT_EQ(read("bare"), RegistryValue::string("no terminator"));
    EXPECT_EQ(read("odd"), RegistryValue::expand_string("no terminator"));
}

TEST_P(RegistryProbeTest, MultiStringWithoutFinalNulsKeepsItsLastLine) {
    const std::wstring lines(L"alpha\0beta", 10);
    stage(L"multi", REG_MULTI_SZ, lines.c_str(), static_cast<DWORD>(lines.size() * 2));
    EXPECT_EQ(read("multi"), RegistryValue::multi_string({"alpha", "beta"}));
}

TEST_P(RegistryProbeTest, EmptyValuesReadAsEmptyNotAbsent) {
    stage(L"sz", REG_SZ, L"", 0);
    stage(L"multi", REG_MULTI_SZ, L"\0", 4);
    stage(L"binary", REG_BINARY, nullptr, 0);
    EXPECT_EQ(read("sz"), RegistryValue::string(""));
    EXPECT_EQ(read("multi"), RegistryValue::multi_string({}));
    EXPECT_EQ(read("binary"), RegistryValue::binary({}));
}

TEST_P(RegistryProbeTest, DefaultValueReadsWithAnEmptyName) {
    const std::wstring text = L"the default";
    stage(L"", REG_SZ, text.c_str(), static_cast<DWORD>((text.size() + 1) * 2));
    EXPECT_EQ(read(""), RegistryValue::string("the default"));
}

// ---- Values written through the probe ----

TEST_P(RegistryProbeTest, WrittenValuesLandWithTheirNativeTypes) {
    struct Case {
        const char* name;
        RegistryValue value;
        DWORD native_type;
        std::vector<BYTE> native_bytes;
    };
    const std::wstring text = L"C:\\Windows";
    const std::wstring expandable = L"%SystemRoot%";
    const std::wstring lines(L"a\0bc\0\0", 6);  // "a", "bc", and the empty string that ends the list
    const std::vector<Case> cases = {
        {"sz", RegistryValue::string("C:\\Windows"), REG_SZ, wide_bytes(text, text.size() + 1)},
        {"expand", RegistryValue::expand_string("%SystemRoot%"), REG_EXPAND_SZ, wide_bytes(expandable, expandable.size() + 1)},
        {"multi", RegistryValue::multi_string({"a", "bc"}), REG_MULTI_SZ, wide_bytes(lines, lines.size())},
        {"dword", RegistryValue::dword(0x01020304), REG_DWORD, {0x04, 0x03, 0x02, 0x01}},
        {"qword", RegistryValue::qword(0x0102030405060708ULL), REG_QWORD, {8, 7, 6, 5, 4, 3, 2, 1}},
        {"binary", RegistryValue::binary({0xDE, 0xAD, 0x00}), REG_BINARY, {0xDE, 0xAD, 0x00}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        ASSERT_TRUE(succeeded(registry().write_value(hive(), path(), c.name, c.value)));
        const auto [type, bytes] = raw(to_wide(c.name).c_str());
        EXPECT_EQ(type, c.native_type);
        EXPECT_EQ(bytes, c.native_bytes);
        EXPECT_EQ(read(c.name), c.value);
    }
}

TEST_P(RegistryProbeTest, NoneValueRoundTripsWithItsBytes) {
    RegistryValue none;
    none.type = RegistryValueType::None;
    none.bytes = {1, 2, 3};
    ASSERT_TRUE(succeeded(registry().write_value(hive(), path(), "none", none)));
    EXPECT_EQ(raw(L"none").first, static_cast<DWORD>(REG_NONE));
    EXPECT_EQ(read("none"), none);
}

TEST_P(RegistryProbeTest, UnicodeNamesAndTextRoundTripAsUtf8) {
    const std::string name = u8"Grüße_日本";
    const std::string text = u8"Ünïcødé ✓ 𝄞";  // the last one is a surrogate pair in UTF-16
    ASSERT_TRUE(succeeded(registry().write_value(hive(), path(), name, RegistryValue::string(text))));
    const auto [type, bytes] = raw(L"Grüße_日本");
    EXPECT_EQ(type, static_cast<DWORD>(REG_SZ));
    const std::wstring expected = L"Ünïcødé ✓ 𝄞";
    EXPECT_EQ(bytes, wide_bytes(expected, expected.size() + 1));
    EXPECT_EQ(read(name), RegistryValue::string(text));
}

TEST_P(RegistryProbeTest, WriteCreatesMissingParentKeys) {
    const std::string deep = path() + "\\made\\by\\write";
    ASSERT_TRUE(succeeded(registry().write_value(hive(), deep, "v", RegistryValue::dword(7))));
    const auto exists = registry().key_exists(hive(), deep);
    ASSERT_TRUE(succeeded(exists));
    EXPECT_TRUE(exists.value());
}

TEST_P(RegistryProbeTest, MultiStringKeepsEmptyLinesInTheMiddleAsPendingRenamesUseThem) {
    // "doomed\0\0from\0to\0\0": delete doomed, rename from -> to, as MoveFileExW queues them.
    const wchar_t lines[] = L"doomed\0\0from\0to\0\0";
    stage(L"multi", REG_MULTI_SZ, lines, sizeof lines);
    EXPECT_EQ(read("multi"), RegistryValue::multi_string({"doomed", "", "from", "to"}));
}

TEST_P(RegistryProbeTest, MultiStringWithAnEmptyLineIsRefused) {
    // An empty line would end the list for every reader, so the value could not be read back as written.
    const auto written = registry().write_value(hive(), path(), "multi", RegistryValue::multi_string({"a", "", "b"}));
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().code, ERROR_INVALID_PARAMETER);
    DWORD size = 0;
    EXPECT_EQ(RegQueryValueExW(key(), L"multi", nullptr, nullptr, nullptr, &size), ERROR_FILE_NOT_FOUND);
}

TEST_P(RegistryProbeTest, DeleteValueRemovesItAndAbsentValueDeletesFine) {
    stage(L"gone", REG_DWORD, "\1\0\0\0", 4);
    ASSERT_TRUE(succeeded(registry().delete_value(hive(), path(), "gone")));
    DWORD size = 0;
    EXPECT_EQ(RegQueryValueExW(key(), L"gone", nullptr, nullptr, nullptr, &size), ERROR_FILE_NOT_FOUND);
    EXPECT_TRUE(succeeded(registry().delete_value(hive(), path(), "gone")));
    EXPECT_TRUE(succeeded(registry().delete_value(hive(), path() + "\\no\\such\\key", "gone")));
}

// ---- Absence ----

TEST_P(RegistryProbeTest, MissingKeyIsAbsentNotAnError) {
    const std::string missing = path() + "\\does-not-exist";
    const auto exists = registry().key_exists(hive(), missing);
    ASSERT_TRUE(succeeded(exists));
    EXPECT_FALSE(exists.value());
    const auto value = registry().read_value(hive(), missing, "anything");
    ASSERT_TRUE(succeeded(value));
    EXPECT_FALSE(value.value().has_value());
    const auto names = registry().subkeys(hive(), missing);
    ASSERT_TRUE(succeeded(names));
    EXPECT_TRUE(names.value().empty());
}

TEST_P(RegistryProbeTest, MissingValueInAnExistingKeyIsAbsent) {
    const auto exists = registry().key_exists(hive(), path());
    ASSERT_TRUE(succeeded(exists));
    EXPECT_TRUE(exists.value());
    const auto value = registry().read_value(hive(), path(), "no-such-value");
    ASSERT_TRUE(succeeded(value));
    EXPECT_FALSE(value.value().has_value());
}

// ---- Subkeys ----

TEST_P(RegistryProbeTest, SubkeysListsTheCreatedSubkeys) {
    for (const wchar_t* name : {L"Alpha", L"Beta", L"Gamma ünï"}) {
        HKEY sub = nullptr;
        ASSERT_EQ(RegCreateKeyExW(key(), name, 0, nullptr, 0, KEY_READ, nullptr, &sub, nullptr), ERROR_SUCCESS);
        RegCloseKey(sub);
    }
    const auto names = registry().subkeys(hive(), path());
    ASSERT_TRUE(succeeded(names));
    std::vector<std::string> sorted = names.value();
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::vector<std::string>{"Alpha", "Beta", u8"Gamma ünï"}));
}

TEST_P(RegistryProbeTest, KeyWithoutSubkeysListsNone) {
    const auto names = registry().subkeys(hive(), path());
    ASSERT_TRUE(succeeded(names));
    EXPECT_TRUE(names.value().empty());
}

// ---- Values that change while being read ----

TEST_P(RegistryProbeTest, ReadStaysWholeWhileAnotherThreadResizesTheValue) {
    // The writer flips the value between a short and a long string, so reads keep meeting a value that
    // grew between RegQueryValueExW's size query and its read (ERROR_MORE_DATA). Every read must
    // still return one of the two values whole.
    const std::wstring short_text = L"short";
    const std::wstring long_text(2000, L'L');
    stage(L"flip", REG_SZ, short_text.c_str(), static_cast<DWORD>((short_text.size() + 1) * 2));
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        for (bool grow = true; !stop.load(); grow = !grow) {
            const std::wstring& text = grow ? long_text : short_text;
            RegSetValueExW(key(), L"flip", 0, REG_SZ, reinterpret_cast<const BYTE*>(text.c_str()),
                           static_cast<DWORD>((text.size() + 1) * 2));
        }
    });
    const RegistryValue small = RegistryValue::string("short");
    const RegistryValue large = RegistryValue::string(std::string(2000, 'L'));
    int failures = 0;
    for (int i = 0; i < 300 && failures < 3; ++i) {
        const auto value = registry().read_value(hive(), path(), "flip");
        if (!value || !value.value() || (*value.value() != small && *value.value() != large)) {
            ++failures;
            ADD_FAILURE() << "read " << i << " was not whole"
                          << (value ? "" : ": " + value.error().api + " " + value.error().message);
        }
    }
    stop = true;
    writer.join();
}

INSTANTIATE_TEST_SUITE_P(Hives, RegistryProbeTest,
                         ::testing::Values(HiveCase{RegistryHive::CurrentUser, HKEY_CURRENT_USER, L"Software\\ImageCheckerTest"},
                                           HiveCase{RegistryHive::LocalMachine, HKEY_LOCAL_MACHINE, L"SOFTWARE\\ImageCheckerTest"}),
                         [](const ::testing::TestParamInfo<HiveCase>& info) {
                             return info.param.hive == RegistryHive::CurrentUser ? "HKCU" : "HKLM";
                         });

// ---- Access denied ----

/// A key under HKCU whose DACL denies Everyone (administrators included) KEY_QUERY_VALUE and
/// KEY_ENUMERATE_SUB_KEYS, while still allowing WRITE_DAC and DELETE so the fixture can clean up.
/// Wine ignores a DACL passed to RegCreateKeyExW in SECURITY_ATTRIBUTES but enforces one set
/// afterwards with RegSetKeySecurity, so the key is created first and locked second.
class RegistryAccessDeniedTest : public ::testing::Test {
protected:
    void SetUp() override {
        HKEY key = nullptr;
        ASSERT_EQ(RegCreateKeyExW(HKEY_CURRENT_USER, (tree_.path() + L"\\Locked\\Child").c_str(), 0, nullptr, 0,
                                  KEY_ALL_ACCESS, nullptr, &key, nullptr),
                  ERROR_SUCCESS);
        RegCloseKey(key);
        ASSERT_EQ(RegSetValueExW(open_locked(KEY_SET_VALUE).get(), L"v", 0, REG_DWORD,
                                 reinterpret_cast<const BYTE*>("\1\0\0\0"), 4),
                  ERROR_SUCCESS);
        set_dacl(L"D:P(D;;0x9;;;WD)(A;;KA;;;WD)");  // 0x9 = KEY_QUERY_VALUE | KEY_ENUMERATE_SUB_KEYS
        unlock_ = true;
    }

    void TearDown() override {
        if (unlock_) set_dacl(L"D:P(A;;KA;;;WD)");  // RegDeleteTreeW must enumerate the key again
    }

    UniqueHkey open_locked(REGSAM access) {
        HKEY key = nullptr;
        EXPECT_EQ(RegOpenKeyExW(HKEY_CURRENT_USER, (tree_.path() + L"\\Locked").c_str(), 0, access, &key), ERROR_SUCCESS);
        return UniqueHkey(key);
    }

    void set_dacl(const wchar_t* sddl) {
        PSECURITY_DESCRIPTOR descriptor = nullptr;
        ASSERT_TRUE(ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &descriptor, nullptr));
        const UniqueLocal<void> owner(descriptor);
        ASSERT_EQ(RegSetKeySecurity(open_locked(WRITE_DAC).get(), DACL_SECURITY_INFORMATION, descriptor), ERROR_SUCCESS);
    }

    [[nodiscard]] std::string locked_path() const { return to_utf8(tree_.path() + L"\\Locked"); }

    ScopedRegistryTree tree_{HKEY_CURRENT_USER, L"Software\\ImageCheckerTest", unique_name(L"denied")};
    bool unlock_ = false;
    std::unique_ptr<System> system_ = make_native_system();
};

TEST_F(RegistryAccessDeniedTest, UnreadableKeyReportsError5FromEveryRead) {
    // Proof that the OS enforces the DACL at all, before blaming the probe.
    HKEY raw = nullptr;
    const LSTATUS direct = RegOpenKeyExW(HKEY_CURRENT_USER, to_wide(locked_path()).c_str(), 0, KEY_QUERY_VALUE, &raw);
    if (direct == ERROR_SUCCESS) RegCloseKey(raw);
    if (direct == ERROR_SUCCESS) GTEST_SKIP() << "this system does not enforce a registry DACL for this user";
    ASSERT_EQ(direct, ERROR_ACCESS_DENIED);

    RegistryProbe& registry = system_->registry();
    const auto value = registry.read_value(RegistryHive::CurrentUser, locked_path(), "v");
    ASSERT_FALSE(value) << "access denied must be an error, not an absent value";
    EXPECT_EQ(value.error().code, ERROR_ACCESS_DENIED);
    EXPECT_EQ(value.error().api, "RegOpenKeyExW");
    EXPECT_FALSE(value.error().message.empty()) << "the message comes from FormatMessageW";

    const auto exists = registry.key_exists(RegistryHive::CurrentUser, locked_path());
    ASSERT_FALSE(exists);
    EXPECT_EQ(exists.error().code, ERROR_ACCESS_DENIED);

    const auto names = registry.subkeys(RegistryHive::CurrentUser, locked_path());
    ASSERT_FALSE(names);
    EXPECT_EQ(names.error().code, ERROR_ACCESS_DENIED);
}

}  // namespace
}  // namespace ic::os::win32
