// Timer and audit rows as a JSON array of objects keyed by column name, the
// form PostgreSQL's json_populate_recordset(NULL::table, ...) turns back
// into rows of that table (soci_prepared.cpp writes a whole commit as one
// statement with them). Private to storage/.
//
// Thread-safe: no shared state.
#pragma once

#include <string>
#include <vector>

#include "engine/runtime/store.h"

namespace wageflow::json_rows {

// Appends the timers of `case_id` as [{"case_id":...,"name":...},...] with
// every column of soci_rows::kTimerColumns (absent instants as null).
// Returns false, `out` partly written, when a text is not valid UTF-8.
bool append_timers(std::string& out, const std::string& case_id,
                   const std::vector<TimerRecord>& timers);

// Appends `records` as an array of objects with every column of
// soci_rows::kAuditColumns. Returns false, `out` partly written, when a
// text is not valid UTF-8.
bool append_audit_records(std::string& out, const std::vector<StoredAuditRecord>& records);

}  // namespace wageflow::json_rows
