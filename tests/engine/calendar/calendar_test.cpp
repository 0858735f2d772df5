// Deadline arithmetic on the shipped cn-mainland calendar. Every expected
// date below was worked out by hand from the State Council schedules for
// 2024-2026 (see workflows/calendars/cn-mainland.yaml); the comment on each
// row is that reasoning. "wd" = working day.
#include "engine/calendar/calendar.h"

#include <gtest/gtest.h>

#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace wageflow {
namespace {

Date D(const char* text) {
  auto date = Date::parse(text);
  EXPECT_TRUE(date.has_value()) << text;
  return date.value_or(Date{});
}

Duration L(const char* text) {
  auto length = Duration::parse(text);
  EXPECT_TRUE(length.has_value()) << text;
  return length.value_or(Duration{});
}

class CnMainlandTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<Diagnostic> diagnostics;
    auto loaded = Calendar::load_file(
        std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars/cn-mainland.yaml", &diagnostics);
    for (const auto& d : diagnostics) ADD_FAILURE() << d.to_string();
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    calendar_ = loaded.value();
  }
  static void TearDownTestSuite() { calendar_.reset(); }

  static std::shared_ptr<const Calendar> calendar_;
};
std::shared_ptr<const Calendar> CnMainlandTest::calendar_;

struct StatutoryRow {
  const char* start;
  const char* length;
  const char* due;
  const char* reasoning;
};

