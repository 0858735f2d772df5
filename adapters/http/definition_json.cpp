#include "adapters/http/definition_json.h"

#include "engine/core/value.h"
#include "engine/definition/field_pattern.h"

namespace wageflow::http {

using Json = nlohmann::ordered_json;

Json field_definition_json(const FieldDef& field) {
  Json json = {{"name", field.name},
               {"type", field_type_name(field.type)},
               {"required", field.required},
               {"pii", field.pii},
               {"label", label_json(field.label)}};
  if (!field.enum_values.empty()) json["values"] = field.enum_values;
  if (field.pattern) json["pattern"] = field.pattern->source();
  if (!field.hint.by_locale.empty()) json["hint"] = label_json(field.hint);
  if (field.check != FieldCheck::kNone) json["check"] = field_check_name(field.check);
  // Bounds as values are given: an int as a number, money as "12.50".
  auto bound = [&field](std::int64_t n) -> Json {
    if (field.type == FieldType::kMoney) return Money{n}.to_string();
    return n;
  };
  if (field.min) json["min"] = bound(*field.min);
  if (field.max) json["max"] = bound(*field.max);
  return json;
}

}  // namespace wageflow::http
