#include "tests/tooling/support/json_schema.h"

#include <cmath>
#include <regex>
#include <set>
#include <stdexcept>

namespace wageflow::testing {
namespace {

using nlohmann::json;

bool matches(const std::string& text, const char* pattern) {
  return std::regex_match(text, std::regex(pattern));
}

json plain_scalar(const std::string& text) {
  if (text.empty() || matches(text, "~|null|Null|NULL")) return nullptr;
  if (matches(text, "true|True|TRUE")) return true;
  if (matches(text, "false|False|FALSE")) return false;
  try {
    if (matches(text, "[-+]?[0-9]+")) return std::stoll(text);
    if (matches(text, "0o[0-7]+")) return std::stoll(text.substr(2), nullptr, 8);
    if (matches(text, "0x[0-9a-fA-F]+")) return std::stoll(text.substr(2), nullptr, 16);
  } catch (const std::out_of_range&) {
    return std::stod(text);  // too large for an integer: still a number
  }
  if (matches(text, "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?")) {
    return std::stod(text);
  }
  if (matches(text, "[-+]?\\.(inf|Inf|INF)")) {
    return text[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  }
  if (matches(text, "\\.(nan|NaN|NAN)")) return NAN;
  return text;
}

const char* type_of(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer";
    case json::value_t::number_float:
      return "number";
    case json::value_t::string:
      return "string";
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return "other";
  }
}

bool has_type(const json& value, const std::string& type) {
  const std::string actual = type_of(value);
  if (type == "number") return actual == "integer" || actual == "number";
  if (type == "integer" && actual == "number") {
    double d = value.get<double>();
    return std::isfinite(d) && d == std::floor(d);
  }
  return actual == type;
}

std::size_t code_points(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string escape_pointer_token(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

const std::set<std::string>& known_keywords() {
  static const std::set<std::string> keywords = {
      "type",          "properties",    "required",      "additionalProperties",
      "propertyNames", "minProperties", "maxProperties", "enum",
      "const",         "not",           "anyOf",         "oneOf",
      "allOf",         "items",         "minItems",      "maxItems",
      "uniqueItems",   "pattern",       "minLength",     "maxLength",
      "minimum",       "maximum",       "$ref",          "$schema",
      "$id",           "$defs",         "$comment",      "title",
      "description",   "default",       "examples"};
  return keywords;
}

}  // namespace

json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json object = json::object();
      for (auto it = node.begin(); it != node.end(); ++it) {
        const YAML::Node key = it->first;
        object[key.Scalar()] = yaml_to_json(it->second);
      }
      return object;
    }
    case YAML::NodeType::Sequence: {
      json array = json::array();
      for (const YAML::Node& item : node) array.push_back(yaml_to_json(item));
      return array;
    }
    case YAML::NodeType::Scalar:
      if (node.Tag() == "?") return plain_scalar(node.Scalar());
      return node.Scalar();
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
  }
  return nullptr;
}

JsonSchema::JsonSchema(json schema) : schema_(std::move(schema)) {
  check_keywords(schema_, "#");
}

void JsonSchema::check_keywords(const json& schema, const std::string& where) const {
  if (schema.is_boolean()) return;
  if (!schema.is_object()) throw std::invalid_argument(where + ": a schema must be an object");
  for (const auto& [keyword, value] : schema.items()) {
    const std::string at = where + "/" + escape_pointer_token(keyword);
    if (!known_keywords().count(keyword)) {
      throw std::invalid_argument(at + ": keyword not supported by this validator");
    }
    if (keyword == "properties" || keyword == "$defs") {
      for (const auto& [name, sub] : value.items()) {
        check_keywords(sub, at + "/" + escape_pointer_token(name));
      }
    } else if (keyword == "additionalProperties" || keyword == "propertyNames" ||
               keyword == "items" || keyword == "not") {
      check_keywords(value, at);
    } else if (keyword == "anyOf" || keyword == "oneOf" || keyword == "allOf") {
      for (std::size_t i = 0; i < value.size(); ++i) {
        check_keywords(value[i], at + "/" + std::to_string(i));
      }
    } else if (keyword == "$ref") {
      resolve(value.get<std::string>());
    }
  }
}

const json& JsonSchema::resolve(const std::string& ref) const {
  if (ref.rfind("#", 0) != 0) throw std::invalid_argument("$ref '" + ref + "' is not local");
  try {
    return schema_.at(json::json_pointer(ref.substr(1)));
  } catch (const json::exception&) {
    throw std::invalid_argument("$ref '" + ref + "' points nowhere");
  }
}

std::vector<std::string> JsonSchema::validate(const json& instance) const {
  std::vector<std::string> errors;
  check(schema_, instance, "", &errors);
  return errors;
}

