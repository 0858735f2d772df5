// Requests and responses as the API sees them: plain values, so that the
// router and handlers neither include nor depend on cpp-httplib (only
// server.cpp does) and can be tested without sockets.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wageflow::http {

struct HttpRequest {
  std::string method;                                        // upper-case as sent: GET, POST, ...
  std::string path;                                          // percent-decoded, without the query
  std::multimap<std::string, std::string> query;             // decoded
  std::vector<std::pair<std::string, std::string>> headers;  // as received
  std::string body;
  std::string remote_address;

  // The first header named `name` (case-insensitive), or "" when absent.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  // The first query parameter `name`, if present.
  std::optional<std::string> query_value(const std::string& name) const;
  // The value of cookie `name` in the Cookie header(s), if present.
  std::optional<std::string> cookie(std::string_view name) const;
  // The media type of Content-Type, lower-cased, without parameters.
  std::string media_type() const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // "" for no body
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type

  // Replaces any header of the same name (case-insensitive).
  void set_header(const std::string& name, const std::string& value);
  // Adds a header even if one of that name exists (Set-Cookie).
  void add_header(const std::string& name, const std::string& value);
  std::string header(std::string_view name) const;

  static HttpResponse json(int status, const nlohmann::ordered_json& body);
  // 303 See Other to `location` (already checked to be safe).
  static HttpResponse redirect(const std::string& location);
};

bool equals_ignoring_case(std::string_view a, std::string_view b);

// Decodes application/x-www-form-urlencoded text ('+' is a space).
std::multimap<std::string, std::string> parse_form(std::string_view body);

}  // namespace wageflow::http
