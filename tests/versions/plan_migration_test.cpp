// plan_migration() (engine/runtime/migration.h) on its own: the timer
// policy for a timer whose definition changed, which the end-to-end tests
// do not cover, and the refusals that need no database.
#include <gtest/gtest.h>

#include "engine/runtime/codec.h"
#include "engine/runtime/decide.h"
#include "engine/runtime/migration.h"
#include "versions/support/versions_sandbox.h"

namespace wageflow::versions {
namespace {

std::shared_ptr<const Definition> load(const std::string& text, const std::string& name) {
  LoadOptions options;
  options.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_text(text, name, options, &diagnostics);
  EXPECT_TRUE(loaded.ok()) << (diagnostics.empty() ? loaded.error() : diagnostics[0].to_string());
  return loaded.ok() ? loaded.value() : nullptr;
}

Instant at(const std::string& text) {
  return *parse_instant(text, 480);
}

// A case on `d` opened on 2025-03-03 and accepted on 2025-03-04.
CaseSnapshot accepted_case(const Definition& d) {
  Command open{
      Command::Kind::kOpen,
      "clerk",
      "intake_clerk",
      "",
      {{"worker_name", "张三"}, {"employer", "E"}, {"region", "长春市"}, {"claim_amount", "8600"}},
      ""};
  Outcome opened = std::get<Outcome>(decide(d, CaseSnapshot{}, open, at("2025-03-03T09:00")));
  opened.next.id = "2025-000001";
  Command accept{Command::Kind::kFire, "clerk", "intake_clerk", "accept", {}, ""};
  return std::get<Outcome>(decide(d, opened.next, accept, at("2025-03-04T09:00"))).next;
}

const TimerMigration* step_of(const MigrationPlan& plan, const std::string& timer,
                              TimerMigration::Action action) {
  for (const auto& step : plan.timers) {
    if (step.timer == timer && step.action == action) return &step;
  }
  return nullptr;
}

class ChangedTimer : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string v1_text = shipped_v1();
    std::string v2_text = replaced(v1_text, "\nversion: 1\n", "\nversion: 2\n");
    v2_text = replaced(v2_text, "    duration: 45 days\n", "    duration: 40 days\n");
    v1 = load(v1_text, "v1.yaml");
    v2 = load(v2_text, "v2.yaml");
    ASSERT_TRUE(v1 && v2);
    current = accepted_case(*v1);
  }

  MigrationPlan plan(bool start_new_timers) {
    MigrationOptions options;
    options.actor = "admin";
    options.start_new_timers = start_new_timers;
    auto planned =
        plan_migration(DefinitionVersion{v1.get(), "a"}, DefinitionVersion{v2.get(), "b"}, current,
                       options, at("2025-03-20T10:00"));
    EXPECT_TRUE(std::holds_alternative<MigrationPlan>(planned))
        << std::get<MigrationRefusal>(planned).reason;
    return std::get<MigrationPlan>(std::move(planned));
  }

  std::shared_ptr<const Definition> v1, v2;
  CaseSnapshot current;
};

