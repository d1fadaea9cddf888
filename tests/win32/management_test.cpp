// ManagementProbe against the real WMI service (Wine's wbemprox under ctest). What Wine 8 has and
// lacks is pinned down here, because checks must not mistake its gaps for answers:
//   - root\CIMV2 Win32_OperatingSystem: present ("Microsoft Windows 7 Professional" and friends).
//   - SoftwareLicensingService (the rearm count): no such class, yet the query succeeds with no rows;
//     an unknown class in general lists as empty instead of failing with WBEM_E_INVALID_CLASS.
//   - root\CIMV2\Security\MicrosoftVolumeEncryption (BitLocker): no such namespace, WBEM_E_INVALID_NAMESPACE.

#include <gtest/gtest.h>
#include <windows.h>
#include <objbase.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <memory>
#include <thread>

#include "imagechecker/os/system.h"
#include "test_support.h"
#include "win32_util.h"

namespace ic::os::win32 {
namespace {

using testing::running_under_wine;
using testing::succeeded;

constexpr std::int64_t kInvalidNamespace = static_cast<std::int32_t>(0x8004100EU);
constexpr std::int64_t kNotFound = static_cast<std::int32_t>(0x80041002U);
constexpr std::int64_t kInvalidClass = static_cast<std::int32_t>(0x80041010U);

class ManagementProbeTest : public ::testing::Test {
protected:
    ManagementProbe& management() { return system_->management(); }
    std::unique_ptr<System> system_ = make_native_system();
};

bool all_digits(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string describe(const Result<std::vector<ManagementRow>>& rows) {
    if (!rows) return rows.error().describe();
    std::string text = std::to_string(rows.value().size()) + " row(s)";
    for (const ManagementRow& row : rows.value()) {
        text += ";";
        for (const auto& [name, value] : row) text += " " + name + "='" + value + "'";
    }
    return text;
}

// ---- What every Windows has ----

TEST_F(ManagementProbeTest, OperatingSystemCaptionIsOneNonEmptyRow) {
    const auto rows = management().query("root\\CIMV2", "SELECT Caption FROM Win32_OperatingSystem", {"Caption"});
    ASSERT_TRUE(succeeded(rows));
    ASSERT_EQ(rows.value().size(), 1U);
    ASSERT_EQ(rows.value()[0].size(), 1U);
    EXPECT_EQ(rows.value()[0][0].first, "Caption");
    EXPECT_FALSE(rows.value()[0][0].second.empty());
    ::testing::Test::RecordProperty("caption", rows.value()[0][0].second);
}

TEST_F(ManagementProbeTest, PropertiesComeBackInTheOrderAskedWithTypesAsText) {
    // TotalVisibleMemorySize is a uint64 (a BSTR in WMI's VARIANT), Primary a boolean.
    const auto rows = management().query("root\\CIMV2", "SELECT Primary, TotalVisibleMemorySize, Caption FROM Win32_OperatingSystem",
                                         {"TotalVisibleMemorySize", "Primary", "Caption"});
    ASSERT_TRUE(succeeded(rows));
    ASSERT_EQ(rows.value().size(), 1U);
    const ManagementRow& row = rows.value()[0];
    ASSERT_EQ(row.size(), 3U);
    EXPECT_EQ(row[0].first, "TotalVisibleMemorySize");
    EXPECT_TRUE(all_digits(row[0].second)) << row[0].second;
    EXPECT_EQ(row[1].first, "Primary");
    EXPECT_TRUE(row[1].second == "true" || row[1].second == "false") << row[1].second;
    EXPECT_EQ(row[2].first, "Caption");
}

TEST_F(ManagementProbeTest, ThirtyTwoBitIntegersComeBackAsDecimalText) {
    const auto rows = management().query("root\\CIMV2", "SELECT ProcessId FROM Win32_Process", {"ProcessId"});
    ASSERT_TRUE(succeeded(rows));
    ASSERT_FALSE(rows.value().empty());
    const std::string mine = std::to_string(GetCurrentProcessId());
    const auto found = std::find_if(rows.value().begin(), rows.value().end(),
                                    [&](const ManagementRow& row) { return row[0].second == mine; });
    EXPECT_NE(found, rows.value().end()) << "this process, " << mine << ", is among them";
}

TEST_F(ManagementProbeTest, NoPropertiesGivesOneEmptyRowPerObject) {
    const auto rows = management().query("root\\CIMV2", "SELECT Caption FROM Win32_OperatingSystem", {});
    ASSERT_TRUE(succeeded(rows));
    ASSERT_EQ(rows.value().size(), 1U);
    EXPECT_TRUE(rows.value()[0].empty());
}

// ---- Failures carry the call and the HRESULT ----

TEST_F(ManagementProbeTest, UnknownNamespaceIsAnErrorWithTheHresult) {
    const auto rows = management().query("root\\ImageCheckerNoSuchNamespace", "SELECT Caption FROM Win32_OperatingSystem", {"Caption"});
    ASSERT_FALSE(rows);
    EXPECT_EQ(rows.error().api, "IWbemLocator::ConnectServer");
    EXPECT_EQ(rows.error().code, kInvalidNamespace);
    EXPECT_NE(rows.error().message.find("0x8004100E"), std::string::npos) << rows.error().message;
}

TEST_F(ManagementProbeTest, UnknownPropertyIsAnErrorNotAnEmptyValue) {
    const auto rows = management().query("root\\CIMV2", "SELECT * FROM Win32_OperatingSystem", {"ImageCheckerNoSuchProperty"});
    ASSERT_FALSE(rows);
    EXPECT_EQ(rows.error().api, "IWbemClassObject::Get");
    EXPECT_EQ(rows.error().code, kNotFound);
    EXPECT_NE(rows.error().message.find("ImageCheckerNoSuchProperty"), std::string::npos) << rows.error().message;
}

TEST_F(ManagementProbeTest, UnknownClassIsAnErrorOnWindowsAndNoRowsUnderWine) {
    const auto rows = management().query("root\\CIMV2", "SELECT Caption FROM ImageChecker_NoSuchClass", {"Caption"});
    if (running_under_wine()) {
        ASSERT_TRUE(succeeded(rows));
        EXPECT_TRUE(rows.value().empty()) << "Wine lists an unknown class as empty";
        return;
    }
    ASSERT_FALSE(rows);
    EXPECT_EQ(rows.error().code, kInvalidClass) << rows.error().describe();
}

// ---- The classes the checks need ----

TEST_F(ManagementProbeTest, RearmCountIsANumberOnWindowsAndMissingUnderWine) {
    const auto rows = management().query("root\\CIMV2", "SELECT RemainingWindowsReArmCount FROM SoftwareLicensingService",
                                         {"RemainingWindowsReArmCount"});
    ::testing::Test::RecordProperty("rearm", describe(rows));
    std::cout << "SoftwareLicensingService: " << describe(rows) << "\n";
    ASSERT_TRUE(succeeded(rows));
    if (running_under_wine()) {
        EXPECT_TRUE(rows.value().empty()) << "Wine 8 has no SoftwareLicensingService; a check must not read 'no rows' as a count";
        return;
    }
    ASSERT_EQ(rows.value().size(), 1U);
    EXPECT_TRUE(all_digits(rows.value()[0][0].second)) << rows.value()[0][0].second;
}

TEST_F(ManagementProbeTest, EncryptableVolumesNeedTheBitLockerNamespaceWhichWineLacks) {
    const auto rows = management().query("root\\CIMV2\\Security\\MicrosoftVolumeEncryption",
                                         "SELECT DriveLetter, ProtectionStatus, ConversionStatus FROM Win32_EncryptableVolume",
                                         {"DriveLetter", "ProtectionStatus", "ConversionStatus"});
    ::testing::Test::RecordProperty("bitlocker", describe(rows));
    std::cout << "Win32_EncryptableVolume: " << describe(rows) << "\n";
    if (running_under_wine()) {
        ASSERT_FALSE(rows);
        EXPECT_EQ(rows.error().api, "IWbemLocator::ConnectServer");
        EXPECT_EQ(rows.error().code, kInvalidNamespace);
        return;
    }
    // Windows: rows when elevated on an edition with BitLocker; otherwise an error with its HRESULT
    // (WBEM_E_ACCESS_DENIED unelevated, WBEM_E_INVALID_NAMESPACE where the feature is absent).
    if (!rows) {
        EXPECT_NE(rows.error().code, 0);
    }
}

// ---- COM on the caller's thread ----

TEST_F(ManagementProbeTest, ThreadWithASingleThreadedApartmentCanQueryAndKeepsIt) {
    bool answered = false;
    HRESULT apartment_after = E_FAIL;
    std::thread worker([&] {
        if (FAILED(CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED))) return;
        const auto rows = management().query("root\\CIMV2", "SELECT Caption FROM Win32_OperatingSystem", {"Caption"});
        answered = rows && rows.value().size() == 1;
        // Still single-threaded: S_FALSE for the same model; RPC_E_CHANGED_MODE would mean it was changed.
        apartment_after = CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED);
        if (SUCCEEDED(apartment_after)) CoUninitialize();
        CoUninitialize();
    });
    worker.join();
    EXPECT_TRUE(answered);
    EXPECT_EQ(apartment_after, S_FALSE);
}

TEST_F(ManagementProbeTest, QueriesFromSeveralThreadsAtOnceAllAnswer) {
    std::atomic<int> answered{0};
    std::vector<std::thread> workers;
    for (int i = 0; i < 4; ++i) {
        workers.emplace_back([&] {
            const auto rows = management().query("root\\CIMV2", "SELECT Caption FROM Win32_OperatingSystem", {"Caption"});
            if (rows && rows.value().size() == 1) ++answered;
        });
    }
    for (std::thread& worker : workers) worker.join();
    EXPECT_EQ(answered.load(), 4);
}

TEST_F(ManagementProbeTest, ThreadWithoutComIsLeftWithoutCom) {
    HRESULT after = E_FAIL;
    std::thread worker([&] {
        management().query("root\\CIMV2", "SELECT Caption FROM Win32_OperatingSystem", {"Caption"});
        // S_OK: this is the first initialisation again, so the query balanced its own.
        after = CoInitializeEx(nullptr, COINIT_MULTITHREADED);
        if (SUCCEEDED(after)) CoUninitialize();
    });
    worker.join();
    EXPECT_EQ(after, S_OK);
}

}  // namespace
}  // namespace ic::os::win32
