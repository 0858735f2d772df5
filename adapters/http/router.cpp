#include "adapters/http/router.h"

#include <algorithm>
#include <stdexcept>

namespace wageflow::http {
namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 1;  // after the leading '/'
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool is_parameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool is_rest_parameter(const std::string& segment) {
  return is_parameter(segment) && segment.size() > 5 &&
         segment.compare(segment.size() - 4, 4, "...}") == 0;
}

std::string parameter_name(const std::string& segment) {
  std::string name = segment.substr(1, segment.size() - 2);
  if (name.size() > 3 && name.compare(name.size() - 3, 3, "...") == 0) name.resize(name.size() - 3);
  return name;
}

// Matches `path` against `pattern`, filling `params`.
bool matches(const std::string& pattern, const std::string& path,
             std::map<std::string, std::string>& params) {
  if (path.empty() || path.front() != '/') return false;
  const std::vector<std::string> want = split(pattern);
  const std::vector<std::string> got = split(path);
  params.clear();
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (is_rest_parameter(want[i])) {
      if (i >= got.size()) return false;
      std::string rest;
      for (std::size_t j = i; j < got.size(); ++j) rest += (j == i ? "" : "/") + got[j];
      if (rest.empty()) return false;
      params[parameter_name(want[i])] = rest;
      return true;
    }
    if (i >= got.size()) return false;
    if (is_parameter(want[i])) {
      if (got[i].empty()) return false;
      params[parameter_name(want[i])] = got[i];
    } else if (want[i] != got[i]) {
      return false;
    }
  }
  return want.size() == got.size();
}

}  // namespace

void Router::add(Route route) {
  if (route.pattern.empty() || route.pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + route.pattern);
  }
  const auto segments = split(route.pattern);
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    if (is_rest_parameter(segments[i])) {
      throw std::invalid_argument("{name...} must be the last segment: " + route.pattern);
    }
  }
  for (const Route& existing : routes_) {
    if (existing.method == route.method && existing.pattern == route.pattern) {
      throw std::invalid_argument("duplicate route " + route.method + " " + route.pattern);
    }
  }
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(const std::string& method, const std::string& path) const {
  const std::string wanted = method == "HEAD" ? "GET" : method;
  RouteMatch result;
  std::map<std::string, std::string> params;
  for (const Route& route : routes_) {
    if (!matches(route.pattern, path, params)) continue;
    if (route.method == wanted) {
      result.route = &route;
      result.params = params;
      result.allowed_methods.clear();
      return result;
    }
    if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(), route.method) ==
        result.allowed_methods.end()) {
      result.allowed_methods.push_back(route.method);
    }
  }
  if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(), "GET") !=
      result.allowed_methods.end()) {
    result.allowed_methods.push_back("HEAD");
  }
  return result;
}

std::string Router::openapi_path(const std::string& pattern) {
  std::string path = pattern;
  for (auto at = path.find("...}"); at != std::string::npos; at = path.find("...}")) {
    path.erase(at, 3);
  }
  return path;
}

}  // namespace wageflow::http
