// ServiceProbe against the real service control manager (Wine's services.exe under ctest): a throw-away
// service is created with CreateServiceW, observed through find() and list(), changed through
// set_start_type() and set_account(), checked with QueryServiceConfigW, and deleted. start() and stop()
// drive ic_test_service.exe (test_service.cpp), a real service process built beside this program.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "imagechecker/os/system.h"
#include "test_support.h"
#include "win32_util.h"

namespace ic::os::win32 {
namespace {

using testing::succeeded;
using testing::unique_name;

constexpr const wchar_t* kBinaryPath = L"C:\\windows\\system32\\notepad.exe";

// The test service, quoted, from the folder of this program; `argument` is passed to it.
std::wstring test_service_command(const wchar_t* argument) {
    wchar_t module[MAX_PATH] = {};
    const DWORD length = GetModuleFileNameW(nullptr, module, MAX_PATH);
    std::wstring folder(module, length);
    folder.resize(folder.find_last_of(L'\\'));
    std::wstring command = L"\"" + folder + L"\\ic_test_service.exe\"";
    if (argument != nullptr) command += std::wstring(L" ") + argument;
    return command;
}

// ---- Fixture ----

/// Creates a demand-start, own-process service that is never started, and deletes it afterwards.
class ServiceProbeTest : public ::testing::Test {
protected:
    void SetUp() override {
        manager_.reset(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_ALL_ACCESS));
        ASSERT_TRUE(manager_) << "OpenSCManagerW failed with " << GetLastError();
    }

    void TearDown() override {
        if (!service_) return;
        // A test that failed half-way may leave its service running; it is stopped before it goes.
        SERVICE_STATUS status{};
        if (ControlService(service_.get(), SERVICE_CONTROL_STOP, &status)) {
            for (int wait = 0; wait < 100 && native_state() != SERVICE_STOPPED; ++wait) Sleep(100);
        }
        DeleteService(service_.get());
    }

    // Returns the CreateServiceW error, ERROR_SUCCESS when the service exists now.
    DWORD create(const wchar_t* account, const wchar_t* password, const std::wstring& binary = kBinaryPath) {
        name_ = unique_name(L"ImageCheckerTest");
        service_.reset(CreateServiceW(manager_.get(), name_.c_str(), L"ImageChecker test service", SERVICE_ALL_ACCESS,
                                      SERVICE_WIN32_OWN_PROCESS, SERVICE_DEMAND_START, SERVICE_ERROR_IGNORE,
                                      binary.c_str(), nullptr, nullptr, nullptr, account, password));
        return service_ ? ERROR_SUCCESS : GetLastError();
    }

    // The state as the service manager itself reports it.
    DWORD native_state() {
        SERVICE_STATUS status{};
        EXPECT_TRUE(QueryServiceStatus(service_.get(), &status));
        return status.dwCurrentState;
    }

    // The start type as the service manager itself reports it.
    DWORD native_start_type() {
        DWORD needed = 0;
        QueryServiceConfigW(service_.get(), nullptr, 0, &needed);
        StructBuffer buffer(needed);
        EXPECT_TRUE(QueryServiceConfigW(service_.get(), buffer.as<QUERY_SERVICE_CONFIGW>(), buffer.size(), &needed));
        return buffer.as<QUERY_SERVICE_CONFIGW>()->dwStartType;
    }

    [[nodiscard]] std::string name() const { return to_utf8(name_); }
    ServiceProbe& services() { return system_->services(); }

