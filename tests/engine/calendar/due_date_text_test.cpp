// The explanation and notes of Calendar::due_date are stored in audit
// records (hash-chained), so their bytes must not change when the code that
// builds them does. The reference below is the implementation before it was
// rewritten for speed (commit fa9789f, snprintf dates, one string per part),
// kept verbatim apart from taking the calendar from outside; every due date
// of many starts and lengths must come out byte for byte the same, and
// due_date_without_notes must give the same due date and explanation.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/calendar/calendar.h"

namespace wageflow {
namespace {

namespace reference {

constexpr std::int64_t kMaxAmount = 100000;
constexpr const char* kWeekdayShort[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::string old_to_string(Date date) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year(), date.month(), date.day());
  return buf;
}

std::string date_with_weekday(Date date) {
  return old_to_string(date) + " (" + kWeekdayShort[date.weekday()] + ")";
}

std::string plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string span_text(Date first, Date last) {
  return first == last ? date_with_weekday(first)
                       : old_to_string(first) + ".." + old_to_string(last);
}

class DeadlineWalk {
 public:
  DeadlineWalk(const Calendar& calendar, Duration::Unit unit) : calendar_(calendar), unit_(unit) {}

  bool judge(Date day) {
    if (!calendar_.covers(day)) note_provisional(day);
    const bool listed = calendar_.covers(day);
    if (calendar_.is_working_day(day)) {
      if (listed && calendar_.is_make_up_workday(day)) {
        add_note(DeadlineNote::Kind::kMakeUpWorkday, day,
                 date_with_weekday(day) + " is a make-up working day");
        runs_.push_back({Run::kMakeUp, day, day, 0});
      }
      return true;
    }
    if (listed && calendar_.is_holiday(day)) {
      add_note(DeadlineNote::Kind::kSkippedHoliday, day,
               date_with_weekday(day) + " is a public holiday");
      extend_run(Run::kHoliday, day);
    } else {
      add_note(DeadlineNote::Kind::kSkippedWeekend, day,
               date_with_weekday(day) + " is a weekend day");
      if (unit_ == Duration::Unit::kWorkingDays) {
        ++weekend_days_passed_;
      } else {
        extend_run(Run::kWeekend, day);
      }
    }
    return false;
  }

  void note_rolled_forward(Date landed, Date due) {
    rolled_from_ = landed;
    add_note(DeadlineNote::Kind::kRolledForward, due,
             date_with_weekday(landed) + " is not a working day: rolled forward to " +
                 date_with_weekday(due));
  }

  DueDate finish(Date start, const Duration& length, Date due, const std::string& failure) {
    std::string text =
        length.to_string() + " after " + old_to_string(start) + " (start day not counted)";
    if (rolled_from_) text += " lands on " + date_with_weekday(*rolled_from_);
    std::vector<std::string> parts;
    for (const Run& run : runs_) parts.push_back(describe(run));
    if (weekend_days_passed_ > 0) {
      parts.push_back(plural(weekend_days_passed_, "weekend day", "weekend days") + " skipped");
    }
    if (rolled_from_) parts.push_back("rolled forward to the next working day");
    if (!failure.empty()) parts.push_back(failure);
    parts.push_back("due " + date_with_weekday(due) + (provisional_ ? ", provisional" : ""));
    text += ": ";
    for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? "; " : "") + parts[i];
    return DueDate{due, provisional_, std::move(notes_), std::move(text)};
  }

 private:
  struct Run {
    enum Kind { kHoliday, kWeekend, kMakeUp, kUnlistedYear } kind;
    Date first;
    Date last;
    int year;
  };

  void add_note(DeadlineNote::Kind kind, Date day, std::string text) {
    notes_.push_back(DeadlineNote{kind, day, std::move(text)});
  }

  void extend_run(Run::Kind kind, Date day) {
    if (!runs_.empty() && runs_.back().kind == kind && runs_.back().last.plus_days(1) == day) {
      runs_.back().last = day;
    } else {
      runs_.push_back({kind, day, day, 0});
    }
  }

