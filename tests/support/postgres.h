// PostgreSQL for tests: the server ./test.sh started (.ci/postgres.sh), a
// fresh database per test, and libpq access behind wageflow's back.
//
// ./test.sh exports WAGEFLOW_TEST_POSTGRES=postgresql://postgres@127.0.0.1:PORT/postgres
// (an administrator login, no password) and WAGEFLOW_TEST_POSTGRES_DATA=DIR
// (the server's data folder; restart it with
// `runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D DIR -m fast -w restart`).
// Link the library wageflow_test_postgres (tests/CMakeLists.txt).
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace wageflow::testing {

inline constexpr const char* kPostgresSkipMessage =
    "PostgreSQL tests skipped: WAGEFLOW_TEST_POSTGRES is not set (./test.sh starts a server)";

// WAGEFLOW_TEST_POSTGRES, or nullopt when unset or empty.
std::optional<std::string> postgres_admin_url();

// True when the environment variable CI is "true": PostgreSQL tests must
// run there, so a missing server fails them instead of skipping them.
bool running_in_ci();

// `url` with its database (the path after HOST:PORT/) replaced by `database`.
std::string with_database(const std::string& url, const std::string& database);

// Runs `sql` (one or more statements) on the database at `url` through
// libpq. Returns "" on success, else libpq's error message.
std::string postgres_exec(const std::string& url, const std::string& sql);

// The rows of a query at `url` as text (NULL as "NULL"). Throws
// std::runtime_error with libpq's message when the query fails.
std::vector<std::vector<std::string>> postgres_rows(const std::string& url, const std::string& sql);

// A new, empty, uniquely named UTF8 database on the test server, dropped
// (WITH (FORCE): even with connections left open) on destruction. Throws
// std::runtime_error when WAGEFLOW_TEST_POSTGRES is unset or CREATE DATABASE
// fails. Not copyable; safe to use from several test processes at once.
class PostgresDatabase {
 public:
  PostgresDatabase();
  ~PostgresDatabase();
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  // postgresql://postgres@127.0.0.1:PORT/NAME, for open_store and --db.
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  // postgres_exec / postgres_rows on this database.
  std::string execute(const std::string& sql) const { return postgres_exec(url_, sql); }
  std::vector<std::vector<std::string>> rows(const std::string& sql) const {
    return postgres_rows(url_, sql);
  }

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

}  // namespace wageflow::testing

// Call first in a test (or SetUp) that needs the PostgreSQL server: without
// WAGEFLOW_TEST_POSTGRES the test is skipped with kPostgresSkipMessage, or
// fails when CI=true (CI must run them).
#define WAGEFLOW_REQUIRE_POSTGRES()                                                        \
  do {                                                                                     \
    if (!::wageflow::testing::postgres_admin_url()) {                                      \
      if (::wageflow::testing::running_in_ci()) {                                          \
        FAIL() << ::wageflow::testing::kPostgresSkipMessage << "; CI=true: they must run"; \
      }                                                                                    \
      GTEST_SKIP() << ::wageflow::testing::kPostgresSkipMessage;                           \
    }                                                                                      \
  } while (false)
