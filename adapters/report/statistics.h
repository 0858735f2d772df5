// Statistics for the provincial quarterly and annual reports (docs/reports.md
// defines every figure). Computed from the audit trail alone: a case's state,
// data and timers at an instant are what its audit records before that
// instant say, so a report of a past period comes out the same whenever it
// is run. The case row contributes only what the trail does not record: the
// case's office and the definition it is pinned to.
//
// Which field holds what and which final state is which outcome: the
// workflow's `statistics:` section when it has one (Definition::statistics),
// else the report's conventions (StatisticsConventions below); both are in
// docs/reports.md. A field marked pii is never read.
//
// Thread-safety: compute_report uses the Store and DefinitionSource it is
// given (one thread at a time, as they require); everything else is pure.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar/calendar.h"
#include "engine/core/date.h"
#include "engine/core/result.h"
#include "engine/runtime/case_service.h"
#include "engine/runtime/store.h"

namespace wageflow::report {

// A reporting period: a quarter ("2025Q3") or a calendar year ("2025"), in
// the calendar's time zone.
struct Period {
  int year = 0;
  int quarter = 0;  // 1..4; 0 = the whole year

  // "2025Q3" (also "2025q3", "2025-Q3") or "2025"; nullopt for anything else.
  static std::optional<Period> parse(std::string_view text);
  std::string name() const;  // "2025Q3" or "2025"
  Date first_day() const;
  Date end_day() const;  // the day after the last day (exclusive)
  int months() const { return quarter == 0 ? 12 : 3; }
  int first_month() const { return quarter == 0 ? 1 : quarter * 3 - 2; }

  friend auto operator<=>(const Period&, const Period&) = default;
};

enum class Outcome { kMediated, kAwarded, kWithdrawn, kRejected, kReferred, kOther };
inline constexpr int kOutcomeCount = 6;
// "mediated", "awarded", "withdrawn", "rejected", "referred", "other".
const char* outcome_key(Outcome outcome);

// How the report reads a workflow without a `statistics:` section, and
// which workflows without `statistics: legal_aid:` are legal-aid ones
// (docs/reports.md).
struct StatisticsConventions {
  // Final state name -> outcome; final states not listed are kOther.
  std::map<std::string, Outcome> outcome_of_state;
  // Figure -> candidate field names, first present (and not pii) wins.
  std::vector<std::string> workers_fields, claimed_fields, recovered_fields, region_fields,
      industry_fields;
  // A workflow having all of these events is a legal-aid workflow: its cases
  // are counted in the legal-aid figures, not the arbitration case figures.
  std::vector<std::string> legal_aid_events;
  std::string apply_event, grant_event, refuse_event;
  std::string arbitration_state;  // entering it is a referral to arbitration
  int collective_threshold = 10;

  static StatisticsConventions shipped();
};

// Received, closed and amounts of one group (a region, an industry).
struct Tally {
  std::int64_t received = 0;
  std::int64_t closed = 0;
  std::int64_t claimed_fen = 0;    // claimed by the cases received
  std::int64_t recovered_fen = 0;  // recovered by the cases closed
};

struct Ratio {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  // "62.5%" (one decimal, rounded half up), "-" when the denominator is 0.
  std::string percent() const;
};

struct MonthCount {
  std::string month;  // "2025-07"
  std::int64_t received = 0;
  std::int64_t closed = 0;
  std::int64_t recovered_fen = 0;
};

struct Figures {
  Period period;
  std::string office;                     // "" = every office
  std::string workflow;                   // "" = every arbitration workflow
  std::int64_t start_at = 0, end_at = 0;  // UTC seconds; end exclusive (capped at `now`)
  std::int64_t now = 0;
  int utc_offset_minutes = 480;

  std::int64_t pending_at_start = 0;
  std::int64_t received = 0;
  std::int64_t closed = 0;
  std::int64_t closed_by[kOutcomeCount] = {};
  std::int64_t pending_at_end = 0;
  std::int64_t collective_cases = 0;
  std::int64_t workers_involved = 0;
  std::int64_t collective_workers = 0;
  Ratio mediation_success;
  Ratio on_time;
  std::int64_t overdue_now = 0;
  std::int64_t durations_counted = 0;
  std::int64_t median_working_days = 0;  // 0 when durations_counted == 0
  std::int64_t p90_working_days = 0;
  std::int64_t claimed_fen = 0;
  std::int64_t recovered_fen = 0;
  std::map<std::string, Tally> by_region;
  std::map<std::string, Tally> by_industry;
  std::map<std::string, std::int64_t> backlog_by_state;  // state label (zh) -> pending at end
  std::map<std::string, Ratio> on_time_by_office;
  std::vector<MonthCount> months;

  std::int64_t legal_aid_consultations = 0;
  std::int64_t legal_aid_applications = 0;
  std::int64_t legal_aid_granted = 0;
  std::int64_t legal_aid_refused = 0;
  std::int64_t legal_aid_referrals = 0;

  std::int64_t cases_read = 0;  // every case in the office/workflow scope
};

struct ReportRequest {
  Period period;
  std::string office;    // "" = every office
  std::string workflow;  // "" = every workflow
  Instant now;
  int utc_offset_minutes = 480;  // the calendar's zone: period boundaries
  int batch_size = 200;          // cases read per Store::export_cases call
  StatisticsConventions conventions = StatisticsConventions::shipped();
};

// The figures of `request`. Reads the cases in batches (case_ids, then
// export_cases), each with the definition it is pinned to (through
// `definitions`, cached by hash). Error: a case whose definition is missing
// or does not load (named by case id). Store faults are thrown (StoreError).
Result<Figures> compute_report(Store& store, DefinitionSource& definitions,
                               const ReportRequest& request);

// Yuan with two decimals from fen, exact: 123456 -> "1234.56".
std::string yuan(std::int64_t fen);

}  // namespace wageflow::report
