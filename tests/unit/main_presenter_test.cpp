#include <gtest/gtest.h>

#include "main_presenter.h"

namespace ic::gui {
namespace {

CheckInfo info(const std::string& id, FixKind fix = FixKind::None) {
    CheckInfo i;
    i.id = id;
    i.title = "Title " + id;
    i.rationale = "Because " + id;
    i.resolution = "Do " + id;
    i.aws_error_code = id == "b" ? "SomeAwsCode" : "";
    i.fix = fix;
    return i;
}

CheckOutcome outcome(const std::string& id, Status status, FixKind fix = FixKind::None) {
    CheckResult r;
    r.status = status;
    r.summary = "summary " + id;
    r.evidence.push_back({"item " + id, "observed " + id, "expected " + id});
    if (status == Status::Warning) r.fix = FixOffer{true, "fix " + id};
    return {info(id, fix), r};
}

RunSummary summary_of(std::vector<CheckOutcome> outcomes) {
    RunSummary s;
    s.outcomes = std::move(outcomes);
    s.verdict = compute_verdict(s.outcomes);
    return s;
}

class PresenterTest : public ::testing::Test {
protected:
    MainPresenter p{{info("a"), info("b"), info("c", FixKind::Automatic)}};
};

TEST_F(PresenterTest, BeforeTheFirstRunEveryRowIsToBeTestedAndOnlyRunIsEnabled) {
    for (const auto& r : p.rows()) EXPECT_EQ(r.state_text(), "To be tested");
    const auto b = p.buttons();
    EXPECT_EQ(b.run_label, "&Run");
    EXPECT_TRUE(b.run_enabled);
    EXPECT_FALSE(b.cancel_enabled);
    EXPECT_FALSE(b.fix_all_enabled);
    EXPECT_FALSE(b.open_log_enabled);
    EXPECT_FALSE(b.save_report_enabled);
    EXPECT_EQ(p.headline().title, "Ready to check");
}

TEST_F(PresenterTest, RowsGoFromCheckingToTheirStatusWithProgress) {
    p.run_started();
    EXPECT_FALSE(p.buttons().run_enabled);
    EXPECT_TRUE(p.buttons().cancel_enabled);
    p.check_started("a");
    EXPECT_EQ(p.rows()[0].state_text(), "Checking\xE2\x80\xA6");
    const HeadlineView while_running = p.headline();
    p.check_finished(outcome("a", Status::Passed));
    EXPECT_EQ(p.rows()[0].state_text(), "PASSED");
    EXPECT_EQ(p.rows()[0].summary, "summary a");
    EXPECT_EQ(p.progress_text(), "1 of 3");
    EXPECT_EQ(p.headline().title, "Checking\xE2\x80\xA6");
    EXPECT_EQ(p.headline().detail, while_running.detail) << "the progress is beside the bar; the headline does not change at each event";
    EXPECT_EQ(p.rows()[1].state_text(), "To be tested");
}

TEST_F(PresenterTest, AfterARunWithAWarningFixAllIsEnabledAndTheHeadlineCountsWhoActs) {
    p.run_started();
    auto s = summary_of({outcome("a", Status::Passed), outcome("b", Status::Failed), outcome("c", Status::Warning, FixKind::Automatic)});
    p.run_finished(s, "/logs/ImageChecker_1.log");
    const auto b = p.buttons();
    EXPECT_EQ(b.run_label, "&Rerun");
    EXPECT_TRUE(b.fix_all_enabled);
    EXPECT_TRUE(b.open_log_enabled);
    EXPECT_TRUE(b.save_report_enabled);
    EXPECT_EQ(p.fix_all_targets(), std::vector<std::string>{"c"});
    const auto h = p.headline();
    EXPECT_EQ(h.tone, HeadlineView::Tone::Attention);
    EXPECT_EQ(h.title, "Not ready");
    EXPECT_EQ(h.detail, "1 needs a person (see Info); 1 the tool can fix (Fix All Warnings).");
}

TEST_F(PresenterTest, AllPassedIsValidationSuccessfulWithTheNextStep) {
    p.run_started();
    p.run_finished(summary_of({outcome("a", Status::Passed), outcome("b", Status::Passed), outcome("c", Status::Passed)}), "/l.log");
    const auto h = p.headline();
    EXPECT_EQ(h.tone, HeadlineView::Tone::Success);
    EXPECT_EQ(h.title, "Validation Successful");
    EXPECT_NE(h.detail.find("create the image from the WorkSpaces console"), std::string::npos);
    EXPECT_FALSE(p.buttons().fix_all_enabled);
}

TEST_F(PresenterTest, AFailedCheckWithAnOnRequestFixIsNotPartOfFixAll) {
    MainPresenter q{{info("x", FixKind::OnRequest)}};
    q.run_started();
    q.run_finished(summary_of({outcome("x", Status::Failed, FixKind::OnRequest)}), "/l.log");
    EXPECT_TRUE(q.fix_all_targets().empty());
    EXPECT_FALSE(q.buttons().fix_all_enabled);
}

TEST_F(PresenterTest, RecheckAfterFixesUpdatesRowsAndVerdict) {
    p.run_started();
    p.run_finished(summary_of({outcome("a", Status::Passed), outcome("b", Status::Passed), outcome("c", Status::Warning, FixKind::Automatic)}),
                   "/l.log");
    p.rechecked({outcome("c", Status::Passed, FixKind::Automatic)});
    EXPECT_EQ(p.rows()[2].state_text(), "PASSED");
    EXPECT_EQ(p.headline().title, "Validation Successful");
    EXPECT_FALSE(p.buttons().fix_all_enabled);
}

TEST_F(PresenterTest, CancelDisablesCancelUntilTheRunEnds) {
    p.run_started();
    p.cancel_requested();
    EXPECT_FALSE(p.buttons().cancel_enabled);
    EXPECT_EQ(p.headline().title, "Cancelling\xE2\x80\xA6");
    auto s = summary_of({outcome("a", Status::Passed)});
    s.cancelled = true;
    p.run_finished(s, "/l.log");
    EXPECT_EQ(p.headline().title, "Run cancelled");
    EXPECT_TRUE(p.buttons().run_enabled);
}

TEST_F(PresenterTest, RerunClearsThePreviousResults) {
    p.run_started();
    p.run_finished(summary_of({outcome("a", Status::Failed)}), "/l.log");
    p.run_started();
    EXPECT_EQ(p.rows()[0].state_text(), "To be tested");
    EXPECT_EQ(p.progress_text(), "0 of 3");
    EXPECT_FALSE(p.buttons().open_log_enabled);
}

TEST_F(PresenterTest, InfoShowsWhyEvidenceStepsAwsCodeAndFix) {
    EXPECT_NE(p.info_text("b").find("Not checked yet."), std::string::npos);
    p.run_started();
    p.check_finished(outcome("b", Status::Failed));
    const auto text = p.info_text("b");
    EXPECT_NE(text.find("Result: FAILED"), std::string::npos);
    EXPECT_NE(text.find("item b: observed b (expected: expected b)"), std::string::npos);
    EXPECT_NE(text.find("Why it matters:\nBecause b"), std::string::npos);
    EXPECT_NE(text.find("How to resolve it yourself:\nDo b"), std::string::npos);
    EXPECT_NE(text.find("SomeAwsCode"), std::string::npos);
    p.check_finished(outcome("c", Status::Warning, FixKind::Automatic));
    EXPECT_NE(p.info_text("c").find("What the tool can do (Fix All Warnings): fix c"), std::string::npos);
}

TEST_F(PresenterTest, StructuredInfoHasEachSectionAndOffersAnOnRequestFixOnlyWhenItApplies) {
    MainPresenter q{{info("a"), info("b"), info("d", FixKind::OnRequest)}};
    EXPECT_FALSE(q.info_view("d").has_result);
    EXPECT_FALSE(q.info_view("d").can_fix_on_request);
    q.run_started();
    q.check_finished(outcome("b", Status::Failed));
    auto failed_d = outcome("d", Status::Failed, FixKind::OnRequest);
    failed_d.result.fix = FixOffer{false, "move the service to LocalSystem"};
    q.check_finished(failed_d);
    q.run_finished(summary_of({outcome("a", Status::Passed), outcome("b", Status::Failed), failed_d}), "/l.log");

    const InfoView b = q.info_view("b");
    EXPECT_EQ(b.state, RowState::Failed);
    EXPECT_EQ(b.summary, "summary b");
    ASSERT_EQ(b.evidence.size(), 1U);
    EXPECT_EQ(b.evidence[0].observed, "observed b");
    EXPECT_EQ(b.evidence[0].expected, "expected b");
    EXPECT_EQ(b.rationale, "Because b");
    EXPECT_EQ(b.resolution, "Do b");
    EXPECT_EQ(b.aws_error_code, "SomeAwsCode");
    EXPECT_FALSE(b.can_fix_on_request) << "no fix of any kind";

    const InfoView d = q.info_view("d");
    EXPECT_TRUE(d.can_fix_on_request);
    EXPECT_EQ(d.fix_kind, FixKind::OnRequest);
    EXPECT_EQ(d.fix_description, "move the service to LocalSystem");
    EXPECT_TRUE(q.fix_all_targets().empty()) << "an on-request fix is never part of Fix All Warnings";
    q.set_read_only(true);
    EXPECT_FALSE(q.info_view("d").can_fix_on_request) << "nothing can be changed in a recording";
}

TEST_F(PresenterTest, AnOpenedLogBecomesTheRowsReadOnlyWithItsVerdict) {
    ReadRun run;
    run.kind = ReadRun::Kind::Log;
    run.file = "/tickets/42/ImageChecker_20261123231001.log";
    run.machine_name = "WS-1234";
    run.verdict = "Not ready: 1 check needs a person.";
    run.finished = true;
    run.checks.push_back({"b", "", Status::Failed, "2 extra drives", {{"Drive Z:", "network", "absent"}}, "", "", "", "", "", {}});
    run.checks.push_back({"unknown-to-us", "From a newer version", Status::Warning, "w", {}, "automatic", "do it", "", "", "", {}});
    run.checks.push_back({"c", "", std::nullopt, "", {}, "", "", "", "", "", {}});
    p.show_read_run(run, {info("a"), info("b"), info("c", FixKind::Automatic)});

    ASSERT_EQ(p.rows().size(), 3U);
    EXPECT_EQ(p.rows()[0].title, "Title b") << "the catalogue fills what the log does not say";
    EXPECT_EQ(p.rows()[0].state, RowState::Failed);
    EXPECT_EQ(p.rows()[1].title, "From a newer version");
    EXPECT_EQ(p.rows()[2].state, RowState::ToBeTested);
    EXPECT_NE(p.rows()[2].summary.find("No result in the file"), std::string::npos);
    EXPECT_EQ(p.info_view("b").rationale, "Because b");
    EXPECT_EQ(p.info_view("b").evidence[0].item, "Drive Z:");

    const auto buttons = p.buttons();
    EXPECT_FALSE(buttons.run_enabled);
    EXPECT_FALSE(buttons.fix_all_enabled) << "a file is read-only, even with a WARNING the tool could fix";
    EXPECT_TRUE(buttons.save_report_enabled);
    EXPECT_TRUE(buttons.open_log_enabled);
    EXPECT_TRUE(p.read_only());
    EXPECT_EQ(p.headline().title, "Opened ImageChecker_20261123231001.log");
    EXPECT_NE(p.headline().detail.find("Not ready: 1 check needs a person."), std::string::npos);
    EXPECT_NE(p.headline().detail.find("WS-1234"), std::string::npos);
}

}  // namespace
}  // namespace ic::gui
