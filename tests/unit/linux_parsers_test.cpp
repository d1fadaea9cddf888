// Table tests of the pure Linux parsers (checks/linux/linux_parsers.h) and the path and version helpers.
#include <gtest/gtest.h>

#include "linux/linux_parsers.h"
#include "linux/linux_system_facts.h"

namespace ic::checks {
namespace {

// ---- os-release and shell assignments ----

TEST(ParseOsRelease, ReadsQuotedAndBareValues) {
    struct Case {
        std::string text, key, expected;
    };
    const std::vector<Case> cases{
        {"ID=ubuntu\n", "ID", "ubuntu"},
        {"ID=\"amzn\"\n", "ID", "amzn"},
        {"PRETTY_NAME='Rocky Linux 8.9 (Green Obsidian)'\n", "PRETTY_NAME", "Rocky Linux 8.9 (Green Obsidian)"},
        {"NAME=\"a \\\"quoted\\\" name\"\n", "NAME", "a \"quoted\" name"},
        {"# ID=commented\nID=debian\n", "ID", "debian"},
        {"ID=first\nID=second\n", "ID", "second"},
        {"VERSION_ID=\"22.04\"\r\n", "VERSION_ID", "22.04"},
        {"ID=ubuntu # trailing comment\n", "ID", "ubuntu"},
        {"not a line\n=novalue\n1BAD=x\nID=ok\n", "ID", "ok"},
    };
    for (const auto& c : cases) {
        const auto values = parse_os_release(c.text);
        auto it = values.find(c.key);
        ASSERT_NE(it, values.end()) << c.text;
        EXPECT_EQ(it->second, c.expected) << c.text;
    }
    EXPECT_TRUE(parse_os_release("").empty());
    EXPECT_EQ(parse_os_release("1BAD=x\n").count("1BAD"), 0U);
}

TEST(ParseShellAssignments, KeepsLineNumbersAndStripsExport) {
    const auto a = parse_shell_assignments("# c\nexport PATH=\"/usr/bin:/home/a/bin\"\n\nLANG=C\n");
    ASSERT_EQ(a.size(), 2U);
    EXPECT_EQ(a[0].key, "PATH");
    EXPECT_EQ(a[0].value, "/usr/bin:/home/a/bin");
    EXPECT_EQ(a[0].line, 2);
    EXPECT_EQ(a[1].line, 4);
}

TEST(DistroFromOsRelease, NamesTheFamilies) {
    struct Case {
        std::string text;
        Distro::Family family;
        bool workspaces;
    };
    const std::vector<Case> cases{
        {"ID=\"amzn\"\nVERSION_ID=\"2\"\n", Distro::Family::AmazonLinux, true},
        {"ID=ubuntu\n", Distro::Family::Ubuntu, true},
        {"ID=\"rocky\"\n", Distro::Family::RhelLike, true},
        {"ID=\"rhel\"\n", Distro::Family::RhelLike, true},
        {"ID=almalinux\n", Distro::Family::RhelLike, false},
        {"ID=debian\n", Distro::Family::Debian, false},
        {"ID=arch\n", Distro::Family::Other, false},
        {"", Distro::Family::Other, false},
    };
    for (const auto& c : cases) {
        const Distro d = distro_from_os_release(c.text);
        EXPECT_EQ(d.family, c.family) << c.text;
        EXPECT_EQ(d.is_workspaces_family(), c.workspaces) << c.text;
    }
    EXPECT_EQ(distro_from_os_release("ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n").not_workspaces_note(),
              "Debian GNU/Linux 12 (bookworm) is not a distribution WorkSpaces runs (Amazon Linux 2, Ubuntu 22.04, Rocky Linux 8, RHEL 8)");
}

// ---- Mount tables ----

TEST(ParseFstab, ReadsFieldsAndDecodesEscapes) {
    const auto e = parse_fstab("# comment\n\nUUID=abc /  xfs defaults 0 0\n/dev/mapper/vg-home\t/home ext4 rw 0 2\n"
                               "//srv/share /mnt/my\\040share cifs ro 0 0\nbroken-line\n");
    ASSERT_EQ(e.size(), 3U);
    EXPECT_EQ(e[0].source, "UUID=abc");
    EXPECT_EQ(e[0].mount_point, "/");
    EXPECT_EQ(e[0].type, "xfs");
    EXPECT_EQ(e[0].line, 3);
    EXPECT_EQ(e[1].mount_point, "/home");
    EXPECT_EQ(e[2].mount_point, "/mnt/my share");
    EXPECT_EQ(parse_fstab("a \\04").front().mount_point, "\\04");  // a cut escape stays as written
}

TEST(ParseCrypttab, ReadsNameDeviceKeyAndOptions) {
    const auto e = parse_crypttab("# <name> <device> <key> <options>\nluks-home UUID=1234 none luks,discard\nswap /dev/sda2 /dev/urandom swap\nonly\n");
    ASSERT_EQ(e.size(), 2U);
    EXPECT_EQ(e[0].name, "luks-home");
    EXPECT_EQ(e[0].device, "UUID=1234");
    EXPECT_EQ(e[0].key, "none");
    EXPECT_EQ(e[0].options, "luks,discard");
    EXPECT_EQ(e[1].options, "swap");
    EXPECT_EQ(e[1].line, 3);
}

// ---- INI ----

TEST(ParseIni, KeepsSectionsRepeatedKeysAndContinuations) {
    const auto e = parse_ini("; c\n[Unit]\nDescription = My app\n[Service]\nExecStart=/home/a/run \\\n  --flag\n# x\nEnvironment=A=1\nEnvironment=B=2\n");
    ASSERT_EQ(e.size(), 4U);
    EXPECT_EQ(e[0].section, "Unit");
    EXPECT_EQ(e[0].key, "Description");
    EXPECT_EQ(e[0].value, "My app");
    EXPECT_EQ(e[1].value, "/home/a/run  --flag");
    EXPECT_EQ(ini_values(e, "Service", "Environment"), (std::vector<std::string>{"A=1", "B=2"}));
    EXPECT_TRUE(parse_ini("[unterminated\nkey\n=\n").size() <= 1U);
}

// ---- YAML subset ----

TEST(ParseYamlSubset, ReadsNetplanShapes) {
    const auto doc = parse_yaml_subset(
        "# comment\nnetwork:\n  version: 2\n  ethernets:\n    eth0:\n      dhcp4: 'no'\n      addresses:\n      - 10.0.0.5/24\n"
        "      - \"10.0.0.6/24\"  # second\n      nameservers: {addresses: [1.1.1.1, 8.8.8.8]}\n      routes:\n        - to: default\n"
        "          via: 10.0.0.1\n");
    EXPECT_TRUE(doc.problems.empty()) << doc.problems.front();
    const YamlNode* eth0 = doc.root.get("network")->get("ethernets")->get("eth0");
    ASSERT_NE(eth0, nullptr);
    EXPECT_EQ(eth0->get("dhcp4")->scalar, "no");
    ASSERT_EQ(eth0->get("addresses")->items.size(), 2U);
    EXPECT_EQ(eth0->get("addresses")->items[1].scalar, "10.0.0.6/24");
    EXPECT_EQ(eth0->get("nameservers")->get("addresses")->items[1].scalar, "8.8.8.8");
    const auto& route = eth0->get("routes")->items.at(0);
    EXPECT_EQ(route.get("to")->scalar, "default");
    EXPECT_EQ(route.get("via")->scalar, "10.0.0.1");
}

TEST(ParseYamlSubset, ReportsWhatItCannotRead) {
    struct Case {
        std::string text;
        std::string problem;
    };
    const std::vector<Case> cases{
        {"a:\n\tb: 1\n", "line 2: a tab in the indentation"},
        {"a: [1, 2\n", "line 1: a flow list that does not close on its line"},
        {"a: &anchor 1\n", "line 1: anchors, aliases, tags and block scalars are not read"},
        {"a: 1\n---\nb: 2\n", "line 2: only the first document is read"},
        {"a:\n    b: 1\n  c: 2\n", "line 3: unexpected indentation"},
    };
    for (const auto& c : cases) {
        const auto doc = parse_yaml_subset(c.text);
        ASSERT_FALSE(doc.problems.empty()) << c.text;
        EXPECT_EQ(doc.problems.front(), c.problem) << c.text;
    }
    EXPECT_EQ(parse_yaml_subset("").root.kind, YamlNode::Kind::Null);
    EXPECT_EQ(parse_yaml_subset("- a\n- b\n").root.items.size(), 2U);
    EXPECT_EQ(parse_yaml_subset("key: 'it''s'\n").root.get("key")->scalar, "it's");
    EXPECT_EQ(parse_yaml_subset("url: http://x#frag\n").root.get("url")->scalar, "http://x#frag");
}

TEST(ParseYamlSubset, QuotesKeepTheirHashesColonsAndCommas) {
    // Inside "…" a backslash escapes the quote; inside '…' a doubled quote is a quote. Neither ends the
    // scalar, so a '#' after it is text, not a comment.
    const auto doc = parse_yaml_subset("a: \"x\\\" # y\"\nb: 'it'' # s'\n\"c: d\": 1\nlist: [\"p\\\", q\", 'r'', s']\n");
    EXPECT_TRUE(doc.problems.empty()) << doc.problems.front();
    EXPECT_EQ(doc.root.get("a")->scalar, "x\" # y");
    EXPECT_EQ(doc.root.get("b")->scalar, "it' # s");
    EXPECT_EQ(doc.root.get("c: d")->scalar, "1");
    ASSERT_EQ(doc.root.get("list")->items.size(), 2U);
    EXPECT_EQ(doc.root.get("list")->items[0].scalar, "p\", q");
    EXPECT_EQ(doc.root.get("list")->items[1].scalar, "r', s");
}

TEST(ParseYamlSubset, NestingDeeperThanAnyNetplanFileIsLeftOutWithAProblem) {
    // A line of 200,000 "- " and a flow list 200,000 deep: each level is one recursion of the parser,
    // which would exhaust the stack long before the end (and cost time quadratic in the size).
    std::string dashes;
    for (int i = 0; i < 200'000; ++i) dashes += "- ";
    dashes += "x\nafter: 1\n";
    const std::string brackets = "a: " + std::string(200'000, '[') + std::string(200'000, ']') + "\nb: 2\n";
    for (const std::string& text : {dashes, brackets}) {
        const auto doc = parse_yaml_subset(text);
        ASSERT_FALSE(doc.problems.empty());
        EXPECT_EQ(doc.problems.front(), "line 1: nested more than 32 levels deep; what is deeper is not read");
    }
    // What is shallow enough is still read, and the lines after the deep part too.
    const auto doc = parse_yaml_subset(brackets);
    EXPECT_EQ(doc.root.get("b")->scalar, "2");
    const YamlNode* a = doc.root.get("a");
    int depth = 0;
    while (a != nullptr && a->kind == YamlNode::Kind::List && !a->items.empty()) {
        a = &a->items.front();
        ++depth;
    }
    EXPECT_EQ(depth, kMaxYamlNesting - 1);  // the root mapping is one of the levels
}

// ---- Network configurations ----

struct NetCase {
    std::string name;
    NetworkFile (*parse)(const std::string&);
    std::string text;
    std::string interface;
    bool is_static;
    std::optional<bool> dhcp4;
    bool loopback = false;
};

TEST(ParseNetworkConfigs, TellStaticFromDhcpInEveryFormat) {
    const std::vector<NetCase> cases{
        {"netplan dhcp", &parse_netplan, "network:\n  ethernets:\n    ens5:\n      dhcp4: true\n", "ens5", false, true},
        {"netplan static", &parse_netplan, "network:\n  ethernets:\n    ens5:\n      addresses: [10.1.2.3/24]\n", "ens5", true, std::nullopt},
        {"netplan set-name", &parse_netplan, "network:\n  ethernets:\n    id0:\n      set-name: eth9\n      dhcp4: yes\n", "eth9", false, true},
        {"netplan ipv6 only", &parse_netplan, "network:\n  ethernets:\n    e:\n      addresses: [\"2001:db8::5/64\"]\n", "e", false, std::nullopt},
        {"netplan address with options", &parse_netplan,
         "network:\n  ethernets:\n    e:\n      addresses:\n        - 10.9.9.9/24:\n            lifetime: 0\n", "e", true, std::nullopt},
        {"netplan loopback", &parse_netplan, "network:\n  ethernets:\n    lo:\n      addresses: [127.0.0.2/8]\n", "lo", true, std::nullopt, true},
        {"NM auto", &parse_nm_keyfile, "[connection]\nid=Wired\ntype=ethernet\ninterface-name=eth0\n[ipv4]\nmethod=auto\n", "eth0", false, true},
        {"NM manual", &parse_nm_keyfile, "[connection]\nid=Wired\ntype=ethernet\n[ipv4]\nmethod=manual\naddress1=10.0.0.9/24,10.0.0.1\n", "Wired", true,
         false},
        {"NM no ipv4 section", &parse_nm_keyfile, "[connection]\nid=x\ntype=ethernet\n", "x", false, true},
        {"NM vpn", &parse_nm_keyfile, "[connection]\nid=corp\ntype=vpn\n[ipv4]\nmethod=manual\naddresses=10.8.0.2/24;\n", "corp", true, false, true},
        {"ifcfg dhcp", &parse_ifcfg, "DEVICE=eth0\nBOOTPROTO=dhcp\n", "eth0", false, true},
        {"ifcfg static", &parse_ifcfg, "DEVICE=eth0\nBOOTPROTO=none\nIPADDR=10.0.0.5\nPREFIX=24\n", "eth0", true, false},
        {"ifcfg numbered", &parse_ifcfg, "NAME=eth1\nIPADDR1=10.0.1.5\n", "eth1", true, false},
        {"networkd dhcp", &parse_networkd, "[Match]\nName=en*\n[Network]\nDHCP=ipv4\n", "en*", false, true},
        {"networkd static", &parse_networkd, "[Match]\nName=eth0\n[Network]\nAddress=192.168.1.10/24\nGateway=192.168.1.1\n", "eth0", true,
         std::nullopt},
        {"networkd address section", &parse_networkd, "[Match]\nName=eth0\n[Address]\nAddress=192.168.1.11/24\n", "eth0", true, std::nullopt},
        {"networkd empty Name= resets", &parse_networkd, "[Match]\nName=eth9\nName=\nName=eth0\n[Network]\nDHCP=yes\n", "eth0", false, true},
        {"networkd only an empty Name=", &parse_networkd, "[Match]\nName=\n[Network]\nDHCP=yes\n", "(every interface it matches)", false, true},
        {"ifupdown dhcp", &parse_ifupdown, "auto eth0\niface eth0 inet dhcp\n", "eth0", false, true},
        {"ifupdown static", &parse_ifupdown, "iface eth0 inet static\n    address 10.0.0.7/24\n    gateway 10.0.0.1\n", "eth0", true, false},
        {"ifupdown loopback", &parse_ifupdown, "auto lo\niface lo inet loopback\n", "lo", false, false, true},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const NetworkFile file = c.parse(c.text);
        ASSERT_EQ(file.interfaces.size(), 1U);
        const auto& i = file.interfaces.front();
        EXPECT_EQ(i.interface, c.interface);
        EXPECT_EQ(i.is_static(), c.is_static);
        EXPECT_EQ(i.dhcp4, c.dhcp4);
        EXPECT_EQ(i.loopback, c.loopback);
    }
}

TEST(ParseIfcfg, GivesEachAddressItsPrefixOnlyWhenThePrefixIsOne) {
    const auto file = parse_ifcfg("DEVICE=eth0\nBOOTPROTO=none\nIPADDR=10.0.4.25\nPREFIX=24\nIPADDR1=10.0.4.26\nPREFIX1=DEVICE=eth0\n"
                                  "IPADDR2=10.0.4.27/28\nPREFIX2=24\nIPADDR3=10.0.4.28\n");
    ASSERT_EQ(file.interfaces.size(), 1U);
    EXPECT_EQ(file.interfaces[0].static_addresses,
              (std::vector<std::string>{"10.0.4.25/24", "10.0.4.26", "10.0.4.27/28", "10.0.4.28"}));
}

TEST(IsIpv4Address, AcceptsDottedQuadsWithPrefixes) {
    for (const char* good : {"10.0.0.1", "10.0.0.1/24", "255.255.255.255/32", "0.0.0.0"}) EXPECT_TRUE(is_ipv4_address(good)) << good;
    for (const char* bad : {"", "10.0.0", "10.0.0.256", "10.0.0.1/33", "2001:db8::1", "a.b.c.d", "10.0.0.1/", "1.2.3.4.5", "10..0.1"})
        EXPECT_FALSE(is_ipv4_address(bad)) << bad;
}

// ---- What points into /home ----

TEST(HomeReferences, FindsPathsOutsideComments) {
    struct Case {
        std::string text;
        std::vector<std::string> paths;
    };
    const std::vector<Case> cases{
        {"ExecStart=/home/alice/app/run --x\n", {"/home/alice/app/run"}},
        {"export PATH=\"$PATH:/home/alice/bin:/opt/x\"\n", {"/home/alice/bin"}},
        {"# /home/alice/old\n", {}},
        {"WorkingDirectory=/home\n", {"/home"}},
        {"Exec=/usr/bin/homework /srv/homes\n", {}},
        {"/home/a/lib\n/home/b/lib\n", {"/home/a/lib", "/home/b/lib"}},
        {"0 2 * * * root /home/ops/backup.sh >/dev/null\n", {"/home/ops/backup.sh"}},
    };
    for (const auto& c : cases) {
        std::vector<std::string> found;
        for (const auto& r : home_references(c.text)) found.push_back(r.path);
        EXPECT_EQ(found, c.paths) << c.text;
    }
    EXPECT_EQ(home_references("x\n/home/a\n").front().line, 2);
}

TEST(IniHomeReferences, CountsOnlyTheSettingsThatRunOrLoadSomething) {
    const std::string unit = "[Unit]\nRequiresMountsFor=/home\nDescription=uses /home/x\n[Service]\nExecStart=/home/a/run\n"
                             "ExecStartPre=-/bin/mkdir /home/a/tmp\nWorkingDirectory=/home/a\nProtectHome=yes\n";
    const auto refs = ini_home_references(unit, {"Exec", "WorkingDirectory"});
    ASSERT_EQ(refs.size(), 3U);
    EXPECT_EQ(refs[0].path, "/home/a/run");
    EXPECT_EQ(refs[0].line, 5);
    EXPECT_EQ(refs[1].path, "/home/a/tmp");
    EXPECT_EQ(refs[2].path, "/home/a");
    EXPECT_EQ(refs[2].context, "WorkingDirectory=/home/a");
    EXPECT_TRUE(ini_home_references("[Desktop Entry]\nName=/home\n", {"Exec"}).empty());
}

TEST(ParseCrontabCommands, SkipsScheduleUserAndVariables) {
    const auto system = parse_crontab_commands("SHELL=/bin/sh\nPATH = /usr/bin\n# c\n17 * * * * root cd / && run-parts /etc/cron.hourly\n"
                                               "@reboot alice /home/alice/start.sh\n",
                                               true);
    ASSERT_EQ(system.size(), 2U);
    EXPECT_EQ(system[0].second, "cd / && run-parts /etc/cron.hourly");
    EXPECT_EQ(system[1].first, 5);
    EXPECT_EQ(system[1].second, "/home/alice/start.sh");
    const auto user = parse_crontab_commands("*/5 * * * * /home/bob/poll\n", false);
    ASSERT_EQ(user.size(), 1U);
    EXPECT_EQ(user[0].second, "/home/bob/poll");
    EXPECT_TRUE(parse_crontab_commands("* * *\n", false).empty());
}

// Inputs that once crashed a parser (found by mutating the table cases with a sanitizer build).
TEST(LinuxParsers, SurviveWhiteSpaceOtherThanBlanksAndTabs) {
    EXPECT_TRUE(parse_ifupdown("\v\n\f\n").interfaces.empty());
    EXPECT_TRUE(parse_crontab_commands("\v\n", true).empty());
    const auto commands = parse_crontab_commands("@reboot\vroot\v/home/a/run\n", true);
    ASSERT_EQ(commands.size(), 1U);
    EXPECT_EQ(commands[0].second, "/home/a/run");
    // A '#' after such white space starts a comment in every line-based reader, as it does after blanks.
    const std::string commented = "\f\v# a b c d e f g\n";
    EXPECT_TRUE(parse_crontab_commands(commented, true).empty());
    EXPECT_TRUE(parse_crypttab(commented).empty());
    EXPECT_TRUE(parse_fstab(commented).empty());
}

// ---- Paths and versions ----

TEST(Paths, NormaliseAndResolveLinksLexically) {
    EXPECT_EQ(normalise_path("/usr/../home//a/./b/"), "/home/a/b");
    EXPECT_EQ(normalise_path("/../.."), "/");
    EXPECT_EQ(link_destination("/usr/local/bin/tool", "../../../home/a/tool"), "/home/a/tool");
    EXPECT_EQ(link_destination("/usr/local/bin/tool", "/opt/tool/bin/tool"), "/opt/tool/bin/tool");
    EXPECT_TRUE(is_under_home("/home"));
    EXPECT_TRUE(is_under_home("/home/a"));
    EXPECT_FALSE(is_under_home("/homework"));
    EXPECT_FALSE(is_under_home("/srv/home/a"));
    EXPECT_TRUE(glob_match("ssh_host_*_key", "ssh_host_rsa_key"));
    EXPECT_FALSE(glob_match("ssh_host_*_key", "ssh_host_rsa_key.pub"));
    EXPECT_TRUE(glob_match("ifcfg-*", "ifcfg-eth0"));
    EXPECT_TRUE(glob_match("*", ""));
    EXPECT_FALSE(glob_match("?", ""));
}

TEST(CompareVersions, FollowsRpmOrder) {
    struct Case {
        std::string a, b;
        int expected;
    };
    const std::vector<Case> cases{
        {"4.18.0-553.el8_10.x86_64", "4.18.0-513.24.1.el8_9.x86_64", 1},
        {"5.15.0-101-generic", "5.15.0-91-generic", 1},
        {"4.14.336-257.562.amzn2.x86_64", "4.14.336-257.562.amzn2.x86_64", 0},
        {"1.0", "1.0.1", -1},
        {"1.0a", "1.0", 1},
        {"1.0~rc1", "1.0", -1},
        {"2", "10", -1},
        {"1.01", "1.1", 0},
        {"a", "1", -1},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(compare_versions(c.a, c.b), c.expected) << c.a << " vs " << c.b;
        EXPECT_EQ(compare_versions(c.b, c.a), -c.expected) << c.b << " vs " << c.a;
    }
}

}  // namespace
}  // namespace ic::checks
