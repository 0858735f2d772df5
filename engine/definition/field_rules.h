// The rules a field's value obeys beyond its type (workflow-format.md,
// "Fields"): an amount never below zero, `min:`/`max:`, enum `values:`,
// `pattern:` and `check:`. One place for a value a clerk types, a value a
// `set:` computes when its event fires, and a `set:` constant the loader
// can judge before any case. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/definition/definition.h"

namespace wageflow {

// The value a `set:` result stores in a field of `type`: an int in a money
// field is that many yuan (`claim_amount: 12` is 12.00), as the expression
// rules read it; anything else as it is. nullopt: an int too large to be an
// amount in fen.
std::optional<Value> assigned_value(FieldType type, Value value);

// "" when `value` (whose text form is `text`: as typed, or format_value's)
// obeys `field`'s rules; otherwise what is wrong, a phrase to follow the
// quoted value: "is not one of: 调解, 裁决", "is below zero; ...".
std::string field_value_problem(const FieldDef& field, const Value& value, std::string_view text);

}  // namespace wageflow
