#include "adapters/report/submissions.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

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
  for (int year = from_year; year <= this_year; ++year) {
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
      const bool last_day_over = end_of_day(deadline->last_day, offset).seconds <= now.seconds;
      status.late = !status.submitted && last_day_over;
      if (!last_day_over && (!result.next || deadline->last_day < result.next->deadline.last_day)) {
        result.next = status;
      }
      if (status.ended) {
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

Result<std::string> submissions_file_for(const std::string& db_url) {
  if (db_url.rfind("postgresql://", 0) == 0 || db_url.rfind("postgres://", 0) == 0) {
    const char* named = std::getenv("WAGEFLOW_SUBMISSIONS");
    if (named && *named) return std::string(named);
    return Error{
        "report submissions of a PostgreSQL database are kept in the file that "
        "WAGEFLOW_SUBMISSIONS names; set it"};
  }
  std::string path = db_url.rfind("sqlite:", 0) == 0 ? db_url.substr(7) : db_url;
  return path + ".submissions.jsonl";
}

Result<std::vector<Submission>> SubmissionLog::read() const {
  std::vector<Submission> submissions;
  std::ifstream in(path_);
  if (!in) return submissions;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    auto json = nlohmann::json::parse(line, nullptr, false);
    std::optional<Instant> at;
    if (json.is_object() && json.value("at", nlohmann::json()).is_string()) {
      at = parse_instant(json["at"].get<std::string>(), 0);
    }
    if (!at || !json.value("period", nlohmann::json()).is_string() ||
        !Period::parse(json["period"].get<std::string>())) {
      return Error{path_ + ":" + std::to_string(number) + ": not a report submission record"};
    }
    submissions.push_back(
        {json["period"].get<std::string>(), json.value("office", ""), json.value("by", ""), *at});
  }
  return submissions;
}

std::optional<std::string> SubmissionLog::append(const Submission& submission) const {
  nlohmann::ordered_json line = {{"period", submission.period},
                                 {"office", submission.office},
                                 {"by", submission.by},
                                 {"at", format_utc(submission.at)}};
  std::ofstream out(path_, std::ios::app | std::ios::binary);
  if (!out) return "cannot write " + path_ + ": " + std::strerror(errno);
  out << line.dump() + "\n" << std::flush;
  if (!out) return "cannot write " + path_ + ": " + std::strerror(errno);
  return std::nullopt;
}

}  // namespace wageflow::report
