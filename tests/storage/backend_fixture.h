// Backend fixtures for the storage tests: one fresh database per test, and
// a native client to tamper with it behind wageflow's back. The store
// contract suite runs over every fixture in backend_fixtures(): SQLite files
// and PostgreSQL databases on the server ./test.sh starts.
#pragma once

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/runtime/store.h"
#include "storage/storage.h"
#include "tests/storage/temp_folder.h"
#include "tests/support/postgres.h"

namespace wageflow::testing {

class BackendFixture {
 public:
  virtual ~BackendFixture() = default;
  virtual std::string url() const = 0;
  std::unique_ptr<Store> open() const { return open_store(url()); }
  // Runs `sql` with the backend's own client, bypassing wageflow. Returns ""
  // on success, else the engine's error message.
  virtual std::string execute_raw(const std::string& sql) = 0;
  // Removes the triggers that make audit_log append-only, so a test can
  // tamper with the log the way someone with file access could.
  virtual void drop_append_only_guard() = 0;
};

// Runs SQL on an SQLite file through the C API. Returns "" or the error.
inline std::string sqlite_exec(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string error;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    error = db ? sqlite3_errmsg(db) : "cannot open";
  } else {
    sqlite3_busy_timeout(db, 10000);
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      error = message ? message : "failed";
      sqlite3_free(message);
    }
  }
  sqlite3_close(db);
  return error;
}

// The rows of a query as text columns (NULL as "NULL"); throws on error.
inline std::vector<std::vector<std::string>> sqlite_rows(const std::filesystem::path& file,
                                                         const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    std::string error = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error(error + " in: " + sql);
  }
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(statement); ++i) {
      const unsigned char* text = sqlite3_column_text(statement, i);
      row.push_back(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    rows.push_back(row);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

class SqliteFixture final : public BackendFixture {
 public:
  std::string url() const override { return "sqlite:" + file().string(); }
  std::string execute_raw(const std::string& sql) override { return sqlite_exec(file(), sql); }
  void drop_append_only_guard() override {
    const std::string error =
        execute_raw("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
    if (!error.empty()) throw std::runtime_error("cannot drop the triggers: " + error);
  }
  std::filesystem::path file() const { return folder_.path() / "wageflow.db"; }
  const TempFolder& folder() const { return folder_; }

 private:
  TempFolder folder_;
};

// A fresh database on the test server (WAGEFLOW_TEST_POSTGRES), dropped
// afterwards; raw SQL through libpq.
class PostgresFixture final : public BackendFixture {
 public:
  std::string url() const override { return database_.url(); }
  std::string execute_raw(const std::string& sql) override { return database_.execute(sql); }
  void drop_append_only_guard() override {
    const std::string error = execute_raw(
        "DROP TRIGGER audit_log_no_update ON audit_log;"
        " DROP TRIGGER audit_log_no_delete ON audit_log;"
        " DROP TRIGGER audit_log_no_truncate ON audit_log;");
    if (!error.empty()) throw std::runtime_error("cannot drop the triggers: " + error);
  }
  const PostgresDatabase& database() const { return database_; }

 private:
  PostgresDatabase database_;
};

struct Backend {
  std::string name;
  std::function<std::unique_ptr<BackendFixture>()> make;
  // Tests on this backend start with WAGEFLOW_REQUIRE_POSTGRES().
  bool needs_postgres = false;
};

inline std::vector<Backend> backend_fixtures() {
  return {
      {"SQLite", [] { return std::make_unique<SqliteFixture>(); }, false},
      {"PostgreSQL", [] { return std::make_unique<PostgresFixture>(); }, true},
  };
}

// For a TEST_P over backend_fixtures(): skips (or in CI fails) a
// PostgreSQL instance when no server is available.
#define WAGEFLOW_REQUIRE_BACKEND(backend) \
  do {                                    \
    if ((backend).needs_postgres) {       \
      WAGEFLOW_REQUIRE_POSTGRES();        \
    }                                     \
  } while (false)

inline void PrintTo(const Backend& backend, std::ostream* out) {
  *out << backend.name;
}

// Records as JSON text, so that a failed comparison shows every field.
inline std::string describe(const TimerRecord& t) {
  auto optional = [](const std::optional<std::int64_t>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  return nlohmann::json{{"name", t.name},
                        {"status", t.status},
                        {"started_at", t.started_at},
                        {"due_date", t.due_date},
                        {"due_at", t.due_at},
                        {"warn_at", optional(t.warn_at)},
                        {"provisional", t.provisional},
                        {"extensions_used", t.extensions_used},
                        {"paused_at", optional(t.paused_at)},
                        {"escalated", t.escalated},
                        {"explanation", t.explanation},
                        {"next_action_at", optional(t.next_action_at)}}
      .dump();
}

inline std::string describe(const CaseRecord& c) {
  nlohmann::json timers = nlohmann::json::array();
  for (const auto& t : c.timers) timers.push_back(nlohmann::json::parse(describe(t)));
  return nlohmann::json{{"id", c.id},
                        {"workflow", c.workflow},
                        {"version", c.version},
                        {"definition_sha256", c.definition_sha256},
                        {"state", c.state},
                        {"status", c.status},
                        {"data", c.data},
                        {"row_version", c.row_version},
                        {"opened_at", c.opened_at},
                        {"updated_at", c.updated_at},
                        {"timers", timers}}
      .dump();
}

inline std::string describe(const std::vector<StoredAuditRecord>& log) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : log) {
    out.push_back({s.case_id, s.seq, s.record.at.seconds, s.record.actor, s.record.role,
                   s.record.kind, s.record.event, s.record.from_state, s.record.to_state,
                   s.record.data, s.record.comment, s.prev_hash, s.hash});
  }
  return out.dump();
}

}  // namespace wageflow::testing
