// `wageflow serve`: the HTTP server around the Api. cpp-httplib stays
// inside server.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>

#include "adapters/http/api.h"
#include "engine/core/date.h"
#include "engine/core/result.h"

namespace spdlog {
class logger;
}

namespace wageflow::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT, [IPv6]:PORT; port 0 picks a free one
  std::string db_url = "wageflow.db";
  ApiSettings api;
  int threads = 8;                         // worker threads answering requests
  std::chrono::seconds tick_interval{60};  // 0: the server does not tick
  std::string access_log_file;             // "" : the access log goes to stderr
  std::optional<Instant> fixed_now;        // --now / WAGEFLOW_NOW: the clock stands still
  std::chrono::seconds keep_alive_timeout{3};
  // Requests one kept-alive connection may carry before the server closes
  // it (cpp-httplib's default is 5: a client reconnected every fifth
  // request, which cost reads 17% of their rate; docs/performance.md, HTTP).
  // Bounded so that a connection still gives its worker thread back now
  // and then to clients waiting for one.
  std::size_t keep_alive_max_requests = 100;
};

struct ListenAddress {
  std::string host;
  int port = 0;
};
// "127.0.0.1:8080", "[::1]:8080", "localhost:0". Error says the form.
Result<ListenAddress> parse_listen_address(const std::string& text);

// Opens the database (refusing one that cannot be used, before binding),
// binds, prints "listening on http://HOST:PORT" on `out` and serves until
// SIGTERM or SIGINT. Then it stops accepting connections, finishes every
// request in flight (their commits included), stops the tick loop after a
// tick in progress, and returns 0. Returns 1 with a message on `err` when
// it cannot start (bad address, port in use, unusable database).
// Blocks SIGTERM and SIGINT in the calling thread (and so in every thread
// it starts) to wait for them with sigwait.
int run_server(const ServerOptions& options, std::ostream& out, std::ostream& err,
               spdlog::logger& log);

}  // namespace wageflow::http