void JsonSchema::check(const json& schema, const json& instance, const std::string& where,
                       std::vector<std::string>* errors) const {
  const std::string at = where.empty() ? "/" : where;
  auto fail = [&](const std::string& message) { errors->push_back(at + ": " + message); };
  if (schema.is_boolean()) {
    if (!schema.get<bool>()) fail("no value is allowed here");
    return;
  }
  if (schema.contains("$ref")) check(resolve(schema["$ref"]), instance, where, errors);
  if (schema.contains("type")) {
    const json& types = schema["type"];
    bool ok = false;
    if (types.is_string()) {
      ok = has_type(instance, types);
    } else {
      for (const auto& t : types) ok = ok || has_type(instance, t);
    }
    if (!ok) {
      fail(std::string("expected ") + types.dump() + ", got " + type_of(instance) + " " +
           instance.dump());
      return;  // the other keywords would only repeat the mismatch
    }
  }
  if (schema.contains("enum")) {
    bool found = false;
    for (const auto& v : schema["enum"]) found = found || v == instance;
    if (!found) fail(instance.dump() + " is not one of " + schema["enum"].dump());
  }
  if (schema.contains("const") && schema["const"] != instance) {
    fail(instance.dump() + " is not " + schema["const"].dump());
  }
  if (schema.contains("not")) {
    std::vector<std::string> inner;
    check(schema["not"], instance, where, &inner);
    if (inner.empty()) fail(instance.dump() + " is not allowed here");
  }
  if (schema.contains("allOf")) {
    for (const auto& sub : schema["allOf"]) check(sub, instance, where, errors);
  }
  for (const char* keyword : {"anyOf", "oneOf"}) {
    if (!schema.contains(keyword)) continue;
    int valid = 0;
    std::vector<std::string> all;
    for (const auto& sub : schema[keyword]) {
      std::vector<std::string> inner;
      check(sub, instance, where, &inner);
      if (inner.empty()) ++valid;
      all.insert(all.end(), inner.begin(), inner.end());
    }
    const bool one_of = std::string(keyword) == "oneOf";
    if (valid == 0) {
      std::string message = "matches none of the allowed forms (";
      for (std::size_t i = 0; i < all.size(); ++i) message += (i ? "; " : "") + all[i];
      fail(message + ")");
    } else if (one_of && valid > 1) {
      fail("matches " + std::to_string(valid) + " forms of oneOf, not exactly one");
    }
  }
  if (instance.is_object()) {
    const json empty = json::object();
    const json& properties = schema.contains("properties") ? schema["properties"] : empty;
    for (const auto& [key, value] : instance.items()) {
      const std::string child = where + "/" + escape_pointer_token(key);
      if (schema.contains("propertyNames")) {
        std::vector<std::string> inner;
        check(schema["propertyNames"], key, child, &inner);
        if (!inner.empty()) fail("key '" + key + "' is not allowed: " + inner.front());
      }
      if (properties.contains(key)) {
        check(properties[key], value, child, errors);
      } else if (schema.contains("additionalProperties")) {
        const json& additional = schema["additionalProperties"];
        if (additional.is_boolean() && !additional.get<bool>()) {
          std::string allowed;
          for (const auto& [name, sub] : properties.items()) {
            allowed += (allowed.empty() ? "" : ", ") + name;
          }
          fail("unknown key '" + key + "'; allowed: " + allowed);
        } else {
          check(additional, value, child, errors);
        }
      }
    }
    if (schema.contains("required")) {
      for (const auto& key : schema["required"]) {
        if (!instance.contains(key.get<std::string>())) {
          fail("missing required key '" + key.get<std::string>() + "'");
        }
      }
    }
    if (schema.contains("minProperties") && instance.size() < schema["minProperties"]) {
      fail("needs at least " + schema["minProperties"].dump() + " key(s)");
    }
    if (schema.contains("maxProperties") && instance.size() > schema["maxProperties"]) {
      fail("takes at most " + schema["maxProperties"].dump() + " key(s), has " +
           std::to_string(instance.size()));
    }
  }
  if (instance.is_array()) {
    if (schema.contains("items")) {
      for (std::size_t i = 0; i < instance.size(); ++i) {
        check(schema["items"], instance[i], where + "/" + std::to_string(i), errors);
      }
    }
    if (schema.contains("minItems") && instance.size() < schema["minItems"]) {
      fail("needs at least " + schema["minItems"].dump() + " item(s)");
    }
    if (schema.contains("maxItems") && instance.size() > schema["maxItems"]) {
      fail("takes at most " + schema["maxItems"].dump() + " item(s)");
    }
    if (schema.value("uniqueItems", false)) {
      for (std::size_t i = 0; i < instance.size(); ++i) {
        for (std::size_t j = i + 1; j < instance.size(); ++j) {
          if (instance[i] == instance[j]) fail(instance[i].dump() + " is listed twice");
        }
      }
    }
  }
  if (instance.is_string()) {
    const std::string& text = instance.get_ref<const std::string&>();
    if (schema.contains("pattern") &&
        !std::regex_search(text, std::regex(schema["pattern"].get<std::string>()))) {
      fail(instance.dump() + " does not match " + schema["pattern"].dump());
    }
    if (schema.contains("minLength") && code_points(text) < schema["minLength"]) {
      fail(instance.dump() + " is shorter than " + schema["minLength"].dump());
    }
    if (schema.contains("maxLength") && code_points(text) > schema["maxLength"]) {
      fail(instance.dump() + " is longer than " + schema["maxLength"].dump());
    }
  }
  if (instance.is_number()) {
    const double value = instance.get<double>();
    if (schema.contains("minimum") && value < schema["minimum"].get<double>()) {
      fail(instance.dump() + " is less than " + schema["minimum"].dump());
    }
    if (schema.contains("maximum") && value > schema["maximum"].get<double>()) {
      fail(instance.dump() + " is more than " + schema["maximum"].dump());
    }
  }
}

}  // namespace wageflow::testing
