// Dialect: everything that differs between the SQL engines wageflow runs on.
// SociStore and the migrations are written once against this interface;
// each backend (SQLite, PostgreSQL) supplies one implementation.
//
// A Dialect is immutable after construction and safe to share between
// threads; the sessions passed to it are used by one thread at a time.
#pragma once

#include <string>
#include <vector>

namespace soci {
class session;
}

namespace wageflow {

enum class ColumnType {
  kText,     // UTF-8 text of any length
  kInteger,  // at least 32 bits
  kBigInt,   // 64 bits: instants, row versions, sequence numbers
};

class Dialect {
 public:
  virtual ~Dialect() = default;

  // "SQLite", "PostgreSQL": for messages.
  virtual std::string name() const = 0;

  // The column type to write in CREATE TABLE.
  virtual std::string column_type(ColumnType type) const = 0;

  // Connection settings that change nothing in the database (foreign keys,
  // busy handling). Run right after connecting, before anything is read.
  virtual void configure_session(soci::session& sql) const = 0;
  // Settings stored in the database itself (journal mode). Run only once the
  // database is known to be empty or wageflow's, outside any transaction.
  virtual void configure_database(soci::session& sql) const = 0;

  // Starts a transaction that will write: it takes the write lock up front
  // so that two writers queue instead of deadlocking on a lock upgrade.
  virtual std::string begin_write() const = 0;
  // Starts a read-only transaction that sees one consistent snapshot.
  virtual std::string begin_read() const = 0;

  // Run right after begin_write() when preparing the schema: makes a second
  // process preparing the same database wait until this transaction ends,
  // so that it reads the version again and finds the migrations done.
  // SQLite: nothing (BEGIN IMMEDIATE already holds the write lock);
  // PostgreSQL: a transaction-scoped advisory lock.
  virtual void lock_schema(soci::session& sql) const = 0;

  // Appended to a SELECT that claims rows of one table inside a write
  // transaction: rows another transaction is claiming are passed over
  // instead of waited for or returned twice. PostgreSQL: " FOR UPDATE SKIP
  // LOCKED"; SQLite: "" (begin_write() already excludes every other writer).
  virtual std::string skip_locked_rows() const = 0;

  // Names of the tables the application created (no engine catalogs).
  virtual std::vector<std::string> user_tables(soci::session& sql) const = 0;

  // Statements that make `table` append-only: any UPDATE or DELETE fails
  // with the text "<table> is append-only".
  virtual std::vector<std::string> append_only_guard(const std::string& table) const = 0;

  // One statement, bound to :prefix, that adds 1 to case_numbers.last for
  // that prefix, inserting the row with last = 1 when absent.
  virtual std::string increment_case_number() const = 0;

  // What follows a CREATE TABLE's closing parenthesis to store the table
  // in its primary key's order instead of by an internal row id: " WITHOUT
  // ROWID" for SQLite, "" where there is no such choice.
  virtual std::string without_rowid() const = 0;

  // The commit of an existing case as one statement, committed by itself:
  // one round trip instead of a transaction of several
  // (PreparedStatements::commit_in_one_statement). Bound to the case
  // UPDATE's parameters (:workflow, :version, :definition_sha256, :state,
  // :status, :data, :row_version, :updated_at, :audit_seq, :id, :expected),
  // :records (a JSON array of audit_log rows) and, when `with_timers`,
  // :timers (a JSON array of every timer row of the case); answers one row,
  // the number of case rows updated (0: the row_version moved, nothing
  // written). PostgreSQL: data-modifying WITH clauses; "" where there is no
  // such statement (SQLite, which also has no round trips to save).
  virtual std::string commit_in_one_statement(bool with_timers) const = 0;
};

}  // namespace wageflow
