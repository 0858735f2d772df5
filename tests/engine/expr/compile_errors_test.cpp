// Compile errors: every syntax, name and type error with its byte offset
// and message, enum value checks, and collection of several errors.
#include <gtest/gtest.h>

#include <string>

#include "engine/expr/expression.h"
#include "tests/engine/expr/test_scope.h"

namespace wageflow::expr {
namespace {

using testing::TestScope;

struct ErrorCase {
  std::string text;
  std::size_t offset;
  std::string message;
};

std::string listed(const std::vector<CompileError>& errors) {
  std::string out;
  for (const CompileError& e : errors) out += std::to_string(e.offset) + ": " + e.message + "\n";
  return out;
}

std::vector<CompileError> errors_of(const std::string& text) {
  TestScope scope;
  std::vector<CompileError> errors;
  std::optional<Expression> expression = Expression::compile(text, scope, &errors);
  EXPECT_EQ(expression.has_value(), errors.empty());
  return errors;
}

void expect_single_errors(const std::vector<ErrorCase>& cases) {
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.text);
    std::vector<CompileError> errors = errors_of(c.text);
    ASSERT_EQ(errors.size(), 1u) << listed(errors);
    EXPECT_EQ(errors[0].offset, c.offset);
    EXPECT_EQ(errors[0].message, c.message);
  }
}

TEST(CompileErrorsTest, RejectsUnknownNamesAtTheirOffset) {
  expect_single_errors({
      {"claim_amout > 0", 0, "unknown name 'claim_amout'"},
      {"1 + monts", 4, "unknown name 'monts'"},
      {"is_set(nope)", 7, "unknown name 'nope'"},
      {"(claim)", 1, "unknown name 'claim'"},
      {"months in [1] and Months > 1", 18, "unknown name 'Months'"},
  });
}

// A literal 0 divisor can never be computed: an error at the divisor, not
// a refusal at the first case that reaches it (QA D6).
TEST(CompileErrorsTest, RejectsDivisionByALiteralZeroAtTheDivisor) {
  expect_single_errors({
      {"claim_amount / 0", 15, "division by zero: the divisor is 0"},
      {"1 + months / 0 > 2", 13, "division by zero: the divisor is 0"},
      {"months / (0)", 9, "division by zero: the divisor is 0"},
  });
  EXPECT_TRUE(errors_of("months / 10 > 0").empty());
  EXPECT_TRUE(errors_of("months / zero > 0").empty()) << "a field: known only for a case";
}

TEST(CompileErrorsTest, RejectsArithmeticTypeClashesAtTheOperator) {
  expect_single_errors({
      {"claim_amount * claim_amount", 13,
       "cannot multiply money by money; one side must be a count (int)"},
      {"claim_amount / claim_amount", 13,
       "cannot divide money by money; only money / int and int / int are defined"},
      {"12 / claim_amount", 3,
       "cannot divide int by money; only money / int and int / int are defined"},
      {"'a' + 1", 4, "cannot add string and int"},
      {"1 + hearing_date", 2, "cannot add int and date; write the date first, as in date + days"},
      {"hearing_date + hearing_date", 13, "cannot add date and date"},
      {"hearing_date + 1.5", 13, "cannot add date and money"},
      {"1 - hearing_date", 2, "cannot subtract date from int"},
      {"hearing_date - 0.5", 13, "cannot subtract money from date"},
      {"true * 2", 5, "cannot multiply bool by int"},
      {"hearing_date / 2", 13, "cannot divide date by int"},
      {"region + employer", 7, "cannot add string and string"},
  });
}

TEST(CompileErrorsTest, RejectsComparisonTypeClashesAtTheOperator) {
  expect_single_errors({
      {"claim_amount > 'x'", 13, "cannot compare money with string"},
      {"months == true", 7, "cannot compare int with bool"},
      {"hearing_date < 20250101", 13, "cannot compare date with int"},
      {"hearing_date > '2025-01-01'", 13,
       "cannot compare date with string; write a date as date('2025-01-01')"},
      {"region == 1", 7, "cannot compare string with int"},
      {"employer < 'x'", 9, "strings can only be compared with == and !="},
      {"final_award > false", 12, "bools can only be compared with == and !="},
  });
}

TEST(CompileErrorsTest, RejectsNonBoolOperandsOfLogicAtTheOperand) {
  expect_single_errors({
      {"months and true", 0, "'and' needs bool operands, got int"},
      {"true or 'x'", 8, "'or' needs bool operands, got string"},
      {"true and (months + 1)", 9, "'and' needs bool operands, got int"},
      {"not months", 4, "'not' needs a bool operand, got int"},
      {"-employer", 1, "'-' needs an int or money operand, got string"},
      {"-hearing_date", 1, "'-' needs an int or money operand, got date"},
      {"-true", 1, "'-' needs an int or money operand, got bool"},
  });
}

