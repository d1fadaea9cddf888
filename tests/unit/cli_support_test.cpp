// The support commands of the CLI: review, collect, run --html.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "bundle.h"
#include "cli.h"
#include "test_support.h"

namespace ic::cli {
namespace {

namespace fs = std::filesystem;

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
};

class CliSupportTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = test::make_temp_dir("ic-support");
        machine_ = std::make_shared<os::MemorySystem>();
        machine_->add_drive('Z', os::DriveType::Network, "\\\\srv\\share");
    }

    CliRun cli(std::vector<std::string> args) {
        args.insert(args.begin(), "imagechecker-cli");
        Environment env;
        auto machine = machine_;
        env.make_system = [machine] { return machine; };
        env.default_log_dirs = {dir_};
        env.registry = &test::engine_checks();
        std::ostringstream out;
        std::ostringstream err;
        CliRun r;
        r.code = run(args, out, err, env);
        r.out = out.str();
        r.err = err.str();
        return r;
    }

    std::string only_log() const {
        std::string found;
        for (const auto& e : fs::directory_iterator(dir_))
            if (e.path().extension() == ".log") found = e.path().u8string();
        return found;
    }

    std::string dir_;
    std::shared_ptr<os::MemorySystem> machine_;
};

TEST_F(CliSupportTest, ReviewOfALogPrintsTheSummaryAndOfAReportTheSameChecks) {
    ASSERT_EQ(cli({"run", "--json", dir_ + "/report.json"}).code, 2);
    const auto log = cli({"review", only_log()});
    EXPECT_EQ(log.code, 0) << log.out << log.err;
    EXPECT_NE(log.out.find("Machine:  WS-TEST"), std::string::npos) << log.out;
    EXPECT_NE(log.out.find("FAILED    drives"), std::string::npos) << log.out;
    EXPECT_NE(log.out.find("AdditionalDrivesPresent"), std::string::npos) << log.out;
    const auto report = cli({"review", dir_ + "/report.json"});
    EXPECT_EQ(report.code, 0) << report.err;
    EXPECT_NE(report.out.find("FAILED    drives"), std::string::npos) << report.out;

    const auto as_json = cli({"review", "--json", only_log()});
    const auto j = nlohmann::json::parse(as_json.out);
    EXPECT_EQ(j["kind"], "log");
    EXPECT_EQ(j["machine"]["name"], "WS-TEST");
    EXPECT_EQ(j["checks"][0]["status"], "FAILED");
    EXPECT_EQ(j["partial"], false);
}

TEST_F(CliSupportTest, ReviewOfAForeignFileIsAnInputErrorAndOfATruncatedLogIsPartial) {
    std::ofstream(dir_ + "/notes.txt") << "The image failed again, see attached.\n";
    const auto foreign = cli({"review", dir_ + "/notes.txt"});
    EXPECT_EQ(foreign.code, 3);
    EXPECT_NE(foreign.err.find("not an ImageChecker log"), std::string::npos) << foreign.err;
    EXPECT_EQ(cli({"review", dir_ + "/missing.log"}).code, 3);

    ASSERT_EQ(cli({"run"}).code, 2);
    const std::string text = test::read_file(only_log());
    std::ofstream(dir_ + "/cut.log", std::ios::binary) << text.substr(0, text.size() / 2);
    const auto cut = cli({"review", dir_ + "/cut.log"});
    EXPECT_EQ(cut.code, 1);
    EXPECT_NE(cut.out.find("This review is partial"), std::string::npos) << cut.out;
}

