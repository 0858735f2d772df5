// Shared by the fault tests: starting the event driver (event_driver.cpp),
// reading what it acknowledged, and checking what the database holds
// against it and against the rules of the test workflows in
// tests/fault/workflows.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/support/backend.h"
#include "e2e/support/case_checks.h"
#include "e2e/support/wageflow_process.h"
#include "storage/storage.h"

namespace wageflow::fault {

using e2e::Process;
using e2e::RunResult;
using e2e::Sandbox;
using e2e::fs::path;

inline std::string driver_binary() {
  return WAGEFLOW_EVENT_DRIVER;
}
inline std::string fault_workflows() {
  return WAGEFLOW_FAULT_WORKFLOWS;
}

// The seed for everything random in a test: WAGEFLOW_FAULT_SEED when set
// (to replay a failure), else a fresh one. Printed either way.
inline std::uint64_t test_seed(const std::string& test) {
  std::uint64_t seed = std::random_device{}();
  if (const char* given = std::getenv("WAGEFLOW_FAULT_SEED")) seed = std::stoull(given);
  std::cout << test << ": seed " << seed << " (rerun with WAGEFLOW_FAULT_SEED=" << seed << ")\n";
  return seed;
}

// The driver's command line for `mode` on the sandbox's database and the
// fault workflows, followed by `options`.
inline std::vector<std::string> driver_argv(const Sandbox& sandbox, const std::string& mode,
                                            const std::vector<std::string>& options) {
  std::vector<std::string> argv = {driver_binary(), mode,          "--db",
                                   sandbox.db(),    "--workflows", fault_workflows()};
  argv.insert(argv.end(), options.begin(), options.end());
  return argv;
}

// Opens `count` cases of `workflow` at `now` through the driver; their ids.
inline std::vector<std::string> open_cases(const Sandbox& sandbox, const std::string& workflow,
                                           int count, const std::string& now,
                                           const std::vector<std::string>& sets) {
  std::vector<std::string> options = {"--workflow",          workflow, "--count",
                                      std::to_string(count), "--now",  now};
  for (const auto& set : sets) {
    options.push_back("--set");
    options.push_back(set);
  }
  RunResult opened = sandbox.run_raw(driver_argv(sandbox, "open", options));
  EXPECT_EQ(opened.exit_code, 0) << opened.describe();
  std::vector<std::string> ids;
  for (const auto& line : opened.lines()) {
    if (line.rfind("opened ", 0) == 0) ids.push_back(line.substr(7));
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(count)) << opened.describe();
  return ids;
}

inline std::string joined(const std::vector<std::string>& parts, char separator = ',') {
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : std::string(1, separator)) + part;
  return text;
}

// One fire the driver reported: `applied CASE EVENT KEY [repeated]` or
// `attempt CASE EVENT KEY`.
struct DriverFire {
  std::string case_id;
  std::string event;
  std::string key;
  bool repeated = false;
};

// Everything a driver printed, sorted by kind.
struct DriverReport {
  std::map<std::string, DriverFire> applied;  // by key
  int applied_lines = 0;                      // equals applied.size() unless a key repeats
  int repeated = 0;
  int attempts = 0;
  int conflicts = 0;
  int refused = 0;
  std::vector<std::string> errors;  // the `error ...` lines
  int reconnects = 0;
  std::vector<std::string> other;  // lines of no known form
  bool finished = false;           // printed its `done` line
  std::optional<DriverFire> last_attempt;
  // Lines in order, for "what came after the error".
  std::vector<std::string> lines;
};

inline DriverReport read_driver_output(const std::string& out) {
  DriverReport report;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    report.lines.push_back(line);
    std::istringstream words(line);
    std::string kind;
    DriverFire fire;
    words >> kind >> fire.case_id >> fire.event >> fire.key;
    if (kind == "applied") {
      std::string flag;
      words >> flag;
      fire.repeated = flag == "repeated";
      report.repeated += fire.repeated;
      ++report.applied_lines;
      report.applied[fire.key] = fire;
    } else if (kind == "attempt") {
      ++report.attempts;
      report.last_attempt = fire;
    } else if (kind == "conflict") {
      ++report.conflicts;
    } else if (kind == "refused") {
      ++report.refused;
    } else if (kind == "error" || kind == "error:") {
      report.errors.push_back(line);
    } else if (kind == "reconnected") {
      ++report.reconnects;
    } else if (kind == "done") {
      report.finished = true;
    } else {
      report.other.push_back(line);
    }
  }
  return report;
}

