// Loading valid workflows: the model, the (state, event) table and the
// result of a failed load.
#include <gtest/gtest.h>

#include "tests/engine/definition/workspace.h"

namespace wageflow {
namespace {

using testing::Workspace;

// The example of workflow-format.md, with its calendar renamed to the test
// calendar.
constexpr const char* kFormatExample = R"(workflow: wage-arbitration-fasttrack
version: 3
title: {zh: 农民工工资争议速裁, en: Fast-track wage arbitration}
calendar: test-cal
roles: [intake_clerk, mediator, arbitrator, director]

constants:
  min_monthly_wage: 2120

fields:
  worker_name:  {type: string, required: true, pii: true, label: {zh: 劳动者姓名}}
  worker_id_no: {type: string, pii: true, pattern: '^[0-9]{17}[0-9X]$', hint: 18位身份证号码}
  employer:     {type: string, required: true}
  region:       {type: enum, values: [长春市, 吉林市, 四平市], required: true}
  claim_amount: {type: money, required: true}
  recovered_amount: {type: money}
  hearing_date: {type: date}
  final_award:  {type: bool}

states:
  intake:    {initial: true, label: {zh: 申请登记}}
  accepted:  {label: {zh: 已受理}}
  mediation: {label: {zh: 先行调解}}
  hearing:   {label: {zh: 开庭审理}}
  settled:   {final: true, label: {zh: 调解结案}}
  awarded:   {final: true, label: {zh: 裁决结案}}
  rejected:  {final: true, label: {zh: 不予受理}}
  withdrawn: {final: true, label: {zh: 撤回申请}}

transitions:
  - event: accept
    from: intake
    to: accepted
    roles: [intake_clerk]
    requires: [worker_name, employer]
  - event: reject
    from: intake
    to: rejected
    roles: [intake_clerk, director]
    comment: required
  - event: start_mediation
    from: accepted
    to: mediation
  - event: settle
    from: mediation
    to: settled
    requires: [recovered_amount]
  - event: fail_mediation
    from: mediation
    to: hearing
  - event: award
    from: hearing
    to: awarded
    roles: [arbitrator]
    set:
      final_award: claim_amount <= 12 * min_monthly_wage
  - event: withdraw
    from: '*'
    to: withdrawn

timers:
  acceptance_decision:
    duration: 5 working_days
    start: {enter: intake}
    stop: {leave: intake}
    warn: 1 working_days
    expire: {escalate: director}
  closure:
    duration: 15 days
    start: {enter: accepted}
    warn: 3 days
    extend: {event: extend_closure, by: 15 days, times: 1, roles: [director]}
    expire: {escalate: director}
    binding: true
)";

std::vector<std::string> names_of(const Definition& def, const std::vector<EventId>& events) {
  std::vector<std::string> names;
  for (EventId e : events) names.push_back(def.events.at(e));
  return names;
}

TEST(DefinitionLoader, LoadsTheFormatExampleWithoutDiagnostics) {
  Workspace ws;
  auto loaded = ws.load(kFormatExample);
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  EXPECT_TRUE(loaded.diagnostics.empty()) << loaded.listing();
  const Definition& def = loaded.def();
  EXPECT_EQ(def.id, "wage-arbitration-fasttrack");
  EXPECT_EQ(def.version, 3);
  EXPECT_EQ(def.title.get("en"), "Fast-track wage arbitration");
  EXPECT_EQ(def.title.get("zh"), "农民工工资争议速裁");
  ASSERT_TRUE(def.calendar);
  EXPECT_EQ(def.calendar->name(), "test-cal");
  EXPECT_EQ(def.roles,
            (std::vector<std::string>{"intake_clerk", "mediator", "arbitrator", "director"}));
  ASSERT_EQ(def.fields.size(), 8u);
  const FieldDef& region = def.fields[*def.field_id("region")];
  EXPECT_EQ(region.type, FieldType::kEnum);
  EXPECT_TRUE(region.required);
  EXPECT_EQ(region.enum_values, (std::vector<std::string>{"长春市", "吉林市", "四平市"}));
  const FieldDef& id_no = def.fields[*def.field_id("worker_id_no")];
  EXPECT_TRUE(id_no.pii);
  EXPECT_FALSE(id_no.required);
  ASSERT_NE(id_no.pattern, nullptr);
  EXPECT_EQ(id_no.pattern->source(), "^[0-9]{17}[0-9X]$");
  EXPECT_EQ(def.fields[*def.field_id("worker_name")].label.get("zh"), "劳动者姓名");
  ASSERT_EQ(def.states.size(), 8u);
  EXPECT_EQ(def.initial_state(), *def.state_id("intake"));
  EXPECT_TRUE(def.states[*def.state_id("awarded")].final);
  EXPECT_EQ(def.states[*def.state_id("hearing")].label.get("en", "hearing"), "开庭审理");
  EXPECT_EQ(def.events,
            (std::vector<std::string>{"accept", "reject", "start_mediation", "settle",
                                      "fail_mediation", "award", "withdraw", "extend_closure"}));
  ASSERT_EQ(def.transitions.size(), 7u);
  const TransitionDef& accept = def.transitions[0];
  EXPECT_EQ(accept.line, 31);
  EXPECT_EQ(accept.roles, std::vector<RoleId>{*def.role_id("intake_clerk")});
  EXPECT_EQ(accept.required_fields,
            (std::vector<FieldId>{*def.field_id("worker_name"), *def.field_id("employer")}));
  EXPECT_FALSE(accept.comment_required);
  EXPECT_TRUE(def.transitions[1].comment_required);
  EXPECT_TRUE(def.transitions[2].roles.empty());  // omitted: any role
  const TransitionDef& award = def.transitions[5];
  ASSERT_EQ(award.assignments.size(), 1u);
  EXPECT_EQ(award.assignments[0].field, *def.field_id("final_award"));
  EXPECT_EQ(award.assignments[0].value.type(), expr::Type::kBool);
  ASSERT_EQ(def.timers.size(), 2u);
  const TimerDef& acceptance = def.timers[0];
  EXPECT_EQ(acceptance.duration, (Duration{5, Duration::Unit::kWorkingDays}));
  EXPECT_EQ(acceptance.start.kind, TimerCondition::Kind::kEnter);
  EXPECT_EQ(acceptance.start.ids, std::vector<int>{*def.state_id("intake")});
  EXPECT_EQ(acceptance.stop.kind, TimerCondition::Kind::kLeave);
  ASSERT_TRUE(acceptance.warn);
  EXPECT_EQ(*acceptance.warn, (Duration{1, Duration::Unit::kWorkingDays}));
  EXPECT_EQ(acceptance.expire.kind, TimerDef::Expire::Kind::kEscalate);
  EXPECT_EQ(acceptance.expire.escalate_to, *def.role_id("director"));
  EXPECT_TRUE(acceptance.binding);  // the default
  EXPECT_FALSE(acceptance.extend);
  const TimerDef& closure = def.timers[1];
  EXPECT_EQ(closure.stop.kind, TimerCondition::Kind::kNone);
  ASSERT_TRUE(closure.extend);
  EXPECT_EQ(def.events[closure.extend->event], "extend_closure");
  EXPECT_EQ(closure.extend->by, (Duration{15, Duration::Unit::kDays}));
  EXPECT_EQ(closure.extend->times, 1);
  EXPECT_EQ(closure.extend->roles, std::vector<RoleId>{*def.role_id("director")});
  EXPECT_TRUE(def.suspend_roles.empty());
  EXPECT_TRUE(def.resume_roles.empty());
  EXPECT_TRUE(def.correct_roles.empty());
}

TEST(DefinitionLoader, ExpandsStarToEveryNonFinalStateInStateOrder) {
  Workspace ws;
  auto loaded = ws.load(kFormatExample);
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  const Definition& def = loaded.def();
  const TransitionDef& withdraw = def.transitions[6];
  EXPECT_EQ(def.events[withdraw.event], "withdraw");
  std::vector<StateId> expected = {*def.state_id("intake"), *def.state_id("accepted"),
                                   *def.state_id("mediation"), *def.state_id("hearing")};
  EXPECT_EQ(withdraw.from, expected);
}

TEST(DefinitionLoader, RowsListEveryRowOfAStateAndEventInFileOrder) {
  Workspace ws;
  auto loaded = ws.load(R"(workflow: demo
version: 1
calendar: test-cal
roles: [clerk]
fields:
  amount: {type: money}
states:
  open: {initial: true}
  big: {final: true}
  small: {final: true}
transitions:
  - event: decide
    from: open
    to: big
    guard: amount > 1000
  - event: close
    from: '*'
    to: small
  - event: decide
    from: [open]
    to: small
)");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  const Definition& def = loaded.def();
  StateId open = *def.state_id("open");
  EXPECT_EQ(def.rows(open, *def.event_id("decide")), (std::vector<int>{0, 2}));
  EXPECT_EQ(def.rows(open, *def.event_id("close")), (std::vector<int>{1}));
  EXPECT_TRUE(def.rows(*def.state_id("big"), *def.event_id("decide")).empty());
  EXPECT_TRUE(def.rows(open, 99).empty());
  EXPECT_TRUE(def.rows(-1, 0).empty());
}

TEST(DefinitionLoader, EventsFromListsRowEventsThenExtensionEventsAndNothingWhenFinal) {
  Workspace ws;
  auto loaded = ws.load(kFormatExample);
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  const Definition& def = loaded.def();
  EXPECT_EQ(names_of(def, def.events_from(*def.state_id("intake"))),
            (std::vector<std::string>{"accept", "reject", "withdraw", "extend_closure"}));
  EXPECT_EQ(names_of(def, def.events_from(*def.state_id("mediation"))),
            (std::vector<std::string>{"settle", "fail_mediation", "withdraw", "extend_closure"}));
  EXPECT_TRUE(def.events_from(*def.state_id("awarded")).empty());
}

TEST(DefinitionLoader, TimerExtendedByFindsTheTimerOfAnExtensionEventOnly) {
  Workspace ws;
  auto loaded = ws.load(kFormatExample);
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  const Definition& def = loaded.def();
  EXPECT_EQ(def.timer_extended_by(*def.event_id("extend_closure")), def.timer_id("closure"));
  EXPECT_EQ(def.timer_extended_by(*def.event_id("accept")), std::nullopt);
}

TEST(DefinitionLoader, LooksUpNamesAndAnswersNulloptForUnknownOnes) {
  Workspace ws;
  auto loaded = ws.load(kFormatExample);
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  const Definition& def = loaded.def();
  EXPECT_EQ(def.state_id("hearing"), 3);
  EXPECT_EQ(def.event_id("award"), 5);
  EXPECT_EQ(def.field_id("claim_amount"), 4);
  EXPECT_EQ(def.role_id("director"), 3);
  EXPECT_EQ(def.timer_id("closure"), 1);
  EXPECT_EQ(def.state_id("nowhere"), std::nullopt);
  EXPECT_EQ(def.event_id("nothing"), std::nullopt);
  EXPECT_EQ(def.field_id(""), std::nullopt);
  EXPECT_EQ(def.role_id("judge"), std::nullopt);
  EXPECT_EQ(def.timer_id("closure "), std::nullopt);
}

TEST(DefinitionLoader, KeepsTheSourceTextExactly) {
  Workspace ws;
  std::string text = std::string("# 注释 comment\r\n") + testing::kMinimal + "\n\n# trailing\n";
  auto loaded = ws.load(text);
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  EXPECT_EQ(loaded.def().source_text, text);
}

TEST(DefinitionLoader, ReadsLifecycleRolesAndPlainTextLabels) {
  Workspace ws;
  auto loaded = ws.load(std::string(testing::kMinimal) +
                        "lifecycle: {suspend: [director], resume: [clerk, director], "
                        "correct: [clerk]}\n"
                        "title: 简单流程\n");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  const Definition& def = loaded.def();
  EXPECT_EQ(def.suspend_roles, std::vector<RoleId>{1});
  EXPECT_EQ(def.resume_roles, (std::vector<RoleId>{0, 1}));
  EXPECT_EQ(def.correct_roles, std::vector<RoleId>{0});
  EXPECT_EQ(def.title.get("en"), "简单流程");
}

TEST(DefinitionLoader, LoadDefinitionTextNamesTheGivenFileInDiagnostics) {
  Workspace ws;
  std::vector<Diagnostic> diagnostics;
  auto result =
      load_definition_text("workflow: Demo\n", "stored:demo@1", ws.options(), &diagnostics);
  ASSERT_FALSE(result.ok());
  ASSERT_FALSE(diagnostics.empty());
  EXPECT_EQ(diagnostics[0].file, "stored:demo@1");
  EXPECT_EQ(result.error(), std::to_string(diagnostics.size()) + " errors in stored:demo@1");
}

// A mutated workflow the fuzzer found on which yaml-cpp 0.7's LoadAll never
// ended (jbeder/yaml-cpp#1319): the loader counts documents itself and
// answers with positioned errors at once (a hang fails this test by ctest's
// timeout). The file as found has bytes that are not UTF-8, which the
// loader now refuses before YAML reads it; the -utf8 copy has each of them
// replaced by '?', so that YAML still reads the rest.
TEST(DefinitionLoader, MalformedFileOnWhichYamlCppLoadAllNeverEndsIsAnsweredWithErrors) {
  Workspace ws;
  const std::string found = std::string(WAGEFLOW_SOURCE_DIR) +
                            "/tests/fuzz/corpus/workflow_loader/loadall-never-ends-yaml-cpp-1319";
  for (const auto& [file, first_error] :
       {std::pair{found + "-utf8.yaml", std::string(":7:5: error: ")},
        std::pair{found + ".yaml", std::string(":30:8: error: the file is not UTF-8 text")}}) {
    std::vector<Diagnostic> diagnostics;
    auto result = load_definition_file(file, ws.options(), &diagnostics);
    ASSERT_FALSE(result.ok()) << file;
    ASSERT_FALSE(diagnostics.empty()) << file;
    EXPECT_EQ(diagnostics[0].to_string().rfind(file + first_error, 0), 0u)
        << diagnostics[0].to_string();
  }
}

TEST(DefinitionLoader, ReportsAMissingFileAsOneError) {
  Workspace ws;
  std::vector<Diagnostic> diagnostics;
  auto result = load_definition_file(ws.path("absent.yaml"), ws.options(), &diagnostics);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error(), "1 error in " + ws.path("absent.yaml"));
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].to_string(),
            ws.path("absent.yaml") + ":1:1: error: cannot read the file (missing or not readable)");
}

