#include "storage/schema.h"

#include <soci/soci.h>

#include <algorithm>
#include <ctime>
#include <utility>

#include "storage/errors.h"
#include "storage/soci_rows.h"
#include "storage/transaction.h"

namespace wageflow {
namespace {

// clang-format off
const char* const kWageflowTables[] = {
    "schema_version", "definitions", "cases", "case_numbers", "timers", "idempotency_keys",
    "audit_log", "users", "user_roles", "tokens", "sessions", "published_definitions",
    "report_submissions"};
// clang-format on

// Replaces {text}, {integer} and {bigint} in `ddl` by the dialect's types.
std::string typed(const Dialect& d, std::string ddl) {
  const std::pair<const char*, ColumnType> kTokens[] = {
      {"{text}", ColumnType::kText},
      {"{integer}", ColumnType::kInteger},
      {"{bigint}", ColumnType::kBigInt},
  };
  for (const auto& [token, type] : kTokens) {
    const std::string name = d.column_type(type);
    for (auto at = ddl.find(token); at != std::string::npos; at = ddl.find(token, at)) {
      ddl.replace(at, std::string(token).size(), name);
    }
  }
  return ddl;
}

// CREATE TABLE statements of timers and audit_log under `name`: migration
// 1 creates them, migration 6 creates them again to move the rows over.
std::string timers_table(const std::string& name) {
  return "CREATE TABLE " + name + " (" + R"(
                case_id {text} NOT NULL REFERENCES cases (id),
                name {text} NOT NULL,
                status {text} NOT NULL,
                started_at {bigint} NOT NULL,
                due_date {text} NOT NULL,
                due_at {bigint} NOT NULL,
                warn_at {bigint},
                provisional {integer} NOT NULL,
                extensions_used {integer} NOT NULL,
                paused_at {bigint},
                escalated {integer} NOT NULL,
                explanation {text} NOT NULL,
                next_action_at {bigint},
                PRIMARY KEY (case_id, name)))";
}

std::string audit_log_table(const std::string& name) {
  return "CREATE TABLE " + name + " (" + R"(
                case_id {text} NOT NULL REFERENCES cases (id),
                seq {bigint} NOT NULL,
                at {bigint} NOT NULL,
                actor {text} NOT NULL,
                role {text} NOT NULL,
                kind {text} NOT NULL,
                event {text} NOT NULL,
                from_state {text} NOT NULL,
                to_state {text} NOT NULL,
                data {text} NOT NULL,
                comment {text} NOT NULL,
                prev_hash {text} NOT NULL,
                hash {text} NOT NULL,
                PRIMARY KEY (case_id, seq)))";
}

constexpr const char* kTimersByNextAction =
    "CREATE INDEX timers_by_next_action ON timers (next_action_at, case_id)";

// Migration 1. docs/schema.md describes every column.
std::vector<std::string> create_everything(const Dialect& d) {
  std::vector<std::string> statements;
  for (const std::string& ddl : std::initializer_list<std::string>{
           R"(CREATE TABLE schema_version (
                version {integer} PRIMARY KEY,
                summary {text} NOT NULL,
                applied_at {bigint} NOT NULL))",
           R"(CREATE TABLE definitions (
                sha256 {text} PRIMARY KEY,
                workflow {text} NOT NULL,
                version {integer} NOT NULL,
                yaml_text {text} NOT NULL,
                stored_at {bigint} NOT NULL))",
           R"(CREATE TABLE cases (
                id {text} PRIMARY KEY,
                workflow {text} NOT NULL,
                version {integer} NOT NULL,
                definition_sha256 {text} NOT NULL REFERENCES definitions (sha256),
                state {text} NOT NULL,
                status {text} NOT NULL,
                data {text} NOT NULL,
                row_version {bigint} NOT NULL,
                opened_at {bigint} NOT NULL,
                updated_at {bigint} NOT NULL,
                audit_seq {bigint} NOT NULL))",
           R"(CREATE TABLE case_numbers (
                prefix {text} PRIMARY KEY,
                last {bigint} NOT NULL))",
           timers_table("timers"),
           kTimersByNextAction,
           R"(CREATE TABLE idempotency_keys (
                key {text} PRIMARY KEY,
                case_id {text} NOT NULL REFERENCES cases (id),
                answer {text} NOT NULL,
                created_at {bigint} NOT NULL))",
           audit_log_table("audit_log"),
       }) {
    statements.push_back(typed(d, ddl));
  }
  for (auto& statement : d.append_only_guard("audit_log")) statements.push_back(statement);
  return statements;
}

// Migration 2: lets several `wageflow timers tick` processes share the due
// cases (claim_due_cases). NULL: never claimed.
std::vector<std::string> add_tick_claims(const Dialect& d) {
  return {typed(d, "ALTER TABLE cases ADD COLUMN tick_claimed_until {bigint}")};
}

