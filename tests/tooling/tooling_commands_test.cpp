// `wageflow diagram` and `wageflow simulate` through the real command line
// (cli::run), on the shipped workflows: what they print and their exit
// codes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/cli/cli.h"
#include "tests/support/temp_dir.h"

namespace wageflow {
namespace {

const std::string kWorkflows = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows";

struct CommandRun {
  int code = -1;
  std::string out;
  std::string err;
};

CommandRun wageflow(std::vector<std::string> args) {
  args.insert(args.begin(), {"wageflow", "--workflows", kWorkflows});
  std::ostringstream out;
  std::ostringstream err;
  CommandRun run;
  run.code = cli::run(args, out, err);
  run.out = out.str();
  run.err = err.str();
  return run;
}

std::string last_line(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
  return trimmed.substr(trimmed.rfind('\n') + 1);
}

// Sets PATH for the life of the object.
class ScopedPath {
 public:
  explicit ScopedPath(const std::string& path) {
    if (const char* old = std::getenv("PATH")) old_ = old;
    setenv("PATH", path.c_str(), 1);
  }
  ~ScopedPath() { setenv("PATH", old_.c_str(), 1); }

 private:
  std::string old_;
};

TEST(DiagramCommand, PrintsDotForAWorkflowFileOrId) {
  const CommandRun by_file = wageflow({"diagram", kWorkflows + "/legal-aid.yaml"});
  EXPECT_EQ(by_file.code, 0) << by_file.err;
  EXPECT_EQ(by_file.out.rfind("digraph \"legal-aid\" {", 0), 0u) << by_file.out;
  const CommandRun by_id = wageflow({"diagram", "legal-aid"});
  EXPECT_EQ(by_id.code, 0) << by_id.err;
  EXPECT_EQ(by_id.out, by_file.out);
}

TEST(DiagramCommand, PrintsMermaidInTheLocaleAsked) {
  const CommandRun run =
      wageflow({"diagram", "wage-arbitration-fasttrack", "--format", "mermaid", "--locale", "en"});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("flowchart LR\n", 0), 0u);
  EXPECT_NE(run.out.find("Application received<br/>intake"), std::string::npos) << run.out;
}

TEST(DiagramCommand, SvgWithoutGraphvizExitsOneSayingHowToInstallIt) {
  testing::TempDir empty;
  ScopedPath path(empty.path().string());
  const CommandRun run = wageflow({"diagram", "legal-aid", "--format", "svg"});
  EXPECT_EQ(run.code, 1);
  EXPECT_EQ(run.err, "wageflow: Graphviz 'dot' is not installed: apt-get install graphviz\n");
  EXPECT_EQ(run.out, "");
}

TEST(DiagramCommand, RefusesAnUnknownFormatAsAUsageError) {
  const CommandRun run = wageflow({"diagram", "legal-aid", "--format", "png"});
  EXPECT_EQ(run.code, 2);
}

TEST(DiagramCommand, AWorkflowWithErrorsExitsOneWithItsDiagnostics) {
  testing::TempDir dir;
  const std::string file = dir.write("bad.yaml", "workflow: bad\nversion: 1\n");
  const CommandRun run = wageflow({"diagram", file});
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.err.find("bad.yaml:1:1: error: missing required key 'calendar'"), std::string::npos)
      << run.err;
}

TEST(SimulateCommand, FastTrackPathWithinEveryDeadlineExitsZero) {
  const CommandRun run =
      wageflow({"simulate", "wage-arbitration-fasttrack", "--from", "2025-01-20", "--set",
                "claim_amount=8600", "--path",
                "accept@+2wd, start_mediation@+1d, settle{recovered_amount=8000}@+10d"});
  EXPECT_EQ(run.code, 0) << run.err << run.out;
  EXPECT_EQ(run.err, "");
  EXPECT_NE(run.out.find("[1] accept@+2wd  2025-01-22 09:00 (Wed)  as intake_clerk\n"
                         "    state accepted (已受理), case active\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("timer award_limit (仲裁审理期限), binding: running, due 2025-03-10, "
                         "warn 2025-03-05"),
            std::string::npos);
  EXPECT_NE(run.out.find("placeholders for required fields: worker_name=(simulated), "
                         "employer=(simulated), region=长春市"),
            std::string::npos);
  EXPECT_EQ(last_line(run.out),
            "path complete: state settled (调解结案), case closed; no binding deadline missed");
}

TEST(SimulateCommand, AMissedBindingDeadlineExitsOneNamingIt) {
  const CommandRun run = wageflow(
      {"simulate", "wage-arbitration-fasttrack", "--from", "2025-01-20", "--path", "accept@+7wd"});
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.out.find("    clock 2025-01-27 00:00 (Mon): timer acceptance_decision overdue\n"
                         "    clock 2025-01-27 00:00 (Mon): timer acceptance_decision escalated "
                         "to director\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("MISSED: binding timer acceptance_decision (受理审查期限) due 2025-01-26 "
                         "was overdue from 2025-01-27 00:00 (Mon), before step [1] accept@+7wd"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.err,
            "wageflow: 1 binding deadline(s) missed along the path: acceptance_decision (due "
            "2025-01-26)\n");
}

