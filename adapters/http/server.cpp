// The one translation unit that includes cpp-httplib: sockets, threads and
// signals around the transport-free Api.
#include "adapters/http/server.h"

#include <httplib.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <ostream>
#include <thread>

#include "adapters/http/access_log.h"
#include "adapters/http/problem.h"
#include "adapters/http/server_clock.h"
#include "adapters/http/store_pool.h"
#include "adapters/http/tick_loop.h"

namespace wageflow::http {
namespace {

constexpr const char* kRequestIdHeader = "X-Request-Id";
// Handshakes the kernel queues before the server accepts them.
constexpr int kListenBacklog = 512;

HttpRequest to_request(const httplib::Request& from) {
  HttpRequest request;
  request.method = from.method;
  request.path = from.path;
  for (const auto& [name, value] : from.params) request.query.emplace(name, value);
  for (const auto& [name, value] : from.headers) request.headers.emplace_back(name, value);
  request.body = from.body;
  request.remote_address = from.remote_addr;
  return request;
}

void send(const HttpResponse& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& [name, value] : from.headers) to.set_header(name, value);
  if (!from.content_type.empty()) {
    to.set_content(from.body, from.content_type.c_str());
  } else if (!from.body.empty()) {
    to.set_content(from.body, "application/octet-stream");
  }
}

// Problem documents for answers cpp-httplib gives before the Api sees the
// request (a malformed request line, a body over the limit, ...).
Problem transport_problem(int status, std::size_t max_body) {
  switch (status) {
    case 400:
      return Problem{400, "bad-request",
                     "the request is malformed (request line, headers or body framing); "
                     "nothing was changed"};
    case 413:
      return Problem{413, "body-too-large",
                     "the body is larger than the limit of " + std::to_string(max_body) +
                         " bytes; nothing was read or changed"};
    case 414:
      return Problem{414, "bad-request", "the request line is too long"};
    default:
      return Problem{status, "bad-request", "the request could not be served"};
  }
}

void block_shutdown_signals(sigset_t* set) {
  sigemptyset(set);
  sigaddset(set, SIGTERM);
  sigaddset(set, SIGINT);
  pthread_sigmask(SIG_BLOCK, set, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

}  // namespace

Result<ListenAddress> parse_listen_address(const std::string& text) {
  const Error error{
      "--listen expects HOST:PORT (e.g. 127.0.0.1:8080, [::1]:8080; port 0 picks a "
      "free one), got '" +
      text + "'"};
  ListenAddress address;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find("]:");
    if (close == std::string::npos) return error;
    address.host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos || text.find(':') != colon) return error;
    address.host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (address.host.empty() || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos) {
    return error;
  }
  address.port = std::stoi(port);
  if (address.port > 65535) return error;
  return address;
}

int run_server(const ServerOptions& options, std::ostream& out, std::ostream& err,
               spdlog::logger& log) {
  auto address = parse_listen_address(options.listen);
  if (!address) {
    err << "wageflow: " << address.error() << '\n';
    return 1;
  }
  sigset_t shutdown_signals;
  block_shutdown_signals(&shutdown_signals);

  // Connections are opened by several threads; the first one upgrades an
  // old database, which can take minutes: say so on stderr.
  std::mutex notice_mutex;
  StorePool pool(options.db_url, options.api.workflows_dir,
                 [&err, &notice_mutex](const std::string& line) {
                   std::lock_guard<std::mutex> lock(notice_mutex);
                   err << "wageflow: " << line << std::endl;
                 });
  const int threads = std::max(1, options.threads);
  // Refuses an unusable database before accepting anyone, and opens a
  // connection for each request thread and the tick loop now: opened by the
  // first requests instead, they queued behind each other (docs/performance.md,
  // HTTP: the first requests after a start).
  try {
    pool.fill(static_cast<std::size_t>(threads) + 1);
  } catch (const std::exception& e) {
    err << "wageflow: " << e.what() << '\n';
    return 1;
  }
  std::unique_ptr<AccessLog> access_log;
  try {
    access_log = std::make_unique<AccessLog>(options.access_log_file);
  } catch (const std::exception& e) {
    err << "wageflow: cannot open the access log " << options.access_log_file << ": " << e.what()
        << '\n';
    return 1;
  }

  ServerClock clock(options.fixed_now);
  TickLoop ticks(pool, clock, log, options.tick_interval);
  Api api(options.api, pool, clock, log, [&ticks] { ticks.wake(); });
  std::atomic<long long> request_ids{0};

  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(options.api.max_body_bytes);
  server.set_keep_alive_timeout(options.keep_alive_timeout.count());
  server.set_keep_alive_max_count(options.keep_alive_max_requests);
  // Without it, an answer written in two pieces (headers, body) waits for
  // the client's delayed ACK (Nagle): ~40 ms per request on a kept-alive
  // connection (docs/performance.md, HTTP).
  server.set_tcp_nodelay(true);
  // cpp-httplib's default adds SO_REUSEPORT, which lets a second server bind
  // a port already in use and share its connections: keep SO_REUSEADDR only
  // (a restart binds at once), so a busy port is an error at start.
  int listening_socket = -1;
  server.set_socket_options([&listening_socket](int socket) {
    int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listening_socket = socket;
  });

  auto dispatch = [&](const httplib::Request& req, httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    std::string user;
    HttpResponse response = api.handle(to_request(req), &user);
    response.set_header(kRequestIdHeader, std::to_string(++request_ids));
    send(response, res);
    const std::chrono::duration<double, std::milli> elapsed =
        std::chrono::steady_clock::now() - started;
    access_log->write(AccessEntry{req.remote_addr, req.method, req.path, res.status,
                                  res.body.size(), elapsed.count(), user});
  };
  const std::string everything = ".*";
  server.Get(everything, dispatch);
  server.Post(everything, dispatch);
  server.Put(everything, dispatch);
  server.Patch(everything, dispatch);
  server.Delete(everything, dispatch);
  server.Options(everything, dispatch);
  // Before cpp-httplib reads a body: chunked bodies, bodies without a
  // length, and methods it parses but routes nowhere (TRACE, CONNECT: the
  // Api answers them 501).
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    // cpp-httplib 0.11 reads a chunked body whole, past --max-body: such a
    // body is refused before any of it is read (clients send a length).
    if (req.has_header("Transfer-Encoding")) {
      HttpResponse problem = problem_response(
          Problem{411, "length-required",
                  "send the body with a Content-Length header (a chunked body is not "
                  "accepted); nothing was read or changed"},
          req.path);
      add_common_headers(req.path, problem);
      problem.set_header("Connection", "close");
      send(problem, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    // A request with neither Content-Length nor Transfer-Encoding has no
    // body (RFC 9112 6.3); cpp-httplib would wait for one until its read
    // timeout and then answer 400. It is answered now, with none read.
    const bool may_have_body = req.method == "POST" || req.method == "PUT" ||
                               req.method == "PATCH" || req.method == "DELETE";
    if (may_have_body && !req.has_header("Content-Length")) {
      dispatch(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    static const char* const kRouted[] = {"GET",   "HEAD",   "POST",   "PUT",
                                          "PATCH", "DELETE", "OPTIONS"};
    for (const char* method : kRouted) {
      if (req.method == method) return httplib::Server::HandlerResponse::Unhandled;
    }
    dispatch(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [&](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty() || res.has_header(kRequestIdHeader)) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        HttpResponse problem =
            problem_response(transport_problem(res.status, options.api.max_body_bytes), req.path);
        add_common_headers(req.path, problem);
        send(problem, res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_logger([&](const httplib::Request& req, const httplib::Response& res) {
    if (res.has_header(kRequestIdHeader)) return;  // dispatch logged it, with its timing
    access_log->write(
        AccessEntry{req.remote_addr, req.method, req.path, res.status, res.body.size(), -1, ""});
  });
  server.set_exception_handler(
      [&](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        send(problem_response(Problem{500, "internal-fault", "internal fault"}, req.path), res);
      });

  int port = address->port;
  if (port == 0) {
    port = server.bind_to_any_port(address->host);
    if (port < 0) port = -1;
  } else if (!server.bind_to_port(address->host, port)) {
    port = -1;
  }
  // Debian's cpp-httplib is a compiled library whose listen() asks for a
  // backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG defined here would not reach
  // it). With 16 or more clients connecting at once the kernel dropped the
  // extra handshakes: some requests waited a 1 s SYN retry, some got no
  // answer at all. Listening again on the bound socket raises the backlog
  // (capped by net.core.somaxconn).
  if (port > 0 && listening_socket < 0) {
    err << "wageflow: cannot listen on " << options.listen
        << ": the HTTP library bound the port without showing its socket, so the listen"
           " backlog cannot be raised (a cpp-httplib this program was not built for?)\n";
    return 1;
  }
  if (port > 0 && ::listen(listening_socket, kListenBacklog) != 0) {
    err << "wageflow: cannot listen on " << options.listen << ": " << std::strerror(errno) << "\n";
    return 1;
  }
  if (port <= 0) {
    err << "wageflow: cannot listen on " << options.listen
        << ": the address is in use or not an address of this machine\n";
    return 1;
  }
  const std::string url =
      "http://" +
      (address->host.find(':') != std::string::npos ? "[" + address->host + "]" : address->host) +
      ":" + std::to_string(port);
  std::thread listener([&server] { server.listen_after_bind(); });
  ticks.start();
  log.info("serving {} on {} with {} threads; ticking every {} s", options.db_url, url, threads,
           options.tick_interval.count());
  out << "listening on " << url << std::endl;

  int signal_number = 0;
  sigwait(&shutdown_signals, &signal_number);
  log.info("{} received: finishing the requests in flight, then stopping",
           signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  server.stop();
  listener.join();  // returns once every worker has finished its request
  ticks.stop();
  log.info("stopped");
  out << "stopped" << std::endl;
  return 0;
}

}  // namespace wageflow::http
