// What every handler of the API is given. Private to adapters/http.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "adapters/http/api.h"
#include "adapters/http/group_commit.h"
#include "adapters/http/problem.h"
#include "adapters/http/server_clock.h"
#include "adapters/http/store_pool.h"
#include "storage/accounts.h"

namespace wageflow::http {

struct ApiServices {
  ApiSettings settings;
  StorePool& pool;
  ServerClock& clock;
  spdlog::logger& log;
  std::function<void()> clock_moved;
  // Commands committed together (group_commit.h); shared, not copied.
  std::shared_ptr<GroupCommitter> committer = std::make_shared<GroupCommitter>();
};

// The authenticated user of a request.
struct Caller {
  UserRecord user;
  bool by_session = false;   // a session cookie (else a Bearer token)
  std::string session_hash;  // by_session only
  SessionRecord session;     // by_session only
};

struct Exchange {
  Exchange(const HttpRequest& request, ApiServices& services)
      : request(request), services(services) {}

  const HttpRequest& request;
  ApiServices& services;
  std::map<std::string, std::string> params;  // path parameters
  std::optional<Caller> caller;               // set before kAuthenticated handlers run

  // The request's database connection, leased on first use and given back
  // when the exchange ends. Throws StoreError when the database cannot be
  // opened.
  Connection& db();
  // The connection saw a fault: close it instead of reusing it.
  void discard_connection();

  // Requires caller.
  const UserRecord& user() const { return caller->user; }
  const std::string& param(const std::string& name) const { return params.at(name); }
  Instant now() const { return services.clock.now(); }

 private:
  std::optional<StorePool::Lease> lease_;
};

// Route registration, one function per resource (each in its own .cpp).
void add_service_routes(Router& router);  // /healthz, /openapi.json
void add_session_routes(Router& router,
                        const ApiSettings& settings);  // login, logout, session, test clock
void add_workflow_routes(Router& router);              // /api/workflows...
void add_case_routes(Router& router);                  // /api/cases...
void add_deadline_routes(Router& router);              // /api/deadline
void add_simulate_routes(Router& router);              // /api/workflows/simulate
void add_page_routes(Router& router);                  // /, /static/...
void add_page_support_routes(Router& router);          // what the pages need: actions, diagrams
void add_report_routes(Router& router);                // /api/reports... (docs/reports.md)

}  // namespace wageflow::http
