// What is particular to PostgreSQL: URLs, connection and login failures,
// refusing databases that are not wageflow's, the PL/pgSQL append-only
// guard, schema creation by several processes at once, SKIP LOCKED claims.
// The Store contract itself runs on PostgreSQL in store_contract_test.cpp.
#include "storage/postgresql_store.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "storage/schema.h"
#include "tests/storage/backend_fixture.h"

namespace wageflow::testing {
namespace {

constexpr const char* kUrlForms =
    " (use sqlite:PATH, a plain file path, or postgresql://USER@HOST:PORT/DB)";

// The StoreError message of open_store(url), or "" when it opened.
std::string open_error(const std::string& url) {
  try {
    open_store(url);
    return "";
  } catch (const StoreError& error) {
    return error.what();
  }
}

// `url` with USER[:PASSWORD] replaced by `userinfo`.
std::string with_userinfo(const std::string& url, const std::string& userinfo) {
  const std::size_t start = url.find("://") + 3;
  return url.substr(0, start) + userinfo + url.substr(url.find('@', start));
}

// HOST:PORT of the test server.
std::string server_address() {
  const std::string url = *postgres_admin_url();
  const std::size_t at = url.find('@') + 1;
  return url.substr(at, url.find('/', at) - at);
}

std::string first_cell(const PostgresDatabase& database, const std::string& sql) {
  auto rows = database.rows(sql);
  return rows.empty() || rows[0].empty() ? "" : rows[0][0];
}

std::string column(const PostgresDatabase& database, const std::string& sql) {
  std::string joined;
  for (const auto& row : database.rows(sql)) joined += (joined.empty() ? "" : ",") + row.at(0);
  return joined;
}

// Every table, function and trigger in the database: what "nothing was
// written" compares.
std::string catalog(const PostgresDatabase& database) {
  return column(database,
                "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n"
                " ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog',"
                " 'information_schema', 'pg_toast') ORDER BY 1") +
         "|" +
         column(database,
                "SELECT proname FROM pg_proc WHERE pronamespace ="
                " 'public'::regnamespace ORDER BY 1") +
         "|" + column(database, "SELECT tgname FROM pg_trigger ORDER BY 1");
}

// A request that opens a case of workflow w (pinned as `sha`) with one
// audit record and, when `due` is set, a timer whose next action is then.
CommitRequest new_case(const std::string& sha, std::optional<std::int64_t> due) {
  CommitRequest request;
  request.after.workflow = "w";
  request.after.version = 1;
  request.after.definition_sha256 = sha;
  request.after.state = "intake";
  request.after.status = "active";
  request.after.data = "{}";
  request.after.row_version = 1;
  request.after.opened_at = request.after.updated_at = 10;
  if (due) {
    TimerRecord timer;
    timer.name = "closure";
    timer.status = "running";
    timer.next_action_at = due;
    request.after.timers = {timer};
  }
  request.new_case_id_prefix = "2025-";
  AuditRecord opened;
  opened.at = Instant{10};
  opened.actor = "张三";
  opened.role = "clerk";
  opened.kind = "open";
  opened.to_state = "intake";
  opened.data = "{}";
  request.records = {opened};
  return request;
}

// "1,2,...": every migration's version.
std::string every_version() {
  std::string versions;
  for (const Migration& migration : migrations()) {
    versions += (versions.empty() ? "" : ",") + std::to_string(migration.version);
  }
  return versions;
}

TEST(PostgresqlUrlTest, MalformedUrlsAreRefusedNamingTheProblemWithoutConnecting) {
  struct Case {
    std::string url;
    std::string message;  // before the accepted forms
  };
  for (const Case& c : std::vector<Case>{
           {"postgresql:dbname=wf",
            "DB URL 'postgresql:dbname=wf' is not of the form "
            "postgresql://USER[:PASSWORD]@HOST:PORT/DB"},
           {"postgresql://localhost:5432/wf",
            "DB URL 'postgresql://localhost:5432/wf' names no user (USER@HOST)"},
           {"postgres://@localhost/wf",
            "DB URL 'postgres://@localhost/wf' names no user (USER@HOST)"},
           {"postgresql://wf@:5432/wf",
            "DB URL 'postgresql://wf@:5432/wf' names no host (USER@HOST:PORT)"},
           {"postgresql://wf@localhost:5432",
            "DB URL 'postgresql://wf@localhost:5432' names no database (HOST:PORT/DB)"},
           {"postgresql://wf@localhost:5432/",
            "DB URL 'postgresql://wf@localhost:5432/' names no database (HOST:PORT/DB)"},
           {"postgresql://wf@localhost:port/wf",
            "DB URL 'postgresql://wf@localhost:port/wf' has a bad port 'port' (1 to 65535)"},
           {"postgresql://wf@localhost:70000/wf",
            "DB URL 'postgresql://wf@localhost:70000/wf' has a bad port '70000' (1 to 65535)"},
           {"postgresql://wf@localhost:/wf",
            "DB URL 'postgresql://wf@localhost:/wf' has a bad port '' (1 to 65535)"},
           {"postgresql://wf@[::1/wf",
            "DB URL 'postgresql://wf@[::1/wf' has an unclosed [ in the host"},
           {"postgresql://w%zzf@localhost/wf",
            "DB URL 'postgresql://w%zzf@localhost/wf' has a broken %-escape in the user or "
            "password"},
           {"postgresql://wf@localhost/a/b",
            "DB URL 'postgresql://wf@localhost/a/b' has a '/' in the database name 'a/b'"},
           {"postgresql://wf@localhost/wf?sslmode",
            "DB URL 'postgresql://wf@localhost/wf?sslmode' has a setting 'sslmode' without a "
            "proper value (key=value)"},
           {"postgresql://wf@localhost/wf?sslmod=require",
            "DB URL 'postgresql://wf@localhost/wf?sslmod=require' has an unknown setting 'sslmod' "
            "(known: sslmode, sslrootcert, sslcert, sslkey, sslcrl, connect_timeout, "
            "application_name, target_session_attrs, keepalives, keepalives_idle, options)"},
       }) {
    SCOPED_TRACE(c.url);
    EXPECT_EQ(open_error(c.url), c.message + kUrlForms);
  }
}

TEST(PostgresqlUrlTest, APasswordNeverAppearsInAMessage) {
  for (const std::string url : {
           "postgresql://wf:Secret%40pw@localhost:99999/wf",
           "postgresql://wf:Secret@pw@localhost/wf?sslmod=x",
           "postgresql://wf:Secret@pw@127.0.0.1:1/wf",
           "postgres://wf:Secret%2Fpw@127.0.0.1:1/wf",
       }) {
    SCOPED_TRACE(url);
    const std::string error = open_error(url);
    EXPECT_NE(error, "");
    EXPECT_EQ(error.find("Secret"), std::string::npos) << error;
  }
  const std::string echoed = open_error("postgresql://wf:Secret@localhost:0/wf");
  EXPECT_NE(echoed.find("'postgresql://wf:***@localhost:0/wf'"), std::string::npos) << echoed;
}

TEST(PostgresqlUrlTest, ServerThatDoesNotAnswerIsNamedByHostAndPortInOneLine) {
  struct Case {
    std::string url;
    std::string start;
    std::string reason;
  };
  for (const Case& c : std::vector<Case>{
           {"postgresql://wageflow@127.0.0.1:1/wageflow",
            "cannot reach PostgreSQL at 127.0.0.1:1: ", "Connection refused"},
           {"postgres://wageflow@[::1]:1/wageflow", "cannot reach PostgreSQL at [::1]:1: ", ""},
           {"postgresql://wageflow@no-such-host.invalid:5432/wageflow",
            "cannot reach PostgreSQL at no-such-host.invalid:5432: ",
            "could not translate host name \"no-such-host.invalid\""},
       }) {
    SCOPED_TRACE(c.url);
    const std::string error = open_error(c.url);
    EXPECT_EQ(error.rfind(c.start, 0), 0u) << error;
    EXPECT_NE(error.find(c.reason), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
}

class PostgresqlStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { WAGEFLOW_REQUIRE_POSTGRES(); }
};

TEST_F(PostgresqlStoreTest, EmptyDatabaseGetsTheSchemaTriggersAndByteOrderText) {
  PostgresDatabase database;
  open_store(database.url());
  const std::string tables = "," +
                             column(database,
                                    "SELECT table_name FROM information_schema.tables"
                                    " WHERE table_schema = 'public' ORDER BY 1") +
                             ",";
  for (const char* table : {"audit_log", "case_numbers", "cases", "definitions", "idempotency_keys",
                            "schema_version", "timers"}) {
    EXPECT_NE(tables.find(std::string(",") + table + ","), std::string::npos) << tables;
  }
  EXPECT_EQ(first_cell(database, "SELECT MAX(version) FROM schema_version"),
            std::to_string(latest_schema_version()));
  EXPECT_EQ(column(database, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"),
            "audit_log_no_delete,audit_log_no_truncate,audit_log_no_update,"
            "published_definitions_no_delete,published_definitions_no_truncate,"
            "published_definitions_no_update,report_submissions_no_delete,"
            "report_submissions_no_truncate,report_submissions_no_update");
  EXPECT_EQ(first_cell(database,
                       "SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang"
                       " WHERE p.proname = 'wageflow_append_only'"),
            "plpgsql");
  EXPECT_EQ(first_cell(database,
                       "SELECT collation_name FROM information_schema.columns"
                       " WHERE table_name = 'cases' AND column_name = 'id'"),
            "C");
  EXPECT_EQ(first_cell(database,
                       "SELECT data_type FROM information_schema.columns"
                       " WHERE table_name = 'cases' AND column_name = 'tick_claimed_until'"),
            "bigint");
  EXPECT_NE(first_cell(database,
                       "SELECT indexdef FROM pg_indexes"
                       " WHERE indexname = 'timers_by_next_action'"),
            "");
}

TEST_F(PostgresqlStoreTest, AuditLogRefusesTruncateUpdateAndDeleteFromAnyClient) {
  PostgresDatabase database;
  auto store = open_store(database.url());
  const std::string sha = store->pin_definition("w", 1, "id: w\n");
  const std::string id = store->commit(new_case(sha, std::nullopt)).case_id;
  for (const std::string sql : {"TRUNCATE audit_log CASCADE", "UPDATE audit_log SET comment = 'x'",
                                "DELETE FROM audit_log"}) {
    SCOPED_TRACE(sql);
    const std::string error = database.execute(sql);
    EXPECT_NE(error.find("audit_log is append-only"), std::string::npos) << error;
  }
  EXPECT_EQ(store->audit_log(id).size(), 1u);
  EXPECT_TRUE(store->verify(id).ok);
}

TEST_F(PostgresqlStoreTest, SeveralProcessesCreatingTheSchemaAtOnceAllSucceed) {
  PostgresDatabase database;
  constexpr int kOpeners = 6;
  std::vector<std::string> errors(kOpeners);
  std::vector<std::thread> openers;
  for (int i = 0; i < kOpeners; ++i) {
    openers.emplace_back([&, i] { errors[i] = open_error(database.url()); });
  }
  for (auto& opener : openers) opener.join();
  for (int i = 0; i < kOpeners; ++i) EXPECT_EQ(errors[i], "") << "opener " << i;
  EXPECT_EQ(first_cell(database, "SELECT COUNT(*) FROM schema_version"),
            std::to_string(latest_schema_version()));
}

TEST_F(PostgresqlStoreTest, MissingDatabaseIsNamed) {
  const std::string url = with_database(*postgres_admin_url(), "wageflow_no_such_database");
  EXPECT_EQ(open_error(url), "PostgreSQL database wageflow_no_such_database does not exist on " +
                                 server_address() +
                                 ": create it first (createdb -E UTF8 -T template0 "
                                 "wageflow_no_such_database)");
}

TEST_F(PostgresqlStoreTest, UnknownRoleIsARefusedLogin) {
  PostgresDatabase database;
  EXPECT_EQ(open_error(with_userinfo(database.url(), "nobody_here")),
            "PostgreSQL refused the login of nobody_here: role \"nobody_here\" does not exist");
}

// The test server asks this one role for its password (.ci/postgres.sh).
class PasswordLoginTest : public PostgresqlStoreTest {
 protected:
  static constexpr const char* kRole = "wageflow_password_test";
  static constexpr const char* kPassword = "p@ss:w/rd 工资";
  static constexpr const char* kEncodedPassword = "p%40ss%3Aw%2Frd%20%E5%B7%A5%E8%B5%84";

  void SetUp() override {
    PostgresqlStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // The role is shared by the tests of this fixture, which ctest runs in
    // parallel: two concurrent ALTER ROLEs fail with "tuple concurrently
    // updated", so the statements run one process at a time under an
    // advisory lock held until their (single, implicit) transaction ends.
    ASSERT_EQ(postgres_exec(*postgres_admin_url(),
                            std::string("SELECT pg_advisory_xact_lock(7707001);"
                                        " DO $$ BEGIN CREATE ROLE ") +
                                kRole +
                                " LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
                                " ALTER ROLE " +
                                kRole + " PASSWORD '" + kPassword + "'"),
              "");
  }
  std::string url(const PostgresDatabase& database, const std::string& password) const {
    return with_userinfo(database.url(), std::string(kRole) + ":" + password);
  }
};

TEST_F(PasswordLoginTest, WrongPasswordIsARefusedLoginThatNeverShowsThePassword) {
  PostgresDatabase database;
  const std::string error = open_error(url(database, "Wrong-guess"));
  EXPECT_EQ(error, std::string("PostgreSQL refused the login of ") + kRole +
                       ": password authentication failed for user \"" + kRole + "\"");
  EXPECT_EQ(catalog(database), "||");
}

TEST_F(PasswordLoginTest, RightPasswordWithReservedCharactersOpensAndCreatesTheSchema) {
  PostgresDatabase database;
  ASSERT_EQ(database.execute("ALTER DATABASE \"" + database.name() + "\" OWNER TO " + kRole), "");
  EXPECT_EQ(open_error(url(database, kEncodedPassword)), "");
  EXPECT_EQ(first_cell(database, "SELECT tableowner FROM pg_tables WHERE tablename = 'cases'"),
            kRole);
}

TEST_F(PasswordLoginTest, LoginWithoutTheRightToCreateTablesIsNamedAndWritesNothing) {
  PostgresDatabase database;  // owned by postgres: others may not create in public
  const std::string error = open_error(url(database, kEncodedPassword));
  EXPECT_EQ(error,
            "PostgreSQL denied this login a permission it needs while opening the database"
            " (permission denied for schema public): grant it, or connect as the "
            "database's owner: postgresql://" +
                std::string(kRole) + "@" + server_address() + "/" + database.name());
  EXPECT_EQ(catalog(database), "||");
}

TEST_F(PostgresqlStoreTest, AnotherApplicationsDatabaseIsRefusedAndLeftUntouched) {
  for (const std::string setup :
       {"CREATE TABLE payroll (worker TEXT, fen BIGINT); INSERT INTO payroll VALUES ('张伟', 1)",
        "CREATE SCHEMA hr; CREATE TABLE hr.staff (name TEXT)"}) {
    SCOPED_TRACE(setup);
    PostgresDatabase database;
    ASSERT_EQ(database.execute(setup), "");
    const std::string before = catalog(database);
    EXPECT_EQ(open_error(database.url()),
              "DB is not a wageflow database (no schema_version table, and it is not empty): " +
                  database.url());
    EXPECT_EQ(catalog(database), before);
  }
}

TEST_F(PostgresqlStoreTest, NewerSchemaIsRefusedAndNothingIsWritten) {
  PostgresDatabase database;
  open_store(database.url())->pin_definition("w", 1, "id: w\n");
  ASSERT_EQ(database.execute("INSERT INTO schema_version VALUES (99, 'from the future', 5)"), "");
  const std::string versions =
      column(database, "SELECT version || ':' || applied_at FROM schema_version ORDER BY version");
  EXPECT_EQ(open_error(database.url()), "DB has schema version 99; this wageflow knows up to " +
                                            std::to_string(latest_schema_version()) +
                                            ": upgrade wageflow: " + database.url());
  EXPECT_EQ(
      column(database, "SELECT version || ':' || applied_at FROM schema_version ORDER BY version"),
      versions);
}

TEST_F(PostgresqlStoreTest, MissingWageflowTableIsReportedAsDamage) {
  PostgresDatabase database;
  open_store(database.url());
  ASSERT_EQ(database.execute("DROP TABLE idempotency_keys"), "");
  EXPECT_EQ(open_error(database.url()),
            "DB is damaged or was changed by hand (table idempotency_keys is missing): restore it "
            "from a backup: " +
                database.url());
}

TEST_F(PostgresqlStoreTest, DatabaseNotInUtf8IsRefused) {
  const std::string name = "wageflow_test_ascii_" + std::to_string(::getpid());
  const std::string admin = *postgres_admin_url();
  ASSERT_EQ(postgres_exec(admin, "CREATE DATABASE " + name +
                                     " TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C'"
                                     " LC_CTYPE 'C'"),
            "");
  const std::string url = with_database(admin, name);
  const std::string error = open_error(url);
  postgres_exec(admin, "DROP DATABASE " + name + " WITH (FORCE)");
  EXPECT_EQ(error, "PostgreSQL database " + name +
                       " uses encoding SQL_ASCII; wageflow needs UTF8 (createdb -E UTF8 -T "
                       "template0 " +
                       name + "): " + url);
}

TEST_F(PostgresqlStoreTest, VersionOneDatabaseIsUpgradedInPlaceKeepingItsCases) {
  PostgresDatabase database;
  std::string script;
  for (const std::string& statement : migrations()[0].statements(*make_postgresql_dialect())) {
    script += statement + ";\n";
  }
  script +=
      "INSERT INTO schema_version VALUES (1, 'first', 0);"
      "INSERT INTO definitions VALUES ('abc', 'w', 1, 'id: w', 0);"
      "INSERT INTO cases VALUES ('2024-000001', 'w', 1, 'abc', 'intake', 'active', '{}', 3, 10,"
      " 20, 0);"
      "INSERT INTO timers VALUES ('2024-000001', 'closure', 'running', 10, '2024-02-01', 500,"
      " NULL, 0, 0, NULL, 0, '15 天', 400);";
  ASSERT_EQ(database.execute(script), "");
  auto store = open_store(database.url());
  EXPECT_EQ(column(database, "SELECT version FROM schema_version ORDER BY version"),
            every_version());
  ASSERT_TRUE(store->load_case("2024-000001"));
  EXPECT_EQ(store->load_case("2024-000001")->row_version, 3);
  EXPECT_EQ(store->claim_due_cases(400, 10, 700), std::vector<std::string>{"2024-000001"});
}

// A claim must not wait for a case another transaction holds: it takes the
// others and leaves that one to whoever holds it.
TEST_F(PostgresqlStoreTest, ClaimPassesOverACaseAnotherTransactionHoldsInsteadOfWaiting) {
  PostgresDatabase database;
  auto store = open_store(database.url());
  const std::string sha = store->pin_definition("w", 1, "id: w\n");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(store->commit(new_case(sha, 100)).case_id);
  }
  PGconn* holder = PQconnectdb(database.url().c_str());
  ASSERT_EQ(PQstatus(holder), CONNECTION_OK) << PQerrorMessage(holder);
  PQclear(PQexec(holder, "BEGIN"));
  PGresult* locked =
      PQexec(holder, ("SELECT id FROM cases WHERE id = '" + ids[1] + "' FOR UPDATE").c_str());
  ASSERT_EQ(PQresultStatus(locked), PGRES_TUPLES_OK) << PQerrorMessage(holder);
  PQclear(locked);

  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(store->claim_due_cases(100, 10, 400), (std::vector<std::string>{ids[0], ids[2]}));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));

  PQclear(PQexec(holder, "ROLLBACK"));
  PQfinish(holder);
  EXPECT_EQ(store->claim_due_cases(100, 10, 400), std::vector<std::string>{ids[1]});
}

TEST_F(PostgresqlStoreTest, LostConnectionIsReportedInOneLine) {
  PostgresDatabase database;
  auto store = open_store(database.url());
  ASSERT_EQ(postgres_exec(*postgres_admin_url(),
                          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                          " WHERE datname = '" +
                              database.name() + "' AND pid <> pg_backend_pid()"),
            "");
  try {
    store->list_cases({});
    ADD_FAILURE() << "a terminated connection must fail";
  } catch (const StoreError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("lost the connection to PostgreSQL while listing cases (", 0), 0u)
        << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_NE(message.find(database.url()), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace wageflow::testing
