// replay_case(): histories made by decide() on the shipped workflows replay
// cleanly, and any change to the trail or to the stored case is the first
// difference replay reports.
#include "engine/runtime/replay.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>

#include "engine/runtime/codec.h"
#include "engine/runtime/decide.h"
#include "engine/runtime/migration.h"
#include "engine/runtime/timer_course.h"

namespace wageflow {
namespace {

constexpr int kChina = 8 * 60;
constexpr const char* kCaseId = "2025-000001";

Instant at(const char* text) {
  return *parse_instant(text, kChina);
}

std::shared_ptr<const Definition> shipped(const std::string& workflow) {
  LoadOptions options;
  options.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_file(
      std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/" + workflow + ".yaml", options, &diagnostics);
  EXPECT_TRUE(loaded.ok()) << workflow << ": " << (loaded.ok() ? "" : loaded.error());
  return loaded.ok() ? loaded.value() : nullptr;
}

using Sets = std::vector<std::pair<std::string, std::string>>;

// A case driven through decide() as CaseService drives it: each accepted
// command's records are appended with the next seq; a tick with nothing due
// commits nothing.
class History {
 public:
  explicit History(std::shared_ptr<const Definition> definition)
      : definition_(std::move(definition)) {}

  // Hands decide() each case with its timers in reverse order, as a Store
  // may return them (the order of a stored case's timers is not part of the
  // Store contract).
  History& reverse_timers_between_commands() {
    reverse_timers_ = true;
    return *this;
  }

  History& open(const std::string& actor, const std::string& role, Sets sets, const char* when) {
    return run({Command::Kind::kOpen, actor, role, "", std::move(sets), ""}, when);
  }
  History& fire(const std::string& event, const std::string& actor, const std::string& role,
                const char* when, Sets sets = {}, const std::string& comment = "") {
    return run({Command::Kind::kFire, actor, role, event, std::move(sets), comment}, when);
  }
  History& suspend(const std::string& actor, const std::string& role, const char* when,
                   const std::string& comment) {
    return run({Command::Kind::kSuspend, actor, role, "", {}, comment}, when);
  }
  History& resume(const std::string& actor, const std::string& role, const char* when) {
    return run({Command::Kind::kResume, actor, role, "", {}, ""}, when);
  }
  History& correct(const std::string& actor, const std::string& role, const char* when, Sets sets,
                   const std::string& comment) {
    return run({Command::Kind::kCorrect, actor, role, "", std::move(sets), comment}, when);
  }
  History& tick(const char* when) {
    return run({Command::Kind::kTick, "system", "system", "", {}, ""}, when);
  }
  // Counts `timer` again along its course in the trail, as `timers
  // recompute` does.
  History& recompute(const std::string& timer, const char* when) {
    auto course = timer_course(trail_, trail_.size(), timer);
    if (auto* reason = std::get_if<std::string>(&course)) {
      ADD_FAILURE() << "recompute at " << when << ": " << *reason;
      return *this;
    }
    Command command{Command::Kind::kRecompute, "system", "system", "", {}, ""};
    command.timers.push_back({timer, std::get<TimerCourse>(std::move(course))});
    return run(command, when);
  }
  // Moves the case to `to`, whose text has SHA-256 `to_sha256`, as
  // `wageflow migrate --start-new-timers` does; the case was on the
  // definition whose text has `from_sha256`.
  // `with_suspension_instant`: as wageflow migrates since 2026-12-02 (it
  // reads a suspended case's suspension instant from the trail); false: as
  // before.
  History& migrate(std::shared_ptr<const Definition> to, const std::string& from_sha256,
                   const std::string& to_sha256, const char* when,
                   bool with_suspension_instant = true) {
    MigrationOptions options;
    options.actor = "管理员";
    options.start_new_timers = true;
    if (with_suspension_instant && snapshot_.status == CaseStatus::kSuspended) {
      options.suspended_since = suspended_since(trail_);
    }
    auto planned =
        plan_migration(DefinitionVersion{definition_.get(), from_sha256},
                       DefinitionVersion{to.get(), to_sha256}, snapshot_, options, at(when));
    if (auto* refusal = std::get_if<MigrationRefusal>(&planned)) {
      ADD_FAILURE() << "migration at " << when << ": " << refusal->reason;
      return *this;
    }
    MigrationPlan& plan = std::get<MigrationPlan>(planned);
    snapshot_ = std::move(plan.next);
    snapshot_.id = kCaseId;
    definition_ = std::move(to);
    sha256_ = to_sha256;
    append(std::move(plan.records));
    return *this;
  }

  const Definition& definition() const { return *definition_; }
  std::string state() const { return definition_->states[snapshot_.state].name; }
  CaseRecord stored() const { return to_record(*definition_, snapshot_, sha256_); }
  const std::vector<StoredAuditRecord>& trail() const { return trail_; }
  bool has(const std::string& kind, const std::string& actor = "") const {
    return std::any_of(trail_.begin(), trail_.end(), [&](const StoredAuditRecord& s) {
      return s.record.kind == kind && (actor.empty() || s.record.actor == actor);
    });
  }

 private:
  History& run(const Command& command, const char* when) {
    Decision decision = decide(*definition_, snapshot_, command, at(when));
    if (auto* refusal = std::get_if<Refusal>(&decision)) {
      ADD_FAILURE() << "at " << when << " " << command.event << ": " << refusal->message;
      return *this;
    }
    Outcome& outcome = std::get<Outcome>(decision);
    if (outcome.records.empty()) return *this;
    snapshot_ = outcome.next;
    snapshot_.id = kCaseId;
    if (reverse_timers_) std::reverse(snapshot_.timers.begin(), snapshot_.timers.end());
    append(std::move(outcome.records));
    return *this;
  }

  void append(std::vector<AuditRecord> records) {
    for (auto& record : records) {
      trail_.push_back(StoredAuditRecord{kCaseId, static_cast<std::int64_t>(trail_.size()) + 1,
                                         std::move(record), "", ""});
    }
  }

  std::shared_ptr<const Definition> definition_;
  std::string sha256_ = "sha256-of-definition";
  CaseSnapshot snapshot_;
  std::vector<StoredAuditRecord> trail_;
  bool reverse_timers_ = false;
};

std::string dump(const std::vector<StoredAuditRecord>& trail) {
  std::string text;
  for (const auto& s : trail) {
    text += "#" + std::to_string(s.seq) + " " + format_utc(s.record.at) + " " + s.record.actor +
            " " + s.record.kind + " " + s.record.event + " " + s.record.from_state + "->" +
            s.record.to_state + " " + s.record.data + "\n";
  }
  return text;
}

void expect_replays(const History& history, int commands) {
  ReplayResult result = replay_case(history.definition(), history.stored(), history.trail());
  EXPECT_TRUE(result.ok) << result.difference << "\n" << dump(history.trail());
  EXPECT_EQ(result.commands, commands) << dump(history.trail());
}

const Sets kFastTrackCase = {{"worker_name", "张三丰"},
                             {"worker_id_no", "22011819900101123X"},
                             {"employer", "长春宏达建筑工程有限公司"},
                             {"region", "长春市"},
                             {"claim_amount", "8600"}};

// Intake to award, with the acceptance warning ticked and the award's
// `set: final_award` recomputed on replay.
History fast_track_to_award(bool reverse_timers = false) {
  History h(shipped("wage-arbitration-fasttrack"));
  if (reverse_timers) h.reverse_timers_between_commands();
  h.open("李明", "intake_clerk", kFastTrackCase, "2025-01-24T09:30:00+08:00")
      .tick("2025-02-06T08:00:00+08:00")
      .fire("accept", "李明", "intake_clerk", "2025-02-07T10:00:00+08:00")
      .fire("start_mediation", "赵敏", "mediator", "2025-02-10T09:00:00+08:00")
      .fire("fail_mediation", "赵敏", "mediator", "2025-02-14T09:00:00+08:00",
            {{"hearing_date", "2025-02-20"}}, "用人单位不同意调解方案")
      .fire("award", "钱仲裁", "arbitrator", "2025-02-20T15:00:00+08:00",
            {{"award_amount", "8000"}});
  return h;
}

TEST(ReplayTest, FastTrackCaseFromIntakeToAwardReplaysCleanly) {
  History h = fast_track_to_award();
  ASSERT_EQ(h.state(), "awarded");
  ASSERT_TRUE(h.has("timer_warn", "system")) << dump(h.trail());
  expect_replays(h, 6);
}

// Closing the case stops two timers: their records come in the same order
// whatever order the stored case lists its timers in.
TEST(ReplayTest, ReplayDoesNotDependOnTheOrderAStoreReturnsTimersIn) {
  History h = fast_track_to_award(/*reverse_timers=*/true);
  ASSERT_EQ(h.state(), "awarded");
  expect_replays(h, 6);
  EXPECT_EQ(dump(h.trail()), dump(fast_track_to_award().trail()));
}

// A correction is a command of its own: the values it records are set
// again on replay, before the award and on the closed case after it.
TEST(ReplayTest, CorrectionsReplayCleanlyAlsoAfterTheAward) {
  History h(shipped("wage-arbitration-fasttrack"));
  h.open("李明", "intake_clerk", kFastTrackCase, "2025-01-24T09:30:00+08:00")
      .correct("李明", "intake_clerk", "2025-01-24T10:00:00+08:00",
               {{"worker_phone", "13912345678"}, {"claim_amount", "8680.50"}},
               "申请书上的电话和金额录入错误")
      .fire("accept", "李明", "intake_clerk", "2025-02-07T10:00:00+08:00")
      .fire("start_mediation", "赵敏", "mediator", "2025-02-10T09:00:00+08:00")
      .fire("fail_mediation", "赵敏", "mediator", "2025-02-14T09:00:00+08:00",
            {{"hearing_date", "2025-02-20"}}, "用人单位不同意调解方案")
      .fire("award", "钱仲裁", "arbitrator", "2025-02-20T15:00:00+08:00",
            {{"award_amount", "8000"}})
      .correct("钱仲裁", "arbitrator", "2025-02-24T09:00:00+08:00", {{"award_amount", "8100"}},
               "裁决书计算错误，予以补正");
  ASSERT_EQ(h.state(), "awarded");
  ASSERT_TRUE(h.has("correct", "钱仲裁")) << dump(h.trail());
  expect_replays(h, 7);
}

TEST(ReplayTest, SuspensionAndResumptionReplayCleanly) {
  History h(shipped("wage-arbitration-fasttrack"));
  h.open("李明", "intake_clerk", kFastTrackCase, "2025-01-24T09:30:00+08:00")
      .fire("accept", "李明", "intake_clerk", "2025-02-07T10:00:00+08:00")
      .tick("2025-03-06T09:00:00+08:00")
      .suspend("钱仲裁", "arbitrator", "2025-03-07T09:00:00+08:00", "等待工伤认定结论")
      .tick("2025-04-20T09:00:00+08:00")
      .resume("钱仲裁", "arbitrator", "2025-04-21T09:00:00+08:00")
      .tick("2025-04-29T09:00:00+08:00");
  ASSERT_TRUE(h.has("timer_pause")) << dump(h.trail());
  ASSERT_TRUE(h.has("timer_resume")) << dump(h.trail());
  expect_replays(h, 6);  // the tick during the suspension had nothing to do
}

// award_limit, 45 days from Mon 2026-01-05, reaches 02-19 in the Spring
// Festival and rolls to 02-24; suspended 01-12, resumed 01-21. Counted to
// 02-19 (38 days left) it falls due 02-28; counted to 02-24, as wageflow
// did before it kept counted_to, 03-05 (docs/deadlines.md, "Suspension").
History rolled_award_limit_suspended(std::shared_ptr<const Definition> definition) {
  History h(std::move(definition));
  h.open("李明", "intake_clerk", kFastTrackCase, "2026-01-05T09:00:00+08:00")
      .fire("accept", "李明", "intake_clerk", "2026-01-05T10:00:00+08:00")
      .suspend("钱仲裁", "arbitrator", "2026-01-12T09:00:00+08:00", "等待工伤认定结论")
      .resume("钱仲裁", "arbitrator", "2026-01-21T09:00:00+08:00");
  return h;
}

// `d` as wageflow ran it before a suspension applied the thresholds that
// had passed (Definition::ticks_before_suspend; recounts then did not count
// through suspensions either) and, with `counted_to`, before it kept
// counted_to too: the rules changed in that order, newest first, as replay
// tries them.
std::shared_ptr<const Definition> as_ran_before(std::shared_ptr<const Definition> d,
                                                bool counted_to) {
  auto copy = std::make_shared<Definition>(*d);
  copy->recounts_through_suspensions = false;
  copy->ticks_before_suspend = false;
  if (counted_to) copy->keeps_counted_to = false;
  return copy;
}

std::shared_ptr<const Definition> without_counted_to(std::shared_ptr<const Definition> d) {
  return as_ran_before(std::move(d), /*counted_to=*/true);
}

std::string award_limit_due(const History& h) {
  for (const TimerRecord& t : h.stored().timers) {
    if (t.name == "award_limit") return t.due_date;
  }
  return "none";
}

TEST(ReplayTest, ASuspendedDaysTimerThatRolledReplaysWithTheDayItsCountReached) {
  History h = rolled_award_limit_suspended(shipped("wage-arbitration-fasttrack"));
  ASSERT_EQ(award_limit_due(h), "2026-02-28") << dump(h.trail());
  expect_replays(h, 4);
}

// A trail recorded before wageflow kept counted_to (its records lack it,
// and the resumption counted to the rolled due date) replays as it ran
// then; its stored timer must then have no counted_to either.
TEST(ReplayTest, ATrailRecordedBeforeCountedToWasKeptReplaysAsItRanThen) {
  auto current = shipped("wage-arbitration-fasttrack");
  History h = rolled_award_limit_suspended(without_counted_to(current));
  ASSERT_EQ(award_limit_due(h), "2026-03-05") << dump(h.trail());
  ReplayResult result = replay_case(*current, h.stored(), h.trail());
  EXPECT_TRUE(result.ok) << result.difference << "\n" << dump(h.trail());
  EXPECT_EQ(result.commands, 4);

  CaseRecord stored = h.stored();
  for (TimerRecord& t : stored.timers) {
    if (t.name == "award_limit") t.counted_to = "2026-02-19";
  }
  result = replay_case(*current, stored, h.trail());
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.difference.find("timer award_limit counted_to is none, stored 2026-02-19"),
            std::string::npos)
      << result.difference;
}

// acceptance_decision, opened Fri 2025-01-24, falls due 02-07; suspended
// on Mon 02-10 with no tick between, the suspension records the warning and
// the miss after its suspend record (as the system), then pauses what
// still runs.
History suspended_past_due(std::shared_ptr<const Definition> definition) {
  History h(std::move(definition));
  h.open("李明", "intake_clerk", kFastTrackCase, "2025-01-24T09:30:00+08:00")
      .suspend("钱仲裁", "arbitrator", "2025-02-10T09:00:00+08:00", "等待工伤认定结论")
      .resume("钱仲裁", "arbitrator", "2025-02-20T09:00:00+08:00");
  return h;
}

std::shared_ptr<const Definition> without_tick_before_suspend(std::shared_ptr<const Definition> d) {
  return as_ran_before(std::move(d), /*counted_to=*/false);
}

TEST(ReplayTest, ASuspensionThatRecordsAMissedDeadlineReplaysAsOneCommand) {
  History h = suspended_past_due(shipped("wage-arbitration-fasttrack"));
  ASSERT_TRUE(h.has("timer_overdue", "system")) << dump(h.trail());
  // The records the suspension wrote are replayed with it, as one command:
  // open, suspend, resume.
  expect_replays(h, 3);
}

// A tick and a suspension in the same second (found by QA: replay read the
// tick's records as the suspension's and came one row_version short): the
// tick's records come before the suspend record, the suspension's after it.
TEST(ReplayTest, ATickAndASuspensionInTheSameSecondReplayAsTwoCommands) {
  for (bool before_the_change : {false, true}) {
    SCOPED_TRACE(before_the_change ? "recorded before the change" : "recorded now");
    auto current = shipped("wage-arbitration-fasttrack");
    History h(before_the_change ? without_tick_before_suspend(current) : current);
    h.open("李明", "intake_clerk", kFastTrackCase, "2025-01-24T09:30:00+08:00")
        .tick("2025-02-10T09:00:00+08:00")
        .suspend("钱仲裁", "arbitrator", "2025-02-10T09:00:00+08:00", "等待工伤认定结论")
        .resume("钱仲裁", "arbitrator", "2025-02-20T09:00:00+08:00");
    ASSERT_TRUE(h.has("timer_overdue", "system")) << dump(h.trail());
    ReplayResult result = replay_case(*current, h.stored(), h.trail());
    EXPECT_TRUE(result.ok) << result.difference << "\n" << dump(h.trail());
    EXPECT_EQ(result.commands, 4);
  }
}

// Suspended before a suspension applied the passed thresholds, the timer
// was paused with nothing left: such a trail replays as it ran then.
TEST(ReplayTest, ASuspensionRecordedBeforeItAppliedPassedThresholdsReplaysAsItRanThen) {
  auto current = shipped("wage-arbitration-fasttrack");
  History h = suspended_past_due(without_tick_before_suspend(current));
  ASSERT_FALSE(h.has("timer_overdue")) << dump(h.trail());
  ReplayResult result = replay_case(*current, h.stored(), h.trail());
  EXPECT_TRUE(result.ok) << result.difference << "\n" << dump(h.trail());
  EXPECT_EQ(result.commands, 3);
}

// Version 2 of the fast-track workflow shortens award_limit to 40 days. A
// case accepted on Mon 2026-01-05 on version 1 is migrated on Sat
// 2026-01-10 with --start-new-timers: 40 days reach 02-19, in the Spring
// Festival, so the new award_limit falls due Tue 02-24 and keeps the day
// its count reached (counted_to 02-19) in its timer_start record.
class MigrationStartingARolledTimer : public ::testing::Test {
 protected:
  void SetUp() override {
    v1_ = shipped("wage-arbitration-fasttrack");
    ASSERT_TRUE(v1_);
    std::ifstream in(std::string(WAGEFLOW_SOURCE_DIR) +
                     "/workflows/wage-arbitration-fasttrack.yaml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto [from, to] : {std::pair<std::string, std::string>{"\nversion: 1\n", "\nversion: 2\n"},
                            {"    duration: 45 days\n", "    duration: 40 days\n"}}) {
      auto found = text.find(from);
      ASSERT_NE(found, std::string::npos) << from;
      text.replace(found, from.size(), to);
    }
    LoadOptions options;
    options.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
    std::vector<Diagnostic> diagnostics;
    auto loaded = load_definition_text(text, "v2.yaml", options, &diagnostics);
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    v2_ = loaded.value();
  }

