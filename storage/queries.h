// SQL that is the same on every backend and that tests inspect (the query
// plans of due_cases and claim_due_cases must use the indexes).
#pragma once

namespace wageflow {

// Binds :now. Timers with an action due at or before :now, walked in the
// order of the (next_action_at, case_id) index so that no sort is needed;
// the caller keeps the first occurrence of each case and stops reading at
// its limit. That gives the cases ordered by their earliest due action,
// then id: what "SELECT DISTINCT case_id ... ORDER BY next_action_at LIMIT"
// means, without the GROUP BY that makes SQLite scan the primary key and
// that PostgreSQL refuses with DISTINCT.
inline constexpr const char* kDueCasesQuery =
    "SELECT case_id FROM timers WHERE next_action_at <= :now ORDER BY next_action_at, case_id";

// Binds :now, :free_at (the same instant) and :limit; the dialect appends
// its skip_locked_rows(). Cases with an action due at :now whose tick claim
// has expired or never was, in id order. The due timers come from the
// timers_by_next_action index and each case row by its primary key.
inline constexpr const char* kClaimDueCasesQuery =
    "SELECT id FROM cases WHERE id IN (SELECT case_id FROM timers WHERE next_action_at <= :now)"
    " AND (tick_claimed_until IS NULL OR tick_claimed_until <= :free_at)"
    " ORDER BY id LIMIT :limit";

}  // namespace wageflow
