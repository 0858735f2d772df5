#include "engine/runtime/recount_totals.h"

#include <set>
#include <string>

namespace wageflow {

RecountTotals recount_totals(const std::vector<ProvisionalTimer>& timers) {
  RecountTotals totals;
  std::set<std::string> cases;
  for (const ProvisionalTimer& t : timers) {
    switch (t.result) {
      case ProvisionalTimer::Result::kMoved:
        ++totals.moved;
        cases.insert(t.case_id);
        break;
      case ProvisionalTimer::Result::kUnchanged:
        ++(t.provisional ? totals.unchanged : totals.confirmed);
        break;
      case ProvisionalTimer::Result::kByHand:
        ++totals.by_hand;
        break;
      case ProvisionalTimer::Result::kConflict:
        ++totals.conflicts;
        break;
    }
  }
  totals.moved_cases = cases.size();
  return totals;
}

}  // namespace wageflow
