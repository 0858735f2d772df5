// A real `wageflow serve` for API tests: a fresh database (e2e Sandbox: an
// SQLite file, or a new PostgreSQL database), users added with `wageflow
// user add`, the server started on 127.0.0.1 port 0 (a free port) with its
// clock fixed by --now and movable by POST /test/clock, stopped with
// SIGTERM when the test ends.
#pragma once

#include <signal.h>

#include <chrono>
#include <memory>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "e2e/support/wageflow_process.h"

namespace wageflow::api {

using e2e::kPostgresql;
using e2e::kSqlite;
using e2e::RunResult;
using e2e::Sandbox;
namespace fs = std::filesystem;

// 2025-01-24 (a Friday) 09:30 in Changchun.
inline constexpr const char* kStartTime = "2025-01-24T09:30:00+08:00";

struct ServeSettings {
  std::string now = kStartTime;
  int tick_interval = 0;           // the tests move the clock; ticks come when it moves
  std::vector<std::string> extra;  // more options for `serve`
};

class ApiServer {
 public:
  explicit ApiServer(const std::string& backend = kSqlite, ServeSettings settings = {})
      : sandbox_(backend), settings_(std::move(settings)) {
    web_ = sandbox_.dir() / "web";
    fs::create_directories(web_);
  }
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;
  ~ApiServer() {
    if (process_) stop();
  }

  // `wageflow user add NAME --role R... [--office O] [--province]`; returns
  // the token (the last line). Throws when the command fails.
  std::string add_user(const std::string& name, const std::vector<std::string>& roles,
                       const std::string& office, bool province = false) {
    std::vector<std::string> command = {"user", "add", name};
    for (const auto& role : roles) {
      command.push_back("--role");
      command.push_back(role);
    }
    if (!office.empty()) {
      command.push_back("--office");
      command.push_back(office);
    }
    if (province) command.push_back("--province");
    RunResult result = sandbox_.run(command);
    if (result.exit_code != 0) throw std::runtime_error("user add failed: " + result.describe());
    return result.last_line();
  }

  // Starts `serve` and waits (up to 20 s) until it says where it listens.
  void start() { process_ = launch(&port_); }
  // The clock of the servers started from now on (and of cli()): a restart
  // some days later.
  void set_now(std::string now) { settings_.now = std::move(now); }

  // Another `serve` on the same database (several servers sharing it), with
  // its own port and the same settings. The caller stops it.
  std::unique_ptr<e2e::Process> start_another(int* port) { return launch(port); }

  // SIGTERM (or `signal`), then the server's exit code and output.
  // With `signal` 0, only collects a server already signalled.
  RunResult stop(int signal = SIGTERM) {
    if (signal != 0) process_->kill(signal);
    RunResult result = process_->wait();
    process_.reset();
    return result;
  }
  void signal(int signal) const { process_->kill(signal); }
  // What the running server has written to stderr (its log) so far.
  std::string log() const { return e2e::read_file(process_->err_path()); }
  bool running() const { return process_ != nullptr; }

  int port() const { return port_; }
  Sandbox& sandbox() { return sandbox_; }
  const fs::path& web_dir() const { return web_; }
  fs::path access_log() const { return sandbox_.dir() / "access.log"; }
  // The CLI on the same database and workflows, at the server's start time.
  RunResult cli(const std::vector<std::string>& command) const {
    return sandbox_.run(command, settings_.now);
  }

 private:
  std::unique_ptr<e2e::Process> launch(int* port) {
    std::vector<std::string> command = {"serve",           "--listen",
                                        "127.0.0.1:0",     "--test-clock",
                                        "--tick-interval", std::to_string(settings_.tick_interval),
                                        "--web",           web_.string(),
                                        "--access-log",    access_log().string()};
    command.insert(command.end(), settings_.extra.begin(), settings_.extra.end());
    auto process = sandbox_.start(command, settings_.now);
    const std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+)");
    for (int i = 0; i < 400; ++i) {
      std::smatch match;
      const std::string out = e2e::read_file(process->out_path());
      if (std::regex_search(out, match, listening)) {
        *port = std::stoi(match[1]);
        return process;
      }
      if (waitpid(process->pid(), nullptr, WNOHANG) == process->pid()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    RunResult failed = process->wait();
    throw std::runtime_error("wageflow serve did not start: " + failed.describe());
  }

  Sandbox sandbox_;
  ServeSettings settings_;
  fs::path web_;
  std::unique_ptr<e2e::Process> process_;
  int port_ = 0;
};

}  // namespace wageflow::api
