// Evaluation of compiled expressions: every operator and type rule with
// values, the unset rules, and evaluation errors.
#include "engine/expr/expression.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/engine/expr/test_scope.h"

namespace wageflow::expr {
namespace {

using testing::show;
using testing::TestScope;

Value money(std::int64_t fen) {
  return Money{fen};
}
Value integer(std::int64_t v) {
  return v;
}
Value date(const char* text) {
  return *Date::parse(text);
}
const Value kUnset = std::monostate{};

struct ValueCase {
  const char* text;
  Value expected;
};

// Compiles `text` (failing the test on compile errors) and evaluates it.
Expression::Evaluation run(const TestScope& scope, std::string_view text) {
  std::vector<CompileError> errors;
  std::optional<Expression> expression = Expression::compile(text, scope, &errors);
  for (const CompileError& e : errors) ADD_FAILURE() << e.offset << ": " << e.message;
  if (!expression) return {std::monostate{}, "did not compile"};
  return expression->evaluate(scope.context());
}

void expect_values(const std::vector<ValueCase>& cases) {
  TestScope scope;
  for (const ValueCase& c : cases) {
    SCOPED_TRACE(c.text);
    Expression::Evaluation result = run(scope, c.text);
    EXPECT_EQ(result.error, "");
    EXPECT_EQ(show(result.value), show(c.expected));
  }
}

TEST(ExpressionTest, FollowsPrecedenceAndAssociativity) {
  expect_values({
      {"1 + 2 * 3", integer(7)},
      {"(1 + 2) * 3", integer(9)},
      {"10 - 4 - 3", integer(3)},
      {"100 / 10 / 5", integer(2)},
      {"2 * 3 - 4 / 2", integer(4)},
      {"-2 * 3", integer(-6)},
      {"-(2 + 3) * 2", integer(-10)},
      {"- -5", integer(5)},
      {"2 - -3", integer(5)},
      {"1 + 1 == 2", true},
      {"1 < 2 and 2 < 3", true},
      {"true or true and false", true},
      {"(true or true) and false", false},
      {"not false and false", false},
      {"not (false and false)", true},
      {"not months == 12", false},
      {"not not true", true},
      {"false or not false", true},
      {"((((months))))", integer(12)},
  });
}

TEST(ExpressionTest, ComputesIntArithmeticWithTruncatingDivision) {
  expect_values({
      {"12", integer(12)},
      {"months + 1", integer(13)},
      {"months - 13", integer(-1)},
      {"months * max_months", integer(144)},
      {"7 / 2", integer(3)},
      {"-7 / 2", integer(-3)},
      {"7 / -2", integer(-3)},
      {"-7 / -2", integer(3)},
      {"1 / 3", integer(0)},
      {"-months", integer(-12)},
      {"big", integer(INT64_MAX)},
      {"small / 1", integer(INT64_MIN)},
      {"big - big", integer(0)},
  });
}

TEST(ExpressionTest, ComputesMoneyExactlyInFen) {
  expect_values({
      {"3.5", money(350)},
      {"0.01", money(1)},
      {"12 * min_monthly_wage", money(2544000)},
      {"min_monthly_wage * 12", money(2544000)},
      {"months * min_monthly_wage", money(2544000)},
      {"100.10 + 0.20", money(10030)},
      {"300.30 - 200", money(10030)},
      {"100.10 + 0.20 == 300.30 - 200", true},
      {"0.1 + 0.2 == 0.3", true},
      {"claim_amount + 1", money(860150)},
      {"1 + claim_amount", money(860150)},
      {"claim_amount - 0.5", money(860000)},
      {"10 - 0.01", money(999)},
      {"claim_amount - recovered_amount", money(560050)},
      {"-claim_amount", money(-860050)},
      {"2 * 3 * 1.5", money(900)},
      {"1 + 1.0", money(200)},
  });
}

TEST(ExpressionTest, RoundsMoneyDividedByIntHalfAwayFromZero) {
  expect_values({
      {"10.00 / 3", money(333)},  // 333.33 fen
      {"20.00 / 3", money(667)},  // 666.67 fen
      {"0.05 / 2", money(3)},     // 2.5 fen
      {"0.07 / 2", money(4)},     // 3.5 fen
      {"0.03 / 2", money(2)},     // 1.5 fen
      {"-0.05 / 2", money(-3)},
      {"0.05 / -2", money(-3)},
      {"-0.05 / -2", money(3)},
      {"0.01 / 3", money(0)},  // 0.33 fen
      {"0.02 / 3", money(1)},  // 0.67 fen
      {"-0.02 / 3", money(-1)},
      {"claim_amount / months", money(71671)},  // 71670.83 fen
      {"claim_amount / 1", money(860050)},
      {"big_money / 2", money(INT64_MAX / 2 + 1)},  // ...3.5 rounds up
      {"big_money / big", money(1)},
      {"big_money / small", money(-1)},  // 0.99999... rounds to -1
  });
}

TEST(ExpressionTest, ComputesWithCalendarDates) {
  expect_values({
      {"date('2025-01-24')", date("2025-01-24")},
      {"date('2025-01-24') + 10", date("2025-02-03")},
      {"date('2025-03-01') - 1", date("2025-02-28")},
      {"date('2024-03-01') - 1", date("2024-02-29")},
      {"date('2024-12-31') + 1", date("2025-01-01")},
      {"date('2025-02-03') - date('2025-01-24')", integer(10)},
      {"filed_date - hearing_date", integer(-45)},
      {"hearing_date + months * 2", date("2025-04-03")},
      {"date + 1", date("2025-07-01")},
      {"date('9999-12-31') - date('0001-01-01')", integer(3652058)},
  });
}

TEST(ExpressionTest, ComparesSameTypesAndIntWithMoneyAsYuan) {
  expect_values({
      {"claim_amount <= 12 * min_monthly_wage", true},
      {"claim_amount > 8600", true},
      {"claim_amount >= 8600.50", true},
      {"claim_amount == 8600.50", true},
      {"claim_amount == 8600", false},
      {"8600 < claim_amount", true},
      {"8601 > claim_amount", true},
      {"months == 12", true},
      {"months != 12", false},
      {"months >= max_months", true},
      {"months < max_months", false},
      {"months <= 12.00", true},
      {"12.01 > months", true},
      {"1 != 2", true},
      {"2 <= 1", false},
      {"'a' == 'a'", true},
      {"'a' != 'b'", true},
      {"\"a\" == 'a'", true},
      {"true == true", true},
      {"final_award != true", false},
      {"final_award == (months > 1)", true},
      {"hearing_date > cutoff", true},
      {"date('2025-01-01') <= cutoff", true},
      {"date('2025-01-01') < cutoff", false},
      {"date('2025-01-01') >= cutoff", true},
      {"date('2025-01-02') != cutoff", true},
      {"date('2025-01-01') == cutoff", true},
  });
}

TEST(ExpressionTest, ComparesChineseTextByteForByte) {
  expect_values({
      {"region == '长春市'", true},
      {"region != '吉林市'", true},
      {"region == \"四平市\"", false},
      {"office == region", true},
      {"employer == '某建筑公司'", true},
      {"employer", std::string("某建筑公司")},
      {"'劳动者 “张三”'", std::string("劳动者 “张三”")},
  });
}

TEST(ExpressionTest, TestsMembershipInLiteralLists) {
  expect_values({
      {"region in ['长春市', '吉林市']", true},
      {"region in ['四平市']", false},
      {"employer in ['x', '某建筑公司']", true},
      {"months in [1, 12]", true},
      {"months in [1, 2, 3]", false},
      {"months in [1.5, 12.00]", true},  // int taken as yuan against money values
      {"months in [12.01]", false},
      {"claim_amount in [100, 8600.50]", true},
      {"claim_amount in [8600]", false},
      {"min_monthly_wage in [2120]", true},
      {"-1 in [-1, 2]", true},
      {"-0.5 in [-0.50]", true},
      {"hearing_date in [date('2025-03-10'), date('2025-03-11')]", true},
      {"filed_date in [date('2025-03-10')]", false},
      {"not months in [1]", true},
  });
}

TEST(ExpressionTest, IsSetTellsSetFromUnsetFields) {
  expect_values({
      {"is_set(claim_amount)", true},
      {"is_set(unset_money)", false},
      {"not is_set(unset_money)", true},
      {"is_set(final_award) and final_award", true},
      {"is_set(unset_string) or is_set(region)", true},
  });
}

TEST(ExpressionTest, PropagatesUnsetThroughArithmeticAndNot) {
  expect_values({
      {"unset_money", kUnset},
      {"unset_money + 1", kUnset},
      {"1 + unset_money", kUnset},
      {"unset_int * 0", kUnset},
      {"-unset_int", kUnset},
      {"unset_money / zero", kUnset},  // unset wins over division by zero
      {"unset_int / 2", kUnset},
      {"unset_int * min_monthly_wage", kUnset},
      {"unset_date + 1", kUnset},
      {"unset_date - hearing_date", kUnset},
      {"hearing_date - unset_date", kUnset},
      {"not unset_bool", kUnset},
      {"not not unset_bool", kUnset},
  });
}

TEST(ExpressionTest, MakesComparisonsWithUnsetFalse) {
  expect_values({
      {"unset_money > 0", false},
      {"unset_money <= 0", false},
      {"unset_money == unset_money", false},
      {"unset_money != 0", false},
      {"0 < unset_int", false},
      {"unset_int >= 0", false},
      {"unset_string == 'x'", false},
      {"unset_string != 'x'", false},
      {"unset_region == '长春市'", false},
      {"unset_bool == false", false},
      {"unset_date < cutoff", false},
      {"unset_int in [1]", false},
      {"unset_money in [1]", false},
      {"unset_string in ['a']", false},
      {"unset_money + 1 > 0", false},
      {"not (unset_int > 1)", true},
  });
}

TEST(ExpressionTest, TreatsUnsetAsFalseInAndOr) {
  expect_values({
      {"unset_bool and true", false},
      {"true and unset_bool", false},
      {"unset_bool or true", true},
      {"true or unset_bool", true},
      {"unset_bool or unset_bool", false},
      {"unset_bool or false", false},
      {"not unset_bool or false", false},
      {"not unset_bool and true", false},
  });
}

TEST(ExpressionTest, ShortCircuitsAndOr) {
  expect_values({
      {"zero != 0 and months / zero > 1", false},
      {"zero == 0 or months / zero > 1", true},
      {"unset_bool and months / zero > 1", false},
      {"(zero == 0 or months / zero > 1) and true", true},
  });
}

struct ErrorCase {
  const char* text;
  const char* error;
};

TEST(ExpressionTest, ReportsDivisionByZeroAndOverflowAsEvaluationErrors) {
  const std::vector<ErrorCase> cases = {
      {"claim_amount / zero", "division by zero in 'claim_amount / zero'"},
      {"months / (months - 12)", "division by zero in 'months / (months - 12)'"},
      {"1 + months / zero", "division by zero in 'months / zero'"},
      {"claim_amount / (months - 12) > 1", "division by zero in 'claim_amount / (months - 12)'"},
      {"zero == 0 and months / zero > 1", "division by zero in 'months / zero'"},
      {"big + 1", "arithmetic overflow in 'big + 1'"},
      {"small - 1", "arithmetic overflow in 'small - 1'"},
      {"big * 2", "arithmetic overflow in 'big * 2'"},
      {"-small", "arithmetic overflow in '-small'"},
      {"small / -1", "arithmetic overflow in 'small / -1'"},
      {"big_money + 0.01", "arithmetic overflow in 'big_money + 0.01'"},
      {"big_money - -0.01", "arithmetic overflow in 'big_money - -0.01'"},
      {"big * min_monthly_wage", "arithmetic overflow in 'big * min_monthly_wage'"},
      {"big + 0.01", "arithmetic overflow in 'big'"},
      {"big_money > big", "arithmetic overflow in 'big'"},
      {"months in [0.5] or big in [0.5]", "arithmetic overflow in 'big'"},
      {"hearing_date + big", "arithmetic overflow in 'hearing_date + big'"},
      {"date('9999-12-31') + 1", "date out of range (years 1 to 9999) in 'date('9999-12-31') + 1'"},
      {"hearing_date + 100000000",
       "date out of range (years 1 to 9999) in 'hearing_date + 100000000'"},
      {"date('0001-01-01') - 1", "date out of range (years 1 to 9999) in 'date('0001-01-01') - 1'"},
  };
  TestScope scope;
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.text);
    Expression::Evaluation result = run(scope, c.text);
    EXPECT_EQ(result.error, c.error);
    EXPECT_EQ(show(result.value), "unset");
  }
}

