// The server's own life: graceful shutdown on SIGTERM (a request in flight
// completes and is committed), and timers ticked by the server itself at
// the server's clock, once per threshold even with several servers on one
// database.
#include <thread>

#include "api/support/fixture.h"
#include "e2e/support/case_checks.h"

namespace wageflow::api {
namespace {

class Lifecycle : public ApiTest {
 protected:
  ServeSettings settings() const override {
    ServeSettings s;
    s.tick_interval = 3600;  // a tick at start and whenever the test clock moves
    return s;
  }

  void move_clock(int port, const std::string& now) const {
    Reply reply = ApiClient(port).post_json("/test/clock", {{"now", now}});
    ASSERT_EQ(reply.status, 200) << reply.describe();
  }

  // Polls `done` for up to 20 s.
  template <typename Condition>
  static bool eventually(Condition done) {
    for (int i = 0; i < 200; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // Runs `sql` on the server's database behind its back.
  void tamper(const std::string& sql) const {
    const Sandbox& sandbox = server_->sandbox();
    if (sandbox.backend() == kPostgresql) {
      EXPECT_EQ(wageflow::testing::postgres_exec(sandbox.db(), sql), "");
    } else {
      RunResult tampered = sandbox.run_raw({"/usr/bin/sqlite3", sandbox.db(), sql});
      EXPECT_EQ(tampered.exit_code, 0) << tampered.describe();
    }
  }

  std::string timer_status(const std::string& id, const std::string& timer) const {
    const Json timers = show(id)["timers"];
    for (const auto& t : timers) {
      if (t["name"] == timer) return t["status"];
    }
    return "";
  }
};

TEST_P(Lifecycle, SigtermFinishesTheRequestInFlightAndCommitsIt) {
  const std::string id = open_fasttrack();
  const std::string body = Json{{"event", "accept"}, {"comment", "材料齐全"}}.dump();
  ApiClient::RawConnection slow(server_->port());
  ASSERT_TRUE(slow.connected());
  slow.send("POST /api/cases/" + id + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            "Authorization: Bearer " + clerk_token_ + "\r\nContent-Type: application/json\r\n" +
            "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
            body.substr(0, 10));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  server_->signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // No new connection is taken once the server is stopping.
  EXPECT_FALSE(ApiClient::RawConnection(server_->port()).connected());

  slow.send(body.substr(10));
  const std::string answer = slow.read_all(10000);
  EXPECT_EQ(raw_status(answer), 200) << answer;
  EXPECT_NE(answer.find("\"state\":\"accepted\""), std::string::npos) << answer;

  RunResult stopped = server_->stop(0);  // already signalled: just collect it
  EXPECT_EQ(stopped.exit_code, 0) << stopped.describe();
  EXPECT_NE(stopped.out.find("stopped"), std::string::npos) << stopped.describe();
  EXPECT_NE(stopped.err.find("SIGTERM received"), std::string::npos);

  RunResult shown = server_->cli({"case", "show", id, "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.describe();
  EXPECT_EQ(Json::parse(shown.out)["state"], "accepted");
  RunResult log = server_->cli({"audit", "log", id});
  EXPECT_NE(log.out.find("李明 (intake_clerk) fire accept: intake -> accepted"), std::string::npos)
      << log.out;
}

TEST_P(Lifecycle, TheServerTicksTimersAtItsOwnClock) {
  const std::string id = open_fasttrack();  // acceptance_decision due 2025-02-07, warning 02-06
  EXPECT_EQ(timer_status(id, "acceptance_decision"), "running");
  move_clock(server_->port(), "2025-02-06T08:00:00+08:00");
  EXPECT_TRUE(eventually([&] { return timer_status(id, "acceptance_decision") == "warned"; }))
      << show(id);
  move_clock(server_->port(), "2025-02-08T09:00:00+08:00");
  EXPECT_TRUE(eventually([&] { return timer_status(id, "acceptance_decision") == "overdue"; }))
      << show(id);
  const Json records = director().get("/api/cases/" + id + "/audit").json()["records"];
  std::vector<std::string> timer_work;
  for (const auto& r : records) {
    if (r["actor"] == "system") timer_work.push_back(r["kind"]);
  }
  EXPECT_EQ(timer_work, (std::vector<std::string>{"timer_warn", "timer_overdue", "escalate"}));
  EXPECT_EQ(director().get("/api/cases?overdue=true").json()["cases"].size(), 1u);
}

// A case the server cannot tick (here its stored state was damaged behind
// its back) is named in the log, and the others are ticked; once it is
// repaired the next tick takes it: its claim was released.
TEST_P(Lifecycle, NamesACaseItCannotTickAndTicksItOnceRepaired) {
  const std::string damaged = open_fasttrack();  // acceptance_decision due 2025-02-07
  const std::string sound = open_fasttrack();
  const std::string where = " WHERE id = '" + damaged + "'";
  tamper("UPDATE cases SET state = 'nowhere'" + where);
  move_clock(server_->port(), "2025-02-08T09:00:00+08:00");
  const std::string named = "tick: case " + damaged + " not ticked, its deadlines are not watched";
  EXPECT_TRUE(eventually([&] { return server_->log().find(named) != std::string::npos; }))
      << server_->log();
  EXPECT_EQ(timer_status(sound, "acceptance_decision"), "overdue");

  tamper("UPDATE cases SET state = 'intake'" + where);
  move_clock(server_->port(), "2025-02-08T09:01:00+08:00");
  EXPECT_TRUE(eventually([&] { return timer_status(damaged, "acceptance_decision") == "overdue"; }))
      << show(damaged);
}

// An expiry event the workflow's row does not take (a field its row
// requires is unset) is logged once as a warning naming the case, for
// staff to move it on; the case stays where it is.
TEST_P(Lifecycle, LogsACaseWhoseExpiryEventWasNotFired) {
  Sandbox& sandbox = server_->sandbox();
  const fs::path workflows = sandbox.dir() / "own-workflows";
  fs::create_directories(workflows);
  fs::copy(std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars", workflows / "calendars");
  std::string text =
      e2e::read_file(std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/wage-arbitration.yaml");
  const std::string row =
      "  - event: answer_period_lapsed\n    from: answer_period\n    to: pre_hearing\n";
  ASSERT_NE(text.find(row), std::string::npos);
  text.replace(text.find(row), row.size(), row + "    requires: [hearing_date]\n");
  e2e::write_file(workflows / "wage-arbitration.yaml", text);
  sandbox.set_workflows(workflows.string());  // the CLI's; the server reads the stored text
  const std::string id = e2e::answer_of(
      sandbox,
      {"case", "open", "wage-arbitration", "--actor", "李明", "--role", "intake_clerk", "--set",
       "worker_name=刘强", "--set", "employer=松原市恒基建设有限公司", "--set", "region=松原市",
       "--set", "claim_amount=32000"},
      "2025-03-03");
  e2e::answer_of(sandbox,
                 {"case", "fire", id, "accept", "--actor", "李明", "--role", "intake_clerk"},
                 "2025-03-04");
  ASSERT_EQ(e2e::answer_of(sandbox,
                           {"case", "fire", id, "serve_copy", "--actor", "吴磊", "--role",
                            "tribunal_clerk", "--set", "arbitrator_name=孙伟"},
                           "2025-03-05"),
            "answer_period");

  move_clock(server_->port(), "2025-03-20T00:10:00+08:00");  // answer_period due 03-19
  const std::string named = "tick: case " + id +
                            ", timer answer_period expired: event answer_period_lapsed was not "
                            "fired from state answer_period: it requires hearing_date (开庭日期) "
                            "to be set; the case stays in state answer_period for staff to move on";
  EXPECT_TRUE(eventually([&] { return server_->log().find(named) != std::string::npos; }))
      << server_->log();
  const Json stuck = show(id);
  EXPECT_EQ(stuck["state"], "answer_period");
  EXPECT_EQ(timer_status(id, "answer_period"), "expired");
  // The case view says why under the timer: the trail knows, the case row not.
  std::string why;
  for (const Json& timer : stuck["timers"]) {
    if (timer["name"] == "answer_period") why = timer.value("expiry_not_fired", "");
  }
  EXPECT_EQ("tick: case " + id + ", timer answer_period expired: " + why, named) << stuck.dump(2);
  // Listed with the overdue cases, saying why there too.
  const Json overdue = director().get("/api/cases?overdue=true").json();
  std::string listed_why;
  for (const Json& listed : overdue["cases"]) {
    if (listed["id"] != id) continue;
    for (const Json& timer : listed["timers"]) {
      if (timer["name"] == "answer_period") listed_why = timer.value("expiry_not_fired", "");
    }
  }
  EXPECT_EQ(listed_why, why) << overdue.dump(2);
}

TEST_P(Lifecycle, SeveralServersOnOneDatabaseApplyEachThresholdOnce) {
  constexpr int kCases = 12;
  std::vector<std::string> ids;
  for (int i = 0; i < kCases; ++i) ids.push_back(open_fasttrack());
  int second_port = 0;
  auto second = server_->start_another(&second_port);

  // Both servers' clocks pass the warning date at once, and both tick.
  std::thread first_moves([&] { move_clock(server_->port(), "2025-02-06T08:00:00+08:00"); });
  move_clock(second_port, "2025-02-06T08:00:00+08:00");
  first_moves.join();
  EXPECT_TRUE(eventually([&] {
    for (const auto& id : ids) {
      if (timer_status(id, "acceptance_decision") != "warned") return false;
    }
    return true;
  }));
  // Both tick once more, then stop: SIGTERM lets a tick in progress
  // finish, so nothing either server does is still to come when the
  // warnings are counted (by a restarted server, its clock back before the
  // warning date).
  move_clock(second_port, "2025-02-06T08:00:00+08:00");
  move_clock(server_->port(), "2025-02-06T08:00:00+08:00");
  second->kill(SIGTERM);
  EXPECT_EQ(second->wait().exit_code, 0);
  EXPECT_EQ(server_->stop().exit_code, 0);
  server_->start();
  for (const auto& id : ids) {
    const Json records = director().get("/api/cases/" + id + "/audit").json()["records"];
    int warnings = 0;
    for (const auto& r : records) warnings += r["kind"] == "timer_warn";
    EXPECT_EQ(warnings, 1) << "case " << id;
  }
  RunResult verify = server_->cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.describe();
}

// A kept-alive connection carries 100 requests (ServerOptions), one after
// another; the last answer says "Connection: close" and the server closes
// the connection, so the client opens another.
TEST_P(Lifecycle, AKeptAliveConnectionCarriesAHundredRequestsThenCloses) {
  ApiClient::RawConnection connection(server_->port());
  ASSERT_TRUE(connection.connected());
  int answered = 0;
  std::string last;
  for (int i = 0; i < 120; ++i) {
    connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    std::string answer = connection.read_answer(5000);
    if (answer.empty()) break;
    ASSERT_EQ(raw_status(answer), 200) << "request " << i + 1 << ": " << answer;
    ++answered;
    last = std::move(answer);
    if (answered < 100) {
      ASSERT_EQ(last.find("Connection: close"), std::string::npos) << "request " << answered;
    }
  }
  EXPECT_EQ(answered, 100);
  EXPECT_NE(last.find("Connection: close\r\n"), std::string::npos) << last;
}

WAGEFLOW_API_ON_EVERY_BACKEND(Lifecycle);

// A server on a copy of the shipped workflows, its clock on Mon 2026-12-28:
// the acceptance timer of a case opened then is due 2027-01-04,
// provisional (2027 is not in the shipped calendar).
class ServerRecount : public Lifecycle {
 protected:
  ServeSettings settings() const override {
    ServeSettings s = Lifecycle::settings();
    s.now = "2026-12-28T09:00:00+08:00";
    return s;
  }
  void add_users() override {
    const fs::path workflows = server_->sandbox().dir() / "workflows";
    fs::create_directories(workflows);
    fs::copy(std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/wage-arbitration-fasttrack.yaml",
             workflows);
    fs::copy(std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars", workflows / "calendars");
    server_->sandbox().set_workflows(workflows.string());
    calendar_ = workflows / "calendars" / "cn-mainland.yaml";
  }

  std::string acceptance_due(const std::string& id) const {
    const Json timers = show(id)["timers"];
    for (const auto& t : timers) {
      if (t["name"] == "acceptance_decision") {
        return t["due"].get<std::string>() + (t.value("provisional", false) ? " provisional" : "");
      }
    }
    return "";
  }

  fs::path calendar_;
};

// The calendar gains 2027 (INVENTED here: New Year's Day a holiday; never
// copy it into workflows/calendars) and the server is restarted, as
// docs/deadlines.md says to deploy it: before its first tick the server
// counts the provisional due date again, as `timers recompute` would.
TEST_P(ServerRecount, CountsProvisionalDueDatesAgainWhenItStarts) {
  const std::string id = open_fasttrack();
  ASSERT_EQ(acceptance_due(id), "2027-01-04 provisional") << show(id);
  const std::size_t records_at_open = audit_records(id);
  // Restarted with the calendar as it was: the recount runs (its log line
  // is awaited, so this cannot pass before it did) and writes nothing.
  server_->stop();
  server_->start();
  const std::string unchanged =
      "counted again 0 provisional due date(s) of 0 case(s) on the calendars as they are now; 1 "
      "still provisional (their year is not in the calendar yet); 0 to count by hand; 0 skipped "
      "by conflicts";
  EXPECT_TRUE(eventually([&] { return server_->log().find(unchanged) != std::string::npos; }))
      << server_->log();
  EXPECT_EQ(acceptance_due(id), "2027-01-04 provisional");
  EXPECT_EQ(audit_records(id), records_at_open);
  server_->stop();
  e2e::write_file(calendar_, e2e::read_file(calendar_) +
                                 "  2027:\n    holidays: ['2027-01-01']\n    workdays: []\n");
  server_->start();
  EXPECT_TRUE(eventually([&] { return acceptance_due(id) == "2027-01-05"; })) << show(id);
  const Json records = director().get("/api/cases/" + id + "/audit").json()["records"];
  int recounts = 0;
  for (const auto& r : records)
    recounts += r["kind"] == "timer_recompute" && r["actor"] == "system";
  EXPECT_EQ(recounts, 1);

  RunResult stopped = server_->stop();
  EXPECT_NE(stopped.err.find("counted again 1 provisional due date(s) of 1 case(s) on the "
                             "calendars as they are now; 0 still provisional"),
            std::string::npos)
      << stopped.describe();
  RunResult replayed = server_->cli({"audit", "replay"});
  EXPECT_EQ(replayed.exit_code, 0) << replayed.describe();
}

WAGEFLOW_API_ON_EVERY_BACKEND(ServerRecount);

// The ordinary workflow with `requires: [hearing_date]` on its
// answer_period_lapsed row, a case served Mon 2026-12-28: answer_period is
// provisionally due 2027-01-11 and held overdue by the tick of 01-12. The
// calendar gains 2027 (INVENTED here: New Year's Day a holiday) and the
// server restarts on 01-14: its recount confirms 01-12, already past, and the
// lapse cannot be fired (hearing_date unset). The server logs the case as a
// warning, as `timers recompute` names it on stderr (docs/deadlines.md, "An
// expiry event no row takes").
TEST_P(ServerRecount, LogsAnExpiryItsRecountCannotFire) {
  const fs::path workflows = calendar_.parent_path().parent_path();
  std::string workflow =
      e2e::read_file(std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/wage-arbitration.yaml");
  const std::string row =
      "  - event: answer_period_lapsed\n    from: answer_period\n    to: pre_hearing\n";
  ASSERT_NE(workflow.find(row), std::string::npos);
  workflow.replace(workflow.find(row), row.size(), row + "    requires: [hearing_date]\n");
  e2e::write_file(workflows / "wage-arbitration.yaml", workflow);
  server_->stop();
  const Sandbox& sandbox = server_->sandbox();
  auto run = [&](const std::vector<std::string>& args, const std::string& now) {
    RunResult result = sandbox.run(args, now);
    EXPECT_EQ(result.exit_code, 0) << result.describe();
    return result.last_line();
  };
  const std::string id =
      run({"case", "open", "wage-arbitration", "--actor", "李明", "--role", "intake_clerk", "--set",
           "worker_name=刘强", "--set", "employer=松原市恒基建设有限公司", "--set", "region=松原市",
           "--set", "claim_amount=32000"},
          "2026-12-28T09:00:00+08:00");
  run({"case", "fire", id, "accept", "--actor", "李明", "--role", "intake_clerk"},
      "2026-12-28T10:00:00+08:00");
  run({"case", "fire", id, "serve_copy", "--actor", "吴磊", "--role", "tribunal_clerk", "--set",
       "arbitrator_name=孙伟"},
      "2026-12-28T11:00:00+08:00");
  ASSERT_EQ(run({"timers", "tick"}, "2027-01-12T00:10:00+08:00"),
            "warned 0, overdue 1, expired 0, escalated 0")
      << "held on the provisional date";

  e2e::write_file(calendar_, e2e::read_file(calendar_) +
                                 "  2027:\n    holidays: ['2027-01-01']\n    workdays: []\n");
  server_->set_now("2027-01-14T09:00:00+08:00");
  server_->start();
  const std::string warning = "recount: case " + id +
                              ", timer answer_period expired: event answer_period_lapsed was not "
                              "fired from state answer_period: it requires hearing_date";
  EXPECT_TRUE(eventually([&] { return server_->log().find(warning) != std::string::npos; }))
      << server_->log();
  EXPECT_EQ(timer_status(id, "answer_period"), "expired");
  EXPECT_EQ(show(id)["state"], "answer_period");
  server_->stop();
  RunResult replayed = server_->cli({"audit", "replay", id});
  EXPECT_EQ(replayed.exit_code, 0) << replayed.describe();
}

// A connection for each request thread and one for the tick loop are open
// once the server says it listens, before any request: opened by the first
// requests instead, they queued behind each other for seconds. Counted by
// the PostgreSQL server itself, by the name the server's URL gives its
// connections: the backend of a command run before may still be listed for
// a moment after it closed.
TEST(ServerConnections, AreOpenBeforeTheFirstRequest) {
  WAGEFLOW_REQUIRE_POSTGRES();
  ServeSettings settings;
  settings.extra = {"--threads", "3"};
  ApiServer server(kPostgresql, settings);
  const std::string database = server.sandbox().db();
  server.sandbox().set_db(database + (database.find('?') == std::string::npos ? "?" : "&") +
                          "application_name=serve_connections_test");
  server.start();
  const auto rows = wageflow::testing::postgres_rows(
      database,
      "SELECT count(*) FROM pg_stat_activity"
      " WHERE datname = current_database() AND application_name = 'serve_connections_test'");
  EXPECT_EQ(rows.at(0).at(0), "4");
  RunResult stopped = server.stop();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.describe();
}

}  // namespace
}  // namespace wageflow::api