TEST(CompileErrorsTest, RejectsEnumValuesOutsideTheFieldsList) {
  expect_single_errors({
      {"region == '长春'", 10, "'长春' is not a value of region; values: 长春市, 吉林市, 四平市"},
      {"'长春' != region", 0, "'长春' is not a value of region; values: 长春市, 吉林市, 四平市"},
      {"region in ['长春市', '长春']", 24,
       "'长春' is not a value of region; values: 长春市, 吉林市, 四平市"},
      {"unset_region == '四平市'", 16,
       "'四平市' is not a value of unset_region; values: 长春市, 吉林市"},
  });
  // A plain string field takes any text.
  EXPECT_TRUE(errors_of("employer == '长春'").empty());
  EXPECT_TRUE(errors_of("region == office").empty());
}

TEST(CompileErrorsTest, RejectsBadInListsAtTheElement) {
  expect_single_errors({
      {"final_award in [true]", 0, "'in' needs a string, int, money or date on its left, got bool"},
      {"months in ['a']", 11, "expected an int value in the list, got a string"},
      {"hearing_date in [1]", 17, "expected a date value in the list, got an int"},
      {"region in [date('2025-01-01')]", 11, "expected a string value in the list, got a date"},
      {"claim_amount in [99999999999999999]", 17, "amount 99999999999999999 is too large"},
      {"months in [1] and (months + 1) in ['1']", 35,
       "expected an int value in the list, got a string"},
  });
}

TEST(CompileErrorsTest, RejectsMisusedFunctions) {
  expect_single_errors({
      {"is_set(min_monthly_wage)", 7,
       "is_set(...) needs a field; 'min_monthly_wage' is a constant"},
      {"is_set(1)", 7, "is_set(...) needs a field name, found '1'"},
      {"is_set()", 7, "is_set(...) needs a field name, found ')'"},
      {"is_set(claim_amount + 1)", 20, "expected ')' after the argument of is_set(...), found '+'"},
      {"date('2025-02-30')", 5, "'2025-02-30' is not a valid date; expected YYYY-MM-DD"},
      {"date('2025-1-5') < cutoff", 5, "'2025-1-5' is not a valid date; expected YYYY-MM-DD"},
      {"date(\"明天\")", 5, "'明天' is not a valid date; expected YYYY-MM-DD"},
      {"date(2025)", 5, "date(...) needs a quoted date such as date('2025-01-24'), found '2025'"},
      {"date('2025-01-01'", 17,
       "expected ')' after the argument of date(...), found end of expression"},
      {"foo(1)", 0, "unknown function 'foo'; the functions are date(...) and is_set(...)"},
      {"months in [foo(1)]", 11, "expected a literal value in the list, found 'foo'"},
  });
}

TEST(CompileErrorsTest, StopsAtTheFirstSyntaxError) {
  expect_single_errors({
      {"", 0, "expected a value, found end of expression"},
      {"   ", 3, "expected a value, found end of expression"},
      {"1 +", 3, "expected a value, found end of expression"},
      {"(1 + 2", 6, "expected ')' to close the '(' before '1', found end of expression"},
      {"(1 + 2))", 7, "unexpected ')'; expected an operator or the end"},
      {"1 2", 2, "unexpected '2'; expected an operator or the end"},
      {"claim_amount claim_amout", 13, "unexpected 'claim_amout'; expected an operator or the end"},
      {"1 < 2 < 3", 6, "comparisons cannot be chained; join them with 'and'"},
      {"months in [1] == true", 14, "comparisons cannot be chained; join them with 'and'"},
      {"months == 1 in [true]", 12, "comparisons cannot be chained; join them with 'and'"},
      {"months = 12", 7, "unexpected '='; use '==' to compare"},
      {"true && false", 5, "unexpected '&'; use 'and'"},
      {"true || false", 5, "unexpected '|'; use 'or'"},
      {"!true", 0, "unexpected '!'; use 'not' or '!='"},
      {"and", 0, "expected a value, found 'and'"},
      {"months == not true", 10, "expected a value, found 'not'"},
      {"'abc", 0, "unterminated string: no closing '"},
      {"region == \"长春市'", 10, "unterminated string: no closing \""},
      {"1.234", 0, "amount '1.234' has more than 2 decimals; money is exact to the fen"},
      {"3.", 0, "invalid number '3.'"},
      {"1.2.3", 0, "invalid number '1.2.3'"},
      {"12abc", 0, "invalid number '12abc'"},
      {"99999999999999999999", 0, "number '99999999999999999999' is too large"},
      {"12345678901234.5", 0, "amount '12345678901234.5' is too large"},
      {".5", 0, "unexpected '.'; write a leading zero, as in 0.5"},
      {"months @ 2", 7, "unexpected character '@'"},
      {"months （12）", 7, "unexpected character '（'"},
      {"months\x01", 6, "unexpected byte 0x01"},
      {"months \xff", 7, "unexpected byte 0xFF"},
      {"months \xe9\x95", 7, "unexpected byte 0xE9"},
      {"months in 1", 10, "expected '[' after 'in', found '1'"},
      {"months in []", 10, "the list after 'in' is empty"},
      {"months in [1 2]", 13, "expected ',' or ']' in the list, found '2'"},
      {"months in [1", 12, "expected ',' or ']' in the list, found end of expression"},
      {"months in [months]", 11, "expected a literal value in the list, found 'months'"},
      {"months in [1,]", 13, "expected a literal value in the list, found ']'"},
      {"months in [-x]", 12, "expected a literal value in the list, found 'x'"},
  });
}

