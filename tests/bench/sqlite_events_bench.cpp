// Item 3 of docs/performance.md: durable events on SQLite through the real
// storage (CaseService: load, decide, commit of the case row, its timers and
// the audit record with its hash, one transaction per event) against raw
// single-row INSERT transactions (sqlite3 C API) of the same bytes per
// event, WAL, under synchronous=FULL and then NORMAL. Each case: open,
// accept, mediate, fail_mediation, award (5 events). Runs interleaved with
// the baseline; medians.
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "bench_common.h"
#include "bench_workflows.h"
#include "engine/runtime/case_service.h"
#include "engine/runtime/folder_definitions.h"
#include "msm_runner.h"
#include "storage/storage.h"

namespace wageflow::bench {
namespace {

constexpr int kEventsPerCase = 5;

struct WageflowRun {
  double events_per_second = 0;
  double bytes_per_event = 0;  // database size after the run / events
};

WageflowRun run_wageflow(const std::string& workflows, const std::string& db, bool normal,
                         int cases) {
  namespace fs = std::filesystem;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
  auto store = open_store("sqlite:" + db + (normal ? "?synchronous=normal" : ""));
  FolderDefinitionSource definitions(workflows);
  CaseService service(*store, definitions);
  const char* events[] = {"accept", "mediate", "fail_mediation", "award"};
  Instant now{1737682200};
  Stopwatch clock;
  for (int i = 0; i < cases; ++i) {
    Command open{Command::Kind::kOpen,
                 "李明",
                 "clerk",
                 "",
                 {{"worker_name", "张三"}, {"claim_amount", std::to_string(claim_fen(i) / 100)}},
                 ""};
    CommandResult opened = service.open("bench-reference", open, now);
    if (opened.status != CommandResult::Status::kDone) {
      throw std::runtime_error("open refused: " + opened.message);
    }
    for (const char* event : events) {
      now.seconds += 60;
      CommandResult fired = service.apply(
          opened.case_id, {Command::Kind::kFire, "李明", "clerk", event, {}, ""}, now);
      if (fired.status == CommandResult::Status::kConflict ||
          fired.status == CommandResult::Status::kNotFound) {
        throw std::runtime_error("event " + std::string(event) + ": " + fired.message);
      }
    }
  }
  const double seconds = clock.seconds();
  store.reset();
  const double bytes = static_cast<double>(fs::file_size(db));
  const double events_done = static_cast<double>(cases) * kEventsPerCase;
  return {events_done / seconds, bytes / events_done};
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

// Raw baseline: one transaction per INSERT of one row of `row_bytes` bytes.
double run_raw(const std::string& path, bool normal, int events, int row_bytes) {
  namespace fs = std::filesystem;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  sqlite3* db = nullptr;
  check(sqlite3_open(path.c_str(), &db), db, "open");
  auto exec = [&](const std::string& sql) {
    check(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), db, sql.c_str());
  };
  exec("PRAGMA journal_mode = WAL");
  exec(std::string("PRAGMA synchronous = ") + (normal ? "NORMAL" : "FULL"));
  exec("CREATE TABLE events (id INTEGER PRIMARY KEY, case_id TEXT, payload TEXT)");
  sqlite3_stmt* insert = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO events (case_id, payload) VALUES (?, ?)", -1, &insert,
                           nullptr),
        db, "prepare");
  const std::string payload(static_cast<std::size_t>(row_bytes), 'x');
  Stopwatch clock;
  for (int i = 0; i < events; ++i) {
    exec("BEGIN IMMEDIATE");
    const std::string id = "2025-" + std::to_string(100000 + i / kEventsPerCase);
    sqlite3_bind_text(insert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 2, payload.c_str(), static_cast<int>(payload.size()), SQLITE_STATIC);
    check(sqlite3_step(insert), db, "insert");
    sqlite3_reset(insert);
    exec("COMMIT");
  }
  const double seconds = clock.seconds();
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return events / seconds;
}

int main_(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  const int cases = sized(options, 4, 100, 400);
  namespace fs = std::filesystem;
  const fs::path scratch =
      fs::path(options.scratch) / ("sqlite-events-" + std::to_string(getpid()));
  fs::create_directories(scratch);
  const std::string workflows = make_workflows_folder(scratch.string());
  // The row size of the baseline: the bytes the database holds per event
  // after a short calibration run (case row, timers, audit record, indexes).
  const WageflowRun calibration =
      run_wageflow(workflows, (scratch / "calibrate.db").string(), true, 20);
  const int row_bytes = static_cast<int>(calibration.bytes_per_event);
  std::fprintf(stderr, "sqlite events: %d cases x %d events; baseline rows of %d bytes\n", cases,
               kEventsPerCase, row_bytes);
  for (bool normal : {false, true}) {
    std::vector<double> ours, raw;
    for (int run = 0; run < options.runs; ++run) {
      ours.push_back(run_wageflow(workflows, (scratch / "wageflow.db").string(), normal, cases)
                         .events_per_second);
      raw.push_back(
          run_raw((scratch / "raw.db").string(), normal, cases * kEventsPerCase, row_bytes));
      std::fprintf(stderr, "synchronous=%s run %d: wageflow %s, raw %s\n",
                   normal ? "NORMAL" : "FULL", run + 1, rate(ours.back(), "ev/s").c_str(),
                   rate(raw.back(), "tx/s").c_str());
    }
    const std::string workload = std::string("3 durable events SQLite synchronous=") +
                                 (normal ? "NORMAL" : "FULL") + " vs raw INSERT tx (" +
                                 count_text(cases * kEventsPerCase) + " ev)";
    compared_row(workload, median(ours), median(raw), "ev/s", normal ? 0.5 : 0.7);
  }
  fs::remove_all(scratch);
  return 0;
}

}  // namespace
}  // namespace wageflow::bench

int main(int argc, char** argv) {
  // As `wageflow` itself runs (adapters/cli/main.cpp); process-wide, so
  // the raw baseline runs the same way.
  wageflow::use_sqlite_without_memory_statistics();
  try {
    return wageflow::bench::main_(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_sqlite_events: %s\n", e.what());
    return 1;
  }
}
