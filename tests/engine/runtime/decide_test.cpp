// decide(): every refusal kind, every transition effect, and the timer
// arithmetic on the official calendar (expected dates worked out by hand).
#include "engine/runtime/decide.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "engine/runtime/decide_test_workflow.h"
#include "support/temp_dir.h"

namespace wageflow {
namespace {

constexpr int kChina = 8 * 60;

Instant at(const char* text) {
  return *parse_instant(text, kChina);
}

class DecideTest : public ::testing::Test {
 protected:
  void SetUp() override {
    definition_ = testing::load_decide_test_workflow();
    ASSERT_TRUE(definition_);
  }

  const Definition& def() const { return *definition_; }

  static Command command(Command::Kind kind, const std::string& role, const std::string& event = "",
                         std::vector<std::pair<std::string, std::string>> sets = {},
                         const std::string& comment = "") {
    return Command{kind, "alice", role, event, std::move(sets), comment};
  }

  CaseSnapshot open(const char* when = "2025-01-24T09:00:00+08:00", const char* claim = "8600") {
    Decision d = decide(def(), {},
                        command(Command::Kind::kOpen, "clerk", "",
                                {{"worker_name", "张三"}, {"claim_amount", claim}}),
                        at(when));
    EXPECT_TRUE(std::holds_alternative<Outcome>(d)) << std::get<Refusal>(d).message;
    CaseSnapshot s = std::get<Outcome>(d).next;
    s.id = "2025-000001";
    return s;
  }

  Outcome expect_outcome(const CaseSnapshot& c, const Command& cmd, const char* when) {
    Decision d = decide(def(), c, cmd, at(when));
    if (auto* r = std::get_if<Refusal>(&d)) {
      ADD_FAILURE() << "refused: " << r->message;
      return Outcome{c, {}, {}};
    }
    return std::get<Outcome>(d);
  }

  CaseSnapshot fire(const CaseSnapshot& c, const std::string& role, const std::string& event,
                    const char* when, std::vector<std::pair<std::string, std::string>> sets = {},
                    const std::string& comment = "") {
    return expect_outcome(c, command(Command::Kind::kFire, role, event, std::move(sets), comment),
                          when)
        .next;
  }

  const TimerState& timer(const CaseSnapshot& c, const std::string& name) {
    const TimerState* t = c.timer(*def().timer_id(name));
    EXPECT_NE(t, nullptr) << name;
    static TimerState none;
    return t ? *t : none;
  }

  std::string state(const CaseSnapshot& c) { return def().states[c.state].name; }

