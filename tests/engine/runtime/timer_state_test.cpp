// TimerState's reading of time: when a tick next has work for a timer
// (next_action_at) and whether its due date is missed (past_due_at).
// Table-driven; a failing row prints its name.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "engine/runtime/case.h"

namespace wageflow {
namespace {

constexpr std::int64_t kWarn = 1000;
constexpr std::int64_t kDue = 2000;

TimerState timer(TimerStatus status, bool with_warning = true) {
  TimerState t;
  t.status = status;
  t.due_at = Instant{kDue};
  if (with_warning) t.warn_at = Instant{kWarn};
  return t;
}

struct PastDueRow {
  const char* name;
  TimerState timer;
  std::int64_t now;
  bool past_due;
};

TEST(TimerStateTest, PastDueAtCountsRunningAndWarnedTimersFromTheirDueInstant) {
  const PastDueRow rows[] = {
      {"running, a second before due", timer(TimerStatus::kRunning), kDue - 1, false},
      {"running, at the due instant", timer(TimerStatus::kRunning), kDue, true},
      {"running, after due", timer(TimerStatus::kRunning), kDue + 86400, true},
      {"warned, before due", timer(TimerStatus::kWarned), kDue - 1, false},
      {"warned, at due", timer(TimerStatus::kWarned), kDue, true},
      {"overdue, even before due_at (a tick recorded it)", timer(TimerStatus::kOverdue), 0, true},
      {"paused, long after due", timer(TimerStatus::kPaused), kDue * 10, false},
      {"stopped, after due", timer(TimerStatus::kStopped), kDue * 10, false},
      {"expired, after due", timer(TimerStatus::kExpired), kDue * 10, false},
  };
  for (const PastDueRow& row : rows) {
    EXPECT_EQ(row.timer.past_due_at(Instant{row.now}), row.past_due) << row.name;
  }
}

struct NextActionRow {
  const char* name;
  TimerState timer;
  std::optional<std::int64_t> next;
};

TEST(TimerStateTest, NextActionAtIsTheWarningThenTheDueInstantWhileCounting) {
  TimerState warning_after_due = timer(TimerStatus::kRunning);
  warning_after_due.warn_at = Instant{kDue + 1};
  const NextActionRow rows[] = {
      {"running with a warning", timer(TimerStatus::kRunning), kWarn},
      {"running without a warning", timer(TimerStatus::kRunning, false), kDue},
      {"running, warning not before due", warning_after_due, kDue},
      {"warned", timer(TimerStatus::kWarned), kDue},
      {"overdue", timer(TimerStatus::kOverdue), std::nullopt},
      {"paused", timer(TimerStatus::kPaused), std::nullopt},
      {"stopped", timer(TimerStatus::kStopped), std::nullopt},
      {"expired", timer(TimerStatus::kExpired), std::nullopt},
  };
  for (const NextActionRow& row : rows) {
    const std::optional<Instant> next = row.timer.next_action_at();
    ASSERT_EQ(next.has_value(), row.next.has_value()) << row.name;
    if (next) {
      EXPECT_EQ(next->seconds, *row.next) << row.name;
    }
  }
}

}  // namespace
}  // namespace wageflow
