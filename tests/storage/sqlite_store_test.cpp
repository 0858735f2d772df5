// What is particular to SQLite files: opening, refusing files that are not
// ours, read-only files and folders, the pragmas, the due-timer index.
#include "storage/sqlite_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include "storage/queries.h"
#include "storage/schema.h"
#include "tests/storage/backend_fixture.h"

namespace wageflow::testing {
namespace {

// The SQL that makes an empty SQLite database as wageflow's migrations 1 to
// `last` leave it, each recorded in schema_version.
std::string schema_script_up_to(int last) {
  std::string script;
  auto dialect = make_sqlite_dialect();
  for (const Migration& migration : migrations()) {
    if (migration.version > last) break;
    for (const std::string& statement : migration.statements(*dialect)) {
      script += statement + ";\n";
    }
    script += "INSERT INTO schema_version VALUES (" + std::to_string(migration.version) +
              ", 'before', 0);";
  }
  return script;
}

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_bytes(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary) << bytes;
}

// The StoreError message of open_store(url), or "" when it opened.
std::string open_error(const std::string& url) {
  try {
    open_store(url);
    return "";
  } catch (const StoreError& error) {
    return error.what();
  }
}

std::string first_cell(const std::filesystem::path& file, const std::string& sql) {
  auto rows = sqlite_rows(file, sql);
  return rows.empty() || rows[0].empty() ? "" : rows[0][0];
}

TEST(SqliteStoreTest, SqliteUrlFormsAndPlainPathOpenTheSameFile) {
  TempFolder folder;
  const auto file = folder.path() / "cases.db";
  const std::string sha = open_store(file.string())->pin_definition("w", 1, "id: w\n");
  for (const std::string& url : {"sqlite:" + file.string(), "sqlite://" + file.string()}) {
    SCOPED_TRACE(url);
    EXPECT_TRUE(open_store(url)->definition(sha));
  }
  std::vector<std::string> files;  // no other file was made by a misread URL
  for (const auto& entry : std::filesystem::directory_iterator(folder.path())) {
    files.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(files, std::vector<std::string>{"cases.db"});
}

TEST(SqliteStoreTest, PathWithSpacesAndChineseOpens) {
  TempFolder folder;
  const auto file = folder.path() / "劳动 仲裁 cases.db";
  auto store = open_store(file.string());
  store->pin_definition("w", 1, "id: w\n");
  EXPECT_TRUE(std::filesystem::exists(file));
}

TEST(SqliteStoreTest, NewDatabaseHasTheLatestSchemaVersionWalAndTheAuditTriggers) {
  SqliteFixture fixture;
  auto store = fixture.open();
  EXPECT_EQ(first_cell(fixture.file(), "SELECT MAX(version) FROM schema_version"),
            std::to_string(latest_schema_version()));
  EXPECT_EQ(first_cell(fixture.file(), "PRAGMA journal_mode"), "wal");
  auto rows = sqlite_rows(fixture.file(),
                          "SELECT name FROM sqlite_master WHERE type IN ('table', 'index',"
                          " 'trigger') AND name NOT LIKE 'sqlite_%' ORDER BY name");
  std::vector<std::string> names;
  for (const auto& row : rows) names.push_back(row[0]);
  for (const char* name :
       {"audit_log", "audit_log_no_delete", "audit_log_no_update", "case_numbers", "cases",
        "definitions", "idempotency_keys", "schema_version", "timers", "timers_by_next_action"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
}

TEST(SqliteStoreTest, ReopeningDoesNotApplyMigrationsAgain) {
  SqliteFixture fixture;
  fixture.open();
  fixture.open();
  EXPECT_EQ(first_cell(fixture.file(), "SELECT COUNT(*) FROM schema_version"),
            std::to_string(latest_schema_version()));
}

TEST(SqliteStoreTest, TwoConnectionsCreatingTheSameNewFileAtOnceBothSucceed) {
  SqliteFixture fixture;
  std::string errors[2];
  std::thread a([&] { errors[0] = open_error(fixture.url()); });
  std::thread b([&] { errors[1] = open_error(fixture.url()); });
  a.join();
  b.join();
  EXPECT_EQ(errors[0], "");
  EXPECT_EQ(errors[1], "");
  EXPECT_EQ(first_cell(fixture.file(), "SELECT COUNT(*) FROM schema_version"),
            std::to_string(latest_schema_version()));
}

// The switch to WAL upgrades a read to a write, where SQLite answers BUSY
// without waiting: a new file another process is writing must still open.
TEST(SqliteStoreTest, NewFileAnotherConnectionIsWritingOpensOnceTheWriteEnds) {
  SqliteFixture fixture;
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(fixture.file().c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread release([holder] {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  });
  const auto started = std::chrono::steady_clock::now();
  const std::string error = open_error(fixture.url());
  const auto waited = std::chrono::steady_clock::now() - started;
  release.join();
  sqlite3_close(holder);
  ASSERT_EQ(error, "");
  EXPECT_GE(waited, std::chrono::milliseconds(500));
  EXPECT_EQ(first_cell(fixture.file(), "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(first_cell(fixture.file(), "SELECT COUNT(*) FROM schema_version"),
            std::to_string(latest_schema_version()));
}

TEST(SqliteStoreTest, DueCasesQueryIsAnIndexSearchNotATableScan) {
  SqliteFixture fixture;
  {
    // Enough rows, and planner statistics, for the planner to weigh a scan.
    auto store = fixture.open();
    const std::string sha = store->pin_definition("w", 1, "id: w\n");
    for (int i = 0; i < 200; ++i) {
      CommitRequest request;
      request.after.workflow = "w";
      request.after.version = 1;
      request.after.definition_sha256 = sha;
      request.after.state = "intake";
      request.after.status = "active";
      request.after.data = "{}";
      request.after.row_version = 1;
      request.new_case_id_prefix = "W-";
      for (const char* name : {"closure", "mediation", "hearing"}) {
        TimerRecord timer;
        timer.name = name;
        timer.status = i % 3 == 0 ? "paused" : "running";
        if (i % 3 != 0) timer.next_action_at = 1000 + i;
        request.after.timers.push_back(timer);
      }
      store->commit(request);
    }
  }
  ASSERT_EQ(fixture.execute_raw("ANALYZE"), "");
  auto plan = sqlite_rows(fixture.file(), std::string("EXPLAIN QUERY PLAN ") + kDueCasesQuery);
  std::string details;
  for (const auto& row : plan) details += row.back() + "\n";
  SCOPED_TRACE(details);
  EXPECT_NE(
      details.find("SEARCH timers USING COVERING INDEX timers_by_next_action (next_action_at<?)"),
      std::string::npos);
  EXPECT_EQ(details.find("SCAN"), std::string::npos);
  EXPECT_EQ(details.find("TEMP B-TREE"), std::string::npos);
}

// The claim reads due timers from their index and cases by primary key:
// no scan of all cases or timers per batch.
TEST(SqliteStoreTest, ClaimQueryUsesTheIndexesNotATableScan) {
  SqliteFixture fixture;
  fixture.open();
  ASSERT_EQ(fixture.execute_raw("ANALYZE"), "");
  auto plan = sqlite_rows(fixture.file(), std::string("EXPLAIN QUERY PLAN ") + kClaimDueCasesQuery +
                                              make_sqlite_dialect()->skip_locked_rows());
  std::string details;
  for (const auto& row : plan) details += row.back() + "\n";
  SCOPED_TRACE(details);
  EXPECT_NE(details.find("USING COVERING INDEX timers_by_next_action (next_action_at<?)"),
            std::string::npos);
  EXPECT_NE(details.find("SEARCH cases USING INDEX sqlite_autoindex_cases_1 (id=?)"),
            std::string::npos);
  EXPECT_EQ(details.find("SCAN"), std::string::npos);
}

// A database written by a wageflow that knew only migration 1 gains
// migration 2 at open and keeps its cases.
TEST(SqliteStoreTest, VersionOneDatabaseIsUpgradedInPlaceKeepingItsCases) {
  SqliteFixture fixture;
  std::string script;
  for (const std::string& statement : migrations()[0].statements(*make_sqlite_dialect())) {
    script += statement + ";\n";
  }
  script +=
      "INSERT INTO schema_version VALUES (1, 'first', 0);"
      "INSERT INTO definitions VALUES ('abc', 'w', 1, 'id: w', 0);"
      "INSERT INTO cases VALUES ('2024-000001', 'w', 1, 'abc', 'intake', 'active', '{}', 3, 10,"
      " 20, 0);"
      "INSERT INTO timers VALUES ('2024-000001', 'closure', 'running', 10, '2024-02-01', 500,"
      " NULL, 0, 0, NULL, 0, '15 天', 400);";
  ASSERT_EQ(fixture.execute_raw(script), "");
  auto store = fixture.open();
  std::string every_version;
  for (const Migration& migration : migrations()) {
    every_version += (every_version.empty() ? "" : ",") + std::to_string(migration.version);
  }
  EXPECT_EQ(first_cell(fixture.file(),
                       "SELECT group_concat(version) FROM (SELECT version FROM schema_version"
                       " ORDER BY version)"),
            every_version);
  ASSERT_TRUE(store->load_case("2024-000001"));
  EXPECT_EQ(store->load_case("2024-000001")->row_version, 3);
  EXPECT_EQ(store->claim_due_cases(400, 10, 700), std::vector<std::string>{"2024-000001"});
}

// Migration 6 moves timers and audit_log into tables kept in primary-key
// order (WITHOUT ROWID): every row, the due-timer index and the append-only
// triggers must survive the move.
TEST(SqliteStoreTest, VersionFiveDatabaseMovesTimersAndAuditLogKeepingRowsIndexAndTriggers) {
  SqliteFixture fixture;
  std::string script = schema_script_up_to(5);
  script +=
      "INSERT INTO definitions VALUES ('abc', 'w', 1, 'id: w', 0);"
      "INSERT INTO cases (id, workflow, version, definition_sha256, state, status, data,"
      " row_version, opened_at, updated_at, audit_seq) VALUES"
      " ('2024-000002', 'w', 1, 'abc', 'intake', 'active', '{}', 3, 10, 20, 2),"
      " ('2024-000001', 'w', 1, 'abc', 'intake', 'active', '{}', 3, 10, 20, 1);"
      "INSERT INTO timers VALUES ('2024-000002', 'closure', 'running', 10, '2024-02-01', 500,"
      " NULL, 0, 0, NULL, 0, '15 天', 400),"
      " ('2024-000001', 'acceptance', 'stopped', 10, '2024-01-08', 300, 250, 1, 1, 30, 1, '5 "
      "个工作日',"
      " NULL);"
      "INSERT INTO audit_log VALUES ('2024-000002', 2, 21, '李娜', 'clerk', 'fire', 'accept',"
      " 'intake', 'accepted', '{}', '受理', 'h1', 'h2'),"
      " ('2024-000002', 1, 20, '李娜', 'clerk', 'open', '', '', 'intake', '{}', '', 'h0', 'h1'),"
      " ('2024-000001', 1, 10, '王芳', 'clerk', 'open', '', '', 'intake', '{}', '', 'h0', 'h9');";
  ASSERT_EQ(fixture.execute_raw(script), "");
  const auto timers_before =
      sqlite_rows(fixture.file(), "SELECT * FROM timers ORDER BY case_id, name");
  const auto audit_before =
      sqlite_rows(fixture.file(), "SELECT * FROM audit_log ORDER BY case_id, seq");

  auto store = fixture.open();
  EXPECT_EQ(first_cell(fixture.file(), "SELECT MAX(version) FROM schema_version"),
            std::to_string(latest_schema_version()));
  // Migration 7 then adds counted_to, '' for timers counted before it.
  auto timers_after = timers_before;
  for (auto& row : timers_after) row.push_back("");
  EXPECT_EQ(sqlite_rows(fixture.file(), "SELECT * FROM timers ORDER BY case_id, name"),
            timers_after);
  EXPECT_EQ(sqlite_rows(fixture.file(), "SELECT * FROM audit_log ORDER BY case_id, seq"),
            audit_before);
  for (const char* table : {"timers", "audit_log"}) {
    EXPECT_NE(first_cell(fixture.file(),
                         std::string("SELECT sql FROM sqlite_master WHERE name = '") + table + "'")
                  .find("WITHOUT ROWID"),
              std::string::npos)
        << table;
  }
  EXPECT_EQ(first_cell(fixture.file(),
                       "SELECT COUNT(*) FROM sqlite_master WHERE name IN"
                       " ('timers_by_next_action', 'audit_log_no_update',"
                       " 'audit_log_no_delete')"),
            "3");
  EXPECT_NE(fixture.execute_raw("UPDATE audit_log SET comment = 'x'").find("append-only"),
            std::string::npos);
  EXPECT_NE(fixture.execute_raw("DELETE FROM audit_log").find("append-only"), std::string::npos);
  EXPECT_EQ(store->due_cases(400, 10), std::vector<std::string>{"2024-000002"});
  ASSERT_TRUE(store->load_case("2024-000001"));
  EXPECT_EQ(store->load_case("2024-000001")->timers.at(0).paused_at, 30);
  EXPECT_EQ(store->audit_log("2024-000002").size(), 2u);
}

// Upgrading an existing database can take minutes (migration 6 copies
// every timer and audit record: about 30 s at a million cases), so opening
// one says so before and after; creating a new database, or opening one
// that is up to date, says nothing.
TEST(SqliteStoreTest, UpgradeOfAnExistingDatabaseIsAnnouncedBeforeAndAfter) {
  SqliteFixture fixture;
  ASSERT_EQ(fixture.execute_raw(schema_script_up_to(4)), "");
  std::vector<std::string> lines;
  const StoreNotice notice = [&lines](const std::string& line) { lines.push_back(line); };

  open_store("sqlite:" + fixture.file().string(), notice);
  ASSERT_EQ(lines.size(), 2u) << ::testing::PrintToString(lines);
  const std::string latest = std::to_string(latest_schema_version());
  EXPECT_EQ(lines[0].rfind("upgrading " + fixture.file().string() + " from schema version 4 to " +
                               latest + " (5: ",
                           0),
            0u)
      << lines[0];
  for (const Migration& migration : migrations()) {
    if (migration.version <= 4) continue;
    EXPECT_NE(lines[0].find(migration.summary), std::string::npos) << lines[0];
  }
  EXPECT_NE(lines[0].find("can take minutes"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("stays at version 4"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[1], "upgraded " + fixture.file().string() + " to schema version " + latest);

  lines.clear();
  open_store("sqlite:" + fixture.file().string(), notice);
  EXPECT_TRUE(lines.empty()) << ::testing::PrintToString(lines);
  SqliteFixture fresh;
  open_store("sqlite:" + fresh.file().string(), notice);
  EXPECT_TRUE(lines.empty()) << ::testing::PrintToString(lines);
}

TEST(SqliteStoreTest, MalformedUrlsAreRefusedWithTheAcceptedForms) {
  struct Case {
    std::string url;
    std::string start;
  };
  for (const Case& c : std::vector<Case>{
           {"", "DB URL '' is empty"},
           {"sqlite:", "DB URL 'sqlite:' names no file"},
           {"mysql://root@localhost/wf",
            "DB URL 'mysql://root@localhost/wf' has an unknown scheme"},
       }) {
    SCOPED_TRACE(c.url);
    const std::string error = open_error(c.url);
    EXPECT_EQ(error.rfind(c.start, 0), 0u) << error;
    EXPECT_NE(error.find("use sqlite:PATH"), std::string::npos) << error;
  }
}

TEST(SqliteStoreTest, MissingFolderIsReportedByName) {
  TempFolder folder;
  const auto missing = folder.path() / "no-such-folder";
  const std::string error = open_error((missing / "wf.db").string());
  EXPECT_EQ(error, "cannot open DB " + (missing / "wf.db").string() + ": folder " +
                       missing.string() + " does not exist");
  EXPECT_FALSE(std::filesystem::exists(missing));
}

TEST(SqliteStoreTest, TextFileIsNotADatabaseAndIsLeftUntouched) {
  TempFolder folder;
  const auto file = folder.path() / "notes.db";
  std::string text;
  for (int i = 0; i < 200; ++i) text += "第" + std::to_string(i) + "行: not a database\n";
  write_bytes(file, text);
  EXPECT_EQ(open_error(file.string()), "DB is not a database file: " + file.string());
  EXPECT_EQ(read_bytes(file), text);
  EXPECT_FALSE(std::filesystem::exists(file.string() + "-wal"));
}

TEST(SqliteStoreTest, OtherSqliteDatabaseIsRefusedAndLeftUntouched) {
  TempFolder folder;
  const auto file = folder.path() / "payroll.db";
  ASSERT_EQ(sqlite_exec(file,
                        "CREATE TABLE payroll (worker TEXT, fen INTEGER);"
                        "INSERT INTO payroll VALUES ('张伟', 860000);"),
            "");
  const std::string before = read_bytes(file);
  EXPECT_EQ(open_error(file.string()),
            "DB is not a wageflow database (no schema_version table, and it is not empty): " +
                file.string());
  EXPECT_EQ(read_bytes(file), before);
  EXPECT_EQ(first_cell(file, "PRAGMA journal_mode"), "delete");
}

TEST(SqliteStoreTest, NewerSchemaVersionAsksToUpgradeWageflow) {
  SqliteFixture fixture;
  fixture.open();
  const std::string future = std::to_string(latest_schema_version() + 1);
  ASSERT_EQ(fixture.execute_raw("INSERT INTO schema_version VALUES (" + future + ", 'future', 0)"),
            "");
  EXPECT_EQ(open_error(fixture.url()), "DB has schema version " + future +
                                           "; this wageflow knows up to " +
                                           std::to_string(latest_schema_version()) +
                                           ": upgrade wageflow: " + fixture.file().string());
}

TEST(SqliteStoreTest, MissingWageflowTableIsReportedAsDamage) {
  SqliteFixture fixture;
  fixture.open();
  ASSERT_EQ(fixture.execute_raw("DROP TABLE idempotency_keys"), "");
  const std::string error = open_error(fixture.url());
  EXPECT_NE(error.find("table idempotency_keys is missing"), std::string::npos) << error;
}

TEST(SqliteStoreTest, ReadOnlyFileIsRefusedAtOpenEvenForRoot) {
  SqliteFixture fixture;
  fixture.open()->pin_definition("w", 1, "id: w\n");
  const std::string before = read_bytes(fixture.file());
  ASSERT_EQ(::chmod(fixture.file().c_str(), 0444), 0);
  EXPECT_EQ(
      open_error(fixture.url()),
      "DB is read-only: cannot write (check the file's permissions): " + fixture.file().string());
  EXPECT_EQ(read_bytes(fixture.file()), before);
}

TEST(SqliteStoreTest, ReadOnlyFolderIsRefusedAtOpenEvenForRoot) {
  TempFolder folder;
  const auto file = folder.path() / "wf.db";
  ASSERT_EQ(::chmod(folder.path().c_str(), 0555), 0);
  const std::string error = open_error(file.string());
  EXPECT_EQ(error, "DB folder " + folder.path().string() +
                       " is read-only: cannot create the DB or its journal files there (check the "
                       "folder's permissions): " +
                       file.string());
  EXPECT_FALSE(std::filesystem::exists(file));
}

TEST(SqliteStoreTest, WriterWaitsForAnotherConnectionsWriteLockInsteadOfFailing) {
  SqliteFixture fixture;
  auto store = fixture.open();
  const std::string sha = store->pin_definition("w", 1, "id: w\n");
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(fixture.file().c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread release([holder] {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    sqlite3_exec(holder, "COMMIT", nullptr, nullptr, nullptr);
  });
  CommitRequest request;
  request.after.workflow = "w";
  request.after.version = 1;
  request.after.definition_sha256 = sha;
  request.after.state = "intake";
  request.after.status = "active";
  request.after.data = "{}";
  request.after.row_version = 1;
  request.new_case_id_prefix = "W-";
  const auto started = std::chrono::steady_clock::now();
  CommitResult result = store->commit(request);
  const auto waited = std::chrono::steady_clock::now() - started;
  release.join();
  sqlite3_close(holder);
  EXPECT_EQ(result.status, CommitResult::Status::kCommitted);
  EXPECT_GE(waited, std::chrono::milliseconds(500));
}

}  // namespace
}  // namespace wageflow::testing
