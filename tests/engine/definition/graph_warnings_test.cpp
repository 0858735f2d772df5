// Warnings (the workflow still loads): unreachable states, states with no
// way to a final state, timers that can never start.
#include <gtest/gtest.h>

#include "tests/engine/definition/workspace.h"

namespace wageflow {
namespace {

using testing::expect_warning;
using testing::Workspace;

constexpr const char* kHeader =
    "workflow: demo\nversion: 1\ncalendar: test-cal\nroles: [clerk]\n";  // 4 lines

TEST(DefinitionGraph, WarnsAboutAStateThatCannotBeReached) {
  Workspace ws;
  auto loaded = ws.load(std::string(kHeader) + R"(states:
  open: {initial: true}
  orphan: {}
  done: {final: true}
transitions:
  - {event: finish, from: open, to: done}
  - {event: rescue, from: orphan, to: done}
)");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  expect_warning(loaded, 7, 3, "state 'orphan' cannot be reached from the initial state 'open'");
  EXPECT_EQ(loaded.warnings(), 1) << loaded.listing();
}

TEST(DefinitionGraph, CountsStarRowsWhenReachingStates) {
  Workspace ws;
  auto loaded = ws.load(std::string(kHeader) + R"(states:
  open: {initial: true}
  paused: {}
  done: {final: true}
transitions:
  - {event: pause, from: '*', to: paused}
  - {event: finish, from: '*', to: done}
)");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  EXPECT_TRUE(loaded.diagnostics.empty()) << loaded.listing();
}

TEST(DefinitionGraph, WarnsAboutAStateWithNoWayToAFinalState) {
  Workspace ws;
  auto loaded = ws.load(std::string(kHeader) + R"(states:
  open: {initial: true}
  limbo: {}
  stuck: {}
  done: {final: true}
transitions:
  - {event: finish, from: open, to: done}
  - {event: drift, from: open, to: limbo}
  - {event: drift, from: limbo, to: stuck}
  - {event: back, from: stuck, to: limbo}
)");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  expect_warning(loaded, 7, 3, "there is no way from state 'limbo' to a final state");
  expect_warning(loaded, 8, 3, "there is no way from state 'stuck' to a final state");
  EXPECT_EQ(loaded.warnings(), 2) << loaded.listing();
}

TEST(DefinitionGraph, WarnsAboutATimerThatCanNeverStart) {
  Workspace ws;
  auto loaded = ws.load(std::string(kHeader) + R"(states:
  open: {initial: true}
  orphan: {}
  done: {final: true}
transitions:
  - {event: finish, from: open, to: done}
  - {event: rescue, from: orphan, to: done}
timers:
  on_state:
    duration: 1 days
    start: {enter: orphan}
  on_event:
    duration: 1 days
    start: {event: [rescue]}
  on_extension:
    duration: 1 days
    start: {event: more}
  never_extended:
    duration: 1 days
    start: {enter: orphan}
    extend: {event: more, by: 1 days}
)");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  expect_warning(loaded, 15, 12,
                 "timer 'on_state' can never start: none of its start states can be reached");
  expect_warning(loaded, 18, 12,
                 "timer 'on_event' can never start: none of its start events can ever fire");
  expect_warning(loaded, 21, 12, "timer 'on_extension' can never start");
  expect_warning(loaded, 24, 12, "timer 'never_extended' can never start");
}

// Reaching a final state stops every timer: a timer started only there
// never runs, which its author should hear of.
TEST(DefinitionGraph, WarnsAboutATimerThatStartsOnlyAsTheCaseEnds) {
  Workspace ws;
  auto loaded = ws.load(std::string(kHeader) + R"(states:
  open: {initial: true}
  waiting: {}
  done: {final: true}
transitions:
  - {event: finish, from: open, to: done}
  - {event: pause, from: open, to: waiting}
  - {event: resume, from: waiting, to: done}
timers:
  after_the_end:
    duration: 1 days
    start: {enter: done}
  on_the_closing_event:
    duration: 1 days
    start: {event: [finish, resume]}
  while_waiting:
    duration: 1 days
    start: {event: pause}
)");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  expect_warning(loaded, 16, 12,
                 "timer 'after_the_end' starts only as the case reaches a final state, where "
                 "every timer stops: it never runs");
  expect_warning(loaded, 19, 12, "timer 'on_the_closing_event' starts only as the case reaches");
  EXPECT_EQ(loaded.warnings(), 2) << loaded.listing();
}

