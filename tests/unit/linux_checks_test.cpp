// The Linux checks on the in-memory machine: a ready WorkSpace of each family passes, each staged
// problem turns exactly its check, faults become ERROR with the reason, and the shared ids keep one
// entry with a Windows and a Linux detection.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "imagechecker/check_registry.h"
#include "imagechecker/os/memory_system.h"
#include "imagechecker/os/recording.h"
#include "imagechecker/runner.h"
#include "main_presenter.h"
#include "linux/apps_outside_home_check.h"
#include "linux/image_removals_check.h"
#include "linux/linux_dhcp_check.h"
#include "linux/linux_not_encrypted_check.h"
#include "linux/linux_pending_reboot_check.h"
#include "linux/linux_required_components_check.h"
#include "linux/root_volume_usage_check.h"
#include "linux_workspace.h"
#include "test_support.h"

namespace ic {
namespace {

using os::MemorySystem;
using test::LinuxFamily;
using test::LinuxTree;
constexpr std::uint64_t kGiB = 1024ULL * 1024 * 1024;

const std::set<std::string> kLinuxIds{"pending-reboot", "dhcp",           "required-components", "not-encrypted",
                                      "root-volume-usage", "apps-outside-home", "image-removals"};

void stage(MemorySystem& system, const LinuxTree& tree) {
    system.set_os({os::OsFamily::Linux, "Linux (staged)", "", "", ""});
    system.set_space("/", {20 * kGiB, 18 * kGiB, 40 * kGiB});
    for (const auto& f : tree.folders) system.add_tree_directory(f);
    for (const auto& [path, text] : tree.files) system.add_text_file(path, text);
    for (const auto& [path, target] : tree.links) system.add_symlink(path, target);
    for (const auto& [path, package] : tree.owners) system.set_package_owner(path, package);
    if (tree.rpm) system.fail_package_database("this system keeps its packages in an RPM database, which ImageChecker does not read");
}

std::shared_ptr<MemorySystem> machine(const LinuxTree& tree) {
    auto system = std::make_shared<MemorySystem>();
    stage(*system, tree);
    return system;
}

RunSummary run_all(const std::shared_ptr<os::System>& system) {
    RunOptions options;
    options.ids = builtin_checks().select({}, {});
    return Runner(builtin_checks(), system, options).run();
}

std::string describe(const CheckOutcome& o) { return o.info.id + " " + to_string(o.result.status) + ": " + o.result.summary; }

Status ready_status(const CheckInfo& info) { return info.applies_to(os::OsFamily::Linux) ? Status::Passed : Status::Skipped; }

class ReadyLinuxWorkspace : public ::testing::TestWithParam<LinuxFamily> {};

TEST_P(ReadyLinuxWorkspace, EveryLinuxCheckPassesAndEveryWindowsCheckIsSkipped) {
    const auto summary = run_all(machine(test::ready_linux_workspace(GetParam())));
    ASSERT_EQ(summary.outcomes.size(), builtin_checks().catalogue().size());
    std::set<std::string> ran;
    for (const auto& o : summary.outcomes) {
        EXPECT_EQ(to_string(o.result.status), to_string(ready_status(o.info))) << describe(o);
        if (o.result.status != Status::Skipped) ran.insert(o.info.id);
    }
    EXPECT_EQ(ran, kLinuxIds);
    EXPECT_TRUE(summary.verdict.validation_successful()) << verdict_sentence(summary);
}

TEST_P(ReadyLinuxWorkspace, EachProblemTurnsExactlyItsCheck) {
    std::set<std::string> covered;
    for (const auto& problem : test::linux_problems(GetParam())) {
        SCOPED_TRACE(problem.name);
        LinuxTree tree = test::ready_linux_workspace(GetParam());
        problem.stage(tree);
        covered.insert(problem.check_id);
        const auto summary = run_all(machine(tree));
        for (const auto& o : summary.outcomes) {
            const Status expected = o.info.id == problem.check_id ? problem.expected : ready_status(o.info);
            EXPECT_EQ(to_string(o.result.status), to_string(expected)) << describe(o);
        }
    }
    EXPECT_EQ(covered, (std::set<std::string>{"pending-reboot", "not-encrypted", "required-components", "dhcp", "apps-outside-home"}));
}

INSTANTIATE_TEST_SUITE_P(Families, ReadyLinuxWorkspace,
                         ::testing::Values(LinuxFamily::AmazonLinux2, LinuxFamily::Ubuntu2204, LinuxFamily::Rocky8),
                         [](const auto& info) { return test::family_name(info.param); });

TEST(ReadyLinuxWorkspace, AFullRootVolumeTurnsOnlyRootVolumeUsage) {
    auto system = machine(test::ready_linux_workspace(LinuxFamily::AmazonLinux2));
    system->set_space("/", {1 * kGiB, 0, 40 * kGiB});  // 39 GiB used, 0 available to users
    for (const auto& o : run_all(system).outcomes)
        EXPECT_EQ(to_string(o.result.status), to_string(o.info.id == "root-volume-usage" ? Status::Failed : ready_status(o.info))) << describe(o);
}

TEST(ReadyLinuxWorkspace, ARecordedRunReplaysIdentically) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::Ubuntu2204);
    for (const auto& problem : test::linux_problems(LinuxFamily::Ubuntu2204)) problem.stage(tree);
    auto recorder = std::make_shared<os::RecordingSystem>(machine(tree));
    const auto live = run_all(recorder);
    const auto replayed = run_all(os::ReplaySystem::from_json(nlohmann::json::parse(recorder->to_json().dump()), "memory"));
    ASSERT_EQ(live.outcomes.size(), replayed.outcomes.size());
    for (std::size_t i = 0; i < live.outcomes.size(); ++i) {
        SCOPED_TRACE(live.outcomes[i].info.id);
        EXPECT_EQ(replayed.outcomes[i].result.status, live.outcomes[i].result.status);
        EXPECT_EQ(replayed.outcomes[i].result.summary, live.outcomes[i].result.summary);
        ASSERT_EQ(replayed.outcomes[i].result.evidence.size(), live.outcomes[i].result.evidence.size());
        for (std::size_t e = 0; e < live.outcomes[i].result.evidence.size(); ++e) {
            EXPECT_EQ(replayed.outcomes[i].result.evidence[e].item, live.outcomes[i].result.evidence[e].item);
            EXPECT_EQ(replayed.outcomes[i].result.evidence[e].observed, live.outcomes[i].result.evidence[e].observed);
        }
    }
    EXPECT_EQ(live.verdict.count(Status::Failed), 5U);
}

