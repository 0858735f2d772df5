// The command line itself: help, usage errors (exit 2), the environment
// variables of the global options, `deadline`, and masked logging. Help and
// `deadline` use no database (CommandLineWithoutDatabase); the rest runs on
// every backend.
#include <gtest/gtest.h>

#include "e2e/support/backend.h"
#include "e2e/support/case_checks.h"

namespace wageflow::e2e {
namespace {

const std::string kSource = WAGEFLOW_SOURCE_DIR;

class CommandLine : public OnEveryBackend {};

TEST(CommandLineWithoutDatabase, PrintsHelpForEveryCommandAndSubcommand) {
  Sandbox sandbox;
  for (const auto& command : std::vector<std::vector<std::string>>{{},
                                                                   {"validate"},
                                                                   {"deadline"},
                                                                   {"case"},
                                                                   {"case", "open"},
                                                                   {"case", "fire"},
                                                                   {"case", "suspend"},
                                                                   {"case", "resume"},
                                                                   {"case", "show"},
                                                                   {"case", "list"},
                                                                   {"timers"},
                                                                   {"timers", "tick"},
                                                                   {"audit"},
                                                                   {"audit", "log"},
                                                                   {"audit", "verify"}}) {
    std::vector<std::string> with_help = command;
    with_help.push_back("--help");
    std::string shown;
    for (const auto& part : with_help) shown += part + " ";
    SCOPED_TRACE(shown);
    RunResult result = sandbox.run(with_help);
    EXPECT_EQ(result.exit_code, 0) << result.describe();
    EXPECT_NE(result.out.find("Usage:"), std::string::npos) << result.describe();
  }
  EXPECT_FALSE(fs::exists(sandbox.db())) << "help must not create the database";
}

TEST_P(CommandLine, RejectsUsageErrorsWithExitCode2AndChangesNothing) {
  Sandbox sandbox(backend());
  const std::string id = answer_of(
      sandbox,
      {"case", "open", "wage-arbitration-fasttrack", "--actor", "李明", "--role", "intake_clerk",
       "--set", "worker_name=张三丰", "--set", "employer=长春宏达建筑公司", "--set",
       "region=长春市", "--set", "claim_amount=8600"},
      "2025-01-24");
  const std::string before = case_fingerprint(sandbox, id);
  struct Usage {
    std::vector<std::string> command;
    std::string now;
  };
  for (const auto& usage : std::vector<Usage>{
           {{}, ""},
           {{"cases", "list"}, ""},
           {{"case"}, ""},
           {{"case", "close", id}, ""},
           {{"case", "list", "--sort"}, ""},
           {{"case", "list", "--status", "open"}, ""},
           {{"case", "fire", id, "accept", "--role", "intake_clerk"}, ""},           // no --actor
           {{"case", "fire", id, "--actor", "李明", "--role", "intake_clerk"}, ""},  // no event
           {{"case", "fire", id, "accept", "--actor", "李明", "--role", "intake_clerk", "--set",
             "claim_amount"},
            ""},
           {{"case", "fire", id, "accept", "--actor", "李明", "--role", "intake_clerk", "--set",
             "region=长春市", "--set", "region=吉林市"},
            ""},  // a field given twice
           {{"case", "fire", id, "accept", "--actor", "李明", "--role", "intake_clerk"},
            "2025-02-30"},
           {{"timers", "tick"}, "yesterday"},
           {{"timers", "tick"}, "2025-01-24T25:00:00+08:00"},
           {{"deadline", "--calendar", "cn-mainland", "--from", "2025-01-24"}, ""},
           {{"validate"}, ""},
       }) {
    std::string shown;
    for (const auto& part : usage.command) shown += part + " ";
    SCOPED_TRACE(shown + "--now " + usage.now);
    RunResult result = sandbox.run(usage.command, usage.now);
    EXPECT_EQ(result.exit_code, 2) << result.describe();
    EXPECT_FALSE(result.err.empty()) << result.describe();
  }
  EXPECT_EQ(case_fingerprint(sandbox, id), before);

  // A mistyped or missing command is named, with the commands there are.
  const struct {
    std::vector<std::string> command;
    std::string said;
  } unknown[] = {
      {{"cases", "list"}, "wageflow: unknown command 'cases'; one of: validate, deadline, case,"},
      {{"case", "close", id}, "wageflow: unknown case command 'close'; one of: open, fire,"},
      {{"case"}, "wageflow: a case command is needed; one of: open, fire,"},
      {{}, "wageflow: a command is needed; one of: validate,"},
  };
  for (const auto& c : unknown) {
    RunResult result = sandbox.run(c.command);
    EXPECT_EQ(result.err.rfind(c.said, 0), 0u) << result.describe();
  }
}

TEST_P(CommandLine, ReadsTheGlobalOptionsFromTheEnvironment) {
  Sandbox sandbox(backend());
  const std::vector<std::string> env = {"WAGEFLOW_DB=" + sandbox.db(),
                                        "WAGEFLOW_WORKFLOWS=" + kSource + "/workflows",
                                        "WAGEFLOW_NOW=2025-01-24T10:00:00+08:00"};
  RunResult opened = sandbox.run_raw({Sandbox::binary(), "case", "open", "legal-aid", "--actor",
                                      "王芳", "--role", "consultant", "--set", "channel=来访"},
                                     env);
  ASSERT_EQ(opened.exit_code, 0) << opened.describe();
  EXPECT_EQ(opened.last_line(), "2025-000001");
  auto shown = show_json(sandbox, "2025-000001");
  EXPECT_EQ(shown["opened_at"], "2025-01-24T02:00:00Z");

  RunResult bad_now = sandbox.run_raw({Sandbox::binary(), "timers", "tick"},
                                      {"WAGEFLOW_DB=" + sandbox.db(), "WAGEFLOW_NOW=soon"});
  EXPECT_EQ(bad_now.exit_code, 2) << bad_now.describe();
  EXPECT_NE(bad_now.err.find("soon"), std::string::npos) << bad_now.err;

  // A bare --now date is 09:00 in the calendar's zone (+08:00).
  RunResult bare = sandbox.run({"case", "open", "legal-aid", "--actor", "王芳", "--role",
                                "consultant", "--set", "channel=网络"},
                               "2025-03-03");
  ASSERT_EQ(bare.exit_code, 0) << bare.describe();
  EXPECT_EQ(show_json(sandbox, bare.last_line())["opened_at"], "2025-03-03T01:00:00Z");
}

TEST(CommandLineWithoutDatabase, ComputesDeadlinesAndExplainsThem) {
  Sandbox sandbox;
  RunResult working = sandbox.run(
      {"deadline", "--calendar", "cn-mainland", "--from", "2025-01-24", "--add", "5 working_days"});
  EXPECT_EQ(working.exit_code, 0) << working.describe();
  EXPECT_EQ(working.last_line(), "2025-02-07");
  EXPECT_GE(working.lines().size(), 2u) << "an explanation before the date";
  EXPECT_NE(working.out.find("2025-01-26"), std::string::npos) << working.out;  // make-up day
  EXPECT_EQ(working.err, "");

  RunResult days = sandbox.run(
      {"deadline", "--calendar", "cn-mainland", "--from", "2025-09-26", "--add", "7 days"});
  EXPECT_EQ(days.exit_code, 0) << days.describe();
  EXPECT_EQ(days.last_line(), "2025-10-09");

  RunResult by_path =
      sandbox.run({"deadline", "--calendar", kSource + "/workflows/calendars/cn-mainland.yaml",
                   "--from", "2025-02-10", "--add", "45 days"});
  EXPECT_EQ(by_path.exit_code, 0) << by_path.describe();
  EXPECT_EQ(by_path.last_line(), "2025-03-27");

  // Beyond the listed years: weekends only, and a note on stderr.
  RunResult provisional = sandbox.run(
      {"deadline", "--calendar", "cn-mainland", "--from", "2026-12-28", "--add", "5 working_days"});
  EXPECT_EQ(provisional.exit_code, 0) << provisional.describe();
  EXPECT_EQ(provisional.last_line(), "2027-01-04");
  EXPECT_NE(provisional.err.find("provisional"), std::string::npos) << provisional.describe();

  struct Bad {
    std::vector<std::string> options;
    std::string expected;
  };
  for (const auto& bad : std::vector<Bad>{
           {{"--calendar", "cn-mainland", "--from", "2025-01-24", "--add", "5 weekdays"},
            "'N days' or 'N working_days'"},
           {{"--calendar", "cn-mainland", "--from", "2025-01-24", "--add", "48 hours"},
            "'N days' or 'N working_days'"},
           {{"--calendar", "cn-mainland", "--from", "2025-02-30", "--add", "5 days"}, "2025-02-30"},
           {{"--calendar", "cn-taiwan", "--from", "2025-01-24", "--add", "5 days"}, "cn-taiwan"},
       }) {
    std::vector<std::string> command = {"deadline"};
    command.insert(command.end(), bad.options.begin(), bad.options.end());
    SCOPED_TRACE(bad.expected);
    RunResult result = sandbox.run(command);
    EXPECT_EQ(result.exit_code, 1) << result.describe();
    EXPECT_EQ(line_count(result.err), 1) << result.err;
    EXPECT_NE(result.err.find(bad.expected), std::string::npos) << result.err;
  }
}

TEST_P(CommandLine, VerboseLogsMaskPersonalData) {
  Sandbox sandbox(backend());
  RunResult opened = sandbox.run({"--verbose", "case",
                                  "open",      "wage-arbitration-fasttrack",
                                  "--actor",   "李明",
                                  "--role",    "intake_clerk",
                                  "--set",     "worker_name=张三丰",
                                  "--set",     "worker_id_no=22011819900101123X",
                                  "--set",     "worker_phone=13812341234",
                                  "--set",     "employer=长春宏达建筑公司",
                                  "--set",     "region=长春市",
                                  "--set",     "claim_amount=8600"},
                                 "2025-01-24");
  ASSERT_EQ(opened.exit_code, 0) << opened.describe();
  EXPECT_NE(opened.err.find("wageflow [info]"), std::string::npos) << opened.err;
  EXPECT_NE(opened.err.find("张**"), std::string::npos) << opened.err;
  EXPECT_EQ(opened.err.find("张三丰"), std::string::npos) << opened.err;
  EXPECT_EQ(opened.err.find("22011819900101123X"), std::string::npos) << opened.err;
  EXPECT_EQ(opened.err.find("13812341234"), std::string::npos) << opened.err;

  RunResult quiet = sandbox.run({"case", "show", "2025-000001"});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.describe();
  EXPECT_EQ(quiet.err, "") << "quiet by default";
}

WAGEFLOW_ON_EVERY_BACKEND(CommandLine);

}  // namespace
}  // namespace wageflow::e2e