// An expiry whose event no row takes (here a guard false for the case)
// says so on its clock line, with the reason, instead of "escalated" with
// nobody named (found by QA).
TEST(SimulateCommand, AnExpiryEventNotFiredSaysWhyOnItsClockLine) {
  std::ifstream in(kWorkflows + "/wage-arbitration.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string row = "  - event: answer_period_lapsed\n    from: answer_period\n";
  const std::size_t found = text.find(row);
  ASSERT_NE(found, std::string::npos);
  text.insert(found + row.size(), "    guard: claim_amount > 100000\n");
  testing::TempDir dir;
  const std::string file = dir.write("wage-arbitration.yaml", text);
  const CommandRun run =
      wageflow({"simulate", file, "--from", "2026-03-02", "--set", "claim_amount=8600", "--path",
                "accept@+0d, serve_copy{arbitrator_name=赵}@+1d, "
                "answer_received@2026-03-25"});
  EXPECT_NE(run.out.find(": timer answer_period: event answer_period_lapsed was not fired from "
                         "state answer_period: the condition is not met: claim_amount > 100000; "
                         "the case stays in state answer_period for staff to move on\n"),
            std::string::npos)
      << run.out << run.err;
  EXPECT_EQ(run.out.find("escalated"), std::string::npos) << run.out;
}

TEST(SimulateCommand, ACorrectionStepSaysWhatItChangedFromWhat) {
  const CommandRun run =
      wageflow({"simulate", "wage-arbitration-fasttrack", "--from", "2025-01-20", "--set",
                "claim_amount=8600", "--set", "worker_phone=13804315678", "--path",
                "accept@+2wd, correct{claim_amount=9000, worker_phone=}@+1d"});
  EXPECT_EQ(run.code, 0) << run.err << run.out;
  EXPECT_NE(run.out.find("[2] correct{claim_amount=9000, worker_phone=}@+1d  2025-01-23 09:00 "
                         "(Thu)  as intake_clerk\n"
                         "    corrected worker_phone emptied (was 13804315678), "
                         "claim_amount=9000.00 (was 8600.00)\n"
                         "    state accepted (已受理), case active\n"),
            std::string::npos)
      << run.out;
}

TEST(SimulateCommand, ARefusedStepExitsOneWithTheRefusal) {
  const CommandRun run = wageflow({"simulate", "wage-arbitration-fasttrack", "--from", "2025-01-20",
                                   "--path", "accept, award@+1d"});
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.out.find("    REFUSED: event award cannot fire from state accepted"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.err.rfind("wageflow: step [2] award@+1d was refused: event award cannot fire", 0),
            0u)
      << run.err;
}

// The engine says the step lacks values; simulate says how a path gives them.
TEST(SimulateCommand, ACorrectionStepWithoutValuesIsRefusedInThePathsOwnSyntax) {
  const CommandRun run = wageflow({"simulate", "wage-arbitration-fasttrack", "--from", "2025-01-20",
                                   "--path", "accept, correct@+1d"});
  EXPECT_EQ(run.code, 1) << run.out;
  const std::string refusal =
      "name the fields to correct and their right values (correct{FIELD=VALUE, ...})";
  EXPECT_NE(run.out.find("    REFUSED: " + refusal + "\n"), std::string::npos) << run.out;
  EXPECT_EQ(run.err, "wageflow: step [2] correct@+1d was refused: " + refusal + "\n");
  EXPECT_EQ(run.err.find("--set"), std::string::npos) << run.err;
}

TEST(SimulateCommand, BadInputExitsOneWithOneLine) {
  const struct {
    std::vector<std::string> args;
    std::string err;
  } cases[] = {
      {{"--from", "2025-01-20", "--path", "accept@+1q"},
       "wageflow: --path: step 1 'accept@+1q': '+1q' is not a time; expected +Nd (days), +Nwd "
       "(working days), +Nh (hours), YYYY-MM-DD or YYYY-MM-DDTHH:MM\n"},
      {{"--from", "20.1.2025", "--path", "accept"},
       "wageflow: --from expects YYYY-MM-DD (09:00 that day) or YYYY-MM-DDTHH:MM, not "
       "'20.1.2025'\n"},
      {{"--from", "2025-01-20", "--path", "accept", "--set", "claim_amount=lots"},
       "wageflow: step [0] open was refused: field claim_amount"},
      {{"--from", "2025-01-20", "--path", "accept@+1d, start_mediation@2025-01-01"},
       "wageflow: --path: step 'start_mediation@2025-01-01' at 2025-01-01 lies before the "
       "previous step (2025-01-21T09:00:00+08:00)\n"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"simulate", "wage-arbitration-fasttrack"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const CommandRun run = wageflow(args);
    SCOPED_TRACE(c.err);
    EXPECT_EQ(run.code, 1) << run.out;
    EXPECT_EQ(run.err.substr(0, c.err.size()), c.err);
  }
}

}  // namespace
}  // namespace wageflow
