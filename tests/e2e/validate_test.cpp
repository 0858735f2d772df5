// `wageflow validate FILE...` on workflow and calendar files: every problem
// as FILE:LINE:COL: error|warning: MESSAGE, exit 1 on any error.
#include <gtest/gtest.h>

#include <regex>

#include "e2e/support/case_checks.h"

namespace wageflow::e2e {
namespace {

const std::string kSource = WAGEFLOW_SOURCE_DIR;

// A folder with the shipped calendars, for workflow files written by tests.
fs::path workflows_folder(const Sandbox& sandbox) {
  const fs::path folder = sandbox.dir() / "workflows";
  fs::create_directories(folder);
  fs::copy(kSource + "/workflows/calendars", folder / "calendars");
  return folder;
}

// The diagnostic lines of stdout (everything but the closing summary).
std::vector<std::string> diagnostics(const RunResult& result) {
  std::vector<std::string> found;
  for (const auto& line : result.lines()) {
    if (line.find(": error: ") != std::string::npos ||
        line.find(": warning: ") != std::string::npos) {
      found.push_back(line);
    }
  }
  return found;
}

TEST(Validate, AcceptsTheShippedWorkflowsAndCalendar) {
  Sandbox sandbox;
  RunResult result = sandbox.run(
      {"validate", kSource + "/workflows/wage-arbitration-fasttrack.yaml",
       kSource + "/workflows/wage-arbitration.yaml", kSource + "/workflows/legal-aid.yaml",
       kSource + "/workflows/calendars/cn-mainland.yaml"},
      "2025-06-01");
  EXPECT_EQ(result.exit_code, 0) << result.describe();
  EXPECT_EQ(diagnostics(result), std::vector<std::string>{}) << result.describe();
  EXPECT_EQ(result.last_line(), "checked 4 file(s): 0 error(s), 0 warning(s)");
}

TEST(Validate, ReportsEveryProblemOfABrokenWorkflowWithLineAndColumn) {
  Sandbox sandbox;
  const fs::path file = workflows_folder(sandbox) / "wage-claim.yaml";
  write_file(file,
             "workflow: wage-claim\n"                           // 1
             "version: 1\n"                                     // 2
             "title: {zh: 欠薪登记}\n"                          // 3
             "calendar: cn-mainland\n"                          // 4
             "roles: [clerk]\n"                                 // 5
             "fields:\n"                                        // 6
             "  worker_name: {type: string, required: true}\n"  // 7
             "  claim_amount: {type: money}\n"                  // 8
             "states:\n"                                        // 9
             "  intake: {initial: true}\n"                      // 10
             "  done: {final: true}\n"                          // 11
             "transitions:\n"                                   // 12
             "  - event: finish\n"                              // 13
             "    from: intake\n"                               // 14
             "    to: finished\n"                               // 15
             "    requires: [worker_nam]\n"                     // 16
             "  - event: check\n"                               // 17
             "    from: intake\n"                               // 18
             "    to: done\n"                                   // 19
             "    guard: claim_amount > 'abc'\n"                // 20
             "timers:\n"                                        // 21
             "  t1:\n"                                          // 22
             "    duration: 5 weekdays\n"                       // 23
             "    start: {enter: intake}\n");                   // 24
  RunResult result = sandbox.run({"validate", file.string()}, "2025-06-01");
  EXPECT_EQ(result.exit_code, 1) << result.describe();
  EXPECT_EQ(line_count(result.err), 1) << result.err;
  const auto found = diagnostics(result);
  const std::regex form("^" + file.string() + ":[0-9]+:[0-9]+: (error|warning): .+$");
  for (const auto& line : found) EXPECT_TRUE(std::regex_match(line, form)) << line;
  // One error at each broken line, in file order.
  const std::vector<std::string> expected_starts = {file.string() + ":15:", file.string() + ":16:",
                                                    file.string() + ":20:", file.string() + ":23:"};
  ASSERT_EQ(found.size(), expected_starts.size()) << result.describe();
  for (std::size_t i = 0; i < found.size(); ++i) {
    EXPECT_EQ(found[i].rfind(expected_starts[i], 0), 0u) << found[i];
    EXPECT_NE(found[i].find(": error: "), std::string::npos) << found[i];
  }
  EXPECT_NE(found[0].find("finished"), std::string::npos) << found[0];
  EXPECT_NE(found[1].find("worker_nam"), std::string::npos) << found[1];
}

TEST(Validate, ReportsMalformedYamlAtItsPosition) {
  Sandbox sandbox;
  const fs::path file = workflows_folder(sandbox) / "broken.yaml";
  write_file(file, "workflow: broken\nroles: [clerk\nstates:\n  s: {initial: true}\n");
  RunResult result = sandbox.run({"validate", file.string()});
  EXPECT_EQ(result.exit_code, 1) << result.describe();
  const auto found = diagnostics(result);
  ASSERT_EQ(found.size(), 1u) << result.describe();
  EXPECT_TRUE(
      std::regex_match(found[0], std::regex("^" + file.string() + ":[0-9]+:[0-9]+: error: .+")))
      << found[0];
}

// Files saved by Windows editors: a byte order mark before `workflow:` or
// `calendar:` on line 1 is fine (the engine loads such files); a file saved
// as GBK is one error at its first non-UTF-8 character, whichever kind it is.
TEST(Validate, TakesAByteOrderMarkAndRefusesAFileThatIsNotUtf8) {
  Sandbox sandbox;
  const fs::path folder = workflows_folder(sandbox);
  std::string workflow = read_file(kSource + "/workflows/wage-arbitration-fasttrack.yaml");
  std::string calendar = read_file(kSource + "/workflows/calendars/cn-mainland.yaml");
  // From the first key on: the shipped files open with comments.
  workflow = workflow.substr(workflow.find("\nworkflow:") + 1);
  calendar = calendar.substr(calendar.find("\ncalendar:") + 1);
  write_file(folder / "bom.yaml", "\xEF\xBB\xBF" + workflow);
  write_file(folder / "calendars" / "cn-mainland.yaml", "\xEF\xBB\xBF" + calendar);
  RunResult bom = sandbox.run({"validate", (folder / "bom.yaml").string(),
                               (folder / "calendars" / "cn-mainland.yaml").string()},
                              "2025-06-01");
  EXPECT_EQ(bom.exit_code, 0) << bom.describe();
  EXPECT_EQ(diagnostics(bom), std::vector<std::string>{}) << bom.describe();

  // 长春市 in GBK where the label 速裁 stood, on the title line (line 3).
  std::string gbk = workflow;
  const std::size_t title = gbk.find("速裁");
  ASSERT_NE(title, std::string::npos);
  gbk.replace(title, std::string("速裁").size(), "\xB3\xA4\xB4\xBA");
  const int line = 1 + static_cast<int>(std::count(gbk.begin(), gbk.begin() + title, '\n'));
  write_file(folder / "gbk.yaml", gbk);
  // A calendar's data is ASCII: a GBK comment is a warning only.
  std::string gbk_calendar = calendar;
  gbk_calendar.replace(0, gbk_calendar.find('\n'), "calendar: gbk-calendar\n# \xB8\xB4");
  write_file(folder / "gbk-calendar.yaml", gbk_calendar);
  RunResult refused = sandbox.run(
      {"validate", (folder / "gbk.yaml").string(), (folder / "gbk-calendar.yaml").string()},
      "2025-06-01");
  EXPECT_EQ(refused.exit_code, 1) << refused.describe();
  const std::vector<std::string> found = diagnostics(refused);
  ASSERT_EQ(found.size(), 2u) << refused.describe();
  EXPECT_NE(found[0].find("gbk.yaml:" + std::to_string(line) + ":"), std::string::npos) << found[0];
  EXPECT_NE(found[0].find("error: the file is not UTF-8 text"), std::string::npos) << found[0];
  EXPECT_NE(found[1].find("gbk-calendar.yaml:2:3: warning: the file is not UTF-8 text"),
            std::string::npos)
      << found[1];
}

// An unclosed quote makes yaml-cpp report "end of map not found" where a
// later apostrophe (in a comment) closes it, and a dedented key the same:
// the first is placed at the quote, the second told to check indentation.
TEST(Validate, PlacesAnUnclosedQuoteAtItsQuote) {
  Sandbox sandbox;
  const fs::path folder = workflows_folder(sandbox);
  const std::string shipped = read_file(kSource + "/workflows/wage-arbitration.yaml");
  const struct {
    const char* from;
    const char* to;
    int column;  // on the line of `from`
    const char* message;
  } cases[] = {
      {"    from: '*'\n", "    from: '*\n", 11, "the ' opened here is not closed"},
      {"    to: accepted\n", "  to: accepted\n", 3, "check the indentation"},
  };
  for (const auto& c : cases) {
    std::string text = shipped;
    const std::size_t at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, std::string(c.from).size(), c.to);
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
    write_file(folder / "mutated.yaml", text);
    RunResult result = sandbox.run({"validate", (folder / "mutated.yaml").string()}, "2025-06-01");
    EXPECT_EQ(result.exit_code, 1) << result.describe();
    const auto found = diagnostics(result);
    ASSERT_EQ(found.size(), 1u) << result.describe();
    const std::string place =
        ":" + std::to_string(line) + ":" + std::to_string(c.column) + ": error: ";
    EXPECT_NE(found[0].find(place), std::string::npos) << place << "\n" << found[0];
    EXPECT_NE(found[0].find(c.message), std::string::npos) << found[0];
  }
}

TEST(Validate, RefusesTwoFilesWithTheSameWorkflowId) {
  Sandbox sandbox;
  const fs::path folder = workflows_folder(sandbox);
  const std::string shipped = read_file(kSource + "/workflows/wage-arbitration-fasttrack.yaml");
  write_file(folder / "copy.yaml", shipped);
  RunResult result =
      sandbox.run({"validate", kSource + "/workflows/wage-arbitration-fasttrack.yaml",
                   (folder / "copy.yaml").string()},
                  "2025-06-01");
  EXPECT_EQ(result.exit_code, 1) << result.describe();
  const auto found = diagnostics(result);
  ASSERT_EQ(found.size(), 1u) << result.describe();
  EXPECT_EQ(found[0].rfind((folder / "copy.yaml").string() + ":", 0), 0u) << found[0];
  EXPECT_NE(found[0].find("wage-arbitration-fasttrack"), std::string::npos) << found[0];
}

TEST(Validate, ChecksCalendarFilesAndWarnsWhenTheCalendarEndsWithin90Days) {
  Sandbox sandbox;
  const std::string calendar = kSource + "/workflows/calendars/cn-mainland.yaml";
  RunResult early = sandbox.run({"validate", calendar}, "2026-06-01");
  EXPECT_EQ(early.exit_code, 0) << early.describe();
  EXPECT_EQ(diagnostics(early).size(), 0u) << early.describe();

  // The shipped calendar lists up to 2026: from early October it is due.
  RunResult late = sandbox.run({"validate", calendar}, "2026-11-01");
  EXPECT_EQ(late.exit_code, 0) << late.describe();
  const auto warned = diagnostics(late);
  ASSERT_EQ(warned.size(), 1u) << late.describe();
  EXPECT_NE(warned[0].find(": warning: "), std::string::npos) << warned[0];
  EXPECT_NE(warned[0].find("2027"), std::string::npos) << warned[0];

  // Workflows naming that calendar get the warning too (from the loader).
  RunResult workflow =
      sandbox.run({"validate", kSource + "/workflows/legal-aid.yaml"}, "2026-11-01");
  EXPECT_EQ(workflow.exit_code, 0) << workflow.describe();
  EXPECT_EQ(diagnostics(workflow).size(), 1u) << workflow.describe();

  const fs::path broken = sandbox.dir() / "cn-mainland.yaml";
  std::string text = read_file(calendar);
  text.replace(text.find("2025-01-01"), 10, "2025-02-30");
  write_file(broken, text);
  RunResult bad = sandbox.run({"validate", broken.string()}, "2025-06-01");
  EXPECT_EQ(bad.exit_code, 1) << bad.describe();
  const auto errors = diagnostics(bad);
  ASSERT_EQ(errors.size(), 1u) << bad.describe();
  EXPECT_NE(errors[0].find("2025-02-30"), std::string::npos) << errors[0];

  // The same calendar problem reached through two workflows and named
  // itself: printed and counted once.
  const fs::path folder = workflows_folder(sandbox);
  write_file(folder / "calendars" / "cn-mainland.yaml", text);
  fs::copy(kSource + "/workflows/legal-aid.yaml", folder);
  fs::copy(kSource + "/workflows/wage-arbitration.yaml", folder);
  RunResult many = sandbox.run({"validate", (folder / "legal-aid.yaml").string(),
                                (folder / "wage-arbitration.yaml").string(),
                                (folder / "calendars" / "cn-mainland.yaml").string()},
                               "2025-06-01");
  EXPECT_EQ(many.exit_code, 1) << many.describe();
  int calendar_lines = 0;
  for (const auto& line : diagnostics(many)) {
    calendar_lines += line.find("2025-02-30") != std::string::npos;
  }
  EXPECT_EQ(calendar_lines, 1) << many.describe();
}

TEST(Validate, ReportsAMissingFileAndStillChecksTheOthers) {
  Sandbox sandbox;
  RunResult result = sandbox.run(
      {"validate", "no-such-workflow.yaml", kSource + "/workflows/legal-aid.yaml"}, "2025-06-01");
  EXPECT_EQ(result.exit_code, 1) << result.describe();
  const auto found = diagnostics(result);
  ASSERT_EQ(found.size(), 1u) << result.describe();
  EXPECT_EQ(found[0], "no-such-workflow.yaml:1:1: error: no such file");
  EXPECT_EQ(result.last_line(), "checked 2 file(s): 1 error(s), 0 warning(s)");
}

}  // namespace
}  // namespace wageflow::e2e
