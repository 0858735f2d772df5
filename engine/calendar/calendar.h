// Working-day calendars and statutory deadline arithmetic.
//
// Rules (Chinese procedural law, workflow-format.md):
//  - the start day is not counted;
//  - "N days": start + N calendar days; if that day is not a working day the
//    due date rolls forward to the next working day;
//  - "N working_days": the N-th working day after the start date;
//  - "N hours": an exact instant (handled by callers with Instant arithmetic;
//    due_date() refuses hours);
//  - a working day is a day that is not a weekend day and not a holiday, or
//    that is a listed make-up working day (调休上班);
//  - a date outside the calendar's listed years is judged on weekends only,
//    and any deadline that met such a date is marked provisional.
//
// A Calendar is immutable after loading and safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/date.h"
#include "engine/core/diagnostic.h"
#include "engine/core/duration.h"
#include "engine/core/result.h"

namespace wageflow {

// A step of a due-date computation worth telling a clerk about.
struct DeadlineNote {
  enum class Kind {
    kSkippedWeekend,  // a weekend day passed over (working_days) or rolled past
    kSkippedHoliday,  // a public holiday passed over or rolled past
    kMakeUpWorkday,   // a weekend day that is a make-up working day and counted
    kRolledForward,   // "N days" landed on a rest day and moved forward
    kProvisional      // a date outside the listed years was assumed weekends-only
  };
  Kind kind;
  Date date;
  std::string text;  // e.g. "2025-02-01 (Sat) is a public holiday"
};

struct DueDate {
  Date due;
  bool provisional = false;
  std::vector<DeadlineNote> notes;
  // One paragraph for a clerk: rule, start, due, and every holiday/make-up day
  // met, e.g. "5 working_days from 2025-01-24 (start day not counted): ...
  // due 2025-02-07".
  std::string explanation;
};

class Calendar {
 public:
  // Loads workflows/calendars/<name>.yaml. Every problem found is appended
  // to *diagnostics (file:line:col); on failure the result's error is a
  // one-line summary and at least one error diagnostic was appended.
  static Result<std::shared_ptr<const Calendar>> load_file(const std::string& path,
                                                           std::vector<Diagnostic>* diagnostics);
  // Same, from text; `file` names it in diagnostics.
  static Result<std::shared_ptr<const Calendar>> load_text(const std::string& text,
                                                           const std::string& file,
                                                           std::vector<Diagnostic>* diagnostics);

  const std::string& name() const { return name_; }
  int utc_offset_minutes() const { return utc_offset_minutes_; }
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

  // True when date's year is one of the listed years.
  bool covers(Date date) const;
  // 31 December of last_year; nullopt when the calendar lists no years.
  std::optional<Date> last_listed_day() const;
  // True when the calendar lists no years, or its last listed day is
  // kEndingSoonDays or fewer after `today`, or past: deadlines from then on
  // will be provisional unless the next year is added. `validate` warns of
  // it; the workflows page shows it.
  static constexpr int kEndingSoonDays = 90;
  bool ends_soon_after(Date today) const;
  bool is_working_day(Date date) const;
  bool is_holiday(Date date) const { return holidays_.count(date) != 0; }
  bool is_make_up_workday(Date date) const { return workdays_.count(date) != 0; }
  bool is_weekend(Date date) const { return (weekend_mask_ >> date.weekday()) & 1; }

  // The due date of `amount` days or working days after `start` (start day
  // excluded). Requires unit != kHours and amount >= 0. "0 days" and
  // "0 working_days" from a rest day roll to the next working day.
  DueDate due_date(Date start, Duration length) const;
  // The same due date, provisional flag and explanation, with `notes` left
  // empty (their texts are not built): for callers that keep only those.
  DueDate due_date_without_notes(Date start, Duration length) const;

  // The date `length` before `due`, counted back in the length's own unit:
  // "3 days" -> due - 3 calendar days (no rolling); "1 working_days" -> the
  // working day before due. Used for warning dates. Requires unit != kHours.
  Date date_before(Date due, Duration length) const;

  // Days after `from` up to and including `to` in `unit`: calendar days for
  // kDays, working days for kWorkingDays. 0 when to <= from. Used to keep the
  // remaining amount of a paused timer.
  std::int64_t count_after(Date from, Date to, Duration::Unit unit) const;

  // This calendar as it was before `year` was added: the same, listing only
  // the years before `year` (none when year <= first_year). Replay counts a
  // due date recorded as provisional on it (engine/runtime/replay.h).
  std::shared_ptr<const Calendar> listing_years_before(int year) const;

  // Builds a calendar directly (tests, tools). weekend_mask bit i = weekday i
  // (0 Monday .. 6 Sunday) is a rest day.
  Calendar(std::string name, int utc_offset_minutes, unsigned weekend_mask, int first_year,
           int last_year, std::set<Date> holidays, std::set<Date> workdays);

 private:
  DueDate compute_due_date(Date start, Duration length, bool with_notes) const;

  std::string name_;
  int utc_offset_minutes_ = 480;
  unsigned weekend_mask_ = 0b1100000;
  int first_year_ = 0;
  int last_year_ = -1;
  std::set<Date> holidays_;
  std::set<Date> workdays_;
};

// The first year an explanation (DueDate::explanation, kept in timers and
// audit records, or any text holding several) says its calendar did not
// list ("year 2027 is not listed in calendar ..."), if any.
std::optional<int> first_unlisted_year_in(std::string_view explanation);

}  // namespace wageflow