  std::shared_ptr<const Definition> definition_;
};

// ---- refusals ------------------------------------------------------------

struct RefusalCase {
  const char* name;
  const char* setup;  // "intake", "accepted", "mediation", "closed", "suspended"
  Command::Kind kind;
  const char* role;
  const char* event;
  std::vector<std::pair<std::string, std::string>> sets;
  const char* comment;
  Refusal::Kind expected;
  const char* message_part;
};

TEST_F(DecideTest, RefusesEveryKindOfBadCommandWithAMessageAClerkCanActOn) {
  const std::vector<RefusalCase> cases = {
      {"unknown event",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "acept",
       {},
       "",
       Refusal::Kind::kUnknownEvent,
       "unknown event 'acept'"},
      {"wrong state",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "settle",
       {},
       "",
       Refusal::Kind::kWrongState,
       "cannot fire from state intake; possible here: accept, reject"},
      {"role not allowed",
       "intake",
       Command::Kind::kFire,
       "mediator",
       "accept",
       {{"region", "长春市"}},
       "",
       Refusal::Kind::kRoleNotAllowed,
       "role mediator may not fire accept; allowed: clerk"},
      {"unknown role",
       "intake",
       Command::Kind::kFire,
       "janitor",
       "accept",
       {},
       "",
       Refusal::Kind::kUnknownRole,
       "role 'janitor' is not a role of workflow decide-test"},
      {"guard false",
       "accepted",
       Command::Kind::kFire,
       "mediator",
       "mediate",
       {{"claim_amount", "50000.01"}},
       "",
       Refusal::Kind::kGuardFailed,
       "claim_amount <= 50000"},
      {"requires unset",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "accept",
       {},
       "",
       Refusal::Kind::kMissingRequired,
       "requires region"},
      {"comment missing",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "reject",
       {},
       "",
       Refusal::Kind::kCommentRequired,
       "needs a comment"},
      {"comment of spaces only",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "reject",
       {},
       " \xE3\x80\x80\t",
       Refusal::Kind::kCommentRequired,
       "needs a comment"},
      {"required value of spaces only",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "accept",
       {{"region", "\xE3\x80\x80 "}},
       "",
       Refusal::Kind::kMissingRequired,
       "requires region"},
      {"negative money",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "accept",
       {{"region", "长春市"}, {"claim_amount", "-5"}},
       "",
       Refusal::Kind::kBadValue,
       "'-5' is below zero; an amount is 0 or more"},
      {"a held value changed by an event that does not take it",
       "accepted",
       Command::Kind::kFire,
       "mediator",
       "mediate",
       {{"claim_amount", "9000"}},
       "",
       Refusal::Kind::kBadValue,
       "field claim_amount already holds 8600.00, and event mediate does not change it; a value "
       "entered wrongly is corrected, with the reason"},
      {"an int below its min",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "accept",
       {{"region", "长春市"}, {"workers", "0"}},
       "",
       Refusal::Kind::kBadValue,
       "field workers: '0' is below the least allowed, 1"},
      {"an int above its max",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "accept",
       {{"region", "长春市"}, {"workers", "220106199001011234"}},
       "",
       Refusal::Kind::kBadValue,
       "is above the most allowed, 1000"},
      {"unknown field",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "accept",
       {{"regoin", "长春市"}},
       "",
       Refusal::Kind::kUnknownField,
       "unknown field 'regoin' in workflow decide-test; did you mean 'region'?"},
      {"money not a number",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "accept",
       {{"region", "长春市"}, {"claim_amount", "abc"}},
       "",
       Refusal::Kind::kBadValue,
       "'abc'"},
      {"impossible date",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "accept",
       {{"region", "长春市"}, {"hearing_date", "2025-02-30"}},
       "",
       Refusal::Kind::kBadValue,
       "2025-02-30"},
      {"enum value not listed",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "accept",
       {{"region", "长春"}},
       "",
       Refusal::Kind::kBadValue,
       "is not one of: 长春市, 吉林市"},
      {"pattern mismatch",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "accept",
       {{"region", "长春市"}, {"worker_id_no", "22010119900101123"}},
       "",
       Refusal::Kind::kBadValue,
       "field worker_id_no: '22010119900101123' is not 身份证号码 (expected form "
       "^[0-9]{17}[0-9X]$)"},
      {"ID number with a mistyped digit",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "accept",
       {{"region", "长春市"}, {"worker_id_no", "11010519491231003X"}},
       "",
       Refusal::Kind::kBadValue,
       "field worker_id_no: '11010519491231003X' is not a resident ID number: its last character "
       "is the check digit"},
      {"pattern mismatch told by the field's hint",
       "intake",
       Command::Kind::kFire,
       "clerk",
       "accept",
       {{"region", "长春市"}, {"worker_phone", "0431-8888"}},
       "",
       Refusal::Kind::kBadValue,
       "field worker_phone: '0431-8888' is not 11位手机号码 (expected form ^1[3-9][0-9]{9}$)"},
      {"division by zero",
       "accepted",
       Command::Kind::kFire,
       "director",
       "award",
       {{"months", "0"}},
       "",
       Refusal::Kind::kEvaluationError,
       "division by zero"},
      {"closed case",
       "closed",
       Command::Kind::kFire,
       "clerk",
       "accept",
       {},
       "",
       Refusal::Kind::kCaseClosed,
       "is closed"},
      {"suspended case",
       "suspended",
       Command::Kind::kFire,
       "mediator",
       "mediate",
       {},
       "",
       Refusal::Kind::kCaseSuspended,
       "resume it first"},
      {"resume active case",
       "accepted",
       Command::Kind::kResume,
       "director",
       "",
       {},
       "",
       Refusal::Kind::kNotSuspended,
       "not suspended"},
      {"suspend without reason",
       "accepted",
       Command::Kind::kSuspend,
       "director",
       "",
       {},
       "",
       Refusal::Kind::kCommentRequired,
       "comment"},
      {"suspend with a reason of spaces only",
       "accepted",
       Command::Kind::kSuspend,
       "director",
       "",
       {},
       "   ",
       Refusal::Kind::kCommentRequired,
       "comment"},
      {"suspend by wrong role",
       "accepted",
       Command::Kind::kSuspend,
       "clerk",
       "",
       {},
       "why",
       Refusal::Kind::kRoleNotAllowed,
       "role clerk may not suspend a case; allowed: director"},
      {"extension by wrong role",
       "accepted",
       Command::Kind::kFire,
       "clerk",
       "extend_award_limit",
       {},
       "",
       Refusal::Kind::kRoleNotAllowed,
       "allowed: director"},
      {"extension of a timer not started",
       "intake",
       Command::Kind::kFire,
       "director",
       "extend_award_limit",
       {},
       "",
       Refusal::Kind::kTimerNotRunning,
       "award_limit is not running"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    CaseSnapshot s = open();
    std::string setup = c.setup;
    if (setup != "intake") {
      s = fire(s, "clerk", "accept", "2025-01-27T10:00:00+08:00", {{"region", "长春市"}});
    }
    if (setup == "closed")
      s = fire(s, "director", "award", "2025-01-28T10:00:00+08:00", {{"months", "2"}});
    if (setup == "suspended") {
      s = expect_outcome(s, command(Command::Kind::kSuspend, "director", "", {}, "鉴定中"),
                         "2025-01-28T10:00:00+08:00")
              .next;
    }
    Decision d = decide(def(), s, command(c.kind, c.role, c.event, c.sets, c.comment),
                        at("2025-02-03T10:00:00+08:00"));
    ASSERT_TRUE(std::holds_alternative<Refusal>(d)) << "expected a refusal";
    const Refusal& r = std::get<Refusal>(d);
    EXPECT_EQ(r.kind, c.expected) << r.message;
    EXPECT_NE(r.message.find(c.message_part), std::string::npos) << r.message;
    EXPECT_EQ(r.message.find("--"), std::string::npos)
        << "the engine names a command-line option: " << r.message;
    const Refusal::Missing lacked =
        c.expected == Refusal::Kind::kCommentRequired   ? Refusal::Missing::kComment
        : c.expected == Refusal::Kind::kMissingRequired ? Refusal::Missing::kFieldValues
                                                        : Refusal::Missing::kNothing;
    EXPECT_EQ(r.missing, lacked) << r.message;
  }
}

TEST_F(DecideTest, RefusesEveryStaffCommandWhoseActorIsBlankAndLeavesTicksAlone) {
  const CaseSnapshot s = open();
  const struct {
    const char* name;
    Command command;
  } cases[] = {
      {"open", {Command::Kind::kOpen, "", "clerk", "", {{"worker_name", "张三"}}, ""}},
      {"fire", {Command::Kind::kFire, " ", "clerk", "accept", {{"region", "长春市"}}, ""}},
      {"suspend", {Command::Kind::kSuspend, "\xE3\x80\x80", "director", "", {}, "鉴定中"}},
      {"correct", {Command::Kind::kCorrect, "\t", "clerk", "", {{"claim_amount", "1"}}, "错"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Decision d = decide(def(), s, c.command, at("2025-01-27T10:00:00+08:00"));
    ASSERT_TRUE(std::holds_alternative<Refusal>(d));
    EXPECT_EQ(std::get<Refusal>(d).kind, Refusal::Kind::kBadValue);
    EXPECT_NE(std::get<Refusal>(d).message.find("the staff member's name is empty"),
              std::string::npos)
        << std::get<Refusal>(d).message;
  }
  const Command tick{Command::Kind::kTick, "system", "system", "", {}, ""};
  EXPECT_TRUE(
      std::holds_alternative<Outcome>(decide(def(), s, tick, at("2025-01-27T10:00:00+08:00"))));
}

TEST_F(DecideTest, RefusesACommandDatedBeforeTheCasesLastChangeNamingBothTimes) {
  // Accepted on 2025-01-27 10:00; a command dated earlier would count its
  // deadlines from the wrong day (a mistyped year, a clock set back).
  const CaseSnapshot s =
      fire(open(), "clerk", "accept", "2025-01-27T10:00:00+08:00", {{"region", "长春市"}});
  const struct {
    const char* name;
    Command command;
    const char* when;
    bool refused;
  } cases[] = {
      {"fire a year early", command(Command::Kind::kFire, "mediator", "mediate"),
       "2024-01-27T10:00:00+08:00", true},
      {"fire a second early", command(Command::Kind::kFire, "mediator", "mediate"),
       "2025-01-27T09:59:59+08:00", true},
      {"suspend earlier", command(Command::Kind::kSuspend, "director", "", {}, "鉴定中"),
       "2025-01-26T10:00:00+08:00", true},
      {"correct earlier",
       command(Command::Kind::kCorrect, "clerk", "", {{"claim_amount", "1"}}, "错"),
       "2025-01-20T10:00:00+08:00", true},
      {"fire at the same instant", command(Command::Kind::kFire, "mediator", "mediate"),
       "2025-01-27T10:00:00+08:00", false},
      {"tick earlier", Command{Command::Kind::kTick, "system", "system", "", {}, ""},
       "2025-01-20T10:00:00+08:00", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Decision d = decide(def(), s, c.command, at(c.when));
    if (!c.refused) {
      EXPECT_TRUE(std::holds_alternative<Outcome>(d)) << std::get<Refusal>(d).message;
      continue;
    }
    ASSERT_TRUE(std::holds_alternative<Refusal>(d));
    const Refusal& r = std::get<Refusal>(d);
    EXPECT_EQ(r.kind, Refusal::Kind::kBeforeLastChange) << r.message;
    EXPECT_NE(r.message.find("before the case's last change at 2025-01-27T10:00:00+08:00"),
              std::string::npos)
        << r.message;
    EXPECT_NE(r.message.find(std::string("dated ") + c.when), std::string::npos) << r.message;
  }
}

TEST_F(DecideTest, AnEventFillsInValuesAndChangesOnlyThoseItRequires) {
  CaseSnapshot s = open();
  const FieldId region = *def().field_id("region");
  const FieldId hearing = *def().field_id("hearing_date");
  // accept requires region: given on opening, it may be set again there.
  s = fire(s, "clerk", "accept", "2025-01-27T10:00:00+08:00", {{"region", "长春市"}});
  CaseSnapshot reopened =
      expect_outcome(open(),
                     command(Command::Kind::kCorrect, "clerk", "", {{"region", "长春市"}}, "补录"),
                     "2025-01-24T10:00:00+08:00")
          .next;
  CaseSnapshot accepted =
      fire(reopened, "clerk", "accept", "2025-01-27T10:00:00+08:00", {{"region", "吉林市"}});
  EXPECT_EQ(accepted.data[region], Value{std::string("吉林市")});
  // mediate takes no value, yet fills one not set yet, and repeats one held.
  s = fire(s, "mediator", "mediate", "2025-01-28T10:00:00+08:00",
           {{"hearing_date", "2025-02-20"}, {"claim_amount", "8600.00"}});
  EXPECT_EQ(state(s), "mediation");
  EXPECT_EQ(format_value(s.data[hearing]), "2025-02-20");
  // Clearing a held value is changing it.
  Decision cleared = decide(
      def(), s, command(Command::Kind::kFire, "mediator", "fail_mediation", {{"hearing_date", ""}}),
      at("2025-01-29T10:00:00+08:00"));
  ASSERT_TRUE(std::holds_alternative<Refusal>(cleared));
  EXPECT_NE(std::get<Refusal>(cleared).message.find("already holds 2025-02-20"), std::string::npos)
      << std::get<Refusal>(cleared).message;
}

// final_award and monthly_amount are set by the award: a command gives
// them by hand only as a correction, or unchanged.
TEST_F(DecideTest, AValueTheWorkflowComputesIsGivenByHandOnlyAsACorrection) {
  const CaseSnapshot accepted =
      fire(open(), "clerk", "accept", "2025-01-27T10:00:00+08:00", {{"region", "长春市"}});
  const CaseSnapshot corrected =
      expect_outcome(accepted,
                     command(Command::Kind::kCorrect, "clerk", "", {{"final_award", "true"}},
                             "裁决书载明终局"),
                     "2025-01-27T11:00:00+08:00")
          .next;
  struct Row {
    const char* name;
    const CaseSnapshot* current;  // nullptr: opening
    Command command;
    bool refused;
  };
  const Row rows[] = {
      {"opening with a computed value", nullptr,
       command(Command::Kind::kOpen, "clerk", "",
               {{"worker_name", "张三"}, {"claim_amount", "8600"}, {"final_award", "true"}}),
       true},
      {"an event that does not set it", &accepted,
       command(Command::Kind::kFire, "mediator", "mediate", {{"monthly_amount", "100"}}), true},
      {"the event that sets it (its set: decides)", &accepted,
       command(Command::Kind::kFire, "director", "award", {{"final_award", "false"}}), true},
      {"given again unchanged", &corrected,
       command(Command::Kind::kFire, "mediator", "mediate", {{"final_award", "true"}}), false},
      {"a correction", &accepted,
       command(Command::Kind::kCorrect, "clerk", "", {{"monthly_amount", "100"}}, "录入"), false},
  };
  for (const Row& row : rows) {
    const Decision d = decide(def(), row.current ? *row.current : CaseSnapshot{}, row.command,
                              at("2025-01-28T10:00:00+08:00"));
    const Refusal* refusal = std::get_if<Refusal>(&d);
    ASSERT_EQ(refusal != nullptr, row.refused)
        << row.name << ": " << (refusal ? refusal->message : "accepted");
    if (refusal) {
      EXPECT_EQ(refusal->kind, Refusal::Kind::kBadValue) << row.name;
      EXPECT_NE(refusal->message.find("is computed by the workflow (set by event award)"),
                std::string::npos)
          << row.name << ": " << refusal->message;
    }
  }
}

// A counter the workflow asks for at opening (`required:`) is given there.
TEST_F(DecideTest, AComputedFieldTheOpeningRequiresIsGivenThere) {
  const std::string yaml = R"yaml(
workflow: counter
version: 1
calendar: cn-mainland
roles: [clerk]
fields:
  bumps: {type: int, required: true}
  note: {type: string}
states:
  open: {initial: true}
  done: {final: true}
transitions:
  - event: bump
    from: open
    to: open
    set:
      bumps: bumps + 1
  - event: finish
    from: open
    to: done
)yaml";
  LoadOptions options;
  options.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_text(yaml, "counter.yaml", options, &diagnostics);
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  const Definition& counter = *loaded.value();
  const Decision opened =
      decide(counter, {}, Command{Command::Kind::kOpen, "alice", "clerk", "", {{"bumps", "0"}}, ""},
             at("2025-01-24T09:00:00+08:00"));
  ASSERT_TRUE(std::holds_alternative<Outcome>(opened)) << std::get<Refusal>(opened).message;
  const Decision bumped =
      decide(counter, std::get<Outcome>(opened).next,
             Command{Command::Kind::kFire, "alice", "clerk", "bump", {{"bumps", "7"}}, ""},
             at("2025-01-24T10:00:00+08:00"));
  ASSERT_TRUE(std::holds_alternative<Refusal>(bumped));
  EXPECT_NE(std::get<Refusal>(bumped).message.find("set by event bump"), std::string::npos)
      << std::get<Refusal>(bumped).message;
}

TEST_F(DecideTest, RefusesOpeningWithoutRequiredFieldsNamingThem) {
  Decision d =
      decide(def(), {}, command(Command::Kind::kOpen, "clerk", "", {{"claim_amount", "1"}}),
             at("2025-01-24"));
  ASSERT_TRUE(std::holds_alternative<Refusal>(d));
  EXPECT_EQ(std::get<Refusal>(d).kind, Refusal::Kind::kMissingRequired);
  EXPECT_NE(std::get<Refusal>(d).message.find("worker_name"), std::string::npos);
  EXPECT_EQ(std::get<Refusal>(d).missing, Refusal::Missing::kFieldValues);
  EXPECT_EQ(std::get<Refusal>(d).message.find("--"), std::string::npos)
      << std::get<Refusal>(d).message;
}

// A workflow that left a pattern without a hint (the loader warns) can only
// quote the expression.
TEST_F(DecideTest, APatternWithoutAHintIsQuotedInTheRefusal) {
  std::string text = testing::kDecideTestWorkflow;
  const std::string hint = ", hint: 身份证号码";
  text.erase(text.find(hint), hint.size());
  LoadOptions options;
  options.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_text(text, "decide-test.yaml", options, &diagnostics);
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_NE(diagnostics[0].message.find("has a pattern but no hint"), std::string::npos)
      << diagnostics[0].to_string();
  Decision d =
      decide(**loaded, {},
             command(Command::Kind::kOpen, "clerk", "",
                     {{"worker_name", "张三"}, {"claim_amount", "8600"}, {"worker_id_no", "2201"}}),
             at("2025-01-24"));
  ASSERT_TRUE(std::holds_alternative<Refusal>(d));
  EXPECT_EQ(std::get<Refusal>(d).message,
            "field worker_id_no: '2201' does not have the expected form ^[0-9]{17}[0-9X]$");
}

TEST_F(DecideTest, RefusesASecondExtensionBeyondItsTimes) {
  CaseSnapshot s = open();
  s = fire(s, "clerk", "accept", "2025-01-27T10:00:00+08:00", {{"region", "长春市"}});
  s = fire(s, "director", "extend_award_limit", "2025-02-03T10:00:00+08:00");
  Decision d = decide(def(), s, command(Command::Kind::kFire, "director", "extend_award_limit"),
                      at("2025-02-04T10:00:00+08:00"));
  ASSERT_TRUE(std::holds_alternative<Refusal>(d));
  EXPECT_EQ(std::get<Refusal>(d).kind, Refusal::Kind::kExtensionExhausted);
  EXPECT_NE(std::get<Refusal>(d).message.find("the limit is 1"), std::string::npos);
}

// ---- transitions ----------------------------------------------------------

TEST_F(DecideTest, OpeningEntersInitialStateStartsItsTimersAndRecordsTheValues) {
  Outcome o = expect_outcome({},
                             command(Command::Kind::kOpen, "clerk", "",
                                     {{"worker_name", "张三"}, {"claim_amount", "8600.5"}}),
                             "2025-01-24T09:30:00+08:00");
  EXPECT_EQ(state(o.next), "intake");
  EXPECT_EQ(o.next.status, CaseStatus::kActive);
  EXPECT_EQ(o.next.row_version, 1);
  EXPECT_EQ(std::get<Money>(o.next.data[*def().field_id("claim_amount")]).fen, 860050);
  // 5 working days after Fri 2025-01-24: Sun 01-26 (make-up day), Mon 01-27,
  // Spring Festival 01-28..02-04 skipped, 02-05, 02-06, 02-07.
  const TimerState& t = timer(o.next, "acceptance_decision");
  EXPECT_EQ(t.status, TimerStatus::kRunning);
  EXPECT_EQ(t.due_date->to_string(), "2025-02-07");
  EXPECT_EQ(format_utc(t.due_at), "2025-02-07T16:00:00Z");  // 24:00 in +08:00
  // 1 working day before Fri 02-07 is Thu 02-06, from 00:00.
  EXPECT_EQ(format_utc(*t.warn_at), "2025-02-05T16:00:00Z");
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_EQ(o.records[0].kind, "open");
  EXPECT_EQ(o.records[0].data, R"({"claim_amount":"8600.50","worker_name":"张三"})");
  EXPECT_EQ(o.records[1].kind, "timer_start");
  EXPECT_EQ(o.records[1].event, "acceptance_decision");
}

TEST_F(DecideTest, LeavingAStateStopsItsTimerAndEnteringTheNextStartsOne) {
  CaseSnapshot s = open();
  Outcome o =
      expect_outcome(s, command(Command::Kind::kFire, "clerk", "accept", {{"region", "吉林市"}}),
                     "2025-08-17T10:00:00+08:00");
  EXPECT_EQ(state(o.next), "accepted");
  EXPECT_EQ(o.next.row_version, 2);
  EXPECT_EQ(timer(o.next, "acceptance_decision").status, TimerStatus::kStopped);
  // 45 days after Sun 2025-08-17 is Wed 2025-10-01, National Day; the
  // holiday runs to 10-08, so the deadline rolls to Thu 2025-10-09.
  EXPECT_EQ(timer(o.next, "award_limit").due_date->to_string(), "2025-10-09");
  std::vector<std::string> kinds;
  for (const auto& r : o.records) kinds.push_back(r.kind + ":" + r.event);
  EXPECT_EQ(kinds, (std::vector<std::string>{"fire:accept", "timer_stop:acceptance_decision",
                                             "timer_start:award_limit"}));
  EXPECT_EQ(o.records[0].from_state, "intake");
  EXPECT_EQ(o.records[0].to_state, "accepted");
}

TEST_F(DecideTest, AwardAppliesSetExpressionsExactlyInFenAndClosesTheCase) {
  struct Row {
    const char* claim;
    bool final_award;
    const char* monthly;
  };
  // 12 months of 2120 yuan = 25440.00 yuan: the final-award limit.
  for (const Row& row : {Row{"25440", true, "12720.00"}, Row{"25440.01", false, "12720.01"},
                         Row{"100.01", true, "50.01"}}) {
    SCOPED_TRACE(row.claim);
    CaseSnapshot s = open("2025-01-24T09:00:00+08:00", row.claim);
    s = fire(s, "clerk", "accept", "2025-01-27T10:00:00+08:00",
             {{"region", "长春市"}, {"months", "2"}});
    Outcome o = expect_outcome(s, command(Command::Kind::kFire, "director", "award"),
                               "2025-02-10T10:00:00+08:00");
    EXPECT_EQ(state(o.next), "awarded");
    EXPECT_EQ(o.next.status, CaseStatus::kClosed);
    EXPECT_EQ(std::get<bool>(o.next.data[*def().field_id("final_award")]), row.final_award);
    EXPECT_EQ(format_value(o.next.data[*def().field_id("monthly_amount")]), row.monthly);
    for (const auto& t : o.next.timers) EXPECT_EQ(t.status, TimerStatus::kStopped);
  }
}

// ---- timers: warn, overdue, escalate, expiry, suspension, extension -------

TEST_F(DecideTest, TickAppliesWarningThenOverdueInTimeOrderEachOnce) {
  CaseSnapshot s = open();
  s = fire(s, "clerk", "accept", "2025-01-27T10:00:00+08:00", {{"region", "长春市"}});
  // award_limit: 45 days after Mon 01-27 is Thu 2025-03-13; warning 5 days
  // before, from 00:00 of Sat 03-08.
  EXPECT_EQ(timer(s, "award_limit").due_date->to_string(), "2025-03-13");
  Outcome early =
      expect_outcome(s, command(Command::Kind::kTick, "system"), "2025-03-07T23:59:59+08:00");
  EXPECT_TRUE(early.records.empty());
  Outcome warned =
      expect_outcome(s, command(Command::Kind::kTick, "system"), "2025-03-08T00:00:00+08:00");
  EXPECT_EQ(warned.tick.warned, 1);
  EXPECT_EQ(timer(warned.next, "award_limit").status, TimerStatus::kWarned);
  Outcome again =
      expect_outcome(warned.next, command(Command::Kind::kTick, "system"), "2025-03-10");
  EXPECT_TRUE(again.records.empty());
  // Overdue from 24:00 of the due date, not before.
  Outcome not_yet = expect_outcome(warned.next, command(Command::Kind::kTick, "system"),
                                   "2025-03-13T23:59:59+08:00");
  EXPECT_TRUE(not_yet.records.empty());
  Outcome overdue =
      expect_outcome(s, command(Command::Kind::kTick, "system"), "2025-03-14T00:00:00+08:00");
  EXPECT_EQ(overdue.tick.warned, 1);
  EXPECT_EQ(overdue.tick.overdue, 1);
  EXPECT_EQ(overdue.tick.escalated, 1);
  std::vector<std::string> kinds;
  for (const auto& r : overdue.records) kinds.push_back(r.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"timer_warn", "timer_overdue", "escalate"}));
  EXPECT_EQ(timer(overdue.next, "award_limit").status, TimerStatus::kOverdue);
  EXPECT_TRUE(timer(overdue.next, "award_limit").escalated);
}

TEST_F(DecideTest, ExpiryThatFiresAnEventMovesTheCaseAsSystem) {
  CaseSnapshot s = open();
  s = fire(s, "clerk", "accept", "2025-01-27T10:00:00+08:00", {{"region", "长春市"}});
  s = fire(s, "mediator", "mediate", "2025-02-05T10:00:00+08:00");
  // 10 working days after Wed 02-05: 02-06, 02-07, 02-08 (Sat, make-up day),
  // 02-10..02-14, 02-17, 02-18 -> due Tue 2025-02-18.
  EXPECT_EQ(timer(s, "mediation_window").due_date->to_string(), "2025-02-18");
  Outcome o =
      expect_outcome(s, command(Command::Kind::kTick, "system"), "2025-02-19T08:00:00+08:00");
  EXPECT_EQ(o.tick.expired, 1);
  EXPECT_EQ(state(o.next), "accepted");
  EXPECT_EQ(timer(o.next, "mediation_window").status, TimerStatus::kExpired);
  bool fired_as_system = false;
  for (const auto& r : o.records) {
    fired_as_system =
        fired_as_system || (r.kind == "fire" && r.event == "fail_mediation" && r.actor == "system");
  }
  EXPECT_TRUE(fired_as_system);
}

// A timer still running in a suspended case that falls due is recorded
// overdue by the tick with its event held, and the resume fires it as the
// system. No command of today's leaves a timer running in a suspended case
// (a suspension pauses it; a recount records it overdue itself), so the
// case is started in that state by hand, as a machine can be in any state.
TEST_F(DecideTest, ATickInASuspendedCaseHoldsAnExpiryEventForTheResume) {
  CaseSnapshot s = open();
  s = fire(s, "clerk", "accept", "2025-01-27T10:00:00+08:00", {{"region", "长春市"}});
  s = fire(s, "mediator", "mediate", "2025-02-05T10:00:00+08:00");
  ASSERT_EQ(timer(s, "mediation_window").due_date->to_string(), "2025-02-18");
  ASSERT_EQ(timer(s, "mediation_window").status, TimerStatus::kRunning);
  s.status = CaseStatus::kSuspended;

  const Outcome held =
      expect_outcome(s, command(Command::Kind::kTick, "system"), "2025-02-19T08:00:00+08:00");
  EXPECT_EQ(held.tick.expired, 0);
  EXPECT_EQ(held.tick.overdue, 1);
  EXPECT_EQ(state(held.next), "mediation");
  EXPECT_EQ(timer(held.next, "mediation_window").status, TimerStatus::kOverdue);
  ASSERT_FALSE(held.records.empty());
  const AuditRecord& overdue = held.records.back();
  EXPECT_EQ(overdue.kind, "timer_overdue");
  EXPECT_NE(overdue.data.find("the case is suspended: fail_mediation is not fired until it is "
                              "resumed"),
            std::string::npos)
      << overdue.data;
  EXPECT_TRUE(expect_outcome(held.next, command(Command::Kind::kTick, "system"),
                             "2025-02-20T08:00:00+08:00")
                  .records.empty())
      << "held once, not again";

  const Outcome resumed = expect_outcome(held.next, command(Command::Kind::kResume, "director"),
                                         "2025-02-20T10:00:00+08:00");
  std::vector<std::string> kinds;
  for (const AuditRecord& r : resumed.records)
    kinds.push_back(r.actor + " " + r.kind + " " + r.event);
  ASSERT_FALSE(kinds.empty());
  EXPECT_EQ(kinds.front(), "alice resume ");
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "system fire fail_mediation"), kinds.end())
      << ::testing::PrintToString(kinds);
  EXPECT_EQ(state(resumed.next), "accepted");
  EXPECT_EQ(timer(resumed.next, "mediation_window").status, TimerStatus::kExpired);
}

// The decide-test workflow with `on_suspend: run` on award_limit: a period
// outside the case, which its suspension does not stop.
class RunsThroughSuspensionTest : public DecideTest {
 protected:
  void SetUp() override {
    std::string text = testing::kDecideTestWorkflow;
    const std::string extend = "    extend: {event: extend_award_limit";
    ASSERT_NE(text.find(extend), std::string::npos);
    text.insert(text.find(extend), "    on_suspend: run\n");
    LoadOptions options;
    options.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
    std::vector<Diagnostic> diagnostics;
    auto loaded = load_definition_text(text, "decide-test.yaml", options, &diagnostics);
    ASSERT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error());
    definition_ = loaded.value();
  }
};