TEST_F(ChangedTimer, StopsTheOldDeadlineAndStartsTheNewOneOnMigrationDayWhenAsked) {
  MigrationPlan started = plan(true);
  const CaseRecord before = to_record(*v1, current, "a");
  const CaseRecord after = to_record(*v2, started.next, "b");
  auto timer = [](const CaseRecord& r, const std::string& name) {
    for (const auto& t : r.timers) {
      if (t.name == name) return t;
    }
    ADD_FAILURE() << "no timer " << name;
    return TimerRecord{};
  };
  EXPECT_EQ(timer(before, "award_limit").due_date, "2025-04-18");
  ASSERT_NE(step_of(started, "award_limit", TimerMigration::Action::kStopped), nullptr);
  ASSERT_NE(step_of(started, "award_limit", TimerMigration::Action::kStarted), nullptr);
  // 40 days after 2025-03-20 (start day not counted): Tuesday 2025-04-29.
  EXPECT_EQ(timer(after, "award_limit").due_date, "2025-04-29");
  EXPECT_EQ(timer(after, "award_limit").status, "running");
  EXPECT_EQ(timer(after, "award_limit").started_at, at("2025-03-20T10:00").seconds);
  // Unchanged timers are the same records, field for field.
  for (const char* kept : {"acceptance_decision", "closure_target"}) {
    const TimerRecord a = timer(before, kept), b = timer(after, kept);
    EXPECT_EQ(a.status, b.status) << kept;
    EXPECT_EQ(a.due_date, b.due_date) << kept;
    EXPECT_EQ(a.due_at, b.due_at) << kept;
    EXPECT_EQ(a.warn_at, b.warn_at) << kept;
    EXPECT_EQ(a.started_at, b.started_at) << kept;
    EXPECT_EQ(a.explanation, b.explanation) << kept;
  }
  std::vector<std::string> kinds;
  for (const auto& r : started.records) kinds.push_back(r.kind + " " + r.event);
  EXPECT_EQ(kinds, (std::vector<std::string>{"migrate ", "timer_stop award_limit",
                                             "timer_start award_limit"}));
  EXPECT_EQ(started.next.row_version, current.row_version + 1);
  EXPECT_EQ(started.next.version, 2);
}

TEST_F(ChangedTimer, WithoutStartNewTimersTheChangedTimerEndsAndNothingReplacesIt) {
  MigrationPlan plain = plan(false);
  ASSERT_NE(step_of(plain, "award_limit", TimerMigration::Action::kStopped), nullptr);
  const TimerMigration* waiting =
      step_of(plain, "award_limit", TimerMigration::Action::kNotStarted);
  ASSERT_NE(waiting, nullptr);
  EXPECT_EQ(waiting->describe(),
            "award_limit: - -> - not started (definition changed; --start-new-timers not given)");
  EXPECT_EQ(plain.next.timer(*v2->timer_id("award_limit")), nullptr);
}

// A case accepted 2025-03-04 (award_limit due 04-18) and suspended 03-10,
// migrated on 03-20 between a version whose award_limit runs through
// suspensions (`on_suspend: run`) and one whose award_limit pauses: the
// suspended case takes on the new version's rule, and the timer is kept.
class OnSuspendChanged : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string pausing = replaced(shipped_v1(), "\nversion: 1\n", "\nversion: 2\n");
    const std::string running =
        replaced(pausing, "    extend: {event: extend_award_limit",
                 "    on_suspend: run\n    extend: {event: extend_award_limit");
    pauses = load(pausing, "pauses.yaml");
    runs = load(running, "runs.yaml");
    ASSERT_TRUE(pauses && runs);
  }

  CaseSnapshot suspended_on(const Definition& d) {
    Command suspend{Command::Kind::kSuspend, "a", "arbitrator", "", {}, "鉴定"};
    return std::get<Outcome>(decide(d, accepted_case(d), suspend, at("2025-03-10T09:00"))).next;
  }

  // `since`: the suspension's instant as the caller read it from the trail;
  // "" leaves it unset (a migration recorded before it was kept).
  MigrationPlan plan(const Definition& from, const Definition& to,
                     const std::string& when = "2025-03-20T10:00",
                     const std::string& since = "2025-03-10T09:00") {
    MigrationOptions options;
    options.actor = "admin";
    if (!since.empty()) options.suspended_since = at(since);
    auto planned = plan_migration(DefinitionVersion{&from, "a"}, DefinitionVersion{&to, "b"},
                                  suspended_on(from), options, at(when));
    EXPECT_TRUE(std::holds_alternative<MigrationPlan>(planned))
        << std::get<MigrationRefusal>(planned).reason;
    return std::get<MigrationPlan>(std::move(planned));
  }

  static std::vector<std::string> kinds(const MigrationPlan& plan) {
    std::vector<std::string> kinds;
    for (const auto& r : plan.records) kinds.push_back(r.kind + " " + r.event);
    return kinds;
  }

  std::shared_ptr<const Definition> pauses, runs;
};