// The first row that passes is taken: a row after a guardless one for the
// same event, states and roles can never be.
TEST(DefinitionGraph, WarnsAboutARowThatAnEarlierGuardlessRowHides) {
  Workspace ws;
  auto loaded = ws.load(std::string(kHeader) + R"(states:
  open: {initial: true}
  other: {}
  done: {final: true}
transitions:
  - {event: finish, from: [open, other], to: done}
  - {event: finish, from: open, to: other, roles: [clerk]}
  - {event: move, from: open, to: other, roles: [clerk]}
  - {event: move, from: open, to: done}
  - {event: move, from: other, to: done, guard: "1 > 2"}
  - {event: move, from: other, to: open}
)");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  expect_warning(loaded, 11, 5,
                 "this row for event 'finish' can never be taken: the row at line 10 has no "
                 "guard and is taken first for the same states and roles");
  // A guard that reads no field is always true or false: said so.
  expect_warning(loaded, 14, 49,
                 "guard '1 > 2' reads no field of the case: it is always false, so this row is "
                 "never taken");
  // A row for fewer roles does not hide one for more; a guarded row hides
  // nothing.
  EXPECT_EQ(loaded.warnings(), 2) << loaded.listing();
}

// An expiry that fires an event with no row from any state the timer runs
// in would record "was not fired" on every case; with no row from some of
// them, on every case whose timer expires in one of those. Each warning
// points at the event's name in `expire: {fire: e}`.
TEST(DefinitionGraph, WarnsAboutAnExpiryThatCanNeverFireItsEvent) {
  Workspace ws;
  auto loaded = ws.load(std::string(kHeader) + R"(states:
  open: {initial: true}
  waiting: {}
  review: {}
  done: {final: true}
transitions:
  - {event: wait, from: open, to: waiting}
  - {event: look, from: waiting, to: review}
  - {event: lapse, from: review, to: done}
  - {event: reopen, from: open, to: done}
timers:
  lapses_in_review:
    duration: 1 days
    start: {enter: waiting}
    expire: {fire: lapse}
  stopped_before_review:
    duration: 1 days
    start: {enter: waiting}
    stop: {leave: waiting}
    expire: {fire: lapse}
  from_the_wrong_state:
    duration: 1 days
    start: {event: wait}
    expire: {fire: reopen}
)");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  expect_warning(loaded, 24, 20,
                 "timer 'stopped_before_review' fires 'lapse' when it expires, but no row for it "
                 "leaves a state the timer runs in (waiting): it can never fire");
  expect_warning(loaded, 28, 20,
                 "timer 'from_the_wrong_state' fires 'reopen' when it expires, but no row for it "
                 "leaves a state the timer runs in (waiting, review)");
  // It fires from review, but it runs in waiting too.
  expect_warning(loaded, 19, 20,
                 "timer 'lapses_in_review' fires 'lapse' when it expires, but no row for it "
                 "leaves waiting, where the timer runs too: expiring there, it only records "
                 "that the event was not fired, and the case stays");
  EXPECT_EQ(loaded.warnings(), 3) << loaded.listing();
}

TEST(DefinitionGraph, ATimerStartsOnTheInitialStateAndOnTheExtensionOfAStartableTimer) {
  Workspace ws;
  auto loaded = ws.load(std::string(kHeader) + R"(states:
  open: {initial: true}
  done: {final: true}
transitions:
  - {event: finish, from: open, to: done}
timers:
  first:
    duration: 1 days
    start: {enter: open}
    extend: {event: more, by: 1 days}
  second:
    duration: 1 days
    start: {event: more}
)");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  EXPECT_TRUE(loaded.diagnostics.empty()) << loaded.listing();
}

TEST(DefinitionGraph, GivesNoGraphWarningsWhileThereAreErrors) {
  Workspace ws;
  auto loaded = ws.load(std::string(kHeader) + R"(states:
  open: {initial: true}
  orphan: {}
  done: {final: true}
transitions:
  - {event: finish, from: open, to: dnoe}
)");
  EXPECT_EQ(loaded.errors(), 1) << loaded.listing();
  EXPECT_EQ(loaded.warnings(), 0) << loaded.listing();
}

}  // namespace
}  // namespace wageflow
