// Item 6 of docs/performance.md: timers at scale. A database of N open
// cases of the reference workflow with pending timers (two cases opened
// through CaseService, then cloned with bulk INSERT ... SELECT into the
// exact schema, every column copied, so the clones' audit chains do not
// verify: the hash covers the case id). TARGET_DUE of them were opened 40
// days before the others, so their acceptance timer is past its warning and
// its due date.
//   - `timers tick` with nothing due: CaseService::tick (claim query in a
//     write transaction, nothing found), median of many; target < 1 ms;
//     the query plans of the due-timer queries (EXPLAIN QUERY PLAN) must
//     use the timers_by_next_action index and not scan a table.
//   - `timers tick` when TARGET_DUE cases are due: one tick, cases and
//     timer actions (warnings, overdue, expiries) per second.
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "bench_common.h"
#include "bench_workflows.h"
#include "engine/runtime/case_service.h"
#include "engine/runtime/folder_definitions.h"
#include "storage/queries.h"
#include "storage/storage.h"

namespace wageflow::bench {
namespace {

constexpr std::int64_t kDay = 86400;
const Instant kEarly{1735693200};                 // 2025-01-01 09:00 China
const Instant kLate{kEarly.seconds + 40 * kDay};  // 2025-02-10 09:00 China

class Database {
 public:
  explicit Database(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) fail("open");
  }
  ~Database() { sqlite3_close(db_); }
  void exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
  }
  std::vector<std::string> column(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) fail(sql);
    std::vector<std::string> values;
    while (sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(st, 0);
      values.push_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    sqlite3_finalize(st);
    return values;
  }
  // The `detail` column of EXPLAIN QUERY PLAN, one line per step.
  std::vector<std::string> plan(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &st, nullptr) !=
        SQLITE_OK) {
      fail(sql);
    }
    std::vector<std::string> lines;
    while (sqlite3_step(st) == SQLITE_ROW) {
      lines.push_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 3)));
    }
    sqlite3_finalize(st);
    return lines;
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + ": " + sqlite3_errmsg(db_));
  }
  sqlite3* db_ = nullptr;
};

// Copies every row of `table` whose `key` is `from` for ids first..last.
void clone(Database& db, const std::string& table, const std::string& key, const std::string& from,
           long long first, long long last) {
  std::string columns, values;
  for (const std::string& name : db.column("SELECT name FROM pragma_table_info('" + table + "')")) {
    columns += (columns.empty() ? "" : ", ") + name;
    values +=
        (values.empty() ? "" : ", ") + (name == key ? "printf('B-%07d', n.i)" : "src." + name);
  }
  db.exec("WITH RECURSIVE n(i) AS (SELECT " + std::to_string(first) + " UNION ALL SELECT i + 1" +
          " FROM n WHERE i < " + std::to_string(last) + ") INSERT INTO " + table + " (" + columns +
          ") SELECT " + values + " FROM n CROSS JOIN " + table + " AS src WHERE src." + key +
          " = '" + from + "'");
}

std::string open_case(CaseService& service, Instant at) {
  Command open{Command::Kind::kOpen,
               "李明",
               "clerk",
               "",
               {{"worker_name", "张三"}, {"claim_amount", "8600"}},
               ""};
  CommandResult result = service.open("bench-reference", open, at);
  if (result.status != CommandResult::Status::kDone) throw std::runtime_error(result.message);
  return result.case_id;
}

bool uses_index_only(const std::vector<std::string>& plan) {
  bool index = false;
  for (const std::string& line : plan) {
    if (line.find("timers_by_next_action") != std::string::npos) index = true;
    if (line.rfind("SCAN ", 0) == 0 && line.find(" USING ") == std::string::npos &&
        line.find("CONSTANT") == std::string::npos &&
        line.find("LIST SUBQUERY") == std::string::npos) {
      return false;
    }
  }
  return index;
}

std::string joined(const std::vector<std::string>& plan) {
  std::string text;
  for (const std::string& line : plan) text += (text.empty() ? "" : "; ") + line;
  return text;
}

