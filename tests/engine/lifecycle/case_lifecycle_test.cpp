#include "engine/lifecycle/case_lifecycle.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace wageflow {
namespace {

constexpr CaseStatus kActive = CaseStatus::kActive;
constexpr CaseStatus kSuspended = CaseStatus::kSuspended;
constexpr CaseStatus kClosed = CaseStatus::kClosed;

constexpr CaseTrigger kSuspend = CaseTrigger::kSuspend;
constexpr CaseTrigger kResume = CaseTrigger::kResume;
constexpr CaseTrigger kClose = CaseTrigger::kClose;

// At most one action runs per step.
enum Action { kNoAction, kPauseTimers, kResumeTimers, kStopTimers };

constexpr bool kComment = true;
constexpr bool kNoComment = false;
constexpr bool kAccepted = true;
constexpr bool kRefused = false;

constexpr const char* kNeedsComment = "a suspension needs a comment giving the reason";
constexpr const char* kAlreadySuspended = "the case is already suspended";
constexpr const char* kNotSuspended = "the case is not suspended";
constexpr const char* kCaseClosed = "the case is closed";

struct Row {
  CaseStatus from;
  CaseTrigger trigger;
  bool has_comment;
  bool accepted;
  CaseStatus to;
  Action action;
  const char* refusal;  // "" when accepted
};

const char* trigger_name(CaseTrigger trigger) {
  switch (trigger) {
    case CaseTrigger::kSuspend:
      return "suspend";
    case CaseTrigger::kResume:
      return "resume";
    case CaseTrigger::kClose:
      return "close";
  }
  return "?";
}

const char* action_name(Action action) {
  switch (action) {
    case kNoAction:
      return "no action";
    case kPauseTimers:
      return "pause_timers";
    case kResumeTimers:
      return "resume_timers";
    case kStopTimers:
      return "stop_timers";
  }
  return "?";
}

std::ostream& operator<<(std::ostream& out, const Row& row) {
  return out << case_status_name(row.from) << " --" << trigger_name(row.trigger)
             << (row.has_comment ? " (with comment)" : " (no comment)") << "--> expected "
             << (row.accepted ? "accepted, " : "refused, ") << case_status_name(row.to) << ", "
             << action_name(row.action) << ", refusal \"" << row.refusal << "\"";
}

// The complete matrix: every status x trigger x comment present/absent.
const std::vector<Row>& case_matrix() {
  // clang-format off
  static const std::vector<Row> rows = {
      // from       trigger   comment     accepted   to          action         refusal
      {kActive,    kSuspend, kNoComment, kRefused,  kActive,    kNoAction,     kNeedsComment},
      {kActive,    kSuspend, kComment,   kAccepted, kSuspended, kPauseTimers,  ""},
      {kActive,    kResume,  kNoComment, kRefused,  kActive,    kNoAction,     kNotSuspended},
      {kActive,    kResume,  kComment,   kRefused,  kActive,    kNoAction,     kNotSuspended},
      {kActive,    kClose,   kNoComment, kAccepted, kClosed,    kStopTimers,   ""},
      {kActive,    kClose,   kComment,   kAccepted, kClosed,    kStopTimers,   ""},
      {kSuspended, kSuspend, kNoComment, kRefused,  kSuspended, kNoAction,     kAlreadySuspended},
      {kSuspended, kSuspend, kComment,   kRefused,  kSuspended, kNoAction,     kAlreadySuspended},
      {kSuspended, kResume,  kNoComment, kAccepted, kActive,    kResumeTimers, ""},
      {kSuspended, kResume,  kComment,   kAccepted, kActive,    kResumeTimers, ""},
      {kSuspended, kClose,   kNoComment, kAccepted, kClosed,    kStopTimers,   ""},
      {kSuspended, kClose,   kComment,   kAccepted, kClosed,    kStopTimers,   ""},
      {kClosed,    kSuspend, kNoComment, kRefused,  kClosed,    kNoAction,     kCaseClosed},
      {kClosed,    kSuspend, kComment,   kRefused,  kClosed,    kNoAction,     kCaseClosed},
      {kClosed,    kResume,  kNoComment, kRefused,  kClosed,    kNoAction,     kCaseClosed},
      {kClosed,    kResume,  kComment,   kRefused,  kClosed,    kNoAction,     kCaseClosed},
      {kClosed,    kClose,   kNoComment, kRefused,  kClosed,    kNoAction,     kCaseClosed},
      {kClosed,    kClose,   kComment,   kRefused,  kClosed,    kNoAction,     kCaseClosed},
  };
  // clang-format on
  return rows;
}

TEST(CaseLifecycle, MatrixCoversEveryStatusTriggerAndCommentCombinationOnce) {
  int seen[3][3][2] = {};
  for (const Row& row : case_matrix()) {
    ++seen[static_cast<int>(row.from)][static_cast<int>(row.trigger)][row.has_comment ? 1 : 0];
  }
  for (int from = 0; from < 3; ++from) {
    for (int trigger = 0; trigger < 3; ++trigger) {
      for (int comment = 0; comment < 2; ++comment) {
        EXPECT_EQ(seen[from][trigger][comment], 1)
            << "from " << from << " trigger " << trigger << " comment " << comment;
      }
    }
  }
}

TEST(CaseLifecycle, EveryStatusTriggerAndCommentCombinationStepsAsTheTableSays) {
  for (const Row& row : case_matrix()) {
    SCOPED_TRACE(::testing::Message() << row);
    const CaseLifecycleStep step =
        case_lifecycle_step(row.from, CaseLifecycleInput{row.trigger, row.has_comment});
    EXPECT_EQ(step.accepted, row.accepted);
    EXPECT_EQ(case_status_name(step.to), std::string(case_status_name(row.to)));
    EXPECT_EQ(step.pause_timers, row.action == kPauseTimers);
    EXPECT_EQ(step.resume_timers, row.action == kResumeTimers);
    EXPECT_EQ(step.stop_timers, row.action == kStopTimers);
    EXPECT_EQ(step.refusal, row.refusal);
  }
}

TEST(CaseLifecycle, RefusalTextIsPresentExactlyWhenTheStepIsRefused) {
  for (const Row& row : case_matrix()) {
    SCOPED_TRACE(::testing::Message() << row);
    const CaseLifecycleStep step =
        case_lifecycle_step(row.from, CaseLifecycleInput{row.trigger, row.has_comment});
    if (step.accepted) {
      EXPECT_TRUE(step.refusal.empty()) << "refusal: " << step.refusal;
    } else {
      EXPECT_FALSE(step.refusal.empty());
    }
  }
}

TEST(CaseLifecycle, StepsFromTheSameStatusDoNotInfluenceEachOther) {
  // A refused suspension (no comment) must not leave anything behind for the
  // next call: each call runs its own machine.
  EXPECT_FALSE(case_lifecycle_step(kActive, {kSuspend, kNoComment}).accepted);
  const CaseLifecycleStep step = case_lifecycle_step(kActive, {kSuspend, kComment});
  EXPECT_TRUE(step.accepted);
  EXPECT_EQ(step.to, kSuspended);
  EXPECT_TRUE(step.refusal.empty());
}

TEST(CaseLifecycle, RefusesATriggerOutsideTheEnumWithoutMoving) {
  const CaseLifecycleStep step =
      case_lifecycle_step(kSuspended, {static_cast<CaseTrigger>(42), kComment});
  EXPECT_FALSE(step.accepted);
  EXPECT_EQ(step.to, kSuspended);
  EXPECT_FALSE(step.refusal.empty());
  EXPECT_FALSE(step.pause_timers || step.resume_timers || step.stop_timers);
}

}  // namespace
}  // namespace wageflow
