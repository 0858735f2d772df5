// POST /api/workflows/simulate: `wageflow simulate` for the workflows page,
// on a posted text or a published workflow, answering what the command
// line prints; nothing is stored.
#include <algorithm>

#include "api/support/fixture.h"

namespace wageflow::api {
namespace {

class Simulation : public ApiTest {
 protected:
  static std::string shipped(const std::string& file) {
    return e2e::read_file(std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/" + file);
  }
  Reply simulate(const Json& body) const {
    return clerk().post_json("/api/workflows/simulate", body);
  }
};

TEST_P(Simulation, APostedTextIsWalkedAsTheCommandLineWalksIt) {
  const char* path =
      "accept@+2wd, start_mediation@+1d, correct{claim_amount=9000}, "
      "settle{recovered_amount=8000}@+10d";
  const Reply reply = simulate({{"text", shipped("wage-arbitration-fasttrack.yaml")},
                                {"from", "2025-01-20"},
                                {"path", path},
                                {"values", {{"claim_amount", "8600"}}}});
  ASSERT_EQ(reply.status, 200) << reply.describe();
  const Json body = reply.json();
  EXPECT_EQ(body["ok"], true) << body.dump();
  EXPECT_EQ(body["workflow"], "wage-arbitration-fasttrack");
  EXPECT_EQ(body["calendar"], "cn-mainland");
  const Json steps = body["steps"];
  ASSERT_EQ(steps.size(), 5u) << body.dump();
  EXPECT_EQ(steps[1]["at"], "2025-01-22 09:00 (Wed)");
  EXPECT_EQ(steps[1]["state"], "accepted");
  EXPECT_EQ(steps[3]["corrected"], "claim_amount=9000.00 (was 8600.00)");
  EXPECT_EQ(steps[4]["status"], "closed");

  // Every step's line and every timer's due date are what the command
  // line prints for the same path.
  const RunResult cli = server_->cli({"simulate", "wage-arbitration-fasttrack", "--from",
                                      "2025-01-20", "--set", "claim_amount=8600", "--path", path});
  ASSERT_EQ(cli.exit_code, 0) << cli.err << cli.out;
  int timers_compared = 0;
  for (const auto& step : steps) {
    const std::string line =
        "[" + step["index"].dump() + "] " + step["written"].get<std::string>() + "  " +
        step["at"].get<std::string>() + "  as " + step["role"].get<std::string>() + "\n";
    EXPECT_NE(cli.out.find(line), std::string::npos) << line << cli.out;
    for (const auto& timer : step["timers"]) {
      const std::string due = "timer " + timer["name"].get<std::string>() + " (" +
                              timer["label"]["zh"].get<std::string>() + "), " +
                              (timer["binding"] == true ? "binding" : "internal target") + ": " +
                              timer["status"].get<std::string>() + ", due " +
                              timer["due"].get<std::string>();
      EXPECT_NE(cli.out.find(due), std::string::npos) << due;
      ++timers_compared;
    }
  }
  EXPECT_GT(timers_compared, 5);
  EXPECT_EQ(director().get("/api/cases").json()["cases"].size(), 0u) << "nothing is stored";
}

TEST_P(Simulation, APublishedWorkflowShowsMissedDeadlinesAndRefusals) {
  const Reply late = simulate({{"workflow", "wage-arbitration-fasttrack"},
                               {"from", "2025-01-20"},
                               {"path", "accept@+7wd"}});
  ASSERT_EQ(late.status, 200) << late.describe();
  const Json missed = late.json()["missed"];
  EXPECT_EQ(late.json()["ok"], false);
  ASSERT_EQ(missed.size(), 1u) << late.body;
  EXPECT_EQ(missed[0]["timer"], "acceptance_decision");
  EXPECT_EQ(missed[0]["due"], "2025-01-26");  // Sunday 01-26 is a make-up working day
  EXPECT_EQ(missed[0]["how"], "overdue");
  EXPECT_EQ(missed[0]["before_step"], 1);
  const Json clock = late.json()["steps"][1]["clock"];
  EXPECT_NE(std::find(clock.begin(), clock.end(),
                      "clock 2025-01-27 00:00 (Mon): timer acceptance_decision overdue"),
            clock.end())
      << clock.dump();
  // The same record as data, for the page to word in Chinese.
  const Json records = late.json()["steps"][1]["clock_records"];
  bool overdue_record = false;
  for (const auto& record : records) {
    if (record["kind"] != "timer_overdue") continue;
    overdue_record = true;
    EXPECT_EQ(record["at"], Json({{"local", "2025-01-27 00:00"}, {"weekday", 0}}));
    EXPECT_EQ(record["event"], "acceptance_decision");
    EXPECT_EQ(record["timer_label"]["zh"], "受理审查期限");
  }
  EXPECT_TRUE(overdue_record) << records.dump();
  // Overdue, the acceptance deadline is escalated to the director, named
  // with the workflow's label for the role.
  bool escalate_record = false;
  for (const auto& record : records) {
    if (record["kind"] != "escalate" || record["event"] != "acceptance_decision") continue;
    escalate_record = true;
    EXPECT_EQ(record["escalated_to"]["name"], "director") << record;
    EXPECT_EQ(record["escalated_to"]["label"]["zh"], "负责人") << record;
  }
  EXPECT_TRUE(escalate_record) << records.dump();
  EXPECT_EQ(late.json()["steps"][1]["role_label"]["zh"], "立案员") << late.body;
  // 7 working days: 01-26 a make-up working day, 01-28..02-04 the Spring Festival.
  EXPECT_EQ(late.json()["steps"][1]["at_local"],
            Json({{"local", "2025-02-05 09:00"}, {"weekday", 2}}));
  EXPECT_EQ(missed[0]["at_local"]["weekday"], 0);

  const Reply refused = simulate({{"workflow", "wage-arbitration-fasttrack"},
                                  {"from", "2025-01-20"},
                                  {"path", "accept, award@+1d"}});
  ASSERT_EQ(refused.status, 200) << refused.describe();
  const Json last = refused.json()["steps"].back();
  EXPECT_EQ(refused.json()["ok"], false);
  EXPECT_EQ(last["written"], "award@+1d");
  EXPECT_NE(last["refused"].get<std::string>().find("cannot fire from state accepted"),
            std::string::npos)
      << last.dump();
  EXPECT_FALSE(last.contains("state")) << "a refused step has no state of its own";

  const Reply bare = simulate({{"workflow", "wage-arbitration-fasttrack"},
                               {"from", "2025-01-20"},
                               {"path", "accept, correct@+1d"}});
  ASSERT_EQ(bare.status, 200) << bare.describe();
  EXPECT_EQ(bare.json()["steps"].back()["refused"],
            "name the fields to correct and their right values (correct{FIELD=VALUE, ...})")
      << "the path's syntax, as the CLI says it";
}

// An expiry event a workflow's row does not take: the clock record carries
// why (`refused`), for the page to show, and the clock line says it as the
// command line does; no `escalated_to`, since nobody is named.
TEST_P(Simulation, AnExpiryEventNotFiredCarriesWhyInItsClockRecord) {
  std::string text = shipped("wage-arbitration.yaml");
  const std::string row = "  - event: answer_period_lapsed\n    from: answer_period\n";
  ASSERT_NE(text.find(row), std::string::npos);
  text.insert(text.find(row) + row.size(), "    guard: claim_amount > 100000\n");
  const Reply reply = simulate({{"text", text},
                                {"from", "2026-03-02"},
                                {"path",
                                 "accept@+0d, serve_copy{arbitrator_name=赵}@+1d, "
                                 "answer_received@2026-03-25"},
                                {"values", {{"claim_amount", "8600"}}}});
  ASSERT_EQ(reply.status, 200) << reply.describe();
  const std::string why =
      "event answer_period_lapsed was not fired from state answer_period: the condition is not "
      "met: claim_amount > 100000; the case stays in state answer_period for staff to move on";
  const Json body = reply.json();
  int found = 0;
  int lines = 0;
  for (const auto& step : body["steps"]) {
    for (const auto& record : step.value("clock_records", Json::array())) {
      if (record["kind"] != "escalate") continue;
      ++found;
      EXPECT_EQ(record["event"], "answer_period") << record.dump();
      EXPECT_EQ(record["refused"], why) << record.dump();
      EXPECT_FALSE(record.contains("escalated_to")) << record.dump();
    }
    for (const auto& line : step.value("clock", Json::array())) {
      if (line.get<std::string>().find("timer answer_period: " + why) != std::string::npos) {
        ++lines;
      }
    }
  }
  EXPECT_EQ(found, 1) << reply.body;
  EXPECT_EQ(lines, 1) << reply.body;
  EXPECT_EQ(body["ok"], true) << "a step the clock did not take is no refusal of the path";
}

// A correct step after the award says, as `case correct` would, which
// computed value it leaves behind; the page's answer and the command
// line's agree word for word.
TEST_P(Simulation, ACorrectionStepSaysWhatItLeavesInconsistent) {
  const char* path =
      "accept, start_mediation@+1d, fail_mediation{hearing_date=2025-02-20}@+1d, "
      "award{award_amount=8000}@2025-02-20, correct{claim_amount=30000}@+1d";
  const Reply reply = simulate({{"workflow", "wage-arbitration-fasttrack"},
                                {"from", "2025-01-20"},
                                {"path", path},
                                {"values", {{"claim_amount", "8600"}}}});
  ASSERT_EQ(reply.status, 200) << reply.describe();
  const Json steps = reply.json()["steps"];
  ASSERT_EQ(steps.size(), 6u) << reply.body;
  const Json check = steps[5].value("check", Json::array());
  ASSERT_EQ(check.size(), 1u) << steps[5].dump();
  const std::string line = check[0];
  EXPECT_EQ(line.rfind("final_award (", 0), 0u) << line;
  EXPECT_NE(line.find("it comes out false, the case holds true"), std::string::npos) << line;
  EXPECT_FALSE(steps[4].contains("check")) << "only a correction leaves notes";

  const RunResult cli = server_->cli({"simulate", "wage-arbitration-fasttrack", "--from",
                                      "2025-01-20", "--set", "claim_amount=8600", "--path", path});
  ASSERT_EQ(cli.exit_code, 0) << cli.err << cli.out;
  EXPECT_NE(
      cli.out.find("    corrected claim_amount=30000.00 (was 8600.00)\n    check: " + line + "\n"),
      std::string::npos)
      << cli.out;
}

// cn-mainland lists 2024..2026: a deadline reaching 2027 is counted by
// weekends only and says so.
TEST_P(Simulation, ADeadlineInAYearTheCalendarDoesNotListIsProvisional) {
  const Reply reply = simulate(
      {{"workflow", "wage-arbitration-fasttrack"}, {"from", "2026-12-28"}, {"path", "accept@+1d"}});
  ASSERT_EQ(reply.status, 200) << reply.describe();
  const Json timer = reply.json()["steps"][0]["timers"][0];
  EXPECT_EQ(timer["name"], "acceptance_decision");
  EXPECT_EQ(timer["due"], "2027-01-04");
  EXPECT_EQ(timer["provisional"], true);
  EXPECT_NE(timer["explanation"].get<std::string>().find("year 2027 is not listed"),
            std::string::npos)
      << timer.dump();
  EXPECT_EQ(reply.json()["steps"][1]["timers"][0]["provisional"], true)
      << "stopped, still counted so";
}

TEST_P(Simulation, BadInputIsAProblemAndStoresNothing) {
  const std::string fasttrack = shipped("wage-arbitration-fasttrack.yaml");
  std::string broken = fasttrack;
  broken.replace(broken.find("to: accepted"), 12, "to: acepted");
  const struct {
    Json body;
    int status;
    std::string slug;
    std::string detail;
    std::string reason = "";  // of a 422: what a page reads instead of the English detail
  } rows[] = {
      {{{"workflow", "legal-aid"}, {"path", "apply"}}, 400, "invalid-body", "from"},
      {{{"workflow", "legal-aid"}, {"from", "2025-01-20"}}, 400, "invalid-body", "path"},
      {{{"from", "2025-01-20"}, {"path", "apply"}}, 400, "invalid-body", "either \"text\""},
      {{{"text", fasttrack}, {"workflow", "legal-aid"}, {"from", "2025-01-20"}, {"path", "accept"}},
       400,
       "invalid-body",
       "not both"},
      {{{"workflow", "legal-aid"}, {"from", "2025-01-20"}, {"path", "apply"}, {"role_any", "yes"}},
       400,
       "invalid-body",
       "role_any"},
      {{{"workflow", "no-such-flow"}, {"from", "2025-01-20"}, {"path", "apply"}},
       404,
       "no-such-workflow",
       "no-such-flow"},
      {{{"workflow", "legal-aid"}, {"from", "2025-01-20"}, {"path", "apply@+3x"}},
       422,
       "invalid-simulation",
       "path: ",
       "bad-path"},
      {{{"workflow", "legal-aid"}, {"from", "20.1.2025"}, {"path", "apply"}},
       422,
       "invalid-simulation",
       "from expects YYYY-MM-DD",
       "bad-from"},
      {{{"text", broken}, {"from", "2025-01-20"}, {"path", "accept"}},
       422,
       "invalid-simulation",
       "error(s): validate it",
       "workflow-errors"},
      {{{"text", shipped("calendars/cn-mainland.yaml")}, {"from", "2025-01-20"}, {"path", "x"}},
       422,
       "invalid-simulation",
       "calendar file cannot be simulated",
       "calendar-text"},
  };
  for (const auto& row : rows) {
    const Reply reply = simulate(row.body);
    const std::string input = row.body.dump().substr(0, 160);
    EXPECT_EQ(reply.status, row.status) << input << "\n" << reply.describe();
    EXPECT_EQ(reply.json().value("type", ""), "urn:wageflow:problem:" + row.slug) << input;
    EXPECT_NE(reply.json().value("detail", "").find(row.detail), std::string::npos) << input << "\n"
                                                                                    << reply.body;
    EXPECT_EQ(reply.json().value("reason", ""), row.reason) << input << "\n" << reply.body;
  }
  const Reply broken_reply =
      simulate({{"text", broken}, {"from", "2025-01-20"}, {"path", "accept"}});
  ASSERT_TRUE(broken_reply.json().contains("diagnostics")) << broken_reply.body;
  EXPECT_EQ(broken_reply.json().value("errors", 0), 1) << broken_reply.body;
  EXPECT_EQ(simulate({{"workflow", "legal-aid"}, {"from", "20.1.2025"}, {"path", "apply"}})
                .json()
                .value("from", ""),
            "20.1.2025");
  EXPECT_NE(broken_reply.json()["diagnostics"][0]["message"].get<std::string>().find(
                "unknown state 'acepted'"),
            std::string::npos)
      << broken_reply.body;
  EXPECT_EQ(director().get("/api/cases").json()["cases"].size(), 0u);
  expect_serving();
}

WAGEFLOW_API_ON_EVERY_BACKEND(Simulation);

}  // namespace
}  // namespace wageflow::api