  // The history run on `v1` then `v2` (the current definitions, or copies
  // as wageflow ran them before it kept counted_to).
  static History migrated(std::shared_ptr<const Definition> v1,
                          std::shared_ptr<const Definition> v2) {
    History h(std::move(v1));
    h.open("李明", "intake_clerk", kFastTrackCase, "2026-01-05T09:00:00+08:00")
        .fire("accept", "李明", "intake_clerk", "2026-01-05T10:00:00+08:00")
        .migrate(std::move(v2), "sha-v1", "sha-v2", "2026-01-10T10:00:00+08:00");
    return h;
  }

  ReplayResult replay(const CaseRecord& stored, const std::vector<StoredAuditRecord>& trail) const {
    const DefinitionLookup lookup = [this](const std::string& sha256) -> const Definition* {
      if (sha256 == "sha-v1") return v1_.get();
      if (sha256 == "sha-v2") return v2_.get();
      return nullptr;
    };
    return replay_case(*v2_, stored, trail, lookup);
  }

  // The data of the timer_start record the migration wrote.
  static std::string migration_timer_start(const History& h) {
    bool after_migrate = false;
    for (const StoredAuditRecord& s : h.trail()) {
      after_migrate = after_migrate || s.record.kind == "migrate";
      if (after_migrate && s.record.kind == "timer_start" && s.record.event == "award_limit") {
        return s.record.data;
      }
    }
    return "none";
  }