inline std::ostream& operator<<(std::ostream& out, const DriverReport& report) {
  return out << report.attempts << " attempts, " << report.applied.size() << " applied ("
             << report.repeated << " as repeated keys), " << report.conflicts << " conflicts, "
             << report.refused << " refused, " << report.errors.size() << " errors, "
             << report.reconnects << " reconnects";
}

// What the database holds about the fault-loop cases.
struct StoredFires {
  std::map<std::string, int> by_key;  // fire records by their comment (the driver's key)
  std::map<std::string, std::string> case_of_key;
  int fires = 0;
  std::int64_t records = 0;  // audit records of these cases, all kinds
};

// Checks one fault-loop case against its own audit trail: every commit is
// one fire (row_version = 1 + fires), the state is where the last fire went,
// `bumps` counts the bump fires, each go started the on_right timer and each
// back stopped it, and the timer runs exactly while the case is in `right`.
// Anything half-applied breaks one of these. Adds the case's fires to `fires`.
inline void expect_loop_case_consistent(Store& store, const std::string& id, StoredFires* fires) {
  SCOPED_TRACE("case " + id);
  std::optional<CaseRecord> row = store.load_case(id);
  ASSERT_TRUE(row.has_value());
  const std::vector<StoredAuditRecord> log = store.audit_log(id);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.front().record.kind, "open");
  int case_fires = 0, bumps = 0, gos = 0, backs = 0, starts = 0, stops = 0;
  std::string state = "left";
  for (std::size_t i = 0; i < log.size(); ++i) {
    const AuditRecord& record = log[i].record;
    EXPECT_EQ(log[i].seq, static_cast<std::int64_t>(i + 1));
    if (record.kind == "fire") {
      ++case_fires;
      ++fires->by_key[record.comment];
      fires->case_of_key[record.comment] = id;
      bumps += record.event == "bump";
      gos += record.event == "go";
      backs += record.event == "back";
      EXPECT_EQ(record.from_state, state) << "seq " << log[i].seq;
      state = record.to_state;
    }
    starts += record.kind == "timer_start";
    stops += record.kind == "timer_stop";
  }
  fires->fires += case_fires;
  fires->records += static_cast<std::int64_t>(log.size());
  EXPECT_EQ(row->row_version, 1 + case_fires);
  EXPECT_EQ(row->state, state);
  EXPECT_EQ(starts, gos);
  EXPECT_EQ(stops, backs);
  auto data = nlohmann::json::parse(row->data, nullptr, false);
  ASSERT_FALSE(data.is_discarded()) << row->data;
  ASSERT_TRUE(data.contains("bumps")) << row->data;
  const auto& stored_bumps = data["bumps"];
  EXPECT_EQ(stored_bumps.is_string() ? stored_bumps.get<std::string>() : stored_bumps.dump(),
            std::to_string(bumps))
      << row->data;
  const TimerRecord* on_right = nullptr;
  for (const auto& timer : row->timers) {
    if (timer.name == "on_right") on_right = &timer;
  }
  if (state == "right") {
    ASSERT_NE(on_right, nullptr);
    EXPECT_EQ(on_right->status, "running");
  } else if (on_right != nullptr) {
    EXPECT_EQ(on_right->status, "stopped");
  }
}

inline StoredFires expect_loop_cases_consistent(const Sandbox& sandbox,
                                                const std::vector<std::string>& ids) {
  StoredFires fires;
  std::unique_ptr<Store> store = open_store(sandbox.db());
  for (const auto& id : ids) expect_loop_case_consistent(*store, id, &fires);
  return fires;
}

// `audit verify` over every case: ok, and it checked `records` records
// (-1: any number).
inline void expect_chains_verify(const Sandbox& sandbox, std::int64_t records = -1) {
  RunResult verified = sandbox.run({"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.describe();
  if (records >= 0) {
    EXPECT_EQ(verified.last_line(), "ok " + std::to_string(records) + " records")
        << verified.describe();
  } else {
    EXPECT_EQ(verified.last_line().rfind("ok ", 0), 0u) << verified.describe();
  }
}

// `audit replay` rebuilds every case from its audit trail through the
// engine and finds each equal to the stored case.
inline void expect_replay_agrees(const Sandbox& sandbox) {
  RunResult replayed = sandbox.run({"audit", "replay"});
  EXPECT_EQ(replayed.exit_code, 0) << replayed.describe();
}

}  // namespace wageflow::fault
