// Runs the real `wageflow` binary (WAGEFLOW_BINARY) in a fresh temporary
// folder per test and captures its stdout, stderr and exit code.
//
// A Sandbox owns the folder (removed when it goes away) and a fresh
// database: an SQLite file in the folder, or (backend "postgresql") a new
// empty PostgreSQL database on the test server, dropped when the Sandbox
// goes away. It passes --db and --workflows (the shipped workflows/ unless
// told otherwise) before every command. WAGEFLOW_* variables of the test's
// own environment are not passed on, so a developer's settings cannot leak
// in. Not thread-safe: one Sandbox per thread.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/postgres.h"

extern char** environ;

namespace wageflow::e2e {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;

  // The last non-empty line of stdout ("" when none): where the CLI puts
  // its answer (case id, new state, due date).
  std::string last_line() const {
    std::istringstream in(out);
    std::string line, last;
    while (std::getline(in, line)) {
      if (!line.empty()) last = line;
    }
    return last;
  }
  std::vector<std::string> lines() const {
    std::istringstream in(out);
    std::vector<std::string> all;
    for (std::string line; std::getline(in, line);) all.push_back(line);
    return all;
  }
  // For failure messages.
  std::string describe() const {
    return "exit " + std::to_string(exit_code) + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
};

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// A started child process whose output goes to files; wait() collects it.
class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::vector<std::string>& env,
          const fs::path& cwd, const fs::path& capture_prefix)
      : out_path_(capture_prefix.string() + ".out"), err_path_(capture_prefix.string() + ".err") {
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out < 0 || err < 0 || chdir(cwd.c_str()) != 0) _exit(127);
      dup2(out, STDOUT_FILENO);
      dup2(err, STDERR_FILENO);
      std::vector<char*> args, vars;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      for (const auto& v : env) vars.push_back(const_cast<char*>(v.c_str()));
      vars.push_back(nullptr);
      execve(args[0], args.data(), vars.data());
      _exit(127);
    }
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process() {
    if (pid_ > 0) wait();
  }

  pid_t pid() const { return pid_; }
  // Where the child's stdout goes (readable while it runs).
  const std::string& out_path() const { return out_path_; }
  const std::string& err_path() const { return err_path_; }
  // Sends `signal` to the child (e.g. SIGKILL); wait() still collects it.
  void kill(int signal) const {
    if (pid_ > 0) ::kill(pid_, signal);
  }

  RunResult wait() {
    RunResult result;
    int status = 0;
    if (pid_ > 0 && waitpid(pid_, &status, 0) == pid_) {
      result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    pid_ = -1;
    result.out = read_file(out_path_);
    result.err = read_file(err_path_);
    fs::remove(out_path_);
    fs::remove(err_path_);
    return result;
  }

 private:
  pid_t pid_ = -1;
  std::string out_path_;
  std::string err_path_;
};

inline const std::string kSqlite = "sqlite";
inline const std::string kPostgresql = "postgresql";

class Sandbox {
 public:
  // `backend`: kSqlite (a file cases.db in the folder) or kPostgresql (a new
  // database on the server of WAGEFLOW_TEST_POSTGRES; the test must have
  // checked that one is configured). Throws std::invalid_argument for any
  // other name.
  explicit Sandbox(const std::string& backend = kSqlite) : backend_(backend) {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    dir_ = fs::temp_directory_path() / ("wageflow-e2e-" + std::to_string(getpid()) + "-" +
                                        std::to_string(stamp) + "-" + std::to_string(counter++));
    fs::create_directories(dir_);
    if (backend == kPostgresql) {
      postgres_ = std::make_unique<wageflow::testing::PostgresDatabase>();
      db_ = postgres_->url();
    } else if (backend == kSqlite) {
      db_ = (dir_ / "cases.db").string();
    } else {
      throw std::invalid_argument("unknown backend " + backend);
    }
    workflows_ = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows";
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;
  ~Sandbox() {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_, ec);
  }

  const fs::path& dir() const { return dir_; }
  const std::string& backend() const { return backend_; }
  // The --db given to every command: a file path or a postgresql:// URL.
  const std::string& db() const { return db_; }
  void set_db(std::string db) { db_ = std::move(db); }
  void set_workflows(std::string workflows) { workflows_ = std::move(workflows); }

  // wageflow --db DB --workflows DIR [--now NOW] COMMAND...
  RunResult run(const std::vector<std::string>& command, const std::string& now = "") const {
    return Process(argv_for(command, now), clean_environment(), dir_, next_capture()).wait();
  }
  // Started, not waited for: for commands that must run at the same time.
  std::unique_ptr<Process> start(const std::vector<std::string>& command,
                                 const std::string& now = "") const {
    return std::make_unique<Process>(argv_for(command, now), clean_environment(), dir_,
                                     next_capture());
  }
  // Exactly `argv` (argv[0] a program path), with extra environment entries.
  RunResult run_raw(const std::vector<std::string>& argv,
                    const std::vector<std::string>& extra_env = {}) const {
    auto env = clean_environment();
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    return Process(argv, env, dir_, next_capture()).wait();
  }
  // Exactly `argv`, started, not waited for.
  std::unique_ptr<Process> start_raw(const std::vector<std::string>& argv,
                                     const std::vector<std::string>& extra_env = {}) const {
    auto env = clean_environment();
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    return std::make_unique<Process>(argv, env, dir_, next_capture());
  }

  static std::string binary() { return WAGEFLOW_BINARY; }

 private:
  std::vector<std::string> argv_for(const std::vector<std::string>& command,
                                    const std::string& now) const {
    std::vector<std::string> argv = {binary(), "--db", db_, "--workflows", workflows_};
    if (!now.empty()) {
      argv.push_back("--now");
      argv.push_back(now);
    }
    argv.insert(argv.end(), command.begin(), command.end());
    return argv;
  }

  static std::vector<std::string> clean_environment() {
    std::vector<std::string> env;
    for (char** v = environ; v && *v; ++v) {
      if (std::string(*v).rfind("WAGEFLOW_", 0) != 0) env.emplace_back(*v);
    }
    return env;
  }

  fs::path next_capture() const { return dir_ / ("run-" + std::to_string(runs_++)); }

  std::string backend_;
  fs::path dir_;
  std::unique_ptr<wageflow::testing::PostgresDatabase> postgres_;
  std::string db_;
  std::string workflows_;
  mutable int runs_ = 0;
};

}  // namespace wageflow::e2e
