#include "storage/sqlite_store.h"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <string_view>
#include <thread>
#include <utility>

#include "storage/errors.h"
#include "storage/schema.h"
#include "storage/soci_store.h"

namespace wageflow {
namespace {

class SqliteDialect final : public Dialect {
 public:
  explicit SqliteDialect(std::string synchronous = "FULL") : synchronous_(std::move(synchronous)) {}

  std::string name() const override { return "SQLite"; }

  std::string column_type(ColumnType type) const override {
    switch (type) {
      case ColumnType::kText:
        return "TEXT";
      case ColumnType::kInteger:
        return "INTEGER";
      case ColumnType::kBigInt:
        return "BIGINT";
    }
    return "TEXT";
  }

  void configure_session(soci::session& sql) const override {
    sql << "PRAGMA foreign_keys = ON";
    sql << "PRAGMA synchronous = " + synchronous_;
  }

  // Switching a file to WAL turns the pragma's read into a write without
  // SQLite calling the busy handler (its rule against deadlock), so a process
  // opening a new file while another writes or switches it gets SQLITE_BUSY
  // at once. Retried here with the patience of every other lock wait.
  void configure_database(soci::session& sql) const override {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(kSqliteBusyTimeoutSeconds);
    for (;;) {
      try {
        std::string mode;
        sql << "PRAGMA journal_mode = WAL", soci::into(mode);
        return;
      } catch (const soci::sqlite3_soci_error& error) {
        if ((error.result() & 0xff) != SQLITE_BUSY ||
            std::chrono::steady_clock::now() >= deadline) {
          throw;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  std::string begin_write() const override { return "BEGIN IMMEDIATE"; }
  std::string begin_read() const override { return "BEGIN"; }

  void lock_schema(soci::session&) const override {}  // BEGIN IMMEDIATE holds the lock
  std::string skip_locked_rows() const override { return ""; }

  std::vector<std::string> user_tables(soci::session& sql) const override {
    std::vector<std::string> tables;
    std::string name;
    soci::statement st = (sql.prepare << "SELECT name FROM sqlite_master WHERE type = 'table'"
                                         " AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
                                         " ORDER BY name",
                          soci::into(name));
    st.execute();
    while (st.fetch()) tables.push_back(name);
    return tables;
  }

  std::vector<std::string> append_only_guard(const std::string& table) const override {
    const std::string raise = " BEGIN SELECT RAISE(ABORT, '" + table + " is append-only'); END";
    return {
        "CREATE TRIGGER " + table + "_no_update BEFORE UPDATE ON " + table + raise,
        "CREATE TRIGGER " + table + "_no_delete BEFORE DELETE ON " + table + raise,
    };
  }

  std::string without_rowid() const override { return " WITHOUT ROWID"; }
  std::string commit_in_one_statement(bool) const override { return ""; }

  std::string increment_case_number() const override {
    return "INSERT INTO case_numbers (prefix, last) VALUES (:prefix, 1)"
           " ON CONFLICT (prefix) DO UPDATE SET last = case_numbers.last + 1";
  }

 private:
  std::string synchronous_;  // FULL or NORMAL
};

// Splits "PATH?synchronous=normal|full" (any case) into the path and the
// PRAGMA value; a path without '?' is FULL. Everything after the first '?'
// is settings, so a misspelt one is refused rather than taken as part of a
// new file's name; a file name with '?' cannot be opened.
std::pair<std::string, std::string> split_synchronous(const std::string& url_path) {
  const std::size_t mark = url_path.find('?');
  if (mark == std::string::npos) return {url_path, "FULL"};
  const std::string setting = url_path.substr(mark + 1);
  const std::size_t equals = setting.find('=');
  const std::string key = setting.substr(0, equals);
  if (key != "synchronous" || equals == std::string::npos) {
    throw cannot_open(url_path, "'" + setting +
                                    "' is not a setting (known: synchronous=full or "
                                    "synchronous=normal); a file name may not contain '?'");
  }
  const std::string given = setting.substr(equals + 1);
  std::string value = given;
  for (char& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (value != "FULL" && value != "NORMAL") {
    throw cannot_open(url_path, "synchronous= takes full or normal, not '" + given + "'");
  }
  return {url_path.substr(0, mark), value};
}

// Read-only by permission bits: no write bit for anyone. Root passes every
// access(2) check, so these bits are how an administrator marks a file or
// folder read-only for wageflow whoever runs it.
bool no_write_bits(const std::string& path) {
  struct stat status {};
  return ::stat(path.c_str(), &status) == 0 && (status.st_mode & 0222) == 0;
}

bool writable(const std::string& path) {
  return ::access(path.c_str(), W_OK) == 0 && !no_write_bits(path);
}

// Refuses, before SQLite touches anything, a path that cannot work.
void check_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path file(path);
  const std::string folder = file.has_parent_path() ? file.parent_path().string() : ".";
  if (!fs::exists(folder, error)) throw cannot_open(path, "folder " + folder + " does not exist");
  if (!fs::is_directory(folder, error)) throw cannot_open(path, folder + " is not a folder");
  const bool exists = fs::exists(file, error);
  if (exists) {
    if (fs::is_directory(file, error)) throw cannot_open(path, "it is a folder, not a file");
    if (::access(path.c_str(), R_OK) != 0) {
      throw cannot_open(path, "no permission to read it (check the file's permissions)");
    }
    if (!writable(path)) throw read_only_file(path);
  }
  // WAL keeps PATH-wal and PATH-shm next to the file: the folder must be
  // writable even when the file already exists.
  if (!writable(folder) || ::access(folder.c_str(), X_OK) != 0) {
    throw read_only_folder(path, folder);
  }
}

std::string connect_string(const std::string& path) {
  if (path.find('"') != std::string::npos) {
    throw cannot_open(path, "the path contains a double quote; rename the file or folder");
  }
  return "db=\"" + path + "\" timeout=" + std::to_string(kSqliteBusyTimeoutSeconds);
}

}  // namespace

std::unique_ptr<const Dialect> make_sqlite_dialect() {
  return std::make_unique<SqliteDialect>();
}

std::unique_ptr<Store> open_sqlite_store(const std::string& url_path, const StoreNotice& notice) {
  const auto [path, synchronous] = split_synchronous(url_path);
  check_path(path);
  auto dialect = std::make_unique<SqliteDialect>(synchronous);
  auto sql = std::make_unique<soci::session>();
  try {
    sql->open(soci::sqlite3, connect_string(path));
    dialect->configure_session(*sql);
  } catch (...) {
    rethrow_as_store_error(path, "opening the database");
  }
  prepare_schema(*sql, *dialect, path, notice);
  return std::make_unique<SociStore>(std::move(sql), std::move(dialect), path);
}

bool use_sqlite_without_memory_statistics() {
  return sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}

}  // namespace wageflow
