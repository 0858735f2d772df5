// The submission calendar of the provincial notice (吉人社联〔2023〕164号):
// the first three quarters are reported "before" 7 April, 7 July and
// 9 October, the year before 7 January of the next year. The named day is
// the last day (a report handed in during that day is in time), rolled
// forward past rest days on the workflow calendar; make-up working days
// count as working days. A day in a year the calendar does not list is
// judged by weekends only and marked provisional (docs/reports.md).
//
// Submissions are recorded in the database (table report_submissions,
// append-only, one per period and office). Pure functions except
// recorded_submissions and record_submission, which use the Store given
// (same thread rules as the Store).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapters/report/statistics.h"
#include "engine/calendar/calendar.h"
#include "engine/runtime/store.h"

namespace wageflow::report {

struct Deadline {
  Period period;
  Date named;                // the date the notice names
  Date last_day;             // `named` rolled forward to a working day
  bool provisional = false;  // last_day was judged past the calendar's listed years
};

// The deadline of `period`, or nullopt for a fourth quarter (reported
// with its year).
std::optional<Deadline> submission_deadline(const Period& period, const Calendar& calendar);

struct Submission {
  std::string period;  // "2025Q3" or "2025"
  std::string office;  // "" = province-wide (every office)
  std::string by;      // who recorded it
  Instant at;
};

struct PeriodStatus {
  Deadline deadline;
  std::optional<Submission> submitted;
  bool ended = false;           // the period is over at `now`
  bool late = false;            // not submitted and the last day is over at `now`
  bool submitted_late = false;  // submitted from 00:00 after the last day on
};

struct SubmissionCalendar {
  std::optional<PeriodStatus> next;      // the first deadline whose last day is not over
  std::vector<PeriodStatus> unreported;  // ended periods without a submission, oldest first
  std::vector<PeriodStatus> periods;     // every reportable period from `from_year` to now
};

// The calendar at `now` for `office` ("" = province-wide: a submission of
// any office does not count for it, only a province-wide one does; for an
// office, its own or a province-wide submission counts).
SubmissionCalendar submission_calendar(const Calendar& calendar, Instant now, int from_year,
                                       const std::vector<Submission>& submissions,
                                       const std::string& office);

// The submissions recorded in the database behind `store` (table
// report_submissions, storage/report_submissions.h), oldest first.
// Error: `store` is not one that open_store returned.
Result<std::vector<Submission>> recorded_submissions(Store& store);

// Records `submission` in the database behind `store`. Error, with nothing
// written: that period was already recorded for that office (saying by whom
// and when, at `utc_offset_minutes`), or `store` keeps no submissions.
std::optional<std::string> record_submission(Store& store, const Submission& submission,
                                             int utc_offset_minutes);

}  // namespace wageflow::report