TEST_F(RunsThroughSuspensionTest, ASuspensionLeavesItsDueDateAndItWarnsAndEscalatesMeanwhile) {
  CaseSnapshot s = open();
  // 45 days after Mon 01-27: Thu 03-13.
  s = fire(s, "clerk", "accept", "2025-01-27T10:00:00+08:00", {{"region", "长春市"}});
  ASSERT_EQ(timer(s, "award_limit").due_date->to_string(), "2025-03-13");
  const Outcome suspended =
      expect_outcome(s, command(Command::Kind::kSuspend, "director", "", {}, "等待工伤认定"),
                     "2025-02-10T10:00:00+08:00");
  EXPECT_EQ(suspended.next.status, CaseStatus::kSuspended);
  EXPECT_EQ(timer(suspended.next, "award_limit").status, TimerStatus::kRunning);
  EXPECT_EQ(timer(suspended.next, "award_limit").due_date->to_string(), "2025-03-13");
  for (const AuditRecord& r : suspended.records) EXPECT_NE(r.kind, "timer_pause") << r.event;

  const Outcome warned = expect_outcome(suspended.next, command(Command::Kind::kTick, "system"),
                                        "2025-03-10T08:00:00+08:00");
  EXPECT_EQ(warned.tick.warned, 1);
  const Outcome missed = expect_outcome(warned.next, command(Command::Kind::kTick, "system"),
                                        "2025-03-14T08:00:00+08:00");
  EXPECT_EQ(missed.tick.overdue, 1);
  EXPECT_EQ(missed.tick.escalated, 1);
  EXPECT_EQ(timer(missed.next, "award_limit").status, TimerStatus::kOverdue);

  const Outcome resumed = expect_outcome(missed.next, command(Command::Kind::kResume, "director"),
                                         "2025-03-20T10:00:00+08:00");
  EXPECT_EQ(resumed.next.status, CaseStatus::kActive);
  EXPECT_EQ(timer(resumed.next, "award_limit").status, TimerStatus::kOverdue);
  EXPECT_EQ(timer(resumed.next, "award_limit").due_date->to_string(), "2025-03-13")
      << "not counted again from the resumption";
}