TEST(ExpressionTest, ReportsMissingAndMistypedContextValues) {
  TestScope scope;
  std::vector<CompileError> errors;
  auto expression = Expression::compile("claim_amount > min_monthly_wage", scope, &errors);
  ASSERT_TRUE(expression);

  EXPECT_EQ(expression->evaluate(Context{}).error, "no value given for field 'claim_amount'");
  std::vector<Value> no_fields;
  EXPECT_EQ(expression->evaluate(Context{&no_fields, &scope.constants}).error,
            "no value given for field 'claim_amount'");
  EXPECT_EQ(expression->evaluate(Context{&scope.fields, nullptr}).error,
            "no value given for constant 'min_monthly_wage'");

  std::vector<Value> wrong = scope.fields;
  wrong[0] = std::string("8600");
  EXPECT_EQ(expression->evaluate(Context{&wrong, &scope.constants}).error,
            "field 'claim_amount' holds a string, expected money");

  auto is_set = Expression::compile("is_set(claim_amount)", scope, &errors);
  ASSERT_TRUE(is_set);
  EXPECT_EQ(is_set->evaluate(Context{}).error, "no value given for field 'claim_amount'");
  EXPECT_TRUE(errors.empty());
}

TEST(ExpressionTest, HoldsOnlyWhenTrue) {
  TestScope scope;
  const std::vector<std::pair<const char*, bool>> cases = {
      {"claim_amount <= 12 * min_monthly_wage", true},
      {"claim_amount > 12 * min_monthly_wage", false},
      {"unset_bool", false},
      {"not unset_bool", false},
      {"unset_money < 1", false},
      {"final_award", true},
  };
  for (const auto& [text, expected] : cases) {
    SCOPED_TRACE(text);
    std::vector<CompileError> errors;
    auto expression = Expression::compile(text, scope, &errors);
    ASSERT_TRUE(expression);
    std::string error = "stale";
    EXPECT_EQ(expression->holds(scope.context(), &error), expected);
    EXPECT_EQ(error, "");
    EXPECT_EQ(expression->holds(scope.context(), nullptr), expected);
  }
}

