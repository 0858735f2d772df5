#include "storage/postgresql_store.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "storage/errors.h"
#include "storage/schema.h"
#include "storage/soci_rows.h"
#include "storage/soci_store.h"

namespace wageflow {
namespace {

// pg_advisory_xact_lock key that serializes schema preparation: the bytes
// of "wageflow" as a big-endian 64-bit integer.
constexpr const char* kSchemaLockKey = "8602270448462098295";

// The SET list of an upsert of `columns` keyed by (case_id, name): every
// other column from the row that was proposed.
std::string set_from_excluded(const std::string& columns) {
  std::string set;
  for (const std::string& name : soci_rows::column_names(columns)) {
    if (name == "case_id" || name == "name") continue;
    set += (set.empty() ? "" : ", ") + name + " = excluded." + name;
  }
  return set;
}

// Dialect::commit_in_one_statement. Every clause but the UPDATE writes only
// when the UPDATE found the case at the expected row_version; the timer
// clauses touch disjoint rows (PostgreSQL runs WITH clauses in no defined
// order): those no longer there are deleted, the others upserted.
std::string one_statement_commit(bool with_timers) {
  std::string query =
      "WITH updated AS (UPDATE cases SET workflow = :workflow, version = :version,"
      " definition_sha256 = :definition_sha256, state = :state, status = :status, data = :data,"
      " row_version = :row_version, updated_at = :updated_at, audit_seq = :audit_seq,"
      " tick_claimed_until = NULL WHERE id = :id AND row_version = :expected RETURNING id)";
  if (with_timers) {
    query += std::string(", new_timers AS (SELECT ") + soci_rows::kTimerColumns +
             " FROM json_populate_recordset(NULL::timers, CAST(:timers AS json)))"
             ", removed_timers AS (DELETE FROM timers WHERE case_id IN (SELECT id FROM updated)"
             " AND name NOT IN (SELECT name FROM new_timers))"
             ", written_timers AS (INSERT INTO timers (" +
             soci_rows::kTimerColumns + ") SELECT " + soci_rows::kTimerColumns +
             " FROM new_timers WHERE EXISTS (SELECT 1 FROM updated)"
             " ON CONFLICT (case_id, name) DO UPDATE SET " +
             set_from_excluded(soci_rows::kTimerColumns) + ")";
  }
  query += std::string(", written_records AS (INSERT INTO audit_log (") + soci_rows::kAuditColumns +
           ") SELECT " + soci_rows::kAuditColumns +
           " FROM json_populate_recordset(NULL::audit_log, CAST(:records AS json))"
           " WHERE EXISTS (SELECT 1 FROM updated))"
           " SELECT COUNT(*) FROM updated";
  return query;
}

class PostgresqlDialect final : public Dialect {
 public:
  std::string name() const override { return "PostgreSQL"; }

  std::string column_type(ColumnType type) const override {
    switch (type) {
      case ColumnType::kText:
        // Byte order, as SQLite's BINARY: ids, names and ORDER BY compare
        // the same on both backends, whatever the database's locale.
        return "TEXT COLLATE \"C\"";
      case ColumnType::kInteger:
        return "INTEGER";
      case ColumnType::kBigInt:
        return "BIGINT";
    }
    return "TEXT";
  }

  // client_encoding and application_name travel in the connection string.
  void configure_session(soci::session&) const override {}
  void configure_database(soci::session&) const override {}

  // READ COMMITTED: every statement sees what committed before it, and a
  // conditional UPDATE waits for a concurrent writer of the same row, then
  // re-checks its WHERE clause against the row that writer left.
  std::string begin_write() const override { return "BEGIN"; }
  std::string begin_read() const override {
    return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  }

  void lock_schema(soci::session& sql) const override {
    int locked = 0;
    sql << std::string("SELECT 1 FROM (SELECT pg_advisory_xact_lock(") + kSchemaLockKey +
               ")) AS schema_lock",
        soci::into(locked);
  }

  std::string skip_locked_rows() const override { return " FOR UPDATE SKIP LOCKED"; }

