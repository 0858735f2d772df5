// Command::Kind::kRecompute: a due date counted while its year was not in
// the calendar (provisional) is counted again once the year is listed:
// later across a holiday, earlier onto a make-up working day (调休上班), the
// same date confirmed; nothing changes while the year is still missing.
// A trail with such a recount replays.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "engine/runtime/codec.h"
#include "engine/runtime/decide.h"
#include "engine/runtime/replay.h"
#include "engine/runtime/timer_course.h"

namespace wageflow {
namespace {

namespace fs = std::filesystem;

constexpr int kChina = 8 * 60;
constexpr const char* kCaseId = "2026-000001";

Instant at(const char* text) {
  return *parse_instant(text, kChina);
}

// 2027 as these tests need it, INVENTED for them (the State Council's notice
// for 2027 was not at hand): New Year's Day, a Spring Festival week, and a
// make-up working day on Saturday 2027-02-20. Never copy it into
// workflows/calendars.
constexpr const char* kInvented2027 =
    "  2027:\n"
    "    holidays:\n"
    "      - '2027-01-01'\n"
    "      - '2027-02-06..2027-02-12'\n"
    "    workdays:\n"
    "      - '2027-02-20'\n";

// kInvented2027 as an administrator might first type it: New Year's Day
// left out.
constexpr const char* kInvented2027WithoutNewYear =
    "  2027:\n"
    "    holidays:\n"
    "      - '2027-02-06..2027-02-12'\n"
    "    workdays:\n"
    "      - '2027-02-20'\n";

// The shipped fast-track workflow three times: on the shipped calendar (no
// 2027), on a copy of it with kInvented2027 added, and on one with
// kInvented2027WithoutNewYear.
class Definitions {
 public:
  Definitions() {
    static int counter = 0;
    folder_ = fs::temp_directory_path() / ("wageflow-recompute-" + std::to_string(::getpid()) +
                                           "-" + std::to_string(counter++));
    const std::string shipped_calendars = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
    std::ifstream in(shipped_calendars + "/cn-mainland.yaml");
    std::ostringstream text;
    text << in.rdbuf();
    fs::create_directories(folder_ / "right");
    fs::create_directories(folder_ / "mistyped");
    std::ofstream(folder_ / "right" / "cn-mainland.yaml") << text.str() << kInvented2027;
    std::ofstream(folder_ / "mistyped" / "cn-mainland.yaml")
        << text.str() << kInvented2027WithoutNewYear;
    shipped = load(shipped_calendars);
    with_2027 = load((folder_ / "right").string());
    with_2027_mistyped = load((folder_ / "mistyped").string());
    ordinary_shipped = load(shipped_calendars, "wage-arbitration");
    ordinary_with_2027 = load((folder_ / "right").string(), "wage-arbitration");
  }
  ~Definitions() {
    std::error_code ec;
    fs::remove_all(folder_, ec);
  }

  std::shared_ptr<const Definition> shipped;
  std::shared_ptr<const Definition> with_2027;
  std::shared_ptr<const Definition> with_2027_mistyped;
  // The ordinary procedure, whose answer period fires an event on expiry.
  std::shared_ptr<const Definition> ordinary_shipped;
  std::shared_ptr<const Definition> ordinary_with_2027;

 private:
  static std::shared_ptr<const Definition> load(
      const std::string& calendars, const std::string& workflow = "wage-arbitration-fasttrack") {
    LoadOptions options;
    options.calendars_dir = calendars;
    std::vector<Diagnostic> diagnostics;
    auto loaded =
        load_definition_file(std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/" + workflow + ".yaml",
                             options, &diagnostics);
    EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error());
    return loaded.ok() ? loaded.value() : nullptr;
  }

  fs::path folder_;
};

using Sets = std::vector<std::pair<std::string, std::string>>;

const Sets kCase = {{"worker_name", "张三丰"},
                    {"worker_id_no", "22011819900101123X"},
                    {"employer", "长春宏达建筑工程有限公司"},
                    {"region", "长春市"},
                    {"claim_amount", "8600"}};

// A case driven through decide() as CaseService drives it, each command on
// the definition given (the calendar as it was at that moment).
class Case {
 public:
  Case& run(const Definition& d, const Command& command, const char* when) {
    Decision decision = decide(d, snapshot_, command, at(when));
    if (auto* refusal = std::get_if<Refusal>(&decision)) {
      ADD_FAILURE() << "at " << when << ": " << refusal->message;
      return *this;
    }
    Outcome& outcome = std::get<Outcome>(decision);
    last_records_ = outcome.records;
    last_decided_otherwise_.clear();
    for (const SuspensionDecidedOtherwise& decided : outcome.decided_otherwise) {
      last_decided_otherwise_.push_back(d.timers[decided.timer].name + ": " + describe(decided));
    }
    if (outcome.records.empty()) return *this;
    snapshot_ = outcome.next;
    snapshot_.id = kCaseId;
    for (auto& record : outcome.records) {
      trail_.push_back(StoredAuditRecord{kCaseId, static_cast<std::int64_t>(trail_.size()) + 1,
                                         std::move(record), "", ""});
    }
    return *this;
  }
  Case& open(const Definition& d, const char* when) {
    return run(d, {Command::Kind::kOpen, "李明", "intake_clerk", "", kCase, ""}, when);
  }
  Case& fire(const Definition& d, const std::string& event, const std::string& role,
             const char* when, Sets sets = {}) {
    return run(d, {Command::Kind::kFire, "李明", role, event, std::move(sets), ""}, when);
  }
  Case& tick(const Definition& d, const char* when) {
    return run(d, {Command::Kind::kTick, "system", "system", "", {}, ""}, when);
  }
  Case& suspend(const Definition& d, const char* when) {
    return run(d, {Command::Kind::kSuspend, "钱仲裁", "arbitrator", "", {}, "等待工资表"}, when);
  }
  Case& resume(const Definition& d, const char* when) {
    return run(d, {Command::Kind::kResume, "钱仲裁", "arbitrator", "", {}, ""}, when);
  }
  // Each timer with its course read from the trail, as CaseService does.
  Case& recompute(const Definition& d, const std::vector<std::string>& timers, const char* when) {
    Command command{Command::Kind::kRecompute, "system", "system", "", {}, ""};
    for (const std::string& name : timers) {
      auto course = timer_course(trail_, trail_.size(), name);
      TimerCourse* steps = std::get_if<TimerCourse>(&course);
      EXPECT_NE(steps, nullptr) << name << ": " << std::get<std::string>(course);
      command.timers.push_back({name, steps ? *steps : TimerCourse{}});
    }
    return run(d, command, when);
  }

