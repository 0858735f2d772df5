#include "engine/calendar/calendar.h"

#include <algorithm>
#include <bit>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/calendar/weekday_names.h"

namespace wageflow {
namespace {

using calendar_detail::append_date_with_weekday;

// "year 2027" + kNotListed + "cn-mainland ...": written in explanations,
// read back by first_unlisted_year_in.
constexpr std::string_view kNotListed = " is not listed in calendar ";

// Duration::parse never yields more; larger amounts are refused, so every
// day loop below ends.
constexpr std::int64_t kMaxAmount = 100000;

void append_plural(std::string& out, std::int64_t n, const char* one, const char* many) {
  out += std::to_string(n);
  out += ' ';
  out += n == 1 ? one : many;
}

void append_span(std::string& out, Date first, Date last) {
  if (first == last) {
    append_date_with_weekday(out, first);
    return;
  }
  first.append_to(out);
  out += "..";
  last.append_to(out);
}

// "<date> (<weekday>)<rest>", built in one allocation.
std::string day_text(Date day, std::string_view rest) {
  std::string text;
  text.reserve(16 + rest.size());
  append_date_with_weekday(text, day);
  text += rest;
  return text;
}

// Walks the days a due-date computation judges, in order, and remembers
// what it met: the notes for DueDate::notes and the runs for the
// explanation paragraph.
class DeadlineWalk {
 public:
  DeadlineWalk(const Calendar& calendar, Duration::Unit unit, bool with_notes)
      : calendar_(calendar), unit_(unit), with_notes_(with_notes) {
    if (calendar.first_year() <= calendar.last_year()) {
      listed_first_ = Date::from_ymd(calendar.first_year(), 1, 1);
      listed_last_ = Date::from_ymd(calendar.last_year(), 12, 31);
    }
  }

  // True when `day` is a working day; records why it is not, or that it is a
  // make-up working day, or that its year is not listed.
  bool judge(Date day) {
    // calendar_.covers(day), without working out the day's year.
    const bool listed = listed_first_ && *listed_first_ <= day && day <= *listed_last_;
    if (!listed) note_provisional(day);
    if (listed && calendar_.is_make_up_workday(day)) {
      add_note(DeadlineNote::Kind::kMakeUpWorkday, day, " is a make-up working day");
      runs_.push_back({Run::kMakeUp, day, day, 0});
      return true;
    }
    if (listed && calendar_.is_holiday(day)) {
      add_note(DeadlineNote::Kind::kSkippedHoliday, day, " is a public holiday");
      extend_run(Run::kHoliday, day);
      return false;
    }
    if (!calendar_.is_weekend(day)) return true;
    add_note(DeadlineNote::Kind::kSkippedWeekend, day, " is a weekend day");
    if (unit_ == Duration::Unit::kWorkingDays) {
      ++weekend_days_passed_;
    } else {
      extend_run(Run::kWeekend, day);
    }
    return false;
  }

  void note_rolled_forward(Date landed, Date due) {
    rolled_from_ = landed;
    if (!with_notes_) return;
    std::string text = day_text(landed, " is not a working day: rolled forward to ");
    append_date_with_weekday(text, due);
    notes_.push_back(DeadlineNote{DeadlineNote::Kind::kRolledForward, due, std::move(text)});
  }

  // `failure`, when not empty, is said before the due date.
  DueDate finish(Date start, const Duration& length, Date due, const std::string& failure) {
    std::string text;
    text.reserve(512);  // a long holiday season takes about 400 bytes
    text += length.to_string();
    text += " after ";
    start.append_to(text);
    text += " (start day not counted)";
    if (rolled_from_) {
      text += " lands on ";
      append_date_with_weekday(text, *rolled_from_);
    }
    text += ": ";
    bool first_part = true;
    auto next_part = [&] {
      if (!first_part) text += "; ";
      first_part = false;
    };
    for (const Run& run : runs_) {
      next_part();
      describe(run, text);
    }
    if (weekend_days_passed_ > 0) {
      next_part();
      append_plural(text, weekend_days_passed_, "weekend day", "weekend days");
      text += " skipped";
    }
    if (rolled_from_) {
      next_part();
      text += "rolled forward to the next working day";
    }
    if (!failure.empty()) {
      next_part();
      text += failure;
    }
    next_part();
    text += "due ";
    append_date_with_weekday(text, due);
    if (provisional_) text += ", provisional";
    return DueDate{due, provisional_, std::move(notes_), std::move(text)};
  }

 private:
  struct Run {
    enum Kind { kHoliday, kWeekend, kMakeUp, kUnlistedYear } kind;
    Date first;
    Date last;
    int year;
  };

  // A note "<day> (<weekday>)<rest>".
  void add_note(DeadlineNote::Kind kind, Date day, std::string_view rest) {
    if (with_notes_) notes_.push_back(DeadlineNote{kind, day, day_text(day, rest)});
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
    if (with_notes_) {
      notes_.push_back(
          DeadlineNote{DeadlineNote::Kind::kProvisional, day, unlisted_year_text(year)});
    }
    runs_.push_back({Run::kUnlistedYear, day, day, year});
  }

