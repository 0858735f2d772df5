// Guards and `set:` values are compiled at load time; each error is reported
// at its own line:col in the file, through quotes, escapes and folded lines.
#include <gtest/gtest.h>

#include "tests/engine/definition/workspace.h"

namespace wageflow {
namespace {

using testing::expect_error;
using testing::kMinimal;
using testing::Workspace;

constexpr const char* kFields = R"(fields:
  claim_amount: {type: money}
  final_award: {type: bool}
  region: {type: enum, values: [长春市, 吉林市]}
constants:
  min_monthly_wage: 2120
)";

// kMinimal's transition (lines 8-11) continued by `row_tail` from line 12,
// then the fields.
testing::Loaded load_row(const Workspace& ws, const std::string& row_tail) {
  return ws.load(std::string(kMinimal) + row_tail + kFields);
}

TEST(DefinitionExpressions, CompilesGuardsAndAssignmentsOverFieldsAndConstants) {
  Workspace ws;
  auto loaded = load_row(ws,
                         "    guard: claim_amount > 0 and region in ['长春市']\n"
                         "    set:\n"
                         "      final_award: claim_amount <= 12 * min_monthly_wage\n"
                         "      claim_amount: 12\n");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  const TransitionDef& row = loaded.def().transitions[0];
  ASSERT_TRUE(row.guard);
  EXPECT_EQ(row.guard->type(), expr::Type::kBool);
  EXPECT_EQ(row.guard->text(), "claim_amount > 0 and region in ['长春市']");
  ASSERT_EQ(row.assignments.size(), 2u);
  EXPECT_EQ(row.assignments[1].field, 0);  // int is assignable to money
  // The constant is evaluated from constant_values(): 12 * 2120 yuan.
  std::vector<Value> fields = {Value(Money{2544000}), Value(), Value()};
  expr::Context context{&fields, &loaded.def().constant_values()};
  EXPECT_EQ(row.assignments[0].value.evaluate(context).value, Value(true));
}

TEST(DefinitionExpressions, TellsHowToWriteTextAndNamesAnUnclosedParenthesis) {
  Workspace ws;
  expect_error(load_row(ws, "    set:\n      region: changchun\n"), 13, 15,
               "unknown name 'changchun'; if 'changchun' is text, quote it: 'changchun' (in "
               "YAML: \"'changchun'\")");
  Workspace ws1;
  expect_error(load_row(ws1, "    set:\n      region: 长春市\n"), 13, 15,
               "unexpected character '长'; text is written in quotes (in YAML: \"'...'\")");
  Workspace ws2;
  expect_error(load_row(ws2, "    guard: (claim_amount > 0 and final_award == true\n"), 12, 53,
               "expected ')' to close the '(' before 'claim_amount', found end of expression");
}

// What reads no field has one value for every case: known at load.
TEST(DefinitionExpressions, JudgesWhatReadsNoFieldAtLoad) {
  Workspace ws;
  auto always_true = load_row(ws, "    guard: min_monthly_wage > 0\n");
  ASSERT_TRUE(always_true.ok()) << always_true.listing();
  testing::expect_warning(always_true, 12, 12,
                          "guard 'min_monthly_wage > 0' reads no field of the case: it is always "
                          "true (leave it out)");
  Workspace ws1;
  expect_error(load_row(ws1, "    set:\n      claim_amount: min_monthly_wage / 0\n"), 13, 40,
               "set claim_amount: division by zero: the divisor is 0");
  Workspace ws3;  // reads a field, so it is not judged at load; its divisor is
  expect_error(load_row(ws3, "    guard: claim_amount / 0 > 1\n"), 12, 27,
               "division by zero: the divisor is 0");
  Workspace ws2;
  auto reads = load_row(ws2, "    guard: claim_amount > 0 or 1 > 2\n");
  EXPECT_TRUE(reads.ok()) << reads.listing();
  EXPECT_TRUE(reads.diagnostics.empty()) << reads.listing();
}

TEST(DefinitionExpressions, ReportsUnknownNameInPlainGuardAtItsColumnWithAHint) {
  Workspace ws;
  expect_error(load_row(ws, "    guard: claim_amout > 0\n"), 12, 12,
               "guard: unknown name 'claim_amout'; did you mean 'claim_amount'?");
}

TEST(DefinitionExpressions, MapsAnOffsetInsideAPlainGuard) {
  Workspace ws;
  expect_error(load_row(ws, "    guard: claim_amount > 0 and regoin == '长春市'\n"), 12, 33,
               "unknown name 'regoin'; did you mean 'region'?");
}

TEST(DefinitionExpressions, MapsAnOffsetInsideASingleQuotedGuardPastItsQuoteAndEscapes) {
  Workspace ws;
  // The value is: region == '长春市' and claim_amount > 'x'  (error at the '>').
  expect_error(load_row(ws, "    guard: 'region == ''长春市'' and claim_amount > ''x'''\n"), 12, 54,
               "cannot compare money with string");
}

TEST(DefinitionExpressions, MapsAnOffsetInsideADoubleQuotedGuardPastItsQuoteAndEscapes) {
  Workspace ws;
  // \x63 is 'c': the value is "claim_amount > 0 and bogus".
  expect_error(load_row(ws, "    guard: \"\\x63laim_amount > 0 and bogus\"\n"), 12, 37,
               "unknown name 'bogus'");
}

TEST(DefinitionExpressions, MapsAnOffsetOnTheContinuationLineOfAMultiLineGuard) {
  Workspace ws;
  expect_error(load_row(ws, "    guard: claim_amount > 0\n      and bogus > 1\n"), 13, 11,
               "unknown name 'bogus'");
}

TEST(DefinitionExpressions, MapsAnOffsetInsideAFoldedBlockGuard) {
  Workspace ws;
  expect_error(load_row(ws, "    guard: >-\n      claim_amount > 0\n      and bogus > 1\n"), 14, 11,
               "unknown name 'bogus'");
}

TEST(DefinitionExpressions, MapsOffsetsInAFileThatStartsWithAByteOrderMark) {
  Workspace ws;
  auto loaded = ws.load(std::string("\xEF\xBB\xBF") + kMinimal +
                        "    guard: 'claim_amount > 0 and regoin == ''长春市'''\n" + kFields);
  expect_error(loaded, 12, 34, "unknown name 'regoin'");
}

TEST(DefinitionExpressions, RejectsGuardThatIsNotACondition) {
  Workspace ws;
  expect_error(load_row(ws, "    guard: claim_amount + 1\n"), 12, 12,
               "guard must be a condition (true or false), but 'claim_amount + 1' is money");
}

TEST(DefinitionExpressions, RejectsSetValueNotAssignableToItsField) {
  Workspace ws;
  expect_error(load_row(ws, "    set:\n      final_award: claim_amount * 2\n"), 13, 20,
               "set final_award: cannot assign 'claim_amount * 2' (money) to bool field "
               "'final_award'");
}

TEST(DefinitionExpressions, ReportsTypeErrorInASetValueAtItsOperator) {
  Workspace ws;
  expect_error(load_row(ws, "    set: {final_award: claim_amount > 'x'}\n"), 12, 37,
               "set final_award: cannot compare money with string");
}

TEST(DefinitionExpressions, DoesNotRepeatAnErrorForAFieldThatFailedToLoad) {
  Workspace ws;
  auto loaded = ws.load(std::string(kMinimal) +
                        "    guard: amount > 0\n"
                        "fields:\n"
                        "  amount: {type: moeny}\n");
  expect_error(loaded, 14, 18, "unknown field type 'moeny'");
  EXPECT_EQ(loaded.errors(), 1) << loaded.listing();
}

// A `set:` value that reads no field is known at load: one its field's
// rules refuse would refuse the event on every case.
TEST(DefinitionExpressions, RejectsASetConstantTheFieldsRulesRefuseAtItsValue) {
  constexpr const char* kRuledFields = R"(fields:
  claim_amount: {type: money}
  region: {type: enum, values: [长春市, 吉林市]}
  workers: {type: int, min: 1, max: 100}
  phone: {type: string, pattern: '^1[3-9][0-9]{9}$', hint: {zh: 11位手机号码}}
constants:
  min_monthly_wage: 2120
)";
  const struct {
    const char* set_line;  // line 13
    int column;
    const char* message;
  } cases[] = {
      {"      region: \"'北京'\"\n", 15, "set region: '北京' is not one of: 长春市, 吉林市"},
      {"      claim_amount: 0 - 5\n", 21, "set claim_amount: '-5.00' is below zero"},
      {"      workers: 0\n", 16, "set workers: '0' is below the least allowed, 1"},
      {"      workers: 50 * 3\n", 16, "'150' is above the most allowed, 100"},
      {"      claim_amount: 0 - min_monthly_wage\n", 21, "'-2120.00' is below zero"},
      {"      phone: \"'12345'\"\n", 14, "'12345' is not 11位手机号码"},
  };
  for (const auto& c : cases) {
    Workspace ws;
    SCOPED_TRACE(c.set_line);
    expect_error(ws.load(std::string(kMinimal) + "    set:\n" + c.set_line + kRuledFields), 13,
                 c.column, c.message);
  }
  // What reads a field is judged when the event fires (decide), and a
  // value within the rules is fine.
  for (const char* fine : {"      claim_amount: claim_amount - 5\n", "      workers: 100\n",
                           "      region: \"'吉林市'\"\n"}) {
    Workspace ws;
    auto loaded = ws.load(std::string(kMinimal) + "    set:\n" + fine + kRuledFields);
    EXPECT_TRUE(loaded.ok()) << fine << loaded.listing();
  }
}

}  // namespace
}  // namespace wageflow