TEST_F(OnSuspendChanged, ATimerTheNewVersionRunsThroughSuspensionsIsNoLongerPaused) {
  const CaseSnapshot before = suspended_on(*pauses);
  ASSERT_EQ(before.timer(*pauses->timer_id("award_limit"))->status, TimerStatus::kPaused);
  MigrationPlan migrated = plan(*pauses, *runs);
  const TimerMigration* kept = step_of(migrated, "award_limit", TimerMigration::Action::kKept);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->describe(),
            "award_limit: 2025-04-18 -> 2025-04-18 kept (paused; runs through suspensions in v2: "
            "no longer paused)");
  const TimerState* timer = migrated.next.timer(*runs->timer_id("award_limit"));
  ASSERT_NE(timer, nullptr);
  EXPECT_EQ(timer->status, TimerStatus::kRunning);
  EXPECT_FALSE(timer->paused_at.has_value());
  EXPECT_EQ(timer->due_date->to_string(), "2025-04-18") << "the suspension did not move it";
  EXPECT_EQ(migrated.next.status, CaseStatus::kSuspended);
  EXPECT_EQ(kinds(migrated), (std::vector<std::string>{"migrate ", "timer_resume award_limit"}));
}

// The suspension of Mon 03-10 pauses award_limit under v2: paused as from
// then, as `timers recompute` counts it, so the resume counts what was left
// on 03-10 (docs/workflow-versions.md, "Timers").
TEST_F(OnSuspendChanged, ATimerTheNewVersionPausesIsPausedAsFromTheSuspension) {
  MigrationPlan migrated = plan(*runs, *pauses);
  const TimerMigration* kept = step_of(migrated, "award_limit", TimerMigration::Action::kKept);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->describe(),
            "award_limit: 2025-04-18 -> 2025-04-18 kept (running; pauses in suspensions in v2: "
            "paused as from the suspension of 2025-03-10)");
  const TimerState* timer = migrated.next.timer(*pauses->timer_id("award_limit"));
  ASSERT_NE(timer, nullptr);
  EXPECT_EQ(timer->status, TimerStatus::kPaused);
  ASSERT_TRUE(timer->paused_at.has_value());
  EXPECT_EQ(timer->paused_at->seconds, at("2025-03-10T09:00").seconds);
  EXPECT_EQ(kinds(migrated), (std::vector<std::string>{"migrate ", "timer_pause award_limit"}));
  EXPECT_NE(migrated.records[1].data.find("paused as from the suspension of 2025-03-10"),
            std::string::npos)
      << migrated.records[1].data;
  auto read = read_migration_record(migrated.records.front());
  ASSERT_TRUE(read.ok()) << read.error();
  ASSERT_TRUE(read->options.suspended_since.has_value()) << migrated.records.front().data;
  EXPECT_EQ(read->options.suspended_since->seconds, at("2025-03-10T09:00").seconds);
}

// Migrated on Mon 04-21, after award_limit's due date (04-18): it was
// counting when the suspension began, so v2's rule pauses it from then; the
// due date passed during the pause is not a miss.
TEST_F(OnSuspendChanged, ATimerDueDuringTheSuspensionIsPausedAsFromItNotOverdue) {
  MigrationPlan migrated = plan(*runs, *pauses, "2025-04-21T10:00");
  const TimerState* timer = migrated.next.timer(*pauses->timer_id("award_limit"));
  ASSERT_NE(timer, nullptr);
  EXPECT_EQ(timer->status, TimerStatus::kPaused);
  EXPECT_EQ(timer->paused_at->seconds, at("2025-03-10T09:00").seconds);
  EXPECT_EQ(kinds(migrated), (std::vector<std::string>{"migrate ", "timer_pause award_limit"}));
}