TEST_F(DecideTest, SuspensionPausesTimersAndResumptionKeepsTheRemainingAmountInItsUnit) {
  CaseSnapshot s = open();  // acceptance_decision due 2025-02-07
  // Suspended Mon 01-27: working days left after it up to 02-07: 02-05,
  // 02-06, 02-07 = 3. Resumed Mon 02-10: 02-11, 02-12, 02-13 -> due 02-13.
  Outcome suspended =
      expect_outcome(s, command(Command::Kind::kSuspend, "director", "", {}, "等待工伤认定"),
                     "2025-01-27T10:00:00+08:00");
  EXPECT_EQ(suspended.next.status, CaseStatus::kSuspended);
  const TimerState& paused = timer(suspended.next, "acceptance_decision");
  EXPECT_EQ(paused.status, TimerStatus::kPaused);
  // What the pages show while it is paused is what resumption counts.
  EXPECT_EQ(left_at_pause(def(), paused, *paused.paused_at).to_string(), "3 working_days");
  Outcome quiet =
      expect_outcome(suspended.next, command(Command::Kind::kTick, "system"), "2025-02-09");
  EXPECT_TRUE(quiet.records.empty());
  Outcome resumed = expect_outcome(suspended.next, command(Command::Kind::kResume, "director"),
                                   "2025-02-10T10:00:00+08:00");
  EXPECT_EQ(resumed.next.status, CaseStatus::kActive);
  const TimerState& t = timer(resumed.next, "acceptance_decision");
  EXPECT_EQ(t.status, TimerStatus::kRunning);
  EXPECT_EQ(t.due_date->to_string(), "2025-02-13");
  EXPECT_FALSE(t.paused_at.has_value());

  // Calendar days: award_limit due 03-13 (accepted 01-27); suspended Mon
  // 02-10 leaves 18 + 13 = 31 days; resumed Mon 03-03 -> Thu 2025-04-03.
  CaseSnapshot a =
      fire(open(), "clerk", "accept", "2025-01-27T10:00:00+08:00", {{"region", "长春市"}});
  a = expect_outcome(a, command(Command::Kind::kSuspend, "director", "", {}, "中止"), "2025-02-10")
          .next;
  const TimerState& award = timer(a, "award_limit");
  EXPECT_EQ(left_at_pause(def(), award, *award.paused_at).to_string(), "31 days");
  a = expect_outcome(a, command(Command::Kind::kResume, "director"), "2025-03-03").next;
  EXPECT_EQ(timer(a, "award_limit").due_date->to_string(), "2025-04-03");
}

