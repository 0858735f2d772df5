#include "engine/runtime/field_input.h"

#include "engine/core/blank.h"
#include "engine/definition/field_check.h"
#include "engine/definition/field_rules.h"
#include "engine/definition/suggest.h"

namespace wageflow::runtime_detail {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

namespace {

std::string field_names(const Definition& definition) {
  std::vector<std::string> names;
  for (const auto& f : definition.fields) names.push_back(f.name);
  return join(names);
}

}  // namespace

std::string apply_assignments(const Definition& definition, const TransitionDef& row,
                              std::vector<Value>& data,
                              std::map<std::string, std::string>& recorded, bool quote_value) {
  const expr::Context context{&data, &definition.constant_values()};
  for (const auto& assignment : row.assignments) {
    const FieldDef& field = definition.fields[assignment.field];
    auto result = assignment.value.evaluate(context);
    if (!result.error.empty()) {
      return result.error + " in set " + field.name + ": " + assignment.value.text();
    }
    std::optional<Value> stored = assigned_value(field.type, std::move(result.value));
    if (!stored) {
      return "set " + field.name + ": " + assignment.value.text() +
             " is too large for an amount; the workflow's set: needs correcting (ask its "
             "administrator)";
    }
    result.value = std::move(*stored);
    const std::string text = format_value(result.value);
    if (is_set(result.value)) {
      if (std::string problem = field_value_problem(field, result.value, text); !problem.empty()) {
        // A check's words may repeat part of the value (a resident ID's
        // date of birth): unquoted, only the check is named.
        if (!quote_value && problem == field_check_problem(field.check, text)) {
          problem = "does not pass its " + std::string(field_check_name(field.check)) + " check";
        }
        return "set " + field.name + ": " + assignment.value.text() + " gives " + described(field) +
               (quote_value ? " '" + text + "'" : std::string(" a value")) + ", which " + problem +
               "; the workflow's set: needs correcting (ask its administrator)";
      }
    }
    data[assignment.field] = result.value;
    recorded[field.name] = text;
  }
  return "";
}

std::string described(const FieldDef& field) {
  std::string label = field.label.get("zh");
  return label.empty() ? field.name : field.name + " (" + label + ")";
}

std::variant<std::vector<FieldChange>, Refusal> parse_field_changes(
    const Definition& definition, const std::vector<std::pair<std::string, std::string>>& sets) {
  std::vector<FieldChange> changes;
  for (const auto& [name, text] : sets) {
    auto id = definition.field_id(name);
    if (!id) {
      std::vector<std::string> names;
      for (const auto& f : definition.fields) names.push_back(f.name);
      const auto close = loader::closest_name(name, names);
      return Refusal{Refusal::Kind::kUnknownField,
                     "unknown field '" + name + "' in workflow " + definition.id +
                         (close ? "; did you mean '" + *close + "'?" : "") +
                         "; fields: " + field_names(definition)};
    }
    const FieldDef& field = definition.fields[*id];
    if (is_blank(text)) {  // only spaces say nothing: the field is cleared, as by ""
      changes.push_back({*id, Value{}});
      continue;
    }
    Result<Value> parsed = parse_value(field.type, text);
    if (!parsed) {
      return Refusal{Refusal::Kind::kBadValue, "field " + described(field) + ": " + parsed.error()};
    }
    if (std::string problem = field_value_problem(field, parsed.value(), text); !problem.empty()) {
      return Refusal{Refusal::Kind::kBadValue,
                     "field " + described(field) + ": '" + text + "' " + problem};
    }
    changes.push_back({*id, std::move(parsed).value()});
  }
  return changes;
}

std::string missing_fields(const Definition& definition, const std::vector<FieldId>& required,
                           const std::vector<Value>& data) {
  std::vector<std::string> missing;
  for (FieldId id : required) {
    if (!is_set(data[id])) missing.push_back(described(definition.fields[id]));
  }
  return join(missing);
}

}  // namespace wageflow::runtime_detail