// ---- One id, two detections ----

TEST(PerPlatformChecks, AreListedOnceWithBothPlatformsAndTheLinuxWords) {
    std::size_t shared = 0;
    for (const auto& info : builtin_checks().catalogue()) {
        if (info.platforms != (kWindows | kLinux)) continue;
        ++shared;
        ASSERT_EQ(info.wordings.size(), 1U) << info.id;
        EXPECT_FALSE(info.for_os(os::OsFamily::Linux).rationale == info.rationale) << info.id;
        EXPECT_EQ(info.for_os(os::OsFamily::Windows).title, info.title) << info.id;
        EXPECT_EQ(info.for_os(os::OsFamily::Linux).aws_error_code, "") << info.id;
    }
    EXPECT_EQ(shared, 4U);
    EXPECT_EQ(builtin_checks().find("not-encrypted")->for_os(os::OsFamily::Linux).title, "/ and /home are not encrypted with dm-crypt");
    EXPECT_EQ(builtin_checks().find("not-encrypted")->for_os(os::OsFamily::Windows).aws_error_code,
              builtin_checks().find("not-encrypted")->aws_error_code);
}

TEST(PerPlatformChecks, RunTheDetectionOfTheSystemChecked) {
    MemorySystem windows;  // the fake's default: a Windows 10 machine with no restart markers
    auto check = builtin_checks().create("pending-reboot");
    const auto on_windows = test::run_check(*check, windows);
    EXPECT_EQ(on_windows.status, Status::Passed);
    EXPECT_NE(test::find_evidence(on_windows, "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending"), nullptr);

    MemorySystem linux_machine;
    stage(linux_machine, test::ready_linux_workspace(LinuxFamily::Ubuntu2204));
    auto fresh = builtin_checks().create("pending-reboot");
    const auto on_linux = test::run_check(*fresh, linux_machine);
    EXPECT_EQ(on_linux.status, Status::Passed);
    EXPECT_NE(test::find_evidence(on_linux, "/var/run/reboot-required"), nullptr);
}

