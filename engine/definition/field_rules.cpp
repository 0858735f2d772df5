#include "engine/definition/field_rules.h"

#include <limits>

#include "engine/definition/field_check.h"
#include "engine/definition/suggest.h"

namespace wageflow {
namespace {

// "" when `value` is within the field's `min:` and `max:`; otherwise what
// is wrong, naming the bound as a clerk enters it.
std::string out_of_bounds(const FieldDef& field, const Value& value) {
  const auto* money = std::get_if<Money>(&value);
  const auto* number = std::get_if<std::int64_t>(&value);
  if (!money && !number) return "";
  const std::int64_t n = money ? money->fen : *number;
  auto shown = [money](std::int64_t bound) {
    return money ? Money{bound}.to_string() : std::to_string(bound);
  };
  if (field.min && n < *field.min) return "is below the least allowed, " + shown(*field.min);
  if (field.max && n > *field.max) return "is above the most allowed, " + shown(*field.max);
  return "";
}

}  // namespace

std::optional<Value> assigned_value(FieldType type, Value value) {
  if (const auto* yuan = std::get_if<std::int64_t>(&value); yuan && type == FieldType::kMoney) {
    constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / 100;
    if (*yuan > kLimit || *yuan < -kLimit) return std::nullopt;
    return Value{Money::from_yuan(*yuan)};
  }
  return value;
}

std::string field_value_problem(const FieldDef& field, const Value& value, std::string_view text) {
  // An amount claimed, recovered or awarded is never below nothing; the
  // staff pages refuse a minus sign before sending.
  if (const auto* money = std::get_if<Money>(&value); money && money->fen < 0) {
    return "is below zero; an amount is 0 or more";
  }
  if (std::string problem = out_of_bounds(field, value); !problem.empty()) return problem;
  if (field.type == FieldType::kEnum) {
    bool listed = false;
    for (const auto& v : field.enum_values) listed = listed || v == text;
    if (!listed) return "is not one of: " + loader::join(field.enum_values);
  }
  if (field.pattern && !field.pattern->found_in(std::string(text))) {
    // The hint is what a clerk can act on; the expression is for whoever
    // maintains the workflow.
    const std::string hint = field.hint.get("zh");
    const std::string& form = field.pattern->source();
    return hint.empty() ? "does not have the expected form " + form
                        : "is not " + hint + " (expected form " + form + ")";
  }
  return field_check_problem(field.check, text);
}

}  // namespace wageflow