TEST(DefinitionLoader, ReportsEveryProblemInOneRunInFileOrder) {
  Workspace ws;
  auto loaded = ws.load(R"(workflow: Demo
version: 0
calendar: test-cal
roles: [clerk]
fields:
  amount: {type: moeny}
states:
  open: {initial: true}
  done: {final: true}
transitions:
  - event: finish
    from: opne
    to: done
    roles: [clerc]
  - event: close
    from: done
    to: open
timers:
  t:
    duration: 5 weekdays
    start: {enter: open}
)");
  ASSERT_FALSE(loaded.ok());
  std::vector<std::pair<int, int>> places;
  for (const auto& d : loaded.diagnostics) places.emplace_back(d.line, d.column);
  std::vector<std::pair<int, int>> expected = {{1, 11},  {2, 10},  {6, 18}, {12, 11},
                                               {14, 13}, {16, 11}, {20, 15}};
  EXPECT_EQ(places, expected) << loaded.listing();
  EXPECT_EQ(loaded.result.error(), "7 errors in " + loaded.file);
  testing::expect_error(loaded, 12, 11, "unknown state 'opne'; did you mean 'open'?");
  testing::expect_error(loaded, 14, 13, "unknown role 'clerc'; did you mean 'clerk'?");
  testing::expect_error(loaded, 16, 11, "'done' is a final state");
}

}  // namespace
}  // namespace wageflow
