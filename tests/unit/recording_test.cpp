#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "imagechecker/os/recording.h"
#include "imagechecker/runner.h"
#include "imagechecker/check_registry.h"
#include "os_json.h"
#include "test_support.h"

namespace ic::os {
namespace {

std::shared_ptr<MemorySystem> staged_windows_machine() {
    auto system = std::make_shared<MemorySystem>();
    system->add_drive('Z', DriveType::Fixed, "/");
    system->set_space("C:\\", {5ULL << 30, 5ULL << 30, 64ULL << 30});
    system->add_key(RegistryHive::LocalMachine, "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending");
    return system;
}

RunSummary run_builtin(std::shared_ptr<System> system) {
    RunOptions options;
    options.ids = test::engine_checks().select({}, {});
    return Runner(test::engine_checks(), std::move(system), options).run();
}

TEST(Recording, ReplayGivesTheSameStatusesAndEvidenceAsTheRecordedRun) {
    auto recorder = std::make_shared<RecordingSystem>(staged_windows_machine());
    const auto live = run_builtin(recorder);
    auto replay = ReplaySystem::from_json(recorder->to_json(), "memory");
    const auto replayed = run_builtin(replay);

    ASSERT_EQ(live.outcomes.size(), replayed.outcomes.size());
    for (std::size_t i = 0; i < live.outcomes.size(); ++i) {
        SCOPED_TRACE(live.outcomes[i].info.id);
        EXPECT_EQ(replayed.outcomes[i].result.status, live.outcomes[i].result.status);
        EXPECT_EQ(replayed.outcomes[i].result.summary, live.outcomes[i].result.summary);
        ASSERT_EQ(replayed.outcomes[i].result.evidence.size(), live.outcomes[i].result.evidence.size());
        for (std::size_t e = 0; e < live.outcomes[i].result.evidence.size(); ++e)
            EXPECT_EQ(replayed.outcomes[i].result.evidence[e].observed, live.outcomes[i].result.evidence[e].observed);
    }
    EXPECT_EQ(live.verdict.overall, Status::Failed);
    EXPECT_EQ(replayed.machine.machine_name.value, "WS-TEST");
    EXPECT_EQ(replayed.source, "replay");
}

TEST(Recording, SavesAndLoadsTheDocumentedFileFormat) {
    auto recorder = std::make_shared<RecordingSystem>(staged_windows_machine());
    run_builtin(recorder);
    const auto dir = test::make_temp_dir("ic-recording");
    const auto path = dir + "/machine.json";
    recorder->save(path);

    const auto document = nlohmann::json::parse(test::read_file(path));
    EXPECT_EQ(document["format"], "imagechecker-recording");
    EXPECT_EQ(document["version"], 1);
    ASSERT_TRUE(document["exchanges"].is_array());
    bool saw_drives = false;
    for (const auto& exchange : document["exchanges"]) {
        if (exchange["ask"] == "volumes.drives") {
            saw_drives = true;
            EXPECT_EQ(exchange["answer"]["ok"][2]["letter"], "Z");
            EXPECT_EQ(exchange["answer"]["ok"][2]["type"], "fixed");
        }
    }
    EXPECT_TRUE(saw_drives);
    auto loaded = ReplaySystem::load(path);
    EXPECT_EQ(loaded->origin(), path);
    EXPECT_EQ(run_builtin(loaded).verdict.overall, Status::Failed);
}

TEST(Recording, RecordsErrorsAndReplaysThemAsErrors) {
    auto inner = std::make_shared<MemorySystem>();
    inner->fail_registry(RegistryHive::LocalMachine, "SOFTWARE\\Locked", test::access_denied());
    RecordingSystem recorder(inner);
    (void)recorder.registry().read_value(RegistryHive::LocalMachine, "SOFTWARE\\Locked", "X");
    auto replay = ReplaySystem::from_json(recorder.to_json(), "memory");
    const auto answer = replay->registry().read_value(RegistryHive::LocalMachine, "SOFTWARE\\Locked", "X");
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.error().code, 5);
    EXPECT_EQ(answer.error().api, "RegOpenKeyExW");
}

TEST(Recording, KeepsEveryRegistryValueType) {
    auto inner = std::make_shared<MemorySystem>();
    const std::vector<RegistryValue> values{RegistryValue::string("text é"), RegistryValue::expand_string("%SystemRoot%\\x"),
                                            RegistryValue::multi_string({"a", "", "b"}), RegistryValue::dword(0xFFFFFFFFU),
                                            RegistryValue::qword(0x1122334455667788ULL), RegistryValue::binary({0, 1, 254, 255})};
    RecordingSystem recorder(inner);
    for (std::size_t i = 0; i < values.size(); ++i) {
        inner->set_value(RegistryHive::LocalMachine, "SOFTWARE\\T", "v" + std::to_string(i), values[i]);
        (void)recorder.registry().read_value(RegistryHive::LocalMachine, "SOFTWARE\\T", "v" + std::to_string(i));
    }
    auto replay = ReplaySystem::from_json(nlohmann::json::parse(recorder.to_json().dump()), "memory");
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto answer = replay->registry().read_value(RegistryHive::LocalMachine, "SOFTWARE\\T", "v" + std::to_string(i));
        ASSERT_TRUE(answer.ok());
        ASSERT_TRUE(answer.value().has_value());
        EXPECT_EQ(*answer.value(), values[i]) << i;
    }
}

