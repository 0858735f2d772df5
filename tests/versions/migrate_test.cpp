// `wageflow migrate`: a population of running cases on version 1 moved to a
// version 2 that renames a state, removes a timer, adds a timer and a
// required field (docs/workflow-versions.md).
#include <map>

#include "versions/support/versions_sandbox.h"

namespace wageflow::versions {
namespace {

constexpr const char* kMigrationTime = "2025-03-20T10:00:00+08:00";
constexpr int kCases = 30;

// The cases opened for a test, by where they stand before the migration.
struct Population {
  std::vector<std::string> all;
  std::vector<std::string> open;          // not closed: what a migration moves
  std::vector<std::string> in_mediation;  // becomes conciliation
  std::vector<std::string> closed;
  std::string suspended;  // in mediation, suspended
};

// Case i is opened on one of five days and then advanced: intake (i % 6 in
// 0, 1), accepted (2), mediation (3, 4), hearing (5); case 11 settles
// (closed), case 3 is suspended in mediation; a tick on 03-12 makes the
// acceptance timers of the cases still in intake overdue.
Population make_population(const VersionsSandbox& s) {
  Population p;
  for (int i = 0; i < kCases; ++i) {
    const std::string day = "2025-03-0" + std::to_string(3 + i % 5);
    const std::string next_day = "2025-03-1" + std::to_string(i % 5);
    const std::string id =
        s.ok({"case", "open", kWorkflow, "--actor", "clerk", "--role", "intake_clerk", "--set",
              "worker_name=工人" + std::to_string(i), "--set", "employer=某建筑公司", "--set",
              "region=长春市", "--set", "claim_amount=" + std::to_string(5000 + i * 100)},
             day + "T09:00:00+08:00")
            .last_line();
    p.all.push_back(id);
    const int kind = i % 6;
    if (kind >= 2) {
      s.ok({"case", "fire", id, "accept", "--actor", "clerk", "--role", "intake_clerk"}, next_day);
    }
    if (kind >= 3) {
      s.ok({"case", "fire", id, "start_mediation", "--actor", "m", "--role", "mediator"},
           next_day + "T15:00:00+08:00");
    }
    if (kind == 5) {
      s.ok({"case", "fire", id, "fail_mediation", "--actor", "m", "--role", "mediator", "--set",
            "hearing_date=2025-04-01"},
           next_day + "T16:00:00+08:00");
    }
    if (i == 11) {
      s.ok({"case", "fire", id, "settle", "--actor", "a", "--role", "arbitrator", "--set",
            "recovered_amount=3000"},
           next_day + "T17:00:00+08:00");
      p.closed.push_back(id);
      continue;
    }
    if (i == 3) {
      s.ok({"case", "suspend", id, "--actor", "a", "--role", "arbitrator", "--comment", "鉴定"},
           next_day + "T17:00:00+08:00");
      p.suspended = id;
    }
    if (kind == 3 || kind == 4) p.in_mediation.push_back(id);
    p.open.push_back(id);
  }
  s.ok({"timers", "tick"}, "2025-03-12T09:00:00+08:00");
  s.ok({"publish", s.v1_file, "--actor", "alice"}, "2025-03-01");
  s.ok({"publish", s.v2_file, "--actor", "alice"}, "2025-03-15");
  return p;
}

std::vector<std::string> migrate_command(const std::vector<std::string>& extra) {
  std::vector<std::string> command = {"migrate", kWorkflow, "--from",  "1",
                                      "--to",    "2",       "--actor", "admin"};
  command.insert(command.end(), extra.begin(), extra.end());
  return command;
}

const std::vector<std::string> kFullOptions = {"--map", "mediation=conciliation", "--set",
                                               "case_officer=李四", "--start-new-timers"};

// name -> timer object, of one case of `case list --json`.
std::map<std::string, Json> timers_of(const Json& cases, const std::string& id) {
  std::map<std::string, Json> timers;
  for (const auto& c : cases) {
    if (c["id"] != id) continue;
    for (const auto& t : c["timers"]) timers[t["name"].get<std::string>()] = t;
  }
  return timers;
}

Json case_of(const Json& cases, const std::string& id) {
  for (const auto& c : cases) {
    if (c["id"] == id) return c;
  }
  return Json();
}

int migrate_records(const VersionsSandbox& s, const std::string& id) {
  int count = 0;
  for (const std::string& line : s.ok({"audit", "log", id}).lines()) {
    if (line.find(" migrate: ") != std::string::npos) ++count;
  }
  return count;
}

void expect_trails_hold(const VersionsSandbox& s) {
  RunResult verified = s.run({"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.describe();
  RunResult replayed = s.run({"audit", "replay"});
  EXPECT_EQ(replayed.exit_code, 0) << replayed.describe();
  EXPECT_EQ(replayed.out, "ok " + std::to_string(kCases) + " cases\n") << replayed.describe();
}

class Migration : public e2e::OnEveryBackend {};

TEST_P(Migration, RefusesUnmappedStatesAndAMissingRequiredFieldAndWritesNothing) {
  VersionsSandbox s(backend());
  const Population p = make_population(s);
  ASSERT_FALSE(HasFailure());
  const std::string before = s.content("before.jsonl");

  RunResult bare = s.run(migrate_command({}), kMigrationTime);
  EXPECT_EQ(bare.exit_code, 1) << bare.describe();
  for (const std::string& id : p.open) {
    const bool mediation =
        std::find(p.in_mediation.begin(), p.in_mediation.end(), id) != p.in_mediation.end();
    const std::string expected =
        "case " + id + ": refused: " +
        (mediation ? "state mediation is not in v2; map it with --map mediation=STATE"
                   : "v2 requires field case_officer, which the case lacks: supply it with --set "
                     "case_officer=VALUE");
    EXPECT_NE(bare.out.find(expected + "\n"), std::string::npos) << expected << "\n"
                                                                 << bare.describe();
  }
  // Mapped but still without the field: refused all the same.
  RunResult mapped = s.run(migrate_command({"--map", "mediation=conciliation"}), kMigrationTime);
  EXPECT_EQ(mapped.exit_code, 1) << mapped.describe();
  EXPECT_NE(mapped.out.find("migrated 0 case(s)"), std::string::npos) << mapped.describe();
  EXPECT_EQ(s.content("after.jsonl"), before);

  // Supplied: every open case moves.
  RunResult supplied = s.run(migrate_command(kFullOptions), kMigrationTime);
  EXPECT_EQ(supplied.exit_code, 0) << supplied.describe();
  const Json cases = s.cases();
  for (const std::string& id : p.open) {
    Json c = case_of(cases, id);
    EXPECT_EQ(c["version"], 2) << c;
    EXPECT_EQ(s.json({"case", "show", id, "--json"})["data"]["case_officer"], "李四") << id;
  }
  for (const std::string& id : p.closed) EXPECT_EQ(case_of(cases, id)["version"], 1) << id;
  for (const std::string& id : p.in_mediation)
    EXPECT_EQ(case_of(cases, id)["state"], "conciliation");
  expect_trails_hold(s);
}

// Back to an older version (a faulty one rolled back) is the same command
// with the same checks: here v1 has no field case_officer, which every
// migrated case now holds, so each case is refused and none is touched.
TEST_P(Migration, MovingBackToAnOlderVersionIsCheckedLikeAnyMigration) {
  VersionsSandbox s(backend());
  const Population p = make_population(s);
  ASSERT_FALSE(HasFailure());
  ASSERT_EQ(s.run(migrate_command(kFullOptions), kMigrationTime).exit_code, 0);
  const std::string before = s.content("before.jsonl");
  RunResult back = s.run({"migrate", kWorkflow, "--from", "2", "--to", "1", "--actor", "admin",
                          "--map", "conciliation=mediation"},
                         "2025-03-21T10:00:00+08:00");
  EXPECT_EQ(back.exit_code, 1) << back.describe();
  for (const std::string& id : p.open) {
    const std::string expected = "case " + id +
                                 ": refused: field case_officer has a value but v1 has no such "
                                 "field, and a migration drops no value; publish a version that "
                                 "keeps the field and migrate to that\n";
    EXPECT_NE(back.out.find(expected), std::string::npos) << expected << "\n" << back.describe();
  }
  EXPECT_EQ(s.content("after.jsonl"), before);
  expect_trails_hold(s);
}

TEST_P(Migration, DryRunPrintsThePlanOfTheRealRunAndWritesNothing) {
  VersionsSandbox s(backend());
  const Population p = make_population(s);
  ASSERT_FALSE(HasFailure());
  const std::string before = s.content("before.jsonl");
  std::vector<std::string> dry_command = migrate_command(kFullOptions);
  dry_command.push_back("--dry-run");
  RunResult dry = s.run(dry_command, kMigrationTime);
  EXPECT_EQ(dry.exit_code, 0) << dry.describe();
  EXPECT_NE(dry.out.find("nothing was written"), std::string::npos) << dry.describe();
  EXPECT_EQ(s.content("after-dry-run.jsonl"), before);

  RunResult real = s.run(migrate_command(kFullOptions), kMigrationTime);
  EXPECT_EQ(real.exit_code, 0) << real.describe();
  EXPECT_EQ(plan_lines(dry), plan_lines(real));
  EXPECT_NE(real.out.find("migrated " + std::to_string(p.open.size()) + " case(s)"),
            std::string::npos)
      << real.describe();
  EXPECT_NE(s.content("after.jsonl"), before);
  // Each open case has its plan: one header line.
  int headers = 0;
  for (const std::string& line : plan_lines(real)) headers += line.rfind("case ", 0) == 0;
  EXPECT_EQ(headers, static_cast<int>(p.open.size())) << real.describe();
}

TEST_P(Migration, KeepsUnchangedTimersExactlyStopsRemovedOnesAndStartsNewOnesWhenAsked) {
  VersionsSandbox s(backend());
  const Population p = make_population(s);
  ASSERT_FALSE(HasFailure());
  const Json before = s.cases();
  RunResult run = s.run(migrate_command(kFullOptions), kMigrationTime);
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  const Json after = s.cases();
  const std::string due =
      s.ok({"deadline", "--calendar", "cn-mainland", "--from", "2025-03-20", "--add", "15 days"})
          .last_line();
  int overdue_kept = 0;
  for (const std::string& id : p.open) {
    SCOPED_TRACE(id);
    auto old_timers = timers_of(before, id);
    auto new_timers = timers_of(after, id);
    for (const char* kept : {"acceptance_decision", "award_limit"}) {
      if (!old_timers.count(kept)) {
        EXPECT_FALSE(new_timers.count(kept)) << kept;
        continue;
      }
      EXPECT_EQ(new_timers[kept], old_timers[kept]) << kept;  // due date, status, everything
      overdue_kept += old_timers[kept]["status"] == "overdue";
    }
    EXPECT_FALSE(new_timers.count("closure_target"));
    if (old_timers.count("closure_target")) {
      EXPECT_NE(run.out.find("  timer closure_target: " +
                             old_timers["closure_target"]["due"].get<std::string>() +
                             " -> - stopped (removed in v2)"),
                std::string::npos);
    }
    const bool conciliation =
        std::find(p.in_mediation.begin(), p.in_mediation.end(), id) != p.in_mediation.end();
    ASSERT_EQ(new_timers.count("conciliation_limit"), conciliation ? 1u : 0u);
    if (conciliation) {
      EXPECT_EQ(new_timers["conciliation_limit"]["due"], due);
      EXPECT_EQ(new_timers["conciliation_limit"]["status"],
                id == p.suspended ? "paused" : "running");
    }
  }
  EXPECT_GT(overdue_kept, 0) << "the population has overdue timers";
  expect_trails_hold(s);
}

TEST_P(Migration, WithoutStartNewTimersNewTimersDoNotStart) {
  VersionsSandbox s(backend());
  const Population p = make_population(s);
  ASSERT_FALSE(HasFailure());
  RunResult run =
      s.run(migrate_command({"--map", "mediation=conciliation", "--set", "case_officer=李四"}),
            kMigrationTime);
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  const Json after = s.cases();
  for (const std::string& id : p.in_mediation) {
    EXPECT_FALSE(timers_of(after, id).count("conciliation_limit")) << id;
    EXPECT_NE(run.out.find("case " + id + ": v1 -> v2, state mediation -> conciliation\n"),
              std::string::npos)
        << run.describe();
  }
  EXPECT_NE(run.out.find("  timer conciliation_limit: - -> - not started (new in v2; "
                         "--start-new-timers not given)"),
            std::string::npos)
      << run.describe();
  expect_trails_hold(s);
}

TEST_P(Migration, AnInterruptedMigrationResumesAndMigratesNoCaseTwice) {
  VersionsSandbox s(backend());
  const Population p = make_population(s);
  ASSERT_FALSE(HasFailure());
  // Half by --case, then a run that crashes after 5 more cases, then the
  // whole command again.
  std::vector<std::string> half = migrate_command(kFullOptions);
  for (std::size_t k = 0; k < p.open.size() / 2; ++k) {
    half.push_back("--case");
    half.push_back(p.open[k]);
  }
  EXPECT_EQ(s.run(half, kMigrationTime).exit_code, 0);

  std::vector<std::string> argv = {
      Sandbox::binary(), "--db",        s.db(), "--workflows", (s.dir() / "workflows").string(),
      "--now",           kMigrationTime};
  for (const auto& part : migrate_command(kFullOptions)) argv.push_back(part);
  RunResult crashed = s.run_raw(argv, {"WAGEFLOW_TEST_MIGRATE_CRASH_AFTER=5"});
  EXPECT_EQ(crashed.exit_code, 137) << crashed.describe();
  int on_v2 = 0;
  for (const auto& c : s.cases()) on_v2 += c["version"] == 2;
  EXPECT_EQ(on_v2, static_cast<int>(p.open.size() / 2) + 5);

  RunResult resumed = s.run(migrate_command(kFullOptions), kMigrationTime);
  EXPECT_EQ(resumed.exit_code, 0) << resumed.describe();
  const std::size_t rest = p.open.size() - p.open.size() / 2 - 5;
  EXPECT_NE(resumed.out.find("migrated " + std::to_string(rest) + " case(s) of " +
                             std::string(kWorkflow) + " from v1 to v2; 0 refused; " +
                             std::to_string(p.open.size() - rest) + " already on v2"),
            std::string::npos)
      << resumed.describe();
  for (const std::string& id : p.open) EXPECT_EQ(migrate_records(s, id), 1) << id;
  for (const std::string& id : p.closed) EXPECT_EQ(migrate_records(s, id), 0) << id;

  RunResult again = s.run(migrate_command(kFullOptions), kMigrationTime);
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_NE(again.out.find("migrated 0 case(s)"), std::string::npos) << again.describe();
  expect_trails_hold(s);
}

TEST_P(Migration, WorkflowsJsonCountsTheOpenCasesOfEachVersion) {
  VersionsSandbox s(backend());
  const Population p = make_population(s);
  ASSERT_FALSE(HasFailure());
  Json before = s.json({"workflows", "--json"});
  EXPECT_EQ(version_entry(before, 1)["active_cases"], p.open.size()) << before;
  EXPECT_EQ(version_entry(before, 2)["active_cases"], 0) << before;
  std::vector<std::string> some = migrate_command(kFullOptions);
  for (std::size_t k = 0; k < 7; ++k) {
    some.push_back("--case");
    some.push_back(p.open[k]);
  }
  s.ok(some, kMigrationTime);
  Json after = s.json({"workflows", "--json"});
  EXPECT_EQ(version_entry(after, 1)["active_cases"], p.open.size() - 7) << after;
  EXPECT_EQ(version_entry(after, 2)["active_cases"], 7) << after;
  EXPECT_EQ(version_entry(after, 2)["new_cases"], true) << after;
}

TEST_P(Migration, AMigratedCaseSurvivesExportAndImport) {
  VersionsSandbox s(backend());
  const Population p = make_population(s);
  ASSERT_FALSE(HasFailure());
  s.ok(migrate_command(kFullOptions), kMigrationTime);
  const std::string file = (s.dir() / "export.jsonl").string();
  s.ok({"export", "--out", file});

  Sandbox target(e2e::kSqlite);
  target.set_workflows((s.dir() / "workflows").string());
  RunResult imported = target.run({"import", file});
  ASSERT_EQ(imported.exit_code, 0) << imported.describe();
  RunResult replayed = target.run({"audit", "replay"});
  EXPECT_EQ(replayed.exit_code, 0) << replayed.describe();
  EXPECT_EQ(target.run({"audit", "verify"}).exit_code, 0);
  // The published versions went along: the same versions, authors and counts.
  EXPECT_EQ(target.run({"workflows"}).out, s.run({"workflows"}).out);
  const std::string again = (target.dir() / "again.jsonl").string();
  ASSERT_EQ(target.run({"export", "--out", again}).exit_code, 0);
  EXPECT_EQ(e2e::read_file(again), e2e::read_file(file));
}

// A provisional due date kept by a migration (the new version counts the
// timer the same way) is counted again like any other once its year is in
// the calendar, along its whole course: the suspension before the
// migration and the resumption after it. The trail still replays.
TEST_P(Migration, TimersRecomputeCountsADueDateKeptByAMigrationAcrossIt) {
  VersionsSandbox s(backend());
  // Opened Mon 2026-12-21 (due 12-28), suspended Tue 12-22 with 4 working
  // days left, migrated while suspended, resumed Tue 12-29: 12-30, 12-31,
  // 01-01 (judged a working day: 2027 is not listed), 01-04. With 01-01 a
  // holiday: 01-05.
  const std::string id =
      s.ok({"case", "open", kWorkflow, "--actor", "clerk", "--role", "intake_clerk", "--set",
            "worker_name=工人", "--set", "employer=某建筑公司", "--set", "region=长春市", "--set",
            "claim_amount=5000"},
           "2026-12-21T09:00:00+08:00")
          .last_line();
  s.ok({"case", "suspend", id, "--actor", "a", "--role", "arbitrator", "--comment", "鉴定"},
       "2026-12-22T10:00:00+08:00");
  s.ok({"publish", s.v1_file, "--actor", "alice"}, "2026-12-22T11:00:00+08:00");
  s.ok({"publish", s.v2_file, "--actor", "alice"}, "2026-12-22T12:00:00+08:00");
  RunResult migrated =
      s.ok(migrate_command({"--set", "case_officer=李四"}), "2026-12-23T10:00:00+08:00");
  ASSERT_NE(migrated.out.find("acceptance_decision: 2026-12-28 -> 2026-12-28 kept (paused)"),
            std::string::npos)
      << migrated.describe();
  s.ok({"case", "resume", id, "--actor", "a", "--role", "arbitrator"}, "2026-12-29T10:00:00+08:00");
  const std::string head = id + " acceptance_decision: due 2027-01-04 (provisional)";

  RunResult before = s.run({"timers", "recompute"}, "2026-12-30T09:00:00+08:00");
  EXPECT_EQ(before.out,
            "counted again 0 due date(s) of 0 case(s); 1 still provisional (their year is not in "
            "the calendar yet); 0 to count by hand\n")
      << before.describe();

  // 2027 INVENTED here (New Year's Day a holiday); never copy it into
  // workflows/calendars.
  const path calendar = path(s.v1_file).parent_path() / "calendars" / "cn-mainland.yaml";
  e2e::write_file(calendar, e2e::read_file(calendar) +
                                "  2027:\n    holidays: ['2027-01-01']\n    workdays: []\n");
  RunResult recount = s.run({"timers", "recompute"}, "2026-12-30T09:00:00+08:00");
  EXPECT_EQ(recount.exit_code, 0) << recount.describe();
  EXPECT_EQ(recount.out, head +
                             " -> 2027-01-05\n"
                             "counted again 1 due date(s) of 1 case(s); 0 still provisional "
                             "(their year is not in the calendar yet); 0 to count by hand\n")
      << recount.describe();
  RunResult replayed = s.run({"audit", "replay"});
  EXPECT_EQ(replayed.exit_code, 0) << replayed.describe();
  EXPECT_EQ(replayed.out, "ok 1 cases\n") << replayed.describe();
}

WAGEFLOW_ON_EVERY_BACKEND(Migration);

}  // namespace
}  // namespace wageflow::versions