  std::shared_ptr<const Definition> v1_, v2_;
};

TEST_F(MigrationStartingARolledTimer, ReplaysWithTheDayItsCountReached) {
  History h = migrated(v1_, v2_);
  ASSERT_EQ(award_limit_due(h), "2026-02-24") << dump(h.trail());
  ASSERT_NE(migration_timer_start(h).find("\"counted_to\":\"2026-02-19\""), std::string::npos)
      << dump(h.trail());
  ReplayResult result = replay(h.stored(), h.trail());
  EXPECT_TRUE(result.ok) << result.difference << "\n" << dump(h.trail());
  EXPECT_EQ(result.commands, 3);
}

// Migrated before wageflow kept counted_to, the timer_start record has
// none: replay plans the migration again as it ran then, and the stored
// timer must then have no counted_to either.
TEST_F(MigrationStartingARolledTimer, RecordedBeforeCountedToWasKeptReplaysAsItRanThen) {
  History h = migrated(without_counted_to(v1_), without_counted_to(v2_));
  ASSERT_EQ(award_limit_due(h), "2026-02-24") << dump(h.trail());
  ASSERT_EQ(migration_timer_start(h).find("counted_to"), std::string::npos) << dump(h.trail());
  ReplayResult result = replay(h.stored(), h.trail());
  EXPECT_TRUE(result.ok) << result.difference << "\n" << dump(h.trail());
  EXPECT_EQ(result.commands, 3);

  CaseRecord stored = h.stored();
  for (TimerRecord& t : stored.timers) {
    if (t.name == "award_limit") t.counted_to = "2026-02-19";
  }
  result = replay(stored, h.trail());
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.difference.find("timer award_limit counted_to is none, stored 2026-02-19"),
            std::string::npos)
      << result.difference;
}

