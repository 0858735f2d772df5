// `fields`: types, enum values, patterns and flags.
#include <gtest/gtest.h>

#include "tests/engine/definition/workspace.h"

namespace wageflow {
namespace {

using testing::expect_error;
using testing::kMinimal;
using testing::Workspace;

// kMinimal plus a `fields:` section whose first field is on line 13.
testing::Loaded load_fields(const Workspace& ws, const std::string& fields) {
  return ws.load(std::string(kMinimal) + "fields:\n" + fields);
}

TEST(DefinitionFields, ReadsEveryTypeAndFlag) {
  Workspace ws;
  auto loaded = load_fields(
      ws, R"(  a: {type: string, pattern: '^[A-Z]+$', hint: {zh: 大写字母, en: capitals}}
  b: {type: text, required: true}
  c: {type: int, pii: false}
  d: {type: money}
  e: {type: date}
  f: {type: bool}
  g: {type: enum, values: [x, 'y z'], label: {en: G}}
)");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  const auto& fields = loaded.def().fields;
  ASSERT_EQ(fields.size(), 7u);
  const FieldType types[] = {FieldType::kString, FieldType::kText, FieldType::kInt,
                             FieldType::kMoney,  FieldType::kDate, FieldType::kBool,
                             FieldType::kEnum};
  for (std::size_t i = 0; i < 7; ++i) EXPECT_EQ(fields[i].type, types[i]) << fields[i].name;
  ASSERT_NE(fields[0].pattern, nullptr);  // compiled once, here
  EXPECT_EQ(fields[0].pattern->source(), "^[A-Z]+$");
  EXPECT_TRUE(fields[0].pattern->found_in("ABC"));
  EXPECT_EQ(fields[0].hint.get("zh"), "大写字母");
  EXPECT_EQ(fields[0].hint.get("en"), "capitals");
  EXPECT_TRUE(fields[1].hint.by_locale.empty());
  EXPECT_EQ(fields[1].pattern, nullptr);
  EXPECT_TRUE(fields[1].required);
  EXPECT_FALSE(fields[2].pii);
  EXPECT_EQ(fields[6].enum_values, (std::vector<std::string>{"x", "y z"}));
  EXPECT_EQ(fields[6].label.get("en"), "G");
}

TEST(DefinitionFields, ReadsTheBoundsOfIntAndMoneyFieldsInTheirUnits) {
  Workspace ws;
  auto loaded = load_fields(ws, R"(  workers: {type: int, min: 1, max: 100000}
  amount: {type: money, min: '0.01', max: 500000}
  other: {type: money}
)");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  const auto& fields = loaded.def().fields;
  EXPECT_EQ(fields[0].min, std::optional<std::int64_t>(1));
  EXPECT_EQ(fields[0].max, std::optional<std::int64_t>(100000));
  EXPECT_EQ(fields[1].min, std::optional<std::int64_t>(1));         // fen
  EXPECT_EQ(fields[1].max, std::optional<std::int64_t>(50000000));  // fen
  EXPECT_FALSE(fields[2].min);
  EXPECT_FALSE(fields[2].max);
}

TEST(DefinitionFields, RejectsBoundsOfTheWrongFormOrTypeOrOrderAtTheirPosition) {
  const struct {
    const char* field;
    int column;
    const char* message;
  } cases[] = {
      {"  workers: {type: int, min: 1.5}\n", 29,
       "min of int field 'workers': expected a whole number, got '1.5'"},
      {"  name: {type: string, max: 10}\n", 24,
       "max is only for int and money fields; field 'name' is string"},
      {"  amount: {type: money, min: 0.001}\n", 30, "min of money field 'amount': "},
      {"  workers: {type: int, min: 10, max: 5}\n", 38,
       "field 'workers': max is below min; no value could be entered"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.field);
    Workspace ws;
    expect_error(load_fields(ws, c.field), 13, c.column, c.message);
  }
}

TEST(DefinitionFields, RejectsUnknownFieldTypeWithAHint) {
  Workspace ws;
  expect_error(load_fields(ws, "  amount: {type: moeny}\n"), 13, 18,
               "unknown field type 'moeny'; use one of string, text, int, money, date, bool, "
               "enum; did you mean 'money'?");
}

TEST(DefinitionFields, RejectsAHintThatIsNotText) {
  Workspace ws;
  expect_error(load_fields(ws, "  phone: {type: string, hint: [x]}\n"), 13, 31,
               "hint must be text or a map of locale to text");
}

TEST(DefinitionFields, ReadsACheck) {
  Workspace ws;
  auto loaded = load_fields(ws, "  id_no: {type: string, check: resident_id}\n  b: {type: text}\n");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  EXPECT_EQ(loaded.def().fields[0].check, FieldCheck::kResidentId);
  EXPECT_EQ(loaded.def().fields[1].check, FieldCheck::kNone);
}

TEST(DefinitionFields, RejectsAnUnknownCheckWithAHint) {
  Workspace ws;
  expect_error(load_fields(ws, "  id_no: {type: string, check: resident_ID}\n"), 13, 32,
               "unknown check 'resident_ID'; use one of resident_id; did you mean 'resident_id'?");
}

TEST(DefinitionFields, RejectsACheckOnAFieldThatIsNotAString) {
  Workspace ws;
  expect_error(load_fields(ws, "  id_no: {type: text, check: resident_id}\n"), 13, 23,
               "a check is only for string fields; field 'id_no' is text");
}

TEST(DefinitionFields, RejectsFieldWithoutType) {
  Workspace ws;
  expect_error(load_fields(ws, "  amount: {required: true}\n"), 13, 3,
               "field 'amount' needs a type");
}

TEST(DefinitionFields, RejectsEnumWithoutValues) {
  Workspace ws;
  expect_error(load_fields(ws, "  region: {type: enum}\n"), 13, 3,
               "enum field 'region' needs values");
}

TEST(DefinitionFields, RejectsEnumWithAnEmptyValueList) {
  Workspace ws;
  expect_error(load_fields(ws, "  region: {type: enum, values: []}\n"), 13, 32,
               "enum field 'region' needs at least one value");
}

TEST(DefinitionFields, RejectsDuplicateEnumValueAtTheSecond) {
  Workspace ws;
  expect_error(load_fields(ws, "  region:\n    type: enum\n    values: [长春市, 吉林市, 长春市]\n"),
               15, 36, "duplicate value '长春市' in enum field 'region'");
}

TEST(DefinitionFields, RejectsValuesOnANonEnumField) {
  Workspace ws;
  expect_error(load_fields(ws, "  region: {type: string, values: [a, b]}\n"), 13, 26,
               "values are only for enum fields; field 'region' is string");
}

TEST(DefinitionFields, RejectsPatternThatIsNotAValidRegex) {
  Workspace ws;
  expect_error(load_fields(ws, "  id_no: {type: string, pattern: '^[0-9{17}$('}\n"), 13, 34,
               "pattern '^[0-9{17}$(' is not a valid regular expression (ECMAScript)");
}

TEST(DefinitionFields, RejectsPatternOnANonStringField) {
  Workspace ws;
  expect_error(load_fields(ws, "  amount: {type: money, pattern: '^[0-9]+$'}\n"), 13, 25,
               "a pattern is only for string and text fields; field 'amount' is money");
}

TEST(DefinitionFields, RejectsRequiredThatIsNotTrueOrFalse) {
  Workspace ws;
  expect_error(load_fields(ws, "  amount: {type: money, required: yes}\n"), 13, 35,
               "required must be true or false, not 'yes'");
  // A quoted 'true' is text: the message says what to do.
  Workspace quoted;
  expect_error(load_fields(quoted, "  amount: {type: money, required: 'true'}\n"), 13, 35,
               "required must be true or false, not 'true': write it without quotes");
}

TEST(DefinitionFields, NamesTheTypesOnceForAnUnknownTypeFarFromAnyOfThem) {
  Workspace ws;
  expect_error(load_fields(ws, "  workers: {type: integer}\n"), 13, 19,
               "unknown field type 'integer'; use one of string, text, int, money, date, bool, "
               "enum");
  auto loaded = load_fields(ws, "  workers: {type: integer}\n");
  EXPECT_EQ(loaded.listing().find("known:"), std::string::npos) << loaded.listing();
}

TEST(DefinitionFields, RejectsFieldNameThatExpressionsCannotUse) {
  Workspace ws;
  auto loaded = load_fields(ws, "  claim-amount: {type: money}\n  and: {type: bool}\n");
  expect_error(loaded, 13, 3, "'claim-amount' cannot be used in expressions");
  expect_error(loaded, 14, 3, "'and' is a word of the expression language");
}

}  // namespace
}  // namespace wageflow