// A migration recorded before the suspension's instant was kept (no
// suspended_since in its record) paused from the migration; it replays so.
TEST_F(OnSuspendChanged, WithoutTheSuspensionsInstantATimerIsPausedFromTheMigration) {
  MigrationPlan migrated = plan(*runs, *pauses, "2025-03-20T10:00", "");
  const TimerMigration* kept = step_of(migrated, "award_limit", TimerMigration::Action::kKept);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->describe(),
            "award_limit: 2025-04-18 -> 2025-04-18 kept (running; pauses in suspensions in v2: "
            "paused from now)");
  const TimerState* timer = migrated.next.timer(*pauses->timer_id("award_limit"));
  ASSERT_NE(timer, nullptr);
  EXPECT_EQ(timer->status, TimerStatus::kPaused);
  ASSERT_TRUE(timer->paused_at.has_value());
  EXPECT_EQ(timer->paused_at->seconds, at("2025-03-20T10:00").seconds);
  EXPECT_EQ(kinds(migrated), (std::vector<std::string>{"migrate ", "timer_pause award_limit"}));
  EXPECT_EQ(migrated.records.front().data.find("suspended_since"), std::string::npos);
}

// Migrated on Mon 04-21 without the suspension's instant, after award_limit's
// due date (04-18) that no tick has recorded: the migration records the
// miss, as `case suspend` would, instead of pausing the deadline away; so
// too when the suspension began after the due date.
TEST_F(OnSuspendChanged, ATimerPastItsDueDateIsRecordedOverdueNotPaused) {
  struct Row {
    const char* since;
    const char* note;
  };
  for (const Row& row : {Row{"", "not paused, its due date has passed"},
                         Row{"2025-04-19T09:00", "not paused, it was due before the suspension"}}) {
    MigrationPlan migrated = plan(*runs, *pauses, "2025-04-21T10:00", row.since);
    const TimerMigration* kept = step_of(migrated, "award_limit", TimerMigration::Action::kKept);
    ASSERT_NE(kept, nullptr) << row.since;
    EXPECT_EQ(kept->describe(),
              std::string("award_limit: 2025-04-18 -> 2025-04-18 kept (running; pauses in "
                          "suspensions in v2: ") +
                  row.note + ")")
        << row.since;
    const TimerState* timer = migrated.next.timer(*pauses->timer_id("award_limit"));
    ASSERT_NE(timer, nullptr);
    EXPECT_EQ(timer->status, TimerStatus::kOverdue) << row.since;
    EXPECT_FALSE(timer->paused_at.has_value()) << row.since;
    EXPECT_EQ(kinds(migrated),
              (std::vector<std::string>{"migrate ", "timer_warn award_limit",
                                        "timer_overdue award_limit", "escalate award_limit"}))
        << row.since;
  }
}

TEST(SuspendedSince, IsTheLastSuspensionNotResumed) {
  auto stored = [](const char* kind, const char* when) {
    StoredAuditRecord r;
    r.record.kind = kind;
    r.record.at = *parse_instant(when, 8 * 60);
    return r;
  };
  EXPECT_FALSE(suspended_since({}).has_value());
  EXPECT_FALSE(
      suspended_since({stored("open", "2025-03-01T09:00"), stored("suspend", "2025-03-03T09:00"),
                       stored("resume", "2025-03-05T09:00")})
          .has_value());
  auto since = suspended_since(
      {stored("suspend", "2025-03-03T09:00"), stored("resume", "2025-03-05T09:00"),
       stored("suspend", "2025-03-10T09:00"), stored("timer_pause", "2025-03-10T09:00"),
       stored("migrate", "2025-03-12T09:00")});
  ASSERT_TRUE(since.has_value());
  EXPECT_EQ(since->seconds, parse_instant("2025-03-10T09:00", 8 * 60)->seconds);
}