// A migration's timer_start whose counted_to was edited matches neither
// rule: the record is named with the current rule's difference.
TEST_F(MigrationStartingARolledTimer, AnEditedCountedToInTheMigrationsTimerStartIsADifference) {
  History h = migrated(v1_, v2_);
  std::vector<StoredAuditRecord> trail = h.trail();
  bool edited = false;
  bool after_migrate = false;
  for (StoredAuditRecord& s : trail) {
    after_migrate = after_migrate || s.record.kind == "migrate";
    const std::string key = "\"counted_to\":\"2026-02-19\"";
    auto found = s.record.data.find(key);
    if (after_migrate && s.record.kind == "timer_start" && found != std::string::npos) {
      s.record.data.replace(found, key.size(), "\"counted_to\":\"2026-02-18\"");
      edited = true;
    }
  }
  ASSERT_TRUE(edited) << dump(trail);
  ReplayResult result = replay(h.stored(), trail);
  EXPECT_FALSE(result.ok) << dump(trail);
  EXPECT_NE(result.difference.find("(timer_start award_limit): data field counted_to is "
                                   "2026-02-19, recorded 2026-02-18"),
            std::string::npos)
      << result.difference;
}

// Taking counted_to out of a recorded timer start makes the later records
// of the timer disagree with the trail: the edit is found.
TEST(ReplayTest, ACountedToTakenOutOfATimerStartIsADifference) {
  History h = rolled_award_limit_suspended(shipped("wage-arbitration-fasttrack"));
  std::vector<StoredAuditRecord> trail = h.trail();
  bool edited = false;
  for (StoredAuditRecord& s : trail) {
    const std::string key = "\"counted_to\":\"2026-02-19\",";
    auto at = s.record.data.find(key);
    if (s.record.kind == "timer_start" && s.record.event == "award_limit" &&
        at != std::string::npos) {
      s.record.data.erase(at, key.size());
      edited = true;
    }
  }
  ASSERT_TRUE(edited) << dump(trail);
  CaseRecord stored = h.stored();
  ReplayResult result = replay_case(h.definition(), stored, trail);
  EXPECT_FALSE(result.ok) << dump(trail);
  EXPECT_NE(result.difference.find("(timer_pause award_limit): data field counted_to is unset, "
                                   "recorded 2026-02-19"),
            std::string::npos)
      << result.difference;
}

TEST(ReplayTest, OverdueEscalationThenExtensionReplaysCleanly) {
  History h(shipped("wage-arbitration-fasttrack"));
  h.open("李明", "intake_clerk", kFastTrackCase, "2025-01-24T09:30:00+08:00")
      .fire("accept", "李明", "intake_clerk", "2025-02-07T10:00:00+08:00")
      .tick("2025-03-25T09:00:00+08:00")
      .fire("extend_award_limit", "孙主任", "director", "2025-03-26T09:00:00+08:00", {},
            "案情复杂，经批准延长十五日")
      .fire("start_mediation", "赵敏", "mediator", "2025-03-27T09:00:00+08:00");
  ASSERT_TRUE(h.has("escalate")) << dump(h.trail());
  ASSERT_TRUE(h.has("extend")) << dump(h.trail());
  expect_replays(h, 5);
}