TEST(PerPlatformChecks, TheRunnerShowsTheLinuxWordsOnLinux) {
    const auto summary = run_all(machine(test::ready_linux_workspace(LinuxFamily::Rocky8)));
    for (const auto& o : summary.outcomes)
        if (o.info.id == "dhcp") {
            EXPECT_EQ(o.info.title, "Every network interface gets its IPv4 address from DHCP");
        }
}

TEST(PerPlatformChecks, TheWindowListsTheLinuxChecksInLinuxWordsWithTheRemovalPreviewInInfo) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::Ubuntu2204);
    tree.file("/etc/sudoers.d/devs", "%developers ALL=(ALL) ALL\n");
    const auto summary = run_all(machine(tree));
    // As MainFrame builds its list: the checks that apply to the machine, in its system's words.
    std::vector<CheckInfo> shown;
    for (const auto& info : builtin_checks().catalogue())
        if (info.applies_to(os::OsFamily::Linux)) shown.push_back(info.for_os(os::OsFamily::Linux));
    gui::MainPresenter presenter(shown);
    presenter.run_started();
    for (const auto& o : summary.outcomes)
        if (o.result.status != Status::Skipped) presenter.check_finished(o);
    presenter.run_finished(summary, "");
    ASSERT_EQ(presenter.rows().size(), kLinuxIds.size());
    EXPECT_EQ(presenter.rows()[3].title, "/ and /home are not encrypted with dm-crypt");
    EXPECT_EQ(presenter.headline().title, "Validation Successful");
    const std::string info = presenter.info_text("image-removals");
    EXPECT_NE(info.find("may be yours: /etc/sudoers.d/devs: no installed package owns it"), std::string::npos) << info;
    EXPECT_NE(info.find("/etc/ssh/ssh_host_ed25519_key: shredded"), std::string::npos) << info;
    EXPECT_NE(presenter.info_text("dhcp").find("switch to DHCP before creating the image"), std::string::npos);
}

// ---- root-volume-usage ----

TEST(VolumeUsage, ComputesAsDfDoes) {
    struct Case {
        os::VolumeSpace space;  // free (to root), free to users, total
        int df_percent;
        bool over;
    };
    const std::vector<Case> cases{
        {{50, 40, 100}, 56, false},    // used 50, available 40: 55.6 %, rounded up as df does
        {{3, 3, 100}, 97, true},       // 97 % exactly is at the limit
        {{4, 3, 101}, 97, false},      // used 97, available 3: 97.0 % exactly -> at the limit
        {{31, 31, 1000}, 97, false},   // 96.9 %
        {{10, 0, 100}, 100, true},     // reserved blocks only: nothing available to users
    };
    for (const auto& c : cases) {
        const auto u = checks::volume_usage(c.space);
        ASSERT_TRUE(u.has_value());
        EXPECT_EQ(u->df_percent, c.df_percent) << c.space.total_bytes;
        EXPECT_EQ(u->at_or_over_limit, c.over || u->used * 100 >= 97 * (u->used + u->available)) << c.space.total_bytes;
    }
    EXPECT_TRUE(checks::volume_usage({4, 3, 101})->at_or_over_limit);  // 97 of 100 usable
    EXPECT_FALSE(checks::volume_usage({4, 4, 100})->at_or_over_limit);  // 96 of 100
    EXPECT_FALSE(checks::volume_usage({0, 0, 0}).has_value());
}