// Migration 3: the office of each case (the opener's; '' for cases opened
// before accounts existed, which only province-wide users see) and the
// accounts of `wageflow serve`: users with their roles, their access tokens
// and browser sessions, both stored as SHA-256 hashes.
std::vector<std::string> add_offices_and_accounts(const Dialect& d) {
  std::vector<std::string> statements;
  for (const char* ddl : {
           "ALTER TABLE cases ADD COLUMN office {text} NOT NULL DEFAULT ''",
           "CREATE INDEX cases_by_office ON cases (office, id)",
           R"(CREATE TABLE users (
                name {text} PRIMARY KEY,
                office {text} NOT NULL,
                province_wide {integer} NOT NULL,
                created_at {bigint} NOT NULL))",
           R"(CREATE TABLE user_roles (
                user_name {text} NOT NULL REFERENCES users (name),
                ordinal {integer} NOT NULL,
                role {text} NOT NULL,
                PRIMARY KEY (user_name, role)))",
           R"(CREATE TABLE tokens (
                hash {text} PRIMARY KEY,
                user_name {text} NOT NULL REFERENCES users (name),
                created_at {bigint} NOT NULL))",
           "CREATE INDEX tokens_by_user ON tokens (user_name)",
           R"(CREATE TABLE sessions (
                hash {text} PRIMARY KEY,
                user_name {text} NOT NULL REFERENCES users (name),
                csrf_token {text} NOT NULL,
                created_at {bigint} NOT NULL,
                expires_at {bigint} NOT NULL))",
           "CREATE INDEX sessions_by_expiry ON sessions (expires_at)",
       }) {
    statements.push_back(typed(d, ddl));
  }
  return statements;
}

// Migration 4: the definition versions `wageflow publish` stored
// (docs/workflow-versions.md). A published version is immutable: the table
// is append-only like the audit log, and (workflow, version) names one text.
std::vector<std::string> add_published_definitions(const Dialect& d) {
  std::vector<std::string> statements = {
      typed(d, R"(CREATE TABLE published_definitions (
                workflow {text} NOT NULL,
                version {integer} NOT NULL,
                sha256 {text} NOT NULL REFERENCES definitions (sha256),
                published_by {text} NOT NULL,
                published_at {bigint} NOT NULL,
                PRIMARY KEY (workflow, version)))"),
      "CREATE INDEX cases_by_definition ON cases (workflow, version, definition_sha256)",
  };
  for (auto& statement : d.append_only_guard("published_definitions")) {
    statements.push_back(statement);
  }
  return statements;
}

// Migration 5: the statistics reports offices have handed in
// (docs/reports.md), one per period and office, never changed.
std::vector<std::string> add_report_submissions(const Dialect& d) {
  std::vector<std::string> statements = {
      typed(d, R"(CREATE TABLE report_submissions (
                period {text} NOT NULL,
                office {text} NOT NULL,
                submitted_by {text} NOT NULL,
                submitted_at {bigint} NOT NULL,
                PRIMARY KEY (period, office)))"),
  };
  for (auto& statement : d.append_only_guard("report_submissions")) {
    statements.push_back(statement);
  }
  return statements;
}