TEST(ExpressionTest, HoldsIsFalseWithTheErrorOnEvaluationErrorsAndNonConditions) {
  TestScope scope;
  std::vector<CompileError> errors;
  auto division = Expression::compile("months / zero > 1", scope, &errors);
  ASSERT_TRUE(division);
  std::string error;
  EXPECT_FALSE(division->holds(scope.context(), &error));
  EXPECT_EQ(error, "division by zero in 'months / zero'");

  auto amount = Expression::compile("claim_amount", scope, &errors);
  ASSERT_TRUE(amount);
  EXPECT_FALSE(amount->holds(scope.context(), &error));
  EXPECT_EQ(error, "'claim_amount' is money, not a condition");
}

TEST(ExpressionTest, KnowsItsTypeAndText) {
  TestScope scope;
  const std::vector<std::pair<const char*, Type>> cases = {
      {"1", Type::kInt},
      {"1.5", Type::kMoney},
      {"'x'", Type::kString},
      {"true", Type::kBool},
      {"date('2025-01-01')", Type::kDate},
      {"months * min_monthly_wage", Type::kMoney},
      {"months / 2", Type::kInt},
      {"claim_amount / 2", Type::kMoney},
      {"hearing_date - filed_date", Type::kInt},
      {"hearing_date + 1", Type::kDate},
      {"is_set(months)", Type::kBool},
      {"region", Type::kString},
      {"months in [1]", Type::kBool},
      {"-months", Type::kInt},
  };
  for (const auto& [text, type] : cases) {
    SCOPED_TRACE(text);
    std::vector<CompileError> errors;
    auto expression = Expression::compile(text, scope, &errors);
    ASSERT_TRUE(expression);
    EXPECT_STREQ(type_name(expression->type()), type_name(type));
    EXPECT_EQ(expression->text(), text);
  }
}