  // Tables of the current schema by name, tables of every other non-system
  // schema as schema.table: any of them makes the database non-empty, only
  // the former can be wageflow's.
  std::vector<std::string> user_tables(soci::session& sql) const override {
    std::vector<std::string> tables;
    std::string name;
    soci::statement st =
        (sql.prepare << "SELECT CASE WHEN n.nspname = current_schema() THEN c.relname::text"
                        " ELSE n.nspname || '.' || c.relname END"
                        " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        " WHERE c.relkind IN ('r', 'p')"
                        " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                        " AND n.nspname NOT LIKE 'pg!_%' ESCAPE '!'"
                        " ORDER BY 1",
         soci::into(name));
    st.execute();
    while (st.fetch()) tables.push_back(name);
    return tables;
  }

  // A row trigger for UPDATE and DELETE, and a statement trigger for
  // TRUNCATE (which row triggers do not see).
  std::vector<std::string> append_only_guard(const std::string& table) const override {
    const std::string execute = " EXECUTE FUNCTION wageflow_append_only()";
    return {
        "CREATE OR REPLACE FUNCTION wageflow_append_only() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$",
        "CREATE TRIGGER " + table + "_no_update BEFORE UPDATE ON " + table + " FOR EACH ROW" +
            execute,
        "CREATE TRIGGER " + table + "_no_delete BEFORE DELETE ON " + table + " FOR EACH ROW" +
            execute,
        "CREATE TRIGGER " + table + "_no_truncate BEFORE TRUNCATE ON " + table +
            " FOR EACH STATEMENT" + execute,
    };
  }

  std::string without_rowid() const override { return ""; }
  std::string commit_in_one_statement(bool with_timers) const override {
    return one_statement_commit(with_timers);
  }

  std::string increment_case_number() const override {
    return "INSERT INTO case_numbers (prefix, last) VALUES (:prefix, 1)"
           " ON CONFLICT (prefix) DO UPDATE SET last = case_numbers.last + 1";
  }
};

// A libpq connection-string value: quoted, with ' and \ escaped.
std::string quoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

bool has_option(const PostgresqlTarget& target, const std::string& key) {
  for (const auto& [name, value] : target.options) {
    if (name == key) return true;
  }
  return false;
}

// Chinese names and comments must round-trip byte for byte: a database in
// another encoding would convert or refuse them.
void check_encoding(soci::session& sql, const PostgresqlTarget& target) {
  std::string encoding;
  sql << "SELECT pg_encoding_to_char(encoding) FROM pg_database"
         " WHERE datname = current_database()",
      soci::into(encoding);
  if (encoding != "UTF8") throw not_utf8_database(target.display(), target.database, encoding);
}

}  // namespace

std::string PostgresqlTarget::address() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string PostgresqlTarget::display() const {
  return "postgresql://" + user + "@" + address() + "/" + database;
}

std::string PostgresqlTarget::conninfo() const {
  std::string info = "host=" + quoted(host) + " port=" + quoted(std::to_string(port)) +
                     " dbname=" + quoted(database) + " user=" + quoted(user);
  if (!password.empty()) info += " password=" + quoted(password);
  if (!has_option(*this, "connect_timeout")) {
    info += " connect_timeout=" + quoted(std::to_string(kPostgresqlConnectTimeoutSeconds));
  }
  if (!has_option(*this, "application_name")) info += " application_name='wageflow'";
  info += " client_encoding='UTF8'";
  for (const auto& [key, value] : options) info += " " + key + "=" + quoted(value);
  return info;
}

std::unique_ptr<const Dialect> make_postgresql_dialect() {
  return std::make_unique<PostgresqlDialect>();
}

std::unique_ptr<Store> open_postgresql_store(const PostgresqlTarget& target,
                                             const StoreNotice& notice) {
  auto dialect = make_postgresql_dialect();
  auto sql = std::make_unique<soci::session>();
  try {
    sql->open(soci::postgresql, target.conninfo());
  } catch (const soci::soci_error& error) {
    throw postgresql_connect_error(target.address(), target.user, target.database,
                                   error.get_error_message());
  }
  try {
    dialect->configure_session(*sql);
    check_encoding(*sql, target);
  } catch (...) {
    rethrow_as_store_error(target.display(), "opening the database");
  }
  prepare_schema(*sql, *dialect, target.display(), notice);
  return std::make_unique<SociStore>(std::move(sql), std::move(dialect), target.display());
}

}  // namespace wageflow
