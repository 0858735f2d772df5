// The PostgreSQL server restarts (pg_ctl restart -m fast) while a client
// process is firing events and a `wageflow case fire` is inside its commit:
// the command in flight fails with one clear line (exit 4 for the CLI), the
// next command succeeds, and every acknowledged fire is stored exactly once.
//
// Restarts the shared test server: CTest runs this test alone (RUN_SERIAL).
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "fault/fault_support.h"

namespace wageflow::fault {
namespace {

constexpr int kCases = 10;
const std::string kPgCtl = "/usr/lib/postgresql/15/bin/pg_ctl";

// How many `applied` lines the file at `path` holds so far.
int applied_so_far(const std::string& path) {
  int applied = 0;
  std::istringstream in(e2e::read_file(path));
  for (std::string line; std::getline(in, line);) applied += line.rfind("applied ", 0) == 0;
  return applied;
}

// pg_ctl restart of the test server, as the server's user when root.
std::vector<std::string> restart_command(const std::string& data) {
  std::vector<std::string> argv = {kPgCtl, "-D", data, "-m", "fast", "-w", "restart"};
  if (::geteuid() == 0) argv.insert(argv.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
  return argv;
}

// One `case fire ... bump` through the CLI with key (and comment) `key`.
std::vector<std::string> cli_bump(const std::string& case_id, const std::string& key) {
  return {"case",   "fire",  case_id, "bump", "--actor",   "李明",
          "--role", "clerk", "--key", key,    "--comment", key};
}

// A transaction of its own that holds the row lock of one case, so that a
// command committing to that case waits: it is then surely in flight when
// the server goes down. The restart ends it.
class CaseRowLock {
 public:
  CaseRowLock(const std::string& url, const std::string& case_id)
      : connection_(PQconnectdb(url.c_str())) {
    if (PQstatus(connection_) != CONNECTION_OK) {
      problem_ = PQerrorMessage(connection_);
      return;
    }
    const std::string sql = "BEGIN; SELECT id FROM cases WHERE id = '" + case_id + "' FOR UPDATE";
    PGresult* result = PQexec(connection_, sql.c_str());
    if (PQresultStatus(result) != PGRES_TUPLES_OK || PQntuples(result) != 1) {
      problem_ = std::string("cannot lock case ") + case_id + ": " + PQerrorMessage(connection_);
    }
    PQclear(result);
  }
  ~CaseRowLock() { PQfinish(connection_); }
  CaseRowLock(const CaseRowLock&) = delete;
  CaseRowLock& operator=(const CaseRowLock&) = delete;

  const std::string& problem() const { return problem_; }

 private:
  PGconn* connection_;
  std::string problem_;
};

// Waits up to 10 s until a session of `database` waits for a lock.
bool someone_waits_for_a_lock(const std::string& database) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < give_up) {
    auto rows =
        wageflow::testing::postgres_rows(*wageflow::testing::postgres_admin_url(),
                                         "SELECT count(*) FROM pg_stat_activity WHERE datname = '" +
                                             database + "' AND wait_event_type = 'Lock'");
    if (rows.at(0).at(0) != "0") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

TEST(PostgresRestart, TheCommandInFlightFailsClearlyTheNextSucceedsAndNothingIsLost) {
  WAGEFLOW_REQUIRE_POSTGRES();
  const char* data = std::getenv("WAGEFLOW_TEST_POSTGRES_DATA");
  if (data == nullptr || *data == '\0') {
    if (wageflow::testing::running_in_ci()) FAIL() << "WAGEFLOW_TEST_POSTGRES_DATA is not set";
    GTEST_SKIP() << "WAGEFLOW_TEST_POSTGRES_DATA is not set: cannot restart the server";
  }
  const std::uint64_t seed = test_seed("PostgresRestart");
  Sandbox sandbox(e2e::kPostgresql);
  sandbox.set_workflows(fault_workflows());
  std::vector<std::string> cases =
      open_cases(sandbox, "fault-loop", kCases + 1, "2025-03-03T09:00:00+08:00",
                 {"label=重启测试", "bumps=0"});
  ASSERT_EQ(cases.size(), static_cast<std::size_t>(kCases + 1));
  // The clerk's case; the driver works on the others.
  const std::string clerk_case = cases.back();
  const std::vector<std::string> driver_cases(cases.begin(), cases.end() - 1);

  auto driver = sandbox.start_raw(driver_argv(
      sandbox, "fire",
      {"--cases", joined(driver_cases), "--name", "restart", "--seconds", "6", "--seed",
       std::to_string(seed), "--reconnect-seconds", "30", "--now", "2025-03-04T09:00:00+08:00"}));
  // Restart only once the driver is busy ...
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (applied_so_far(driver->out_path()) < 20 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_GE(applied_so_far(driver->out_path()), 20) << "the driver did not get going";
  // ... and a clerk's `wageflow case fire` is waiting inside its commit.
  auto lock = std::make_unique<CaseRowLock>(sandbox.db(), clerk_case);
  ASSERT_EQ(lock->problem(), "");
  auto in_flight = sandbox.start(cli_bump(clerk_case, "cli-0"), "2025-03-04T10:00:00+08:00");
  const std::string database_name = sandbox.db().substr(sandbox.db().rfind('/') + 1);
  if (!someone_waits_for_a_lock(database_name)) {
    lock.reset();  // else the command would wait for it for ever
    FAIL() << "the command never reached its commit\n" << in_flight->wait().describe();
  }

  RunResult restart = Process(restart_command(data), {}, "/", sandbox.dir() / "pg_ctl").wait();
  lock.reset();
  ASSERT_EQ(restart.exit_code, 0) << restart.describe();

  RunResult cut = in_flight->wait();
  std::cout << "the command in flight: exit " << cut.exit_code << ": " << cut.err;
  EXPECT_EQ(cut.exit_code, 4) << cut.describe();
  EXPECT_EQ(e2e::line_count(cut.err), 1) << cut.err;
  EXPECT_EQ(cut.err.rfind("wageflow: database fault: ", 0), 0u) << cut.err;
  EXPECT_EQ(cut.out, "") << cut.describe();
  // The next command succeeds: the same command retried with its key ...
  RunResult retried = sandbox.run(cli_bump(clerk_case, "cli-0"), "2025-03-04T10:00:00+08:00");
  EXPECT_EQ(retried.exit_code, 0) << retried.describe();
  // ... and a new one.
  RunResult next = sandbox.run(cli_bump(clerk_case, "cli-1"), "2025-03-04T10:01:00+08:00");
  EXPECT_EQ(next.exit_code, 0) << next.describe();

  RunResult driven = driver->wait();
  EXPECT_EQ(driven.exit_code, 0) << driven.describe();
  DriverReport report = read_driver_output(driven.out);
  std::cout << "driver: " << report << "\n";
  for (const auto& error : report.errors) std::cout << error << "\n";
  EXPECT_TRUE(report.finished) << driven.describe();
  EXPECT_TRUE(report.other.empty()) << report.other.front();
  ASSERT_FALSE(report.errors.empty()) << "the restart never reached the driver";
  // After its first error the driver reconnected, and its next command
  // got an answer from the database (not another error).
  auto first_error = std::find(report.lines.begin(), report.lines.end(), report.errors.front());
  auto reconnected = std::find_if(first_error, report.lines.end(), [](const std::string& line) {
    return line.rfind("reconnected ", 0) == 0;
  });
  ASSERT_NE(reconnected, report.lines.end()) << driven.out;
  auto answer = std::find_if(reconnected + 1, report.lines.end(), [](const std::string& line) {
    return line.rfind("attempt ", 0) != 0;
  });
  ASSERT_NE(answer, report.lines.end()) << driven.out;
  EXPECT_NE(answer->rfind("error", 0), 0u) << driven.out;

  std::map<std::string, DriverFire> acknowledged = report.applied;
  if (retried.exit_code == 0) acknowledged["cli-0"] = DriverFire{clerk_case, "bump", "cli-0"};
  if (next.exit_code == 0) acknowledged["cli-1"] = DriverFire{clerk_case, "bump", "cli-1"};
  StoredFires stored = expect_loop_cases_consistent(sandbox, cases);
  for (const auto& [key, fire] : acknowledged) {
    EXPECT_EQ(stored.by_key[key], 1) << "acknowledged fire " << key << " on " << fire.case_id;
    EXPECT_EQ(stored.case_of_key[key], fire.case_id) << key;
  }
  for (const auto& [key, count] : stored.by_key) {
    EXPECT_EQ(acknowledged.count(key), 1u) << "stored fire " << key << " nobody was told of";
  }
  expect_chains_verify(sandbox, stored.records);
  expect_replay_agrees(sandbox);
}

}  // namespace
}  // namespace wageflow::fault
