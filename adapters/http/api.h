// The JSON API of `wageflow serve` (docs/http-api.md): every route, the
// authentication in front of them and the problem documents for every
// mistake. Transport-free: server.cpp hands it HttpRequests from
// cpp-httplib and sends back the HttpResponses.
//
// Thread-safety: handle() may be called from many threads at once; each
// call leases its own database connection from the StorePool.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "adapters/http/http_message.h"
#include "adapters/http/router.h"

namespace spdlog {
class logger;
}

namespace wageflow::http {

class StorePool;
class ServerClock;
struct ApiServices;

struct ApiSettings {
  std::string workflows_dir = "workflows";  // workflow files, calendars/ inside
  std::string web_dir = "adapters/web";     // index.html and the files under /static/
  std::int64_t session_seconds = 8 * 3600;  // a login session lasts this long
  std::size_t max_body_bytes = 1 << 20;     // larger bodies are refused with 413
  bool test_clock = false;                  // POST /test/clock exists
  bool secure_cookies = false;              // add `Secure` to the session cookie
  int default_page_size = 50;
  int max_page_size = 500;
};

class Api {
 public:
  // `pool`, `clock` and `log` must outlive the Api. `clock_moved` is called
  // after POST /test/clock moved the clock (the tick loop wakes up).
  Api(ApiSettings settings, StorePool& pool, ServerClock& clock, spdlog::logger& log,
      std::function<void()> clock_moved = {});
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // The answer to `request`. Never throws: a database fault is a 500
  // problem document, and the connection that saw it is not reused.
  // `user` is set to the authenticated user's name, for the access log.
  HttpResponse handle(const HttpRequest& request, std::string* user = nullptr) const;

  const Router& router() const { return router_; }
  const ApiSettings& settings() const;

 private:
  std::unique_ptr<ApiServices> services_;
  Router router_;
};

// The OpenAPI 3.1 document (adapters/http/openapi.json, embedded at build time).
const std::string& openapi_document();

// Headers every answer carries, the Api's and the transport's alike (CSP,
// nosniff, framing, referrer; no-store for the API, login, logout and every
// error). `path` is the request's.
void add_common_headers(const std::string& path, HttpResponse& response);

}  // namespace wageflow::http