// Migration 6: SQLite keeps timers and audit_log in primary-key order
// (WITHOUT ROWID) instead of by rowid with a separate index of the key, so
// an event rewrites one page of each table instead of two
// (docs/performance.md). The rows move to a new table that takes the old
// one's name; the index and the append-only triggers, dropped with the old
// table, are made again. PostgreSQL has no such choice: nothing changes there.
std::vector<std::string> cluster_timers_and_audit_log(const Dialect& d) {
  const std::string clause = d.without_rowid();
  if (clause.empty()) return {};
  std::vector<std::string> statements;
  auto move_rows = [&](const std::string& table, const std::string& create, const char* columns) {
    statements.push_back(typed(d, create) + clause);
    statements.push_back("INSERT INTO " + table + "_clustered (" + columns + ") SELECT " + columns +
                         " FROM " + table);
    statements.push_back("DROP TABLE " + table);
    statements.push_back("ALTER TABLE " + table + "_clustered RENAME TO " + table);
  };
  // The columns timers had then: migration 7 adds counted_to after this.
  move_rows("timers", timers_table("timers_clustered"),
            "case_id, name, status, started_at, due_date, due_at, warn_at, provisional,"
            " extensions_used, paused_at, escalated, explanation, next_action_at");
  statements.push_back(kTimersByNextAction);
  move_rows("audit_log", audit_log_table("audit_log_clustered"), soci_rows::kAuditColumns);
  for (auto& statement : d.append_only_guard("audit_log")) statements.push_back(statement);
  return statements;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The version the database is at: 0 when it is empty. Throws when it is not
// wageflow's or is newer than this program.
int current_version(soci::session& sql, const Dialect& dialect, const std::string& db) {
  const std::vector<std::string> tables = dialect.user_tables(sql);
  if (tables.empty()) return 0;
  if (!contains(tables, "schema_version")) throw not_a_wageflow_database(db);
  int version = 0;
  soci::indicator version_ind = soci::i_null;
  sql << "SELECT MAX(version) FROM schema_version", soci::into(version, version_ind);
  if (version_ind != soci::i_ok) throw damaged_schema(db, "schema_version has no rows");
  if (version > latest_schema_version()) {
    throw newer_schema(db, version, latest_schema_version());
  }
  return version;
}

void check_tables(soci::session& sql, const Dialect& dialect, const std::string& db) {
  const std::vector<std::string> tables = dialect.user_tables(sql);
  for (const char* table : kWageflowTables) {
    if (!contains(tables, table))
      throw damaged_schema(db, std::string("table ") + table + " is missing");
  }
}

// Migration 7: TimerState::counted_to, '' for timers counted before it was
// kept (a suspension of them counts to their due date, as it did then:
// docs/deadlines.md, "Suspension"); and the command each idempotency key
// was used for, NULL for keys stored before (they repeat their answer to
// any command, as they did).
std::vector<std::string> add_timer_counted_to_and_key_requests(const Dialect& d) {
  return {typed(d, "ALTER TABLE timers ADD COLUMN counted_to {text} NOT NULL DEFAULT ''"),
          typed(d, "ALTER TABLE idempotency_keys ADD COLUMN request {text}")};
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "cases, timers, audit log with hash chain, definitions, idempotency keys",
       &create_everything},
      {2, "cases.tick_claimed_until: due timers claimed by one ticker at a time", &add_tick_claims},
      {3, "cases.office; users, user_roles, tokens and sessions of wageflow serve",
       &add_offices_and_accounts},
      {4, "published_definitions: immutable workflow versions of wageflow publish",
       &add_published_definitions},
      {5, "report_submissions: the statistics reports offices have handed in",
       &add_report_submissions},
      {6, "timers and audit_log kept in primary-key order (SQLite WITHOUT ROWID)",
       &cluster_timers_and_audit_log},
      {7,
       "timers.counted_to: the day a rolled \"days\" count reached, for suspensions; "
       "idempotency_keys.request: a key reused for another command is refused",
       &add_timer_counted_to_and_key_requests},
  };
  return kMigrations;
}

int latest_schema_version() {
  return migrations().back().version;
}

namespace {

// "upgrading DB from schema version 5 to 6 (6: ...; 7: ...): ..."
std::string upgrade_notice(const std::string& db, int from) {
  std::string changes;
  for (const Migration& migration : migrations()) {
    if (migration.version <= from) continue;
    changes += (changes.empty() ? "" : "; ") + std::to_string(migration.version) + ": " +
               migration.summary;
  }
  return "upgrading " + db + " from schema version " + std::to_string(from) + " to " +
         std::to_string(latest_schema_version()) + " (" + changes +
         "): this can take minutes on a large database; let it finish (if stopped, the"
         " database stays at version " +
         std::to_string(from) + ")";
}

}  // namespace

void prepare_schema(soci::session& sql, const Dialect& dialect, const std::string& db,
                    const StoreNotice& notice) {
  try {
    current_version(sql, dialect, db);  // before touching anything
    dialect.configure_database(sql);

    Transaction transaction(sql, dialect.begin_write());
    dialect.lock_schema(sql);
    int version = current_version(sql, dialect, db);  // another process may have migrated
    const bool migrate = version < latest_schema_version();
    // A new database's schema is made in a moment; an existing one's
    // upgrade may copy whole tables (migration 6), silently otherwise.
    const bool upgrade = migrate && version > 0 && notice;
    if (upgrade) notice(upgrade_notice(db, version));
    for (const Migration& migration : migrations()) {
      if (migration.version <= version) continue;
      for (const std::string& statement : migration.statements(dialect)) sql << statement;
      long long applied_at = static_cast<long long>(std::time(nullptr));
      sql << "INSERT INTO schema_version (version, summary, applied_at)"
             " VALUES (:version, :summary, :applied_at)",
          soci::use(migration.version, "version"), soci::use(migration.summary, "summary"),
          soci::use(applied_at, "applied_at");
      version = migration.version;
    }
    check_tables(sql, dialect, db);
    // A write that changes nothing: fails now if the database cannot be written.
    sql << "UPDATE schema_version SET applied_at = applied_at WHERE version = :version",
        soci::use(version, "version");
    if (migrate) {
      transaction.commit();
      if (upgrade) {
        notice("upgraded " + db + " to schema version " + std::to_string(version));
      }
    } else {
      transaction.rollback();
    }
  } catch (...) {
    rethrow_as_store_error(db, "opening the database");
  }
}

}  // namespace wageflow