  void note_provisional(Date day) {
    provisional_ = true;
    const int year = day.year();
    for (int seen : unlisted_years_) {
      if (seen == year) return;
    }
    unlisted_years_.push_back(year);
    const std::string text = unlisted_year_text(year);
    add_note(DeadlineNote::Kind::kProvisional, day, text);
    runs_.push_back({Run::kUnlistedYear, day, day, year});
  }

  std::string unlisted_year_text(int year) const {
    std::string listed =
        calendar_.first_year() <= calendar_.last_year()
            ? std::to_string(calendar_.first_year()) + ".." + std::to_string(calendar_.last_year())
            : "no years";
    return "year " + std::to_string(year) + " is not listed in calendar " + calendar_.name() +
           " (" + listed + "): its days are judged by weekends only, the due date is provisional";
  }

  std::string describe(const Run& run) const {
    switch (run.kind) {
      case Run::kHoliday:
        return span_text(run.first, run.last) +
               (run.first == run.last ? " public holiday skipped" : " public holidays skipped");
      case Run::kWeekend:
        return span_text(run.first, run.last) +
               (run.first == run.last ? " weekend day skipped" : " weekend days skipped");
      case Run::kMakeUp:
        return date_with_weekday(run.first) + " is a make-up working day";
      case Run::kUnlistedYear:
        return "year " + std::to_string(run.year) + " is not listed in calendar " +
               calendar_.name() + ", judged by weekends only";
    }
    return {};
  }

  const Calendar& calendar_;
  Duration::Unit unit_;
  std::vector<DeadlineNote> notes_;
  std::vector<Run> runs_;
  std::vector<int> unlisted_years_;
  std::int64_t weekend_days_passed_ = 0;
  std::optional<Date> rolled_from_;
  bool provisional_ = false;
};

// Calendar::due_date as it was; `holiday_count` is the calendar's number of
// listed holidays (its scan bound).
DueDate due_date(const Calendar& calendar, std::size_t holiday_count, Date start, Duration length) {
  if (length.unit == Duration::Unit::kHours || length.amount < 0 || length.amount > kMaxAmount) {
    return DueDate{start,
                   false,
                   {},
                   "cannot compute a due date for '" + length.to_string() + "': only 0.." +
                       std::to_string(kMaxAmount) + " days or working_days fall due on a date"};
  }
  const std::int64_t scan_limit =
      (length.amount + static_cast<std::int64_t>(holiday_count) + 1) * 7;
  const std::string no_working_day = "calendar " + calendar.name() + " has no working day within " +
                                     std::to_string(scan_limit) + " days";
  DeadlineWalk walk(calendar, length.unit);
  // Since 2026-11-30 "0 working_days" from a rest day rolls forward like
  // "0 days" (deadlines.md rule 6) instead of being the start itself.
  if (length.unit == Duration::Unit::kDays || length.amount == 0) {
    const Date landed = start.plus_days(static_cast<std::int32_t>(length.amount));
    Date due = landed;
    for (std::int64_t scanned = 0; !walk.judge(due); ++scanned) {
      if (scanned >= scan_limit) return walk.finish(start, length, due, no_working_day);
      due = due.plus_days(1);
    }
    if (due != landed) walk.note_rolled_forward(landed, due);
    return walk.finish(start, length, due, "");
  }
  Date day = start;
  std::int64_t counted = 0;
  for (std::int64_t scanned = 0; counted < length.amount; ++scanned) {
    if (scanned >= scan_limit) return walk.finish(start, length, day, no_working_day);
    day = day.plus_days(1);
    if (walk.judge(day)) ++counted;
  }
  return walk.finish(start, length, day, "");
}

}  // namespace reference

std::string describe_notes(const std::vector<DeadlineNote>& notes) {
  std::string out;
  for (const auto& note : notes) {
    out += std::to_string(static_cast<int>(note.kind)) + " " + note.date.to_string() + " " +
           note.text + "\n";
  }
  return out;
}

