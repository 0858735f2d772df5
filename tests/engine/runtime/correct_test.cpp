// decide() for Command::Kind::kCorrect: what a correction refuses, and that
// it changes the named values and nothing else.
#include <gtest/gtest.h>

#include "engine/runtime/decide.h"
#include "engine/runtime/decide_test_workflow.h"

namespace wageflow {
namespace {

constexpr int kChina = 8 * 60;
using Sets = std::vector<std::pair<std::string, std::string>>;

Instant at(const char* text) {
  return *parse_instant(text, kChina);
}

class CorrectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    definition_ = testing::load_decide_test_workflow();
    ASSERT_TRUE(definition_);
  }

  const Definition& def() const { return *definition_; }

  CaseSnapshot run(const CaseSnapshot& c, Command command, const char* when) {
    command.actor = "alice";
    Decision d = decide(def(), c, command, at(when));
    if (auto* r = std::get_if<Refusal>(&d)) {
      ADD_FAILURE() << "refused: " << r->message;
      return c;
    }
    CaseSnapshot next = std::get<Outcome>(d).next;
    next.id = "2025-000001";
    return next;
  }

  // A case in `setup`: "intake", "accepted", "mediation", "suspended" or
  // "closed" (awarded: final_award true, monthly_amount 4300.00).
  CaseSnapshot case_in(const std::string& setup) {
    CaseSnapshot s =
        run({},
            {Command::Kind::kOpen,
             "",
             "clerk",
             "",
             {{"worker_name", "张三"}, {"claim_amount", "8600"}, {"worker_phone", "13812345678"}},
             ""},
            "2025-01-24T09:00:00+08:00");
    if (setup == "intake") return s;
    s = run(s, {Command::Kind::kFire, "", "clerk", "accept", {{"region", "长春市"}}, ""},
            "2025-01-27T10:00:00+08:00");
    if (setup == "suspended") {
      s = run(s, {Command::Kind::kSuspend, "", "director", "", {}, "鉴定中"},
              "2025-01-28T10:00:00+08:00");
    }
    if (setup == "mediation") {
      s = run(s, {Command::Kind::kFire, "", "clerk", "mediate", {}, ""},
              "2025-01-28T10:00:00+08:00");
    }
    if (setup == "closed") {
      s = run(s, {Command::Kind::kFire, "", "director", "award", {{"months", "2"}}, ""},
              "2025-01-28T10:00:00+08:00");
    }
    return s;
  }

  std::shared_ptr<const Definition> definition_;
};

Command correction(const std::string& role, Sets sets, const std::string& comment) {
  return Command{Command::Kind::kCorrect, "alice", role, "", std::move(sets), comment};
}

struct CorrectionRefusal {
  const char* name;
  const char* role;
  Sets sets;
  const char* comment;
  Refusal::Kind expected;
  const char* message_part;
};

