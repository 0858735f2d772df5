// Throws garbage at compile() and evaluate(): random bytes, random token
// soups and mutated valid expressions, with ordinary, extreme, unset and
// missing values. Nothing may crash (run under ASan/UBSan), and every
// result must keep the contract: nullopt exactly when there are errors,
// offsets inside the text, values of the expression's type or unset.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "engine/expr/expression.h"
#include "tests/engine/expr/test_scope.h"

namespace wageflow::expr {
namespace {

using testing::TestScope;

std::size_t value_index(Type type) {
  switch (type) {
    case Type::kString:
      return 1;
    case Type::kInt:
      return 2;
    case Type::kMoney:
      return 3;
    case Type::kDate:
      return 4;
    case Type::kBool:
      return 5;
  }
  return 0;
}

// Field values of the same types as `scope.fields`, drawn from extremes.
std::vector<Value> extreme_values(const std::vector<Value>& fields, std::mt19937& random) {
  static const std::int64_t kNumbers[] = {0, 1, -1, 2, 100, INT64_MAX, INT64_MIN, INT64_MAX - 1};
  std::vector<Value> out;
  for (const Value& field : fields) {
    std::int64_t n = kNumbers[random() % std::size(kNumbers)];
    // Built in place: GCC 12 at -O2 warns, wrongly, that the string of a
    // temporary Value moved into the vector may be uninitialized.
    if (random() % 4 == 0) {
      out.emplace_back();
      continue;
    }
    switch (field.index()) {
      case 2:
        out.emplace_back(n);
        break;
      case 3:
        out.emplace_back(Money{n});
        break;
      case 4:
        out.emplace_back(Date::from_days(static_cast<std::int32_t>(n % 4000000)));
        break;
      case 5:
        out.emplace_back(n % 2 == 0);
        break;
      default:
        out.emplace_back(std::string(n % 2 ? "长春市" : ""));
        break;
    }
  }
  return out;
}

class GarbageInputTest : public ::testing::Test {
 protected:
  // Compiles and, if it compiles, evaluates `text` in several contexts,
  // checking the contract each time.
  void exercise(const std::string& text) {
    SCOPED_TRACE(::testing::PrintToString(text));
    std::vector<CompileError> errors;
    std::optional<Expression> expression = Expression::compile(text, scope_, &errors);
    ASSERT_EQ(expression.has_value(), errors.empty());
    for (const CompileError& error : errors) {
      EXPECT_LE(error.offset, text.size());
      EXPECT_FALSE(error.message.empty());
    }
    if (!expression) return;
    ++compiled_;
    std::vector<Value> unset(scope_.fields.size());
    std::vector<Value> extreme = extreme_values(scope_.fields, random_);
    std::vector<Value> short_fields(scope_.fields.begin(), scope_.fields.begin() + 3);
    const Context contexts[] = {scope_.context(), Context{&unset, &scope_.constants},
                                Context{&extreme, &scope_.constants},
                                Context{&short_fields, nullptr}, Context{}};
    for (const Context& context : contexts) {
      Expression::Evaluation result = expression->evaluate(context);
      if (!result.error.empty()) {
        EXPECT_FALSE(is_set(result.value));
        continue;
      }
      if (is_set(result.value)) {
        EXPECT_EQ(result.value.index(), value_index(expression->type()));
      }
      std::string error;
      bool holds = expression->holds(context, &error);
      if (holds) {
        EXPECT_EQ(result.value, Value{true});
      }
    }
  }

  TestScope scope_;
  std::mt19937 random_{20250124};
  int compiled_ = 0;
};

TEST_F(GarbageInputTest, SurvivesRandomBytes) {
  for (int i = 0; i < 20000; ++i) {
    std::string text(random_() % 40, '\0');
    for (char& c : text) c = static_cast<char>(random_() % 256);
    exercise(text);
  }
}

TEST_F(GarbageInputTest, SurvivesRandomTokenSoups) {
  static const char* const kPieces[] = {
      "claim_amount",
      "months",
      "hearing_date",
      "filed_date",
      "final_award",
      "region",
      "employer",
      "big",
      "small",
      "big_money",
      "zero",
      "unset_money",
      "unset_int",
      "unset_date",
      "unset_bool",
      "unset_string",
      "min_monthly_wage",
      "max_months",
      "cutoff",
      "office",
      "date",
      "nope",
      "is_set",
      "is_set(",
      "date(",
      "date('2025-01-24')",
      "date('2025-02-30')",
      "0",
      "1",
      "12",
      "-1",
      "3.5",
      "0.01",
      "9223372036854775807",
      "1.234",
      "'长春市'",
      "'长春'",
      "'x'",
      "\"吉林市\"",
      "'",
      "\"",
      "true",
      "false",
      "and",
      "or",
      "not",
      "in",
      "(",
      ")",
      "[",
      "]",
      ",",
      "+",
      "-",
      "*",
      "/",
      "==",
      "!=",
      "<",
      "<=",
      ">",
      ">=",
      "=",
      "!",
      "&&",
      ".",
      "（",
      "\xff",
      "\x00",
  };
  for (int i = 0; i < 40000; ++i) {
    std::string text;
    int count = 1 + static_cast<int>(random_() % 12);
    for (int k = 0; k < count; ++k) {
      text += kPieces[random_() % std::size(kPieces)];
      if (random_() % 3) text += ' ';
    }
    exercise(text);
  }
  EXPECT_GT(compiled_, 1000);  // the soups reach the evaluator, not just the parser
}

TEST_F(GarbageInputTest, SurvivesMutatedValidExpressions) {
  static const char* const kValid[] = {
      "claim_amount <= 12 * min_monthly_wage",
      "region in ['长春市', '吉林市'] and not is_set(unset_money)",
      "(hearing_date - filed_date) / 7 >= 2 or claim_amount / months > 0.05",
      "big_money / small + -claim_amount * 3 < 1.5",
      "date('2025-01-24') + months == hearing_date and final_award != false",
  };
  static const char kAlphabet[] = "()[],'\"+-*/<>=! .0123456789abcdefinorstud_";
  for (int i = 0; i < 40000; ++i) {
    std::string text = kValid[random_() % std::size(kValid)];
    int edits = 1 + static_cast<int>(random_() % 2);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      std::size_t at = random_() % text.size();
      char c = kAlphabet[random_() % (sizeof kAlphabet - 1)];
      switch (random_() % 3) {
        case 0:
          text.erase(at, 1);
          break;
        case 1:
          text.insert(at, 1, c);
          break;
        default:
          text[at] = c;
          break;
      }
    }
    exercise(text);
  }
  EXPECT_GT(compiled_, 1000);
}

TEST_F(GarbageInputTest, SurvivesVeryLongAndDeepInputs) {
  exercise(std::string(1 << 20, '('));
  exercise(std::string(1 << 20, '-') + "1");
  exercise(std::string(1 << 20, '\''));
  exercise("'" + std::string(1 << 20, 'x') + "' == employer");
  std::string wide = "months in [1";
  for (int i = 0; i < 10000; ++i) wide += ", " + std::to_string(i);
  exercise(wide + "]");
  std::string chain = "true";
  for (int i = 0; i < 99; ++i) chain = "(" + chain + " and true)";
  exercise(chain);
}

}  // namespace
}  // namespace wageflow::expr
