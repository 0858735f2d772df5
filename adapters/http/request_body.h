// Reading request bodies and parameters. Private to adapters/http; every
// function throws ProblemError (400, 415) naming what is wrong.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "adapters/http/http_message.h"

namespace wageflow::http {

// The body as a JSON object: 415 unless Content-Type is application/json
// (or another +json type), 400 "malformed-json" with the parser's position
// for text that is not JSON, 400 "invalid-body" for JSON that is not an
// object or has a key outside `allowed`.
nlohmann::ordered_json json_object_body(const HttpRequest& request,
                                        std::initializer_list<const char*> allowed);

// body[key] as a string: "" when absent, 400 when present but not a string.
std::string optional_string(const nlohmann::ordered_json& body, const char* key);
// body[key] as a non-empty string, 400 when absent, empty or not a string.
std::string required_string(const nlohmann::ordered_json& body, const char* key);

// body["values"]: an object of field -> string | number | bool, as the
// text the CLI's --set takes (numbers as written: 8600.5 -> "8600.5").
// 400 for anything else (null, arrays, objects, a non-object "values").
std::vector<std::pair<std::string, std::string>> field_values(const nlohmann::ordered_json& body);

// A query parameter as an integer in [min, max], or `fallback` when
// absent; 400 otherwise.
int int_parameter(const HttpRequest& request, const std::string& name, int fallback, int min,
                  int max);
// A query parameter as true/false ("true", "1", "false", "0"), `fallback`
// when absent; 400 otherwise.
bool bool_parameter(const HttpRequest& request, const std::string& name, bool fallback);

}  // namespace wageflow::http
