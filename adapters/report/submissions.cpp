#include "adapters/report/submissions.h"

#include <algorithm>

#include "storage/storage.h"

namespace wageflow::report {
namespace {

bool counts_for(const Submission& submission, const std::string& office) {
  return submission.office.empty() || (!office.empty() && submission.office == office);
}

}  // namespace

std::optional<Deadline> submission_deadline(const Period& period, const Calendar& calendar) {
  Deadline deadline;
  deadline.period = period;
  switch (period.quarter) {
    case 0:
      deadline.named = Date::from_ymd(period.year + 1, 1, 7);
      break;
    case 1:
      deadline.named = Date::from_ymd(period.year, 4, 7);
      break;
    case 2:
      deadline.named = Date::from_ymd(period.year, 7, 7);
      break;
    case 3:
      deadline.named = Date::from_ymd(period.year, 10, 9);
      break;
    default:
      return std::nullopt;
  }
  Date day = deadline.named;
  while (!calendar.is_working_day(day)) {
    if (!calendar.covers(day)) deadline.provisional = true;
    day = day.plus_days(1);
  }
  if (!calendar.covers(day)) deadline.provisional = true;
  deadline.last_day = day;
  return deadline;
}

SubmissionCalendar submission_calendar(const Calendar& calendar, Instant now, int from_year,
                                       const std::vector<Submission>& submissions,
                                       const std::string& office) {
  const int offset = calendar.utc_offset_minutes();
  const int this_year = local_date(now, offset).year();
  SubmissionCalendar result;
  // The next deadline does not depend on `from_year`: last year's report is
  // due in January of this one.
  for (int year = std::min(from_year, this_year - 1); year <= this_year; ++year) {
    const bool listed = year >= from_year;
    for (int quarter : {1, 2, 3, 0}) {
      const Period period{year, quarter};
      auto deadline = submission_deadline(period, calendar);
      if (!deadline) continue;
      PeriodStatus status;
      status.deadline = *deadline;
      status.ended = start_of_day(period.end_day(), offset).seconds <= now.seconds;
      for (const Submission& s : submissions) {
        if (s.period == period.name() && counts_for(s, office)) {
          status.submitted = s;
          break;
        }
      }
      const std::int64_t last_day_ends = end_of_day(deadline->last_day, offset).seconds;
      const bool last_day_over = last_day_ends <= now.seconds;
      status.late = !status.submitted && last_day_over;
      status.submitted_late = status.submitted && last_day_ends <= status.submitted->at.seconds;
      if (!last_day_over && (!result.next || deadline->last_day < result.next->deadline.last_day)) {
        result.next = status;
      }
      if (status.ended && listed) {
        if (!status.submitted) result.unreported.push_back(status);
        result.periods.push_back(status);
      }
    }
  }
  if (!result.next) {
    // Every deadline up to this year is over: the next is the next year's first.
    PeriodStatus status;
    status.deadline = *submission_deadline(Period{this_year + 1, 1}, calendar);
    result.next = status;
  }
  return result;
}

Result<std::vector<Submission>> recorded_submissions(Store& store) {
  ReportSubmissionStore* recorded = report_submission_store(store);
  if (!recorded) return Error{"this database keeps no report submissions"};
  std::vector<Submission> submissions;
  for (const ReportSubmissionRecord& row : recorded->report_submissions()) {
    submissions.push_back({row.period, row.office, row.submitted_by, Instant{row.submitted_at}});
  }
  return submissions;
}

std::optional<std::string> record_submission(Store& store, const Submission& submission,
                                             int utc_offset_minutes) {
  ReportSubmissionStore* recorded = report_submission_store(store);
  if (!recorded) return "this database keeps no report submissions";
  const std::string whose = submission.office.empty() ? "the province" : submission.office;
  if (recorded->add_report_submission(
          {submission.period, submission.office, submission.by, submission.at.seconds})) {
    return std::nullopt;
  }
  for (const ReportSubmissionRecord& row : recorded->report_submissions()) {
    if (row.period == submission.period && row.office == submission.office) {
      return "period " + submission.period + " was already submitted for " + whose + " by " +
             row.submitted_by + " at " +
             format_local(Instant{row.submitted_at}, utc_offset_minutes) + "; nothing recorded";
    }
  }
  return "period " + submission.period + " was already submitted for " + whose +
         "; nothing recorded";
}

}  // namespace wageflow::report