TEST_F(CorrectTest, RefusesACorrectionThatIsNotOneWithAMessageAClerkCanActOn) {
  const std::vector<CorrectionRefusal> cases = {
      {"role not in lifecycle correct",
       "mediator",
       {{"worker_phone", "13987654321"}},
       "电话记错",
       Refusal::Kind::kRoleNotAllowed,
       "role mediator may not correct a case's data; allowed: clerk, director"},
      {"unknown role",
       "janitor",
       {{"worker_phone", "13987654321"}},
       "电话记错",
       Refusal::Kind::kUnknownRole,
       "role 'janitor' is not a role of workflow decide-test"},
      {"no values",
       "clerk",
       {},
       "电话记错",
       Refusal::Kind::kNothingToCorrect,
       "name the fields to correct and their right values"},
      {"no comment",
       "clerk",
       {{"worker_phone", "13987654321"}},
       "",
       Refusal::Kind::kCommentRequired,
       "a correction needs a comment saying why the value was wrong"},
      {"unknown field",
       "clerk",
       {{"worker_phnoe", "13987654321"}},
       "电话记错",
       Refusal::Kind::kUnknownField,
       "unknown field 'worker_phnoe'"},
      {"value of the wrong form",
       "clerk",
       {{"worker_phone", "0431-8888"}},
       "电话记错",
       Refusal::Kind::kBadValue,
       "is not 11位手机号码"},
      {"ID number failing its check",
       "clerk",
       {{"worker_id_no", "11010519491231003X"}},
       "身份证号录错",
       Refusal::Kind::kBadValue,
       "is not a resident ID number"},
      {"the value it has already",
       "clerk",
       {{"worker_phone", "13812345678"}},
       "电话记错",
       Refusal::Kind::kNothingToCorrect,
       "field worker_phone has that value already; nothing to correct"},
      {"money equal to the stored amount, written otherwise",
       "clerk",
       {{"claim_amount", "8600.00"}},
       "金额核对",
       Refusal::Kind::kNothingToCorrect,
       "field claim_amount has that value already"},
      {"a required field cleared",
       "director",
       {{"worker_name", ""}},
       "姓名有误",
       Refusal::Kind::kMissingRequired,
       "field worker_name is required: it can be corrected to another value but not cleared"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Decision d = decide(def(), case_in("accepted"), correction(c.role, c.sets, c.comment),
                        at("2025-02-03T10:00:00+08:00"));
    ASSERT_TRUE(std::holds_alternative<Refusal>(d)) << "expected a refusal";
    const Refusal& r = std::get<Refusal>(d);
    EXPECT_EQ(r.kind, c.expected) << r.message;
    EXPECT_NE(r.message.find(c.message_part), std::string::npos) << r.message;
    EXPECT_EQ(r.message.find("--"), std::string::npos)
        << "the engine names a command-line option: " << r.message;
  }
}

// Only a correction without values or without a reason lacks something its
// sender can add; the adapters name it (--set, --comment; "values", "comment").
TEST_F(CorrectTest, ARefusalSaysWhetherTheValuesOrTheReasonAreMissing) {
  const struct {
    const char* name;
    Sets sets;
    const char* comment;
    Refusal::Missing missing;
  } cases[] = {
      {"no values", {}, "电话记错", Refusal::Missing::kFieldValues},
      {"no comment", {{"worker_phone", "13987654321"}}, "", Refusal::Missing::kComment},
      {"the value it has already",
       {{"worker_phone", "13812345678"}},
       "电话记错",
       Refusal::Missing::kNothing},
      {"a required field cleared", {{"worker_name", ""}}, "姓名有误", Refusal::Missing::kNothing},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Decision d = decide(def(), case_in("accepted"), correction("clerk", c.sets, c.comment),
                        at("2025-02-03T10:00:00+08:00"));
    ASSERT_TRUE(std::holds_alternative<Refusal>(d)) << "expected a refusal";
    EXPECT_EQ(std::get<Refusal>(d).missing, c.missing) << std::get<Refusal>(d).message;
  }
}

TEST_F(CorrectTest, ChangesTheNamedValuesAndRecordsThemWithTheReason) {
  const CaseSnapshot before = case_in("accepted");
  Decision d =
      decide(def(), before,
             correction("clerk", {{"worker_phone", "13987654321"}, {"claim_amount", "8680.50"}},
                        "申请书电话和金额录入错误"),
             at("2025-02-03T10:00:00+08:00"));
  ASSERT_TRUE(std::holds_alternative<Outcome>(d)) << std::get<Refusal>(d).message;
  const Outcome& outcome = std::get<Outcome>(d);
  ASSERT_EQ(outcome.records.size(), 1u);
  const AuditRecord& record = outcome.records[0];
  EXPECT_EQ(record.kind, "correct");
  EXPECT_EQ(record.event, "");
  EXPECT_EQ(record.actor, "alice");
  EXPECT_EQ(record.role, "clerk");
  EXPECT_EQ(record.from_state, "accepted");
  EXPECT_EQ(record.to_state, "accepted");
  EXPECT_EQ(record.data, R"({"claim_amount":"8680.50","worker_phone":"13987654321"})");
  EXPECT_EQ(record.comment, "申请书电话和金额录入错误");

  const CaseSnapshot& after = outcome.next;
  EXPECT_EQ(after.state, before.state);
  EXPECT_EQ(after.status, before.status);
  EXPECT_EQ(after.row_version, before.row_version + 1);
  EXPECT_EQ(after.updated_at, at("2025-02-03T10:00:00+08:00"));
  EXPECT_EQ(after.data[*def().field_id("worker_phone")], Value{std::string("13987654321")});
  EXPECT_EQ(after.data[*def().field_id("claim_amount")], Value{Money{868050}});
  for (FieldId id = 0; id < static_cast<FieldId>(def().fields.size()); ++id) {
    const std::string& name = def().fields[id].name;
    if (name == "worker_phone" || name == "claim_amount") continue;
    EXPECT_EQ(after.data[id], before.data[id]) << name;
  }
  ASSERT_EQ(after.timers.size(), before.timers.size());
  for (std::size_t i = 0; i < after.timers.size(); ++i) {
    EXPECT_EQ(after.timers[i].status, before.timers[i].status) << i;
    EXPECT_EQ(after.timers[i].due_at, before.timers[i].due_at) << i;
  }
}

TEST_F(CorrectTest, AnOptionalFieldCanBeClearedAndASuspendedCaseCorrected) {
  const CaseSnapshot before = case_in("suspended");
  const CaseSnapshot after =
      run(before, correction("director", {{"worker_phone", ""}}, "号码不是本人的"),
          "2025-02-03T10:00:00+08:00");
  EXPECT_FALSE(is_set(after.data[*def().field_id("worker_phone")]));
  EXPECT_EQ(after.status, CaseStatus::kSuspended);
}

// An award's written or calculation error is corrected after it (补正),
// and the figures read the values a closed case holds. What a transition's
// `set:` computed is not computed again: the arbitrator corrects it too.
TEST_F(CorrectTest, AClosedCaseCanBeCorrectedAndComputedValuesStayAsTheyWere) {
  const CaseSnapshot before = case_in("closed");
  ASSERT_EQ(before.status, CaseStatus::kClosed);
  const Value monthly = before.data[*def().field_id("monthly_amount")];
  const CaseSnapshot after =
      run(before, correction("director", {{"claim_amount", "9000"}}, "裁决书计算错误，予以补正"),
          "2025-02-10T10:00:00+08:00");
  EXPECT_EQ(after.status, CaseStatus::kClosed);
  EXPECT_EQ(def().states[after.state].name, "awarded");
  EXPECT_EQ(after.data[*def().field_id("claim_amount")], Value{Money{900000}});
  EXPECT_EQ(after.data[*def().field_id("monthly_amount")], monthly);
}

// A correction changes only what it names; the outcome says what that
// leaves inconsistent: a value a `set:` computed from a corrected field
// that now comes out otherwise, a guard into the state that no longer
// holds. Not a refusal: the corrector decides, with the reason on record.
TEST_F(CorrectTest, SaysWhichComputedValuesAndConditionsTheCorrectionLeavesBehind) {
  const std::string final_award =
      "final_award was computed by event award as claim_amount <= 12 * min_monthly_wage: with "
      "the corrected values it comes out false, the case holds true; correct it too if it "
      "follows";
  const std::string monthly_amount =
      "monthly_amount was computed by event award as claim_amount / months: with the corrected "
      "values it comes out 15000.00, the case holds 4300.00; correct it too if it follows";
  const struct {
    const char* name;
    const char* setup;
    Sets sets;
    std::vector<std::string> notes;
  } cases[] = {
      {"a claim past the final-award limit",
       "closed",
       {{"claim_amount", "30000"}},
       {final_award, monthly_amount}},
      {"a claim within it",
       "closed",
       {{"claim_amount", "9000"}},
       {"monthly_amount was computed by event award as claim_amount / months: with the "
        "corrected values it comes out 4500.00, the case holds 4300.00; correct it too if it "
        "follows"}},
      {"the computed value corrected with it",
       "closed",
       {{"claim_amount", "30000"}, {"final_award", "false"}},
       {monthly_amount}},
      {"a field nothing computes from", "closed", {{"worker_phone", "13987654321"}}, {}},
      {"a guard into the state that no longer holds",
       "mediation",
       {{"claim_amount", "60000"}},
       {"the condition of event mediate into mediation no longer holds with the corrected "
        "values: claim_amount <= 50000"}},
      {"a guard that still holds", "mediation", {{"claim_amount", "40000"}}, {}},
      {"values not yet computed", "accepted", {{"claim_amount", "30000"}}, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Decision d = decide(def(), case_in(c.setup), correction("clerk", c.sets, "录入有误"),
                        at("2025-02-03T10:00:00+08:00"));
    ASSERT_TRUE(std::holds_alternative<Outcome>(d)) << std::get<Refusal>(d).message;
    std::vector<std::string> texts;
    for (const CorrectionNote& note : std::get<Outcome>(d).notes) texts.push_back(note.text);
    EXPECT_EQ(texts, c.notes);
  }
}

AuditRecord fire_record(const char* event, const char* from, const char* to) {
  AuditRecord record;
  record.kind = "fire";
  record.event = event;
  record.from_state = from;
  record.to_state = to;
  return record;
}

// A row of a table test: the trail a case has, and the notes expected.
struct TrailCase {
  const char* name;
  std::vector<AuditRecord> trail;
  std::vector<std::string> notes;
};

std::vector<std::string> texts_of(const std::vector<CorrectionNote>& notes) {
  std::vector<std::string> texts;
  for (const CorrectionNote& note : notes) texts.push_back(note.text);
  return texts;
}

// decide() sees the state a case is in, not the way it came; the guards
// of the transitions it took are read from its trail (transitions_taken).
// Here mediation failed and the case is back in accepted when the claim is
// corrected past the limit that let it into mediation.
TEST_F(CorrectTest, NotesTheGuardOfATransitionTheTrailSaysTheCaseTook) {
  const CaseSnapshot back =
      run(case_in("mediation"), {Command::Kind::kFire, "", "clerk", "fail_mediation", {}, ""},
          "2025-01-29T10:00:00+08:00");
  ASSERT_EQ(def().states[back.state].name, "accepted");
  const CaseSnapshot corrected =
      run(back, correction("clerk", {{"claim_amount", "60000"}}, "录入有误"),
          "2025-02-03T10:00:00+08:00");
  const std::string mediate =
      "the condition of event mediate into mediation no longer holds with the corrected values: "
      "claim_amount <= 50000";
  const AuditRecord accept = fire_record("accept", "intake", "accepted");
  const AuditRecord into_mediation = fire_record("mediate", "accepted", "mediation");
  const AuditRecord failed = fire_record("fail_mediation", "mediation", "accepted");
  AuditRecord migrated;
  migrated.kind = "migrate";
  const TrailCase cases[] = {
      {"no trail", {}, {}},
      {"mediate taken", {accept, into_mediation, failed}, {mediate}},
      {"mediate taken twice, noted once",
       {accept, into_mediation, failed, into_mediation, failed},
       {mediate}},
      {"mediate not taken", {accept}, {}},
      {"a record of another state's move", {fire_record("mediate", "intake", "mediation")}, {}},
      {"mediate taken before a migration (another version's rows)",
       {accept, into_mediation, failed, migrated},
       {}},
      {"mediate taken after a migration", {accept, migrated, into_mediation, failed}, {mediate}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(texts_of(correction_notes(def(), back, corrected, transitions_taken(def(), c.trail))),
              c.notes);
  }
  // A value still inside the limit leaves nothing.
  const CaseSnapshot within =
      run(back, correction("clerk", {{"claim_amount", "40000"}}, "录入有误"),
          "2025-02-03T10:00:00+08:00");
  EXPECT_EQ(texts_of(correction_notes(def(), back, within,
                                      transitions_taken(def(), {accept, into_mediation, failed}))),
            std::vector<std::string>{});
}

// A field a transition the case took `requires:` (accept: region) can be
// corrected to empty, say when the value entered was another case's; the
// note says the case now lacks what that step asked for. decide() alone
// sees only the transitions into the state; the trail names the rest.
TEST_F(CorrectTest, NotesAFieldATakenTransitionRequiresWhenTheCorrectionLeavesItEmpty) {
  const std::string region =
      "region is required by event accept into accepted, and the correction leaves it empty: "
      "enter its right value once it is known";
  const CaseSnapshot accepted = case_in("accepted");
  const CaseSnapshot cleared =
      run(accepted, correction("clerk", {{"region", ""}}, "地区录错"), "2025-02-03T10:00:00+08:00");
  EXPECT_EQ(texts_of(correction_notes(def(), accepted, cleared)), std::vector<std::string>{region})
      << "accept leads into the state the case is in";
  const CaseSnapshot other = run(accepted, correction("clerk", {{"region", "吉林市"}}, "地区录错"),
                                 "2025-02-03T10:00:00+08:00");
  EXPECT_EQ(texts_of(correction_notes(def(), accepted, other)), std::vector<std::string>{})
      << "corrected to another value";

  const CaseSnapshot mediation = case_in("mediation");
  const CaseSnapshot cleared_later = run(
      mediation, correction("clerk", {{"region", ""}}, "地区录错"), "2025-02-03T10:00:00+08:00");
  const AuditRecord accept = fire_record("accept", "intake", "accepted");
  const AuditRecord mediate = fire_record("mediate", "accepted", "mediation");
  const TrailCase cases[] = {
      {"nothing taken is known", {}, {}},
      {"accept taken", {accept, mediate}, {region}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(texts_of(correction_notes(def(), mediation, cleared_later,
                                        transitions_taken(def(), c.trail))),
              c.notes);
  }
  // decide() notes what Command::taken marks, as CaseService hands it.
  Command told = correction("clerk", {{"region", ""}}, "地区录错");
  told.taken = transitions_taken(def(), {accept, mediate});
  Decision decided = decide(def(), mediation, told, at("2025-02-03T10:00:00+08:00"));
  ASSERT_TRUE(std::holds_alternative<Outcome>(decided));
  EXPECT_EQ(texts_of(std::get<Outcome>(decided).notes), std::vector<std::string>{region});

  const std::vector<CorrectionNote> notes = correction_notes(
      def(), mediation, cleared_later, transitions_taken(def(), {accept, mediate}));
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].kind, CorrectionNote::Kind::kRequired);
  EXPECT_EQ(notes[0].event, "accept");
  EXPECT_EQ(notes[0].field, "region");
  EXPECT_EQ(notes[0].state, "accepted");
  EXPECT_EQ(notes[0].expression, "");
}

// Two rows of one move (close, from open into closed) that a fire record
// cannot tell apart: the case could have gone by either, so what only one
// of them asks for (its guard, its `requires:`) is not noted.
TEST_F(CorrectTest, NothingIsNotedThatAnotherRowOfTheSameMoveDoesNotAsk) {
  LoadOptions options;
  options.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_text(R"yaml(
workflow: two-rows
version: 1
title: {zh: 测试, en: Two rows of one move}
calendar: cn-mainland
roles: [clerk]
fields:
  amount: {type: money}
  receipt_no: {type: string}
states:
  open: {initial: true}
  closed: {final: true}
transitions:
  - event: close
    from: open
    to: closed
    roles: [clerk]
    requires: [receipt_no]
    guard: amount > 0
  - event: close
    from: open
    to: closed
    roles: [clerk]
    guard: amount == 0
)yaml",
                                     "two-rows.yaml", options, &diagnostics);
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  const Definition& d = *loaded.value();
  auto apply = [&d](const CaseSnapshot& c, Command command) {
    Decision decision = decide(d, c, command, at("2025-02-03T10:00:00+08:00"));
    if (auto* refusal = std::get_if<Refusal>(&decision)) ADD_FAILURE() << refusal->message;
    return std::holds_alternative<Outcome>(decision) ? std::get<Outcome>(decision).next : c;
  };
  const CaseSnapshot opened =
      apply({}, {Command::Kind::kOpen, "alice", "clerk", "", {{"amount", "500"}}, ""});
  const CaseSnapshot before =
      apply(opened, {Command::Kind::kFire, "alice", "clerk", "close", {{"receipt_no", "R1"}}, ""});
  ASSERT_EQ(d.states[before.state].name, "closed");
  const std::vector<AuditRecord> trail = {fire_record("close", "open", "closed")};
  const CaseSnapshot after =
      apply(before, correction("clerk", {{"receipt_no", ""}, {"amount", "0"}}, "录入有误"));
  EXPECT_EQ(texts_of(correction_notes(d, before, after, transitions_taken(d, trail))),
            std::vector<std::string>{});
  // Decided alone (nothing taken known), the rows into the state are read.
  EXPECT_EQ(texts_of(correction_notes(d, before, after)),
            (std::vector<std::string>{
                "the condition of event close into closed no longer holds with the corrected "
                "values: amount > 0",
                "receipt_no is required by event close into closed, and the correction leaves it "
                "empty: enter its right value once it is known"}));
}

// The parts of each note, for an adapter to say it in its own words.
TEST_F(CorrectTest, ANoteNamesTheEventTheExpressionAndTheValues) {
  Decision computed =
      decide(def(), case_in("closed"), correction("clerk", {{"claim_amount", "30000"}}, "录入有误"),
             at("2025-02-03T10:00:00+08:00"));
  ASSERT_TRUE(std::holds_alternative<Outcome>(computed));
  const std::vector<CorrectionNote>& notes = std::get<Outcome>(computed).notes;
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0].kind, CorrectionNote::Kind::kComputedValue);
  EXPECT_EQ(notes[0].event, "award");
  EXPECT_EQ(notes[0].field, "final_award");
  EXPECT_EQ(notes[0].expression, "claim_amount <= 12 * min_monthly_wage");
  EXPECT_EQ(notes[0].comes_out, "false");
  EXPECT_EQ(notes[0].held, "true");
  EXPECT_EQ(notes[1].field, "monthly_amount");
  EXPECT_EQ(notes[1].comes_out, "15000.00");
  EXPECT_EQ(notes[1].held, "4300.00");

  Decision condition = decide(def(), case_in("mediation"),
                              correction("clerk", {{"claim_amount", "60000"}}, "录入有误"),
                              at("2025-02-03T10:00:00+08:00"));
  ASSERT_TRUE(std::holds_alternative<Outcome>(condition));
  ASSERT_EQ(std::get<Outcome>(condition).notes.size(), 1u);
  const CorrectionNote& guard = std::get<Outcome>(condition).notes[0];
  EXPECT_EQ(guard.kind, CorrectionNote::Kind::kCondition);
  EXPECT_EQ(guard.event, "mediate");
  EXPECT_EQ(guard.state, "mediation");
  EXPECT_EQ(guard.expression, "claim_amount <= 50000");
  EXPECT_EQ(guard.field, "");
}

}  // namespace
}  // namespace wageflow