// The answer period and the hearing notice period expire and move the case
// by themselves (actor system); fail_mediation picks its row by a guard on
// a field an earlier `set:` wrote.
History ordinary_arbitration_to_award() {
  History h(shipped("wage-arbitration"));
  h.open("李明", "intake_clerk",
         {{"worker_name", "刘强"},
          {"employer", "松原市恒基建设有限公司"},
          {"region", "松原市"},
          {"claim_amount", "32000"}},
         "2025-03-03T09:00:00+08:00")
      .fire("accept", "李明", "intake_clerk", "2025-03-04T09:00:00+08:00")
      .fire("serve_copy", "周书记员", "tribunal_clerk", "2025-03-05T09:00:00+08:00",
            {{"arbitrator_name", "钱仲裁"}})
      .tick("2025-03-25T09:00:00+08:00")
      .fire("notify_hearing", "周书记员", "tribunal_clerk", "2025-03-26T09:00:00+08:00",
            {{"hearing_notice_date", "2025-03-26"}, {"hearing_date", "2025-04-08"}})
      .tick("2025-04-07T09:00:00+08:00")
      .fire("hold_hearing", "钱仲裁", "arbitrator", "2025-04-08T09:00:00+08:00")
      .fire("mediate", "钱仲裁", "arbitrator", "2025-04-08T11:00:00+08:00")
      .fire("fail_mediation", "钱仲裁", "arbitrator", "2025-04-08T16:00:00+08:00")
      .fire("award", "钱仲裁", "arbitrator", "2025-04-15T09:00:00+08:00",
            {{"award_amount", "30000"}});
  return h;
}

TEST(ReplayTest, ExpiryThatFiresAnEventReplaysCleanly) {
  History h = ordinary_arbitration_to_award();
  ASSERT_EQ(h.state(), "awarded") << dump(h.trail());
  ASSERT_TRUE(h.has("timer_expire")) << dump(h.trail());
  ASSERT_TRUE(h.has("fire", "system")) << dump(h.trail());
  expect_replays(h, 10);
}

TEST(ReplayTest, LegalAidCaseReplaysCleanly) {
  History h(shipped("legal-aid"));
  h.open("吴咨询", "consultant", {{"channel", "12351热线"}, {"applicant_phone", "13812341234"}},
         "2025-09-26T10:00:00+08:00")
      .fire("apply", "吴咨询", "consultant", "2025-09-26T11:00:00+08:00",
            {{"applicant_name", "陈大勇"},
             {"employer", "吉林市某劳务公司"},
             {"region", "吉林市"},
             {"claim_type", "劳动报酬"},
             {"applicant_is_migrant_worker", "true"}})
      .fire("grant", "郑审查", "reviewer", "2025-10-02T09:00:00+08:00")
      .tick("2025-10-08T09:00:00+08:00")
      .fire("assign_lawyer", "冯协调", "coordinator", "2025-10-08T10:00:00+08:00",
            {{"lawyer_name", "卫律师"}})
      .fire("withdraw", "冯协调", "coordinator", "2025-10-09T09:00:00+08:00", {},
            "劳动者与用人单位自行和解");
  ASSERT_EQ(h.state(), "withdrawn") << dump(h.trail());
  ASSERT_TRUE(h.has("timer_warn")) << dump(h.trail());
  expect_replays(h, 6);
}