// A deadline that passed before the suspension was missed, whether or not
// a tick has recorded it yet: the suspension applies the passed thresholds
// first, as a tick at the same instant would (found by QA: suspended the
// day after its due date with no tick between, a timer was paused with 0
// left and fell due again on resumption, its miss gone from the record).
TEST_F(DecideTest, ASuspensionAfterADueDateNoTickRecordedFirstRecordsItOverdue) {
  const CaseSnapshot s = open();  // acceptance_decision due Fri 2025-02-07
  ASSERT_EQ(timer(s, "acceptance_decision").due_date->to_string(), "2025-02-07");
  const char* when = "2025-02-10T10:00:00+08:00";
  const Command suspend = command(Command::Kind::kSuspend, "director", "", {}, "等待工伤认定");
  const Outcome suspended = expect_outcome(s, suspend, when);

  const Outcome ticked = expect_outcome(s, command(Command::Kind::kTick, "system"), when);
  ASSERT_FALSE(ticked.records.empty());
  const Outcome then_suspended = expect_outcome(ticked.next, suspend, when);
  // The suspend record, then what the tick records, then the pauses: a
  // trail tells a suspension's thresholds from a tick's by that order.
  std::vector<AuditRecord> expected = then_suspended.records;
  expected.insert(expected.begin() + 1, ticked.records.begin(), ticked.records.end());
  auto line = [](const AuditRecord& r) {
    return r.actor + " " + r.kind + " " + r.event + " " + r.data;
  };
  std::vector<std::string> got_lines, expected_lines;
  for (const AuditRecord& r : suspended.records) got_lines.push_back(line(r));
  for (const AuditRecord& r : expected) expected_lines.push_back(line(r));
  EXPECT_EQ(got_lines, expected_lines);
  EXPECT_EQ(suspended.next.row_version, s.row_version + 1);

  const TimerState& missed = timer(suspended.next, "acceptance_decision");
  EXPECT_EQ(missed.status, TimerStatus::kOverdue);
  EXPECT_EQ(missed.due_date->to_string(), "2025-02-07");
  ASSERT_GE(suspended.records.size(), 2u);
  EXPECT_EQ(suspended.records[0].kind, "suspend");
  EXPECT_EQ(suspended.records[1].kind, "timer_warn");
  EXPECT_EQ(suspended.records[1].actor, "system");
  const CaseSnapshot resumed =
      expect_outcome(suspended.next, command(Command::Kind::kResume, "director"), "2025-02-20")
          .next;
  EXPECT_EQ(timer(resumed, "acceptance_decision").status, TimerStatus::kOverdue);
  EXPECT_EQ(timer(resumed, "acceptance_decision").due_date->to_string(), "2025-02-07");

  // On its due date it is not yet past: paused with nothing left, as before.
  const Outcome on_the_day = expect_outcome(s, suspend, "2025-02-07T17:00:00+08:00");
  EXPECT_EQ(timer(on_the_day.next, "acceptance_decision").status, TimerStatus::kPaused);
}