TEST(Recording, RepeatedQuestionsGetTheirAnswersInOrderThenTheLastRepeats) {
    auto inner = std::make_shared<MemorySystem>();
    RecordingSystem recorder(inner);
    (void)recorder.registry().key_exists(RegistryHive::LocalMachine, "SOFTWARE\\K");
    inner->add_key(RegistryHive::LocalMachine, "SOFTWARE\\K");
    (void)recorder.registry().key_exists(RegistryHive::LocalMachine, "SOFTWARE\\K");
    auto replay = ReplaySystem::from_json(recorder.to_json(), "memory");
    EXPECT_FALSE(replay->registry().key_exists(RegistryHive::LocalMachine, "SOFTWARE\\K").value());
    EXPECT_TRUE(replay->registry().key_exists(RegistryHive::LocalMachine, "SOFTWARE\\K").value());
    EXPECT_TRUE(replay->registry().key_exists(RegistryHive::LocalMachine, "SOFTWARE\\K").value());
}

TEST(Recording, AQuestionTheRecordingCannotAnswerMakesThatCheckAnErrorNotACrash) {
    auto recorder = std::make_shared<RecordingSystem>(staged_windows_machine());
    RunOptions only_drives;
    only_drives.ids = {"drives"};
    Runner(test::engine_checks(), recorder, only_drives).run();
    auto replay = ReplaySystem::from_json(recorder->to_json(), "memory");
    const auto summary = run_builtin(replay);
    for (const auto& outcome : summary.outcomes) {
        SCOPED_TRACE(outcome.info.id);
        if (outcome.info.id == "drives") {
            EXPECT_EQ(outcome.result.status, Status::Failed);
        } else {
            EXPECT_EQ(outcome.result.status, Status::Error);
            EXPECT_NE(outcome.result.summary.find("the recording has no answer for"), std::string::npos) << outcome.result.summary;
        }
    }
}

TEST(Recording, LoadingAMissingFileNamesIt) {
    try {
        ReplaySystem::load("/nonexistent/customer.json");
        FAIL() << "expected RecordingError";
    } catch (const RecordingError& e) {
        EXPECT_EQ(std::string(e.what()), "cannot open the recording /nonexistent/customer.json (missing or unreadable)");
    }
}