// Legal aid version 1 (suit_window paused by a suspension, as every timer
// was) and the shipped version 2 (`on_suspend: run`): a case suspended
// after the award, then migrated to version 2 (docs/workflow-versions.md,
// "Timers").
class LegalAidMigratedWhileSuspended : public ::testing::Test {
 protected:
  void SetUp() override {
    v2_ = shipped("legal-aid");
    ASSERT_TRUE(v2_);
    std::ifstream in(std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/legal-aid.yaml");
    shipped_text_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    v1_ = edited({{"\nversion: 2\n", "\nversion: 1\n"}, {"    on_suspend: run\n", ""}});
    ASSERT_TRUE(v1_);
  }

  // The shipped text with each (from, to) replaced once.
  std::shared_ptr<const Definition> edited(
      const std::vector<std::pair<std::string, std::string>>& edits) const {
    std::string text = shipped_text_;
    for (const auto& [from, to] : edits) {
      auto found = text.find(from);
      EXPECT_NE(found, std::string::npos) << from;
      if (found == std::string::npos) return nullptr;
      text.replace(found, from.size(), to);
    }
    LoadOptions options;
    options.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
    std::vector<Diagnostic> diagnostics;
    auto loaded = load_definition_text(text, "edited.yaml", options, &diagnostics);
    EXPECT_TRUE(loaded.ok()) << (diagnostics.empty() ? loaded.error() : diagnostics[0].to_string());
    return loaded.ok() ? loaded.value() : nullptr;
  }

  // A case on `d` whose award was received Fri 2025-11-14 (suit_window due
  // Mon 12-01).
  static History awarded(std::shared_ptr<const Definition> d) {
    History h(std::move(d));
    h.open("吴咨询", "consultant", {{"channel", "12351热线"}}, "2025-11-03T09:00:00+08:00")
        .fire("apply", "吴咨询", "consultant", "2025-11-03T10:00:00+08:00",
              {{"applicant_name", "陈大勇"},
               {"employer", "吉林市某劳务公司"},
               {"region", "吉林市"},
               {"claim_type", "劳动报酬"},
               {"applicant_is_migrant_worker", "true"},
               {"claim_amount", "12000"}})
        .fire("grant", "郑审查", "reviewer", "2025-11-03T11:00:00+08:00")
        .fire("assign_lawyer", "冯协调", "coordinator", "2025-11-03T12:00:00+08:00",
              {{"lawyer_name", "卫律师"}})
        .fire("represent_in_arbitration", "卫律师", "lawyer", "2025-11-03T13:00:00+08:00")
        .fire("award_received", "卫律师", "lawyer", "2025-11-14T09:00:00+08:00");
    return h;
  }

  // awarded(), the case suspended 11-20 and migrated from `from` (v1 unless
  // given) to `v2` on 11-24.
  History migrated(std::shared_ptr<const Definition> v2, bool with_suspension_instant = true,
                   std::shared_ptr<const Definition> from = nullptr) const {
    History h = awarded(from ? std::move(from) : v1_);
    h.suspend("冯协调", "coordinator", "2025-11-20T09:00:00+08:00", "等待劳动者补充证据")
        .migrate(std::move(v2), "sha-v1", "sha-v2", "2025-11-24T10:00:00+08:00",
                 with_suspension_instant);
    return h;
  }

  ReplayResult replay(const History& h) const {
    const DefinitionLookup lookup = [this](const std::string& sha256) -> const Definition* {
      if (sha256 == "sha-v1") return v1_.get();
      if (sha256 == "sha-v2") return v2_.get();
      return nullptr;
    };
    return replay_case(*v2_, h.stored(), h.trail(), lookup);
  }

  // A copy: h.stored() is a temporary.
  static std::optional<TimerRecord> suit_window(const CaseRecord& stored) {
    for (const TimerRecord& t : stored.timers) {
      if (t.name == "suit_window") return t;
    }
    return std::nullopt;
  }

  std::string shipped_text_;
  std::shared_ptr<const Definition> v1_, v2_;
};

TEST_F(LegalAidMigratedWhileSuspended, TheTimeToSueRunsOnToItsDueDateAndTheTrailReplays) {
  History h = migrated(v2_);
  const CaseRecord stored = h.stored();
  ASSERT_EQ(stored.status, "suspended") << dump(h.trail());
  const std::optional<TimerRecord> suit = suit_window(stored);
  ASSERT_TRUE(suit) << dump(h.trail());
  EXPECT_EQ(suit->status, "running") << dump(h.trail());
  EXPECT_EQ(suit->due_date, "2025-12-01") << "not moved by the suspension";
  EXPECT_NE(dump(h.trail()).find(
                "timer_resume suit_window post_award->post_award {\"because\":\"migration to v2: "
                "it runs through suspensions (on_suspend: run)"),
            std::string::npos)
      << dump(h.trail());
  ReplayResult result = replay(h);
  EXPECT_TRUE(result.ok) << result.difference << "\n" << dump(h.trail());
  EXPECT_EQ(result.commands, 8);

  // Its course reads the migration's resume as a recount inside the
  // suspension: the resumption that follows matches it.
  h.tick("2025-12-02T00:10:00+08:00").resume("冯协调", "coordinator", "2025-12-03T09:00:00+08:00");
  auto course = timer_course(h.trail(), h.trail().size(), "suit_window");
  ASSERT_TRUE(std::holds_alternative<TimerCourse>(course)) << std::get<std::string>(course);
  auto snapshot = from_record(*v2_, h.stored());
  ASSERT_TRUE(snapshot.ok()) << snapshot.error();
  const TimerState* live = snapshot.value().timer(*v2_->timer_id("suit_window"));
  ASSERT_TRUE(live);
  EXPECT_EQ(live->status, TimerStatus::kOverdue) << dump(h.trail());
  EXPECT_EQ(timer_course_mismatch(*live, std::get<TimerCourse>(course)), std::nullopt)
      << dump(h.trail());
  result = replay(h);
  EXPECT_TRUE(result.ok) << result.difference << "\n" << dump(h.trail());
}

// Migrated before a migration took on the new version's on_suspend: the
// timer stayed paused, and replay plans the migration again as it ran then.
TEST_F(LegalAidMigratedWhileSuspended,
       AMigrationRecordedBeforeItTookOnOnSuspendReplaysAsItRanThen) {
  // Version 2 here also gains a timer that the migration starts, due
  // 5 days on from Mon 11-24: Sat 11-29, rolled to Mon 12-01, so its
  // timer_start keeps counted_to (the older rule of keeping none does not
  // reproduce it).
  v2_ = edited({{"\n# What the quarterly reports read",
                 "  aid_report:\n    duration: 5 days\n    start: {event: award_received}\n"
                 "    stop: {leave: post_award}\n    expire: {escalate: coordinator}\n"
                 "\n# What the quarterly reports read"}});
  ASSERT_TRUE(v2_);
  auto as_then = std::make_shared<Definition>(*v2_);
  as_then->knows_on_suspend_run = false;
  History h = migrated(as_then, /*with_suspension_instant=*/false);
  const std::optional<TimerRecord> suit = suit_window(h.stored());
  ASSERT_TRUE(suit) << dump(h.trail());
  EXPECT_EQ(suit->status, "paused") << dump(h.trail());
  // And counted again then, its pause taken off with the words of then.
  h.recompute("suit_window", "2025-11-25T09:00:00+08:00");
  ASSERT_NE(dump(h.trail()).find("timer_recompute suit_window post_award->post_award "
                                 "{\"because\":\"counted again on calendar cn-mainland to keep "
                                 "the day its count reached before rolling (counted_to): due date "
                                 "unchanged; the suspension of 2025-11-20 does not pause it (it "
                                 "was overdue then)\""),
            std::string::npos)
      << dump(h.trail());
  ASSERT_NE(dump(h.trail()).find("timer_start aid_report post_award->post_award {\"because\":"
                                 "\"migration to v2\",\"counted_to\":\"2025-11-29\""),
            std::string::npos)
      << dump(h.trail());
  ReplayResult result = replay(h);
  EXPECT_TRUE(result.ok) << result.difference << "\n" << dump(h.trail());
  EXPECT_EQ(result.commands, 9);
}

// The other way: from the shipped version, whose time to sue runs through
// suspensions, to one whose time to sue pauses. The migration pauses it as
// from the suspension of 11-20 (9 days left of it, to the 11-29 its count
// reached before rolling), so the resume of Wed 12-03 makes it due Fri
// 12-12; counting it again along its course (`timers recompute`) finds the
// same date. Migrated as before (paused from 11-24, 5 days left: due Mon
// 12-08), the recount moves it to 12-12.
TEST_F(LegalAidMigratedWhileSuspended, ATimeToSueThatNowPausesIsPausedAsFromTheSuspension) {
  auto pausing = edited({{"\nversion: 2\n", "\nversion: 3\n"}, {"    on_suspend: run\n", ""}});
  ASSERT_TRUE(pausing);
  for (const bool with_instant : {true, false}) {
    SCOPED_TRACE(with_instant ? "with the suspension's instant" : "as migrated before");
    History h = migrated(pausing, with_instant, v2_);
    ASSERT_EQ(suit_window(h.stored())->status, "paused") << dump(h.trail());
    h.resume("冯协调", "coordinator", "2025-12-03T09:00:00+08:00");
    EXPECT_EQ(suit_window(h.stored())->due_date, with_instant ? "2025-12-12" : "2025-12-08")
        << dump(h.trail());
    const std::size_t before_recount = h.trail().size();
    h.recompute("suit_window", "2025-12-04T09:00:00+08:00");
    EXPECT_EQ(suit_window(h.stored())->due_date, "2025-12-12") << dump(h.trail());
    EXPECT_EQ(h.trail().size(), before_recount + (with_instant ? 0 : 1))
        << "the recount agrees with the migration\n"
        << dump(h.trail());
    const DefinitionLookup lookup = [&](const std::string& sha256) -> const Definition* {
      if (sha256 == "sha-v1") return v2_.get();
      if (sha256 == "sha-v2") return pausing.get();
      return nullptr;
    };
    ReplayResult result = replay_case(*pausing, h.stored(), h.trail(), lookup);
    EXPECT_TRUE(result.ok) << result.difference << "\n" << dump(h.trail());
  }
}

// A timer that started inside the suspension: version "a" adds aid_report
// (10 days from award_received, running through suspensions), which the
// migration of Mon 11-17 starts in the case suspended since 11-15; version
// "b" pauses it, and its migration of 11-24 pauses it as from its start
// (10 days left, to 11-27). The resume of Wed 12-03 makes it due Sat 12-13,
// rolled to Mon 12-15, and a recount finds the same (found by review: the
// recount paused it from the second migration and moved it to 12-08).
TEST_F(LegalAidMigratedWhileSuspended, ATimerStartedInTheSuspensionIsPausedAsFromItsStart) {
  const std::string report =
      "  aid_report:\n    duration: 10 days\n    start: {event: award_received}\n"
      "    stop: {leave: post_award}\n%s    expire: {escalate: coordinator}\n"
      "\n# What the quarterly reports read";
  auto with_report = [&](int version, const std::string& on_suspend) {
    std::string timer = report;
    timer.replace(timer.find("%s"), 2, on_suspend);
    return edited({{"\nversion: 2\n", "\nversion: " + std::to_string(version) + "\n"},
                   {"\n# What the quarterly reports read", timer}});
  };
  auto runs = with_report(3, "    on_suspend: run\n");
  auto pauses = with_report(4, "");
  ASSERT_TRUE(runs && pauses);
  History h = awarded(v2_);
  h.suspend("冯协调", "coordinator", "2025-11-15T09:00:00+08:00", "等待劳动者补充证据")
      .migrate(runs, "sha-v2", "sha-v3", "2025-11-17T10:00:00+08:00")
      .migrate(pauses, "sha-v3", "sha-v4", "2025-11-24T10:00:00+08:00");
  EXPECT_NE(dump(h.trail()).find("aid_report: 2025-11-27 -> 2025-11-27 kept (running; pauses in "
                                 "suspensions in v4: paused as from its start on 2025-11-17, in "
                                 "the suspension)"),
            std::string::npos)
      << dump(h.trail());
  h.resume("冯协调", "coordinator", "2025-12-03T09:00:00+08:00");
  auto due = [&h] {
    for (const TimerRecord& t : h.stored().timers) {
      if (t.name == "aid_report") return t.due_date;
    }
    return std::string("(none)");
  };
  EXPECT_EQ(due(), "2025-12-15") << dump(h.trail());
  const std::size_t before_recount = h.trail().size();
  h.recompute("aid_report", "2025-12-04T09:00:00+08:00");
  EXPECT_EQ(due(), "2025-12-15") << dump(h.trail());
  EXPECT_EQ(h.trail().size(), before_recount) << dump(h.trail());
  const DefinitionLookup lookup = [&](const std::string& sha256) -> const Definition* {
    if (sha256 == "sha-v2") return v2_.get();
    if (sha256 == "sha-v3") return runs.get();
    if (sha256 == "sha-v4") return pauses.get();
    return nullptr;
  };
  ReplayResult result = replay_case(*pauses, h.stored(), h.trail(), lookup);
  EXPECT_TRUE(result.ok) << result.difference << "\n" << dump(h.trail());

  // The suspension's instant a migrate record names is the trail's: edited,
  // it is the first difference.
  std::vector<StoredAuditRecord> edited_trail = h.trail();
  auto last_migrate =
      std::find_if(edited_trail.rbegin(), edited_trail.rend(),
                   [](const StoredAuditRecord& s) { return s.record.kind == "migrate"; });
  ASSERT_NE(last_migrate, edited_trail.rend());
  std::string& data = last_migrate->record.data;
  const std::string since = "\"suspended_since\":\"2025-11-15T01:00:00Z\"";
  ASSERT_NE(data.find(since), std::string::npos) << data;
  data.replace(data.find(since), since.size(), "\"suspended_since\":\"2025-11-16T01:00:00Z\"");
  result = replay_case(*pauses, h.stored(), edited_trail, lookup);
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.difference.find("its suspended_since 2025-11-16T01:00:00Z is not the instant "
                                   "the suspension began, 2025-11-15T01:00:00Z"),
            std::string::npos)
      << result.difference;
}

