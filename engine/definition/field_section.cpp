// `fields`: the case's data.

#include "engine/definition/sections.h"
#include "engine/definition/suggest.h"
#include "engine/definition/symbol_names.h"

namespace wageflow::loader {
namespace {

constexpr FieldType kAllTypes[] = {FieldType::kString, FieldType::kText, FieldType::kInt,
                                   FieldType::kMoney,  FieldType::kDate, FieldType::kBool,
                                   FieldType::kEnum};

std::optional<FieldType> parse_type(const std::string& text) {
  for (FieldType t : kAllTypes) {
    if (text == field_type_name(t)) return t;
  }
  return std::nullopt;
}

std::vector<std::string> type_names() {
  std::vector<std::string> names;
  for (FieldType t : kAllTypes) names.push_back(field_type_name(t));
  return names;
}

// Reads `values:` of an enum field: a non-empty list of distinct texts.
bool read_enum_values(const Entry& e, FieldDef& field, Reporter& report) {
  if (!e.value.IsSequence()) {
    report.error(e.value_at, "values must be a list, e.g. [长春市, 吉林市]");
    return false;
  }
  if (e.value.size() == 0) {
    report.error(e.value_at, "enum field '" + field.name + "' needs at least one value");
    return false;
  }
  bool ok = true;
  for (const YAML::Node& item : e.value) {
    Position at = position_of(item);
    std::optional<std::string> text = read_scalar(item, at, "an enum value", report);
    if (!text) {
      ok = false;
      continue;
    }
    bool seen = false;
    for (const std::string& v : field.enum_values) seen = seen || v == *text;
    if (seen) {
      report.error(at, "duplicate value '" + *text + "' in enum field '" + field.name + "'");
      ok = false;
      continue;
    }
    field.enum_values.push_back(*text);
  }
  return ok;
}

// `check: resident_id`; false if it is wrong.
bool read_check(const Entry& e, FieldDef& field, bool type_known, Reporter& report) {
  std::optional<std::string> name = read_scalar(e.value, e.value_at, "check", report);
  if (!name) return false;
  std::optional<FieldCheck> check = field_check_named(*name);
  if (!check) {
    std::vector<std::string> names(kFieldCheckNames.begin(), kFieldCheckNames.end());
    report.error(e.value_at, "unknown check '" + *name + "'; use one of " + join(names) +
                                 hint_for(*name, names));
    return false;
  }
  if (type_known && field.type != FieldType::kString) {
    report.error(e.key_at, "a check is only for string fields; field '" + field.name + "' is " +
                               field_type_name(field.type));
    return false;
  }
  field.check = *check;
  return true;
}

// The number a bound stands for: the int, or the amount in fen.
std::int64_t bound_number(const Value& value) {
  if (const auto* money = std::get_if<Money>(&value)) return money->fen;
  return std::get<std::int64_t>(value);
}

// `min:` or `max:` of an int or money field; false if it is wrong.
bool read_bound(const Entry& e, FieldDef& field, bool type_known, Reporter& report) {
  std::optional<std::string> text = read_scalar(e.value, e.value_at, e.key, report);
  if (!text) return false;
  if (!type_known) return true;  // the type's error is reported already
  if (field.type != FieldType::kInt && field.type != FieldType::kMoney) {
    report.error(e.key_at, e.key + " is only for int and money fields; field '" + field.name +
                               "' is " + field_type_name(field.type));
    return false;
  }
  Result<Value> parsed = parse_value(field.type, *text);
  if (!parsed) {
    report.error(e.value_at, e.key + " of " + field_type_name(field.type) + " field '" +
                                 field.name + "': " + parsed.error());
    return false;
  }
  (e.key == "min" ? field.min : field.max) = bound_number(parsed.value());
  return true;
}

// Reads one field; false if any of it was wrong.
bool read_field(const Entry& entry, FieldDef& field, Reporter& report) {
  std::optional<Entries> keys = read_keys(entry.value, entry.value_at, "field '" + field.name + "'",
                                          format_keys::kField, report);
  if (!keys) return false;
  bool ok = true;
  const Entry* type = find(*keys, "type");
  if (!type) {
    report.error(entry.key_at,
                 "field '" + field.name + "' needs a type (one of " + join(type_names()) + ")");
    ok = false;
  } else if (auto text = read_scalar(type->value, type->value_at, "type", report)) {
    if (auto t = parse_type(*text)) {
      field.type = *t;
    } else {
      const auto close = closest_name(*text, type_names());
      report.error(type->value_at, "unknown field type '" + *text + "'; use one of " +
                                       join(type_names()) +
                                       (close ? "; did you mean '" + *close + "'?" : ""));
      ok = false;
    }
  } else {
    ok = false;
  }
  bool type_known = type && ok;
  for (const Entry& e : *keys) {
    if (e.key == "required" || e.key == "pii") {
      std::optional<bool> flag = read_bool(e.value, e.value_at, e.key, report);
      if (!flag) ok = false;
      (e.key == "required" ? field.required : field.pii) = flag.value_or(false);
    } else if (e.key == "label" || e.key == "hint") {
      std::optional<Label> label = read_label(e.value, e.value_at, e.key, report);
      if (label) (e.key == "label" ? field.label : field.hint) = *label;
      ok = ok && label;
    } else if (e.key == "values") {
      if (type_known && field.type != FieldType::kEnum) {
        report.error(e.key_at, "values are only for enum fields; field '" + field.name + "' is " +
                                   field_type_name(field.type));
        ok = false;
      } else {
        ok = read_enum_values(e, field, report) && ok;
      }
    } else if (e.key == "check") {
      ok = read_check(e, field, type_known, report) && ok;
    } else if (e.key == "min" || e.key == "max") {
      ok = read_bound(e, field, type_known, report) && ok;
    } else if (e.key == "pattern") {
      std::optional<std::string> pattern = read_scalar(e.value, e.value_at, "pattern", report);
      if (!pattern) {
        ok = false;
        continue;
      }
      if (type_known && field.type != FieldType::kString && field.type != FieldType::kText) {
        report.error(e.key_at, "a pattern is only for string and text fields; field '" +
                                   field.name + "' is " + field_type_name(field.type));
        ok = false;
        continue;
      }
      std::string error;
      field.pattern = FieldPattern::compile(*pattern, &error);
      if (!field.pattern) {
        report.error(e.value_at, "pattern '" + *pattern +
                                     "' is not a valid regular expression (ECMAScript): " + error);
        ok = false;
      }
    }
  }
  if (field.pattern && field.hint.by_locale.empty()) {
    report.warning(entry.key_at, "field '" + field.name +
                                     "' has a pattern but no hint: a value that does not match "
                                     "is refused with the regular expression itself; add a hint "
                                     "saying what to enter, e.g. hint: {zh: 11位手机号码, en: an "
                                     "11-digit mobile number}");
  }
  if (field.min && field.max && *field.min > *field.max) {
    report.error(find(*keys, "max")->value_at,
                 "field '" + field.name + "': max is below min; no value could be entered");
    ok = false;
  }
  if (type_known && field.type == FieldType::kEnum && !find(*keys, "values")) {
    report.error(entry.key_at,
                 "enum field '" + field.name + "' needs values, e.g. values: [长春市, 吉林市]");
    ok = false;
  }
  return ok;
}

}  // namespace

void read_fields(const Entry* entry, LoadContext& ctx) {
  if (!entry) return;
  if (entry->value.IsNull()) return;  // `fields:` with nothing under it: no fields
  std::optional<Entries> entries = read_map(entry->value, entry->value_at, "fields", ctx.report);
  if (!entries) {
    ctx.section_broken(NameKind::kField) = true;
    return;
  }
  for (const Entry& e : *entries) {
    FieldDef field;
    field.name = e.key;
    bool ok = true;
    if (std::string problem = symbol_name_problem(e.key); !problem.empty()) {
      ctx.report.error(e.key_at, "field " + problem);
      ok = false;
    }
    ok = read_field(e, field, ctx.report) && ok;
    if (!ok) ctx.broken_symbols.insert(field.name);
    ctx.def.fields.push_back(std::move(field));
  }
}

}  // namespace wageflow::loader
