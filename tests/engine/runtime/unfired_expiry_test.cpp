// An expiry's event takes the row `case fire` would: the first whose guard
// holds, not fired when that row's `requires:` or `set:` fails. When no
// row takes it, the `escalate` record says why (no row from the state,
// every guard false, a field `requires:` unset, a `set:` that fails, with
// no personal value) and that the case stays for staff to move; a trail
// recorded under the rule before still replays.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/runtime/codec.h"
#include "engine/runtime/decide.h"
#include "engine/runtime/decide_test_workflow.h"
#include "engine/runtime/replay.h"
#include "engine/runtime/unfired_expiries.h"

namespace wageflow {
namespace {

constexpr int kChina = 8 * 60;
constexpr const char* kCaseId = "2025-000001";

Instant at(const char* text) {
  return *parse_instant(text, kChina);
}

// The decide-test workflow with its `fail_mediation` row (the expiry event
// of mediation_window) replaced by `rows`. Warnings (validate names an
// expiry event with no row from its timer's state) are expected; an error
// fails the test.
std::shared_ptr<const Definition> with_fail_mediation_rows(const std::string& rows,
                                                           const std::string& more_timers = "") {
  std::string text = testing::kDecideTestWorkflow;
  const std::string row = "  - event: fail_mediation\n    from: mediation\n    to: accepted\n";
  const std::size_t found = text.find(row);
  EXPECT_NE(found, std::string::npos);
  if (found == std::string::npos) return nullptr;
  text.replace(found, row.size(), rows);
  text += more_timers;  // the workflow ends with its timers
  LoadOptions options;
  options.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_text(text, "decide-test.yaml", options, &diagnostics);
  std::string listing;
  for (const Diagnostic& diagnostic : diagnostics) listing += diagnostic.to_string() + "\n";
  EXPECT_TRUE(loaded.ok()) << listing;
  return loaded.ok() ? loaded.value() : nullptr;
}

// A case driven through decide(): opened Fri 2025-01-24, accepted Mon
// 01-27, mediation from Wed 02-05 (mediation_window due Tue 02-18); the
// tick of Wed 02-19 08:00 expires mediation_window.
struct Driven {
  CaseSnapshot snapshot;
  std::vector<StoredAuditRecord> trail;
  std::vector<AuditRecord> last;
  std::vector<ExpiryNotFired> not_fired;  // the last command's

