#include "engine/lifecycle/timer_lifecycle.h"

#include <gtest/gtest.h>

#include <atomic>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace wageflow {
namespace {

constexpr TimerStatus kRunning = TimerStatus::kRunning;
constexpr TimerStatus kWarned = TimerStatus::kWarned;
constexpr TimerStatus kOverdue = TimerStatus::kOverdue;
constexpr TimerStatus kPaused = TimerStatus::kPaused;
constexpr TimerStatus kStopped = TimerStatus::kStopped;
constexpr TimerStatus kExpired = TimerStatus::kExpired;

constexpr TimerTrigger kWarn = TimerTrigger::kWarnReached;
constexpr TimerTrigger kDue = TimerTrigger::kDueReached;
constexpr TimerTrigger kStop = TimerTrigger::kStop;
constexpr TimerTrigger kPause = TimerTrigger::kPause;
constexpr TimerTrigger kResume = TimerTrigger::kResume;
constexpr TimerTrigger kExtend = TimerTrigger::kExtend;

// At most one action runs per step.
enum Action { kNoAction, kRecordWarning, kRecordOverdue, kFireExpiry };

// The input flag that concerns the trigger: expiry_fires_event for kDue,
// new_due_in_future for kExtend; `-` where no flag concerns the trigger.
constexpr bool kYes = true;
constexpr bool kNo = false;
constexpr bool k_ = false;
constexpr bool kAccepted = true;
constexpr bool kRefused = false;

constexpr const char* kIsStopped = "the timer is stopped";
constexpr const char* kHasExpired = "the timer has expired (its event fired, or recorded as not fired)";
constexpr const char* kIsPaused = "the timer is paused";
constexpr const char* kAlreadyPaused = "the timer is already paused";
constexpr const char* kNotPaused = "the timer is not paused";
constexpr const char* kAlreadyWarned = "the timer has already been warned";
constexpr const char* kAlreadyOverdue = "the timer is already overdue";
constexpr const char* kOverdueCannotPause = "an overdue timer cannot be paused";

struct Row {
  TimerStatus from;
  TimerTrigger trigger;
  bool flag;  // expiry_fires_event (kDue) or new_due_in_future (kExtend)
  bool accepted;
  TimerStatus to;
  Action action;
  const char* refusal;  // "" when accepted
};

TimerInput input_for(const Row& row) {
  TimerInput input;
  input.trigger = row.trigger;
  input.expiry_fires_event = row.trigger == kDue && row.flag;
  input.new_due_in_future = row.trigger == kExtend && row.flag;
  return input;
}

const char* trigger_name(TimerTrigger trigger) {
  switch (trigger) {
    case TimerTrigger::kWarnReached:
      return "warn_reached";
    case TimerTrigger::kDueReached:
      return "due_reached";
    case TimerTrigger::kStop:
      return "stop";
    case TimerTrigger::kPause:
      return "pause";
    case TimerTrigger::kResume:
      return "resume";
    case TimerTrigger::kExtend:
      return "extend";
  }
  return "?";
}

const char* action_name(Action action) {
  switch (action) {
    case kNoAction:
      return "no action";
    case kRecordWarning:
      return "record_warning";
    case kRecordOverdue:
      return "record_overdue";
    case kFireExpiry:
      return "fire_expiry";
  }
  return "?";
}

std::ostream& operator<<(std::ostream& out, const Row& row) {
  out << timer_status_name(row.from) << " --" << trigger_name(row.trigger);
  if (row.trigger == kDue) out << (row.flag ? " [expiry fires an event]" : " [no expiry event]");
  if (row.trigger == kExtend) out << (row.flag ? " [new due in future]" : " [new due passed]");
  return out << "--> expected " << (row.accepted ? "accepted, " : "refused, ")
             << timer_status_name(row.to) << ", " << action_name(row.action) << ", refusal \""
             << row.refusal << "\"";
}

// The complete matrix: every status x trigger x (the flag that concerns the
// trigger: both values for kDue and kExtend, none for the others).
const std::vector<Row>& timer_matrix() {
  // clang-format off
  static const std::vector<Row> rows = {
      // from     trigger  flag  accepted   to        action          refusal
      {kRunning, kWarn,   k_,   kAccepted, kWarned,  kRecordWarning, ""},
      {kRunning, kDue,    kNo,  kAccepted, kOverdue, kRecordOverdue, ""},
      {kRunning, kDue,    kYes, kAccepted, kExpired, kFireExpiry,    ""},
      {kRunning, kStop,   k_,   kAccepted, kStopped, kNoAction,      ""},
      {kRunning, kPause,  k_,   kAccepted, kPaused,  kNoAction,      ""},
      {kRunning, kResume, k_,   kRefused,  kRunning, kNoAction,      kNotPaused},
      {kRunning, kExtend, kNo,  kAccepted, kRunning, kNoAction,      ""},
      {kRunning, kExtend, kYes, kAccepted, kRunning, kNoAction,      ""},

      {kWarned,  kWarn,   k_,   kRefused,  kWarned,  kNoAction,      kAlreadyWarned},
      {kWarned,  kDue,    kNo,  kAccepted, kOverdue, kRecordOverdue, ""},
      {kWarned,  kDue,    kYes, kAccepted, kExpired, kFireExpiry,    ""},
      {kWarned,  kStop,   k_,   kAccepted, kStopped, kNoAction,      ""},
      {kWarned,  kPause,  k_,   kAccepted, kPaused,  kNoAction,      ""},
      {kWarned,  kResume, k_,   kRefused,  kWarned,  kNoAction,      kNotPaused},
      {kWarned,  kExtend, kNo,  kAccepted, kWarned,  kNoAction,      ""},
      {kWarned,  kExtend, kYes, kAccepted, kRunning, kNoAction,      ""},

      {kOverdue, kWarn,   k_,   kRefused,  kOverdue, kNoAction,      kAlreadyOverdue},
      {kOverdue, kDue,    kNo,  kRefused,  kOverdue, kNoAction,      kAlreadyOverdue},
      // An expiry held while the due date was provisional fires on recount.
      {kOverdue, kDue,    kYes, kAccepted, kExpired, kFireExpiry,    ""},
      {kOverdue, kStop,   k_,   kAccepted, kStopped, kNoAction,      ""},
      {kOverdue, kPause,  k_,   kRefused,  kOverdue, kNoAction,      kOverdueCannotPause},
      {kOverdue, kResume, k_,   kRefused,  kOverdue, kNoAction,      kNotPaused},
      {kOverdue, kExtend, kNo,  kAccepted, kOverdue, kNoAction,      ""},
      {kOverdue, kExtend, kYes, kAccepted, kRunning, kNoAction,      ""},

      {kPaused,  kWarn,   k_,   kRefused,  kPaused,  kNoAction,      kIsPaused},
      {kPaused,  kDue,    kNo,  kRefused,  kPaused,  kNoAction,      kIsPaused},
      {kPaused,  kDue,    kYes, kRefused,  kPaused,  kNoAction,      kIsPaused},
      {kPaused,  kStop,   k_,   kAccepted, kStopped, kNoAction,      ""},
      {kPaused,  kPause,  k_,   kRefused,  kPaused,  kNoAction,      kAlreadyPaused},
      {kPaused,  kResume, k_,   kAccepted, kRunning, kNoAction,      ""},
      {kPaused,  kExtend, kNo,  kAccepted, kPaused,  kNoAction,      ""},
      {kPaused,  kExtend, kYes, kAccepted, kPaused,  kNoAction,      ""},

      {kStopped, kWarn,   k_,   kRefused,  kStopped, kNoAction,      kIsStopped},
      {kStopped, kDue,    kNo,  kRefused,  kStopped, kNoAction,      kIsStopped},
      {kStopped, kDue,    kYes, kRefused,  kStopped, kNoAction,      kIsStopped},
      {kStopped, kStop,   k_,   kRefused,  kStopped, kNoAction,      kIsStopped},
      {kStopped, kPause,  k_,   kRefused,  kStopped, kNoAction,      kIsStopped},
      {kStopped, kResume, k_,   kRefused,  kStopped, kNoAction,      kIsStopped},
      {kStopped, kExtend, kNo,  kRefused,  kStopped, kNoAction,      kIsStopped},
      {kStopped, kExtend, kYes, kRefused,  kStopped, kNoAction,      kIsStopped},

      {kExpired, kWarn,   k_,   kRefused,  kExpired, kNoAction,      kHasExpired},
      {kExpired, kDue,    kNo,  kRefused,  kExpired, kNoAction,      kHasExpired},
      {kExpired, kDue,    kYes, kRefused,  kExpired, kNoAction,      kHasExpired},
      {kExpired, kStop,   k_,   kRefused,  kExpired, kNoAction,      kHasExpired},
      {kExpired, kPause,  k_,   kRefused,  kExpired, kNoAction,      kHasExpired},
      {kExpired, kResume, k_,   kRefused,  kExpired, kNoAction,      kHasExpired},
      {kExpired, kExtend, kNo,  kRefused,  kExpired, kNoAction,      kHasExpired},
      {kExpired, kExtend, kYes, kRefused,  kExpired, kNoAction,      kHasExpired},
  };
  // clang-format on
  return rows;
}

bool flag_concerns(TimerTrigger trigger) {
  return trigger == kDue || trigger == kExtend;
}

void expect_step_matches(const TimerStep& step, const Row& row) {
  EXPECT_EQ(step.accepted, row.accepted);
  EXPECT_EQ(timer_status_name(step.to), std::string(timer_status_name(row.to)));
  EXPECT_EQ(step.record_warning, row.action == kRecordWarning);
  EXPECT_EQ(step.record_overdue, row.action == kRecordOverdue);
  EXPECT_EQ(step.fire_expiry, row.action == kFireExpiry);
  EXPECT_EQ(step.refusal, row.refusal);
}

TEST(TimerLifecycle, MatrixCoversEveryStatusTriggerAndRelevantFlagCombinationOnce) {
  int seen[6][6][2] = {};
  for (const Row& row : timer_matrix()) {
    ++seen[static_cast<int>(row.from)][static_cast<int>(row.trigger)][row.flag ? 1 : 0];
  }
  for (int from = 0; from < 6; ++from) {
    for (int trigger = 0; trigger < 6; ++trigger) {
      const bool two_values = flag_concerns(static_cast<TimerTrigger>(trigger));
      EXPECT_EQ(seen[from][trigger][0], 1) << "from " << from << " trigger " << trigger;
      EXPECT_EQ(seen[from][trigger][1], two_values ? 1 : 0)
          << "from " << from << " trigger " << trigger;
    }
  }
}

TEST(TimerLifecycle, EveryStatusTriggerAndRelevantFlagCombinationStepsAsTheTableSays) {
  for (const Row& row : timer_matrix()) {
    SCOPED_TRACE(::testing::Message() << row);
    expect_step_matches(timer_lifecycle_step(row.from, input_for(row)), row);
  }
}

TEST(TimerLifecycle, FlagsThatDoNotConcernTheTriggerChangeNothing) {
  for (const Row& row : timer_matrix()) {
    TimerInput input = input_for(row);
    if (row.trigger != kDue) input.expiry_fires_event = true;
    if (row.trigger != kExtend) input.new_due_in_future = true;
    SCOPED_TRACE(::testing::Message() << row << " (other flags set)");
    expect_step_matches(timer_lifecycle_step(row.from, input), row);
  }
}

TEST(TimerLifecycle, RefusalTextIsPresentExactlyWhenTheStepIsRefused) {
  for (const Row& row : timer_matrix()) {
    SCOPED_TRACE(::testing::Message() << row);
    const TimerStep step = timer_lifecycle_step(row.from, input_for(row));
    if (step.accepted) {
      EXPECT_TRUE(step.refusal.empty()) << "refusal: " << step.refusal;
    } else {
      EXPECT_FALSE(step.refusal.empty());
    }
  }
}

TEST(TimerLifecycle, RefusesATriggerOutsideTheEnumWithoutMoving) {
  TimerInput input;
  input.trigger = static_cast<TimerTrigger>(42);
  const TimerStep step = timer_lifecycle_step(kWarned, input);
  EXPECT_FALSE(step.accepted);
  EXPECT_EQ(step.to, kWarned);
  EXPECT_FALSE(step.refusal.empty());
  EXPECT_FALSE(step.record_warning || step.record_overdue || step.fire_expiry);
}

TEST(TimerLifecycle, ConcurrentStepsGiveTheTableResults) {
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&mismatches] {
      for (int round = 0; round < 50; ++round) {
        for (const Row& row : timer_matrix()) {
          const TimerStep step = timer_lifecycle_step(row.from, input_for(row));
          if (step.accepted != row.accepted || step.to != row.to || step.refusal != row.refusal) {
            ++mismatches;
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace wageflow
