// examples/demo.sh, the scripted command-line tour (./run.sh serves the web demo,
// examples/web-demo.sh, instead): it must finish with exit 0 on a fresh folder
// and show what it promises.
#include <gtest/gtest.h>

#include "e2e/support/case_checks.h"

namespace wageflow::e2e {
namespace {

TEST(Demo, RunsToTheEndOnAFreshFolderAndEndsWithAnIntactAuditChain) {
  Sandbox sandbox;
  const fs::path folder = sandbox.dir() / "demo";
  RunResult demo =
      sandbox.run_raw({"/bin/bash", std::string(WAGEFLOW_SOURCE_DIR) + "/examples/demo.sh",
                       Sandbox::binary(), folder.string()});
  ASSERT_EQ(demo.exit_code, 0) << demo.describe();
  EXPECT_TRUE(fs::exists(folder / "wageflow-demo.db"));
  for (const char* expected : {
           "awarded", "settled", "advice_given", "in_arbitration",  // states reached
           "warned 1, overdue 0, expired 0, escalated 0",           // ticks
           "expired 1",
           "张**",             // masked in lists and logs
           "截止 2025-02-07",  // deadlines shown
           "corrected worker_phone=159****7789; still intake, active",  // a correction
       }) {
    EXPECT_NE(demo.out.find(expected), std::string::npos) << expected << "\n" << demo.out;
  }
  EXPECT_EQ(demo.last_line().find("demo database kept at"), 0u) << demo.out;
  // The last command before that line is `audit verify`.
  const auto lines = demo.lines();
  bool verified = false;
  for (const auto& line : lines) verified = verified || line.find("    ok ") == 0;
  EXPECT_TRUE(verified) << demo.out;

  // Run twice into the same folder: the demo replaces its own database.
  RunResult again =
      sandbox.run_raw({"/bin/bash", std::string(WAGEFLOW_SOURCE_DIR) + "/examples/demo.sh",
                       Sandbox::binary(), folder.string()});
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_EQ(again.out.find("2025-000006"), std::string::npos) << "numbering restarts";
}

TEST(Demo, RefusesToRunWithoutABinary) {
  Sandbox sandbox;
  RunResult demo =
      sandbox.run_raw({"/bin/bash", std::string(WAGEFLOW_SOURCE_DIR) + "/examples/demo.sh"});
  EXPECT_EQ(demo.exit_code, 2) << demo.describe();
  EXPECT_NE(demo.err.find("usage"), std::string::npos) << demo.err;
}

}  // namespace
}  // namespace wageflow::e2e
