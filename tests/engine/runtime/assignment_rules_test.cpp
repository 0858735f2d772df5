// A value a `set:` computes obeys its field's rules as a typed one does: an
// amount never below zero, min/max, enum values, pattern. Fired by a clerk
// the event is refused, naming the set:; fired by an expiry the event does
// not happen and the refusal is recorded.
#include <gtest/gtest.h>

#include "engine/runtime/decide.h"

namespace wageflow {
namespace {

constexpr const char* kWorkflow = R"yaml(
workflow: set-rules
version: 1
title: {zh: 测试}
calendar: cn-mainland
roles: [clerk, director]
fields:
  claim_amount: {type: money, required: true}
  months: {type: int, required: true}
  note: {type: string}
  outcome: {type: enum, values: [调解, 裁决]}
  remaining: {type: money}
  workers: {type: int, min: 1, max: 100}
  phone: {type: string, pattern: '^1[3-9][0-9]{9}$', hint: {zh: 11位手机号码}}
states:
  intake: {initial: true}
  waiting: {}
  done: {final: true}
transitions:
  - event: deduct
    from: intake
    to: done
    roles: [clerk]
    set:
      remaining: claim_amount - 100
  - event: count_months
    from: intake
    to: done
    roles: [clerk]
    set:
      workers: months - 12
  - event: copy_note
    from: intake
    to: done
    roles: [clerk]
    set:
      outcome: note
  - event: note_phone
    from: intake
    to: done
    roles: [clerk]
    set:
      phone: note
  - event: flat_fee
    from: intake
    to: done
    roles: [clerk]
    set:
      remaining: 12
  - event: wait
    from: intake
    to: waiting
    roles: [clerk]
  - event: lapse
    from: waiting
    to: done
    roles: [director]
    set:
      remaining: claim_amount - 100
timers:
  waiting_period:
    duration: 5 days
    start: {enter: waiting}
    stop: {leave: waiting}
    expire: {fire: lapse}
    binding: false
)yaml";

Instant at(const char* text) {
  return *parse_instant(text, 8 * 60);
}

std::shared_ptr<const Definition> load() {
  LoadOptions options;
  options.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_text(kWorkflow, "set-rules.yaml", options, &diagnostics);
  for (const auto& d : diagnostics) ADD_FAILURE() << d.to_string();
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error());
  return loaded.ok() ? loaded.value() : nullptr;
}

CaseSnapshot opened(const Definition& d, const char* claim, const char* months, const char* note) {
  Command open{Command::Kind::kOpen,
               "alice",
               "clerk",
               "",
               {{"claim_amount", claim}, {"months", months}, {"note", note}},
               ""};
  Decision decision = decide(d, {}, open, at("2025-03-03T09:00:00+08:00"));
  EXPECT_TRUE(std::holds_alternative<Outcome>(decision)) << std::get<Refusal>(decision).message;
  CaseSnapshot c = std::get<Outcome>(decision).next;
  c.id = "2025-000001";
  return c;
}

TEST(SetRules, AComputedValueThatBreaksItsFieldsRulesRefusesTheEvent) {
  const auto d = load();
  ASSERT_TRUE(d);
  const struct {
    const char* event;
    const char* claim;
    const char* months;
    const char* note;
    const char* refusal;  // "" when the event fires
  } cases[] = {
      {"deduct", "50", "1", "", "gives remaining '-50.00', which is below zero"},
      {"deduct", "150", "1", "", ""},
      {"count_months", "8600", "12", "", "'0', which is below the least allowed, 1"},
      {"count_months", "8600", "200", "", "'188', which is above the most allowed, 100"},
      {"count_months", "8600", "13", "", ""},
      {"copy_note", "8600", "1", "北京", "'北京', which is not one of: 调解, 裁决"},
      {"copy_note", "8600", "1", "调解", ""},
      {"note_phone", "8600", "1", "12345", "'12345', which is not 11位手机号码"},
      {"note_phone", "8600", "1", "13812345678", ""},
  };
  for (const auto& c : cases) {
    const CaseSnapshot before = opened(*d, c.claim, c.months, c.note);
    Decision decision =
        decide(*d, before, {Command::Kind::kFire, "alice", "clerk", c.event, {}, ""},
               at("2025-03-04T09:00:00+08:00"));
    const std::string input = std::string(c.event) + " claim " + c.claim + " months " + c.months +
                              " note '" + c.note + "'";
    if (*c.refusal == '\0') {
      EXPECT_TRUE(std::holds_alternative<Outcome>(decision))
          << input << ": " << std::get<Refusal>(decision).message;
      continue;
    }
    ASSERT_TRUE(std::holds_alternative<Refusal>(decision)) << input;
    const Refusal& refusal = std::get<Refusal>(decision);
    EXPECT_EQ(refusal.kind, Refusal::Kind::kEvaluationError) << input;
    EXPECT_NE(refusal.message.find(c.refusal), std::string::npos)
        << input << ": " << refusal.message;
    EXPECT_NE(refusal.message.find("needs correcting"), std::string::npos) << refusal.message;
  }
}

TEST(SetRules, AnExpiryWhoseSetBreaksTheRulesDoesNotMoveTheCase) {
  const auto d = load();
  ASSERT_TRUE(d);
  for (const char* claim : {"50", "150"}) {
    const CaseSnapshot before = opened(*d, claim, "1", "");
    Decision waited = decide(*d, before, {Command::Kind::kFire, "alice", "clerk", "wait", {}, ""},
                             at("2025-03-04T09:00:00+08:00"));
    ASSERT_TRUE(std::holds_alternative<Outcome>(waited)) << std::get<Refusal>(waited).message;
    const CaseSnapshot waiting = std::get<Outcome>(waited).next;
    Decision ticked = decide(*d, waiting, {Command::Kind::kTick, "system", "system", "", {}, ""},
                             at("2025-03-12T09:00:00+08:00"));
    ASSERT_TRUE(std::holds_alternative<Outcome>(ticked)) << claim;
    const CaseSnapshot after = std::get<Outcome>(ticked).next;
    const bool valid = std::string(claim) == "150";
    EXPECT_EQ(after.state, *d->state_id(valid ? "done" : "waiting")) << "claim " << claim;
  }
}

// An int assigned to a money field is that many yuan, stored as money: the
// case shows 12.00, as a typed 12 would be.
TEST(SetRules, AnIntSetIntoAMoneyFieldIsStoredAsYuan) {
  const auto d = load();
  ASSERT_TRUE(d);
  Decision fired = decide(*d, opened(*d, "50", "1", ""),
                          {Command::Kind::kFire, "alice", "clerk", "flat_fee", {}, ""},
                          at("2025-03-04T09:00:00+08:00"));
  ASSERT_TRUE(std::holds_alternative<Outcome>(fired)) << std::get<Refusal>(fired).message;
  const Outcome& outcome = std::get<Outcome>(fired);
  EXPECT_EQ(outcome.next.data[*d->field_id("remaining")], Value(Money{1200}));
  EXPECT_NE(outcome.records.back().data.find("\"remaining\":\"12.00\""), std::string::npos)
      << outcome.records.back().data;
}

}  // namespace
}  // namespace wageflow
