#include "engine/calendar/calendar.h"

#include <bit>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/calendar/weekday_names.h"

namespace wageflow {
namespace {

using calendar_detail::date_with_weekday;

// Duration::parse never yields more; larger amounts are refused, so every
// day loop below ends.
constexpr std::int64_t kMaxAmount = 100000;

std::string plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string span_text(Date first, Date last) {
  return first == last ? date_with_weekday(first) : first.to_string() + ".." + last.to_string();
}

// Walks the days a due-date computation judges, in order, and remembers
// what it met: the notes for DueDate::notes and the runs for the
// explanation paragraph.
class DeadlineWalk {
 public:
  DeadlineWalk(const Calendar& calendar, Duration::Unit unit) : calendar_(calendar), unit_(unit) {}

  // True when `day` is a working day; records why it is not, or that it is a
  // make-up working day, or that its year is not listed.
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
        length.to_string() + " after " + start.to_string() + " (start day not counted)";
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

}  // namespace

Calendar::Calendar(std::string name, int utc_offset_minutes, unsigned weekend_mask, int first_year,
                   int last_year, std::set<Date> holidays, std::set<Date> workdays)
    : name_(std::move(name)),
      utc_offset_minutes_(utc_offset_minutes),
      weekend_mask_(weekend_mask & 0x7Fu),
      first_year_(first_year),
      last_year_(last_year),
      holidays_(std::move(holidays)),
      workdays_(std::move(workdays)) {}

bool Calendar::covers(Date date) const {
  const int year = date.year();
  return year >= first_year_ && year <= last_year_;
}

bool Calendar::is_working_day(Date date) const {
  if (covers(date)) {
    if (is_make_up_workday(date)) return true;
    if (is_holiday(date)) return false;
  }
  return !is_weekend(date);
}

DueDate Calendar::due_date(Date start, Duration length) const {
  if (length.unit == Duration::Unit::kHours || length.amount < 0 || length.amount > kMaxAmount) {
    return DueDate{start,
                   false,
                   {},
                   "cannot compute a due date for '" + length.to_string() + "': only 0.." +
                       std::to_string(kMaxAmount) + " days or working_days fall due on a date"};
  }
  // Every 7 consecutive days hold a working day unless a holiday takes it,
  // so a calendar with at least one working weekday never reaches this bound.
  const std::int64_t scan_limit =
      (length.amount + static_cast<std::int64_t>(holidays_.size()) + 1) * 7;
  const std::string no_working_day =
      "calendar " + name_ + " has no working day within " + std::to_string(scan_limit) + " days";
  DeadlineWalk walk(*this, length.unit);

  if (length.unit == Duration::Unit::kDays) {
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

Date Calendar::date_before(Date due, Duration length) const {
  if (length.amount <= 0 || length.amount > kMaxAmount) return due;
  switch (length.unit) {
    case Duration::Unit::kDays:
      return due.plus_days(-static_cast<std::int32_t>(length.amount));
    case Duration::Unit::kWorkingDays: {
      const std::int64_t scan_limit =
          (length.amount + static_cast<std::int64_t>(holidays_.size()) + 1) * 7;
      Date day = due;
      std::int64_t counted = 0;
      for (std::int64_t scanned = 0; counted < length.amount && scanned < scan_limit; ++scanned) {
        day = day.plus_days(-1);
        if (is_working_day(day)) ++counted;
      }
      return day;
    }
    case Duration::Unit::kHours:
      return due;
  }
  return due;
}

std::int64_t Calendar::count_after(Date from, Date to, Duration::Unit unit) const {
  if (to <= from) return 0;
  const std::int64_t span = days_between(from, to);
  if (unit == Duration::Unit::kDays) return span;
  if (unit != Duration::Unit::kWorkingDays) return 0;

  // Days that are not weekend days, by whole weeks and then the remainder...
  const std::int64_t weeks = span / 7;
  std::int64_t working = weeks * (7 - std::popcount(weekend_mask_));
  for (Date day = from.plus_days(static_cast<std::int32_t>(weeks * 7 + 1)); day <= to;
       day = day.plus_days(1)) {
    if (!is_weekend(day)) ++working;
  }
  // ...less the listed holidays on those days, plus the make-up working days
  // on weekend days (a listed workday wins over a holiday on the same day).
  for (auto it = holidays_.upper_bound(from); it != holidays_.end() && *it <= to; ++it) {
    if (covers(*it) && !is_weekend(*it) && !is_make_up_workday(*it)) --working;
  }
  for (auto it = workdays_.upper_bound(from); it != workdays_.end() && *it <= to; ++it) {
    if (covers(*it) && is_weekend(*it)) ++working;
  }
  return working;
}

}  // namespace wageflow