const StatutoryRow kStatutoryRows[] = {
    // --- working_days across Spring Festival ---
    {"2025-01-24", "5 working_days", "2025-02-07",
     "Fri start; 01-25 Sat; 01-26 Sun make-up = wd1; 01-27 = wd2; 01-28..02-04 holidays; "
     "02-05, 02-06, 02-07 = wd3..5"},
    {"2024-02-07", "5 working_days", "2024-02-20",
     "02-08 Thu, 02-09 Fri = wd1,2; 02-10..02-17 holidays; 02-18 Sun make-up = wd3; "
     "02-19 Mon, 02-20 Tue = wd4,5"},
    {"2026-02-12", "5 working_days", "2026-02-26",
     "02-13 Fri = wd1; 02-14 Sat make-up = wd2; 02-15..02-23 holidays; 02-24..02-26 = wd3..5"},
    {"2024-02-02", "3 working_days", "2024-02-06",
     "02-03 Sat rest; 02-04 Sun make-up = wd1; 02-05 Mon, 02-06 Tue = wd2,3"},
    {"2026-02-26", "3 working_days", "2026-03-02",
     "02-27 Fri = wd1; 02-28 Sat make-up = wd2; 03-01 Sun rest; 03-02 Mon = wd3"},
    // --- working_days across National Day ---
    {"2024-09-27", "5 working_days", "2024-10-10",
     "09-28 Sat rest; 09-29 Sun make-up = wd1; 09-30 = wd2; 10-01..10-07 holidays; "
     "10-08..10-10 = wd3..5"},
    {"2024-10-10", "3 working_days", "2024-10-14",
     "10-11 Fri = wd1; 10-12 Sat make-up = wd2; 10-13 Sun rest; 10-14 Mon = wd3"},
    {"2025-09-26", "5 working_days", "2025-10-10",
     "09-27 Sat rest; 09-28 Sun make-up = wd1; 09-29, 09-30 = wd2,3; 10-01..10-08 holidays; "
     "10-09 Thu, 10-10 Fri = wd4,5"},
    {"2025-10-10", "1 working_days", "2025-10-11", "10-11 Sat is a make-up day = wd1"},
    {"2026-09-30", "5 working_days", "2026-10-13",
     "10-01..10-07 holidays; 10-08 Thu, 10-09 Fri = wd1,2; 10-10 Sat make-up = wd3; "
     "10-11 Sun rest; 10-12, 10-13 = wd4,5"},
    // --- other holidays and make-up days ---
    {"2024-04-03", "2 working_days", "2024-04-08",
     "04-04..04-06 holidays (Qingming); 04-07 Sun make-up = wd1; 04-08 Mon = wd2"},
    {"2024-04-26", "5 working_days", "2024-05-07",
     "04-27 Sat rest; 04-28 Sun make-up = wd1; 04-29, 04-30 = wd2,3; 05-01..05-05 holidays; "
     "05-06, 05-07 = wd4,5"},
    {"2024-05-06", "5 working_days", "2024-05-11",
     "05-07..05-10 Tue..Fri = wd1..4; 05-11 Sat make-up = wd5"},
    {"2024-06-07", "1 working_days", "2024-06-11",
     "06-08, 06-09 weekend; 06-10 Mon Dragon Boat holiday; 06-11 Tue = wd1"},
    {"2024-09-13", "2 working_days", "2024-09-18",
     "09-14 Sat make-up = wd1; 09-15..09-17 Mid-Autumn holidays; 09-18 Wed = wd2"},
    {"2026-09-18", "1 working_days", "2026-09-20", "09-19 Sat rest; 09-20 Sun make-up = wd1"},
    {"2026-09-23", "3 working_days", "2026-09-29",
     "09-24 Thu = wd1; 09-25..09-27 Mid-Autumn holidays; 09-28, 09-29 = wd2,3"},
    // --- starts on a holiday / on a make-up day ---
    {"2025-01-29", "5 working_days", "2025-02-10",
     "starts on a holiday; 01-30..02-04 holidays; 02-05..02-07 = wd1..3; 02-08 Sat make-up = "
     "wd4; 02-09 Sun rest; 02-10 Mon = wd5"},
    {"2025-01-26", "2 working_days", "2025-02-05",
     "starts on make-up Sun (not counted); 01-27 = wd1; 01-28..02-04 holidays; 02-05 = wd2"},
    {"2025-01-29", "0 working_days", "2025-02-05",
     "0 working_days from a holiday rolls forward like 0 days: 01-29..02-04 holidays"},
    {"2025-10-04", "0 working_days", "2025-10-09",
     "resumed in the National Day holiday with 0 working days left: 10-09 Thu"},
    {"2025-09-28", "0 working_days", "2025-09-28", "a make-up Sunday is a working day"},
    // --- crossing year ends ---
    {"2024-12-30", "3 working_days", "2025-01-03",
     "12-31 Tue = wd1; 2025-01-01 holiday; 01-02 Thu, 01-03 Fri = wd2,3"},
    {"2025-12-31", "2 working_days", "2026-01-05",
     "2026-01-01..01-03 holidays; 01-04 Sun make-up = wd1; 01-05 Mon = wd2"},
    // --- N days, rolling forward from rest days ---
    {"2025-01-20", "15 days", "2025-02-05",
     "01-20 + 15 = 02-04 Tue, a Spring Festival holiday; next wd 02-05 Wed"},
    {"2024-08-17", "45 days", "2024-10-08",
     "08-17 + 14 = 08-31, + 30 = 09-30, + 1 = 10-01 holiday; 10-01..10-07 holidays; 10-08 Tue"},
    {"2026-01-20", "30 days", "2026-02-24",
     "01-20 + 11 = 01-31, + 19 = 02-19 Thu holiday; 02-19..02-23 holidays; 02-24 Tue"},
    {"2025-05-25", "7 days", "2025-06-03",
     "05-25 + 7 = 06-01 Sun, Dragon Boat holiday 05-31..06-02; next wd 06-03 Tue"},
    {"2025-04-01", "3 days", "2025-04-07",
     "04-01 + 3 = 04-04 Fri, Qingming 04-04..04-06; next wd 04-07 Mon"},
    {"2025-03-05", "3 days", "2025-03-10", "03-05 + 3 = 03-08 Sat; 03-09 Sun; 03-10 Mon"},
    {"2024-12-20", "15 days", "2025-01-06",
     "12-20 + 11 = 12-31, + 4 = 2025-01-04 Sat; 01-05 Sun; 01-06 Mon"},
    {"2025-12-17", "15 days", "2026-01-04",
     "12-17 + 15 = 2026-01-01 holiday; 01-02, 01-03 holidays; 01-04 Sun is a make-up wd"},
    {"2026-06-04", "15 days", "2026-06-22",
     "06-04 + 15 = 06-19 Fri, Dragon Boat 06-19..06-21; next wd 06-22 Mon"},
    {"2025-01-16", "10 days", "2025-01-26", "01-16 + 10 = 01-26 Sun, a make-up wd: no roll"},
    {"2025-03-28", "30 days", "2025-04-27", "03-28 + 3 = 03-31, + 27 = 04-27 Sun make-up wd"},
    {"2025-03-03", "15 days", "2025-03-18", "03-03 + 15 = 03-18 Tue, a plain wd"},
    // --- 0 days ---
    {"2025-03-05", "0 days", "2025-03-05", "0 days from a wd is the start itself"},
    {"2025-03-08", "0 days", "2025-03-10", "0 days from Sat rolls past Sun to Mon"},
    {"2025-01-29", "0 days", "2025-02-05", "0 days from a holiday rolls past 01-30..02-04"},
};

