// `audit replay` rebuilds every case from its audit trail alone and finds a
// stored case changed behind wageflow's back.
#include <gtest/gtest.h>

#include "e2e/support/backend.h"
#include "e2e/support/demo_history.h"

namespace wageflow::e2e {
namespace {

class AuditReplay : public OnEveryBackend {};

// Runs `sql` on the sandbox's database behind wageflow's back.
void tamper(const Sandbox& sandbox, const std::string& sql) {
  if (sandbox.backend() == kPostgresql) {
    EXPECT_EQ(wageflow::testing::postgres_exec(sandbox.db(), sql), "");
  } else {
    RunResult tampered = sandbox.run_raw({"/usr/bin/sqlite3", sandbox.db(), sql});
    EXPECT_EQ(tampered.exit_code, 0) << tampered.describe();
  }
}

TEST_P(AuditReplay, RebuildsEveryCaseOfADemoLikeHistory) {
  Sandbox sandbox(backend());
  const DemoHistory h = make_demo_history(sandbox);
  ASSERT_FALSE(HasFailure());
  RunResult all = sandbox.run({"audit", "replay"});
  EXPECT_EQ(all.exit_code, 0) << all.describe();
  EXPECT_EQ(all.out, "ok 3 cases\n") << all.describe();
  EXPECT_EQ(all.err, "");
  for (const std::string& id : h.ids()) {
    RunResult one = sandbox.run({"audit", "replay", id});
    EXPECT_EQ(one.exit_code, 0) << id << "\n" << one.describe();
    EXPECT_EQ(one.out, "ok 1 cases\n") << id << "\n" << one.describe();
  }
}

TEST_P(AuditReplay, NamesTheFirstDifferenceOfACaseChangedBehindWageflowsBack) {
  if (backend() == kSqlite && !fs::exists("/usr/bin/sqlite3")) {
    GTEST_SKIP() << "the sqlite3 tool is not installed";
  }
  Sandbox sandbox(backend());
  const DemoHistory h = make_demo_history(sandbox);
  ASSERT_FALSE(HasFailure());
  // The case row is not append-only: its owner can edit it without touching
  // the audit chain, which `audit verify` therefore still finds intact.
  tamper(sandbox,
         "UPDATE cases SET state = 'hearing', status = 'active' WHERE id = '" + h.awarded + "'");
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(sandbox.run({"audit", "verify"}).exit_code, 0);

  RunResult all = sandbox.run({"audit", "replay"});
  EXPECT_EQ(all.exit_code, 1) << all.describe();
  EXPECT_EQ(all.out, "differs: case " + h.awarded +
                         ": after seq 13 (correct): state is awarded, stored "
                         "hearing\n")
      << all.describe();
  EXPECT_EQ(line_count(all.err), 1) << all.err;
  EXPECT_NE(all.err.find("does not rebuild the stored case"), std::string::npos) << all.err;

  EXPECT_EQ(sandbox.run({"audit", "replay", h.awarded}).exit_code, 1);
  RunResult other = sandbox.run({"audit", "replay", h.expired});
  EXPECT_EQ(other.exit_code, 0) << other.describe();
}

TEST_P(AuditReplay, NamesAPersonalValueChangedInTheCaseMasked) {
  if (backend() == kSqlite && !fs::exists("/usr/bin/sqlite3")) {
    GTEST_SKIP() << "the sqlite3 tool is not installed";
  }
  Sandbox sandbox(backend());
  const DemoHistory h = make_demo_history(sandbox);
  ASSERT_FALSE(HasFailure());
  tamper(sandbox,
         "UPDATE cases SET data = replace(data, '13804315678', '13904315678') WHERE id = '" +
             h.extended + "'");
  ASSERT_FALSE(HasFailure());
  RunResult one = sandbox.run({"audit", "replay", h.extended});
  EXPECT_EQ(one.exit_code, 1) << one.describe();
  EXPECT_NE(one.out.find("data field worker_phone is 138****5678, stored 139****5678"),
            std::string::npos)
      << one.describe();
  EXPECT_EQ(one.out.find("13804315678"), std::string::npos) << one.describe();
}

TEST_P(AuditReplay, AnUnknownCaseExitsOne) {
  Sandbox sandbox(backend());
  RunResult empty = sandbox.run({"audit", "replay"});
  EXPECT_EQ(empty.exit_code, 0) << empty.describe();
  EXPECT_EQ(empty.out, "ok 0 cases\n");
  RunResult unknown = sandbox.run({"audit", "replay", "2025-000042"});
  EXPECT_EQ(unknown.exit_code, 1) << unknown.describe();
  EXPECT_EQ(unknown.err, "wageflow: no case 2025-000042\n");
}

WAGEFLOW_ON_EVERY_BACKEND(AuditReplay);

}  // namespace
}  // namespace wageflow::e2e