TEST_F(CliSupportTest, ReviewOfTwoRunsNamesWhatWasFixedOldestFirst) {
    ASSERT_EQ(cli({"run", "--json", dir_ + "/before.json"}).code, 2);
    machine_->clear_drives().add_drive('C', os::DriveType::Fixed).add_drive('D', os::DriveType::Fixed);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    ASSERT_EQ(cli({"run", "--json", dir_ + "/after.json"}).code, 0);
    const auto r = cli({"review", dir_ + "/after.json", dir_ + "/before.json", "--html", dir_ + "/cmp.html"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Fixed:\n  drives"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("given newest first"), std::string::npos) << r.out;
    EXPECT_LT(r.out.find("before.json"), r.out.find("after.json"));
    EXPECT_NE(test::read_file(dir_ + "/cmp.html").find("What changed since the older run"), std::string::npos);
}

TEST_F(CliSupportTest, RunHtmlWritesThePageOfTheSameRun) {
    const auto r = cli({"run", "--html", dir_ + "/report.html", "--json", dir_ + "/report.json"});
    EXPECT_EQ(r.code, 2);
    const std::string page = test::read_file(dir_ + "/report.html");
    EXPECT_NE(page.find("Not ready"), std::string::npos);
    EXPECT_NE(page.find("id=\"check-drives\""), std::string::npos);
    // review --html of the JSON report makes the same page (up to where it was read from).
    ASSERT_EQ(cli({"review", dir_ + "/report.json", "--html", dir_ + "/again.html"}).code, 0);
    const std::string again = test::read_file(dir_ + "/again.html");
    // Only the row naming the file it was read from differs.
    const auto row = again.find("<tr><th scope=\"row\">Read from</th>");
    ASSERT_NE(row, std::string::npos);
    EXPECT_EQ(page, again.substr(0, row) + again.substr(again.find("</tr>\n", row) + 6));
    EXPECT_EQ(cli({"run", "--html", dir_ + "/no/such/folder/x.html"}).code, 3);
}

TEST_F(CliSupportTest, CollectZipsTheLogReportsRecordingJournalsAndAReadme) {
    std::ofstream(dir_ + "/ImageChecker_20200101000000.fixes.json") << R"({"format":"imagechecker-fixes","version":1,"changes":[]})";
    const auto r = cli({"collect", "--log-dir", dir_});
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    const auto at = r.out.find("Support bundle: ");
    ASSERT_NE(at, std::string::npos) << r.out;
    const std::string zip = r.out.substr(at + 16, r.out.find('\n', at) - at - 16);
    const auto entries = read_zip(zip);
    std::map<std::string, std::string> by_name;
    for (const auto& e : entries) by_name[e.name] = e.content;
    const std::string log_name = fs::u8path(only_log()).filename().u8string();
    ASSERT_TRUE(by_name.count(log_name)) << log_name;
    EXPECT_NE(by_name[log_name].find("| VERDICT"), std::string::npos);
    EXPECT_NE(by_name[log_name].find("support bundle: " + zip), std::string::npos);
    ASSERT_TRUE(by_name.count("report.json"));
    EXPECT_EQ(nlohmann::json::parse(by_name["report.json"])["machine"]["name"], "WS-TEST");
    ASSERT_TRUE(by_name.count("report.html"));
    const std::string recording = fs::u8path(log_name).stem().u8string() + ".rec.json";
    ASSERT_TRUE(by_name.count(recording));
    EXPECT_EQ(nlohmann::json::parse(by_name[recording])["format"], "imagechecker-recording");
    EXPECT_TRUE(by_name.count("journals/ImageChecker_20200101000000.fixes.json"));
    ASSERT_TRUE(by_name.count("README.txt"));
    EXPECT_NE(by_name["README.txt"].find("imagechecker-cli review"), std::string::npos);

    // The recording in the bundle replays to the same verdict.
    std::ofstream(dir_ + "/replayed.rec.json", std::ios::binary) << by_name[recording];
    const auto replay = cli({"collect", "--replay", dir_ + "/replayed.rec.json", "--log-dir", dir_ + "/r", "--out", dir_ + "/replayed.zip"});
    EXPECT_EQ(replay.code, 0) << replay.err;
    bool has_recording = false;
    for (const auto& e : read_zip(dir_ + "/replayed.zip")) has_recording = has_recording || e.name == "replayed.rec.json";
    EXPECT_TRUE(has_recording);
}

TEST_F(CliSupportTest, CollectPutsNothingSecretInTheBundle) {
    // Secrets on the machine, where no check looks: none of them may reach any file of the bundle.
    const std::string secret = "hunter2-S3CRET-value";
    machine_->set_value(os::RegistryHive::LocalMachine, "SOFTWARE\\Vendor\\Credentials", "Password", os::RegistryValue::string(secret));
    machine_->set_environment("AWS_SECRET_ACCESS_KEY", secret);
    machine_->set_environment("DB_PASSWORD", secret);
    ASSERT_EQ(cli({"collect", "--out", dir_ + "/bundle.zip"}).code, 0);
    const auto entries = read_zip(dir_ + "/bundle.zip");
    ASSERT_GE(entries.size(), 5U);
    for (const auto& e : entries) {
        SCOPED_TRACE(e.name);
        EXPECT_EQ(e.content.find(secret), std::string::npos);
        EXPECT_EQ(e.content.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
        EXPECT_EQ(e.content.find("-----BEGIN"), std::string::npos);
    }
}

TEST_F(CliSupportTest, CollectToAnUnwritablePlaceChangesNothingAndSaysWhy) {
    std::ofstream(dir_ + "/file") << "x";
    const auto r = cli({"collect", "--out", dir_ + "/file/bundle.zip"});
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("support bundle"), std::string::npos) << r.err;
    EXPECT_EQ(cli({"collect", "--record", dir_ + "/x.json"}).code, 3);
}

}  // namespace
}  // namespace ic::cli
