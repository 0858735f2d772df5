// Talking HTTP to the server under test: cpp-httplib's client for ordinary
// requests, a raw socket for requests no well-behaved client sends, and a
// check (when the test program ends) that every status an API route
// answered is documented for that route in the OpenAPI document.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>

#include "adapters/http/api.h"
#include "adapters/http/server_clock.h"
#include "adapters/http/store_pool.h"

namespace wageflow::api {

using Json = nlohmann::ordered_json;

struct Reply {
  int status = 0;       // 0: no answer (connection failed)
  std::string failure;  // with status 0: why, as cpp-httplib's client saw it
  std::string body;
  httplib::Headers headers;

  Json json() const {
    auto parsed = Json::parse(body, nullptr, false);
    return parsed.is_discarded() ? Json() : parsed;
  }
  std::string header(const std::string& name) const {
    auto found = headers.find(name);
    return found == headers.end() ? "" : found->second;
  }
  std::string content_type() const { return header("Content-Type"); }
  // The problem document's detail ("" when not a problem).
  std::string detail() const {
    Json j = json();
    return j.is_object() && j.contains("detail") ? j["detail"].get<std::string>() : "";
  }
  std::string type() const {
    Json j = json();
    return j.is_object() && j.contains("type") ? j["type"].get<std::string>() : "";
  }
  std::string describe() const {
    return status == 0 ? "no answer (" + failure + ")" : std::to_string(status) + " " + body;
  }
};

// Every (method, path, status) a test saw, checked against openapi.json
// when the program ends.
struct Observation {
  std::string method, path;
  int status;
  bool operator<(const Observation& o) const {
    return std::tie(method, path, status) < std::tie(o.method, o.path, o.status);
  }
};

inline std::set<Observation>& observations() {
  static std::set<Observation> seen;
  return seen;
}
inline std::mutex& observations_mutex() {
  static std::mutex mutex;
  return mutex;
}

inline void observe(const std::string& method, const std::string& path, int status) {
  if (status == 0) return;
  std::lock_guard<std::mutex> lock(observations_mutex());
  observations().insert({method, path.substr(0, path.find('?')), status});
}

// At the end of the program: each status a routed request got must be
// among the responses openapi.json documents for that route.
class OpenApiConformance : public ::testing::Environment {
 public:
  void TearDown() override {
    http::StorePool pool("never-opened.db", "workflows");
    http::ServerClock clock;
    auto log = std::make_shared<spdlog::logger>("conformance",
                                                std::make_shared<spdlog::sinks::null_sink_mt>());
    http::ApiSettings settings;
    settings.test_clock = true;
    http::Api api(settings, pool, clock, *log);
    const auto document = nlohmann::json::parse(http::openapi_document());
    for (const Observation& seen : observations()) {
      const http::RouteMatch match = api.router().match(seen.method, seen.path);
      if (!match.route) continue;  // 404/405/501: no operation to document it
      const std::string path = http::Router::openapi_path(match.route->pattern);
      std::string method = match.route->method;
      for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const auto& responses = document["paths"][path][method]["responses"];
      EXPECT_TRUE(responses.contains(std::to_string(seen.status)))
          << seen.method << " " << seen.path << " answered " << seen.status
          << ", which openapi.json does not document for " << method << " " << path;
    }
  }
};

inline const bool kConformanceRegistered =
    (::testing::AddGlobalTestEnvironment(new OpenApiConformance), true);

class ApiClient {
 public:
  explicit ApiClient(int port, std::string token = "") : port_(port), token_(std::move(token)) {}

  void set_token(std::string token) { token_ = std::move(token); }
  void set_cookie(std::string cookie) { cookie_ = std::move(cookie); }
  void set_csrf(std::string csrf) { csrf_ = std::move(csrf); }

  Reply get(const std::string& path, httplib::Headers headers = {}) const {
    return send("GET", path, "", "", std::move(headers));
  }
  Reply post_json(const std::string& path, const Json& body, httplib::Headers headers = {}) const {
    return send("POST", path, body.dump(), "application/json", std::move(headers));
  }
  Reply post(const std::string& path, const std::string& body, const std::string& content_type,
             httplib::Headers headers = {}) const {
    return send("POST", path, body, content_type, std::move(headers));
  }
  Reply send(const std::string& method, const std::string& path, const std::string& body,
             const std::string& content_type, httplib::Headers headers) const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(30, 0);
    if (!token_.empty()) headers.emplace("Authorization", "Bearer " + token_);
    if (!cookie_.empty()) headers.emplace("Cookie", cookie_);
    if (!csrf_.empty()) headers.emplace("X-CSRF-Token", csrf_);
    httplib::Request request;
    request.method = method;
    request.path = path;
    request.headers = std::move(headers);
    request.body = body;
    if (!content_type.empty()) request.headers.emplace("Content-Type", content_type);
    httplib::Result result = client.send(request);
    Reply reply;
    if (result) {
      reply.status = result->status;
      reply.body = result->body;
      reply.headers = result->headers;
    } else {
      reply.failure = httplib::to_string(result.error());
    }
    observe(method, path, reply.status);
    return reply;
  }

  // Sends `bytes` as they are on a new connection and returns everything
  // the server writes back until it closes (or `timeout_ms` passes).
  std::string raw(const std::string& bytes, int timeout_ms = 5000) const {
    RawConnection connection(port_);
    connection.send(bytes);
    return connection.read_all(timeout_ms);
  }

  // A plain socket for requests sent in pieces.
  class RawConnection {
   public:
    explicit RawConnection(int port) {
      fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_port = htons(static_cast<uint16_t>(port));
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd_);
        fd_ = -1;
      }
    }
    ~RawConnection() {
      if (fd_ >= 0) ::close(fd_);
    }
    bool connected() const { return fd_ >= 0; }
    void send(const std::string& bytes) const {
      if (fd_ >= 0) (void)::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    }
    std::string read_all(int timeout_ms) const {
      std::string answer;
      if (fd_ < 0) return answer;
      timeval timeout{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
      setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
      char buffer[4096];
      for (;;) {
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        answer.append(buffer, static_cast<std::size_t>(n));
      }
      return answer;
    }

    // One answer (its headers, and a body of Content-Length bytes); ""
    // when the server closed the connection first or `timeout_ms` passed.
    std::string read_answer(int timeout_ms) {
      if (fd_ < 0) return "";
      timeval timeout{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
      setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
      char buffer[4096];
      for (;;) {
        const auto end = pending_.find("\r\n\r\n");
        if (end != std::string::npos) {
          std::size_t length = 0;
          const auto field = pending_.find("Content-Length: ");
          if (field != std::string::npos && field < end) {
            length = std::stoul(pending_.substr(field + 16));
          }
          if (pending_.size() >= end + 4 + length) {
            std::string answer = pending_.substr(0, end + 4 + length);
            pending_.erase(0, end + 4 + length);
            return answer;
          }
        }
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0) return "";
        pending_.append(buffer, static_cast<std::size_t>(n));
      }
    }

   private:
    int fd_ = -1;
    std::string pending_;  // read_answer: bytes of the next answer read already
  };

 private:
  int port_;
  std::string token_;
  std::string cookie_;
  std::string csrf_;
};

// The status code of a raw HTTP answer ("HTTP/1.1 400 Bad Request" -> 400).
inline int raw_status(const std::string& answer) {
  if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12) return 0;
  return std::stoi(answer.substr(9, 3));
}

}  // namespace wageflow::api
