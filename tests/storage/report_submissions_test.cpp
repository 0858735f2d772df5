// The ReportSubmissionStore (table report_submissions, migration 5) on every
// backend fixture: one submission per period and office, kept across
// reopening, never changed.
#include <gtest/gtest.h>

#include "tests/storage/backend_fixture.h"

namespace wageflow::testing {
namespace {

class ReportSubmissionsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    WAGEFLOW_REQUIRE_BACKEND(GetParam());
    fixture_ = GetParam().make();
    store_ = fixture_->open();
    submissions_ = report_submission_store(*store_);
    ASSERT_NE(submissions_, nullptr);
  }

  std::unique_ptr<BackendFixture> fixture_;
  std::unique_ptr<Store> store_;
  ReportSubmissionStore* submissions_ = nullptr;
};

std::string describe(const std::vector<ReportSubmissionRecord>& rows) {
  std::string text;
  for (const auto& row : rows) {
    text += row.period + "|" + row.office + "|" + row.submitted_by + "|" +
            std::to_string(row.submitted_at) + ";";
  }
  return text;
}

TEST_P(ReportSubmissionsTest, SubmissionsAreListedOldestFirstAndSurviveReopening) {
  EXPECT_TRUE(submissions_->report_submissions().empty());
  ASSERT_TRUE(
      submissions_->add_report_submission({"2025Q3", "长春市仲裁院", "刘科长", 1759996800}));
  ASSERT_TRUE(submissions_->add_report_submission({"2025Q2", "", "王处长", 1751850000}));
  ASSERT_TRUE(submissions_->add_report_submission({"2025Q3", "", "王处长", 1760000000}));

  const std::string expected =
      "2025Q2||王处长|1751850000;2025Q3|长春市仲裁院|刘科长|1759996800;"
      "2025Q3||王处长|1760000000;";
  EXPECT_EQ(describe(submissions_->report_submissions()), expected);

  store_.reset();
  store_ = fixture_->open();
  ReportSubmissionStore* reopened = report_submission_store(*store_);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(describe(reopened->report_submissions()), expected);
}

TEST_P(ReportSubmissionsTest, ASecondSubmissionOfThePeriodForTheSameOfficeWritesNothing) {
  ASSERT_TRUE(submissions_->add_report_submission({"2025", "吉林市仲裁院", "刘科长", 1767600000}));
  EXPECT_FALSE(submissions_->add_report_submission({"2025", "吉林市仲裁院", "别人", 1767700000}));
  EXPECT_EQ(describe(submissions_->report_submissions()), "2025|吉林市仲裁院|刘科长|1767600000;");
  // The same period for another office, or for the province, is its own submission.
  EXPECT_TRUE(submissions_->add_report_submission({"2025", "", "王处长", 1767800000}));
  EXPECT_EQ(submissions_->report_submissions().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportSubmissionsTest, ::testing::ValuesIn(backend_fixtures()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace wageflow::testing
