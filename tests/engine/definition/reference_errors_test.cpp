// Every reference to a state, role, field or event is checked, and an
// unknown name is reported at the name itself with a hint.
#include <gtest/gtest.h>

#include "tests/engine/definition/workspace.h"

namespace wageflow {
namespace {

using testing::expect_error;
using testing::Workspace;

constexpr const char* kBase = R"(workflow: demo
version: 1
calendar: test-cal
roles: [clerk, director]
fields:
  amount: {type: money}
  note: {type: text}
states:
  open: {initial: true}
  review: {}
  done: {final: true}
transitions:
  - event: submit
    from: open
    to: review
    roles: [clerk]
    requires: [amount]
    set: {note: "'submitted'"}
  - event: approve
    from: [review]
    to: done
timers:
  review_limit:
    duration: 5 working_days
    start: {enter: review}
    stop: {leave: review}
    expire: {escalate: director}
    extend: {event: extend_review, by: 5 working_days, roles: [director]}
  answer:
    duration: 3 days
    start: {event: submit}
    stop: {event: approve}
    expire: {fire: approve}
lifecycle:
  suspend: [director]
  resume: [director]
)";

// kBase with the one occurrence of `from` replaced by `to`.
testing::Loaded load_with(const Workspace& ws, const std::string& from, const std::string& to) {
  std::string yaml = kBase;
  std::size_t at = yaml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(yaml.find(from, at + 1), std::string::npos) << from << " is not unique";
  if (at != std::string::npos) yaml.replace(at, from.size(), to);
  return ws.load(yaml);
}

TEST(DefinitionReferences, BaseWorkflowLoadsCleanly) {
  Workspace ws;
  auto loaded = ws.load(kBase);
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  EXPECT_TRUE(loaded.diagnostics.empty()) << loaded.listing();
  const Definition& def = loaded.def();
  EXPECT_EQ(def.timers[1].expire.kind, TimerDef::Expire::Kind::kFire);
  EXPECT_EQ(def.events[def.timers[1].expire.fire], "approve");
  EXPECT_EQ(def.timers[1].start.ids, std::vector<int>{*def.event_id("submit")});
  EXPECT_EQ(def.timers[1].stop.ids, std::vector<int>{*def.event_id("approve")});
}

// A list written without brackets is one name to YAML: the error is the
// list itself, once, not every use of the names it was meant to hold.
TEST(DefinitionReferences, ANameListWithoutBracketsIsOneErrorWithTheListToWrite) {
  struct Row {
    const char* from;
    const char* to;
    int line, column;
    const char* message;
  };
  const Row rows[] = {
      {"roles: [clerk, director]", "roles: clerk, director", 4, 8,
       "roles: 'clerk, director' is read as one name; write several names as a list in "
       "brackets: [clerk, director]"},
      {"from: [review]", "from: review, open", 20, 11,
       "from: 'review, open' is read as one name; write several names as a list in brackets: "
       "[review, open]"},
      {"requires: [amount]", "requires: amount, note", 17, 15,
       "requires: 'amount, note' is read as one name"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.to);
    Workspace ws;
    auto loaded = load_with(ws, row.from, row.to);
    expect_error(loaded, row.line, row.column, row.message);
    EXPECT_EQ(loaded.errors(), 1) << loaded.listing();
  }
}

TEST(DefinitionReferences, RejectsTransitionToUnknownStateWithLineAndColumn) {
  Workspace ws;
  auto loaded = load_with(ws, "to: review", "to: reveiw");
  expect_error(loaded, 15, 9, "unknown state 'reveiw'; did you mean 'review'?");
  EXPECT_EQ(loaded.errors(), 1) << loaded.listing();
}

TEST(DefinitionReferences, RejectsTransitionFromUnknownStateAtTheListItem) {
  Workspace ws;
  expect_error(load_with(ws, "from: [review]", "from: [review, draft]"), 20, 20,
               "unknown state 'draft'; known: open, review, done");
}

TEST(DefinitionReferences, RejectsTransitionOutOfAFinalState) {
  Workspace ws;
  expect_error(load_with(ws, "from: [review]", "from: [review, done]"), 20, 20,
               "'done' is a final state: no transition may leave a final state");
}

TEST(DefinitionReferences, RejectsUnknownRoleInTransition) {
  Workspace ws;
  expect_error(load_with(ws, "roles: [clerk]", "roles: [clark]"), 16, 13,
               "unknown role 'clark'; did you mean 'clerk'?");
}

TEST(DefinitionReferences, RejectsUnknownRequiredField) {
  Workspace ws;
  expect_error(load_with(ws, "requires: [amount]", "requires: [amuont]"), 17, 16,
               "unknown field 'amuont'; did you mean 'amount'?");
}

TEST(DefinitionReferences, RejectsSetOfUnknownField) {
  Workspace ws;
  expect_error(load_with(ws, "set: {note:", "set: {notes:"), 18, 11,
               "unknown field 'notes'; did you mean 'note'?");
}

TEST(DefinitionReferences, RejectsCommentOtherThanRequired) {
  Workspace ws;
  expect_error(load_with(ws, "roles: [clerk]", "comment: yes"), 16, 14,
               "comment accepts only 'required'");
}

TEST(DefinitionReferences, RejectsEventNameNotMatchingThePattern) {
  Workspace ws;
  expect_error(load_with(ws, "- event: approve", "- event: Approve"), 19, 12,
               "event name 'Approve' must be lowercase letters, digits and '_'");
}

TEST(DefinitionReferences, RejectsTimerStartingOnUnknownState) {
  Workspace ws;
  expect_error(load_with(ws, "start: {enter: review}", "start: {enter: revue}"), 25, 20,
               "unknown state 'revue'; did you mean 'review'?");
}

TEST(DefinitionReferences, RejectsTimerStoppingOnUnknownStateInAList) {
  Workspace ws;
  expect_error(load_with(ws, "stop: {leave: review}", "stop: {leave: [review, closed]}"), 26, 28,
               "unknown state 'closed'");
}

TEST(DefinitionReferences, RejectsTimerStartingOnUnknownEvent) {
  Workspace ws;
  expect_error(load_with(ws, "start: {event: submit}", "start: {event: sumbit}"), 31, 20,
               "unknown event 'sumbit'; did you mean 'submit'?");
}

TEST(DefinitionReferences, RejectsTimerStoppingOnUnknownEvent) {
  Workspace ws;
  expect_error(load_with(ws, "stop: {event: approve}", "stop: {event: aprove}"), 32, 19,
               "unknown event 'aprove'; did you mean 'approve'?");
}

TEST(DefinitionReferences, RejectsEscalationToUnknownRole) {
  Workspace ws;
  expect_error(load_with(ws, "escalate: director}", "escalate: directer}"), 27, 24,
               "unknown role 'directer'; did you mean 'director'?");
}

TEST(DefinitionReferences, RejectsExpireFiringAnEventWithoutTransitionRow) {
  Workspace ws;
  expect_error(load_with(ws, "fire: approve", "fire: extend_review"), 33, 20,
               "expire fires 'extend_review', which has no transition row");
}

TEST(DefinitionReferences, RejectsExpireFiringAnUnknownEventWithAHint) {
  Workspace ws;
  expect_error(load_with(ws, "fire: approve", "fire: aprove"), 33, 20,
               "expire fires 'aprove', which has no transition row; add a transition with "
               "event: aprove; did you mean 'approve'?");
}

TEST(DefinitionReferences, RejectsUnknownRoleAllowedToExtend) {
  Workspace ws;
  expect_error(load_with(ws, "roles: [director]}", "roles: [director, boss]}"), 28, 74,
               "unknown role 'boss'");
}

TEST(DefinitionReferences, RejectsUnknownRoleInLifecycleSuspend) {
  Workspace ws;
  expect_error(load_with(ws, "suspend: [director]", "suspend: [directors]"), 35, 13,
               "unknown role 'directors'; did you mean 'director'?");
}

TEST(DefinitionReferences, RejectsUnknownRoleInLifecycleResume) {
  Workspace ws;
  expect_error(load_with(ws, "resume: [director]", "resume: [clerk, judge]"), 36, 19,
               "unknown role 'judge'");
}

TEST(DefinitionReferences, RejectsUnknownRoleInLifecycleCorrect) {
  Workspace ws;
  expect_error(load_with(ws, "resume: [director]", "resume: [director]\n  correct: [clerk, judeg]"),
               37, 20, "unknown role 'judeg'");
}

TEST(DefinitionReferences, RejectsEmptyRoleListThatWouldMeanEveryRole) {
  Workspace ws;
  expect_error(load_with(ws, "roles: [clerk]", "roles: []"), 16, 12,
               "roles must list at least one role (leave it out to allow every role)");
}

}  // namespace
}  // namespace wageflow