TEST(ExpressionTest, EvaluatesTheSameCompiledExpressionFromManyThreads) {
  TestScope scope;
  std::vector<CompileError> errors;
  auto expression =
      Expression::compile("claim_amount / months + 12 * min_monthly_wage", scope, &errors);
  ASSERT_TRUE(expression);
  const Expression shared = *expression;
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        if (show(shared.evaluate(scope.context()).value) != "money 26156.71") ++wrong[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

// The guards and `set` expressions of workflows/*.yaml, with their fields.
TEST(ExpressionTest, DecidesTheShippedWorkflowExpressions) {
  TestScope scope;
  scope.field("award_amount", Type::kMoney, Money{500000});
  scope.field("hearing_notice_date", Type::kDate, *Date::parse("2025-03-01"));
  scope.field("hearing_held", Type::kBool, std::monostate{});
  scope.field("mediation_attempted", Type::kBool, true);
  scope.field("applicant_is_migrant_worker", Type::kBool, true);
  scope.field("claim_type", Type::kString, std::string("劳动报酬"),
              {"劳动报酬", "工伤赔偿", "其他"});
  scope.field("assistance_recipient", Type::kBool, std::monostate{});
  scope.field("hardship_verified", Type::kBool, std::monostate{});
  scope.field("amount_recovered", Type::kMoney, Money{0});
  const std::vector<ValueCase> cases = {
      {"recovered_amount >= 0", true},
      {"award_amount >= 0 and award_amount <= claim_amount", true},
      {"claim_amount <= 12 * min_monthly_wage", true},
      {"hearing_date > hearing_notice_date + 5", true},
      {"hearing_held == true", false},
      {"not (hearing_held == true)", true},
      {"mediation_attempted == true and award_amount >= 0 and award_amount <= claim_amount", true},
      {"(applicant_is_migrant_worker == true and claim_type in ['劳动报酬', '工伤赔偿'])\n"
       "  or assistance_recipient == true or hardship_verified == true",
       true},
      {"amount_recovered >= 0", true},
  };
  for (const ValueCase& c : cases) {
    SCOPED_TRACE(c.text);
    Expression::Evaluation result = run(scope, c.text);
    EXPECT_EQ(result.error, "");
    EXPECT_EQ(show(result.value), show(c.expected));
  }
}

TEST(TypesTest, NamesTypesAndAllowsIntIntoMoneyFields) {
  EXPECT_STREQ(type_name(Type::kMoney), "money");
  EXPECT_EQ(type_of_field(FieldType::kEnum), Type::kString);
  EXPECT_EQ(type_of_field(FieldType::kText), Type::kString);
  EXPECT_TRUE(assignable(Type::kInt, FieldType::kMoney));
  EXPECT_TRUE(assignable(Type::kString, FieldType::kEnum));
  EXPECT_FALSE(assignable(Type::kMoney, FieldType::kInt));
  EXPECT_FALSE(assignable(Type::kBool, FieldType::kString));
}

}  // namespace
}  // namespace wageflow::expr