  const TimerState& timer(const Definition& d, const std::string& name) const {
    return *snapshot_.timer(*d.timer_id(name));
  }
  const std::vector<AuditRecord>& last_records() const { return last_records_; }
  // "TIMER: " + describe() of each suspension the last command decided
  // otherwise (Outcome::decided_otherwise).
  const std::vector<std::string>& last_decided_otherwise() const { return last_decided_otherwise_; }
  CaseRecord stored(const Definition& d) const { return to_record(d, snapshot_, "sha"); }
  const CaseSnapshot& stored_snapshot() const { return snapshot_; }
  const std::vector<StoredAuditRecord>& trail() const { return trail_; }

 private:
  CaseSnapshot snapshot_;
  std::vector<StoredAuditRecord> trail_;
  std::vector<AuditRecord> last_records_;
  std::vector<std::string> last_decided_otherwise_;
};

std::string due_of(const TimerState& timer) {
  return (timer.due_date ? timer.due_date->to_string() : "none") +
         (timer.provisional ? " provisional" : "") + " " + timer_status_name(timer.status);
}

// "KIND EVENT" of each record.
std::vector<std::string> kinds_of(const std::vector<AuditRecord>& records) {
  std::vector<std::string> kinds;
  for (const AuditRecord& r : records) kinds.push_back(r.kind + " " + r.event);
  return kinds;
}

// A case of the ordinary procedure opened, accepted, and the application's
// copy served (its answer_period starts), on `w`.
Case& serve_ordinary_case(const Definition& w, Case& c, const char* opened, const char* accepted,
                          const char* served) {
  const Sets parties = {{"worker_name", "张三丰"},
                        {"employer", "长春宏达建筑工程有限公司"},
                        {"region", "长春市"},
                        {"claim_amount", "8600"}};
  return c.run(w, {Command::Kind::kOpen, "李明", "intake_clerk", "", parties, ""}, opened)
      .fire(w, "accept", "intake_clerk", accepted)
      .fire(w, "serve_copy", "tribunal_clerk", served, {{"arbitrator_name", "钱仲裁"}});
}

// The due date the last `escalate` record of `trail` names, or "".
std::string last_escalated_due(const std::vector<StoredAuditRecord>& trail) {
  std::string due;
  for (const StoredAuditRecord& stored : trail) {
    if (stored.record.kind != "escalate") continue;
    const std::size_t at = stored.record.data.find("\"due\":\"");
    if (at != std::string::npos) due = stored.record.data.substr(at + 7, 10);
  }
  return due;
}

// Each row: a timer counted on the shipped calendar, then again with 2027.
struct Row {
  const char* name;
  std::function<void(const Definition&, Case&)> history;  // the commands, on a calendar
  const char* timer;
  const char* counted_then;  // due_of() on the shipped calendar
  const char* counted_now;   // due_of() after the recount
};

TEST(Recompute, ProvisionalDueDatesAreCountedAgainOnTheYearNowListed) {
  Definitions d;
  ASSERT_TRUE(d.shipped && d.with_2027);
  const std::vector<Row> rows = {
      // 5 working days after Mon 2026-12-28: 12-29, 12-30, 12-31, 01-01
      // (judged a working day), 01-04; with 01-01 a holiday, 01-05.
      {"later: New Year's Day is a holiday",
       [](const Definition& w, Case& c) { c.open(w, "2026-12-28T09:00:00+08:00"); },
       "acceptance_decision", "2027-01-04 provisional running", "2027-01-05 running"},
      // 30 days after Thu 2027-01-21 is Sat 02-20, judged a rest day and
      // rolled to Mon 02-22; it is a make-up working day: due that Saturday.
      {"earlier: a make-up working day",
       [](const Definition& w, Case& c) {
         c.open(w, "2027-01-18T09:00:00+08:00")
             .fire(w, "accept", "intake_clerk", "2027-01-21T10:00:00+08:00");
       },
       "closure_target", "2027-02-22 provisional running", "2027-02-20 running"},
      // 45 days after 01-21 is Sun 03-07 -> Mon 03-08, the same either way,
      // then extended by 15 days: 03-23. Confirmed, no longer provisional.
      {"the same date confirmed, extension counted",
       [](const Definition& w, Case& c) {
         c.open(w, "2027-01-18T09:00:00+08:00")
             .fire(w, "accept", "intake_clerk", "2027-01-21T10:00:00+08:00")
             .fire(w, "extend_award_limit", "director", "2027-01-25T10:00:00+08:00");
       },
       "award_limit", "2027-03-23 provisional running", "2027-03-23 running"},
      // Overdue on the provisional date (01-04 passed), due on 01-05 in
      // truth: counting again makes it run again.
      {"an overdue timer whose true date is still ahead runs again",
       [](const Definition& w, Case& c) {
         c.open(w, "2026-12-28T09:00:00+08:00").tick(w, "2027-01-05T08:00:00+08:00");
       },
       "acceptance_decision", "2027-01-04 provisional overdue", "2027-01-05 running"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    Case c;
    row.history(*d.shipped, c);
    EXPECT_EQ(due_of(c.timer(*d.shipped, row.timer)), row.counted_then);
    // Counted again after the case's last command: a recount dated before
    // it is refused.
    const bool later = c.stored_snapshot().updated_at > at("2027-01-05T09:00:00+08:00");
    const char* first = later ? "2027-01-26T09:00:00+08:00" : "2027-01-05T09:00:00+08:00";
    const char* again = later ? "2027-01-26T10:00:00+08:00" : "2027-01-05T10:00:00+08:00";

    c.recompute(*d.shipped, {row.timer}, first);
    EXPECT_TRUE(c.last_records().empty()) << "2027 is still missing: nothing to count again";

    c.recompute(*d.with_2027, {row.timer}, first);
    EXPECT_EQ(due_of(c.timer(*d.with_2027, row.timer)), row.counted_now);
    ASSERT_EQ(c.last_records().size(), 1u);
    const AuditRecord& recount = c.last_records().front();
    EXPECT_EQ(recount.kind, "timer_recompute");
    EXPECT_EQ(recount.event, row.timer);
    EXPECT_EQ(recount.actor, "system");
    EXPECT_NE(recount.data.find(std::string("was due ") + std::string(row.counted_then, 10) +
                                " (provisional)"),
              std::string::npos)
        << recount.data;
    EXPECT_EQ(recount.data.find("not listed"), std::string::npos) << recount.data;

    c.recompute(*d.with_2027, {row.timer}, again);
    EXPECT_TRUE(c.last_records().empty()) << "counted once";

    ReplayResult replayed = replay_case(*d.with_2027, c.stored(*d.with_2027), c.trail());
    EXPECT_TRUE(replayed.ok) << replayed.difference;
  }
}

// The answer period (10 working days, `expire: {fire: answer_period_lapsed}`)
// served on Mon 2026-12-28 is counted on weekends only into 2027: due Mon
// 01-11, provisional, where New Year's Day makes it 01-12. Its lapse is held
// on the provisional date, so the respondent's period is never cut short;
// the recount fires it when the confirmed date has passed, or lets it run
// to a later one.
TEST(Recompute, AnExpiryThatFiresAnEventWaitsForAProvisionalDueDateToBeConfirmed) {
  Definitions d;
  ASSERT_TRUE(d.ordinary_shipped && d.ordinary_with_2027);
  const Definition& before = *d.ordinary_shipped;
  const Definition& after = *d.ordinary_with_2027;
  auto served = [&]() {
    Case c;
    serve_ordinary_case(before, c, "2026-12-21T09:00:00+08:00", "2026-12-22T09:00:00+08:00",
                        "2026-12-28T09:00:00+08:00");
    EXPECT_EQ(due_of(c.timer(before, "answer_period")), "2027-01-11 provisional running");
    // The provisional due date passes: the lapse is held, the case waits.
    c.tick(before, "2027-01-12T08:00:00+08:00");
    EXPECT_EQ(due_of(c.timer(before, "answer_period")), "2027-01-11 provisional overdue");
    EXPECT_EQ(before.states[c.stored_snapshot().state].name, "answer_period");
    EXPECT_EQ(c.last_records().size(), 1u);
    EXPECT_EQ(c.last_records().front().kind, "timer_overdue");
    EXPECT_NE(c.last_records().front().data.find("answer_period_lapsed is not fired until the "
                                                 "year is listed"),
              std::string::npos)
        << c.last_records().front().data;
    return c;
  };

  // Recounted before the confirmed date: it runs again, and lapses then.
  Case early = served();
  early.recompute(after, {"answer_period"}, "2027-01-12T09:00:00+08:00");
  EXPECT_EQ(due_of(early.timer(after, "answer_period")), "2027-01-12 running");
  EXPECT_EQ(after.states[early.stored_snapshot().state].name, "answer_period");
  early.tick(after, "2027-01-13T00:00:00+08:00");
  EXPECT_EQ(due_of(early.timer(after, "answer_period")), "2027-01-12 expired");
  EXPECT_EQ(after.states[early.stored_snapshot().state].name, "pre_hearing");
  ReplayResult early_replayed = replay_case(after, early.stored(after), early.trail());
  EXPECT_TRUE(early_replayed.ok) << early_replayed.difference;

  // Recounted after it: the lapse fires with the recount.
  Case late = served();
  late.recompute(after, {"answer_period"}, "2027-01-14T09:00:00+08:00");
  EXPECT_EQ(kinds_of(late.last_records()),
            (std::vector<std::string>{"timer_recompute answer_period", "timer_expire answer_period",
                                      "fire answer_period_lapsed"}));
  EXPECT_EQ(after.states[late.stored_snapshot().state].name, "pre_hearing");
  ReplayResult late_replayed = replay_case(after, late.stored(after), late.trail());
  EXPECT_TRUE(late_replayed.ok) << late_replayed.difference;
}

// The answer period's lapse (`expire: {fire: answer_period_lapsed}`) found
// by a recount to have fallen due while its case was suspended cannot fire
// there: the timer is recorded overdue with the event held, and the resume
// fires it as the system. On the calendar as it is now the lapse fired
// before the suspension (the oracle: the same commands on that calendar);
// the case ends in the same state with the same due dates.
TEST(Recompute, AnExpiryEventHeldInASuspendedCaseFiresWhenItIsResumed) {
  Definitions d;
  ASSERT_TRUE(d.ordinary_shipped && d.ordinary_with_2027);
  const Definition& before = *d.ordinary_shipped;
  const Definition& after = *d.ordinary_with_2027;
  struct HeldRow {
    const char* name;
    const char* opened;
    const char* accepted;
    const char* served;
    const char* ticked;  // a tick before the suspension, or nullptr
    const char* suspended;
    const char* recounted;
    const char* resumed;
    const char* counted_then;          // answer_period before the recount
    std::vector<std::string> recount;  // the recount's records
    const char* waiting;               // answer_period after it
  };
  const std::vector<HeldRow> rows = {
      // Served Mon 2026-12-28: due Mon 01-11 on weekends only, Tue 01-12
      // with New Year's Day; held overdue on 01-12, suspended 01-13.
      {"held on a provisional date that moved",
       "2026-12-21T09:00:00+08:00",
       "2026-12-22T09:00:00+08:00",
       "2026-12-28T09:00:00+08:00",
       "2027-01-12T08:00:00+08:00",
       "2027-01-13T10:00:00+08:00",
       "2027-01-14T09:00:00+08:00",
       "2027-01-15T10:00:00+08:00",
       "2027-01-11 provisional overdue",
       {"timer_recompute answer_period", "timer_overdue answer_period"},
       "2027-01-12 overdue"},
      // Served Mon 2027-01-18: due Mon 02-01 either way, confirmed.
      {"held on a provisional date confirmed",
       "2027-01-11T09:00:00+08:00",
       "2027-01-12T09:00:00+08:00",
       "2027-01-18T09:00:00+08:00",
       "2027-02-02T08:00:00+08:00",
       "2027-02-02T10:00:00+08:00",
       "2027-02-03T09:00:00+08:00",
       "2027-02-04T10:00:00+08:00",
       "2027-02-01 provisional overdue",
       {"timer_recompute answer_period"},
       "2027-02-01 overdue"},
      // Served Fri 2027-02-12: due Fri 02-26 on weekends only, Thu 02-25
      // with the make-up working day Sat 02-20. Suspended 02-26, it seemed
      // to count (paused) but had lapsed.
      {"paused on a provisional date, lapsed in truth",
       "2027-02-01T09:00:00+08:00",
       "2027-02-02T09:00:00+08:00",
       "2027-02-12T09:00:00+08:00",
       nullptr,
       "2027-02-26T10:00:00+08:00",
       "2027-02-27T09:00:00+08:00",
       "2027-03-01T10:00:00+08:00",
       "2027-02-26 provisional paused",
       {"timer_recompute answer_period", "timer_overdue answer_period"},
       "2027-02-25 overdue"},
  };
  auto history = [&](const HeldRow& row, const Definition& w, Case& c) {
    serve_ordinary_case(w, c, row.opened, row.accepted, row.served);
    if (row.ticked) c.tick(w, row.ticked);
    c.suspend(w, row.suspended);
  };
  for (const HeldRow& row : rows) {
    SCOPED_TRACE(row.name);
    Case c;
    history(row, before, c);
    EXPECT_EQ(due_of(c.timer(before, "answer_period")), row.counted_then);

    c.recompute(after, {"answer_period"}, row.recounted);
    EXPECT_EQ(kinds_of(c.last_records()), row.recount);
    const TimerState& waiting = c.timer(after, "answer_period");
    EXPECT_EQ(due_of(waiting), row.waiting);
    auto held = held_expiry(after, c.stored_snapshot().status, waiting);
    ASSERT_TRUE(held.has_value());
    EXPECT_EQ(after.events[held->event], "answer_period_lapsed");
    EXPECT_EQ(held->until, HeldExpiry::Until::kResumed);
    const std::string why =
        "the case is suspended: answer_period_lapsed is not fired until it "
        "is resumed";
    EXPECT_NE(c.last_records().back().data.find(why), std::string::npos)
        << c.last_records().back().data;
    EXPECT_EQ(after.states[c.stored_snapshot().state].name, "answer_period");
    // Nothing more happens inside the suspension.
    c.tick(after, row.recounted);
    EXPECT_TRUE(c.last_records().empty());

    c.resume(after, row.resumed);
    std::vector<std::string> resumed = kinds_of(c.last_records());
    ASSERT_GE(resumed.size(), 3u);
    EXPECT_EQ(resumed.front(), "resume ");
    EXPECT_EQ(
        std::vector<std::string>(resumed.end() - 2, resumed.end()),
        (std::vector<std::string>{"timer_expire answer_period", "fire answer_period_lapsed"}));
    EXPECT_EQ(c.last_records().back().actor, "system");
    EXPECT_EQ(c.last_records().back().comment, "expiry of answer_period");
    EXPECT_EQ(due_of(c.timer(after, "answer_period")), std::string(row.waiting, 10) + " expired");

    Case truth;
    history(row, after, truth);
    truth.resume(after, row.resumed);
    EXPECT_EQ(after.states[c.stored_snapshot().state].name,
              after.states[truth.stored_snapshot().state].name);
    EXPECT_EQ(c.stored_snapshot().status, truth.stored_snapshot().status);
    // (Timers stopped before the suspension keep their provisional dates:
    // a recount leaves them alone.)
    for (const TimerState& expected : truth.stored_snapshot().timers) {
      if (expected.status == TimerStatus::kStopped) continue;
      const std::string& name = after.timers[expected.timer].name;
      EXPECT_EQ(due_of(c.timer(after, name)), due_of(expected)) << name;
    }

    ReplayResult replayed = replay_case(after, c.stored(after), c.trail());
    EXPECT_TRUE(replayed.ok) << replayed.difference;
  }
}

// Recorded before an expiry was held in a suspended case, the recount
// expired the timer and left the event unfired ("case is not active"): the
// trail still replays, as wageflow ran then.
TEST(Recompute, AnExpiryRefusedInASuspendedCaseBeforeItWasHeldReplays) {
  Definitions d;
  ASSERT_TRUE(d.ordinary_shipped && d.ordinary_with_2027);
  const Definition& before = *d.ordinary_shipped;
  auto then = std::make_shared<Definition>(*d.ordinary_with_2027);
  then->holds_expiry_while_suspended = false;
  Case c;
  serve_ordinary_case(before, c, "2026-12-21T09:00:00+08:00", "2026-12-22T09:00:00+08:00",
                      "2026-12-28T09:00:00+08:00")
      .tick(before, "2027-01-12T08:00:00+08:00")
      .suspend(before, "2027-01-13T10:00:00+08:00")
      .recompute(*then, {"answer_period"}, "2027-01-14T09:00:00+08:00");
  ASSERT_FALSE(c.last_records().empty());
  EXPECT_EQ(c.last_records().back().kind, "escalate");
  EXPECT_NE(c.last_records().back().data.find("case is not active; answer_period_lapsed not fired"),
            std::string::npos)
      << c.last_records().back().data;
  c.resume(*then, "2027-01-15T10:00:00+08:00");
  EXPECT_EQ(then->states[c.stored_snapshot().state].name, "answer_period");
  ReplayResult replayed =
      replay_case(*d.ordinary_with_2027, c.stored(*d.ordinary_with_2027), c.trail());
  EXPECT_TRUE(replayed.ok) << replayed.difference;
}

// A timer whose case was suspended and resumed: what was left on the day
// the suspension began is counted again from the day it ended, on the
// calendar as it is now. The oracle: the same commands run on that
// calendar from the start give the same due date and warning.
TEST(Recompute, ASuspendedTimerIsCountedAgainAsItsCommandsWouldCountItNow) {
  Definitions d;
  ASSERT_TRUE(d.shipped && d.with_2027);
  const std::vector<Row> rows = {
      // Opened Mon 2026-12-21 (due 12-28), suspended Tue 12-22 with 4 working
      // days left (23, 24, 25, 28), resumed Tue 12-29: 30, 31, 01-01
      // (judged a working day), 01-04; with 01-01 a holiday, 01-05.
      {"resumed: what was left counted again from the resume day",
       [](const Definition& w, Case& c) {
         c.open(w, "2026-12-21T09:00:00+08:00")
             .suspend(w, "2026-12-22T10:00:00+08:00")
             .resume(w, "2026-12-29T10:00:00+08:00");
       },
       "acceptance_decision", "2027-01-04 provisional running", "2027-01-05 running"},
      // Resumed Wed 12-23 with 4 left: 24, 25, 28, 29. Suspended again Thu
      // 12-24 with 3 left (25, 28, 29), resumed Tue 12-29: 30, 31, 01-01
      // judged a working day; with 2027 listed 30, 31, 01-04.
      {"suspended twice: each suspension counted in its turn",
       [](const Definition& w, Case& c) {
         c.open(w, "2026-12-21T09:00:00+08:00")
             .suspend(w, "2026-12-22T10:00:00+08:00")
             .resume(w, "2026-12-23T10:00:00+08:00")
             .suspend(w, "2026-12-24T10:00:00+08:00")
             .resume(w, "2026-12-29T10:00:00+08:00");
       },
       "acceptance_decision", "2027-01-01 provisional running", "2027-01-04 running"},
      // Suspended now: the due date as it stood when the suspension began.
      {"paused: the due date it will resume from",
       [](const Definition& w, Case& c) {
         c.open(w, "2026-12-28T09:00:00+08:00").suspend(w, "2026-12-29T10:00:00+08:00");
       },
       "acceptance_decision", "2027-01-04 provisional paused", "2027-01-05 paused"},
      // closure_target, 30 days after Thu 2027-01-21: Sat 02-20, judged a
      // rest day -> Mon 02-22 (with 2027: a make-up working day, 02-20).
      // Suspended Mon 01-25: 26 days left either way, counted to the day the
      // 30 days reached (02-20), not to the rolled 02-22 (docs/deadlines.md,
      // "Suspension"). Resumed Tue 02-02: + 26 = Sun 02-28 -> Mon 03-01.
      {"resumed after a roll over a make-up working day: the same, confirmed",
       [](const Definition& w, Case& c) {
         c.open(w, "2027-01-18T09:00:00+08:00")
             .fire(w, "accept", "intake_clerk", "2027-01-21T10:00:00+08:00")
             .suspend(w, "2027-01-25T10:00:00+08:00")
             .resume(w, "2027-02-02T10:00:00+08:00");
       },
       "closure_target", "2027-03-01 provisional running", "2027-03-01 running"},
      // award_limit, 45 days after 01-21: Sun 03-07 -> Mon 03-08; extended by
      // 15 days: Tue 03-23; suspended Mon 01-25 with 57 days left, resumed
      // Tue 02-02: 02-02 + 57 = Wed 03-31 the same either way, confirmed.
      // Then suspended again (paused now).
      {"extended, suspended, resumed, suspended again",
       [](const Definition& w, Case& c) {
         c.open(w, "2027-01-18T09:00:00+08:00")
             .fire(w, "accept", "intake_clerk", "2027-01-21T10:00:00+08:00")
             .fire(w, "extend_award_limit", "director", "2027-01-22T10:00:00+08:00")
             .suspend(w, "2027-01-25T10:00:00+08:00")
             .resume(w, "2027-02-02T10:00:00+08:00")
             .suspend(w, "2027-02-03T10:00:00+08:00");
       },
       "award_limit", "2027-03-31 provisional paused", "2027-03-31 paused"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    Case recounted;
    row.history(*d.shipped, recounted);
    EXPECT_EQ(due_of(recounted.timer(*d.shipped, row.timer)), row.counted_then);
    recounted.recompute(*d.with_2027, {row.timer}, "2027-02-04T09:00:00+08:00");
    const TimerState& after = recounted.timer(*d.with_2027, row.timer);
    EXPECT_EQ(due_of(after), row.counted_now);

    Case truth;
    row.history(*d.with_2027, truth);
    const TimerState& expected = truth.timer(*d.with_2027, row.timer);
    EXPECT_EQ(due_of(after), due_of(expected)) << "the commands counted on the new calendar";
    EXPECT_EQ(after.warn_at, expected.warn_at);
    EXPECT_EQ(after.explanation, expected.explanation);

    ReplayResult replayed =
        replay_case(*d.with_2027, recounted.stored(*d.with_2027), recounted.trail());
    EXPECT_TRUE(replayed.ok) << replayed.difference;
  }
}

// acceptance_decision of a case opened Wed 2027-02-03, counted on weekends
// only: 02-04, 05, 08, 09, 10, due Wed 02-10 (provisional). With the
// Spring Festival week (02-06..12) listed: 02-04, 05, 15, 16, 17. A case
// suspended on Thu 02-11 seemed overdue, so the suspension did not pause
// the timer; on the calendar as it is now it was still counting, with 3
// working days left (15, 16, 17). The recount pauses it there, as the
// suspension would have. The oracle: the same commands on the new calendar.
TEST(Recompute, ATimerOverdueWhenItsCaseWasSuspendedIsPausedThereIfStillCountingNow) {
  Definitions d;
  ASSERT_TRUE(d.shipped && d.with_2027);
  struct SuspensionRow {
    const char* name;
    std::function<void(const Definition&, Case&)> history;
    const char* recount_at;
    const char* counted_then;
    const char* counted_now;
    const char* decided_otherwise;  // "" when the recount decides it as the trail did
  };
  const std::vector<SuspensionRow> rows = {
      {"still suspended: paused from the suspension",
       [](const Definition& w, Case& c) {
         c.open(w, "2027-02-03T09:00:00+08:00").suspend(w, "2027-02-11T10:00:00+08:00");
       },
       "2027-02-15T09:00:00+08:00", "2027-02-10 provisional overdue", "2027-02-17 paused",
       "acceptance_decision: the suspension of 2027-02-11 pauses it (it was still counting then)"},
      // Resumed Mon 02-22 with the 3 days left: 23, 24, 25.
      {"resumed since: counted through the suspension",
       [](const Definition& w, Case& c) {
         c.open(w, "2027-02-03T09:00:00+08:00")
             .suspend(w, "2027-02-11T10:00:00+08:00")
             .resume(w, "2027-02-22T10:00:00+08:00");
       },
       "2027-02-23T09:00:00+08:00", "2027-02-10 provisional overdue", "2027-02-25 running",
       "acceptance_decision: the suspension of 2027-02-11 pauses it (it was still counting then)"},
      // The same, recounted only after the new due date 02-25 has passed
      // too (found by QA): the miss is recorded, and escalated, against
      // 02-25, not against the provisional 02-10.
      {"resumed since, recounted after the new due date",
       [](const Definition& w, Case& c) {
         c.open(w, "2027-02-03T09:00:00+08:00")
             .suspend(w, "2027-02-11T10:00:00+08:00")
             .resume(w, "2027-02-22T10:00:00+08:00");
       },
       "2027-03-02T09:00:00+08:00", "2027-02-10 provisional overdue", "2027-02-25 overdue",
       "acceptance_decision: the suspension of 2027-02-11 pauses it (it was still counting then)"},
      // Suspended Thu 02-18: overdue on either calendar, not paused.
      {"overdue at the suspension on the new calendar too",
       [](const Definition& w, Case& c) {
         c.open(w, "2027-02-03T09:00:00+08:00").suspend(w, "2027-02-18T10:00:00+08:00");
       },
       "2027-02-19T09:00:00+08:00", "2027-02-10 provisional overdue", "2027-02-17 overdue", ""},
      // The other way (found by QA): opened Thu 02-18, counted on weekends
      // only 02-19, 22, 23, 24, 25; with the make-up working day Sat 02-20,
      // 02-19, 20, 22, 23, 24. Suspended Thu 02-25, the timer seemed to
      // count (paused, nothing left) but was overdue: the suspension does
      // not pause it, and the missed deadline stays missed.
      {"paused at the suspension, overdue then on the new calendar",
       [](const Definition& w, Case& c) {
         c.open(w, "2027-02-18T09:00:00+08:00").suspend(w, "2027-02-25T10:00:00+08:00");
       },
       "2027-02-26T09:00:00+08:00", "2027-02-25 provisional paused", "2027-02-24 overdue",
       "acceptance_decision: the suspension of 2027-02-25 does not pause it (it was overdue then)"},
      // Resumed Mon 03-01 with nothing left: due that day (provisional).
      {"paused at the suspension, overdue then, resumed since",
       [](const Definition& w, Case& c) {
         c.open(w, "2027-02-18T09:00:00+08:00")
             .suspend(w, "2027-02-25T10:00:00+08:00")
             .resume(w, "2027-03-01T10:00:00+08:00");
       },
       "2027-03-01T11:00:00+08:00", "2027-03-01 provisional running", "2027-02-24 overdue",
       "acceptance_decision: the suspension of 2027-02-25 does not pause it (it was overdue then)"},
  };
  for (const SuspensionRow& row : rows) {
    SCOPED_TRACE(row.name);
    Case recounted;
    row.history(*d.shipped, recounted);
    EXPECT_EQ(due_of(recounted.timer(*d.shipped, "acceptance_decision")), row.counted_then);
    recounted.recompute(*d.with_2027, {"acceptance_decision"}, row.recount_at);
    const std::vector<std::string> no_decision;
    EXPECT_EQ(
        recounted.last_decided_otherwise(),
        *row.decided_otherwise ? std::vector<std::string>{row.decided_otherwise} : no_decision);
    // A due date the recount moves into the past is recorded overdue by
    // the next tick; the truth has recorded it already.
    recounted.tick(*d.with_2027, row.recount_at);
    const TimerState& after = recounted.timer(*d.with_2027, "acceptance_decision");
    EXPECT_EQ(due_of(after), row.counted_now);

    Case truth;
    row.history(*d.with_2027, truth);
    truth.tick(*d.with_2027, row.recount_at);
    const TimerState& expected = truth.timer(*d.with_2027, "acceptance_decision");
    EXPECT_EQ(due_of(after), due_of(expected)) << "the commands counted on the new calendar";
    EXPECT_EQ(after.warn_at, expected.warn_at);
    EXPECT_EQ(after.paused_at, expected.paused_at);
    EXPECT_EQ(after.explanation, expected.explanation);
    EXPECT_EQ(after.escalated, expected.escalated);
    // A miss the truth escalated is escalated against the same due date
    // (the provisional one's escalation stays on record before it).
    if (!last_escalated_due(truth.trail()).empty()) {
      EXPECT_EQ(last_escalated_due(recounted.trail()), last_escalated_due(truth.trail()));
    }

    ReplayResult replayed =
        replay_case(*d.with_2027, recounted.stored(*d.with_2027), recounted.trail());
    EXPECT_TRUE(replayed.ok) << replayed.difference;
    // Counted again: nothing left to change.
    recounted.recompute(*d.with_2027, {"acceptance_decision"}, row.recount_at);
    EXPECT_TRUE(recounted.last_records().empty()) << "a second recount";
  }
}

// Paused by a recount inside the suspension, the timer resumes with its
// case like any paused timer; a second recount finds nothing to change.
TEST(Recompute, ATimerPausedByARecountResumesWithItsCase) {
  Definitions d;
  ASSERT_TRUE(d.shipped && d.with_2027);
  Case c;
  c.open(*d.shipped, "2027-02-03T09:00:00+08:00")
      .suspend(*d.shipped, "2027-02-11T10:00:00+08:00")
      .recompute(*d.with_2027, {"acceptance_decision"}, "2027-02-15T09:00:00+08:00");
  ASSERT_EQ(c.last_records().size(), 1u);
  EXPECT_NE(c.last_records().front().data.find(
                "was due 2027-02-10 (provisional); the suspension of 2027-02-11 pauses it (it "
                "was still counting then)"),
            std::string::npos)
      << c.last_records().front().data;
  // A tick inside the suspension leaves the paused timer alone.
  c.tick(*d.with_2027, "2027-02-19T09:00:00+08:00");
  EXPECT_TRUE(c.last_records().empty());
  c.resume(*d.with_2027, "2027-02-22T10:00:00+08:00");
  EXPECT_EQ(due_of(c.timer(*d.with_2027, "acceptance_decision")), "2027-02-25 running");
  c.recompute(*d.with_2027, {"acceptance_decision"}, "2027-02-23T09:00:00+08:00");
  EXPECT_TRUE(c.last_records().empty()) << "counted the same way again";

  ReplayResult replayed = replay_case(*d.with_2027, c.stored(*d.with_2027), c.trail());
  EXPECT_TRUE(replayed.ok) << replayed.difference;
}

// The recount comes from the system, but a case's record still runs
// forward in time: dated before the case's last change (a clock set back),
// it is refused and nothing is written.
TEST(Recompute, ARecountDatedBeforeTheCasesLastChangeIsRefused) {
  Definitions d;
  ASSERT_TRUE(d.shipped && d.with_2027);
  Case c;
  c.open(*d.shipped, "2027-02-03T09:00:00+08:00");
  Command command{Command::Kind::kRecompute, "system", "system", "", {}, ""};
  command.timers = {{"acceptance_decision", {}}};
  Decision decision =
      decide(*d.with_2027, c.stored_snapshot(), command, at("2027-01-15T09:00:00+08:00"));
  ASSERT_TRUE(std::holds_alternative<Refusal>(decision));
  EXPECT_EQ(std::get<Refusal>(decision).kind, Refusal::Kind::kBeforeLastChange);
  EXPECT_EQ(
      std::get<Refusal>(decision).message,
      "this command is dated 2027-01-15T09:00:00+08:00, before the case's last change at "
      "2027-02-03T09:00:00+08:00; a case's record runs forward in time: check the date given and "
      "the computer's clock");
}

// A trail whose recount ran before recounts counted through such a
// suspension (the timer was set running inside the suspended case) still
// replays: replay tries it as wageflow ran then.
TEST(Recompute, ARecountRecordedBeforeItCountedThroughSuspensionsReplays) {
  Definitions d;
  ASSERT_TRUE(d.shipped && d.with_2027);
  auto then = std::make_shared<Definition>(*d.with_2027);
  then->recounts_through_suspensions = false;
  Case c;
  c.open(*d.shipped, "2027-02-03T09:00:00+08:00")
      .suspend(*d.shipped, "2027-02-11T10:00:00+08:00")
      .recompute(*then, {"acceptance_decision"}, "2027-02-15T09:00:00+08:00");
  EXPECT_EQ(due_of(c.timer(*then, "acceptance_decision")), "2027-02-17 running");
  ReplayResult replayed = replay_case(*d.with_2027, c.stored(*d.with_2027), c.trail());
  EXPECT_TRUE(replayed.ok) << replayed.difference;
}

TEST(Recompute, ATimerWhoseTrailDoesNotMatchItIsLeftAsItIs) {
  Definitions d;
  ASSERT_TRUE(d.shipped && d.with_2027);
  Case c;
  c.open(*d.shipped, "2026-12-21T09:00:00+08:00")
      .suspend(*d.shipped, "2026-12-22T10:00:00+08:00")
      .resume(*d.shipped, "2026-12-29T10:00:00+08:00");
  Command command{Command::Kind::kRecompute, "system", "system", "", {}, ""};
  // Paused and never resumed, but the timer runs.
  command.timers = {
      {"acceptance_decision", {{TimerCourseStep::Kind::kPause, at("2026-12-22T10:00:00+08:00")}}}};
  Decision decision = decide(*d.with_2027, c.stored_snapshot(), command, at("2026-12-30"));
  ASSERT_TRUE(std::holds_alternative<Outcome>(decision));
  EXPECT_TRUE(std::get<Outcome>(decision).records.empty());
}

TEST(Recompute, TheWarningFollowsTheNewDueDate) {
  Definitions d;
  ASSERT_TRUE(d.shipped && d.with_2027);
  Case c;
  c.open(*d.shipped, "2026-12-28T09:00:00+08:00");
  // 1 working day before the due date, at 00:00 (+08:00): 01-01 (judged a
  // working day), then 01-04.
  EXPECT_EQ(format_utc(*c.timer(*d.shipped, "acceptance_decision").warn_at),
            "2026-12-31T16:00:00Z");
  c.recompute(*d.with_2027, {"acceptance_decision"}, "2026-12-29T09:00:00+08:00");
  EXPECT_EQ(format_utc(*c.timer(*d.with_2027, "acceptance_decision").warn_at),
            "2027-01-03T16:00:00Z");
}

// A listed year entered wrongly (New Year's Day left out), then corrected:
// a due date counted on it, not provisional, is counted again on the
// corrected calendar, and one the mistake did not touch stays as it is.
TEST(Recompute, ADueDateCountedOnAListedYearEnteredWronglyIsCountedAgainOnceCorrected) {
  Definitions d;
  ASSERT_TRUE(d.with_2027 && d.with_2027_mistyped);
  // 5 working days after Mon 2026-12-28: 12-29, 12-30, 12-31, 01-01
  // (a working day on the mistyped calendar), 01-04; in truth 01-05.
  Case touched;
  touched.open(*d.with_2027_mistyped, "2026-12-28T09:00:00+08:00");
  ASSERT_EQ(due_of(touched.timer(*d.with_2027_mistyped, "acceptance_decision")),
            "2027-01-04 running");
  // 5 working days after Mon 2027-01-11: 01-18, the same on both.
  Case untouched;
  untouched.open(*d.with_2027_mistyped, "2027-01-11T09:00:00+08:00");

  touched.recompute(*d.with_2027, {"acceptance_decision"}, "2026-12-29T09:00:00+08:00");
  EXPECT_EQ(due_of(touched.timer(*d.with_2027, "acceptance_decision")), "2027-01-05 running");
  ASSERT_EQ(touched.last_records().size(), 1u);
  const AuditRecord& recount = touched.last_records().front();
  EXPECT_EQ(recount.kind, "timer_recompute");
  EXPECT_NE(recount.data.find("counted again on calendar cn-mainland as it is now: was due "
                              "2027-01-04\""),
            std::string::npos)
      << recount.data;

  untouched.recompute(*d.with_2027, {"acceptance_decision"}, "2027-01-12T09:00:00+08:00");
  EXPECT_TRUE(untouched.last_records().empty()) << "the same date on both calendars";
  EXPECT_EQ(due_of(untouched.timer(*d.with_2027, "acceptance_decision")), "2027-01-18 running");
}

TEST(Recompute, AnUnknownTimerIsRefusedAndATimerCountedTheSameIsLeftAlone) {
  Definitions d;
  ASSERT_TRUE(d.shipped && d.with_2027);
  Case c;
  c.open(*d.with_2027, "2026-12-28T09:00:00+08:00");
  const TimerState before = c.timer(*d.with_2027, "acceptance_decision");
  ASSERT_FALSE(before.provisional);
  c.recompute(*d.with_2027, {"acceptance_decision"}, "2026-12-29T09:00:00+08:00");
  EXPECT_TRUE(c.last_records().empty());

  Command command{Command::Kind::kRecompute, "system", "system", "", {}, ""};
  command.timers = {{"award_deadline", {}}};
  Decision decision = decide(*d.with_2027, CaseSnapshot{}, command, at("2026-12-29"));
  ASSERT_TRUE(std::holds_alternative<Refusal>(decision));
  EXPECT_EQ(std::get<Refusal>(decision).message,
            "no timer 'award_deadline' in workflow wage-arbitration-fasttrack; timers: "
            "acceptance_decision, closure_target, award_limit");
}

}  // namespace
}  // namespace wageflow
