#include "engine/runtime/field_input.h"

#include "engine/core/blank.h"
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
    // An amount claimed, recovered or awarded is never below nothing; the
    // staff pages refuse a minus sign before sending.
    if (field.type == FieldType::kMoney && std::get<Money>(parsed.value()).fen < 0) {
      return Refusal{Refusal::Kind::kBadValue, "field " + described(field) + ": '" + text +
                                                   "' is below zero; an amount is 0 or more"};
    }
    if (auto problem = out_of_bounds(field, parsed.value()); !problem.empty()) {
      return Refusal{Refusal::Kind::kBadValue,
                     "field " + described(field) + ": '" + text + "' " + problem};
    }
    if (field.type == FieldType::kEnum) {
      bool listed = false;
      for (const auto& v : field.enum_values) listed = listed || v == text;
      if (!listed) {
        return Refusal{Refusal::Kind::kBadValue, "field " + described(field) + ": '" + text +
                                                     "' is not one of: " + join(field.enum_values)};
      }
    }
    if (field.pattern && !field.pattern->found_in(text)) {
      // The hint is what a clerk can act on; the expression is for whoever
      // maintains the workflow.
      const std::string hint = field.hint.get("zh");
      const std::string& form = field.pattern->source();
      return Refusal{Refusal::Kind::kBadValue,
                     "field " + described(field) + ": '" + text + "' " +
                         (hint.empty() ? "does not have the expected form " + form
                                       : "is not " + hint + " (expected form " + form + ")")};
    }
    if (std::string problem = field_check_problem(field.check, text); !problem.empty()) {
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
