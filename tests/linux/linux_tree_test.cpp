// The Linux tree probe on real folders: paths read under the root, links resolved inside it (never on
// this machine), dpkg ownership, text made valid UTF-8; and the real imagechecker-cli on staged trees of
// Amazon Linux 2, Ubuntu 22.04 and Rocky Linux 8 (run --root DIR --json -), ready and with each problem
// alone, plus a recording of a tree run that replays identically.
#include <gtest/gtest.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "imagechecker/os/system.h"
#include "linux_workspace.h"
#include "tree_on_disk.h"

namespace fs = std::filesystem;

namespace ic {
namespace {

/// A fresh folder under the build's temporary area, removed at the end of the test.
class TempTree {
public:
    TempTree() {
        static int counter = 0;
        path_ = fs::temp_directory_path() / ("ic-tree-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempTree() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    [[nodiscard]] std::string str() const { return path_.string(); }
    [[nodiscard]] fs::path at(const std::string& system_path) const { return path_ / system_path.substr(1); }

    void write(const std::string& system_path, const std::string& text) const {
        fs::create_directories(at(system_path).parent_path());
        std::ofstream(at(system_path), std::ios::binary) << text;
    }
    void link(const std::string& system_path, const std::string& target) const {
        fs::create_directories(at(system_path).parent_path());
        fs::create_symlink(target, at(system_path));
    }
    /// Writes a test::LinuxTree (tree_on_disk.h).
    void stage(const test::LinuxTree& tree) const { test::write_tree(tree, path_); }

private:
    fs::path path_;
};

// ---- The probe ----

TEST(LinuxTreeProbe, ReadsUnderTheRootAndResolvesLinksInsideIt) {
    TempTree t;
    t.write("/usr/lib/os-release", "ID=rocky\nPRETTY_NAME=\"Rocky Linux 8.9\"\n");
    t.link("/etc/os-release", "/usr/lib/os-release");  // absolute: must not read this machine's /usr/lib/os-release
    t.link("/var/run", "../run");
    t.write("/run/reboot-required", "");
    t.write("/etc/hostname", "staged-host\n");
    auto system = os::make_linux_system(t.str());
    EXPECT_EQ(system->source(), "tree");
    EXPECT_EQ(system->tree().root(), t.str());
    const auto text = system->tree().read_text("/etc/os-release").value();
    ASSERT_TRUE(text.has_value());
    EXPECT_NE(text->text.find("rocky"), std::string::npos);
    EXPECT_EQ(system->host().os().value().product_name, "Rocky Linux 8.9");
    EXPECT_EQ(system->host().machine_name().value(), "staged-host");
    EXPECT_EQ(system->host().interactive_user().value(), "");
    const auto entry = system->tree().entry("/etc/os-release").value();
    ASSERT_TRUE(entry.has_value());
    EXPECT_EQ(entry->kind, os::TreeEntryKind::Symlink);
    EXPECT_EQ(entry->link_target, "/usr/lib/os-release");
    EXPECT_TRUE(system->tree().entry("/var/run/reboot-required").value().has_value());
    EXPECT_FALSE(system->tree().entry("/etc/missing").value().has_value());
    EXPECT_FALSE(system->tree().list("/nope").value().has_value());
}

TEST(LinuxTreeProbe, ALinkOutOfTheRootStaysInsideIt) {
    TempTree t;
    t.link("/etc/passwd-link", "../../../../../../etc/passwd");  // climbs above the root: stops at the root
    EXPECT_FALSE(os::make_linux_system(t.str())->tree().read_text("/etc/passwd-link").value().has_value());
}

TEST(LinuxTreeProbe, ListsEntriesWithKindsSizesAndLinkTargets) {
    TempTree t;
    t.write("/etc/sudoers.d/ops", "ops ALL=(ALL) ALL\n");
    t.write("/etc/sudoers.d/README", "read me\n");
    t.link("/etc/sudoers.d/link", "ops");
    fs::create_directories(t.at("/etc/sudoers.d/sub"));
    const auto list = os::make_linux_system(t.str())->tree().list("/etc/sudoers.d").value();
    ASSERT_TRUE(list.has_value());
    ASSERT_EQ(list->size(), 4U);
    EXPECT_EQ((*list)[0].name, "README");
    EXPECT_EQ((*list)[0].size, 8U);
    EXPECT_EQ((*list)[1].kind, os::TreeEntryKind::Symlink);
    EXPECT_EQ((*list)[1].link_target, "ops");
    EXPECT_EQ((*list)[3].kind, os::TreeEntryKind::Directory);
}

TEST(LinuxTreeProbe, TellsWhichDpkgPackageInstalledAFile) {
    TempTree t;
    t.write("/var/lib/dpkg/info/sudo.list", "/.\n/etc\n/etc/sudoers.d\n/etc/sudoers.d/README\n");
    t.write("/var/lib/dpkg/info/libc6:amd64.list", "/lib/x86_64-linux-gnu/libc.so.6\n");
    auto system = os::make_linux_system(t.str());
    EXPECT_EQ(system->tree().package_owning("/etc/sudoers.d/README").value(), std::optional<std::string>("sudo"));
    EXPECT_EQ(system->tree().package_owning("/lib/x86_64-linux-gnu/libc.so.6").value(), std::optional<std::string>("libc6"));
    EXPECT_FALSE(system->tree().package_owning("/etc/sudoers.d/ops").value().has_value());
}

TEST(LinuxTreeProbe, AnRpmSystemSaysItsOwnershipCannotBeRead) {
    TempTree t;
    fs::create_directories(t.at("/var/lib/rpm"));
    const auto owner = os::make_linux_system(t.str())->tree().package_owning("/etc/sudoers.d/x");
    ASSERT_FALSE(owner.ok());
    EXPECT_NE(owner.error().message.find("RPM database"), std::string::npos);
}

TEST(LinuxTreeProbe, TextIsValidUtf8AndFoldersAreNotText) {
    TempTree t;
    t.write("/etc/latin1.conf", std::string("caf\xE9 ok\n"));
    fs::create_directories(t.at("/etc/dir"));
    auto system = os::make_linux_system(t.str());
    EXPECT_EQ(system->tree().read_text("/etc/latin1.conf").value()->text, "caf\xEF\xBF\xBD ok\n");
    EXPECT_FALSE(system->tree().read_text("/etc/dir").ok());
}

TEST(LinuxTreeProbe, TheRunningSystemReadsItsOwnKernelFiles) {
    auto system = os::make_native_system();
    EXPECT_EQ(system->tree().root(), "/");
    EXPECT_EQ(system->source(), "live");
    EXPECT_TRUE(system->tree().read_text("/proc/sys/kernel/osrelease").value().has_value());
}

// ---- The real CLI on staged trees ----

struct CliRun {
    int exit_code = -1;
    nlohmann::json report;
    std::string output;
};

CliRun run_cli(const std::string& arguments) {
    const std::string command = std::string(IC_CLI_PATH) + " " + arguments + " 2>/dev/null";
    CliRun run;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return run;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0;) run.output.append(buffer, n);
    const int status = ::pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (!run.output.empty() && run.output.front() == '{') run.report = nlohmann::json::parse(run.output, nullptr, false);
    return run;
}

std::map<std::string, std::string> statuses(const nlohmann::json& report) {
    std::map<std::string, std::string> out;
    for (const auto& c : report.at("checks")) out[c.at("id").get<std::string>()] = c.at("status").get<std::string>();
    return out;
}

const std::set<std::string> kLinuxIds{"pending-reboot", "dhcp", "required-components", "not-encrypted", "root-volume-usage", "apps-outside-home",
                                      "image-removals"};

// root-volume-usage judges the filesystem that holds the tree: this machine's temporary folder.
std::string expected_root_volume(const std::string& dir) {
    struct statvfs s {};
    if (::statvfs(dir.c_str(), &s) != 0) return "ERROR";
    const unsigned long long used = (s.f_blocks - s.f_bfree) * s.f_frsize;
    const unsigned long long avail = s.f_bavail * s.f_frsize;
    return used * 100 >= 97 * (used + avail) ? "FAILED" : "PASSED";
}

std::string ready_status(const std::string& id, const std::string& dir) {
    if (id == "root-volume-usage") return expected_root_volume(dir);
    return kLinuxIds.count(id) > 0 ? "PASSED" : "SKIPPED";
}

class StagedTree : public ::testing::TestWithParam<test::LinuxFamily> {};

TEST_P(StagedTree, ReadyTreePassesEveryLinuxCheckThroughTheCli) {
    TempTree t;
    t.stage(test::ready_linux_workspace(GetParam()));
    TempTree logs;
    const CliRun run = run_cli("run --root " + t.str() + " --json - --log-dir " + logs.str());
    ASSERT_TRUE(run.report.is_object()) << run.output;
    EXPECT_EQ(run.report["source"]["kind"], "tree");
    const std::map<test::LinuxFamily, std::string> hosts{
        {test::LinuxFamily::AmazonLinux2, "ws-al2"}, {test::LinuxFamily::Ubuntu2204, "ws-ubuntu"}, {test::LinuxFamily::Rocky8, "ws-rocky"}};
    EXPECT_EQ(run.report["machine"]["name"], hosts.at(GetParam()));
    for (const auto& [id, status] : statuses(run.report)) EXPECT_EQ(status, ready_status(id, t.str())) << id;
    EXPECT_EQ(run.exit_code, expected_root_volume(t.str()) == "PASSED" ? 0 : 2);
}

TEST_P(StagedTree, EachProblemFlipsExactlyItsCheckThroughTheCli) {
    for (const auto& problem : test::linux_problems(GetParam())) {
        SCOPED_TRACE(problem.name);
        test::LinuxTree tree = test::ready_linux_workspace(GetParam());
        problem.stage(tree);
        TempTree t;
        t.stage(tree);
        TempTree logs;
        const CliRun run = run_cli("run --root " + t.str() + " --json - --log-dir " + logs.str());
        ASSERT_TRUE(run.report.is_object()) << run.output;
        for (const auto& [id, status] : statuses(run.report))
            EXPECT_EQ(status, id == problem.check_id ? to_string(problem.expected) : ready_status(id, t.str())) << id;
        EXPECT_EQ(run.exit_code, 2);
    }
}

INSTANTIATE_TEST_SUITE_P(Families, StagedTree, ::testing::Values(test::LinuxFamily::AmazonLinux2, test::LinuxFamily::Ubuntu2204, test::LinuxFamily::Rocky8),
                         [](const auto& info) { return test::family_name(info.param); });

TEST(StagedTree, ARecordingOfATreeRunReplaysIdentically) {
    test::LinuxTree tree = test::ready_linux_workspace(test::LinuxFamily::AmazonLinux2);
    for (const auto& problem : test::linux_problems(test::LinuxFamily::AmazonLinux2)) problem.stage(tree);
    tree.file("/etc/sudoers.d/ops", "ops ALL=(ALL) ALL\n");
    TempTree t;
    t.stage(tree);
    TempTree work;
    const std::string recording = work.str() + "/tree.rec.json";
    const CliRun live = run_cli("run --root " + t.str() + " --json - --log-dir " + work.str() + " --record " + recording);
    ASSERT_TRUE(live.report.is_object()) << live.output;
    fs::remove_all(t.str());  // the replay must not need the tree
    const CliRun replayed = run_cli("run --replay " + recording + " --json - --log-dir " + work.str());
    ASSERT_TRUE(replayed.report.is_object()) << replayed.output;
    EXPECT_EQ(replayed.exit_code, live.exit_code);
    ASSERT_EQ(replayed.report["checks"].size(), live.report["checks"].size());
    for (std::size_t i = 0; i < live.report["checks"].size(); ++i) {
        const auto& a = live.report["checks"][i];
        const auto& b = replayed.report["checks"][i];
        SCOPED_TRACE(a["id"].get<std::string>());
        EXPECT_EQ(b["status"], a["status"]);
        EXPECT_EQ(b["summary"], a["summary"]);
        EXPECT_EQ(b["evidence"], a["evidence"]);
        EXPECT_EQ(b["title"], a["title"]);
    }
    EXPECT_EQ(statuses(live.report)["pending-reboot"], "FAILED");
    EXPECT_EQ(replayed.report["machine"]["name"], "ws-al2");
}

TEST(StagedTree, ARootThatIsNotAFolderIsAUsageError) {
    const CliRun run = run_cli("run --root /no/such/tree --json -");
    EXPECT_EQ(run.exit_code, 3);
}

}  // namespace
}  // namespace ic
