// Simulation of hypothetical cases on the shipped fast-track workflow and
// the real cn-mainland calendar, with every due date worked out by hand
// from the 2025 holiday notice (春节 2025-01-28..02-04 off, Sunday 01-26
// and Saturday 02-08 make-up working days).
#include "engine/runtime/simulate.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/lifecycle/case_lifecycle.h"

namespace wageflow {
namespace {

namespace fs = std::filesystem;

const fs::path kWorkflows = fs::path(WAGEFLOW_SOURCE_DIR) / "workflows";

std::shared_ptr<const Definition> fasttrack() {
  LoadOptions options;
  options.calendars_dir = (kWorkflows / "calendars").string();
  auto loaded = load_definition_file((kWorkflows / "wage-arbitration-fasttrack.yaml").string(),
                                     options, nullptr);
  if (!loaded.ok()) throw std::runtime_error(loaded.error());
  return loaded.value();
}

// 09:00 in Beijing on `date`.
Instant nine_am(const char* date) {
  return *parse_instant(date, 480);
}

std::vector<PathStep> path(const char* text) {
  auto parsed = parse_simulation_path(text);
  if (!parsed.ok()) throw std::runtime_error(parsed.error());
  return parsed.value();
}

// timer name -> "status due" after a step.
std::map<std::string, std::string> timers_after(const Definition& d, const SimulatedStep& step) {
  std::map<std::string, std::string> timers;
  for (const TimerState& t : step.after.timers) {
    timers[d.timers[t.timer].name] = std::string(timer_status_name(t.status)) + " " +
                                     (t.due_date ? t.due_date->to_string() : "?");
  }
  return timers;
}

std::string local_time(Instant at) {
  return format_local(at, 480);
}

TEST(Simulate, FastTrackPathWithinEveryDeadlineOn2025Dates) {
  const auto d = fasttrack();
  // Opened Monday 2025-01-20; accepted on the 2nd working day after it
  // (Wed 01-22); mediation the next day; mediation fails and the hearing is
  // fixed; the award on 2025-02-25.
  const Simulation s = simulate(
      *d, nine_am("2025-01-20"),
      path("accept@+2wd, start_mediation@+1d, fail_mediation{hearing_date=2025-02-20}@+5wd, "
           "award{award_amount=8000}@2025-02-25"),
      SimulationOptions{{{"claim_amount", "8600"}}, false});
  ASSERT_EQ(s.steps.size(), 5u);
  EXPECT_TRUE(s.error.empty()) << s.error;
  EXPECT_FALSE(s.refused()) << s.steps.back().refusal->message;
  EXPECT_TRUE(s.missed.empty());
  EXPECT_TRUE(s.ok());

  // Opening: 5 working days from Mon 01-20 -> 21, 22, 23, 24, Sun 26 (a
  // make-up working day) = 2025-01-26, warned one working day before (Fri 01-24).
  const SimulatedStep& open = s.steps[0];
  EXPECT_EQ(open.role, "intake_clerk");
  EXPECT_EQ(open.placeholders, (std::vector<std::string>{"worker_name=(simulated)",
                                                         "employer=(simulated)", "region=长春市"}));
  EXPECT_EQ(timers_after(*d, open),
            (std::map<std::string, std::string>{{"acceptance_decision", "running 2025-01-26"}}));
  const TimerState& acceptance = open.after.timers.at(0);
  EXPECT_EQ(local_time(*acceptance.warn_at), "2025-01-24T00:00:00+08:00");
  EXPECT_NE(acceptance.explanation.find("2025-01-26"), std::string::npos) << acceptance.explanation;

  // accept on Wed 01-22 09:00: the acceptance timer stops; the closure
  // target (30 days -> Fri 2025-02-21) and the award limit (45 days ->
  // Sat 03-08, rolled to Mon 2025-03-10) start.
  const SimulatedStep& accept = s.steps[1];
  EXPECT_EQ(local_time(accept.at), "2025-01-22T09:00:00+08:00");
  EXPECT_EQ(accept.role, "intake_clerk");
  EXPECT_EQ(accept.after.state, *d->state_id("accepted"));
  EXPECT_EQ(timers_after(*d, accept),
            (std::map<std::string, std::string>{{"acceptance_decision", "stopped 2025-01-26"},
                                                {"closure_target", "running 2025-02-21"},
                                                {"award_limit", "running 2025-03-10"}}));

  // start_mediation Thu 01-23, as the first role allowed (mediator).
  EXPECT_EQ(local_time(s.steps[2].at), "2025-01-23T09:00:00+08:00");
  EXPECT_EQ(s.steps[2].role, "mediator");

  // fail_mediation 5 working days after Thu 01-23: Fri 24, Sun 26, Mon 27,
  // (holidays 01-28..02-04), Wed 02-05, Thu 02-06 -> 2025-02-06.
  EXPECT_EQ(local_time(s.steps[3].at), "2025-02-06T09:00:00+08:00");
  EXPECT_EQ(s.steps[3].after.state, *d->state_id("hearing"));

  // Before the award (2025-02-25): the closure target warned on 02-16 and
  // fell overdue at the end of 02-21; it is an internal target, so that is
  // shown but not a missed binding deadline.
  const SimulatedStep& award = s.steps[4];
  std::vector<std::string> clock;
  for (const AuditRecord& r : award.clock_records) {
    clock.push_back(local_time(r.at) + " " + r.kind + " " + r.event);
  }
  EXPECT_EQ(clock, (std::vector<std::string>{
                       "2025-02-16T00:00:00+08:00 timer_warn closure_target",
                       "2025-02-22T00:00:00+08:00 timer_overdue closure_target",
                       "2025-02-22T00:00:00+08:00 escalate closure_target",
                   }));
  EXPECT_EQ(award.role, "arbitrator");
  EXPECT_EQ(award.after.state, *d->state_id("awarded"));
  EXPECT_EQ(award.after.status, CaseStatus::kClosed);
  EXPECT_EQ(timers_after(*d, award).at("award_limit"), "stopped 2025-03-10");
}

TEST(Simulate, FlagsTheMissedStatutoryAcceptanceDeadline) {
  const auto d = fasttrack();
  // Accepted on the 7th working day after Mon 01-20: 21, 22, 23, 24, 26, 27,
  // then after the Spring Festival Wed 02-05. The 5-working-day acceptance
  // limit (due 2025-01-26) fell overdue at 24:00 that day.
  const Simulation s = simulate(*d, nine_am("2025-01-20"), path("accept@+7wd"), {});
  ASSERT_EQ(s.steps.size(), 2u);
  EXPECT_FALSE(s.refused());
  ASSERT_EQ(s.missed.size(), 1u);
  EXPECT_FALSE(s.ok());
  const MissedDeadline& missed = s.missed[0];
  EXPECT_EQ(d->timers[missed.timer].name, "acceptance_decision");
  EXPECT_EQ(missed.how, "overdue");
  EXPECT_EQ(missed.state.due_date->to_string(), "2025-01-26");
  EXPECT_EQ(local_time(missed.at), "2025-01-27T00:00:00+08:00");
  EXPECT_EQ(missed.before_step, 1);
  EXPECT_EQ(local_time(s.steps[1].at), "2025-02-05T09:00:00+08:00");
  // The award limit runs from the late acceptance: 45 days after 02-05 is
  // Sat 03-22, rolled to Mon 2025-03-24.
  EXPECT_EQ(timers_after(*d, s.steps[1]).at("award_limit"), "running 2025-03-24");
}

TEST(Simulate, ExtensionAndSuspensionMoveTheAwardLimit) {
  const auto d = fasttrack();
  // Accepted Wed 2025-01-22: 45 days reach Sat 03-08, due Mon 03-10.
  // Suspended on 02-10 and resumed on 02-20: 26 days were left after 02-10
  // up to the day the count reached (02-11 .. 03-08; the two rest days it
  // rolled over are not carried: docs/deadlines.md, "Suspension"), so the
  // limit is due 26 days after 02-20 = Tue 2025-03-18. The director's
  // extension adds 15 days: Wed 2025-04-02.
  const Simulation s = simulate(
      *d, nine_am("2025-01-20"),
      path("accept@+2wd, suspend@2025-02-10, resume@2025-02-20, extend_award_limit@+1d"), {});
  ASSERT_EQ(s.steps.size(), 5u);
  ASSERT_FALSE(s.refused()) << s.steps.back().refusal->message;
  EXPECT_EQ(s.steps[2].role, "arbitrator");
  EXPECT_EQ(s.steps[2].after.status, CaseStatus::kSuspended);
  EXPECT_EQ(timers_after(*d, s.steps[3]).at("award_limit"), "running 2025-03-18");
  EXPECT_EQ(s.steps[4].role, "director");
  EXPECT_EQ(timers_after(*d, s.steps[4]).at("award_limit"), "running 2025-04-02");
  EXPECT_TRUE(s.missed.empty());
}

TEST(Simulate, StopsAtARefusedStep) {
  const auto d = fasttrack();
  const Simulation s =
      simulate(*d, nine_am("2025-01-20"), path("accept@+1d, award@+1d, settle@+1d"), {});
  ASSERT_EQ(s.steps.size(), 3u);
  ASSERT_TRUE(s.refused());
  EXPECT_EQ(s.steps[2].refusal->kind, Refusal::Kind::kWrongState);
  EXPECT_EQ(s.steps[2].refusal->message,
            "event award cannot fire from state accepted; possible here: start_mediation, "
            "withdraw, extend_award_limit");
  EXPECT_EQ(s.steps[2].after.state, *d->state_id("accepted"));
  EXPECT_FALSE(s.ok());
}

TEST(Simulate, GuardsSeeThePathValues) {
  const auto d = fasttrack();
  // An award above the claim is refused by the guard.
  const Simulation s = simulate(*d, nine_am("2025-03-03"),
                                path("accept, start_mediation, "
                                     "fail_mediation{hearing_date=2025-03-20}@+1d, "
                                     "award{award_amount=9000}@2025-03-20T14:30"),
                                SimulationOptions{{{"claim_amount", "8600"}}, false});
  ASSERT_TRUE(s.refused());
  EXPECT_EQ(s.steps.back().refusal->kind, Refusal::Kind::kGuardFailed);
  EXPECT_EQ(local_time(s.steps.back().at), "2025-03-20T14:30:00+08:00");
}

// A mistyped claim is corrected along the path: the award the guard
// refused above is then allowed, and the correction moved neither the
// state nor a deadline.
TEST(Simulate, ACorrectionStepSetsValuesAndKeepsStateAndDeadlines) {
  const auto d = fasttrack();
  const Simulation s = simulate(*d, nine_am("2025-03-03"),
                                path("accept, start_mediation, correct{claim_amount=9600}@+1d, "
                                     "fail_mediation{hearing_date=2025-03-20}@+1d, "
                                     "award{award_amount=9000}@2025-03-20T14:30"),
                                SimulationOptions{{{"claim_amount", "8600"}}, false});
  ASSERT_FALSE(s.refused()) << s.steps.back().refusal->message;
  ASSERT_EQ(s.steps.size(), 6u);
  const SimulatedStep& correction = s.steps[3];
  EXPECT_EQ(correction.role, "intake_clerk") << "the first role of lifecycle: correct:";
  ASSERT_EQ(correction.records.size(), 1u);
  EXPECT_EQ(correction.records[0].kind, "correct");
  EXPECT_EQ(correction.records[0].data, R"({"claim_amount":"9600.00"})");
  const FieldId claim = *d->field_id("claim_amount");
  EXPECT_EQ(format_value(correction.after.data[claim]), "9600.00");
  EXPECT_EQ(correction.after.state, s.steps[2].after.state);
  EXPECT_EQ(timers_after(*d, correction), timers_after(*d, s.steps[2]));
  EXPECT_EQ(s.steps[5].after.state, *d->state_id("awarded"));
}

// Correction steps are refused as a clerk's would be.
TEST(Simulate, RefusesACorrectionWithoutValuesOrWithTheSameValue) {
  const auto d = fasttrack();
  const SimulationOptions claim{{{"claim_amount", "8600"}}, false};
  const struct {
    const char* path;
    Refusal::Kind kind;
  } cases[] = {
      {"accept, correct@+1d", Refusal::Kind::kNothingToCorrect},
      {"accept, correct{claim_amount=8600}@+1d", Refusal::Kind::kNothingToCorrect},
      {"accept, correct{worker_name=}@+1d", Refusal::Kind::kMissingRequired},
      {"accept, correct{claim_amount=lots}@+1d", Refusal::Kind::kBadValue},
  };
  for (const auto& c : cases) {
    const Simulation s = simulate(*d, nine_am("2025-03-03"), path(c.path), claim);
    ASSERT_TRUE(s.refused()) << c.path;
    EXPECT_EQ(s.steps.back().refusal->kind, c.kind)
        << c.path << ": " << s.steps.back().refusal->message;
  }
  const Simulation bare = simulate(*d, nine_am("2025-03-03"), path("accept, correct"), claim);
  ASSERT_TRUE(bare.refused());
  EXPECT_EQ(bare.steps.back().refusal->missing, Refusal::Missing::kFieldValues);
  EXPECT_EQ(bare.steps.back().refusal->message,
            "name the fields to correct and their right values");
}

// Small claims are decided by a clerk, larger ones by the director.
constexpr const char* kTwoDeciders = R"(workflow: two-deciders
version: 1
calendar: cn-mainland
roles: [clerk, director]
fields:
  amount: {type: money, required: true}
states:
  open: {initial: true}
  decided: {final: true}
transitions:
  - event: decide
    from: open
    to: decided
    roles: [clerk]
    guard: amount < 1000
  - event: decide
    from: open
    to: decided
    roles: [director]
)";

TEST(Simulate, TriesEveryAllowedRoleWhenAsked) {
  LoadOptions options;
  options.calendars_dir = (kWorkflows / "calendars").string();
  auto d = load_definition_text(kTwoDeciders, "two-deciders.yaml", options, nullptr);
  ASSERT_TRUE(d.ok()) << d.error();
  SimulationOptions large{{{"amount", "5000"}}, false};
  // The first role allowed (the clerk) is refused by the guard...
  const Simulation first = simulate(**d, nine_am("2025-01-20"), path("decide"), large);
  ASSERT_TRUE(first.refused());
  EXPECT_EQ(first.steps[1].role, "clerk");
  EXPECT_EQ(first.steps[1].refusal->kind, Refusal::Kind::kGuardFailed);
  // ...and with every role tried, the director decides.
  large.try_every_role = true;
  const Simulation every = simulate(**d, nine_am("2025-01-20"), path("decide"), large);
  ASSERT_FALSE(every.refused()) << every.steps[1].refusal->message;
  EXPECT_EQ(every.steps[1].role, "director");
  EXPECT_TRUE(every.ok());
}

TEST(Simulate, RefusesADateBeforeThePreviousStep) {
  const auto d = fasttrack();
  const Simulation s =
      simulate(*d, nine_am("2025-01-20"), path("accept@+3d, start_mediation@2025-01-21"), {});
  EXPECT_EQ(s.error,
            "step 'start_mediation@2025-01-21' at 2025-01-21 lies before the previous step "
            "(2025-01-23T09:00:00+08:00)");
  EXPECT_FALSE(s.ok());
}

TEST(SimulationPath, ParsesEventsValuesAndOffsets) {
  const auto steps = path(
      " accept@+1d,mediate@+3wd , award{award_amount=8000, note = 已付 }@+2h,"
      "close@2025-03-01, reopen");
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_EQ(steps[0].event, "accept");
  EXPECT_EQ(steps[0].when, PathStep::When::kDays);
  EXPECT_EQ(steps[0].amount, 1);
  EXPECT_EQ(steps[1].when, PathStep::When::kWorkingDays);
  EXPECT_EQ(steps[1].amount, 3);
  EXPECT_EQ(steps[2].event, "award");
  EXPECT_EQ(steps[2].when, PathStep::When::kHours);
  EXPECT_EQ(steps[2].sets, (std::vector<std::pair<std::string, std::string>>{
                               {"award_amount", "8000"}, {"note", "已付"}}));
  EXPECT_EQ(steps[3].when, PathStep::When::kAt);
  EXPECT_EQ(steps[3].at, "2025-03-01");
  EXPECT_EQ(steps[4].when, PathStep::When::kSameTime);
  EXPECT_EQ(steps[4].written, "reopen");
}

TEST(SimulationPath, RefusesMalformedSteps) {
  const std::pair<const char*, const char*> bad[] = {
      {"", "the path is empty; e.g. \"accept@+1d, settle@+3wd\""},
      {"accept@+1d,", "step 2 is empty (two commas in a row, or a comma at the end?)"},
      {"accept@+1x",
       "step 1 'accept@+1x': '+1x' is not a time; expected +Nd (days), +Nwd (working days), +Nh "
       "(hours), YYYY-MM-DD or YYYY-MM-DDTHH:MM"},
      {"accept@2025-02-30",
       "step 1 'accept@2025-02-30': '2025-02-30' is not a time; expected +Nd (days), +Nwd "
       "(working days), +Nh (hours), YYYY-MM-DD or YYYY-MM-DDTHH:MM"},
      {"Accept@+1d",
       "step 1 'Accept@+1d': 'Accept' is not an event name (lowercase letters, digits and '_', "
       "starting with a letter)"},
      {"award{award_amount}",
       "step 1 'award{award_amount}': expected field=value inside {...}, "
       "got 'award_amount'"},
      {"award{a=1", "the path has unbalanced braces {...}"},
      {"award@+1d@+2d", "step 1 'award@+1d@+2d': one '@' at most, and balanced braces"},
      {"award@+1d{a=1}",
       "step 1 'award@+1d{a=1}': '+1d{a=1}' is not a time; expected +Nd "
       "(days), +Nwd (working days), +Nh (hours), YYYY-MM-DD or "
       "YYYY-MM-DDTHH:MM"},
  };
  for (const auto& [text, message] : bad) {
    auto parsed = parse_simulation_path(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error(), message) << text;
  }
}

}  // namespace
}  // namespace wageflow