TEST(RootVolumeUsage, FailsAtTheLimitAndSaysHowMuchToFree) {
    MemorySystem system;
    stage(system, {});
    system.set_space("/", {3 * kGiB, 3 * kGiB, 100 * kGiB});
    checks::RootVolumeUsageCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Failed);
    EXPECT_EQ(r.summary, "/ is 97.0 % full, at or over the 97 % limit");
    ASSERT_NE(test::find_evidence(r, "to free"), nullptr);
}

TEST(RootVolumeUsage, AnUnreadableVolumeIsAnError) {
    MemorySystem system;
    stage(system, {});
    system.fail_space("/", {"statvfs", 13, "Permission denied"});
    checks::RootVolumeUsageCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_NE(r.summary.find("statvfs"), std::string::npos);
}

// ---- apps-outside-home ----

TEST(AppsOutsideHome, NamesEachFileAndTheHomePathItPointsTo) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::Ubuntu2204);
    tree.file("/usr/share/applications/editor.desktop", "[Desktop Entry]\nName=Editor\nExec=/home/alice/editor/editor %F\n");
    tree.file("/etc/ld.so.conf.d/custom.conf", "# custom libraries\n/home/alice/lib\n");
    tree.file("/etc/cron.d/backup", "SHELL=/bin/sh\n30 1 * * * root /home/ops/backup.sh\n");
    tree.file("/etc/environment", "PATH=\"/usr/local/sbin:/usr/bin:/home/alice/bin\"\n");
    tree.link("/opt/vendor/bin/run", "/home/alice/vendor/run");
    MemorySystem system;
    stage(system, tree);
    checks::AppsOutsideHomeCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Failed);
    EXPECT_EQ(r.summary, "5 kept files point into /home, which image creation empties");
    const auto* desktop = test::find_evidence(r, "/usr/share/applications/editor.desktop line 3");
    ASSERT_NE(desktop, nullptr);
    EXPECT_EQ(desktop->observed, "launcher: points to /home/alice/editor/editor, which will be gone");
    ASSERT_NE(test::find_evidence(r, "/etc/ld.so.conf.d/custom.conf line 2"), nullptr);
    ASSERT_NE(test::find_evidence(r, "/etc/cron.d/backup line 2"), nullptr);
    ASSERT_NE(test::find_evidence(r, "/etc/environment line 1"), nullptr);
    const auto* link = test::find_evidence(r, "/opt/vendor/bin/run");
    ASSERT_NE(link, nullptr);
    EXPECT_EQ(link->observed, "link: points to /home/alice/vendor/run, which will be gone");
}

TEST(AppsOutsideHome, ApplicationsInstalledForOneUserAreFailedAndNamedButDataIsNot) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::Rocky8);
    tree.file("/home/alice/.local/bin/httpie", "#!/usr/bin/python3\n");
    tree.folder("/home/alice/.local/lib/python3.6/site-packages/requests-2.31.0.dist-info");
    tree.folder("/home/bob/.local/share/flatpak/app/org.gimp.GIMP");
    tree.file("/home/bob/Downloads/Tool-1.0-x86_64.AppImage", "ELF");
    tree.file("/home/bob/Downloads/report.pdf", "%PDF");
    MemorySystem system;
    stage(system, tree);
    checks::AppsOutsideHomeCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Failed);
    EXPECT_EQ(r.summary, "4 applications are installed only under /home, so not in the image");
    EXPECT_NE(test::find_evidence(r, "/home/alice/.local/bin/httpie"), nullptr);
    EXPECT_NE(test::find_evidence(r, "/home/alice/.local/lib/python3.6/site-packages/requests-2.31.0.dist-info"), nullptr);
    EXPECT_NE(test::find_evidence(r, "/home/bob/.local/share/flatpak/app/org.gimp.GIMP"), nullptr);
    EXPECT_NE(test::find_evidence(r, "/home/bob/Downloads/Tool-1.0-x86_64.AppImage"), nullptr);
    EXPECT_EQ(test::find_evidence(r, "/home/bob/Downloads/report.pdf"), nullptr);
}