// ---- differences -----------------------------------------------------------

void renumber(std::vector<StoredAuditRecord>& trail) {
  for (std::size_t i = 0; i < trail.size(); ++i) trail[i].seq = static_cast<std::int64_t>(i) + 1;
}

std::vector<StoredAuditRecord>::iterator find(std::vector<StoredAuditRecord>& trail,
                                              const std::string& kind, const std::string& event) {
  auto it = std::find_if(trail.begin(), trail.end(), [&](const StoredAuditRecord& s) {
    return s.record.kind == kind && s.record.event == event;
  });
  if (it == trail.end()) throw std::runtime_error("no record " + kind + " " + event);
  return it;
}

struct Tampering {
  const char* name;
  std::function<void(std::vector<StoredAuditRecord>&, CaseRecord&)> change;
  const char* expected;  // the whole difference after "case 2025-000001: "
};

// Each change applied to `h`'s trail and stored case alone: replay reports
// exactly its expected difference.
void expect_first_differences(const History& h, const std::vector<Tampering>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<StoredAuditRecord> trail = h.trail();
    CaseRecord stored = h.stored();
    c.change(trail, stored);
    ReplayResult result = replay_case(h.definition(), stored, trail);
    EXPECT_FALSE(result.ok) << dump(trail);
    EXPECT_EQ(result.difference, std::string("case 2025-000001: ") + c.expected) << dump(trail);
  }
}

