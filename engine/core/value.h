// Values of case fields, constants and expressions.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "engine/core/date.h"
#include "engine/core/money.h"
#include "engine/core/result.h"

namespace wageflow {

// The field types of workflow-format.md. kText is a long string; kEnum is a
// string restricted to a list of values.
enum class FieldType { kString, kText, kInt, kMoney, kDate, kBool, kEnum };

// "string", "text", "int", "money", "date", "bool", "enum".
const char* field_type_name(FieldType type);

// An unset value is std::monostate. Strings hold string, text and enum
// fields; int fields hold std::int64_t.
using Value = std::variant<std::monostate, std::string, std::int64_t, Money, Date, bool>;

inline bool is_set(const Value& v) {
  return !std::holds_alternative<std::monostate>(v);
}

// Parses the text form a clerk types for a field of `type` ("--set k=v"):
// money "8600" / "8600.50", date "YYYY-MM-DD", int "12", bool
// "true"/"false", strings as they are. Enum values and patterns are checked
// by the definition, not here. The error says what form was expected,
// e.g. "expected a date YYYY-MM-DD, got '2025-02-30'".
Result<Value> parse_value(FieldType type, std::string_view text);

// The canonical text form: money "8600.00", date "2025-01-24", bool
// "true"/"false", int decimal; "" when unset.
std::string format_value(const Value& value);

}  // namespace wageflow