TEST(AppsOutsideHome, AnUnreadableFolderIsAnErrorWhenNothingElseIsFound) {
    MemorySystem system;
    stage(system, test::ready_linux_workspace(LinuxFamily::AmazonLinux2));
    system.fail_tree("/etc/systemd/system", {"opendir", 13, "Permission denied"});
    checks::AppsOutsideHomeCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_NE(r.summary.find("/etc/systemd/system"), std::string::npos);
}

// ---- image-removals ----

TEST(ImageRemovals, ListsWhatIsRemovedAndWhatLooksLikeTheAdminsOwnWork) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::Ubuntu2204);
    tree.file("/etc/sudoers.d/devs", "%developers ALL=(ALL) ALL\n");
    tree.file("/etc/security/access.conf", "# stock comments\n+ : root : ALL\n- : ALL : ALL\n");
    MemorySystem system;
    stage(system, tree);
    checks::ImageRemovalsCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Passed);  // a preview never blocks
    EXPECT_EQ(r.summary.rfind("review the list: 3 items look like your own work", 0), 0U) << r.summary;
    const auto* sudo = test::find_evidence(r, "may be yours: /etc/sudoers.d/devs");
    ASSERT_NE(sudo, nullptr);
    EXPECT_EQ(sudo->observed, "no installed package owns it: looks like your own sudo rule, lost in the image");
    EXPECT_EQ(test::find_evidence(r, "may be yours: /etc/sudoers.d/README"), nullptr);  // installed by the sudo package
    const auto* access = test::find_evidence(r, "may be yours: /etc/security/access.conf");
    ASSERT_NE(access, nullptr);
    EXPECT_NE(access->observed.find("holds 2 access rules"), std::string::npos);
    const auto* home = test::find_evidence(r, "may be yours: /home/alice");
    ASSERT_NE(home, nullptr);
    EXPECT_NE(home->observed.find("1 file, 25 bytes"), std::string::npos) << home->observed;
    const auto* keys = test::find_evidence(r, "/etc/ssh/ssh_host_ed25519_key");
    ASSERT_NE(keys, nullptr);
    EXPECT_EQ(keys->observed, "shredded: 7 bytes");
    ASSERT_NE(test::find_evidence(r, "/var/cache"), nullptr);
    EXPECT_EQ(test::find_evidence(r, "/var/cache")->observed, "removed: 1 file, 2.0 KiB (2,048 bytes)");
}

TEST(ImageRemovals, OnRpmSystemsASudoRuleMayBeTheAdminsAndSaysWhy) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::Rocky8);
    tree.file("/etc/sudoers.d/ops", "ops ALL=(ALL) NOPASSWD: ALL\n");
    MemorySystem system;
    stage(system, tree);
    checks::ImageRemovalsCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Passed);
    const auto* sudo = test::find_evidence(r, "may be yours: /etc/sudoers.d/ops");
    ASSERT_NE(sudo, nullptr);
    EXPECT_NE(sudo->observed.find("may be your own sudo rule"), std::string::npos);
    EXPECT_NE(sudo->observed.find("RPM database"), std::string::npos);
}

TEST(ImageRemovals, AnIncompletePreviewIsAnErrorNotAPass) {
    MemorySystem system;
    stage(system, test::ready_linux_workspace(LinuxFamily::AmazonLinux2));
    system.fail_tree("/var/cache", {"opendir", 13, "Permission denied"});
    checks::ImageRemovalsCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_NE(r.summary.find("/var/cache"), std::string::npos);
}

