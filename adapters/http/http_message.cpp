#include "adapters/http/http_message.h"

#include <algorithm>
#include <cctype>

namespace wageflow::http {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string form_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string HttpRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (equals_ignoring_case(key, name)) return value;
  }
  return "";
}

bool HttpRequest::has_header(std::string_view name) const {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return equals_ignoring_case(h.first, name); });
}

std::optional<std::string> HttpRequest::query_value(const std::string& name) const {
  auto found = query.find(name);
  if (found == query.end()) return std::nullopt;
  return found->second;
}

std::optional<std::string> HttpRequest::cookie(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (!equals_ignoring_case(key, "Cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find(';'), rest.size());
      std::string_view pair = trim(rest.substr(0, end));
      rest.remove_prefix(std::min(end + 1, rest.size()));
      const std::size_t equals = pair.find('=');
      if (equals == std::string_view::npos) continue;
      if (trim(pair.substr(0, equals)) == name) return std::string(trim(pair.substr(equals + 1)));
    }
  }
  return std::nullopt;
}

std::string HttpRequest::media_type() const {
  const std::string content_type = header("Content-Type");
  std::string type(trim(std::string_view(content_type)
                            .substr(0, std::min(content_type.find(';'), content_type.size()))));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

void HttpResponse::set_header(const std::string& name, const std::string& value) {
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [&](const auto& h) { return equals_ignoring_case(h.first, name); }),
                headers.end());
  headers.emplace_back(name, value);
}

void HttpResponse::add_header(const std::string& name, const std::string& value) {
  headers.emplace_back(name, value);
}

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (equals_ignoring_case(key, name)) return value;
  }
  return "";
}

HttpResponse HttpResponse::json(int status, const nlohmann::ordered_json& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

HttpResponse HttpResponse::redirect(const std::string& location) {
  HttpResponse response;
  response.status = 303;
  response.set_header("Location", location);
  return response;
}

std::multimap<std::string, std::string> parse_form(std::string_view body) {
  std::multimap<std::string, std::string> fields;
  while (!body.empty()) {
    const std::size_t end = std::min(body.find('&'), body.size());
    std::string_view pair = body.substr(0, end);
    body.remove_prefix(std::min(end + 1, body.size()));
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos) {
      fields.emplace(form_decode(pair), "");
    } else {
      fields.emplace(form_decode(pair.substr(0, equals)), form_decode(pair.substr(equals + 1)));
    }
  }
  return fields;
}

}  // namespace wageflow::http
