// The PostgreSQL backend: its Dialect and how a server database is opened.
// Parallel to sqlite_store.h; storage.cpp turns a postgresql:// URL into a
// PostgresqlTarget.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/runtime/store.h"
#include "storage/dialect.h"
#include "storage/storage.h"

namespace wageflow {

// How long connecting may take before "cannot reach PostgreSQL" (libpq's
// connect_timeout), unless the URL sets connect_timeout itself.
inline constexpr int kPostgresqlConnectTimeoutSeconds = 5;

// Where a postgresql:// URL points, decoded.
struct PostgresqlTarget {
  std::string user;
  std::string password;  // empty: libpq looks in PGPASSWORD and ~/.pgpass
  std::string host;      // name, address, or a socket folder starting with '/'
  int port = 5432;
  std::string database;
  // libpq settings from the URL's query (sslmode=require, ...), in order.
  std::vector<std::pair<std::string, std::string>> options;

  // postgresql://USER@HOST:PORT/DB: how messages name the database. Never
  // contains the password.
  std::string display() const;
  // HOST:PORT, for "cannot reach" messages.
  std::string address() const;
  // The libpq keyword=value connection string (with the password).
  std::string conninfo() const;
};

std::unique_ptr<const Dialect> make_postgresql_dialect();

// Connects to `target` and brings its schema up to date (creating it in an
// empty database). Throws StoreError, before anything is written, when the
// server cannot be reached, refuses the login, lacks the database, the
// database does not use UTF8, holds another application's tables, or has a
// newer wageflow schema. Messages name the database by target.display().
std::unique_ptr<Store> open_postgresql_store(const PostgresqlTarget& target,
                                             const StoreNotice& notice = {});

}  // namespace wageflow
