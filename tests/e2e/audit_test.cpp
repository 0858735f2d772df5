// `audit verify` finds a record altered behind wageflow's back (with the
// sqlite3 tool, or libpq on PostgreSQL) and names it; other cases' chains
// stay ok.
#include <gtest/gtest.h>

#include "e2e/support/backend.h"
#include "e2e/support/case_checks.h"

namespace wageflow::e2e {
namespace {

class AuditVerify : public OnEveryBackend {};

std::string open_case(const Sandbox& sandbox, const std::string& name) {
  return answer_of(
      sandbox,
      {"case", "open", "wage-arbitration-fasttrack", "--actor", "李明", "--role", "intake_clerk",
       "--set", "worker_name=" + name, "--set", "employer=长春宏达建筑公司", "--set",
       "region=长春市", "--set", "claim_amount=8600"},
      "2025-03-03");
}

// Runs `sql` on the sandbox's database behind wageflow's back; a failure
// names what went wrong.
void tamper(const Sandbox& sandbox, const std::string& sql) {
  if (sandbox.backend() == kPostgresql) {
    EXPECT_EQ(wageflow::testing::postgres_exec(sandbox.db(), sql), "");
  } else {
    RunResult tampered = sandbox.run_raw({"/usr/bin/sqlite3", sandbox.db(), sql});
    EXPECT_EQ(tampered.exit_code, 0) << tampered.describe();
  }
}

TEST_P(AuditVerify, NamesTheFirstAlteredRecordAndExitsOne) {
  if (backend() == kSqlite && !fs::exists("/usr/bin/sqlite3")) {
    GTEST_SKIP() << "the sqlite3 tool is not installed";
  }
  Sandbox sandbox(backend());
  const std::string altered = open_case(sandbox, "张三丰");
  const std::string intact = open_case(sandbox, "王建国");
  answer_of(sandbox,
            {"case", "fire", altered, "accept", "--actor", "李明", "--role", "intake_clerk"},
            "2025-03-04");
  const auto records = audit_lines(sandbox, altered).size() + audit_lines(sandbox, intact).size();
  RunResult clean = sandbox.run({"audit", "verify"});
  EXPECT_EQ(clean.exit_code, 0) << clean.describe();
  EXPECT_EQ(clean.last_line(), "ok " + std::to_string(records) + " records");

  // Someone raises the claim in the stored opening record (after switching
  // off the append-only triggers, as the database's owner can).
  tamper(sandbox, (backend() == kPostgresql ? "ALTER TABLE audit_log DISABLE TRIGGER USER;"
                                            : "DROP TRIGGER audit_log_no_update;") +
                      std::string("UPDATE audit_log SET data = replace(data, '8600.00', "
                                  "'86000.00') WHERE case_id = '") +
                      altered + "' AND seq = 1;");
  ASSERT_FALSE(HasFailure());

  RunResult all = sandbox.run({"audit", "verify"});
  EXPECT_EQ(all.exit_code, 1) << all.describe();
  EXPECT_EQ(all.last_line().rfind("broken: ", 0), 0u) << all.describe();
  EXPECT_NE(all.out.find(altered), std::string::npos) << all.describe();
  EXPECT_EQ(line_count(all.err), 1) << all.err;

  RunResult one = sandbox.run({"audit", "verify", altered});
  EXPECT_EQ(one.exit_code, 1) << one.describe();
  RunResult other = sandbox.run({"audit", "verify", intact});
  EXPECT_EQ(other.exit_code, 0) << other.describe();
  EXPECT_EQ(other.last_line().rfind("ok ", 0), 0u) << other.describe();
}

WAGEFLOW_ON_EVERY_BACKEND(AuditVerify);

}  // namespace
}  // namespace wageflow::e2e
