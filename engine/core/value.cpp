#include "engine/core/value.h"

#include <charconv>

#include "engine/core/utf8.h"

namespace wageflow {
namespace {

// An amount written as Money::parse takes it, but with more than
// Money::kMaxYuanDigits digits before the point: the refusal says it is
// too large, not malformed.
bool is_amount_too_large(std::string_view text) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  const std::size_t point = text.find('.');
  const std::string_view yuan = text.substr(0, point);
  const bool digits =
      !yuan.empty() && yuan.find_first_not_of("0123456789") == std::string_view::npos;
  if (!digits || yuan.size() <= Money::kMaxYuanDigits) return false;
  if (point == std::string_view::npos) return true;
  const std::string_view fen = text.substr(point + 1);
  return !fen.empty() && fen.size() <= 2 &&
         fen.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

const char* field_type_name(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "string";
    case FieldType::kText:
      return "text";
    case FieldType::kInt:
      return "int";
    case FieldType::kMoney:
      return "money";
    case FieldType::kDate:
      return "date";
    case FieldType::kBool:
      return "bool";
    case FieldType::kEnum:
      return "enum";
  }
  return "?";
}

Result<Value> parse_value(FieldType type, std::string_view text) {
  auto quoted = [&] { return "'" + std::string(text) + "'"; };
  switch (type) {
    case FieldType::kString:
    case FieldType::kText:
    case FieldType::kEnum:
      // Not echoed: the bytes would print as garbage, or as nothing.
      if (!is_valid_utf8(text)) return Error{std::string("the value ") + kNotUtf8Advice};
      // Text may span lines; a name, an enum value or a number may not.
      if (has_control_characters(text, type == FieldType::kText)) {
        return Error{std::string("the value holds a control character") +
                     (type == FieldType::kText ? "" : " or a line break") +
                     "; type it again without"};
      }
      return Value{std::string(text)};
    case FieldType::kInt: {
      std::int64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec == std::errc::result_out_of_range && end == text.data() + text.size()) {
        return Error{
            "the number is too large: expected a whole number up to 9223372036854775807, got " +
            quoted()};
      }
      if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        return Error{"expected a whole number, got " + quoted()};
      return Value{v};
    }
    case FieldType::kMoney: {
      auto m = Money::parse(text);
      if (!m && is_amount_too_large(text)) {
        return Error{"the amount is too large: expected at most " +
                     std::to_string(Money::kMaxYuanDigits) + " digits of yuan (" +
                     std::string(Money::kMaxYuanDigits, '9') + ".99), got " + quoted()};
      }
      if (!m) return Error{"expected an amount in yuan such as 8600 or 8600.50, got " + quoted()};
      return Value{*m};
    }
    case FieldType::kDate: {
      auto d = Date::parse(text);
      if (!d) return Error{"expected a real date YYYY-MM-DD, got " + quoted()};
      return Value{*d};
    }
    case FieldType::kBool:
      if (text == "true") return Value{true};
      if (text == "false") return Value{false};
      return Error{"expected true or false, got " + quoted()};
  }
  return Error{"unknown field type"};
}

std::string format_value(const Value& value) {
  struct Visitor {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(Money m) const { return m.to_string(); }
    std::string operator()(Date d) const { return d.to_string(); }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace wageflow
