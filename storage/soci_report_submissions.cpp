// SociStore's ReportSubmissionStore half: table report_submissions
// (migration 5, docs/schema.md).
#include <soci/soci.h>

#include "storage/errors.h"
#include "storage/soci_store.h"
#include "storage/transaction.h"

namespace wageflow {

bool SociStore::add_report_submission(const ReportSubmissionRecord& submission) {
  try {
    Transaction transaction(*sql_, dialect_->begin_write());
    long long submitted_at = submission.submitted_at;
    // ON CONFLICT (SQLite 3.24+, PostgreSQL 9.5+): a second writer of the
    // same (period, office), even at the same moment, inserts nothing.
    soci::statement insert =
        (sql_->prepare << "INSERT INTO report_submissions"
                          " (period, office, submitted_by, submitted_at)"
                          " VALUES (:period, :office, :submitted_by, :submitted_at)"
                          " ON CONFLICT (period, office) DO NOTHING",
         soci::use(submission.period, "period"), soci::use(submission.office, "office"),
         soci::use(submission.submitted_by, "submitted_by"),
         soci::use(submitted_at, "submitted_at"));
    insert.execute(true);
    const bool added = insert.get_affected_rows() == 1;
    transaction.commit();
    return added;
  } catch (...) {
    rethrow_as_store_error(db_, "recording the report submission of " + submission.period);
  }
}

std::vector<ReportSubmissionRecord> SociStore::report_submissions() {
  try {
    std::vector<ReportSubmissionRecord> submissions;
    ReportSubmissionRecord row;
    long long submitted_at = 0;
    soci::statement st =
        (sql_->prepare << "SELECT period, office, submitted_by, submitted_at"
                          " FROM report_submissions ORDER BY submitted_at, period, office",
         soci::into(row.period), soci::into(row.office), soci::into(row.submitted_by),
         soci::into(submitted_at));
    st.execute();
    while (st.fetch()) {
      row.submitted_at = submitted_at;
      submissions.push_back(row);
    }
    return submissions;
  } catch (...) {
    rethrow_as_store_error(db_, "reading report submissions");
  }
}

}  // namespace wageflow
