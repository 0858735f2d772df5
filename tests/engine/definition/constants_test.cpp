// `constants`: plain numbers are exact money in yuan, quoted text is a
// string, true/false a bool, and {type, value} declares any other type.
#include <gtest/gtest.h>

#include "tests/engine/definition/workspace.h"

namespace wageflow {
namespace {

using testing::expect_error;
using testing::kMinimal;
using testing::Workspace;

// kMinimal plus a `constants:` section whose first constant is on line 13.
testing::Loaded load_constants(const Workspace& ws, const std::string& constants) {
  return ws.load(std::string(kMinimal) + "constants:\n" + constants);
}

TEST(DefinitionConstants, PlainNumbersAreExactMoneyInFen) {
  Workspace ws;
  auto loaded = load_constants(ws,
                               "  wage: 2120\n  half: 2120.5\n  cents: 0.01\n"
                               "  big: 99999999.99\n  minus: -12.30\n");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  const Definition& def = loaded.def();
  const std::int64_t expected[] = {212000, 212050, 1, 9999999999, -1230};
  ASSERT_EQ(def.constant_values().size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    SCOPED_TRACE(def.constants[i].name);
    EXPECT_EQ(def.constants[i].value, Value(Money{expected[i]}));
    EXPECT_EQ(def.constant_values()[i], Value(Money{expected[i]}));
  }
}

TEST(DefinitionConstants, QuotedTextIsAStringAndTrueFalseAreBools) {
  Workspace ws;
  auto loaded =
      load_constants(ws, "  city: '长春市'\n  number: \"12\"\n  on: true\n  off: false\n");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  const auto& values = loaded.def().constant_values();
  EXPECT_EQ(values, (std::vector<Value>{Value(std::string("长春市")), Value(std::string("12")),
                                        Value(true), Value(false)}));
}

TEST(DefinitionConstants, TypedFormDeclaresIntDateStringBoolAndMoney) {
  Workspace ws;
  auto loaded = load_constants(ws, R"(  months: {type: int, value: 12}
  start: {type: date, value: 2025-01-24}
  code: {type: string, value: 220100}
  strict: {type: bool, value: false}
  cap: {type: money, value: 50000.5}
)");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  const auto& values = loaded.def().constant_values();
  EXPECT_EQ(values, (std::vector<Value>{Value(std::int64_t{12}), Value(*Date::parse("2025-01-24")),
                                        Value(std::string("220100")), Value(false),
                                        Value(Money{5000050})}));
}

TEST(DefinitionConstants, RejectsAmountWithMoreThanTwoDecimals) {
  Workspace ws;
  expect_error(load_constants(ws, "  wage: 2120.505\n"), 13, 9,
               "constant 'wage': '2120.505' is not an amount in yuan (at most 2 decimals");
}

TEST(DefinitionConstants, RejectsUnquotedTextAndSaysToQuoteIt) {
  Workspace ws;
  expect_error(load_constants(ws, "  city: changchun\n"), 13, 9,
               "quote text ('...') or write {type: ..., value: ...}");
}

TEST(DefinitionConstants, RejectsTypedValueOfTheWrongForm) {
  Workspace ws;
  expect_error(load_constants(ws, "  start: {type: date, value: 2025-02-30}\n"), 13, 30,
               "constant 'start': expected a date YYYY-MM-DD for type date, got '2025-02-30'");
}

TEST(DefinitionConstants, RejectsUnknownConstantType) {
  Workspace ws;
  expect_error(load_constants(ws, "  n: {type: float, value: 1.5}\n"), 13, 13,
               "constant 'n': unknown type 'float'");
}

TEST(DefinitionConstants, RejectsConstantNamedLikeAField) {
  Workspace ws;
  auto loaded =
      ws.load(std::string(kMinimal) + "fields:\n  wage: {type: money}\nconstants:\n  wage: 2120\n");
  expect_error(loaded, 15, 3, "constant 'wage' has the same name as a field");
}

TEST(DefinitionConstants, RejectsConstantWithoutValue) {
  Workspace ws;
  expect_error(load_constants(ws, "  wage:\n"), 13, 3, "constant 'wage' needs a value");
}

}  // namespace
}  // namespace wageflow