TEST(Recording, LoadingCorruptJsonSaysWhere) {
    const auto path = test::make_temp_dir("ic-recording") + "/corrupt.json";
    std::ofstream(path) << "{\"format\": \"imagechecker-recording\", \"exchanges\": [";
    try {
        ReplaySystem::load(path);
        FAIL() << "expected RecordingError";
    } catch (const RecordingError& e) {
        EXPECT_NE(std::string(e.what()).find("is not a valid recording: its JSON is corrupt at byte"), std::string::npos) << e.what();
    }
}

TEST(Recording, RejectsOtherDocumentsAndMalformedExchanges) {
    EXPECT_THROW(ReplaySystem::from_json(nlohmann::json{{"schema_version", 1}}, "report.json"), RecordingError);
    EXPECT_THROW(ReplaySystem::from_json(nlohmann::json{{"format", "imagechecker-recording"}, {"version", 99}, {"exchanges", nlohmann::json::array()}}, "x"),
                 RecordingError);
    const nlohmann::json bad_exchange = {{"format", "imagechecker-recording"},
                                         {"version", 1},
                                         {"exchanges", {{{"ask", "host.os"}, {"args", nlohmann::json::array()}}}}};
    try {
        ReplaySystem::from_json(bad_exchange, "x.json");
        FAIL();
    } catch (const RecordingError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "x.json: exchange #1 is malformed (needs \"ask\", \"args\" array and \"answer\" with \"ok\" or \"error\")");
    }
}

TEST(Recording, AMalformedAnswerBecomesAnErrorOfThatCheck) {
    const nlohmann::json document = {{"format", "imagechecker-recording"},
                                     {"version", 1},
                                     {"exchanges", {{{"ask", "volumes.drives"}, {"args", nlohmann::json::array()}, {"answer", {{"ok", "not a list"}}}}}}};
    auto replay = ReplaySystem::from_json(document, "x.json");
    EXPECT_THROW((void)replay->volumes().drives(), ReplayMissingAnswer);
}

// ---- New facts in recordings, and recordings made before them (issue 8) ----

// A recording of a machine whose DNS name is longer than 15 characters, with a SQL Server service that
// logs on with a local account written with the NetBIOS name, as Windows writes it.
nlohmann::json long_name_recording(bool with_netbios_answer) {
    nlohmann::json exchanges = nlohmann::json::array();
    exchanges.push_back({{"ask", "host.machine_name"}, {"args", nlohmann::json::array()}, {"answer", {{"ok", "IMAGEBUILDER-WIN10"}}}});
    if (with_netbios_answer)
        exchanges.push_back({{"ask", "host.netbios_name"}, {"args", nlohmann::json::array()}, {"answer", {{"ok", "IMAGEBUILDER-WI"}}}});
    exchanges.push_back(
        {{"ask", "services.list"},
         {"args", nlohmann::json::array()},
         {"answer",
          {{"ok",
            {{{"name", "MSSQLSERVER"}, {"display_name", "SQL Server (MSSQLSERVER)"}, {"start_type", "Automatic"}, {"state", "Running"},
              {"account", "IMAGEBUILDER-WI\\svcsql"}, {"binary_path", ""}},
             {{"name", "Spooler"}, {"display_name", "Print Spooler"}, {"start_type", "Automatic"}, {"state", "Running"},
              {"account", "LocalSystem"}, {"binary_path", ""}}}}}}});
    return {{"format", "imagechecker-recording"}, {"version", 1}, {"tool_version", "0.1.0"}, {"recorded_at", "2026-12-01T00:00:00Z"},
            {"exchanges", exchanges}};
}

