// `timers`: durations, start/stop conditions, expiry and extensions.
#include <gtest/gtest.h>

#include "tests/engine/definition/workspace.h"

namespace wageflow {
namespace {

using testing::expect_error;
using testing::expect_warning;
using testing::kMinimal;
using testing::Workspace;

// kMinimal plus `timers:` on line 12, the first timer's name on line 13.
testing::Loaded load_timers(const Workspace& ws, const std::string& timers) {
  return ws.load(std::string(kMinimal) + "timers:\n" + timers);
}

TEST(DefinitionTimers, ReadsScalarAndListConditionsAndDefaults) {
  Workspace ws;
  auto loaded = load_timers(ws, R"(  a:
    duration: 48 hours
    start: {event: finish}
    stop: {enter: [done]}
    warn: 12 hours
    binding: false
    expire: {fire: finish}
    on_suspend: run
  b:
    duration: 3 working_days
    start: {enter: [open]}
    stop: {event: [finish, extend_b]}
    extend: {event: extend_b, by: 2 working_days, times: 2}
)");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  const Definition& def = loaded.def();
  const TimerDef& a = def.timers[0];
  EXPECT_EQ(a.duration, (Duration{48, Duration::Unit::kHours}));
  EXPECT_EQ(a.start.kind, TimerCondition::Kind::kEvent);
  EXPECT_EQ(a.start.ids, std::vector<int>{*def.event_id("finish")});
  EXPECT_EQ(a.stop.kind, TimerCondition::Kind::kEnter);
  EXPECT_EQ(a.stop.ids, std::vector<int>{*def.state_id("done")});
  EXPECT_FALSE(a.binding);
  EXPECT_EQ(a.expire.fire, *def.event_id("finish"));
  EXPECT_TRUE(a.runs_while_suspended);
  const TimerDef& b = def.timers[1];
  EXPECT_FALSE(b.runs_while_suspended);  // the default: a suspension pauses it
  EXPECT_EQ(b.expire.kind, TimerDef::Expire::Kind::kNone);
  EXPECT_EQ(b.stop.ids, (std::vector<int>{*def.event_id("finish"), *def.event_id("extend_b")}));
  ASSERT_TRUE(b.extend);
  EXPECT_EQ(b.extend->times, 2);
  EXPECT_TRUE(b.extend->roles.empty());
  EXPECT_EQ(def.events, (std::vector<std::string>{"finish", "extend_b"}));
}

TEST(DefinitionTimers, RejectsOnSuspendOtherThanPauseOrRunWithLineAndColumn) {
  Workspace ws;
  expect_error(load_timers(ws,
                           "  t:\n    duration: 5 days\n    start: {enter: open}\n"
                           "    on_suspend: stop\n"),
               16, 17,
               "on_suspend must be pause (the suspension is not counted, the default) or run (a "
               "period the case's suspension does not stop, such as the time to sue), not 'stop'");
  auto paused = load_timers(ws,
                            "  t:\n    duration: 5 days\n    start: {enter: open}\n"
                            "    on_suspend: pause\n");
  ASSERT_TRUE(paused.ok()) << paused.listing();
  EXPECT_FALSE(paused.def().timers[0].runs_while_suspended);
}

TEST(DefinitionTimers, RejectsDurationThatIsNotNDaysWorkingDaysOrHours) {
  Workspace ws;
  expect_error(load_timers(ws, "  t:\n    duration: 5 weekdays\n    start: {enter: open}\n"), 14,
               15,
               "duration: '5 weekdays' is not a duration; write N days, N working_days or "
               "N hours");
}

// A legal time limit or extension of no time is a slip; a number past the
// limit is told the limit, not the form.
TEST(DefinitionTimers, RejectsAZeroOrTooLongDurationOrExtensionSayingWhy) {
  const struct {
    const char* timer;  // the timer's lines after its name (line 14 on)
    int line, column;
    const char* message;
  } cases[] = {
      {"    duration: 0 days\n    start: {enter: open}\n", 14, 15,
       "duration: '0 days' is no time at all; it must be 1 or more"},
      {"    duration: 0 hours\n    start: {enter: open}\n", 14, 15, "'0 hours' is no time at all"},
      {"    duration: 100001 days\n    start: {enter: open}\n", 14, 15,
       "duration: '100001 days' is too long: at most 100000"},
      {"    duration: 99999999999999999999 days\n    start: {enter: open}\n", 14, 15,
       "is too long: at most 100000"},
      {"    duration: 5 days\n    start: {enter: open}\n    extend: {event: more, by: 0 days}\n",
       16, 31, "extend by: '0 days' is no time at all"},
  };
  for (const auto& c : cases) {
    Workspace ws;
    SCOPED_TRACE(c.timer);
    auto loaded = load_timers(ws, std::string("  t:\n") + c.timer);
    expect_error(loaded, c.line, c.column, c.message);
    EXPECT_EQ(loaded.errors(), 1) << loaded.listing();
  }
  Workspace ws;
  auto warned_on_the_day =
      load_timers(ws, "  t:\n    duration: 5 days\n    start: {enter: open}\n    warn: 0 days\n");
  EXPECT_TRUE(warned_on_the_day.ok()) << warned_on_the_day.listing();
}

TEST(DefinitionTimers, RejectsBadWarnDuration) {
  Workspace ws;
  expect_error(load_timers(ws,
                           "  t:\n    duration: 5 days\n    start: {enter: open}\n"
                           "    warn: one day\n"),
               16, 11, "warn: 'one day' is not a duration");
}

TEST(DefinitionTimers, RejectsBadExtendBy) {
  Workspace ws;
  expect_error(load_timers(ws,
                           "  t:\n    duration: 5 days\n    start: {enter: open}\n"
                           "    extend: {event: more, by: 5 weeks}\n"),
               16, 31, "extend by: '5 weeks' is not a duration");
}

TEST(DefinitionTimers, WarnsWhenWarnIsNotShorterThanTheDuration) {
  Workspace ws;
  auto loaded = load_timers(ws,
                            "  t:\n    duration: 2 working_days\n    start: {enter: open}\n"
                            "    warn: 2 days\n");
  EXPECT_TRUE(loaded.ok()) << loaded.listing();
  expect_warning(loaded, 16, 11, "warn (2 days) is not shorter than the duration (2 working_days)");
}

TEST(DefinitionTimers, RejectsWarnInHoursOnADateDeadline) {
  Workspace ws;
  expect_error(load_timers(ws,
                           "  t:\n    duration: 5 days\n    start: {enter: open}\n"
                           "    warn: 12 hours\n"),
               16, 11, "warn is in hours but the duration (5 days) is a date deadline");
}

TEST(DefinitionTimers, RejectsExtendTimesBelowOne) {
  Workspace ws;
  expect_error(load_timers(ws,
                           "  t:\n    duration: 5 days\n    start: {enter: open}\n"
                           "    extend: {event: more, by: 5 days, times: 0}\n"),
               16, 46, "extend times must be a whole number of 1 or more, not '0'");
}

TEST(DefinitionTimers, RejectsExtensionEventThatIsAlsoATransitionEvent) {
  Workspace ws;
  expect_error(load_timers(ws,
                           "  t:\n    duration: 5 days\n    start: {enter: open}\n"
                           "    extend: {event: finish, by: 5 days}\n"),
               16, 21, "extension event 'finish' is also a transition event");
}

TEST(DefinitionTimers, RejectsExtensionEventUsedByTwoTimers) {
  Workspace ws;
  expect_error(load_timers(ws,
                           "  t:\n    duration: 5 days\n    start: {enter: open}\n"
                           "    extend: {event: more, by: 5 days}\n"
                           "  u:\n    duration: 9 days\n    start: {enter: open}\n"
                           "    extend: {event: more, by: 1 days}\n"),
               20, 21, "extension event 'more' is already used by timer 't'");
}

TEST(DefinitionTimers, RejectsExtensionEventNameNotMatchingThePattern) {
  Workspace ws;
  expect_error(load_timers(ws,
                           "  t:\n    duration: 5 days\n    start: {enter: open}\n"
                           "    extend: {event: More-Time, by: 5 days}\n"),
               16, 21, "event name 'More-Time' must be lowercase letters, digits and '_'");
}

TEST(DefinitionTimers, RejectsTimerWithoutDurationOrStart) {
  Workspace ws;
  auto loaded = load_timers(ws, "  t:\n    warn: 1 days\n");
  expect_error(loaded, 13, 3, "timer 't' needs duration");
  expect_error(loaded, 13, 3, "timer 't' needs start");
}

TEST(DefinitionTimers, RejectsStartWithTwoConditions) {
  Workspace ws;
  expect_error(
      load_timers(ws, "  t:\n    duration: 5 days\n    start: {enter: open, event: finish}\n"), 15,
      5, "start takes exactly one of: enter, event");
}

TEST(DefinitionTimers, RejectsExpireWithBothEscalateAndFire) {
  Workspace ws;
  expect_error(load_timers(ws,
                           "  t:\n    duration: 5 days\n    start: {enter: open}\n"
                           "    expire: {escalate: director, fire: finish}\n"),
               16, 5, "expire takes exactly one of: escalate (a role), fire (an event)");
}

TEST(DefinitionTimers, RejectsBindingThatIsNotTrueOrFalse) {
  Workspace ws;
  expect_error(load_timers(ws,
                           "  t:\n    duration: 5 days\n    start: {enter: open}\n"
                           "    binding: 'true'\n"),
               16, 14, "binding must be true or false");
}

}  // namespace
}  // namespace wageflow