TEST(CompileErrorsTest, RefusesNestingDeeperThanTheLimit) {
  const std::string message = "expression is nested too deeply (more than 100 levels)";
  const std::vector<std::string> too_deep = {
      std::string(200, '(') + "1" + std::string(200, ')'),
      [] {
        std::string s;
        for (int i = 0; i < 200; ++i) s += "not ";
        return s + "true";
      }(),
      std::string(200, '-') + "1",
      [] {
        std::string s = "1";
        for (int i = 0; i < 200; ++i) s += " + 1";
        return s;
      }(),
      std::string(100000, '('),
  };
  for (const std::string& text : too_deep) {
    SCOPED_TRACE(text.substr(0, 40));
    std::vector<CompileError> errors = errors_of(text);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].message, message);
  }
  EXPECT_TRUE(errors_of(std::string(50, '(') + "1" + std::string(50, ')')).empty());
  std::string sum = "1";
  for (int i = 0; i < 50; ++i) sum += " + 1";
  EXPECT_TRUE(errors_of(sum).empty());
}

TEST(CompileErrorsTest, CollectsEveryNameAndTypeErrorInOneCompile) {
  const std::vector<std::pair<std::string, std::vector<std::pair<std::size_t, std::string>>>>
      cases = {
          {"claim_amout > 0 and regin == 'x'",
           {{0, "unknown name 'claim_amout'"}, {20, "unknown name 'regin'"}}},
          {"date('2025-13-01') > cutoff and months",
           {{5, "'2025-13-01' is not a valid date; expected YYYY-MM-DD"},
            {32, "'and' needs bool operands, got int"}}},
          {"employer in [1, 'a', true]",
           {{13, "expected a string value in the list, got an int"},
            {21, "expected a string value in the list, got a bool"}}},
          {"(months + 'x') * 2 > 0 or claim_amount * claim_amount > 1",
           {{8, "cannot add int and string"},
            {39, "cannot multiply money by money; one side must be a count (int)"}}},
          {"region == '长春' or region == '吉林'",
           {{10, "'长春' is not a value of region; values: 长春市, 吉林市, 四平市"},
            {32, "'吉林' is not a value of region; values: 长春市, 吉林市, 四平市"}}},
          // Problems found before a syntax error are kept; parsing stops there.
          {"date('2025-02-30') + )",
           {{5, "'2025-02-30' is not a valid date; expected YYYY-MM-DD"},
            {21, "expected a value, found ')'"}}},
          // An error in an operand is not repeated by the operators above it.
          {"-(nope + 1) * 2 > 3 and true", {{2, "unknown name 'nope'"}}},
      };
  for (const auto& [text, expected] : cases) {
    SCOPED_TRACE(text);
    std::vector<CompileError> errors = errors_of(text);
    ASSERT_EQ(errors.size(), expected.size()) << listed(errors);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(errors[i].offset, expected[i].first);
      EXPECT_EQ(errors[i].message, expected[i].second);
    }
  }
}

TEST(CompileErrorsTest, AppendsToTheCallersErrorsAndAcceptsNoList) {
  TestScope scope;
  std::vector<CompileError> errors = {CompileError{99, "earlier"}};
  EXPECT_FALSE(Expression::compile("nope", scope, &errors));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].message, "earlier");
  EXPECT_EQ(errors[1].message, "unknown name 'nope'");
  EXPECT_FALSE(Expression::compile("nope", scope, nullptr));
  EXPECT_TRUE(Expression::compile("months > 1", scope, nullptr));
}

}  // namespace
}  // namespace wageflow::expr
