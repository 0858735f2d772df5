// A fast-track wage arbitration case (workflows/wage-arbitration-fasttrack)
// from intake to award through the real `wageflow` binary, with --now
// stepping through the dates.
#include <gtest/gtest.h>

#include <algorithm>

#include "e2e/support/backend.h"
#include "e2e/support/case_checks.h"

namespace wageflow::e2e {
namespace {

class FastTrackCase : public OnEveryBackend {};

const std::string kWorkflow = "wage-arbitration-fasttrack";

std::string open_fasttrack_case(const Sandbox& sandbox, const std::string& now) {
  return answer_of(sandbox,
                   {"case",
                    "open",
                    kWorkflow,
                    "--actor",
                    "李明",
                    "--role",
                    "intake_clerk",
                    "--set",
                    "worker_name=张三丰",
                    "--set",
                    "worker_id_no=22011819900101123X",
                    "--set",
                    "worker_phone=13812341234",
                    "--set",
                    "employer=长春宏达建筑工程有限公司",
                    "--set",
                    "region=长春市",
                    "--set",
                    "industry=建筑业",
                    "--set",
                    "claim_amount=8600",
                    "--set",
                    "workers_involved=3"},
                   now);
}

TEST_P(FastTrackCase, RunsFromIntakeToAwardWithDeadlinesAuditAndVerifiedChain) {
  Sandbox sandbox(backend());
  const std::string id = open_fasttrack_case(sandbox, "2025-01-24T09:30:00+08:00");
  EXPECT_EQ(id, "2025-000001");

  auto opened = show_json(sandbox, id);
  EXPECT_EQ(opened["state"], "intake");
  EXPECT_EQ(opened["status"], "active");
  auto acceptance = timer_of(opened, "acceptance_decision");
  // 5 working days after Fri 2025-01-24: Sun 01-26 (make-up day), Mon 01-27,
  // the Spring Festival 01-28..02-04 skipped, then 02-05, 02-06, 02-07.
  EXPECT_EQ(acceptance["due"], "2025-02-07");
  EXPECT_EQ(acceptance["warn"], "2025-02-06");
  EXPECT_EQ(acceptance["status"], "running");
  const auto& events = opened["events"];
  for (const char* event : {"accept", "reject", "withdraw"}) {
    EXPECT_NE(std::find(events.begin(), events.end(), event), events.end()) << event << events;
  }
  EXPECT_EQ(std::find(events.begin(), events.end(), "award"), events.end()) << events;
  // The award's time limit starts on acceptance: nothing to extend yet.
  EXPECT_EQ(std::find(events.begin(), events.end(), "extend_award_limit"), events.end()) << events;

  EXPECT_EQ(answer_of(sandbox,
                      {"case", "fire", id, "accept", "--actor", "李明", "--role", "intake_clerk"},
                      "2025-01-27"),
            "accepted");
  EXPECT_EQ(
      answer_of(sandbox,
                {"case", "fire", id, "start_mediation", "--actor", "赵敏", "--role", "mediator"},
                "2025-02-05T10:00:00+08:00"),
      "mediation");
  EXPECT_EQ(
      answer_of(sandbox,
                {"case", "fire", id, "fail_mediation", "--actor", "赵敏", "--role", "mediator",
                 "--set", "hearing_date=2025-02-20", "--comment", "用人单位不同意调解方案"},
                "2025-02-10"),
      "hearing");
  EXPECT_EQ(answer_of(sandbox,
                      {"case", "fire", id, "award", "--actor", "孙伟", "--role", "arbitrator",
                       "--set", "award_amount=8600.00"},
                      "2025-02-20T15:00:00+08:00"),
            "awarded");

  auto closed = show_json(sandbox, id);
  for (const char* key : {"id", "workflow", "version", "state", "status", "row_version", "data",
                          "timers", "events", "opened_at", "updated_at"}) {
    EXPECT_TRUE(closed.contains(key)) << "missing key " << key << " in " << closed.dump(2);
  }
  EXPECT_EQ(closed["id"], id);
  EXPECT_EQ(closed["workflow"], kWorkflow);
  EXPECT_EQ(closed["version"], 1);
  EXPECT_EQ(closed["state"], "awarded");
  EXPECT_EQ(closed["status"], "closed");
  EXPECT_EQ(closed["row_version"], 5);  // open and four events
  EXPECT_EQ(closed["events"], nlohmann::json::array());
  EXPECT_EQ(closed["opened_at"], "2025-01-24T01:30:00Z");
  EXPECT_EQ(closed["updated_at"], "2025-02-20T07:00:00Z");
  const auto& data = closed["data"];
  EXPECT_EQ(data["worker_name"], "张三丰");  // case show: personal data in full
  EXPECT_EQ(data["worker_id_no"], "22011819900101123X");
  EXPECT_EQ(data["claim_amount"], "8600.00");
  EXPECT_EQ(data["award_amount"], "8600.00");
  EXPECT_EQ(data["hearing_date"], "2025-02-20");
  EXPECT_EQ(data["workers_involved"], 3);
  // 8600 <= 12 * 2120 (the Jilin monthly minimum wage): a final award.
  EXPECT_EQ(data["final_award"], true);
  // Accepted Mon 2025-01-27: 45 days -> Thu 2025-03-13; 30 days -> Wed 2025-02-26.
  EXPECT_EQ(timer_of(closed, "award_limit")["due"], "2025-03-13");
  EXPECT_EQ(timer_of(closed, "closure_target")["due"], "2025-02-26");
  for (const auto& timer : closed["timers"]) {
    EXPECT_EQ(timer["status"], "stopped") << timer.dump();
    EXPECT_TRUE(timer.contains("extended")) << timer.dump();
    EXPECT_FALSE(timer["explanation"].get<std::string>().empty()) << timer.dump();
  }

  // The audit trail: oldest first, personal data masked.
  auto log = audit_lines(sandbox, id);
  ASSERT_GE(log.size(), 5u);
  // The documented form: "#1 TIME ACTOR (ROLE) open: intake data=...".
  EXPECT_NE(log.front().find(" (intake_clerk) open: intake data={"), std::string::npos)
      << log.front();
  EXPECT_NE(log.front().find("张**"), std::string::npos) << log.front();
  EXPECT_NE(log.front().find("2201**********123X"), std::string::npos) << log.front();
  std::string all;
  for (const auto& line : log) all += line + "\n";
  EXPECT_EQ(all.find("张三丰"), std::string::npos) << all;
  EXPECT_EQ(all.find("22011819900101123X"), std::string::npos) << all;
  EXPECT_EQ(all.find("13812341234"), std::string::npos) << all;
  std::size_t accept = all.find(" fire accept: intake -> accepted"), award = all.find("fire award");
  EXPECT_NE(accept, std::string::npos) << all;
  EXPECT_NE(award, std::string::npos) << all;
  EXPECT_LT(accept, award) << all;

  RunResult json_log = sandbox.run({"audit", "log", id, "--json"});
  ASSERT_EQ(json_log.exit_code, 0) << json_log.describe();
  auto records = json_log.lines();
  ASSERT_EQ(records.size(), log.size());
  auto first = nlohmann::json::parse(records.front());
  EXPECT_EQ(first["seq"], 1);
  EXPECT_EQ(first["kind"], "open");
  EXPECT_EQ(first["data"]["worker_name"], "张**");

  RunResult verified = sandbox.run({"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.describe();
  EXPECT_EQ(verified.last_line(), "ok " + std::to_string(log.size()) + " records");
  RunResult one = sandbox.run({"audit", "verify", id});
  EXPECT_EQ(one.exit_code, 0) << one.describe();
  EXPECT_EQ(one.last_line(), "ok " + std::to_string(log.size()) + " records");
}

// A correction prints the values as stored (8600.5 typed is 8600.50), a
// personal one masked.
TEST_P(FastTrackCase, ACorrectionPrintsTheValuesAsStored) {
  Sandbox sandbox(backend());
  const std::string id = open_fasttrack_case(sandbox, "2025-01-24");
  const RunResult corrected = sandbox.run(
      {"case", "correct", id, "--actor", "李明", "--role", "intake_clerk", "--set",
       "claim_amount=8600.5", "--set", "worker_phone=13912345678", "--comment", "录入有误"},
      "2025-01-24T10:00:00+08:00");
  ASSERT_EQ(corrected.exit_code, 0) << corrected.describe();
  EXPECT_NE(corrected.out.find("corrected claim_amount=8600.50 worker_phone=139****5678;"),
            std::string::npos)
      << corrected.out;
}

TEST_P(FastTrackCase, ListsCasesWithPersonalDataMasked) {
  Sandbox sandbox(backend());
  const std::string id = open_fasttrack_case(sandbox, "2025-03-03");

  RunResult table = sandbox.run({"case", "list"});
  ASSERT_EQ(table.exit_code, 0) << table.describe();
  EXPECT_NE(table.out.find(id), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("张**"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("张三丰"), std::string::npos) << table.out;

  RunResult json = sandbox.run({"case", "list", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.describe();
  auto cases = nlohmann::json::parse(json.out);
  ASSERT_EQ(cases.size(), 1u) << json.out;
  EXPECT_EQ(cases[0]["id"], id);
  EXPECT_EQ(cases[0]["data"]["worker_name"], "张**");
  EXPECT_EQ(cases[0]["data"]["worker_id_no"], "2201**********123X");
  EXPECT_EQ(cases[0]["data"]["worker_phone"], "138****1234");
  EXPECT_EQ(cases[0]["data"]["employer"], "长春宏达建筑工程有限公司");  // not personal

  for (const auto& [filter, expected] : std::vector<std::pair<std::vector<std::string>, size_t>>{
           {{"--workflow", kWorkflow}, 1},
           {{"--workflow", "legal-aid"}, 0},
           {{"--state", "intake"}, 1},
           {{"--state", "hearing"}, 0},
           {{"--status", "active"}, 1},
           {{"--status", "closed"}, 0},
           {{"--overdue"}, 0},
       }) {
    std::vector<std::string> command = {"case", "list", "--json"};
    command.insert(command.end(), filter.begin(), filter.end());
    RunResult listed = sandbox.run(command, "2025-03-04");
    ASSERT_EQ(listed.exit_code, 0) << filter.front() << "\n" << listed.describe();
    EXPECT_EQ(nlohmann::json::parse(listed.out).size(), expected) << filter.front() << listed.out;
  }

  // The acceptance decision was due 2025-03-10 (5 working days after
  // 2025-03-03). No tick has run; the list still says the case is overdue.
  RunResult overdue = sandbox.run({"case", "list", "--overdue"}, "2025-03-11");
  ASSERT_EQ(overdue.exit_code, 0) << overdue.describe();
  EXPECT_NE(overdue.out.find(id + "  "), std::string::npos) << overdue.out;
  EXPECT_NE(overdue.out.find("2025-03-10 acceptance_decision (overdue)"), std::string::npos)
      << overdue.out;
  RunResult shown = sandbox.run({"case", "show", id}, "2025-03-11");
  EXPECT_NE(shown.out.find("截止 2025-03-10  提醒 2025-03-07  已超期"), std::string::npos)
      << shown.out;
}

TEST_P(FastTrackCase, ShowsTheCaseAsALabelledBlockForPeople) {
  Sandbox sandbox(backend());
  const std::string id = open_fasttrack_case(sandbox, "2025-01-24");
  RunResult shown = sandbox.run({"case", "show", id});
  ASSERT_EQ(shown.exit_code, 0) << shown.describe();
  for (const char* expected :
       {"案件编号", "2025-000001", "申请登记 (intake)", "办理中 (active)",
        "劳动者姓名 (worker_name)", "张三丰", "8600.00", "受理审查期限 (acceptance_decision)",
        "2025-02-07", "可办理事项", "accept"}) {
    EXPECT_NE(shown.out.find(expected), std::string::npos) << expected << "\n" << shown.out;
  }
}

WAGEFLOW_ON_EVERY_BACKEND(FastTrackCase);

}  // namespace
}  // namespace wageflow::e2e
