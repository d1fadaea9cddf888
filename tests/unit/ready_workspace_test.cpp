// The staging in ready_workspace.h makes every check it covers pass, run through the built-in registry.
#include <gtest/gtest.h>

#include "imagechecker/check_registry.h"
#include "ready_workspace.h"
#include "test_support.h"

namespace ic {
namespace {

TEST(ReadyWorkspace, PassesTheServiceNetworkLicensingEncryptionAccountAndComponentChecks) {
    for (const char* id : {"free-space", "domain-services", "dhcp", "remote-desktop-services", "windows-modules-installer",
                           "ssm-agent-disabled", "rearm-count", "winrm-automatic", "required-components", "not-encrypted",
                           "domain-guests"}) {
        os::MemorySystem system;
        test::stage_ready_workspace(system);
        const auto check = builtin_checks().create(id);
        const auto result = test::run_check(*check, system, test::kReadyWorkspaceUser);
        EXPECT_EQ(result.status, Status::Passed) << id << ": " << result.summary;
    }
}

}  // namespace
}  // namespace ic
