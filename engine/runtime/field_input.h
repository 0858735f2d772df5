// Private to engine/runtime: turning typed text (name, text form) into
// field values checked against the definition, and naming fields in
// messages.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/definition/definition.h"
#include "engine/runtime/decide.h"

namespace wageflow::runtime_detail {

struct FieldChange {
  FieldId field;
  Value value;  // unset when the clerk cleared the field ("k=")
};

// Parses every pair; the first problem comes back as a refusal
// (kUnknownField or kBadValue) naming the field and the expected form.
std::variant<std::vector<FieldChange>, Refusal> parse_field_changes(
    const Definition& definition, const std::vector<std::pair<std::string, std::string>>& sets);

// Evaluates `row`'s `set:` in order on `data` (each sees the ones before),
// writing each value into `data` and its text into `recorded`. Returns ""
// on success, else what went wrong (an evaluation error, or a value its
// field's rules refuse, quoted only when `quote_value`: a text stored in
// the audit trail must not hold a case's personal data); `data` and
// `recorded` are then partly written.
std::string apply_assignments(const Definition& definition, const TransitionDef& row,
                              std::vector<Value>& data,
                              std::map<std::string, std::string>& recorded,
                              bool quote_value = true);

// Fields in `required` that are unset in `data`, as "name (label)" joined
// by ", "; empty when all are set.
std::string missing_fields(const Definition& definition, const std::vector<FieldId>& required,
                           const std::vector<Value>& data);

// "a, b, c".
std::string join(const std::vector<std::string>& items);

// A field as refusals and notes name it: "name (zh label)", or the name
// alone without a label.
std::string described(const FieldDef& field);

}  // namespace wageflow::runtime_detail
