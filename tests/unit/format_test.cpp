#include <gtest/gtest.h>

#include "imagechecker/format.h"
#include "imagechecker/os/result.h"
#include "time_format.h"

namespace ic {
namespace {

TEST(Format, GroupsDigitsInThousands) {
    EXPECT_EQ(group_digits(0), "0");
    EXPECT_EQ(group_digits(999), "999");
    EXPECT_EQ(group_digits(1000), "1,000");
    EXPECT_EQ(group_digits(12884901888ULL), "12,884,901,888");
}

TEST(Format, HumanBytesUsesBinaryUnits) {
    EXPECT_EQ(human_bytes(1), "1 byte");
    EXPECT_EQ(human_bytes(1023), "1023 bytes");
    EXPECT_EQ(human_bytes(1024), "1.0 KiB");
    EXPECT_EQ(human_bytes(12884901888ULL), "12.0 GiB");
    EXPECT_EQ(bytes_with_exact(10737418240ULL), "10.0 GiB (10,737,418,240 bytes)");
}

TEST(Format, OneLineFoldsLineBreaks) { EXPECT_EQ(one_line("a\r\nb\nc\td"), "a b c d"); }

TEST(TimeFormat, FileStampIsFourteenDigits) {
    const auto stamp = format_file_stamp(std::chrono::system_clock::now());
    ASSERT_EQ(stamp.size(), 14U);
    for (char c : stamp) EXPECT_TRUE(c >= '0' && c <= '9');
}

TEST(TimeFormat, Iso8601CarriesTheOffset) {
    const auto text = format_iso8601(std::chrono::system_clock::from_time_t(0));
    EXPECT_EQ(text.size(), std::string("1970-01-01T00:00:00.000+00:00").size()) << text;
    EXPECT_TRUE(text[23] == '+' || text[23] == '-') << text;
}

}  // namespace
}  // namespace ic

namespace ic::os {
namespace {

TEST(OsErrorText, NamesTheApiTheCodeAndTheMessage) {
    EXPECT_EQ((OsError{"RegOpenKeyExW", 5, "Access is denied."}).describe(), "RegOpenKeyExW failed with error 5 (Access is denied.)");
    EXPECT_EQ((OsError{"statvfs", 0, ""}).describe(), "statvfs failed");
}

TEST(OsErrorText, WritesHresultsInHex) {
    const std::int64_t invalid_namespace = static_cast<std::int32_t>(0x8004100EU);
    EXPECT_EQ((OsError{"IWbemLocator::ConnectServer", invalid_namespace, ""}).describe(),
              "IWbemLocator::ConnectServer failed with error 0x8004100E");
}

}  // namespace
}  // namespace ic::os