// Suspended on its due date, a working-days timer has 0 working days left;
// resumed in a holiday it falls due on the first working day after it, not
// on the resumption day (found by QA: an answer period lapsed on 10-04).
TEST_F(DecideTest, ATimerSuspendedOnItsDueDateAndResumedInAHolidayFallsDueAfterIt) {
  // Opened Wed 09-24: 09-25, 09-26, 09-28 (make-up Sunday), 09-29, 09-30.
  CaseSnapshot s = open("2025-09-24T10:00:00+08:00");
  ASSERT_EQ(timer(s, "acceptance_decision").due_date->to_string(), "2025-09-30");
  s = expect_outcome(s, command(Command::Kind::kSuspend, "director", "", {}, "中止"),
                     "2025-09-30T17:00:00+08:00")
          .next;
  const TimerState& paused = timer(s, "acceptance_decision");
  EXPECT_EQ(left_at_pause(def(), paused, *paused.paused_at).to_string(), "0 working_days");
  s = expect_outcome(s, command(Command::Kind::kResume, "director"), "2025-10-04T09:00:00+08:00")
          .next;
  EXPECT_EQ(timer(s, "acceptance_decision").due_date->to_string(), "2025-10-09");
}

// A "days" count that reached a rest day and rolled forward: a suspension
// counts what is left to the day the count reached (start + N), not to the
// rolled due date (docs/deadlines.md, "Suspension"). Dates by hand on the
// 2026 calendar: Spring Festival 02-15..02-23, make-up Saturday 02-28;
// Labour Day 05-01..05-05.
TEST_F(DecideTest, SuspensionCountsADaysTimerToTheDayItsCountReachedNotTheRolledDueDate) {
  // Accepted Mon 2026-01-05: 45 days reach 02-19 (Spring Festival), due 02-24.
  CaseSnapshot accepted = fire(open("2026-01-05T09:00:00+08:00"), "clerk", "accept",
                               "2026-01-05T10:00:00+08:00", {{"region", "长春市"}});
  const TimerState& started = timer(accepted, "award_limit");
  EXPECT_EQ(started.due_date->to_string(), "2026-02-24");
  ASSERT_TRUE(started.counted_to.has_value());
  EXPECT_EQ(started.counted_to->to_string(), "2026-02-19");

  // Suspended 01-12: 38 days after it up to 02-19 (not 43 up to 02-24).
  // Resumed 01-21: 38 days later is Sat 02-28, a make-up working day.
  CaseSnapshot s =
      expect_outcome(accepted, command(Command::Kind::kSuspend, "director", "", {}, "中止"),
                     "2026-01-12T10:00:00+08:00")
          .next;
  const TimerState& paused = timer(s, "award_limit");
  EXPECT_EQ(left_at_pause(def(), paused, *paused.paused_at).to_string(), "38 days");
  s = expect_outcome(s, command(Command::Kind::kResume, "director"), "2026-01-21T10:00:00+08:00")
          .next;
  EXPECT_EQ(timer(s, "award_limit").due_date->to_string(), "2026-02-28");
  EXPECT_FALSE(timer(s, "award_limit").counted_to.has_value()) << "02-28 is not rolled";

  // Suspended inside the rest days the due date rolled over (after 02-19,
  // before 02-24): nothing is left, so it falls due on the day it resumes.
  s = expect_outcome(accepted, command(Command::Kind::kSuspend, "director", "", {}, "中止"),
                     "2026-02-20T10:00:00+08:00")
          .next;
  const TimerState& in_holiday = timer(s, "award_limit");
  EXPECT_EQ(left_at_pause(def(), in_holiday, *in_holiday.paused_at).to_string(), "0 days");
  s = expect_outcome(s, command(Command::Kind::kResume, "director"), "2026-02-25T10:00:00+08:00")
          .next;
  EXPECT_EQ(timer(s, "award_limit").due_date->to_string(), "2026-02-25");

  // A timer counted before counted_to was kept counts to its due date, as
  // it did then (43 days: 03-05).
  CaseSnapshot legacy = accepted;
  legacy.timer(*def().timer_id("award_limit"))->counted_to.reset();
  legacy = expect_outcome(legacy, command(Command::Kind::kSuspend, "director", "", {}, "中止"),
                          "2026-01-12T10:00:00+08:00")
               .next;
  legacy = expect_outcome(legacy, command(Command::Kind::kResume, "director"), "2026-01-21").next;
  EXPECT_EQ(timer(legacy, "award_limit").due_date->to_string(), "2026-03-05");
}