TEST(ReplayTest, AnyChangeToTheTrailOrTheStoredCaseIsTheFirstDifference) {
  const std::vector<Tampering> cases = {
      {"hearing date changed in the fire record",
       [](auto& trail, auto&) {
         find(trail, "fire", "fail_mediation")->record.data = R"({"hearing_date":"2025-02-21"})";
       },
       "after seq 12 (timer_stop closure_target): data field hearing_date is 2025-02-21, stored "
       "2025-02-20"},
      {"a timer start deleted (chain recomputed)",
       [](auto& trail, auto&) {
         trail.erase(find(trail, "timer_start", "award_limit"));
         renumber(trail);
       },
       "seq 7: the replay of seq 4 (fire accept) records timer_start award_limit here, the trail "
       "has fire start_mediation"},
      {"two commands swapped",
       [](auto& trail, auto&) {
         std::swap(find(trail, "fire", "start_mediation")->record,
                   find(trail, "fire", "accept")->record);
       },
       "seq 4 (fire start_mediation): refused on replay: event start_mediation cannot fire from "
       "state intake; possible here: accept, reject, withdraw"},
      {"a warning moved before it was due",
       [](auto& trail, auto&) {
         find(trail, "timer_warn", "acceptance_decision")->record.at =
             at("2025-02-05T08:00:00+08:00");
       },
       "seq 3 (timer_warn acceptance_decision): replaying it records nothing"},
      {"a record added by hand at the end",
       [](auto& trail, auto&) {
         trail.push_back(trail.back());
         renumber(trail);
       },
       "seq 13 (timer_stop closure_target): no command before it produces this record"},
      {"the acting role of a timer start changed",
       [](auto& trail, auto&) { find(trail, "timer_start", "closure_target")->record.role = "x"; },
       "seq 6 (timer_start closure_target): role is intake_clerk, recorded x"},
      {"the time of a fire record changed",
       [](auto& trail, auto&) {
         find(trail, "fire", "accept")->record.at = at("2025-02-07T11:00:00+08:00");
       },
       "seq 5 (timer_stop acceptance_decision): at is 2025-02-07T03:00:00Z, recorded "
       "2025-02-07T02:00:00Z"},
      {"the stored state changed", [](auto&, auto& stored) { stored.state = "hearing"; },
       "after seq 12 (timer_stop closure_target): state is awarded, stored hearing"},
      {"a stored timer's due date changed",
       [](auto&, auto& stored) {
         for (auto& t : stored.timers) {
           if (t.name == "award_limit") t.due_date = "2025-04-08";
         }
       },
       "after seq 12 (timer_stop closure_target): timer award_limit due date is 2025-03-24, stored "
       "2025-04-08"},
      {"a stored timer removed", [](auto&, auto& stored) { stored.timers.pop_back(); },
       "after seq 12 (timer_stop closure_target): timer award_limit is stopped, stored: never "
       "started"},
      {"the worker's name changed in the open record (masked in the message)",
       [](auto& trail, auto&) {
         std::string& data = trail.front().record.data;
         data.replace(data.find("张三丰"), std::string("张三丰").size(), "王五");
       },
       "after seq 12 (timer_stop closure_target): data field worker_name is 王*, stored 张**"},
      {"the trail emptied", [](auto& trail, auto&) { trail.clear(); }, "the audit trail is empty"},
  };
  const History h = fast_track_to_award();
  ASSERT_EQ(h.trail().size(), 12u) << dump(h.trail());
  expect_first_differences(h, cases);
}

// Stored data that is not JSON at all is said so; the other side is shown
// with personal values masked, never as the raw text.
TEST(ReplayTest, StoredDataThatIsNotJsonIsNamedWithoutPersonalData) {
  const History h = fast_track_to_award();
  std::vector<StoredAuditRecord> trail = h.trail();
  CaseRecord stored = h.stored();
  stored.data = "{bad";
  const ReplayResult result = replay_case(h.definition(), stored, trail);
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.difference.find(", stored not an object of field values (4 bytes)"),
            std::string::npos)
      << result.difference;
  EXPECT_NE(result.difference.find("\"worker_name\":\"张**\""), std::string::npos)
      << result.difference;
  EXPECT_EQ(result.difference.find("张三丰"), std::string::npos) << result.difference;
}

// A correction changed in the trail, or left out of it, no longer explains
// the stored values.
TEST(ReplayTest, ACorrectionChangedOrLeftOutOfTheTrailIsADifference) {
  History h(shipped("wage-arbitration-fasttrack"));
  h.open("李明", "intake_clerk", kFastTrackCase, "2025-01-24T09:30:00+08:00")
      .correct("李明", "intake_clerk", "2025-01-24T10:00:00+08:00", {{"claim_amount", "8680.50"}},
               "金额录入错误");
  expect_replays(h, 2);
  const std::vector<Tampering> cases = {
      {"the corrected amount changed in the trail",
       [](auto& trail, auto&) {
         find(trail, "correct", "")->record.data = R"({"claim_amount":"8690.00"})";
       },
       "after seq 3 (correct): data field claim_amount is 8690.00, stored 8680.50"},
      {"the correction left out of the trail",
       [](auto& trail, auto&) {
         trail.erase(find(trail, "correct", ""));
         renumber(trail);
       },
       "after seq 2 (timer_start acceptance_decision): data field claim_amount is 8600.00, stored "
       "8680.50"},
      {"the correction's reason removed",
       [](auto& trail, auto&) { find(trail, "correct", "")->record.comment.clear(); },
       "seq 3 (correct): refused on replay: a correction needs a comment saying why the value was "
       "wrong"},
  };
  expect_first_differences(h, cases);
}

}  // namespace
}  // namespace wageflow
