// Files handed to ImageChecker are not trusted: a file too large to be what it claims is refused
// before it is read, JSON nested deeper than any of our documents is refused before anything recursive
// touches it, and a field of the wrong type is a clear error of the loader, not a crash. The fuzz
// targets (tests/fuzz, docs/fuzzing.md) explore the rest; these pin the limits down.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "imagechecker/fix_engine.h"
#include "imagechecker/input_file.h"
#include "imagechecker/os/recording.h"
#include "imagechecker/os/registry_data.h"
#include "os_json.h"
#include "test_support.h"

namespace ic {
namespace {

std::string nested_array(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

template <typename Call>
std::string message_of(Call&& call) {
    try {
        call();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no exception)";
}

TEST(InputFile, AFileLargerThanTheLimitIsRefusedBeforeItIsRead) {
    const auto dir = test::make_temp_dir("ic-hostile");
    const auto path = dir + "/huge.log";
    {
        std::ofstream out(path, std::ios::binary);
        out << "x";
    }
    std::filesystem::resize_file(path, 3ULL << 30);  // sparse: 3 GB claimed, no disk used
    const auto message = message_of([&] { read_input_file(path, kMaxRecordingBytes, "recording"); });
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find("3.0 GB"), std::string::npos) << message;
    EXPECT_NE(message.find("too large to be an ImageChecker recording (at most 64.0 MB)"), std::string::npos) << message;
    EXPECT_THROW(os::ReplaySystem::load(path), os::RecordingError);
    EXPECT_THROW(FixJournal::load(path), JournalError);
}

TEST(InputFile, ReadsAFileUpToTheLimitAndNamesMissingFilesAndFolders) {
    const auto dir = test::make_temp_dir("ic-hostile");
    EXPECT_EQ(read_input_file(write(dir + "/ten", "0123456789"), 10, "test file"), "0123456789");
    EXPECT_THROW(read_input_file(dir + "/ten", 9, "test file"), InputFileError);
    EXPECT_NE(message_of([&] { read_input_file(dir + "/missing", 10, "undo journal"); }).find("cannot open the undo journal"),
              std::string::npos);
    EXPECT_NE(message_of([&] { read_input_file(dir, 10, "recording"); }).find("is a folder"), std::string::npos);
}

TEST(InputFile, DescribesSizes) {
    EXPECT_EQ(describe_size(300), "300 bytes");
    EXPECT_EQ(describe_size(1536), "1.5 KB");
    EXPECT_EQ(describe_size(2ULL << 30), "2.0 GB");
}

TEST(InputFile, NestingDepthSkipsBracketsInStrings) {
    EXPECT_EQ(json_nesting_depth(R"({"a": [1, {"b": "[[[[\"{{"}]})"), 3U);
    EXPECT_EQ(json_nesting_depth("[]"), 1U);
    EXPECT_EQ(json_nesting_depth("\"no\""), 0U);
    EXPECT_EQ(json_nesting_depth(nested_array(100000)), 100000U);
}

// nlohmann's parser and destructor are iterative, but dump() and operator== recurse: a 100,000-deep
// array parses, then overflows the stack when a recording's question is printed. It is refused first.
TEST(InputFile, DeeplyNestedJsonIsRefusedWithAMessage) {
    EXPECT_NO_THROW(parse_json_bounded(nested_array(kMaxJsonDepth)));
    EXPECT_THROW(parse_json_bounded(nested_array(kMaxJsonDepth + 1)), InputFileError);

    const std::string deep_args = R"({"format": "imagechecker-recording", "version": 1, "exchanges": [{"ask": "host.os", "args": )" +
                                  nested_array(100000) + R"(, "answer": {"ok": null}}]})";
    const auto message = message_of([&] { os::ReplaySystem::parse(deep_args, "customer.json"); });
    EXPECT_NE(message.find("customer.json is not a valid recording: its arrays and objects are nested 100003 levels deep"),
              std::string::npos)
        << message;
    EXPECT_THROW(FixJournal::parse(nested_array(100000), "x.fixes.json"), JournalError);
}

// nlohmann reports a number that overflows a double as out_of_range, not parse_error: it escaped both
// loaders until the journal target found it.
TEST(InputFile, ANumberTooLargeForADoubleIsTheLoadersError) {
    EXPECT_THROW(parse_json_bounded("[6e666]"), InputFileError);
    EXPECT_THROW(FixJournal::parse(R"({"format": "imagechecker-fixes", "version": 6E666, "changes": []})", "x.fixes.json"), JournalError);
    EXPECT_THROW(os::ReplaySystem::parse(R"({"format": "imagechecker-recording", "version": 1, "exchanges": [1e999]})", "x.json"),
                 os::RecordingError);
}

TEST(HostileRecording, FieldsOfTheWrongTypeAreRecordingErrors) {
    for (const char* text : {R"({"format": 1, "version": 1, "exchanges": []})",
                             R"({"format": "imagechecker-recording", "version": "1", "exchanges": []})",
                             R"({"format": "imagechecker-recording", "version": 1e300, "exchanges": []})",
                             R"({"format": "imagechecker-recording", "version": 1, "exchanges": {}})", "[]", "null", ""}) {
        SCOPED_TRACE(text);
        EXPECT_THROW(os::ReplaySystem::parse(text, "x.json"), os::RecordingError);
    }
    auto replay = os::ReplaySystem::parse(
        R"({"format": "imagechecker-recording", "version": 1, "recorded_at": 5, "exchanges": []})", "x.json");
    EXPECT_EQ(replay->recorded_at(), "");
}

TEST(HostileRecording, NumbersThatDoNotFitAreMalformedAnswersNotUndefinedBehaviour) {
    using os::integer_from;
    EXPECT_THROW(integer_from<std::uint64_t>(nlohmann::json(1e300)), std::invalid_argument);
    EXPECT_THROW(integer_from<std::uint64_t>(nlohmann::json(-1)), std::invalid_argument);
    EXPECT_THROW(integer_from<std::uint8_t>(nlohmann::json(256)), std::invalid_argument);
    EXPECT_THROW(integer_from<std::int64_t>(nlohmann::json(18446744073709551615ULL)), std::invalid_argument);
    EXPECT_THROW(integer_from<std::int64_t>(nlohmann::json("5")), std::invalid_argument);
    EXPECT_EQ(integer_from<std::int64_t>(nlohmann::json(-5)), -5);
    EXPECT_EQ(integer_from<std::uint64_t>(nlohmann::json(18446744073709551615ULL)), 18446744073709551615ULL);

    auto replay = os::ReplaySystem::parse(R"({"format": "imagechecker-recording", "version": 1, "exchanges": [
        {"ask": "volumes.space", "args": ["C:\\"], "answer": {"ok": {"free_bytes": 1e300, "total_bytes": 5}}},
        {"ask": "registry.read_value", "args": ["HKLM", "K", "V"], "answer": {"ok": {"type": "REG_BINARY", "bytes": [1, 300]}}}]})",
                                          "x.json");
    EXPECT_THROW(replay->volumes().space("C:\\"), os::ReplayMissingAnswer);
    EXPECT_THROW(replay->registry().read_value(os::RegistryHive::LocalMachine, "K", "V"), os::ReplayMissingAnswer);
}

TEST(HostileJournal, FieldsOfTheWrongTypeAreJournalErrors) {
    for (const char* text : {R"({"format": ["imagechecker-fixes"], "version": 1, "changes": []})",
                             R"({"format": "imagechecker-fixes", "version": 1.5, "changes": []})",
                             R"({"format": "imagechecker-fixes", "version": 1, "changes": {"a": 1}})",
                             R"({"format": "imagechecker-fixes", "version": 1, "changes": [{"check_id": 7}]})",
                             // the next batch would be 2147483648: refused, like a fraction
                             R"({"format": "imagechecker-fixes", "version": 2, "batches": [{"batch": 2147483647}], "changes": []})",
                             R"({"format": "imagechecker-fixes", "version": 2, "batches": [{"batch": 1.5}], "changes": []})"}) {
        SCOPED_TRACE(text);
        const auto message = message_of([&] { FixJournal::parse(text, "x.fixes.json"); });
        EXPECT_NE(message.find("x.fixes.json"), std::string::npos) << message;
        EXPECT_THROW(FixJournal::parse(text, "x.fixes.json"), JournalError);
    }
}

TEST(RegistryData, MultiStringKeepsEmptyStringsInTheMiddleAndDropsTheTerminator) {
    const std::vector<std::u16string> lines{u"\\??\\C:\\old.dll", u"", u"\\??\\C:\\a"};
    const auto bytes = os::registry_multi_string_bytes(lines);
    EXPECT_EQ(os::registry_multi_string_units(bytes.data(), bytes.size()), lines);
    EXPECT_EQ(os::registry_multi_string_bytes({}), std::vector<std::uint8_t>(4, 0));
    // No final NULs and an odd byte: the last string is still read, the stray byte ignored.
    const std::uint8_t unterminated[] = {'a', 0, 0, 0, 'b', 0, 'c', 0, 'x'};
    EXPECT_EQ(os::registry_multi_string_units(unterminated, sizeof unterminated), (std::vector<std::u16string>{u"a", u"bc"}));
    EXPECT_EQ(os::registry_string_units(unterminated, sizeof unterminated), u"a");
    const std::uint8_t short_dword[] = {0x01, 0x02};
    EXPECT_EQ(os::registry_number(short_dword, sizeof short_dword, 4), 0x0201U);
}

}  // namespace
}  // namespace ic
