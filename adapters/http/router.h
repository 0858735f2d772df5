// The API's routes: method + path pattern -> handler. Patterns are
// segments separated by '/': a literal, `{name}` (one non-empty segment) or,
// last, `{name...}` (the rest of the path, at least one segment). The
// OpenAPI document names the same paths with `{name}`.
//
// Built once at start-up, then only read: safe to share between threads.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "adapters/http/http_message.h"

namespace wageflow::http {

struct Exchange;  // api_context.h: the request, its path parameters and caller
using Handler = std::function<HttpResponse(Exchange&)>;

// Who may call a route.
enum class Access {
  kPublic,         // anyone: health, OpenAPI, login, static pages
  kAuthenticated,  // a Bearer token or a live session cookie
};

struct Route {
  std::string method;   // GET, POST, ...
  std::string pattern;  // "/api/cases/{id}/events"
  Access access = Access::kAuthenticated;
  std::string summary;  // one line, for logs and the route list
  Handler handler;
};

struct RouteMatch {
  const Route* route = nullptr;               // null: no route for this method
  std::map<std::string, std::string> params;  // path parameters of `route`
  std::vector<std::string> allowed_methods;   // when the path matched other methods only
};

class Router {
 public:
  // Throws std::invalid_argument for a malformed pattern or a duplicate
  // method + pattern (a programming error, found at start-up).
  void add(Route route);

  // The route for `method` and `path`. HEAD is answered by the GET route.
  // When no route matches the path at all, route is null and
  // allowed_methods is empty (404); when only other methods match, route is
  // null and allowed_methods lists them (405).
  RouteMatch match(const std::string& method, const std::string& path) const;

  const std::vector<Route>& routes() const { return routes_; }

  // The OpenAPI form of a pattern: `{name...}` becomes `{name}`.
  static std::string openapi_path(const std::string& pattern);

 private:
  std::vector<Route> routes_;
};

}  // namespace wageflow::http