TEST(IsAccessRule, CommentsAndBlanksAreNotRules) {
    EXPECT_FALSE(checks::is_access_rule(""));
    EXPECT_FALSE(checks::is_access_rule("   "));
    EXPECT_FALSE(checks::is_access_rule("# + : root : ALL"));
    EXPECT_FALSE(checks::is_access_rule("  # indented comment"));
    EXPECT_TRUE(checks::is_access_rule("- : ALL : ALL"));
}

// ---- not-encrypted ----

TEST(NotEncrypted, FollowsTheRunningDeviceMapperStackDownToDmCrypt) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::Ubuntu2204);
    tree.file("/proc/self/mounts", "/dev/mapper/vg-root / ext4 rw 0 0\n/dev/nvme1n1 /home ext4 rw 0 0\n");
    tree.file("/sys/block/dm-0/dm/name", "nvme0n1p3_crypt\n").file("/sys/block/dm-0/dm/uuid", "CRYPT-LUKS2-1234abcd-nvme0n1p3_crypt\n");
    tree.folder("/sys/block/dm-0/slaves/nvme0n1p3");
    tree.file("/sys/block/dm-1/dm/name", "vg-root\n").file("/sys/block/dm-1/dm/uuid", "LVM-abcdef\n");
    tree.folder("/sys/block/dm-1/slaves/dm-0");
    MemorySystem system;
    stage(system, tree);
    checks::LinuxNotEncryptedCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Failed);
    EXPECT_EQ(r.summary, "encrypted with dm-crypt: / (mounted from /dev/mapper/vg-root, on dm-crypt nvme0n1p3_crypt)");
    const auto* home = test::find_evidence(r, "mounted /home");
    ASSERT_NE(home, nullptr);
    EXPECT_EQ(home->observed, "/dev/nvme1n1 — no dm-crypt device below it");
}

TEST(NotEncrypted, CrypttabSwapAloneIsNotAProblem) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::AmazonLinux2);
    tree.file("/etc/crypttab", "cryptswap /dev/nvme0n1p4 /dev/urandom swap,cipher=aes-xts-plain64\n");
    MemorySystem system;
    stage(system, tree);
    checks::LinuxNotEncryptedCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Passed);
    EXPECT_NE(test::find_evidence(r, "/etc/crypttab line 1")->observed.find("swap"), std::string::npos);
    EXPECT_NE(test::find_evidence(r, "device mapper")->observed.find("not visible"), std::string::npos);
}

TEST(NotEncrypted, AnUnreadableCrypttabIsAnError) {
    MemorySystem system;
    stage(system, test::ready_linux_workspace(LinuxFamily::Rocky8));
    system.fail_tree("/etc/crypttab", {"open", 13, "Permission denied"});
    checks::LinuxNotEncryptedCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Error);
}

TEST(EncryptedByFiles, LvmOnLuksCountsAndPlainVolumesDoNot) {
    const auto crypttab = checks::parse_crypttab("sda3_crypt UUID=1 none luks,discard\n");
    EXPECT_EQ(checks::encrypted_by_files(checks::parse_fstab("/dev/mapper/vg-root / ext4 defaults 0 1\n"), crypttab).size(), 1U);
    EXPECT_TRUE(checks::encrypted_by_files(checks::parse_fstab("UUID=2 / ext4 defaults 0 1\n"), crypttab).empty());
    EXPECT_TRUE(checks::encrypted_by_files(checks::parse_fstab("/dev/mapper/vg-root / ext4 defaults 0 1\n"), {}).empty());
}

// ---- required-components, pending-reboot, dhcp: details ----

TEST(RequiredComponents, SaysWhereItLookedForWhatIsMissing) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::Rocky8);
    tree.remove("/usr/lib/skylight").remove("/usr/lib/systemd/system/skylight-agent.service");
    MemorySystem system;
    stage(system, tree);
    checks::LinuxRequiredComponentsCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Failed);
    EXPECT_EQ(r.summary, "missing: Skylight agent");
    const auto* skylight = test::find_evidence(r, "Skylight agent");
    ASSERT_NE(skylight, nullptr);
    EXPECT_EQ(skylight->observed.rfind("not found; looked for /usr/lib/skylight, /var/lib/skylight, /usr/lib/systemd/system/skylight-agent.service", 0),
              0U);
    EXPECT_EQ(test::find_evidence(r, "DCV (WorkSpaces Streaming Protocol) agent")->observed,
              "found: /usr/lib/systemd/system/dcvserver.service");
}