  void run(const Definition& d, const Command& command, const char* when) {
    Decision decision = decide(d, snapshot, command, at(when));
    if (auto* refusal = std::get_if<Refusal>(&decision)) {
      ADD_FAILURE() << "at " << when << ": " << refusal->message;
      return;
    }
    Outcome& outcome = std::get<Outcome>(decision);
    last = outcome.records;
    not_fired = outcome.expiries_not_fired;
    if (outcome.records.empty()) return;
    snapshot = std::move(outcome.next);
    snapshot.id = kCaseId;
    for (AuditRecord& record : outcome.records) {
      trail.push_back(StoredAuditRecord{kCaseId, static_cast<std::int64_t>(trail.size()) + 1,
                                        std::move(record), "", ""});
    }
  }
};

// In mediation from Wed 2025-02-05 (mediation_window due Tue 02-18).
Driven in_mediation(const Definition& d,
                    std::vector<std::pair<std::string, std::string>> more = {}) {
  Driven c;
  std::vector<std::pair<std::string, std::string>> sets = {{"worker_name", "张三"},
                                                           {"claim_amount", "8600"}};
  for (auto& [name, value] : more) {
    auto same =
        std::find_if(sets.begin(), sets.end(), [&](const auto& s) { return s.first == name; });
    if (same != sets.end())
      same->second = value;
    else
      sets.emplace_back(name, value);
  }
  c.run(d, {Command::Kind::kOpen, "李明", "clerk", "", sets, ""}, "2025-01-24T09:00:00+08:00");
  c.run(d, {Command::Kind::kFire, "李明", "clerk", "accept", {{"region", "长春市"}}, ""},
        "2025-01-27T10:00:00+08:00");
  c.run(d, {Command::Kind::kFire, "赵敏", "mediator", "mediate", {}, ""},
        "2025-02-05T10:00:00+08:00");
  return c;
}

constexpr const char* kExpiryTick = "2025-02-19T08:00:00+08:00";

Driven mediation_window_expired(const Definition& d,
                                std::vector<std::pair<std::string, std::string>> more = {}) {
  Driven c = in_mediation(d, std::move(more));
  c.run(d, {Command::Kind::kTick, "system", "system", "", {}, ""}, kExpiryTick);
  return c;
}

std::string refused_of(const AuditRecord& record) {
  const std::string key = "\"refused\":\"";
  const std::size_t start = record.data.find(key);
  if (start == std::string::npos) return "(no refused in " + record.data + ")";
  const std::size_t from = start + key.size();
  return record.data.substr(from, record.data.find('"', from) - from);
}

TEST(UnfiredExpiry, TheEscalationSaysWhyNoRowTookTheEventAndThatTheCaseStays) {
  struct Row {
    const char* name;
    const char* rows;  // in place of `fail_mediation` from mediation to accepted
    const char* refused;
    std::vector<std::pair<std::string, std::string>> more = {};  // values set on opening
  };
  const std::string stays = "; the case stays in state mediation for staff to move on";
  const std::vector<Row> rows = {
      {"no row from the state", "  - event: fail_mediation\n    from: accepted\n    to: accepted\n",
       "event fail_mediation was not fired: the workflow has no row for it from state mediation"},
      {"a guard that is false",
       "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
       "    guard: claim_amount > 100000\n",
       "event fail_mediation was not fired from state mediation: the condition is not met: "
       "claim_amount > 100000"},
      {"every guard false",
       "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
       "    guard: claim_amount > 100000\n"
       "  - event: fail_mediation\n    from: mediation\n    to: awarded\n"
       "    guard: claim_amount < 100\n",
       "event fail_mediation was not fired from state mediation: the condition is not met: "
       "claim_amount > 100000, claim_amount < 100"},
      {"a required field unset",
       "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
       "    requires: [hearing_date]\n",
       "event fail_mediation was not fired from state mediation: it requires hearing_date to be "
       "set"},
      {"the row taken fails after a false guard",
       "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
       "    guard: claim_amount > 100000\n"
       "  - event: fail_mediation\n    from: mediation\n    to: awarded\n"
       "    requires: [hearing_date]\n",
       "event fail_mediation was not fired from state mediation: it requires hearing_date to be "
       "set"},
      // As `case fire` says: a field the row lacks is what a clerk can supply.
      {"a false guard's row lacking a field",
       "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
       "    guard: claim_amount > 100000\n    requires: [hearing_date]\n",
       "event fail_mediation was not fired from state mediation: it requires hearing_date to be "
       "set"},
      {"the second false guard's row lacks a field",
       "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
       "    guard: claim_amount > 100000\n    requires: [claim_amount]\n"
       "  - event: fail_mediation\n    from: mediation\n    to: awarded\n"
       "    guard: claim_amount < 100\n    requires: [hearing_date]\n",
       "event fail_mediation was not fired from state mediation: it requires hearing_date to be "
       "set"},
      {"a guard that cannot be evaluated",
       "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
       "    guard: claim_amount / months > 1\n"
       "  - event: fail_mediation\n    from: mediation\n    to: awarded\n",
       "event fail_mediation was not fired from state mediation: division by zero in "
       "'claim_amount / months' in guard claim_amount / months > 1",
       {{"months", "0"}}},
      // Found by QA: the expiry passed over a row whose `requires:` failed
      // to take the next, where `case fire` is refused.
      {"a later row is not taken when the first that holds fails",
       "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
       "    requires: [hearing_date]\n"
       "  - event: fail_mediation\n    from: mediation\n    to: awarded\n",
       "event fail_mediation was not fired from state mediation: it requires hearing_date to be "
       "set"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    auto d = with_fail_mediation_rows(row.rows);
    ASSERT_TRUE(d);
    // The oracle: `case fire` of the event at the same moment is refused,
    // for the same reason.
    Driven before = in_mediation(*d, row.more);
    Decision by_hand = decide(
        *d, before.snapshot, {Command::Kind::kFire, "钱仲裁", "director", "fail_mediation", {}, ""},
        at(kExpiryTick));
    ASSERT_TRUE(std::holds_alternative<Refusal>(by_hand)) << "case fire takes a row";
    const std::string refused = row.refused;
    const std::size_t reason_at = refused.find("mediation: ");
    if (reason_at != std::string::npos) {
      std::string reason = refused.substr(reason_at + std::string("mediation: ").size());
      if (reason.rfind("it ", 0) == 0) reason.erase(0, 3);
      const std::string& message = std::get<Refusal>(by_hand).message;
      EXPECT_EQ(message.substr(message.size() - std::min(message.size(), reason.size())), reason)
          << message;
    }

    Driven c = mediation_window_expired(*d, row.more);
    ASSERT_FALSE(c.last.empty());
    const AuditRecord& escalation = c.last.back();
    EXPECT_EQ(escalation.kind, "escalate");
    EXPECT_EQ(escalation.event, "mediation_window");
    EXPECT_EQ(refused_of(escalation), row.refused + stays);
    // What the tick reports (`timers tick` names the case) is the record's.
    ASSERT_EQ(c.not_fired.size(), 1u);
    EXPECT_EQ(c.not_fired[0].timer, *d->timer_id("mediation_window"));
    EXPECT_EQ(c.not_fired[0].refused, refused_of(escalation));
    EXPECT_EQ(d->states[c.snapshot.state].name, "mediation") << "the case stays";
    EXPECT_EQ(c.snapshot.timer(*d->timer_id("mediation_window"))->status, TimerStatus::kExpired);

    ReplayResult replayed = replay_case(*d, to_record(*d, c.snapshot, "sha"), c.trail);
    EXPECT_TRUE(replayed.ok) << replayed.difference;
  }
}

// The row every case takes: the expiry fires it, and nothing is reported.
TEST(UnfiredExpiry, AnExpiryEventFiredIsNotReportedAsNotFired) {
  auto d = with_fail_mediation_rows(
      "  - event: fail_mediation\n    from: mediation\n    to: accepted\n");
  ASSERT_TRUE(d);
  Driven c = mediation_window_expired(*d);
  EXPECT_EQ(d->states[c.snapshot.state].name, "accepted");
  EXPECT_TRUE(c.not_fired.empty()) << c.not_fired.front().refused;
}

// mediation_window's event is not fired, and mediation_wrapup, due the same
// day, fires one that moves the case on: the tick has no expiry not fired
// to report, though the first one's `escalate` record stays in the trail.
TEST(UnfiredExpiry, AnExpiryNotFiredThatALaterExpiryMovedOnIsNotReported) {
  auto d = with_fail_mediation_rows(
      "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
      "    guard: claim_amount > 100000\n"
      "  - event: wrap_up_mediation\n    from: mediation\n    to: accepted\n",
      "  mediation_wrapup:\n    duration: 10 working_days\n    start: {enter: mediation}\n"
      "    stop: {leave: mediation}\n    expire: {fire: wrap_up_mediation}\n    binding: false\n");
  ASSERT_TRUE(d);
  Driven c = mediation_window_expired(*d);
  std::string kinds;
  for (const AuditRecord& r : c.last) kinds += r.kind + " " + r.event + "; ";
  EXPECT_EQ(kinds,
            "timer_expire mediation_window; escalate mediation_window; timer_expire "
            "mediation_wrapup; fire wrap_up_mediation; ")
      << kinds;
  EXPECT_EQ(d->states[c.snapshot.state].name, "accepted");
  EXPECT_TRUE(c.not_fired.empty()) << c.not_fired.front().refused;
  EXPECT_TRUE(expiries_not_fired(c.trail).empty());
}

// A tick that catches up (no tick ran for weeks) fires mediation_wrapup's
// event on Fri 03-14; the timer that event starts counts from the tick's day,
// as it would had staff fired the event then (docs/deadlines.md, "A tick that
// catches up"). So a timer started in a command cannot fall due again in the
// same command, and one timer is never reported not fired twice by it.
TEST(UnfiredExpiry, ATimerAnExpiryStartsCountsFromTheTickThatFiredIt) {
  auto d = with_fail_mediation_rows(
      "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
      "    guard: claim_amount > 100000\n"
      "  - event: wrap_up_mediation\n    from: mediation\n    to: accepted\n",
      "  mediation_wrapup:\n    duration: 14 working_days\n    start: {enter: mediation}\n"
      "    stop: {leave: mediation}\n    expire: {fire: wrap_up_mediation}\n    binding: false\n"
      "  back_to_mediation:\n    duration: 1 working_days\n    start: {event: wrap_up_mediation}\n"
      "    stop: {leave: accepted}\n    expire: {fire: mediate}\n    binding: false\n");
  ASSERT_TRUE(d);
  Driven c = in_mediation(*d);
  c.run(*d, {Command::Kind::kTick, "system", "system", "", {}, ""}, "2025-03-14T08:00:00+08:00");
  std::string kinds;
  for (const AuditRecord& r : c.last) kinds += r.kind + " " + r.event + "; ";
  EXPECT_EQ(d->states[c.snapshot.state].name, "accepted") << kinds;
  const TimerState* back = c.snapshot.timer(*d->timer_id("back_to_mediation"));
  ASSERT_NE(back, nullptr) << kinds;
  EXPECT_EQ(back->started_at, at("2025-03-14T08:00:00+08:00"));
  EXPECT_EQ(back->due_date, Date::parse("2025-03-17")) << "1 working day after Fri 03-14";
  EXPECT_EQ(back->status, TimerStatus::kRunning);
  EXPECT_TRUE(c.not_fired.empty()) << "the case left mediation since";
  EXPECT_TRUE(expiries_not_fired(c.trail).empty());
}

// A suspension after the due date that no tick has recorded applies the
// expiry first: its event not fired is reported as a tick's would be.
TEST(UnfiredExpiry, ASuspensionsCatchUpReportsAnExpiryEventNotFired) {
  auto d = with_fail_mediation_rows(
      "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
      "    guard: claim_amount > 100000\n");
  ASSERT_TRUE(d);
  Driven c = in_mediation(*d);
  c.run(*d, {Command::Kind::kSuspend, "钱仲裁", "director", "", {}, "等待工资表"}, kExpiryTick);
  const auto escalation = std::find_if(c.last.begin(), c.last.end(),
                                       [](const AuditRecord& r) { return r.kind == "escalate"; });
  ASSERT_NE(escalation, c.last.end());
  ASSERT_EQ(c.not_fired.size(), 1u);
  EXPECT_EQ(c.not_fired[0].refused, refused_of(*escalation));
  EXPECT_EQ(c.snapshot.status, CaseStatus::kSuspended);
}

// A timer that runs through suspensions (`on_suspend: run`) with `expire:
// {fire: fail_mediation}`: due Tue 02-18 while the case is suspended (since
// Mon 02-10), the tick of 02-19 holds its event (overdue); the resume of Thu
// 02-20 fires it, as a tick would have. When the row's guard holds the case
// moves on; when it does not, the resume records why and reports it, as a
// tick does (docs/deadlines.md, "An expiry that fires an event waits for
// the resume in a suspended case").
TEST(UnfiredExpiry, AnExpiryHeldInASuspendedCaseIsFiredOrNamedOnTheResume) {
  struct Row {
    const char* name;
    const char* guard;  // on fail_mediation
    const char* state_after_resume;
    bool reported;
  };
  const std::string running_window =
      "  running_window:\n    duration: 10 working_days\n    start: {enter: mediation}\n"
      "    stop: {leave: mediation}\n    on_suspend: run\n    expire: {fire: fail_mediation}\n"
      "    binding: false\n";
  for (const Row& row : {Row{"the guard holds", "claim_amount < 100000", "accepted", false},
                         Row{"the guard is false", "claim_amount > 100000", "mediation", true}}) {
    SCOPED_TRACE(row.name);
    auto d = with_fail_mediation_rows(
        std::string("  - event: fail_mediation\n    from: mediation\n    to: accepted\n") +
            "    guard: " + row.guard + "\n",
        running_window);
    ASSERT_TRUE(d);
    Driven c = in_mediation(*d);
    c.run(*d, {Command::Kind::kSuspend, "钱仲裁", "director", "", {}, "等待工资表"},
          "2025-02-10T09:00:00+08:00");
    c.run(*d, {Command::Kind::kTick, "system", "system", "", {}, ""}, kExpiryTick);
    const TimerState* held = c.snapshot.timer(*d->timer_id("running_window"));
    ASSERT_NE(held, nullptr);
    EXPECT_EQ(held->status, TimerStatus::kOverdue) << "held, not fired, while suspended";
    EXPECT_TRUE(c.not_fired.empty());
    ASSERT_FALSE(c.last.empty());
    EXPECT_NE(c.last.back().data.find("the case is suspended: fail_mediation is not fired until "
                                      "it is resumed"),
              std::string::npos)
        << c.last.back().data;

    c.run(*d, {Command::Kind::kResume, "钱仲裁", "director", "", {}, ""},
          "2025-02-20T09:00:00+08:00");
    std::string kinds;
    for (const AuditRecord& r : c.last) kinds += r.kind + " " + r.event + "; ";
    EXPECT_NE(kinds.find("timer_expire running_window; "), std::string::npos) << kinds;
    EXPECT_EQ(d->states[c.snapshot.state].name, row.state_after_resume) << kinds;
    EXPECT_EQ(c.snapshot.status, CaseStatus::kActive);
    if (row.reported) {
      ASSERT_EQ(c.not_fired.size(), 1u) << kinds;
      EXPECT_EQ(c.not_fired[0].timer, *d->timer_id("running_window"));
      EXPECT_EQ(c.not_fired[0].refused,
                "event fail_mediation was not fired from state mediation: the condition is not "
                "met: claim_amount > 100000; the case stays in state mediation for staff to move "
                "on");
      EXPECT_EQ(expiries_not_fired(c.trail).count("running_window"), 1u);
    } else {
      EXPECT_TRUE(c.not_fired.empty()) << c.not_fired.front().refused;
      EXPECT_NE(kinds.find("fire fail_mediation; "), std::string::npos) << kinds;
    }
    ReplayResult replayed = replay_case(*d, to_record(*d, c.snapshot, "sha"), c.trail);
    EXPECT_TRUE(replayed.ok) << replayed.difference;
  }
}

// A `set:` that cannot be evaluated (months is 0) is named with its error.
TEST(UnfiredExpiry, AnAssignmentThatFailsIsNamedWithItsError) {
  auto d = with_fail_mediation_rows(
      "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
      "    set: {monthly_amount: claim_amount / months}\n");
  ASSERT_TRUE(d);
  Driven c = mediation_window_expired(*d, {{"months", "0"}});
  ASSERT_FALSE(c.last.empty());
  EXPECT_EQ(refused_of(c.last.back()),
            "event fail_mediation was not fired from state mediation: division by zero in "
            "'claim_amount / months' in set monthly_amount: claim_amount / months; the case "
            "stays in state mediation for staff to move on");
  EXPECT_EQ(d->states[c.snapshot.state].name, "mediation");
}

// Found by QA: a `set:` giving a value its field refuses quoted the value
// (a worker's name, a phone number) in the stored record, which `audit
// log` and the API show unmasked. `case fire`, whose refusal is not
// stored, still quotes it for the clerk.
TEST(UnfiredExpiry, AValueASetGivesIsNotQuotedInTheRecord) {
  auto d = with_fail_mediation_rows(
      "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
      "    set: {worker_id_no: worker_name}\n");
  ASSERT_TRUE(d);
  Driven c = mediation_window_expired(*d);
  ASSERT_FALSE(c.last.empty());
  const std::string refused = refused_of(c.last.back());
  EXPECT_EQ(refused.find("张三"), std::string::npos) << refused;
  EXPECT_NE(refused.find("set worker_id_no: worker_name gives worker_id_no a value, which is not "
                         "身份证号码"),
            std::string::npos)
      << refused;

  // A value of the ID's form whose date of birth (02-31) is not real: the
  // check's words would repeat it.
  Driven bad_date = mediation_window_expired(*d, {{"worker_name", "11010119900231001X"}});
  ASSERT_FALSE(bad_date.last.empty());
  const std::string check = refused_of(bad_date.last.back());
  EXPECT_EQ(check.find("19900231"), std::string::npos) << check;
  EXPECT_NE(check.find("gives worker_id_no a value, which does not pass its resident_id check"),
            std::string::npos)
      << check;

  Driven before = in_mediation(*d);
  Decision by_hand = decide(*d, before.snapshot,
                            {Command::Kind::kFire, "钱仲裁", "director", "fail_mediation", {}, ""},
                            at(kExpiryTick));
  ASSERT_TRUE(std::holds_alternative<Refusal>(by_hand));
  EXPECT_NE(std::get<Refusal>(by_hand).message.find("'张三'"), std::string::npos)
      << std::get<Refusal>(by_hand).message;
}

// `d` as wageflow ran it before the expiry chose its row as `case fire` does.
std::shared_ptr<const Definition> as_ran_before(const Definition& d) {
  auto then = std::make_shared<Definition>(d);
  then->expiry_chooses_row_as_fire = false;
  return then;
}

// Recorded before the expiry chose its row as `case fire` does, the record
// reads "event E cannot fire from state S", and a row whose `requires:`
// failed was passed over for the next: such trails replay, as wageflow ran
// then, and an edited reason is still a difference.
TEST(UnfiredExpiry, ATrailRecordedUnderTheRuleBeforeReplaysAsItRanThen) {
  auto current = with_fail_mediation_rows(
      "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
      "    guard: claim_amount > 100000\n");
  ASSERT_TRUE(current);
  Driven c = mediation_window_expired(*as_ran_before(*current));
  ASSERT_FALSE(c.last.empty());
  EXPECT_EQ(refused_of(c.last.back()), "event fail_mediation cannot fire from state mediation");

  const CaseRecord stored = to_record(*current, c.snapshot, "sha");
  ReplayResult replayed = replay_case(*current, stored, c.trail);
  EXPECT_TRUE(replayed.ok) << replayed.difference;

  std::vector<StoredAuditRecord> edited = c.trail;
  std::string& data = edited.back().record.data;
  data.replace(data.find("cannot fire"), std::string("cannot fire").size(), "could not fire");
  EXPECT_FALSE(replay_case(*current, stored, edited).ok) << "an edited reason";

  auto passing_over = with_fail_mediation_rows(
      "  - event: fail_mediation\n    from: mediation\n    to: accepted\n"
      "    requires: [hearing_date]\n"
      "  - event: fail_mediation\n    from: mediation\n    to: awarded\n");
  ASSERT_TRUE(passing_over);
  Driven awarded = mediation_window_expired(*as_ran_before(*passing_over));
  EXPECT_EQ(passing_over->states[awarded.snapshot.state].name, "awarded") << "the second row";
  ReplayResult passed =
      replay_case(*passing_over, to_record(*passing_over, awarded.snapshot, "sha"), awarded.trail);
  EXPECT_TRUE(passed.ok) << passed.difference;
}

}  // namespace
}  // namespace wageflow
