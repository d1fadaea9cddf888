#include <gtest/gtest.h>

#include "test_support.h"
#include "windows/not_encrypted_check.h"

namespace ic::checks {
namespace {

using os::ManagementRow;
using os::MemorySystem;

// EncryptionPercentage is not a property of Win32_EncryptableVolume (only GetConversionStatus returns it).
ManagementRow volume(std::string letter, std::string conversion, std::string protection) {
    return {{"DriveLetter", std::move(letter)}, {"ProtectionStatus", std::move(protection)}, {"ConversionStatus", std::move(conversion)}};
}

void stage_volumes(MemorySystem& system, std::vector<ManagementRow> rows) {
    system.set_management_rows(NotEncryptedCheck::kNamespace, NotEncryptedCheck::kQuery, std::move(rows));
}

TEST(NotEncryptedCheck, PassesWhenCAndDAreFullyDecrypted) {
    MemorySystem system;
    stage_volumes(system, {volume("C:", "0", "0"), volume("D:", "0", "0")});
    NotEncryptedCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(result.summary, "BitLocker: C: and D: are not encrypted");
    const auto* c = test::find_evidence(result, "Volume C:");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->observed, "fully decrypted (ConversionStatus 0), protection off (ProtectionStatus 0)");
    EXPECT_EQ(c->expected, "fully decrypted (ConversionStatus 0), protection off");
}

TEST(NotEncryptedCheck, FailsWhenCIsEncrypted) {
    MemorySystem system;
    stage_volumes(system, {volume("C:", "1", "1"), volume("D:", "0", "0")});
    NotEncryptedCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Failed);
    EXPECT_EQ(result.summary, "BitLocker: encryption is on or under way for C:");
    EXPECT_EQ(test::find_evidence(result, "Volume C:")->observed,
              "fully encrypted (ConversionStatus 1), protection on (ProtectionStatus 1)");
    EXPECT_FALSE(result.fix.has_value());
}

TEST(NotEncryptedCheck, FailsWhileEncryptionOrDecryptionIsUnderWay) {
    for (const char* conversion : {"2", "3", "4", "5"}) {
        MemorySystem system;
        stage_volumes(system, {volume("C:", "0", "0"), volume("D:", conversion, "0")});
        NotEncryptedCheck check;
        const auto result = test::run_check(check, system);
        EXPECT_EQ(result.status, Status::Failed) << "ConversionStatus " << conversion;
        EXPECT_EQ(result.summary, "BitLocker: encryption is on or under way for D:");
    }
}

TEST(NotEncryptedCheck, FailsWhenProtectionIsOnEvenIfReportedDecrypted) {
    MemorySystem system;
    stage_volumes(system, {volume("C:", "0", "1")});
    NotEncryptedCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Failed);
}

TEST(NotEncryptedCheck, IgnoresOtherVolumesButNamesThem) {
    MemorySystem system;
    stage_volumes(system, {volume("C:", "0", "0"), volume("D:", "0", "0"), volume("E:", "1", "1"), volume("", "1", "1")});
    NotEncryptedCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed) << "only C: and D: go into the image";
    EXPECT_EQ(test::find_evidence(result, "Other volumes (not part of the image)")->observed, "E:, (no letter)");
}

TEST(NotEncryptedCheck, PassesWhenBitLockerListsNeitherDrive) {
    MemorySystem system;
    stage_volumes(system, {});
    NotEncryptedCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Passed);
    EXPECT_EQ(test::find_evidence(result, "Volume D:")->observed, "not listed by BitLocker (not encryptable, so not encrypted)");
}

TEST(NotEncryptedCheck, PassesWhenBitLockerIsNotInstalled) {
    // WMI reports the HRESULT either as the unsigned 0x8004100E or as its signed 32-bit value.
    for (const std::int64_t code : {std::int64_t{0x8004100E}, std::int64_t{-2147217394}}) {
        MemorySystem system;
        system.fail_management(NotEncryptedCheck::kNamespace, NotEncryptedCheck::kQuery,
                               os::OsError{"IWbemLocator::ConnectServer", code, "Invalid namespace"});
        NotEncryptedCheck check;
        const auto result = test::run_check(check, system);
        EXPECT_EQ(result.status, Status::Passed) << code;
        EXPECT_EQ(result.summary, "BitLocker: not installed, so it has encrypted no drive");
        EXPECT_EQ(result.evidence.at(0).observed, "namespace absent (0x8004100E WBEM_E_INVALID_NAMESPACE): BitLocker is not installed");
    }
}

TEST(NotEncryptedCheck, ErrorWhenTheQueryFailsOtherwise) {
    MemorySystem system;
    system.fail_management(NotEncryptedCheck::kNamespace, NotEncryptedCheck::kQuery,
                           os::OsError{"IWbemLocator::ConnectServer", 0x80041003LL, "Access denied"});
    NotEncryptedCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "BitLocker: the query failed: IWbemLocator::ConnectServer failed with error 0x80041003 (Access denied)");
}