TEST(RequiredComponents, AMaskedCloudInitIsTurnedOff) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::AmazonLinux2);
    tree.link("/etc/systemd/system/cloud-init.service", "/dev/null");
    MemorySystem system;
    stage(system, tree);
    checks::LinuxRequiredComponentsCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Failed);
    EXPECT_NE(test::find_evidence(r, "cloud-init")->observed.find("cloud-init.service is masked"), std::string::npos);
}

TEST(PendingReboot, NamesThePackagesThatAskForIt) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::Ubuntu2204);
    test::linux_problems(LinuxFamily::Ubuntu2204).front().stage(tree);
    MemorySystem system;
    stage(system, tree);
    checks::LinuxPendingRebootCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Failed);
    EXPECT_EQ(r.summary, "a restart is pending: reboot-required (asked for by linux-image-5.15.0-101-generic, linux-base)");
}

TEST(PendingReboot, ANewerKernelIsNamedWithTheRunningOne) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::Rocky8);
    test::linux_problems(LinuxFamily::Rocky8).front().stage(tree);
    MemorySystem system;
    stage(system, tree);
    checks::LinuxPendingRebootCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Failed);
    EXPECT_EQ(r.summary, "a restart is pending: kernel 4.18.0-553.el8_10.x86_64 installed, 4.18.0-513.24.1.el8_9.x86_64 running");
}

TEST(PendingReboot, ATreeWithoutARunningKernelPassesOnItsMarkersAndSaysSo) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::AmazonLinux2);
    tree.remove("/proc");
    MemorySystem system;
    stage(system, tree);
    checks::LinuxPendingRebootCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(r, "running kernel")->observed, "not stated (a tree that is not running, without /proc)");
}

TEST(NewestKernel, UsesVersionOrder) {
    EXPECT_EQ(checks::newest_kernel({"5.15.0-91-generic", "5.15.0-101-generic", "5.15.0-97-generic"}), "5.15.0-101-generic");
    EXPECT_FALSE(checks::newest_kernel({}).has_value());
}

TEST(Dhcp, NamesTheStaticAddressAndItsFileAndIgnoresWorkSpacesOwnFiles) {
    LinuxTree tree = test::ready_linux_workspace(LinuxFamily::Ubuntu2204);
    tree.file("/etc/netplan/yy-workspaces-base.yaml", "network:\n  ethernets:\n    ens6:\n      addresses: [172.16.0.5/24]\n");
    tree.file("/etc/network/interfaces", "auto lo\niface lo inet loopback\nauto eth1\niface eth1 inet static\n  address 192.168.7.2/24\n");
    MemorySystem system;
    stage(system, tree);
    checks::LinuxDhcpCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Failed);
    EXPECT_EQ(r.summary, "static IPv4 address: eth1 192.168.7.2/24 in /etc/network/interfaces");
    EXPECT_EQ(test::find_evidence(r, "/etc/netplan/yy-workspaces-base.yaml")->observed,
              "written by WorkSpaces and removed by image creation: not judged");
}

TEST(Dhcp, AnUnreadableKeyfileIsAnErrorWhenNoStaticAddressIsFound) {
    MemorySystem system;
    stage(system, test::ready_linux_workspace(LinuxFamily::Rocky8));
    system.fail_tree("/etc/NetworkManager/system-connections/eth0.nmconnection", {"open", 13, "Permission denied"});
    checks::LinuxDhcpCheck check;
    const auto r = test::run_check(check, system);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_NE(r.summary.find("eth0.nmconnection"), std::string::npos);
}

}  // namespace
}  // namespace ic
