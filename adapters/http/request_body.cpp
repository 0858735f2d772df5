#include "adapters/http/request_body.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <string>
#include <vector>

#include "adapters/http/problem.h"

namespace wageflow::http {
namespace {

[[noreturn]] void invalid_body(std::string detail) {
  throw ProblemError(Problem{400, "invalid-body", std::move(detail)});
}

[[noreturn]] void invalid_parameter(std::string detail) {
  throw ProblemError(Problem{400, "invalid-parameter", std::move(detail)});
}

bool is_json_media_type(const std::string& type) {
  return type == "application/json" ||
         (type.size() > 5 && type.compare(type.size() - 5, 5, "+json") == 0);
}

std::string names(std::initializer_list<const char*> keys) {
  std::string text;
  for (const char* key : keys) text += (text.empty() ? "" : ", ") + std::string(key);
  return text;
}

}  // namespace

nlohmann::ordered_json json_object_body(const HttpRequest& request,
                                        std::initializer_list<const char*> allowed) {
  const std::string type = request.media_type();
  if (!is_json_media_type(type)) {
    throw ProblemError(Problem{415, "unsupported-media-type",
                               "send the body as JSON with 'Content-Type: application/json'" +
                                   (type.empty() ? std::string(" (no Content-Type was given)")
                                                 : " (got '" + type + "')")});
  }
  nlohmann::ordered_json body;
  // A key given twice means one thing to one parser and another to the
  // next ({"event":"nope","event":"withdraw"}): refused, not last-one-wins.
  std::vector<std::set<std::string>> keys_of_open_objects;
  std::string duplicate;
  auto note_keys = [&](int, nlohmann::ordered_json::parse_event_t event,
                       nlohmann::ordered_json& parsed) {
    using Event = nlohmann::ordered_json::parse_event_t;
    if (event == Event::object_start) keys_of_open_objects.emplace_back();
    if (event == Event::object_end && !keys_of_open_objects.empty())
      keys_of_open_objects.pop_back();
    if (event == Event::key && !keys_of_open_objects.empty() && duplicate.empty() &&
        !keys_of_open_objects.back().insert(parsed.get<std::string>()).second) {
      duplicate = parsed.get<std::string>();
    }
    return true;
  };
  try {
    body = nlohmann::ordered_json::parse(request.body, note_keys);
  } catch (const nlohmann::json::parse_error& e) {
    throw ProblemError(Problem{400,
                               "malformed-json",
                               "the body is not valid JSON: error at byte " +
                                   std::to_string(e.byte) + " of " +
                                   std::to_string(request.body.size()),
                               {{"byte", e.byte}}});
  }
  if (!body.is_object())
    invalid_body("the body must be a JSON object {...}, got " + std::string(body.type_name()));
  if (!duplicate.empty()) invalid_body("key '" + duplicate + "' is given twice in the body");
  for (const auto& [key, value] : body.items()) {
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* k) { return key == k; })) {
      invalid_body("unknown key '" + key + "' in the body; expected: " + names(allowed));
    }
  }
  return body;
}

std::string optional_string(const nlohmann::ordered_json& body, const char* key) {
  auto found = body.find(key);
  if (found == body.end()) return "";
  if (!found->is_string()) {
    invalid_body(std::string(key) + " must be a string, got " + found->type_name());
  }
  return found->get<std::string>();
}

std::string required_string(const nlohmann::ordered_json& body, const char* key) {
  if (!body.contains(key)) invalid_body(std::string("the body needs \"") + key + "\"");
  std::string value = optional_string(body, key);
  if (value.empty()) invalid_body(std::string(key) + " must not be empty");
  return value;
}

std::vector<std::pair<std::string, std::string>> field_values(const nlohmann::ordered_json& body) {
  std::vector<std::pair<std::string, std::string>> values;
  auto found = body.find("values");
  if (found == body.end()) return values;
  if (!found->is_object()) {
    invalid_body(
        "values must be an object of field -> value, e.g. {\"claim_amount\": "
        "\"8600.00\"}, got " +
        std::string(found->type_name()));
  }
  for (const auto& [name, value] : found->items()) {
    if (value.is_string()) {
      values.emplace_back(name, value.get<std::string>());
    } else if (value.is_boolean()) {
      values.emplace_back(name, value.get<bool>() ? "true" : "false");
    } else if (value.is_number()) {
      values.emplace_back(name, value.dump());
    } else {
      invalid_body("field " + name + ": give a string, number or true/false, not " +
                   std::string(value.type_name()) +
                   (value.is_null() ? " (leave the field out to keep it as it is)" : ""));
    }
  }
  return values;
}

int int_parameter(const HttpRequest& request, const std::string& name, int fallback, int min,
                  int max) {
  auto text = request.query_value(name);
  if (!text) return fallback;
  int value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    invalid_parameter(name + " must be a whole number from " + std::to_string(min) + " to " +
                      std::to_string(max) + ", got '" + *text + "'");
  }
  return value;
}

bool bool_parameter(const HttpRequest& request, const std::string& name, bool fallback) {
  auto text = request.query_value(name);
  if (!text) return fallback;
  if (*text == "true" || *text == "1") return true;
  if (*text == "false" || *text == "0") return false;
  invalid_parameter(name + " must be true or false, got '" + *text + "'");
}

}  // namespace wageflow::http
