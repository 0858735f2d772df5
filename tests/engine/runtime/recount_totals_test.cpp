// recount_totals: what `timers recompute` and `serve` report of a recount.
#include "engine/runtime/recount_totals.h"

#include <gtest/gtest.h>

namespace wageflow {
namespace {

TEST(RecountTotals, CountsEachResultAndTheDistinctCasesMoved) {
  using R = ProvisionalTimer::Result;
  auto timer = [](const char* id, const char* name, R result, bool provisional = true) {
    ProvisionalTimer t;
    t.case_id = id;
    t.timer = name;
    t.result = result;
    t.provisional = t.was_provisional = provisional;
    return t;
  };
  const RecountTotals totals = recount_totals({
      timer("2026-000001", "acceptance_decision", R::kMoved),
      timer("2026-000001", "award_deadline", R::kMoved),
      timer("2026-000002", "acceptance_decision", R::kMoved),
      timer("2026-000003", "acceptance_decision", R::kUnchanged),
      timer("2026-000004", "acceptance_decision", R::kByHand),
      timer("2026-000005", "acceptance_decision", R::kConflict),
      timer("2026-000006", "acceptance_decision", R::kUnchanged),
      // --all: a due date that was not provisional and came out the same.
      timer("2026-000007", "acceptance_decision", R::kUnchanged, false),
  });
  EXPECT_EQ(totals.moved, 3);
  EXPECT_EQ(totals.moved_cases, 2u);
  EXPECT_EQ(totals.unchanged, 2);
  EXPECT_EQ(totals.confirmed, 1);
  EXPECT_EQ(totals.by_hand, 1);
  EXPECT_EQ(totals.conflicts, 1);
  EXPECT_EQ(totals.looked_at(), 8);
  EXPECT_EQ(recount_totals({}).looked_at(), 0);
}

}  // namespace
}  // namespace wageflow