// Compares the calendar's due dates with the reference for every start in
// [first, first + days) and every length in `lengths`.
void expect_same_as_reference(const Calendar& calendar, std::size_t holiday_count, Date first,
                              int days, const std::vector<Duration>& lengths) {
  int compared = 0;
  for (int offset = 0; offset < days; ++offset) {
    const Date start = first.plus_days(offset);
    for (const Duration& length : lengths) {
      SCOPED_TRACE(calendar.name() + ": " + length.to_string() + " after " + start.to_string());
      const DueDate expected = reference::due_date(calendar, holiday_count, start, length);
      const DueDate actual = calendar.due_date(start, length);
      ASSERT_EQ(actual.explanation, expected.explanation);
      ASSERT_EQ(actual.due, expected.due);
      ASSERT_EQ(actual.provisional, expected.provisional);
      ASSERT_EQ(describe_notes(actual.notes), describe_notes(expected.notes));
      const DueDate brief = calendar.due_date_without_notes(start, length);
      ASSERT_EQ(brief.explanation, expected.explanation);
      ASSERT_EQ(brief.due, expected.due);
      ASSERT_EQ(brief.provisional, expected.provisional);
      ASSERT_TRUE(brief.notes.empty());
      ++compared;
    }
  }
  EXPECT_EQ(compared, days * static_cast<int>(lengths.size()));
}

std::vector<Duration> lengths_to_compare() {
  std::vector<Duration> lengths;
  for (std::int64_t amount : {0, 1, 2, 3, 5, 7, 10, 15, 30, 45, 60, 400}) {
    lengths.push_back({amount, Duration::Unit::kDays});
    lengths.push_back({amount, Duration::Unit::kWorkingDays});
  }
  lengths.push_back({-1, Duration::Unit::kDays});
  lengths.push_back({3, Duration::Unit::kHours});
  lengths.push_back({100001, Duration::Unit::kWorkingDays});
  return lengths;
}

TEST(DueDateTextTest, ShippedCalendarExplainsEveryDueDateAsBeforeAcrossListedAndUnlistedYears) {
  std::vector<Diagnostic> diagnostics;
  auto loaded = Calendar::load_file(
      std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars/cn-mainland.yaml", &diagnostics);
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  const Calendar& calendar = *loaded.value();
  // The scan bound (shown in the "no working day" failure) counts the
  // listed holidays.
  std::size_t holiday_count = 0;
  for (Date day = Date::from_ymd(calendar.first_year(), 1, 1);
       day <= Date::from_ymd(calendar.last_year(), 12, 31); day = day.plus_days(1)) {
    if (calendar.is_holiday(day)) ++holiday_count;
  }
  EXPECT_GT(holiday_count, 20u);
  const Date first = Date::from_ymd(calendar.first_year() - 1, 11, 1);
  const int days = Date::from_ymd(calendar.last_year() + 1, 3, 1).days() - first.days();
  expect_same_as_reference(calendar, holiday_count, first, days, lengths_to_compare());
}

TEST(DueDateTextTest, BuiltCalendarsExplainHolidaysMakeUpDaysAndFailuresAsBefore) {
  std::set<Date> holidays, workdays;
  for (int day = 1; day <= 9; ++day) holidays.insert(Date::from_ymd(2025, 10, day));
  holidays.insert(Date::from_ymd(2025, 12, 25));
  workdays.insert(Date::from_ymd(2025, 9, 28));
  workdays.insert(Date::from_ymd(2025, 10, 11));
  const Calendar listed("test-listed", 480, 0b1100000, 2025, 2025, holidays, workdays);
  expect_same_as_reference(listed, holidays.size(), Date::from_ymd(2025, 9, 1), 140,
                           lengths_to_compare());

  const Calendar no_years("test-unlisted", 60, 0b1000001, 1, 0, {}, {});
  expect_same_as_reference(no_years, 0, Date::from_ymd(2025, 12, 1), 40, lengths_to_compare());

  // Every day a rest day: each computation fails with the scan bound.
  const Calendar all_rest("test-all-rest", 480, 0x7F, 2025, 2025, holidays, {});
  expect_same_as_reference(all_rest, holidays.size(), Date::from_ymd(2025, 9, 25), 20,
                           {{0, Duration::Unit::kDays}, {3, Duration::Unit::kWorkingDays}});
}

}  // namespace
}  // namespace wageflow
