// Helpers for end-to-end tests that drive cases through the CLI: read a
// case as JSON, find a timer, fingerprint everything stored about a case
// (to prove a refused command changed nothing).
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/support/wageflow_process.h"

namespace wageflow::e2e {

// `case show CASE --json`, parsed; a test failure (and null) when the
// command fails or prints something that is not JSON.
inline nlohmann::json show_json(const Sandbox& sandbox, const std::string& case_id) {
  RunResult shown = sandbox.run({"case", "show", case_id, "--json"});
  EXPECT_EQ(shown.exit_code, 0) << shown.describe();
  auto json = nlohmann::json::parse(shown.out, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << shown.describe();
  return json.is_discarded() ? nlohmann::json() : json;
}

// The entry of `show["timers"]` named `name`, or null (with a failure).
inline nlohmann::json timer_of(const nlohmann::json& show, const std::string& name) {
  if (show.contains("timers")) {
    for (const auto& timer : show["timers"]) {
      if (timer.value("name", "") == name) return timer;
    }
  }
  ADD_FAILURE() << "no timer '" << name << "' in " << show.dump(2);
  return nlohmann::json();
}

inline std::vector<std::string> audit_lines(const Sandbox& sandbox, const std::string& case_id) {
  RunResult log = sandbox.run({"audit", "log", case_id});
  EXPECT_EQ(log.exit_code, 0) << log.describe();
  std::vector<std::string> lines;
  for (const auto& line : log.lines()) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// Everything a command could change about a case: its full JSON view and
// its audit trail. Equal before and after = nothing changed.
inline std::string case_fingerprint(const Sandbox& sandbox, const std::string& case_id) {
  RunResult shown = sandbox.run({"case", "show", case_id, "--json"});
  RunResult log = sandbox.run({"audit", "log", case_id, "--json"});
  EXPECT_EQ(shown.exit_code, 0) << shown.describe();
  EXPECT_EQ(log.exit_code, 0) << log.describe();
  return shown.out + "\n" + log.out;
}

// Runs a command that must succeed; returns the answer on its last line.
inline std::string answer_of(const Sandbox& sandbox, const std::vector<std::string>& command,
                             const std::string& now = "") {
  RunResult result = sandbox.run(command, now);
  std::string shown;
  for (const auto& part : command) shown += part + " ";
  EXPECT_EQ(result.exit_code, 0) << shown << "at " << now << "\n" << result.describe();
  return result.last_line();
}

// Counts the lines of stderr (a refusal must be exactly one).
inline int line_count(const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

}  // namespace wageflow::e2e