TEST(Recording, ALocalServiceAccountOnAFifteenCharacterNetbiosNameReplaysAsLocal) {
    for (const bool with_netbios_answer : {true, false}) {
        SCOPED_TRACE(with_netbios_answer ? "recorded with the NetBIOS name" : "older recording without it");
        auto replay = ReplaySystem::from_json(long_name_recording(with_netbios_answer), "test");
        const auto netbios = replay->host().netbios_name();
        EXPECT_EQ(netbios.ok(), with_netbios_answer) << "a missing answer is an error the check can work around, not an exception";
        auto check = builtin_checks().create("domain-services");
        ASSERT_NE(check, nullptr);
        CheckContext context{*replay, "alice", OsFacts{}, CancelToken{}};
        const auto result = check->run(context);
        EXPECT_EQ(result.status, Status::Passed) << result.summary;
        EXPECT_FALSE(result.fix.has_value()) << "no irreversible change is offered for IMAGEBUILDER-WI\\svcsql";
    }
}

TEST(Recording, NewFactsRoundTripAndOlderFormsStillLoad) {
    auto memory = std::make_shared<MemorySystem>();
    ServiceInfo refused{"SecAgent", "Endpoint Protection", ServiceStartType::Unknown, ServiceState::Running, "", ""};
    refused.config_error = OsError{"OpenServiceW", 5, "Access is denied."};
    memory->add_service(refused);
    NetworkAdapter vpn;
    vpn.name = "PANGP";
    vpn.interface_type = 6;
    vpn.hardware = false;
    vpn.ipv4_addresses = {"10.8.0.2/24"};
    memory->add_adapter(vpn);
    DirectoryUsage usage;
    usage.total_bytes = 100;
    usage.placeholder_files = 2;
    usage.placeholder_bytes = 60;
    usage.reparse_folders_walked = 1;
    memory->set_directory_usage("D:\\Users\\alice", usage);
    memory->add_file_content("C:\\a.xml", "<a/>");

    auto recorder = std::make_shared<RecordingSystem>(memory);
    (void)recorder->services().list();
    (void)recorder->network().adapters();
    (void)recorder->files().directory_usage("D:\\Users\\alice", 10, 0);
    (void)recorder->files().read_file("C:\\a.xml", 1024);
    (void)recorder->host().netbios_name();
    auto replay = ReplaySystem::from_json(recorder->to_json(), "memory");

    const auto services = replay->services().list().value();
    ASSERT_EQ(services.size(), 1U);
    ASSERT_TRUE(services[0].config_error.has_value());
    EXPECT_EQ(services[0].config_error->code, 5);
    const auto adapters = replay->network().adapters().value();
    ASSERT_EQ(adapters.size(), 1U);
    EXPECT_EQ(adapters[0].interface_type, 6U);
    EXPECT_EQ(adapters[0].hardware, std::optional<bool>(false));
    const auto walked = replay->files().directory_usage("D:\\Users\\alice", 10, 0).value();
    ASSERT_TRUE(walked.has_value());
    EXPECT_EQ(walked->placeholder_bytes, 60U);
    EXPECT_EQ(walked->placeholder_files, 2U);
    EXPECT_EQ(walked->reparse_folders_walked, 1U);
    EXPECT_EQ(replay->files().read_file("C:\\a.xml", 1024).value(), std::optional<std::string>("<a/>"));
    EXPECT_EQ(replay->host().netbios_name().value(), "WS-TEST");

    // Older forms: no config_error, no interface type or hardware flag, no placeholder counts.
    ServiceInfo old_service = nlohmann::json{{"name", "x"}, {"start_type", "Manual"}, {"state", "Stopped"}}.get<ServiceInfo>();
    EXPECT_FALSE(old_service.config_error.has_value());
    NetworkAdapter old_adapter = nlohmann::json{{"name", "Ethernet"}, {"dhcp_enabled", true}}.get<NetworkAdapter>();
    EXPECT_EQ(old_adapter.interface_type, 0U);
    EXPECT_FALSE(old_adapter.hardware.has_value());
    DirectoryUsage old_usage = nlohmann::json{{"total_bytes", 5}, {"files", 1}}.get<DirectoryUsage>();
    EXPECT_EQ(old_usage.placeholder_bytes, 0U);
}

}  // namespace
}  // namespace ic::os
