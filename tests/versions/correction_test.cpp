// A case whose ID number was entered before its workflow checked ID numbers,
// and which fails the check a new version brings, is refused migration
// until the number is corrected (`case correct`); then it migrates, and its
// trail still verifies and replays (docs/workflow-format.md, `check`).
#include "versions/support/versions_sandbox.h"

namespace wageflow::versions {
namespace {

constexpr const char* kMigrationTime = "2025-03-20T10:00:00+08:00";
constexpr const char* kMistypedId = "220118199001011230";  // the check digit is X
constexpr const char* kRightId = "22011819900101123X";

class CorrectionBeforeMigration : public e2e::OnEveryBackend {};

TEST_P(CorrectionBeforeMigration, AnIdNumberFailingANewCheckIsCorrectedAndTheCaseThenMigrates) {
  VersionsSandbox s(backend());
  // Version 1 as the shipped text was before it checked ID numbers; version
  // 2 the shipped text (with the check) as the next version.
  const std::string check_line =
      "    check: resident_id                    # date of birth and check digit (GB 11643)\n";
  e2e::write_file(s.v1_file, replaced(s.v1_text, check_line, ""));
  e2e::write_file(s.v2_file, replaced(s.v1_text, "\nversion: 1\n", "\nversion: 2\n"));
  s.ok({"publish", s.v1_file, "--actor", "alice"}, "2025-03-01");
  const std::string id =
      s.ok({"case", "open", kWorkflow, "--actor", "clerk", "--role", "intake_clerk", "--set",
            "worker_name=张三丰", "--set", std::string("worker_id_no=") + kMistypedId, "--set",
            "employer=某建筑公司", "--set", "region=长春市", "--set", "claim_amount=8600"},
           "2025-03-03T09:00:00+08:00")
          .last_line();
  s.ok({"publish", s.v2_file, "--actor", "alice"}, "2025-03-15");
  const std::vector<std::string> migrate = {"migrate", kWorkflow, "--from",  "1",
                                            "--to",    "2",       "--actor", "admin"};

  const RunResult refused = s.run(migrate, kMigrationTime);
  EXPECT_EQ(refused.exit_code, 1) << refused.describe();
  EXPECT_NE(refused.out.find("case " + id +
                             ": refused: its data does not fit v2: field "
                             "worker_id_no (公民身份号码): '"),
            std::string::npos)
      << refused.describe();
  EXPECT_NE(refused.out.find("is not a resident ID number"), std::string::npos)
      << refused.describe();
  EXPECT_EQ(refused.out.find(kMistypedId), std::string::npos) << "the number is masked";
  EXPECT_EQ(s.json({"case", "show", id, "--json"})["version"], 1);

  // The number is corrected on the case's own version, with the reason.
  const RunResult corrected =
      s.ok({"case", "correct", id, "--actor", "clerk", "--role", "intake_clerk", "--set",
            std::string("worker_id_no=") + kRightId, "--comment", "身份证号末位录错，已核对身份证"},
           "2025-03-18T09:00:00+08:00");
  EXPECT_EQ(corrected.last_line(), "intake") << corrected.describe();
  EXPECT_EQ(corrected.out.find(kRightId), std::string::npos) << "masked: " << corrected.out;

  const RunResult migrated = s.run(migrate, kMigrationTime);
  EXPECT_EQ(migrated.exit_code, 0) << migrated.describe();
  const Json after = s.json({"case", "show", id, "--json"});
  EXPECT_EQ(after["version"], 2);
  EXPECT_EQ(after["data"]["worker_id_no"], kRightId);
  EXPECT_EQ(s.run({"audit", "verify"}).exit_code, 0);
  const RunResult replayed = s.run({"audit", "replay"});
  EXPECT_EQ(replayed.exit_code, 0) << replayed.describe();
  EXPECT_EQ(replayed.out, "ok 1 cases\n") << replayed.describe();
}

WAGEFLOW_ON_EVERY_BACKEND(CorrectionBeforeMigration);

}  // namespace
}  // namespace wageflow::versions