TEST_F(CnMainlandTest, StatutoryDueDatesMatchTheOfficialSchedule) {
  static_assert(std::size(kStatutoryRows) >= 25);
  for (const auto& row : kStatutoryRows) {
    SCOPED_TRACE(std::string(row.length) + " after " + row.start + ": " + row.reasoning);
    const DueDate result = calendar_->due_date(D(row.start), L(row.length));
    EXPECT_EQ(result.due.to_string(), row.due) << result.explanation;
    EXPECT_FALSE(result.provisional) << result.explanation;
    const Duration length = L(row.length);
    if (length.amount > 0 || length.unit == Duration::Unit::kDays) {
      EXPECT_TRUE(calendar_->is_working_day(result.due)) << row.due;
    }
    EXPECT_NE(result.explanation.find("due " + std::string(row.due)), std::string::npos)
        << result.explanation;
  }
}

TEST_F(CnMainlandTest, CountAfterAgreesWithEveryWorkingDaysRow) {
  for (const auto& row : kStatutoryRows) {
    const Duration length = L(row.length);
    if (length.unit != Duration::Unit::kWorkingDays) continue;
    // 0 working_days from a rest day is rolled: it counts the day it rolls to.
    if (length.amount == 0 && std::string(row.start) != row.due) continue;
    SCOPED_TRACE(std::string(row.length) + " after " + row.start);
    EXPECT_EQ(calendar_->count_after(D(row.start), D(row.due), Duration::Unit::kWorkingDays),
              length.amount);
  }
}

TEST_F(CnMainlandTest, LoadsTheListedYearsAndZone) {
  EXPECT_EQ(calendar_->name(), "cn-mainland");
  EXPECT_EQ(calendar_->utc_offset_minutes(), 480);
  EXPECT_EQ(calendar_->first_year(), 2024);
  EXPECT_EQ(calendar_->last_year(), 2026);
  EXPECT_TRUE(calendar_->covers(D("2024-01-01")));
  EXPECT_TRUE(calendar_->covers(D("2026-12-31")));
  EXPECT_FALSE(calendar_->covers(D("2023-12-31")));
  EXPECT_FALSE(calendar_->covers(D("2027-01-01")));
}