    std::unique_ptr<System> system_ = make_native_system();
    UniqueScHandle manager_;
    UniqueScHandle service_;  // declared after manager_, so closed first
    std::wstring name_;
};

// ---- find ----

TEST_F(ServiceProbeTest, FindReportsManualStoppedLocalSystemService) {
    ASSERT_EQ(create(nullptr, nullptr), static_cast<DWORD>(ERROR_SUCCESS));
    const auto found = services().find(name());
    ASSERT_TRUE(succeeded(found));
    ASSERT_TRUE(found.value().has_value());
    const ServiceInfo& info = *found.value();
    EXPECT_EQ(info.name, name());
    EXPECT_EQ(info.display_name, "ImageChecker test service");
    EXPECT_EQ(info.start_type, ServiceStartType::Manual);
    EXPECT_EQ(info.state, ServiceState::Stopped);
    EXPECT_EQ(info.account, "LocalSystem");
    EXPECT_EQ(info.binary_path, to_utf8(kBinaryPath));
}

TEST_F(ServiceProbeTest, FindReportsTheConfiguredLogOnAccount) {
    // Wine stores any account name without checking it; Windows refuses accounts that do not exist
    // (ERROR_INVALID_SERVICE_ACCOUNT), which leaves nothing to test there.
    for (const wchar_t* account : {L".\\LocalTestUser", L"CORP\\svc-imagechecker", L"NT AUTHORITY\\LocalService"}) {
        SCOPED_TRACE(to_utf8(account));
        const DWORD error = create(account, L"Unused-P4ssword");
        if (error == ERROR_INVALID_SERVICE_ACCOUNT) continue;
        ASSERT_EQ(error, static_cast<DWORD>(ERROR_SUCCESS));
        const auto found = services().find(name());
        ASSERT_TRUE(succeeded(found));
        ASSERT_TRUE(found.value().has_value());
        EXPECT_EQ(found.value()->account, to_utf8(account));
        DeleteService(service_.get());
        service_.reset();
    }
}

TEST_F(ServiceProbeTest, FindIgnoresCaseAndAnswersWithTheKeyName) {
    ASSERT_EQ(create(nullptr, nullptr), static_cast<DWORD>(ERROR_SUCCESS));
    std::string upper = name();
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const auto found = services().find(upper);
    ASSERT_TRUE(succeeded(found));
    ASSERT_TRUE(found.value().has_value());
    EXPECT_EQ(found.value()->name, name());
}

TEST_F(ServiceProbeTest, MissingServiceIsAbsentNotAnError) {
    for (const char* missing : {"ImageCheckerNoSuchService", "", "bad\\name"}) {
        SCOPED_TRACE(missing);
        const auto found = services().find(missing);
        ASSERT_TRUE(succeeded(found));
        EXPECT_FALSE(found.value().has_value());
    }
}

// ---- list ----

TEST_F(ServiceProbeTest, ListContainsTheCreatedServiceWithItsConfiguration) {
    ASSERT_EQ(create(nullptr, nullptr), static_cast<DWORD>(ERROR_SUCCESS));
    const auto all = services().list();
    ASSERT_TRUE(succeeded(all));
    const auto entry = std::find_if(all.value().begin(), all.value().end(),
                                    [&](const ServiceInfo& info) { return info.name == name(); });
    ASSERT_NE(entry, all.value().end());
    EXPECT_EQ(entry->start_type, ServiceStartType::Manual);
    EXPECT_EQ(entry->state, ServiceState::Stopped);
    EXPECT_EQ(entry->account, "LocalSystem");
    EXPECT_EQ(entry->binary_path, to_utf8(kBinaryPath));
    EXPECT_GT(all.value().size(), 1U) << "the system's own services are listed too";
}

// ---- set_start_type ----

TEST_F(ServiceProbeTest, SetStartTypeDisabledIsWhatTheServiceManagerReports) {
    // A local account where the system accepts one (Wine does), to show the account survives the change.
    if (create(L".\\LocalTestUser", L"Unused-P4ssword") != ERROR_SUCCESS) {
        ASSERT_EQ(create(nullptr, nullptr), static_cast<DWORD>(ERROR_SUCCESS));
    }
    const auto before = services().find(name());
    ASSERT_TRUE(succeeded(before));
    ASSERT_TRUE(before.value().has_value());

    ASSERT_TRUE(succeeded(services().set_start_type(name(), ServiceStartType::Disabled)));
    EXPECT_EQ(native_start_type(), static_cast<DWORD>(SERVICE_DISABLED));

    const auto after = services().find(name());
    ASSERT_TRUE(succeeded(after));
    ASSERT_TRUE(after.value().has_value());
    EXPECT_EQ(after.value()->start_type, ServiceStartType::Disabled);
    // Only the start type changes.
    EXPECT_EQ(after.value()->account, before.value()->account);
    EXPECT_EQ(after.value()->binary_path, before.value()->binary_path);
    EXPECT_EQ(after.value()->display_name, before.value()->display_name);
}

TEST_F(ServiceProbeTest, SetStartTypeAutomaticAndBackToManual) {
    ASSERT_EQ(create(nullptr, nullptr), static_cast<DWORD>(ERROR_SUCCESS));
    ASSERT_TRUE(succeeded(services().set_start_type(name(), ServiceStartType::Automatic)));
    EXPECT_EQ(native_start_type(), static_cast<DWORD>(SERVICE_AUTO_START));
    ASSERT_TRUE(succeeded(services().set_start_type(name(), ServiceStartType::Manual)));
    EXPECT_EQ(native_start_type(), static_cast<DWORD>(SERVICE_DEMAND_START));
}

TEST_F(ServiceProbeTest, SetStartTypeOfMissingServiceIsError1060) {
    const auto changed = services().set_start_type("ImageCheckerNoSuchService", ServiceStartType::Disabled);
    ASSERT_FALSE(changed);
    EXPECT_EQ(changed.error().code, ERROR_SERVICE_DOES_NOT_EXIST);
    EXPECT_EQ(changed.error().api, "OpenServiceW");
}

TEST_F(ServiceProbeTest, SetStartTypeUnknownIsRefusedWithoutChangingAnything) {
    ASSERT_EQ(create(nullptr, nullptr), static_cast<DWORD>(ERROR_SUCCESS));
    const auto changed = services().set_start_type(name(), ServiceStartType::Unknown);
    ASSERT_FALSE(changed);
    EXPECT_EQ(changed.error().code, ERROR_INVALID_PARAMETER);
    EXPECT_EQ(native_start_type(), static_cast<DWORD>(SERVICE_DEMAND_START));
}

// ---- set_account ----

TEST_F(ServiceProbeTest, SetAccountToLocalServiceAndBackIsWhatFindReports) {
    ASSERT_EQ(create(nullptr, nullptr), static_cast<DWORD>(ERROR_SUCCESS));
    ASSERT_TRUE(succeeded(services().set_account(name(), "NT AUTHORITY\\LocalService", "")));
    auto found = services().find(name());
    ASSERT_TRUE(succeeded(found));
    ASSERT_TRUE(found.value().has_value());
    EXPECT_EQ(found.value()->account, "NT AUTHORITY\\LocalService");
    EXPECT_EQ(found.value()->start_type, ServiceStartType::Manual) << "only the account changes";
    EXPECT_EQ(found.value()->binary_path, to_utf8(kBinaryPath));

    ASSERT_TRUE(succeeded(services().set_account(name(), "LocalSystem", "")));
    found = services().find(name());
    ASSERT_TRUE(succeeded(found));
    ASSERT_TRUE(found.value().has_value());
    EXPECT_EQ(found.value()->account, "LocalSystem");
}

TEST_F(ServiceProbeTest, SetAccountOfMissingServiceIsError1060) {
    const auto changed = services().set_account("ImageCheckerNoSuchService", "LocalSystem", "");
    ASSERT_FALSE(changed);
    EXPECT_EQ(changed.error().api, "OpenServiceW");
    EXPECT_EQ(changed.error().code, ERROR_SERVICE_DOES_NOT_EXIST);
}

TEST_F(ServiceProbeTest, SetAccountToNothingIsRefusedWithoutChangingAnything) {
    ASSERT_EQ(create(nullptr, nullptr), static_cast<DWORD>(ERROR_SUCCESS));
    const auto changed = services().set_account(name(), "", "");
    ASSERT_FALSE(changed);
    EXPECT_EQ(changed.error().code, ERROR_INVALID_PARAMETER);
    const auto found = services().find(name());
    ASSERT_TRUE(succeeded(found));
    ASSERT_TRUE(found.value().has_value());
    EXPECT_EQ(found.value()->account, "LocalSystem");
}

// ---- stop and start ----

TEST_F(ServiceProbeTest, StopOfAStoppedServiceSucceeds) {
    ASSERT_EQ(create(nullptr, nullptr), static_cast<DWORD>(ERROR_SUCCESS));
    ASSERT_EQ(native_state(), static_cast<DWORD>(SERVICE_STOPPED));
    EXPECT_TRUE(succeeded(services().stop(name())));
    EXPECT_EQ(native_state(), static_cast<DWORD>(SERVICE_STOPPED));
}

TEST_F(ServiceProbeTest, StopAndStartOfMissingServiceAreError1060) {
    for (const bool stopping : {true, false}) {
        SCOPED_TRACE(stopping ? "stop" : "start");
        const auto done = stopping ? services().stop("ImageCheckerNoSuchService") : services().start("ImageCheckerNoSuchService");
        ASSERT_FALSE(done);
        EXPECT_EQ(done.error().api, "OpenServiceW");
        EXPECT_EQ(done.error().code, ERROR_SERVICE_DOES_NOT_EXIST);
    }
}

TEST_F(ServiceProbeTest, StartRunsTheServiceAndStopStopsIt) {
    ASSERT_EQ(create(nullptr, nullptr, test_service_command(nullptr)), static_cast<DWORD>(ERROR_SUCCESS));
    ASSERT_TRUE(succeeded(services().start(name())));
    EXPECT_EQ(native_state(), static_cast<DWORD>(SERVICE_RUNNING)) << "start() waits until the service runs";
    auto found = services().find(name());
    ASSERT_TRUE(succeeded(found));
    ASSERT_TRUE(found.value().has_value());
    EXPECT_EQ(found.value()->state, ServiceState::Running);

    EXPECT_TRUE(succeeded(services().start(name()))) << "starting a running service succeeds";

    ASSERT_TRUE(succeeded(services().stop(name())));
    EXPECT_EQ(native_state(), static_cast<DWORD>(SERVICE_STOPPED)) << "stop() waits until the service stopped";
    EXPECT_TRUE(succeeded(services().stop(name()))) << "stopping it again succeeds";
}

TEST_F(ServiceProbeTest, StartOfAServiceThatFailsDuringStartUpIsItsExitCode) {
    ASSERT_EQ(create(nullptr, nullptr, test_service_command(L"fail")), static_cast<DWORD>(ERROR_SUCCESS));
    const auto started = services().start(name());
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().api, "StartServiceW");
    EXPECT_EQ(started.error().code, ERROR_INVALID_DATA) << started.error().message;
    EXPECT_EQ(native_state(), static_cast<DWORD>(SERVICE_STOPPED));
}

TEST_F(ServiceProbeTest, StartOfAServiceWhoseProgramIsMissingIsAWin32Error) {
    ASSERT_EQ(create(nullptr, nullptr, L"C:\\windows\\system32\\ic-no-such-service-program.exe"),
              static_cast<DWORD>(ERROR_SUCCESS));
    const auto started = services().start(name());
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().api, "StartServiceW");
    EXPECT_NE(started.error().code, 0);
    ::testing::Test::RecordProperty("missing_program_error", std::to_string(started.error().code) + " " + started.error().message);
    EXPECT_EQ(native_state(), static_cast<DWORD>(SERVICE_STOPPED)) << "nothing is left running";
}

}  // namespace
}  // namespace ic::os::win32
