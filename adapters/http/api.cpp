#include "adapters/http/api.h"

#include <spdlog/spdlog.h>

#include "adapters/http/api_context.h"
#include "adapters/http/authentication.h"

namespace wageflow::http {
namespace {

bool is_known_method(const std::string& method) {
  static const char* const kMethods[] = {"GET",   "HEAD",   "POST",   "PUT",
                                         "PATCH", "DELETE", "OPTIONS"};
  return std::any_of(std::begin(kMethods), std::end(kMethods),
                     [&](const char* known) { return method == known; });
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

// Headers every answer carries: no sniffing of types, no framing by other
// sites, scripts and styles only from this server's own files (the pages
// build their DOM without inline script, style or HTML strings), and nothing
// personal kept in caches.
void add_common_headers(const std::string& path, HttpResponse& response) {
  response.set_header("Content-Security-Policy",
                      "default-src 'self'; script-src 'self'; style-src 'self'; "
                      "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                      "form-action 'self'; frame-ancestors 'none'");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Referrer-Policy", "same-origin");
  if (path.rfind("/api/", 0) == 0 || path == "/login" || path == "/logout" ||
      response.status >= 400) {
    response.set_header("Cache-Control", "no-store");
  }
}

Connection& Exchange::db() {
  if (!lease_) lease_.emplace(services.pool.acquire());
  return **lease_;
}

void Exchange::discard_connection() {
  if (lease_) lease_->discard();
  lease_.reset();
}

Api::Api(ApiSettings settings, StorePool& pool, ServerClock& clock, spdlog::logger& log,
         std::function<void()> clock_moved)
    : services_(std::make_unique<ApiServices>(
          ApiServices{std::move(settings), pool, clock, log, std::move(clock_moved)})) {
  add_service_routes(router_);
  add_session_routes(router_, services_->settings);
  add_workflow_routes(router_);
  add_case_routes(router_);
  add_deadline_routes(router_);
  add_simulate_routes(router_);
  add_page_routes(router_);
  add_page_support_routes(router_);
  add_report_routes(router_);
}

Api::~Api() = default;

const ApiSettings& Api::settings() const {
  return services_->settings;
}

HttpResponse Api::handle(const HttpRequest& request, std::string* user) const {
  Exchange ex(request, *services_);
  HttpResponse response;
  try {
    if (!is_known_method(request.method)) {
      throw ProblemError(Problem{501, "method-not-implemented",
                                 "this server does not know the method " + request.method +
                                     "; it knows GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS"});
    }
    RouteMatch match = router_.match(request.method, request.path);
    if (!match.route && match.allowed_methods.empty()) {
      throw ProblemError(Problem{404, "unknown-route",
                                 "no such resource: " + request.path +
                                     " (the API is described at "
                                     "/openapi.json)"});
    }
    if (!match.route) {
      response = problem_response(Problem{405, "method-not-allowed",
                                          request.path + " does not take " + request.method +
                                              "; it takes " + joined(match.allowed_methods)},
                                  request.path);
      response.set_header("Allow", joined(match.allowed_methods));
    } else {
      ex.params = std::move(match.params);
      if (match.route->access == Access::kAuthenticated) {
        ex.caller = authenticate(ex);
        if (user) *user = ex.caller->user.name;
        check_cross_site(ex, *ex.caller);
      }
      response = match.route->handler(ex);
    }
  } catch (const ProblemError& e) {
    response = problem_response(e.problem(), request.path);
    if (e.problem().status == 401) {
      response.set_header("WWW-Authenticate", "Bearer realm=\"wageflow\"");
      if (e.problem().slug == "session-expired") {
        response.add_header("Set-Cookie",
                            expired_session_cookie(services_->settings.secure_cookies));
      }
    }
  } catch (const StoreError& e) {
    ex.discard_connection();
    services_->log.error("database fault on {} {}: {}", request.method, request.path, e.what());
    response = problem_response(
        Problem{500, "database-fault",
                std::string("database fault: ") + e.what() + "; nothing was changed, try again"},
        request.path);
  } catch (const std::exception& e) {
    ex.discard_connection();
    services_->log.error("internal fault on {} {}: {}", request.method, request.path, e.what());
    response = problem_response(
        Problem{500, "internal-fault", std::string("internal fault: ") + e.what()}, request.path);
  }
  add_common_headers(request.path, response);
  return response;
}

}  // namespace wageflow::http