TEST(NotEncryptedCheck, NamesASignedHresultInHexToo) {
    MemorySystem system;
    system.fail_management(NotEncryptedCheck::kNamespace, NotEncryptedCheck::kQuery,
                           os::OsError{"IWbemServices::ExecQuery", -2147217405LL, "Access denied"});
    NotEncryptedCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_EQ(result.summary, "BitLocker: the query failed: IWbemServices::ExecQuery failed with error 0x80041003 (Access denied)");
}

TEST(NotEncryptedCheck, ErrorWhenTheStatusOfCOrDCannotBeRead) {
    MemorySystem system;
    stage_volumes(system, {volume("C:", "", "0"), volume("D:", "0", "0")});
    NotEncryptedCheck check;
    const auto result = test::run_check(check, system);
    EXPECT_EQ(result.status, Status::Error) << "an unreadable status is never a pass";
    EXPECT_EQ(result.summary, "BitLocker: unreadable encryption status for C:");
    EXPECT_EQ(test::find_evidence(result, "Volume C:")->observed, "unreadable: ConversionStatus \"\", ProtectionStatus \"0\"");
}

TEST(NotEncryptedCheck, FailsWhenOneDriveIsEncryptedEvenIfTheOtherIsUnreadable) {
    MemorySystem system;
    stage_volumes(system, {volume("C:", "x", "0"), volume("D:", "1", "1")});
    NotEncryptedCheck check;
    EXPECT_EQ(test::run_check(check, system).status, Status::Failed);
}

TEST(NotEncryptedCheck, EncryptedRuleTable) {
    struct Case {
        std::optional<std::uint64_t> conversion, protection;
        std::optional<bool> encrypted;
    };
    const Case cases[] = {
        {0, 0, false}, {0, 2, false}, {0, 1, true}, {1, 0, true}, {1, 1, true}, {2, 0, true},
        {3, 0, true},  {4, 0, true},  {5, 0, true}, {std::nullopt, 0, std::nullopt}, {0, std::nullopt, std::nullopt},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(is_volume_encrypted(c.conversion, c.protection), c.encrypted)
            << (c.conversion ? std::to_string(*c.conversion) : "-") << "/" << (c.protection ? std::to_string(*c.protection) : "-");
    }
}

TEST(NotEncryptedCheck, NamesConversionStatuses) {
    EXPECT_EQ(conversion_status_text(0), "fully decrypted");
    EXPECT_EQ(conversion_status_text(1), "fully encrypted");
    EXPECT_EQ(conversion_status_text(2), "encryption in progress");
    EXPECT_EQ(conversion_status_text(3), "decryption in progress");
    EXPECT_EQ(conversion_status_text(4), "encryption paused");
    EXPECT_EQ(conversion_status_text(5), "decryption paused");
    EXPECT_EQ(conversion_status_text(9), "conversion status 9");
}

TEST(NotEncryptedCheck, RecognisesInvalidNamespaceInBothSigns) {
    EXPECT_TRUE(is_invalid_namespace_error(0x8004100ELL));
    EXPECT_TRUE(is_invalid_namespace_error(-2147217394LL));
    EXPECT_FALSE(is_invalid_namespace_error(0x80041003LL));
    EXPECT_FALSE(is_invalid_namespace_error(0));
}

TEST(NotEncryptedCheck, DescribesItselfWithoutAnAwsCode) {
    const auto info = NotEncryptedCheck::describe();
    EXPECT_EQ(info.id, "not-encrypted");
    EXPECT_EQ(info.aws_error_code, "");
    EXPECT_EQ(info.fix, FixKind::None);
}

TEST(NotEncryptedCheck, EveryResultSaysWhereToCheckWorkSpacesVolumeEncryption) {
    // The KMS/EBS encryption of a WorkSpace's volumes cannot be seen from inside, whatever BitLocker says.
    for (const bool bitlocker_installed : {true, false}) {
        os::MemorySystem system;
        if (!bitlocker_installed)
            system.fail_management(NotEncryptedCheck::kNamespace, NotEncryptedCheck::kQuery,
                                   os::OsError{"IWbemLocator::ConnectServer", static_cast<std::int64_t>(NotEncryptedCheck::kInvalidNamespace), "Invalid namespace"});
        NotEncryptedCheck check;
        const auto result = test::run_check(check, system);
        EXPECT_EQ(result.summary.rfind("BitLocker: ", 0), 0U) << result.summary;
        const auto* line = test::find_evidence(result, "WorkSpaces volume encryption (KMS)");
        ASSERT_NE(line, nullptr);
        EXPECT_NE(line->observed.find("not visible from inside the WorkSpace"), std::string::npos);
        EXPECT_NE(line->observed.find("RootVolumeEncryptionEnabled"), std::string::npos);
    }
}

}  // namespace
}  // namespace ic::checks
