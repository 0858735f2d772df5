// Report submissions: which quarterly or annual statistics report a
// provincial or city office has handed in, by whom and when (table
// report_submissions, migration 5, docs/schema.md). Kept in the database
// with the cases so that every server sharing a PostgreSQL database sees
// the same submission calendar. The table is append-only: a submission is
// a fact, never edited or withdrawn.
//
// Faults are thrown as StoreError; expected outcomes are return values.
// Thread-safety: as the Store it comes with (one thread at a time).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wageflow {

struct ReportSubmissionRecord {
  std::string period;             // "2025Q3" or "2025"
  std::string office;             // "" = province-wide
  std::string submitted_by;       // a person's name
  std::int64_t submitted_at = 0;  // UTC seconds
};

class ReportSubmissionStore {
 public:
  virtual ~ReportSubmissionStore() = default;

  // Records `submission` in one transaction. False, with nothing written,
  // when (period, office) was recorded before (also when another process
  // records it at the same moment).
  virtual bool add_report_submission(const ReportSubmissionRecord& submission) = 0;
  // Every recorded submission, oldest first.
  virtual std::vector<ReportSubmissionRecord> report_submissions() = 0;
};

}  // namespace wageflow
