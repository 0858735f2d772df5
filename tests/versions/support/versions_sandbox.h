// A sandbox for the workflow-version tests: its own workflows folder (the
// shipped calendars and fast-track workflow as version 1) and, as files in
// the sandbox, a version 2 derived from it that renames the state mediation
// to conciliation, removes the timer closure_target, adds the timer
// conciliation_limit and the required field case_officer.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "e2e/support/backend.h"

namespace wageflow::versions {

using e2e::RunResult;
using e2e::Sandbox;
using e2e::fs::path;
using Json = nlohmann::json;

inline constexpr const char* kWorkflow = "wage-arbitration-fasttrack";

inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("'" + from + "' not in the workflow");
  return text.replace(at, from.size(), to);
}

inline std::string replaced_all(std::string text, const std::string& from, const std::string& to) {
  if (text.find(from) == std::string::npos) throw std::runtime_error("'" + from + "' not found");
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

inline std::string shipped_v1() {
  return e2e::read_file(path(WAGEFLOW_SOURCE_DIR) / "workflows" /
                        (std::string(kWorkflow) + ".yaml"));
}

inline std::string derived_v2(const std::string& v1) {
  std::string s = replaced(v1, "\nversion: 1\n", "\nversion: 2\n");
  s = replaced(s, "  mediation: {label", "  conciliation: {label");
  s = replaced_all(s, "to: mediation\n", "to: conciliation\n");
  s = replaced(s, "from: [mediation, hearing]", "from: [conciliation, hearing]");
  s = replaced_all(s, "from: mediation\n", "from: conciliation\n");
  const auto cut_from = s.find("  # Internal target, not a statute");
  const auto cut_to = s.find("  # 调解仲裁法 第四十三条; 办案规则 第四十五条");
  if (cut_from == std::string::npos || cut_to == std::string::npos) {
    throw std::runtime_error("closure_target not found");
  }
  s.erase(cut_from, cut_to - cut_from);
  s = replaced(s, "  outcome_notes:",
               "  case_officer:\n    type: string\n    required: true\n"
               "    label: {zh: 承办人, en: Case officer}\n  outcome_notes:");
  // First among the timers: the file may go on with other sections after them.
  s = replaced(s, "\ntimers:\n",
               "\ntimers:\n"
               "  conciliation_limit:\n"
               "    label: {zh: 调解期限, en: Conciliation limit}\n"
               "    duration: 15 days\n"
               "    start: {enter: conciliation}\n"
               "    stop: {leave: conciliation}\n"
               "    warn: 3 days\n"
               "    expire: {escalate: director}\n");
  return s;
}

class VersionsSandbox : public Sandbox {
 public:
  explicit VersionsSandbox(const std::string& backend) : Sandbox(backend) {
    const path workflows = dir() / "workflows";
    e2e::fs::create_directories(workflows);
    e2e::fs::copy(path(WAGEFLOW_SOURCE_DIR) / "workflows" / "calendars", workflows / "calendars",
                  e2e::fs::copy_options::recursive);
    v1_text = shipped_v1();
    e2e::write_file(workflows / (std::string(kWorkflow) + ".yaml"), v1_text);
    set_workflows(workflows.string());
    v1_file = (workflows / (std::string(kWorkflow) + ".yaml")).string();
    v2_file = (dir() / "v2.yaml").string();
    e2e::write_file(v2_file, derived_v2(v1_text));
  }

  // The command's result, failing the test unless it exits 0.
  RunResult ok(const std::vector<std::string>& command, const std::string& now = "") const {
    RunResult result = run(command, now);
    EXPECT_EQ(result.exit_code, 0) << ::testing::PrintToString(command) << "\n"
                                   << result.describe();
    return result;
  }

  Json json(const std::vector<std::string>& command) const {
    RunResult result = ok(command);
    return Json::parse(result.out, nullptr, false);
  }

  // Every case, as `case list --json` prints them.
  Json cases() const { return json({"case", "list", "--json"}); }

  // The database's content as `export` writes it (definitions, cases,
  // audit trails): equal texts mean nothing was written in between.
  std::string content(const std::string& name) const {
    const std::string file = (dir() / name).string();
    ok({"export", "--out", file, "--force"});
    return e2e::read_file(file);
  }

  std::string v1_text;
  std::string v1_file;
  std::string v2_file;
};

// `workflows --json`: the entry of `version` (text source `source` when
// given), or null.
inline Json version_entry(const Json& listing, int version) {
  for (const auto& w : listing["workflows"]) {
    if (w["workflow"] != kWorkflow) continue;
    for (const auto& v : w["versions"]) {
      if (v["version"] == version) return v;
    }
  }
  return Json();
}

// Lines of a migrate run that belong to the per-case plan.
inline std::vector<std::string> plan_lines(const RunResult& result) {
  std::vector<std::string> lines;
  for (const std::string& line : result.lines()) {
    if (line.rfind("case ", 0) == 0 || line.rfind("  ", 0) == 0) lines.push_back(line);
  }
  return lines;
}

}  // namespace wageflow::versions
