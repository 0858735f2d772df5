// `wageflow publish` and `wageflow workflows`: a published version is
// immutable, invalid files are refused like `validate` refuses them, and new
// cases take the latest published version (docs/workflow-versions.md).
#include <pwd.h>
#include <unistd.h>

#include "versions/support/versions_sandbox.h"

namespace wageflow::versions {
namespace {

class Publishing : public e2e::OnEveryBackend {};

std::vector<std::string> lines_with(const std::string& text, const std::string& part) {
  std::vector<std::string> found;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find(part) != std::string::npos) found.push_back(line);
  }
  return found;
}

TEST_P(Publishing, FirstPublishStoresTheVersionAndTheSameTextAgainIsANoOp) {
  VersionsSandbox sandbox(backend());
  RunResult first =
      sandbox.ok({"publish", sandbox.v1_file, "--actor", "alice"}, "2025-03-01T10:00:00+08:00");
  EXPECT_NE(first.out.find("published wage-arbitration-fasttrack version 1"), std::string::npos)
      << first.describe();
  const std::string before = sandbox.content("before.jsonl");
  RunResult again =
      sandbox.ok({"publish", sandbox.v1_file, "--actor", "bob"}, "2025-03-02T10:00:00+08:00");
  EXPECT_NE(again.out.find("already published with this exact text"), std::string::npos)
      << again.describe();
  EXPECT_NE(again.out.find("nothing to do"), std::string::npos) << again.describe();
  EXPECT_EQ(sandbox.content("after.jsonl"), before);

  Json v1 = version_entry(sandbox.json({"workflows", "--json"}), 1);
  ASSERT_TRUE(v1.is_object()) << v1;
  EXPECT_EQ(v1["published"], true);
  EXPECT_EQ(v1["folder"], true);
  EXPECT_EQ(v1["published_by"], "alice");  // the first publisher, not bob
  EXPECT_EQ(v1["published_at"], "2025-03-01T02:00:00Z");
  EXPECT_EQ(v1["new_cases"], true);
}

TEST_P(Publishing, RefusesADifferentTextUnderAPublishedVersionAndWritesNothing) {
  VersionsSandbox sandbox(backend());
  sandbox.ok({"publish", sandbox.v1_file, "--actor", "alice"});
  const std::string edited = (sandbox.dir() / "edited.yaml").string();
  e2e::write_file(edited, sandbox.v1_text + "# an edit that keeps version: 1\n");
  const std::string before = sandbox.content("before.jsonl");
  const Json listing_before = sandbox.json({"workflows", "--json"});

  RunResult refused = sandbox.run({"publish", edited, "--actor", "bob"});
  EXPECT_EQ(refused.exit_code, 1) << refused.describe();
  EXPECT_NE(refused.err.find("version 1 is already published with a different text"),
            std::string::npos)
      << refused.describe();
  EXPECT_NE(refused.err.find("nothing was written"), std::string::npos) << refused.describe();
  EXPECT_EQ(sandbox.content("after.jsonl"), before);
  EXPECT_EQ(sandbox.json({"workflows", "--json"}), listing_before);
}

TEST_P(Publishing, RefusesAnInvalidFileWithTheDiagnosticsAndExitCodeOfValidate) {
  VersionsSandbox sandbox(backend());
  const std::string broken = (sandbox.dir() / "broken.yaml").string();
  e2e::write_file(broken, replaced(sandbox.v1_text, "    to: accepted\n", "    to: acepted\n"));
  RunResult validated = sandbox.run({"validate", broken});
  RunResult published = sandbox.run({"publish", broken, "--actor", "alice"});
  ASSERT_NE(validated.exit_code, 0) << validated.describe();
  EXPECT_EQ(published.exit_code, validated.exit_code) << published.describe();
  const auto errors = lines_with(validated.out, ": error: ");
  ASSERT_FALSE(errors.empty()) << validated.describe();
  EXPECT_EQ(lines_with(published.err, ": error: "), errors) << published.describe();
  EXPECT_EQ(errors.front().rfind(broken + ":", 0), 0u) << errors.front();  // file:line:col
  EXPECT_TRUE(version_entry(sandbox.json({"workflows", "--json"}), 1)["published"] == false);
}

TEST_P(Publishing, RefusesAVersionLowerThanTheLatestPublished) {
  VersionsSandbox sandbox(backend());
  sandbox.ok({"publish", sandbox.v2_file, "--actor", "alice"});
  RunResult older = sandbox.run({"publish", sandbox.v1_file, "--actor", "alice"});
  EXPECT_EQ(older.exit_code, 1) << older.describe();
  EXPECT_NE(older.err.find("older than the latest published version 2"), std::string::npos)
      << older.describe();
  EXPECT_EQ(version_entry(sandbox.json({"workflows", "--json"}), 1)["published"], false);
}

TEST_P(Publishing, NewCasesTakeTheLatestPublishedVersionAndRunningCasesKeepTheirs) {
  VersionsSandbox sandbox(backend());
  auto open = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> command = {"case",
                                        "open",
                                        kWorkflow,
                                        "--actor",
                                        "clerk",
                                        "--role",
                                        "intake_clerk",
                                        "--set",
                                        "worker_name=张三",
                                        "--set",
                                        "employer=某建筑公司",
                                        "--set",
                                        "region=长春市",
                                        "--set",
                                        "claim_amount=8600"};
    command.insert(command.end(), extra.begin(), extra.end());
    return sandbox.ok(command, "2025-03-03").last_line();
  };
  const std::string on_folder = open({});
  sandbox.ok({"publish", sandbox.v2_file, "--actor", "alice"});
  const std::string on_v2 = open({"--set", "case_officer=李四"});
  Json first = sandbox.json({"case", "show", on_folder, "--json"});
  Json second = sandbox.json({"case", "show", on_v2, "--json"});
  EXPECT_EQ(first["version"], 1) << first;
  EXPECT_EQ(second["version"], 2) << second;
  // v2 requires case_officer: the folder's v1 no longer decides new cases.
  RunResult without =
      sandbox.run({"case", "open", kWorkflow, "--actor", "clerk", "--role", "intake_clerk", "--set",
                   "worker_name=张三", "--set", "employer=E", "--set", "region=长春市", "--set",
                   "claim_amount=8600"},
                  "2025-03-03");
  EXPECT_EQ(without.exit_code, 1) << without.describe();
  EXPECT_NE(without.err.find("case_officer"), std::string::npos) << without.describe();

  Json listing = sandbox.json({"workflows", "--json"});
  EXPECT_EQ(version_entry(listing, 1)["source"], "folder");
  EXPECT_EQ(version_entry(listing, 1)["active_cases"], 1);
  EXPECT_EQ(version_entry(listing, 2)["active_cases"], 1);
  EXPECT_EQ(version_entry(listing, 2)["new_cases"], true);
  EXPECT_EQ(version_entry(listing, 1)["new_cases"], false);
}

TEST_P(Publishing, RecordsTheOperatingSystemUserWithoutActor) {
  VersionsSandbox sandbox(backend());
  const passwd* account = getpwuid(geteuid());
  ASSERT_NE(account, nullptr);
  sandbox.ok({"publish", sandbox.v1_file});
  EXPECT_EQ(version_entry(sandbox.json({"workflows", "--json"}), 1)["published_by"],
            std::string(account->pw_name));
}

WAGEFLOW_ON_EVERY_BACKEND(Publishing);

}  // namespace
}  // namespace wageflow::versions