// An extension counts `by` from the due date as it is, and keeps the day
// that count reached when it rolls: accepted Mon 2026-03-02, due Thu 04-16;
// extended by 15 days it reaches 05-01 (Labour Day) and rolls to 05-06.
// Suspended 04-20 leaves 11 days to 05-01; resumed 04-27: Fri 05-08.
TEST_F(DecideTest, AnExtensionThatRollsKeepsTheDayItsCountReachedForASuspension) {
  CaseSnapshot s = fire(open("2026-03-02T09:00:00+08:00"), "clerk", "accept",
                        "2026-03-02T10:00:00+08:00", {{"region", "长春市"}});
  ASSERT_EQ(timer(s, "award_limit").due_date->to_string(), "2026-04-16");
  EXPECT_FALSE(timer(s, "award_limit").counted_to.has_value());
  Outcome extended = expect_outcome(
      s, command(Command::Kind::kFire, "director", "extend_award_limit", {}, "案情复杂"),
      "2026-04-10T10:00:00+08:00");
  const TimerState& t = timer(extended.next, "award_limit");
  EXPECT_EQ(t.due_date->to_string(), "2026-05-06");
  ASSERT_TRUE(t.counted_to.has_value());
  EXPECT_EQ(t.counted_to->to_string(), "2026-05-01");
  // The audit record says so too: replay and import compare it.
  bool recorded = false;
  for (const AuditRecord& r : extended.records) {
    if (r.kind == "extend") {
      recorded = r.data.find("\"counted_to\":\"2026-05-01\"") != std::string::npos;
    }
  }
  EXPECT_TRUE(recorded);
  s = expect_outcome(extended.next, command(Command::Kind::kSuspend, "director", "", {}, "中止"),
                     "2026-04-20T10:00:00+08:00")
          .next;
  s = expect_outcome(s, command(Command::Kind::kResume, "director"), "2026-04-27T10:00:00+08:00")
          .next;
  EXPECT_EQ(timer(s, "award_limit").due_date->to_string(), "2026-05-08");
}

