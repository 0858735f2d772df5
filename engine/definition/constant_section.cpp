// `constants`: named values for expressions. A plain number is money in
// yuan, 'quoted' text a string, true/false a bool; {type: T, value: V}
// declares any other type.
#include <charconv>

#include "engine/definition/sections.h"
#include "engine/definition/symbol_names.h"

namespace wageflow::loader {
namespace {

std::optional<bool> parse_bool(const std::string& s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_int(const std::string& s) {
  std::int64_t n = 0;
  const char* begin = s.data() + (!s.empty() && s[0] == '+' ? 1 : 0);
  auto [end, ec] = std::from_chars(begin, s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || begin == s.data() + s.size()) {
    return std::nullopt;
  }
  return n;
}

// The short form: `name: 2120`, `name: 'text'`, `name: true`.
std::optional<Value> read_short_form(const Entry& e, Reporter& report) {
  if (!e.value.IsScalar()) {
    report.error(e.value_at, "constant '" + e.key +
                                 "' needs a value: a number in yuan, 'quoted text', true, false "
                                 "or {type: ..., value: ...}");
    return std::nullopt;
  }
  const std::string& text = e.value.Scalar();
  if (!is_plain_scalar(e.value)) return Value{text};
  if (auto b = parse_bool(text)) return Value{*b};
  if (auto money = Money::parse(text)) return Value{*money};
  report.error(e.value_at, "constant '" + e.key + "': '" + text +
                               "' is not an amount in yuan (at most 2 decimals, e.g. 2120 or "
                               "2120.50); quote text ('...') or write {type: ..., value: ...}");
  return std::nullopt;
}

// The long form: `name: {type: int, value: 12}`.
std::optional<Value> read_typed_form(const Entry& e, Reporter& report) {
  const std::string what = "constant '" + e.key + "'";
  std::optional<Entries> keys =
      read_keys(e.value, e.value_at, what, format_keys::kConstant, report);
  if (!keys) return std::nullopt;
  const Entry* type = find(*keys, "type");
  const Entry* value = find(*keys, "value");
  if (!type || !value) {
    report.error(e.key_at, what + " needs both type and value, e.g. {type: int, value: 12}");
    return std::nullopt;
  }
  std::optional<std::string> type_text = read_scalar(type->value, type->value_at, "type", report);
  std::optional<std::string> text = read_scalar(value->value, value->value_at, "value", report);
  if (!type_text || !text) return std::nullopt;
  std::optional<Value> result;
  std::string expected;
  if (*type_text == "int") {
    if (auto n = parse_int(*text)) result = Value{*n};
    expected = "a whole number";
  } else if (*type_text == "money") {
    if (auto m = Money::parse(*text)) result = Value{*m};
    expected = "an amount in yuan with at most 2 decimals";
  } else if (*type_text == "date") {
    if (auto d = Date::parse(*text)) result = Value{*d};
    expected = "a date YYYY-MM-DD";
  } else if (*type_text == "string") {
    result = Value{*text};
  } else if (*type_text == "bool") {
    if (auto b = parse_bool(*text)) result = Value{*b};
    expected = "true or false";
  } else {
    report.error(type->value_at, what + ": unknown type '" + *type_text +
                                     "'; use one of int, money, date, string, bool");
    return std::nullopt;
  }
  if (!result) {
    report.error(value->value_at, what + ": expected " + expected + " for type " + *type_text +
                                      ", got '" + *text + "'");
  }
  return result;
}

}  // namespace

void read_constants(const Entry* entry, LoadContext& ctx) {
  if (!entry || entry->value.IsNull()) return;
  std::optional<Entries> entries = read_map(entry->value, entry->value_at, "constants", ctx.report);
  if (!entries) return;
  for (const Entry& e : *entries) {
    std::string problem = symbol_name_problem(e.key);
    if (!problem.empty()) ctx.report.error(e.key_at, "constant " + problem);
    bool clashes = false;
    for (const FieldDef& f : ctx.def.fields) clashes = clashes || f.name == e.key;
    if (clashes) {
      ctx.report.error(e.key_at,
                       "constant '" + e.key + "' has the same name as a field; rename one of them");
    }
    std::optional<Value> value =
        e.value.IsMap() ? read_typed_form(e, ctx.report) : read_short_form(e, ctx.report);
    if (clashes) continue;  // expressions naming it mean the field
    if (!problem.empty() || !value) ctx.broken_symbols.insert(e.key);
    ctx.def.constants.push_back(ConstantDef{e.key, value.value_or(Value{})});
  }
}

}  // namespace wageflow::loader