TEST_F(OnSuspendChanged, AnActiveCaseKeepsItsTimersAsTheyAre) {
  MigrationOptions options;
  options.actor = "admin";
  auto planned =
      plan_migration(DefinitionVersion{pauses.get(), "a"}, DefinitionVersion{runs.get(), "b"},
                     accepted_case(*pauses), options, at("2025-03-20T10:00"));
  ASSERT_TRUE(std::holds_alternative<MigrationPlan>(planned));
  const MigrationPlan& migrated = std::get<MigrationPlan>(planned);
  const TimerMigration* kept = step_of(migrated, "award_limit", TimerMigration::Action::kKept);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->describe(), "award_limit: 2025-04-18 -> 2025-04-18 kept (running)");
  EXPECT_EQ(kinds(migrated), (std::vector<std::string>{"migrate "}));
}

TEST_F(ChangedTimer, RefusesAStateMappedToAFinalStateAndAClosedCase) {
  MigrationOptions options;
  options.actor = "admin";
  options.state_map["accepted"] = "settled";
  auto refused = plan_migration(DefinitionVersion{v1.get(), "a"}, DefinitionVersion{v2.get(), "b"},
                                current, options, at("2025-03-20T10:00"));
  ASSERT_TRUE(std::holds_alternative<MigrationRefusal>(refused));
  EXPECT_NE(std::get<MigrationRefusal>(refused).reason.find("final in v2"), std::string::npos)
      << std::get<MigrationRefusal>(refused).reason;

  CaseSnapshot closed = current;
  closed.status = CaseStatus::kClosed;
  auto closed_refusal =
      plan_migration(DefinitionVersion{v1.get(), "a"}, DefinitionVersion{v2.get(), "b"}, closed,
                     MigrationOptions{}, at("2025-03-20T10:00"));
  ASSERT_TRUE(std::holds_alternative<MigrationRefusal>(closed_refusal));
  EXPECT_EQ(std::get<MigrationRefusal>(closed_refusal).reason, "the case is closed");
}

// QA migrated with --now months back: the new timer fell due before the
// case entered its state, and the case was counted late.
TEST_F(ChangedTimer, RefusesAMigrationDatedBeforeTheCasesLastChange) {
  CaseSnapshot changed = current;
  changed.updated_at = at("2025-03-20T10:00");
  MigrationOptions options;
  options.actor = "admin";
  options.start_new_timers = true;
  auto refused = plan_migration(DefinitionVersion{v1.get(), "a"}, DefinitionVersion{v2.get(), "b"},
                                changed, options, at("2025-03-19T10:00"));
  ASSERT_TRUE(std::holds_alternative<MigrationRefusal>(refused));
  EXPECT_EQ(std::get<MigrationRefusal>(refused).reason,
            "the migration is dated 2025-03-19T10:00:00+08:00, before the case's last change at "
            "2025-03-20T10:00:00+08:00; check the date given and the computer's clock");
  EXPECT_TRUE(std::holds_alternative<MigrationPlan>(
      plan_migration(DefinitionVersion{v1.get(), "a"}, DefinitionVersion{v2.get(), "b"}, changed,
                     options, at("2025-03-20T10:00"))));
}

TEST_F(ChangedTimer, AMigrateRecordReadsBackAsTheOptionsThatMadeIt) {
  MigrationOptions options;
  options.actor = "admin";
  options.start_new_timers = true;
  options.state_map = {{"accepted", "accepted"}, {"mediation", "mediation"}};
  options.sets = {{"outcome_notes", "迁移"}};
  auto planned = plan_migration(DefinitionVersion{v1.get(), "a"}, DefinitionVersion{v2.get(), "b"},
                                current, options, at("2025-03-20T10:00"));
  ASSERT_TRUE(std::holds_alternative<MigrationPlan>(planned));
  auto read = read_migration_record(std::get<MigrationPlan>(planned).records.front());
  ASSERT_TRUE(read.ok()) << read.error();
  EXPECT_EQ(read->from_sha256, "a");
  EXPECT_EQ(read->to_sha256, "b");
  EXPECT_EQ(read->options.state_map, options.state_map);
  EXPECT_EQ(read->options.sets, options.sets);
  EXPECT_TRUE(read->options.start_new_timers);
  EXPECT_EQ(read->options.actor, "admin");
  EXPECT_EQ(read->options.role, "administrator");
}

}  // namespace
}  // namespace wageflow::versions
