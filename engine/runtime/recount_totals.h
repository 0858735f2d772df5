// The totals of one run of CaseService::recompute_provisional (or
// recount_every_due_date), counted in
// one place for whoever reports them (`wageflow timers recompute`, and
// `wageflow serve` when it starts).
#pragma once

#include <cstddef>
#include <vector>

#include "engine/runtime/case_service.h"

namespace wageflow {

struct RecountTotals {
  int moved = 0;                // kMoved
  std::size_t moved_cases = 0;  // distinct cases among them
  int unchanged = 0;            // kUnchanged and provisional: their year is still missing
  int confirmed = 0;            // kUnchanged and not provisional: the same date
  int by_hand = 0;              // kByHand
  int conflicts = 0;            // kConflict
  int looked_at() const { return moved + unchanged + confirmed + by_hand + conflicts; }
};

RecountTotals recount_totals(const std::vector<ProvisionalTimer>& timers);

}  // namespace wageflow