TEST_F(DecideTest, WarnedTimerRunsAgainAfterResumptionUntilItsNewWarningDate) {
  CaseSnapshot s =
      fire(open(), "clerk", "accept", "2025-01-27T10:00:00+08:00", {{"region", "长春市"}});
  s = expect_outcome(s, command(Command::Kind::kTick, "system"), "2025-03-09").next;
  ASSERT_EQ(timer(s, "award_limit").status, TimerStatus::kWarned);
  s = expect_outcome(s, command(Command::Kind::kSuspend, "director", "", {}, "中止"), "2025-03-10")
          .next;
  s = expect_outcome(s, command(Command::Kind::kResume, "director"), "2025-03-20").next;
  // 3 days were left after 03-10 (11, 12, 13): due Sun 03-23 rolls to Mon 03-24;
  // the warning (5 days before) is already past, so the next tick warns again.
  const TimerState& t = timer(s, "award_limit");
  EXPECT_EQ(t.status, TimerStatus::kRunning);
  EXPECT_EQ(t.due_date->to_string(), "2025-03-24");
  Outcome o =
      expect_outcome(s, command(Command::Kind::kTick, "system"), "2025-03-20T10:00:00+08:00");
  EXPECT_EQ(o.tick.warned, 1);
}

TEST_F(DecideTest, ExtensionMovesTheDueDateAndBringsAnOverdueTimerBackToRunning) {
  CaseSnapshot s =
      fire(open(), "clerk", "accept", "2025-01-27T10:00:00+08:00", {{"region", "长春市"}});
  s = expect_outcome(s, command(Command::Kind::kTick, "system"), "2025-03-14T08:00:00+08:00").next;
  ASSERT_EQ(timer(s, "award_limit").status, TimerStatus::kOverdue);
  Outcome o = expect_outcome(
      s, command(Command::Kind::kFire, "director", "extend_award_limit", {}, "案情复杂"),
      "2025-03-14T09:00:00+08:00");
  // 15 days after Thu 03-13 is Fri 2025-03-28.
  const TimerState& t = timer(o.next, "award_limit");
  EXPECT_EQ(t.due_date->to_string(), "2025-03-28");
  EXPECT_EQ(t.status, TimerStatus::kRunning);
  EXPECT_EQ(t.extensions_used, 1);
  EXPECT_EQ(state(o.next), "accepted");
  ASSERT_EQ(o.records.size(), 1u);
  EXPECT_EQ(o.records[0].kind, "extend");
  EXPECT_EQ(o.records[0].comment, "案情复杂");
}

TEST_F(DecideTest, EventsFromAStateIncludeExtensionsAndNothingFromAFinalState) {
  std::vector<std::string> names;
  for (EventId e : def().events_from(*def().state_id("accepted"))) names.push_back(def().events[e]);
  EXPECT_EQ(names, (std::vector<std::string>{"mediate", "award", "extend_award_limit"}));
  EXPECT_TRUE(def().events_from(*def().state_id("awarded")).empty());
}

}  // namespace
}  // namespace wageflow
