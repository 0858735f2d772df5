// serve, user add, user token, user list.
#include "adapters/cli/server_commands.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <set>

#include "adapters/http/credentials.h"
#include "adapters/http/server.h"
#include "storage/storage.h"

namespace wageflow::cli {
namespace {

namespace fs = std::filesystem;

std::string joined(const std::vector<std::string>& names, const char* separator = ", ") {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : separator) + name;
  return text;
}

// Every role of every workflow that loads from the --workflows folder.
std::set<std::string> known_roles(Session& session, const std::string& workflows_dir) {
  std::set<std::string> roles;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(workflows_dir, ec)) {
    const fs::path& path = entry.path();
    if (!entry.is_regular_file() || (path.extension() != ".yaml" && path.extension() != ".yml")) {
      continue;
    }
    if (auto definition = session.definitions.latest(path.stem().string())) {
      roles.insert((*definition)->roles.begin(), (*definition)->roles.end());
    }
  }
  return roles;
}

Result<AccountStore*> accounts_of(Session& session) {
  AccountStore* accounts = account_store(*session.store);
  if (!accounts) return Error{"this database keeps no accounts"};
  return accounts;
}

void print_token(const Context& context, const std::string& name, const std::string& token) {
  context.out << "token for " << name
              << " (shown this once: wageflow keeps only its hash; hand it over safely):\n"
              << token << '\n';
}

}  // namespace

int serve(const Context& context, const ServeOptions& options) {
  if (std::getenv("WAGEFLOW_LOG") == nullptr && context.log.level() > spdlog::level::info) {
    context.log.set_level(spdlog::level::info);
  }
  if (options.threads < 1 || options.threads > 256) {
    return context.fail(kExitUsage, "--threads must be from 1 to 256");
  }
  if (options.tick_interval_seconds < 0) {
    return context.fail(kExitUsage, "--tick-interval must be 0 (no ticks) or more seconds");
  }
  if (!(options.session_hours > 0) || options.session_hours > 24 * 30) {
    return context.fail(kExitUsage, "--session-hours must be more than 0 and at most 720");
  }
  if (options.max_body_bytes < 1024) {
    return context.fail(kExitUsage, "--max-body must be at least 1024 bytes");
  }
  http::ServerOptions server;
  server.listen = options.listen;
  server.db_url = context.options.db;
  server.threads = options.threads;
  server.tick_interval = std::chrono::seconds(options.tick_interval_seconds);
  server.access_log_file = options.access_log;
  server.api.workflows_dir = context.options.workflows;
  server.api.web_dir = options.web;
  server.api.session_seconds = static_cast<std::int64_t>(options.session_hours * 3600);
  server.api.max_body_bytes = options.max_body_bytes;
  server.api.test_clock = options.test_clock;
  server.api.secure_cookies = options.secure_cookies;
  if (context.options.now) server.fixed_now = context.now();
  std::error_code ec;
  if (!fs::is_directory(context.options.workflows, ec)) {
    return context.fail(kExitInvalid, "the workflows folder " + context.options.workflows +
                                          " does not exist (give --workflows DIR)");
  }
  const int code = http::run_server(server, context.out, context.err, context.log);
  return code == 0 ? kExitDone : kExitInvalid;
}

int add_user(const Context& context, const UserAddOptions& options) {
  auto name = http::check_user_name(options.name);
  if (!name) return context.fail(kExitInvalid, name.error());
  if (options.roles.empty()) return context.fail(kExitUsage, "user add needs at least one --role");
  std::vector<std::string> roles;
  for (const auto& role : options.roles) {
    auto checked = http::check_role_name(role);
    if (!checked) return context.fail(kExitInvalid, checked.error());
    if (std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
  }
  if (options.office.empty() && !options.province) {
    return context.fail(kExitUsage,
                        "user add needs --office OFFICE (or --province for a province-wide user)");
  }
  if (!options.office.empty()) {
    auto office = http::check_office_name(options.office);
    if (!office) return context.fail(kExitInvalid, office.error());
  }

  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  Session& session = *opened.value();
  const std::set<std::string> known = known_roles(session, context.options.workflows);
  for (const auto& role : roles) {
    if (!known.count(role)) {
      return context.fail(kExitInvalid, "role '" + role + "' is a role of no workflow in " +
                                            context.options.workflows + " (roles there: " +
                                            joined({known.begin(), known.end()}) + ")");
    }
  }
  auto accounts = accounts_of(session);
  if (!accounts) return context.fail(kExitInvalid, accounts.error());
  const std::string token = http::issue_token();
  UserRecord user{options.name, roles, options.office, options.province, context.now().seconds};
  if (!(*accounts)->add_user(user, http::secret_hash(token))) {
    return context.fail(kExitInvalid, "user " + options.name +
                                          " exists already; `wageflow user token " + options.name +
                                          "` gives them another token");
  }
  context.log.info("user {} added with roles {}", options.name, joined(roles));
  context.out << "user " << options.name << " added: roles " << joined(roles) << "; "
              << (options.office.empty() ? "no office" : "office " + options.office)
              << (options.province ? "; province-wide (sees every office's cases)" : "") << '\n';
  print_token(context, options.name, token);
  return kExitDone;
}

int issue_user_token(const Context& context, const std::string& name) {
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  auto accounts = accounts_of(*opened.value());
  if (!accounts) return context.fail(kExitInvalid, accounts.error());
  const std::string token = http::issue_token();
  if (!(*accounts)->add_token(name, http::secret_hash(token), context.now().seconds)) {
    return context.fail(kExitInvalid, "no user " + name + " (see `wageflow user list`)");
  }
  print_token(context, name, token);
  return kExitDone;
}

int list_users(const Context& context) {
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  auto accounts = accounts_of(*opened.value());
  if (!accounts) return context.fail(kExitInvalid, accounts.error());
  const auto users = (*accounts)->list_users();
  if (users.empty()) context.out << "(no users)\n";
  for (const auto& user : users) {
    context.out << user.name << "  " << joined(user.roles, ",") << "  "
                << (user.office.empty() ? "-" : user.office)
                << (user.province_wide ? "  (province-wide)" : "") << '\n';
  }
  return kExitDone;
}

}  // namespace wageflow::cli
