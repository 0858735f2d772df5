// `states`: exactly one initial state; flags are booleans.
#include <gtest/gtest.h>

#include "tests/engine/definition/workspace.h"

namespace wageflow {
namespace {

using testing::expect_error;
using testing::Workspace;

std::string with_states(const std::string& states) {
  return "workflow: demo\nversion: 1\ncalendar: test-cal\nroles: [clerk]\nstates:\n" + states +
         "transitions:\n  - {event: finish, from: open, to: done}\n";
}

TEST(DefinitionStates, RejectsWorkflowWithoutInitialStateAtTheStatesKey) {
  Workspace ws;
  expect_error(ws.load(with_states("  open: {}\n  done: {final: true}\n")), 5, 1,
               "no initial state; mark exactly one state with initial: true");
}

TEST(DefinitionStates, RejectsASecondInitialStateAtItsName) {
  Workspace ws;
  auto loaded = ws.load(
      with_states("  open: {initial: true}\n  draft: {initial: true}\n  done: {final: true}\n"));
  expect_error(loaded, 7, 3, "state 'draft' is a second initial state ('open' is initial)");
  EXPECT_EQ(loaded.errors(), 1) << loaded.listing();
}

TEST(DefinitionStates, RejectsAStateThatIsBothInitialAndFinal) {
  Workspace ws;
  expect_error(
      ws.load(with_states("  open: {initial: true, final: true}\n  done: {final: true}\n")), 6, 3,
      "state 'open' cannot be both initial and final");
}

TEST(DefinitionStates, RejectsInitialThatIsNotTrueOrFalse) {
  Workspace ws;
  expect_error(ws.load(with_states("  open: {initial: yes}\n  done: {final: true}\n")), 6, 19,
               "initial must be true or false, not 'yes'");
}

TEST(DefinitionStates, RejectsStarAsAStateName) {
  Workspace ws;
  expect_error(ws.load(with_states("  open: {initial: true}\n  '*': {}\n  done: {final: true}\n")),
               7, 3, "'*' is not a state name");
}

TEST(DefinitionStates, AcceptsAStateWithNothingUnderIt) {
  Workspace ws;
  auto loaded = ws.load(
      "workflow: demo\nversion: 1\ncalendar: test-cal\nroles: [clerk]\nstates:\n"
      "  open: {initial: true}\n  waiting:\n  done: {final: true}\ntransitions:\n"
      "  - {event: wait, from: open, to: waiting}\n  - {event: finish, from: '*', to: done}\n");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  EXPECT_FALSE(loaded.def().states[1].initial);
  EXPECT_FALSE(loaded.def().states[1].final);
}

}  // namespace
}  // namespace wageflow
