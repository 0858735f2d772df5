// Every bad input is refused with exit code 1, one line on stderr a clerk
// can act on, and changes nothing: the case (case show --json), its audit
// trail and the number of cases are the same before and after.
#include <gtest/gtest.h>

#include "e2e/support/backend.h"
#include "e2e/support/case_checks.h"
#include "storage/schema.h"

namespace wageflow::e2e {
namespace {

class BadInput : public OnEveryBackend {};

const std::string kWorkflow = "wage-arbitration-fasttrack";

std::vector<std::string> open_with(std::vector<std::string> sets) {
  std::vector<std::string> command = {"case", "open",   kWorkflow,     "--actor",
                                      "李明", "--role", "intake_clerk"};
  for (auto& set : sets) {
    command.push_back("--set");
    command.push_back(std::move(set));
  }
  return command;
}

const std::vector<std::string> kValidOpening = {"worker_name=张三丰", "employer=长春宏达建筑公司",
                                                "region=长春市", "claim_amount=8600"};

std::vector<std::string> valid_opening_plus(const std::string& extra) {
  auto sets = kValidOpening;
  sets.push_back(extra);
  return sets;
}

// A fast-track case in mediation (so fail_mediation with a hearing date can be tried).
std::string case_in_mediation(const Sandbox& sandbox) {
  const std::string id = answer_of(sandbox, open_with(kValidOpening), "2025-01-24");
  answer_of(sandbox, {"case", "fire", id, "accept", "--actor", "李明", "--role", "intake_clerk"},
            "2025-01-27");
  EXPECT_EQ(
      answer_of(sandbox,
                {"case", "fire", id, "start_mediation", "--actor", "赵敏", "--role", "mediator"},
                "2025-02-05"),
      "mediation");
  return id;
}

std::string everything_stored(const Sandbox& sandbox, const std::string& id) {
  RunResult listed = sandbox.run({"case", "list", "--json"});
  EXPECT_EQ(listed.exit_code, 0) << listed.describe();
  return listed.out + case_fingerprint(sandbox, id);
}

struct Attempt {
  std::string what;
  std::vector<std::string> command;
  std::string expected_in_message;
  std::string now = "2025-02-06";  // the case last changed on 2025-02-05
};

TEST_P(BadInput, IsRefusedWithOneLineAndChangesNothing) {
  Sandbox sandbox(backend());
  const std::string id = case_in_mediation(sandbox);
  const std::vector<Attempt> inputs = {
      {"unknown workflow",
       {"case", "open", "wage-arbitration-express", "--actor", "李明", "--role", "intake_clerk",
        "--set", "worker_name=张三"},
       "unknown workflow 'wage-arbitration-express'"},
      {"unknown case",
       {"case", "fire", "2025-000042", "settle", "--actor", "赵敏", "--role", "mediator"},
       "no case 2025-000042"},
      {"unknown event",
       {"case", "fire", id, "settle_quickly", "--actor", "赵敏", "--role", "mediator"},
       "settle_quickly"},
      {"event not open in this state",
       {"case", "fire", id, "award", "--actor", "孙伟", "--role", "arbitrator", "--set",
        "award_amount=100"},
       "award"},
      {"unknown role",
       {"case", "fire", id, "settle", "--actor", "赵敏", "--role", "judge", "--set",
        "recovered_amount=100"},
       "judge"},
      {"role not allowed",
       {"case", "fire", id, "settle", "--actor", "李明", "--role", "intake_clerk", "--set",
        "recovered_amount=100"},
       "intake_clerk"},
      {"unknown field",
       {"case", "fire", id, "settle", "--actor", "赵敏", "--role", "mediator", "--set",
        "recovered=100"},
       "recovered"},
      {"money that is not a number",
       open_with({"worker_name=张三丰", "employer=某公司", "region=长春市", "claim_amount=abc"}),
       "abc"},
      {"an amount below zero",
       open_with({"worker_name=张三丰", "employer=某公司", "region=长春市", "claim_amount=-5"}),
       "'-5' is below zero"},
      {"a required name of spaces only",
       open_with(
           {"worker_name=\xE3\x80\x80 ", "employer=某公司", "region=长春市", "claim_amount=8600"}),
       "needs: worker_name"},
      {"a name typed in GBK (not UTF-8)",
       open_with({"worker_name=\xD5\xC5\xC8\xFD", "employer=某公司", "region=长春市",
                  "claim_amount=8600"}),
       "is not UTF-8 text"},
      {"a name with a control character (a terminal escape)",
       open_with(
           {"worker_name=张\x1B[2J三", "employer=某公司", "region=长春市", "claim_amount=8600"}),
       "holds a control character or a line break"},
      {"a comment with a bell character",
       {"case", "fire", id, "withdraw", "--actor", "赵敏", "--role", "mediator", "--comment",
        "撤回\x07"},
       "the comment holds a control character"},
      {"an actor typed in GBK",
       {"case", "fire", id, "withdraw", "--actor", "\xD5\xD4\xC3\xF4", "--role", "mediator",
        "--comment", "撤回"},
       "the staff member's name is not UTF-8 text"},
      {"a comment typed in GBK",
       {"case", "fire", id, "withdraw", "--actor", "赵敏", "--role", "mediator", "--comment",
        "\xB3\xB7\xBB\xD8"},
       "the comment is not UTF-8 text"},
      {"a case opened on a mistyped date whose deadline falls after year 9999",
       open_with(kValidOpening), "would fall due after 9999-12-31", "9999-12-31"},
      {"an actor of spaces only",
       {"case", "fire", id, "withdraw", "--actor", " ", "--role", "mediator", "--comment", "撤回"},
       "the staff member's name is empty (--actor)"},
      {"a reason of spaces only",
       {"case", "fire", id, "withdraw", "--actor", "赵敏", "--role", "mediator", "--comment",
        "\xE3\x80\x80"},
       "comment"},
      {"a command dated before the case's last change (a mistyped year)",
       {"case", "fire", id, "withdraw", "--actor", "赵敏", "--role", "mediator", "--comment",
        "撤回"},
       "this command is dated 2024-02-06T09:00:00+08:00, before the case's last change at "
       "2025-02-05T09:00:00+08:00",
       "2024-02-06"},
      {"impossible date",
       {"case", "fire", id, "fail_mediation", "--actor", "赵敏", "--role", "mediator", "--set",
        "hearing_date=2025-02-30"},
       "2025-02-30"},
      {"enum value not in the list",
       open_with({"worker_name=张三丰", "employer=某公司", "region=北京市", "claim_amount=8600"}),
       "北京市"},
      {"ID number not matching its pattern",
       open_with(valid_opening_plus("worker_id_no=2201021990")), "worker_id_no"},
      {"missing required field",
       open_with({"worker_name=张三丰", "region=长春市", "claim_amount=8600"}), "employer"},
      {"missing required comment",
       {"case", "fire", id, "withdraw", "--actor", "赵敏", "--role", "mediator"},
       "comment"},
      {"missing required value for the event",
       {"case", "fire", id, "settle", "--actor", "赵敏", "--role", "mediator"},
       "recovered_amount"},
      {"resume of a case that is not suspended",
       {"case", "resume", id, "--actor", "孙伟", "--role", "arbitrator"},
       ""},
      {"correction by a role the workflow does not let correct",
       {"case", "correct", id, "--actor", "赵敏", "--role", "mediator", "--set",
        "claim_amount=8680.50", "--comment", "金额录错"},
       "role mediator may not correct a case's data"},
      {"correction without a reason",
       {"case", "correct", id, "--actor", "李明", "--role", "intake_clerk", "--set",
        "claim_amount=8680.50"},
       "a correction needs a comment"},
      {"correction to the value the field has",
       {"case", "correct", id, "--actor", "李明", "--role", "intake_clerk", "--set",
        "claim_amount=8600", "--comment", "金额录错"},
       "has that value already"},
      {"correction to a phone number of the wrong form",
       {"case", "correct", id, "--actor", "李明", "--role", "intake_clerk", "--set",
        "worker_phone=0431-8888", "--comment", "电话录错"},
       "worker_phone"},
      {"correction without values",
       {"case", "correct", id, "--actor", "李明", "--role", "intake_clerk", "--comment", "录错"},
       "name the fields to correct"},
  };
  for (const auto& input : inputs) {
    SCOPED_TRACE(input.what);
    const std::string before = everything_stored(sandbox, id);
    RunResult result = sandbox.run(input.command, input.now);
    EXPECT_EQ(result.exit_code, 1) << result.describe();
    EXPECT_EQ(line_count(result.err), 1) << result.err;
    EXPECT_NE(result.err.find(input.expected_in_message), std::string::npos) << result.err;
    EXPECT_EQ(result.out, "") << result.describe();
    EXPECT_EQ(everything_stored(sandbox, id), before);
  }
}

TEST_P(BadInput, UnknownCaseIsNamedByShowAuditLogAndVerify) {
  Sandbox sandbox(backend());
  for (const auto& command : std::vector<std::vector<std::string>>{
           {"case", "show", "2025-000042"},
           {"case", "show", "2025-000042", "--json"},
           {"audit", "log", "2025-000042"},
           {"audit", "verify", "2025-000042"},
           {"case", "suspend", "2025-000042", "--actor", "孙伟", "--role", "arbitrator",
            "--comment", "x"},
       }) {
    SCOPED_TRACE(command.front() + " " + command[1]);
    RunResult result = sandbox.run(command);
    EXPECT_EQ(result.exit_code, 1) << result.describe();
    EXPECT_EQ(result.err, "wageflow: no case 2025-000042\n");
  }
}

TEST_P(BadInput, MalformedWorkflowYamlIsRefusedWithItsPosition) {
  Sandbox sandbox(backend());
  const fs::path workflows = sandbox.dir() / "workflows";
  fs::create_directories(workflows);
  fs::copy(std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars", workflows / "calendars");
  write_file(workflows / "broken.yaml",
             "workflow: broken\nversion: 1\ncalendar: cn-mainland\nroles: [clerk\nstates:\n"
             "  a: {initial: true}\n");
  sandbox.set_workflows(workflows.string());

  RunResult result =
      sandbox.run({"case", "open", "broken", "--actor", "李明", "--role", "clerk"}, "2025-03-03");
  EXPECT_EQ(result.exit_code, 1) << result.describe();
  EXPECT_EQ(line_count(result.err), 1) << result.err;
  EXPECT_NE(result.err.find("broken.yaml:"), std::string::npos) << result.err;
  RunResult listed = sandbox.run({"case", "list", "--json"});
  EXPECT_EQ(listed.out, "[]\n") << listed.describe();
}

WAGEFLOW_ON_EVERY_BACKEND(BadInput);

// Databases that cannot be used at all: another program's database and a
// newer schema on every backend; a text file and a read-only file are about
// SQLite files only (BadDatabaseFile).

// The sqlite3 command-line tool, used to tamper with database files.
std::string sqlite3_tool() {
  for (const char* candidate : {"/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"}) {
    if (fs::exists(candidate)) return candidate;
  }
  return "";
}

class BadDatabase : public OnEveryBackend {
 protected:
  void SetUp() override {
    OnEveryBackend::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    sandbox_ = std::make_unique<Sandbox>(backend());
    id_ = answer_of(*sandbox_, open_with(kValidOpening), "2025-01-24");
    ASSERT_EQ(id_, "2025-000001");
  }

  // Everything stored in the database --db names: the file's bytes, or
  // every table of the PostgreSQL database with a digest of its rows.
  std::string stored_state() const {
    if (backend() == kSqlite) return read_file(sandbox_->db());
    const std::string& db = sandbox_->db();
    std::string state;
    for (const auto& table :
         wageflow::testing::postgres_rows(db,
                                          "SELECT table_name FROM information_schema.tables "
                                          "WHERE table_schema = 'public' ORDER BY table_name")) {
      state += table[0] + ": " +
               wageflow::testing::postgres_rows(
                   db,
                   "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY "
                   "t::text)), '') FROM " +
                       table[0] + " t")[0][0] +
               "\n";
    }
    return state;
  }

  // Runs `sql` on the database behind wageflow's back (the caller returns
  // when this failed or skipped the test).
  void tamper(const std::string& sql) {
    if (backend() == kPostgresql) {
      ASSERT_EQ(wageflow::testing::postgres_exec(sandbox_->db(), sql), "");
      return;
    }
    const std::string tool = sqlite3_tool();
    if (tool.empty()) GTEST_SKIP() << "the sqlite3 tool is not installed";
    RunResult done = sandbox_->run_raw({tool, sandbox_->db(), sql});
    ASSERT_EQ(done.exit_code, 0) << done.describe();
  }

  // The commands tried on a database that cannot be used: each must exit 1
  // with one line mentioning `expected` and leave the database as it was.
  void expect_every_command_refused(const std::string& expected) {
    const std::string before = stored_state();
    for (const auto& command : std::vector<std::vector<std::string>>{
             {"case", "fire", id_, "accept", "--actor", "李明", "--role", "intake_clerk"},
             open_with(kValidOpening),
             {"case", "show", id_},
             {"case", "list"},
             {"timers", "tick"},
             {"audit", "verify"},
         }) {
      SCOPED_TRACE(command[0] + " " + command[1]);
      RunResult result = sandbox_->run(command, "2025-02-10");
      EXPECT_EQ(result.exit_code, 1) << result.describe();
      EXPECT_EQ(line_count(result.err), 1) << result.err;
      EXPECT_NE(result.err.find(expected), std::string::npos) << result.err;
      EXPECT_EQ(result.out, "") << result.describe();
      EXPECT_EQ(stored_state(), before);
    }
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::string id_;
};

class BadDatabaseFile : public BadDatabase {};

TEST_P(BadDatabaseFile, ThatIsAPlainTextFileIsRefused) {
  const fs::path notes = sandbox_->dir() / "notes.txt";
  write_file(notes, "这不是数据库。\nnot a database either\n");
  sandbox_->set_db(notes.string());
  expect_every_command_refused("notes.txt");
}

TEST_P(BadDatabase, OfAnotherProgramIsRefused) {
  const char* payroll =
      "CREATE TABLE payroll (name TEXT, amount INTEGER);"
      "INSERT INTO payroll VALUES ('x', 1);";
  std::unique_ptr<wageflow::testing::PostgresDatabase> other_database;
  if (backend() == kPostgresql) {
    other_database = std::make_unique<wageflow::testing::PostgresDatabase>();
    sandbox_->set_db(other_database->url());
  } else {
    sandbox_->set_db((sandbox_->dir() / "other.db").string());
  }
  tamper(payroll);
  if (HasFatalFailure() || IsSkipped()) return;
  expect_every_command_refused("not a wageflow database");
}

TEST_P(BadDatabase, WithANewerSchemaIsRefusedAndKeepsItsCases) {
  tamper(std::string("INSERT INTO schema_version (version, summary, applied_at) "
                     "VALUES (99, 'from the future', 0);") +
         (backend() == kSqlite ? "PRAGMA wal_checkpoint(TRUNCATE);" : ""));
  if (HasFatalFailure() || IsSkipped()) return;
  expect_every_command_refused("schema version 99");
}

// A database of an older wageflow is upgraded by the first command that
// opens it, which says so on stderr before and after (on a large database
// this can take minutes), then does its work; the cases are kept. Here the
// database is made one schema version old: version 6, without the columns
// migration 7 adds (timers.counted_to, idempotency_keys.request).
TEST_P(BadDatabase, OfAnOlderSchemaIsUpgradedByTheNextCommandWhichSaysSo) {
  const std::string before = case_fingerprint(*sandbox_, id_);
  ASSERT_EQ(latest_schema_version(), 7) << "make the database one version old again";
  tamper(std::string("DELETE FROM schema_version WHERE version = 7;"
                     "ALTER TABLE timers DROP COLUMN counted_to;"
                     "ALTER TABLE idempotency_keys DROP COLUMN request;") +
         (backend() == kSqlite ? "PRAGMA wal_checkpoint(TRUNCATE);" : ""));
  if (HasFatalFailure() || IsSkipped()) return;
  RunResult upgraded = sandbox_->run({"case", "show", id_}, "2025-02-10");
  EXPECT_EQ(upgraded.exit_code, 0) << upgraded.describe();
  EXPECT_EQ(line_count(upgraded.err), 2) << upgraded.err;
  EXPECT_NE(upgraded.err.find("wageflow: upgrading "), std::string::npos) << upgraded.err;
  EXPECT_NE(upgraded.err.find("can take minutes"), std::string::npos) << upgraded.err;
  EXPECT_NE(upgraded.err.find("wageflow: upgraded "), std::string::npos) << upgraded.err;
  EXPECT_NE(upgraded.out.find(id_), std::string::npos) << upgraded.describe();

  RunResult again = sandbox_->run({"case", "show", id_}, "2025-02-10");
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_EQ(again.err, "");
  EXPECT_EQ(case_fingerprint(*sandbox_, id_), before);
}

TEST_P(BadDatabaseFile, ThatIsReadOnlyIsRefusedAndStillReadableAfterwards) {
  const std::string before = case_fingerprint(*sandbox_, id_);
  fs::permissions(sandbox_->db(),
                  fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  expect_every_command_refused("read-only");
  fs::permissions(sandbox_->db(), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(case_fingerprint(*sandbox_, id_), before);
}

WAGEFLOW_ON_EVERY_BACKEND(BadDatabase);
INSTANTIATE_TEST_SUITE_P(, BadDatabaseFile, ::testing::Values(kSqlite),
                         [](const ::testing::TestParamInfo<std::string>& backend) {
                           return backend.param;
                         });

}  // namespace
}  // namespace wageflow::e2e