int main_(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  const long long cases = sized<long long>(options, 400, 100000, 1000000);
  const long long due = sized<long long>(options, 20, 10000, 10000);
  namespace fs = std::filesystem;
  const fs::path scratch = fs::path(options.scratch) / ("timers-" + std::to_string(getpid()));
  fs::create_directories(scratch);
  const std::string workflows = make_workflows_folder(scratch.string());
  const std::string path = (scratch / "timers.db").string();

  Stopwatch generating;
  std::string early_id, late_id;
  {
    auto store = open_store("sqlite:" + path);
    FolderDefinitionSource definitions(workflows);
    CaseService service(*store, definitions);
    early_id = open_case(service, kEarly);
    late_id = open_case(service, kLate);
  }
  {
    Database db(path);
    db.exec("PRAGMA journal_mode = DELETE");
    db.exec("PRAGMA synchronous = OFF");
    db.exec("BEGIN");
    for (const auto& [table, key] :
         {std::pair{"cases", "id"}, {"timers", "case_id"}, {"audit_log", "case_id"}}) {
      clone(db, table, key, early_id, 1, due - 1);
      clone(db, table, key, late_id, due, cases - 2);
    }
    db.exec("COMMIT");
    db.exec("PRAGMA journal_mode = WAL");
  }
  std::fprintf(stderr,
               "timers: %lld open cases (%lld due at the second tick) generated in %.1f s\n", cases,
               due, generating.seconds());

  auto store = open_store("sqlite:" + path);
  FolderDefinitionSource definitions(workflows);
  CaseService service(*store, definitions);

  // Nothing due: one minute after the early cases opened.
  const Instant quiet{kEarly.seconds + 60};
  std::vector<double> tick_ms, query_ms;
  const int repeats = sized(options, 5, 200, 1000);
  for (int i = 0; i < repeats; ++i) {
    Stopwatch tick_clock;
    const TickReport report = service.tick(quiet);
    tick_ms.push_back(tick_clock.seconds() * 1000);
    Stopwatch query_clock;
    const auto ids = store->due_cases(quiet.seconds, 500);
    query_ms.push_back(query_clock.seconds() * 1000);
    if (report.cases != 0 || !ids.empty()) throw std::runtime_error("something was due");
  }
  Database db(path);
  const std::string now_text = std::to_string(quiet.seconds);
  auto bind = [&](std::string sql) {
    for (const char* name : {":now", ":free_at", ":limit"}) {
      for (std::size_t at; (at = sql.find(name)) != std::string::npos;) {
        sql.replace(at, std::string(name).size(), name == std::string(":limit") ? "500" : now_text);
      }
    }
    return sql;
  };
  const auto due_plan = db.plan(bind(kDueCasesQuery));
  const auto claim_plan = db.plan(bind(kClaimDueCasesQuery));
  std::fprintf(stderr, "EXPLAIN QUERY PLAN %s\n  %s\nEXPLAIN QUERY PLAN %s\n  %s\n", kDueCasesQuery,
               joined(due_plan).c_str(), kClaimDueCasesQuery, joined(claim_plan).c_str());
  const bool indexed = uses_index_only(due_plan) && uses_index_only(claim_plan);
  const std::string size_text = count_text(cases) + " cases";
  char figure[64];
  std::snprintf(figure, sizeof figure, "%.3f ms", median(tick_ms));
  row("6 timers tick, nothing due (" + size_text + ")", figure, "", "", "< 1 ms",
      median(tick_ms) < 1.0 && indexed ? "pass" : "miss");
  std::snprintf(figure, sizeof figure, "%.3f ms", median(query_ms));
  row("6 due-timer query alone (" + size_text + ")", figure, "", "", "", "info");
  // The plans themselves are on stderr; the row says whether they use the index.
  auto plan_figure = [](const std::vector<std::string>& plan) {
    return uses_index_only(plan) ? std::string("SEARCH via timers_by_next_action")
                                 : "not indexed: " + joined(plan);
  };
  row("6 query plan: due timers", plan_figure(due_plan), "", "", "index, no scan",
      uses_index_only(due_plan) ? "pass" : "miss");
  row("6 query plan: claim due cases", plan_figure(claim_plan), "", "", "index, no scan",
      uses_index_only(claim_plan) ? "pass" : "miss");

  // The same through the command a cron job runs, as a whole process
  // (start, open the database, tick, exit), when the binary is built.
  if (const char* build = std::getenv("WAGEFLOW_BENCH_BUILD")) {
    const std::string binary = std::string(build) + "/adapters/cli/wageflow";
    if (fs::exists(binary)) {
      const std::string command = "'" + binary + "' --db 'sqlite:" + path + "' --workflows '" +
                                  workflows +
                                  "' --now 2025-01-01T09:01:00+08:00 timers tick >/dev/null";
      std::vector<double> process_ms;
      for (int i = 0; i < sized(options, 1, 5, 5); ++i) {
        Stopwatch process_clock;
        if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
        process_ms.push_back(process_clock.seconds() * 1000);
      }
      std::snprintf(figure, sizeof figure, "%.1f ms", median(process_ms));
      row("6 `wageflow timers tick` process, nothing due (" + size_text + ")", figure, "", "", "",
          "info");
    }
  }

  // TARGET_DUE cases due: the early cases' acceptance timers are past their
  // warning and due date one minute after the late cases opened.
  const Instant busy{kLate.seconds + 60};
  Stopwatch tick_clock;
  const TickReport report = service.tick(busy);
  const double seconds = tick_clock.seconds();
  const int actions = report.counts.warned + report.counts.overdue + report.counts.expired +
                      report.counts.escalated;
  std::fprintf(stderr,
               "timers: tick with %lld due: %d cases, %d warned, %d overdue, %d expired, %d "
               "escalated, %d conflicts in %.2f s\n",
               due, report.cases, report.counts.warned, report.counts.overdue,
               report.counts.expired, report.counts.escalated, report.conflicts, seconds);
  if (report.cases != due) {
    throw std::runtime_error("the tick changed " + std::to_string(report.cases) + " cases, not " +
                             std::to_string(due));
  }
  row("6 timers tick, " + count_text(due) + " due (" + size_text + ")",
      rate(report.cases / seconds, "cases/s") + ", " + rate(actions / seconds, "actions/s"), "", "",
      "", "info");
  store.reset();
  fs::remove_all(scratch);
  return 0;
}

}  // namespace
}  // namespace wageflow::bench

int main(int argc, char** argv) {
  try {
    return wageflow::bench::main_(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_timers: %s\n", e.what());
    return 1;
  }
}
