// `wageflow serve` and `wageflow user ...` (docs/http-api.md,
// docs/accounts.md), called by command_line.cpp once the command line is
// parsed. Private to adapters/cli.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "adapters/cli/context.h"

namespace wageflow::cli {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  int threads = 8;
  int tick_interval_seconds = 60;  // 0: no ticks by this server
  std::string web = "adapters/web";
  std::string access_log;  // "" : stderr
  double session_hours = 8;
  std::size_t max_body_bytes = 1 << 20;
  bool test_clock = false;
  bool secure_cookies = false;
};
// Serves until SIGTERM or SIGINT; 0 after a graceful stop, 1 when it cannot
// start (bad address, port in use, unusable database).
int serve(const Context& context, const ServeOptions& options);

struct UserAddOptions {
  std::string name;
  std::vector<std::string> roles;
  std::string office;
  bool province = false;
};
// Adds a user and prints their first token alone on the last line.
int add_user(const Context& context, const UserAddOptions& options);
// Prints a new, additional token for an existing user (the old ones stay).
int issue_user_token(const Context& context, const std::string& name);
// One line per user: name, roles, office or (province-wide).
int list_users(const Context& context);

}  // namespace wageflow::cli