TEST_F(CnMainlandTest, JudgesMakeUpDaysHolidaysAndWeekends) {
  struct Row {
    const char* date;
    bool working;
    const char* why;
  };
  const Row rows[] = {
      {"2025-01-26", true, "Sun make-up day"},
      {"2024-10-12", true, "Sat make-up day"},
      {"2026-02-28", true, "Sat make-up day"},
      {"2025-01-28", false, "Spring Festival holiday on a Tuesday"},
      {"2025-02-01", false, "Spring Festival holiday on a Saturday"},
      {"2024-06-10", false, "Dragon Boat holiday on a Monday"},
      {"2025-01-25", false, "plain Saturday"},
      {"2025-01-27", true, "plain Monday"},
      {"2027-01-01", true, "Friday in an unlisted year: weekends only"},
      {"2027-01-02", false, "Saturday in an unlisted year"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(std::string(row.date) + ": " + row.why);
    EXPECT_EQ(calendar_->is_working_day(D(row.date)), row.working);
  }
  EXPECT_TRUE(calendar_->is_make_up_workday(D("2025-01-26")));
  EXPECT_FALSE(calendar_->is_make_up_workday(D("2025-01-27")));
  EXPECT_TRUE(calendar_->is_holiday(D("2025-02-01")));
  EXPECT_TRUE(calendar_->is_weekend(D("2025-02-01")));
  EXPECT_FALSE(calendar_->is_holiday(D("2025-01-25")));
}

TEST_F(CnMainlandTest, MarksDueDatesBeyondTheListedYearsProvisional) {
  // 2026-12-20 + 30 days = 2027-01-19 (Tue): 2027 is not listed, judged by weekends only.
  DueDate days = calendar_->due_date(D("2026-12-20"), L("30 days"));
  EXPECT_EQ(days.due, D("2027-01-19"));
  EXPECT_TRUE(days.provisional);
  ASSERT_FALSE(days.notes.empty());
  EXPECT_EQ(days.notes.front().kind, DeadlineNote::Kind::kProvisional);
  EXPECT_NE(days.explanation.find("year 2027 is not listed"), std::string::npos)
      << days.explanation;
  EXPECT_NE(days.explanation.find("provisional"), std::string::npos) << days.explanation;

  // 12-28..12-31 = wd1..4; 2027-01-01 Fri counts (its holiday is not known yet) = wd5;
  // 01-02, 01-03 weekend; 01-04..01-08 = wd6..10.
  DueDate working = calendar_->due_date(D("2026-12-25"), L("10 working_days"));
  EXPECT_EQ(working.due, D("2027-01-08"));
  EXPECT_TRUE(working.provisional);

  // Before the first listed year as well: 2023-12-29 Fri = wd1 (unlisted), 2024-01-01 holiday,
  // 01-02..01-05 = wd2..5.
  DueDate before = calendar_->due_date(D("2023-12-28"), L("5 working_days"));
  EXPECT_EQ(before.due, D("2024-01-05"));
  EXPECT_TRUE(before.provisional);
}

// Replay reads the unlisted year back from stored explanations
// (engine/runtime/replay.cpp): what due_date writes, it must find.
TEST_F(CnMainlandTest, TheUnlistedYearIsReadBackFromTheExplanation) {
  const std::string days = calendar_->due_date(D("2026-12-20"), L("30 days")).explanation;
  const std::string without_notes =
      calendar_->due_date_without_notes(D("2026-12-25"), L("10 working_days")).explanation;
  const std::string before = calendar_->due_date(D("2023-12-28"), L("5 working_days")).explanation;
  const std::string listed = calendar_->due_date(D("2026-12-25"), L("3 working_days")).explanation;
  struct Row {
    std::string text;
    std::optional<int> year;
  };
  const std::vector<Row> rows = {
      {days, 2027},
      {without_notes, 2027},
      {before, 2023},
      {listed, std::nullopt},
      {"{\"explanation\":\"" + days + "; extended by 15 days: " + before + "\"}", 2023},
      {"year 20x7 is not listed in calendar cn-mainland", std::nullopt},
      {"7 is not listed in calendar cn-mainland", std::nullopt},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(first_unlisted_year_in(row.text), row.year) << row.text;
  }
}

TEST_F(CnMainlandTest, StaysFinalWhenOnlyTheUnjudgedStartLiesOutsideTheListedYears) {
  // 3 working_days from 2026-12-25: 12-28, 12-29, 12-30, all in 2026.
  DueDate inside = calendar_->due_date(D("2026-12-25"), L("3 working_days"));
  EXPECT_EQ(inside.due, D("2026-12-30"));
  EXPECT_FALSE(inside.provisional);
  // 2023-12-31 + 2 days = 2024-01-02 (Tue): only that day is judged.
  DueDate from_unlisted = calendar_->due_date(D("2023-12-31"), L("2 days"));
  EXPECT_EQ(from_unlisted.due, D("2024-01-02"));
  EXPECT_FALSE(from_unlisted.provisional);
}

TEST_F(CnMainlandTest, ExplainsHolidaysAndMakeUpDaysMet) {
  DueDate result = calendar_->due_date(D("2025-01-24"), L("5 working_days"));
  EXPECT_EQ(result.explanation,
            "5 working_days after 2025-01-24 (start day not counted): 2025-01-26 (Sun) is a "
            "make-up working day; 2025-01-28..2025-02-04 public holidays skipped; 1 weekend day "
            "skipped; due 2025-02-07 (Fri)");
  // 01-25 weekend, 01-26 make-up, 01-28..02-04 eight holidays.
  ASSERT_EQ(result.notes.size(), 10u);
  EXPECT_EQ(result.notes[0].kind, DeadlineNote::Kind::kSkippedWeekend);
  EXPECT_EQ(result.notes[0].date, D("2025-01-25"));
  EXPECT_EQ(result.notes[1].kind, DeadlineNote::Kind::kMakeUpWorkday);
  EXPECT_EQ(result.notes[1].text, "2025-01-26 (Sun) is a make-up working day");
  for (std::size_t i = 2; i < result.notes.size(); ++i) {
    EXPECT_EQ(result.notes[i].kind, DeadlineNote::Kind::kSkippedHoliday) << i;
  }
  EXPECT_EQ(result.notes.back().date, D("2025-02-04"));
}

TEST_F(CnMainlandTest, ExplainsTheRollForwardOfADaysDeadline) {
  DueDate result = calendar_->due_date(D("2024-08-17"), L("45 days"));
  EXPECT_EQ(result.explanation,
            "45 days after 2024-08-17 (start day not counted) lands on 2024-10-01 (Tue): "
            "2024-10-01..2024-10-07 public holidays skipped; rolled forward to the next working "
            "day; due 2024-10-08 (Tue)");
  ASSERT_FALSE(result.notes.empty());
  EXPECT_EQ(result.notes.back().kind, DeadlineNote::Kind::kRolledForward);
  EXPECT_EQ(result.notes.back().date, D("2024-10-08"));

  DueDate weekend = calendar_->due_date(D("2025-03-05"), L("3 days"));
  EXPECT_NE(weekend.explanation.find("2025-03-08..2025-03-09 weekend days skipped"),
            std::string::npos)
      << weekend.explanation;

  DueDate onto_make_up = calendar_->due_date(D("2025-12-17"), L("15 days"));
  EXPECT_NE(onto_make_up.explanation.find("2026-01-04 (Sun) is a make-up working day"),
            std::string::npos)
      << onto_make_up.explanation;
}

TEST_F(CnMainlandTest, WarningDatesCountBackInTheWarningsOwnUnit) {
  struct Row {
    const char* due;
    const char* warn;
    const char* expected;
    const char* why;
  };
  const Row rows[] = {
      {"2025-03-10", "1 working_days", "2025-03-07", "Mon due: previous Fri"},
      {"2025-01-27", "1 working_days", "2025-01-26", "Mon due: the make-up Sun before it"},
      {"2024-10-14", "1 working_days", "2024-10-12", "Mon due: the make-up Sat before it"},
      {"2025-02-05", "1 working_days", "2025-01-27", "back over 02-04..01-28 holidays"},
      {"2025-03-14", "1 working_days", "2025-03-13", "Fri due: Thu"},
      {"2025-02-05", "3 days", "2025-02-02", "calendar days, no rolling onto a working day"},
      {"2025-03-10", "0 working_days", "2025-03-10", "no warning lead"},
      {"2026-02-26", "5 working_days", "2026-02-12", "inverse of the 2026 Spring Festival row"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(std::string(row.warn) + " before " + row.due + ": " + row.why);
    EXPECT_EQ(calendar_->date_before(D(row.due), L(row.warn)), D(row.expected));
  }
}

TEST_F(CnMainlandTest, CountAfterKeepsTheRemainingAmountOfASuspendedTimer) {
  // Due 2025-02-07 (5 working_days after 2025-01-24), suspended on 2025-01-27:
  // remaining = working days after 01-27 up to 02-07 = 02-05, 02-06, 02-07.
  const auto working = Duration::Unit::kWorkingDays;
  EXPECT_EQ(calendar_->count_after(D("2025-01-27"), D("2025-02-07"), working), 3);
  // Resumed on 2025-02-10 (Mon): 3 working days after it = 02-13.
  EXPECT_EQ(calendar_->due_date(D("2025-02-10"), Duration{3, working}).due, D("2025-02-13"));
  // Calendar days: 01-24 .. 02-07 is 14 days; nothing when to <= from.
  EXPECT_EQ(calendar_->count_after(D("2025-01-24"), D("2025-02-07"), Duration::Unit::kDays), 14);
  EXPECT_EQ(calendar_->count_after(D("2025-02-07"), D("2025-02-07"), working), 0);
  EXPECT_EQ(calendar_->count_after(D("2025-02-08"), D("2025-02-07"), working), 0);
  EXPECT_EQ(calendar_->count_after(D("2025-02-08"), D("2025-02-07"), Duration::Unit::kDays), 0);
  // A holiday-only span holds no working day.
  EXPECT_EQ(calendar_->count_after(D("2025-01-27"), D("2025-02-04"), working), 0);
}

TEST_F(CnMainlandTest, CountAfterInvertsDueDateOverLongSpans) {
  // Spans through 2023 and 2027 (unlisted, weekends only) and whole listed years.
  for (const char* start : {"2023-11-15", "2024-02-09", "2025-09-27", "2026-12-31"}) {
    for (std::int64_t amount : {1, 7, 60, 250, 700}) {
      SCOPED_TRACE(std::string(start) + " + " + std::to_string(amount) + " working_days");
      const Date due =
          calendar_->due_date(D(start), Duration{amount, Duration::Unit::kWorkingDays}).due;
      EXPECT_EQ(calendar_->count_after(D(start), due, Duration::Unit::kWorkingDays), amount);
      EXPECT_EQ(
          calendar_->date_before(due, Duration{amount, Duration::Unit::kWorkingDays}) <= D(start),
          true);
    }
  }
}

TEST_F(CnMainlandTest, LargestAmountEndsAndHoursAreRefused) {
  DueDate far = calendar_->due_date(D("2025-01-24"), L("100000 working_days"));
  EXPECT_TRUE(far.provisional);
  EXPECT_EQ(calendar_->count_after(D("2025-01-24"), far.due, Duration::Unit::kWorkingDays), 100000);
  DueDate hours = calendar_->due_date(D("2025-01-24"), L("48 hours"));
  EXPECT_EQ(hours.due, D("2025-01-24"));
  EXPECT_NE(hours.explanation.find("cannot compute"), std::string::npos) << hours.explanation;
}

TEST(CalendarTest, ACalendarWithoutWorkingDaysStillEnds) {
  const Calendar all_rest("all-rest", 480, 0x7F, 2025, 2025, {}, {});
  DueDate result = all_rest.due_date(D("2025-01-01"), L("3 working_days"));
  EXPECT_NE(result.explanation.find("has no working day"), std::string::npos) << result.explanation;
  EXPECT_EQ(all_rest.count_after(D("2025-01-01"), D("2025-12-31"), Duration::Unit::kWorkingDays),
            0);
}

TEST(CalendarTest, HonoursAnotherWeekend) {
  // Friday-Saturday weekend (bits 4 and 5); 2025-01-24 is a Friday.
  const Calendar gulf("fri-sat", 240, 0b0110000, 2025, 2025, {}, {});
  EXPECT_FALSE(gulf.is_working_day(D("2025-01-24")));
  EXPECT_TRUE(gulf.is_working_day(D("2025-01-26")));
  // Thu start: Fri, Sat rest; Sun = wd1.
  EXPECT_EQ(gulf.due_date(D("2025-01-23"), L("1 working_days")).due, D("2025-01-26"));
}

}  // namespace
}  // namespace wageflow
