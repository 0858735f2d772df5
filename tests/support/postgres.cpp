#include "tests/support/postgres.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <random>
#include <stdexcept>

namespace wageflow::testing {
namespace {

struct ConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;
using Result = std::unique_ptr<PGresult, ResultClearer>;

// Connects or throws with libpq's message (the URL has no password).
Connection connect(const std::string& url) {
  Connection connection(PQconnectdb(url.c_str()));
  if (!connection || PQstatus(connection.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to " + url + ": " +
                             (connection ? PQerrorMessage(connection.get()) : "out of memory"));
  }
  return connection;
}

std::string unique_database_name() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return "wageflow_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(random() % 1000000);
}

}  // namespace

std::optional<std::string> postgres_admin_url() {
  const char* url = std::getenv("WAGEFLOW_TEST_POSTGRES");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

std::string with_database(const std::string& url, const std::string& database) {
  const std::size_t scheme = url.find("://");
  const std::size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash == std::string::npos) throw std::runtime_error("URL without a database: " + url);
  const std::size_t query = url.find('?', slash);
  return url.substr(0, slash + 1) + database +
         (query == std::string::npos ? "" : url.substr(query));
}

std::string postgres_exec(const std::string& url, const std::string& sql) {
  try {
    Connection connection = connect(url);
    Result result(PQexec(connection.get(), sql.c_str()));
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return "";
    return PQerrorMessage(connection.get());
  } catch (const std::exception& error) {
    return error.what();
  }
}

std::vector<std::vector<std::string>> postgres_rows(const std::string& url,
                                                    const std::string& sql) {
  Connection connection = connect(url);
  Result result(PQexec(connection.get(), sql.c_str()));
  if (!result || PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    throw std::runtime_error(std::string(PQerrorMessage(connection.get())) + " in: " + sql);
  }
  std::vector<std::vector<std::string>> rows;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    std::vector<std::string> cells;
    for (int column = 0; column < PQnfields(result.get()); ++column) {
      cells.push_back(PQgetisnull(result.get(), row, column)
                          ? "NULL"
                          : std::string(PQgetvalue(result.get(), row, column),
                                        PQgetlength(result.get(), row, column)));
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

PostgresDatabase::PostgresDatabase() {
  std::optional<std::string> admin = postgres_admin_url();
  if (!admin) throw std::runtime_error(kPostgresSkipMessage);
  admin_url_ = *admin;
  name_ = unique_database_name();
  // template0: never connected to, so parallel tests can copy it at once.
  const std::string error = postgres_exec(
      admin_url_, "CREATE DATABASE \"" + name_ + "\" TEMPLATE template0 ENCODING 'UTF8'");
  if (!error.empty()) throw std::runtime_error("cannot create database " + name_ + ": " + error);
  url_ = with_database(admin_url_, name_);
}

PostgresDatabase::~PostgresDatabase() {
  postgres_exec(admin_url_, "DROP DATABASE IF EXISTS \"" + name_ + "\" WITH (FORCE)");
}

}  // namespace wageflow::testing