  std::string unlisted_year_text(int year) const {
    std::string listed =
        calendar_.first_year() <= calendar_.last_year()
            ? std::to_string(calendar_.first_year()) + ".." + std::to_string(calendar_.last_year())
            : "no years";
    return "year " + std::to_string(year) + std::string(kNotListed) + calendar_.name() + " (" +
           listed + "): its days are judged by weekends only, the due date is provisional";
  }

  void describe(const Run& run, std::string& out) const {
    switch (run.kind) {
      case Run::kHoliday:
        append_span(out, run.first, run.last);
        out += run.first == run.last ? " public holiday skipped" : " public holidays skipped";
        return;
      case Run::kWeekend:
        append_span(out, run.first, run.last);
        out += run.first == run.last ? " weekend day skipped" : " weekend days skipped";
        return;
      case Run::kMakeUp:
        append_date_with_weekday(out, run.first);
        out += " is a make-up working day";
        return;
      case Run::kUnlistedYear:
        out += "year ";
        out += std::to_string(run.year);
        out += kNotListed;
        out += calendar_.name();
        out += ", judged by weekends only";
        return;
    }
  }

  const Calendar& calendar_;
  Duration::Unit unit_;
  bool with_notes_;
  std::optional<Date> listed_first_, listed_last_;  // the listed years' first and last day
  std::vector<DeadlineNote> notes_;
  std::vector<Run> runs_;
  std::vector<int> unlisted_years_;
  std::int64_t weekend_days_passed_ = 0;
  std::optional<Date> rolled_from_;
  bool provisional_ = false;
};

std::string no_working_day_text(const std::string& calendar, std::int64_t scan_limit) {
  return "calendar " + calendar + " has no working day within " + std::to_string(scan_limit) +
         " days";
}

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

std::shared_ptr<const Calendar> Calendar::listing_years_before(int year) const {
  std::set<Date> holidays, workdays;
  for (Date day : holidays_) {
    if (day.year() < year) holidays.insert(day);
  }
  for (Date day : workdays_) {
    if (day.year() < year) workdays.insert(day);
  }
  return std::make_shared<const Calendar>(name_, utc_offset_minutes_, weekend_mask_, first_year_,
                                          std::min(last_year_, year - 1), std::move(holidays),
                                          std::move(workdays));
}

std::optional<int> first_unlisted_year_in(std::string_view text) {
  constexpr std::string_view kYear = "year ";
  constexpr std::size_t kBefore = 4 + kYear.size();  // "year YYYY"
  std::optional<int> first;
  for (std::size_t at = text.find(kNotListed); at != std::string_view::npos;
       at = text.find(kNotListed, at + kNotListed.size())) {
    if (at < kBefore || text.substr(at - kBefore, kYear.size()) != kYear) continue;
    int year = 0;
    bool digits = true;
    for (char c : text.substr(at - 4, 4)) {
      digits = digits && c >= '0' && c <= '9';
      year = year * 10 + (c - '0');
    }
    if (digits && (!first || year < *first)) first = year;
  }
  return first;
}

std::optional<Date> Calendar::last_listed_day() const {
  if (last_year_ < first_year_) return std::nullopt;
  return Date::from_ymd(last_year_, 12, 31);
}

bool Calendar::ends_soon_after(Date today) const {
  const std::optional<Date> last = last_listed_day();
  return !last || days_between(today, *last) <= kEndingSoonDays;
}

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
  return compute_due_date(start, length, true);
}

DueDate Calendar::due_date_without_notes(Date start, Duration length) const {
  return compute_due_date(start, length, false);
}

DueDate Calendar::compute_due_date(Date start, Duration length, bool with_notes) const {
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
  DeadlineWalk walk(*this, length.unit, with_notes);

  // "0 working_days" (what is left to a case suspended on its due date) is
  // the start itself, rolled forward like "0 days": it must not fall due on
  // a rest day.
  if (length.unit == Duration::Unit::kDays || length.amount == 0) {
    const Date landed = start.plus_days(static_cast<std::int32_t>(length.amount));
    Date due = landed;
    for (std::int64_t scanned = 0; !walk.judge(due); ++scanned) {
      if (scanned >= scan_limit)
        return walk.finish(start, length, due, no_working_day_text(name_, scan_limit));
      due = due.plus_days(1);
    }
    if (due != landed) walk.note_rolled_forward(landed, due);
    return walk.finish(start, length, due, "");
  }

  Date day = start;
  std::int64_t counted = 0;
  for (std::int64_t scanned = 0; counted < length.amount; ++scanned) {
    if (scanned >= scan_limit)
      return walk.finish(start, length, day, no_working_day_text(name_, scan_limit));
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
