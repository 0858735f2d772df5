// POST /api/cases/{id}/correct: a value entered wrongly is corrected with a
// reason, the state and deadlines stay as they are, the audit trail says
// who corrected what and why, and the case page is told who may.
#include "api/support/fixture.h"

namespace wageflow::api {
namespace {

class Corrections : public ApiTest {
 protected:
  std::vector<Json> records_of_kind(const std::string& id, const std::string& kind) const {
    std::vector<Json> found;
    const Json records = director().get("/api/cases/" + id + "/audit").json()["records"];
    for (const auto& r : records) {
      if (r["kind"] == kind) found.push_back(r);
    }
    return found;
  }
};

TEST_P(Corrections, CorrectsTheValuesAndKeepsTheStateAndDeadlines) {
  const std::string id = open_fasttrack();
  const Json before = show(id);
  const Reply reply =
      clerk().post_json("/api/cases/" + id + "/correct",
                        {{"values", {{"worker_phone", "13987654321"}, {"claim_amount", "8680.50"}}},
                         {"comment", "申请书电话和金额录入错误"}});
  ASSERT_EQ(reply.status, 200) << reply.describe();
  const Json after = reply.json();
  EXPECT_EQ(after["data"]["worker_phone"], "13987654321");
  EXPECT_EQ(after["data"]["claim_amount"], "8680.50");
  EXPECT_EQ(after["state"], before["state"]);
  EXPECT_EQ(after["status"], "active");
  EXPECT_EQ(after["row_version"], before["row_version"].get<int>() + 1);
  EXPECT_EQ(after["timers"], before["timers"]);
  EXPECT_EQ(reply.header("ETag"), "\"" + after["row_version"].dump() + "\"");

  const std::vector<Json> corrections = records_of_kind(id, "correct");
  ASSERT_EQ(corrections.size(), 1u);
  EXPECT_EQ(corrections[0]["actor"], "李明");
  EXPECT_EQ(corrections[0]["role"], "intake_clerk") << "the first of the clerk's roles that may";
  EXPECT_EQ(corrections[0]["comment"], "申请书电话和金额录入错误");
  EXPECT_EQ(corrections[0]["from_state"], "intake");
  EXPECT_EQ(corrections[0]["to_state"], "intake");
  const Json verified = director().get("/api/cases/" + id + "/audit/verify").json();
  EXPECT_EQ(verified["ok"], true) << verified.dump();
}

TEST_P(Corrections, ARetryWithTheSameKeyCorrectsOnce) {
  const std::string id = open_fasttrack();
  const Json body = {{"values", {{"claim_amount", "8680.50"}}}, {"comment", "金额录错"}};
  const httplib::Headers key = {{"Idempotency-Key", "correct-once"}};
  const Reply first = clerk().post_json("/api/cases/" + id + "/correct", body, key);
  ASSERT_EQ(first.status, 200) << first.describe();
  const Reply again = clerk().post_json("/api/cases/" + id + "/correct", body, key);
  EXPECT_EQ(again.status, 200) << again.describe();
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(records_of_kind(id, "correct").size(), 1u);
}

// An award's written or calculation error is corrected after it (补正).
TEST_P(Corrections, AClosedCaseCanBeCorrected) {
  const std::string id = open_fasttrack();
  ASSERT_EQ(clerk()
                .post_json("/api/cases/" + id + "/events",
                           {{"event", "reject"}, {"comment", "不属于受理范围"}})
                .status,
            200);
  ASSERT_EQ(show(id)["status"], "closed");
  EXPECT_EQ(show(id)["may_correct"], true);
  const Reply reply = director().post_json("/api/cases/" + id + "/correct",
                                           {{"values", {{"employer", "长春宏达建筑有限公司"}}},
                                            {"comment", "用人单位名称以营业执照为准"}});
  ASSERT_EQ(reply.status, 200) << reply.describe();
  EXPECT_EQ(reply.json()["data"]["employer"], "长春宏达建筑有限公司");
  EXPECT_EQ(reply.json()["state"], "rejected");
  EXPECT_EQ(reply.json()["status"], "closed");
}

// A correction changes only what it names; the answer says what that
// leaves for the corrector to check (a value an event's `set:` computed from
// the corrected one), in the words the CLI prints after "check: ".
TEST_P(Corrections, TheAnswerSaysWhichComputedValuesTheCorrectionLeavesBehind) {
  const std::string id = open_fasttrack();
  const std::string events = "/api/cases/" + id + "/events";
  ASSERT_EQ(clerk().post_json(events, {{"event", "accept"}}).status, 200);
  ASSERT_EQ(clerk().post_json(events, {{"event", "start_mediation"}}).status, 200);
  ASSERT_EQ(clerk()
                .post_json(events, {{"event", "fail_mediation"},
                                    {"values", {{"hearing_date", "2025-02-20"}}}})
                .status,
            200);
  const Reply awarded =
      director().post_json(events, {{"event", "award"}, {"values", {{"award_amount", "8000"}}}});
  ASSERT_EQ(awarded.status, 200) << awarded.describe();
  ASSERT_EQ(awarded.json()["data"]["final_award"], true) << "8600.00 <= 12 * 2120";
  EXPECT_FALSE(awarded.json().contains("notes")) << "only a correction leaves notes";

  const std::string correct = "/api/cases/" + id + "/correct";
  const Reply reply = director().post_json(
      correct, {{"values", {{"claim_amount", "30000"}}}, {"comment", "请求金额录入错误"}});
  ASSERT_EQ(reply.status, 200) << reply.describe();
  EXPECT_EQ(reply.json()["data"]["final_award"], true) << "a correction changes only that";
  const Json notes = reply.json().value("notes", Json::array());
  ASSERT_EQ(notes.size(), 1u) << reply.body;
  EXPECT_EQ(notes[0]["kind"], "computed-value");
  EXPECT_EQ(notes[0]["event"], "award");
  EXPECT_EQ(notes[0]["field"], "final_award");
  EXPECT_EQ(notes[0]["expression"], "claim_amount <= 12 * min_monthly_wage");
  EXPECT_EQ(notes[0]["value"], "false");
  EXPECT_EQ(notes[0]["held"], "true");
  const std::string note = notes[0]["text"];
  EXPECT_EQ(note.rfind("final_award (", 0), 0u) << note;
  EXPECT_NE(note.find("was computed by event award as claim_amount <= 12 * min_monthly_wage: "
                      "with the corrected values it comes out false, the case holds true; "
                      "correct it too if it follows"),
            std::string::npos)
      << note;

  const RunResult cli =
      server_->cli({"case", "correct", id, "--actor", "王芳", "--role", "director", "--set",
                    "claim_amount=40000", "--comment", "再次核对"});
  EXPECT_EQ(cli.exit_code, 0) << cli.describe();
  EXPECT_NE(cli.out.find("check: " + note + "\n"), std::string::npos) << cli.out;
  EXPECT_EQ(cli.last_line(), "awarded") << "the state stays the last line";

  const Reply both = director().post_json(
      correct, {{"values", {{"claim_amount", "30000"}, {"final_award", "false"}}},
                {"comment", "请求金额录入错误，终局裁决随之更正"}});
  ASSERT_EQ(both.status, 200) << both.describe();
  EXPECT_FALSE(both.json().contains("notes")) << both.body;

  // The amount awarded emptied: award's guard no longer holds, and award
  // required it. Each kind names its parts, in this order.
  const Reply emptied = director().post_json(
      correct, {{"values", {{"award_amount", ""}}}, {"comment", "裁决金额待与裁决书核对"}});
  ASSERT_EQ(emptied.status, 200) << emptied.describe();
  const Json parts = emptied.json().value("notes", Json::array());
  ASSERT_EQ(parts.size(), 2u) << emptied.body;
  std::vector<std::string> keys[2];
  for (int i = 0; i < 2; ++i) {
    for (const auto& [key, value] : parts[i].items()) keys[i].push_back(key);
  }
  EXPECT_EQ(keys[0], (std::vector<std::string>{"kind", "event", "expression", "state", "text"}));
  EXPECT_EQ(parts[0]["kind"], "condition");
  EXPECT_EQ(keys[1], (std::vector<std::string>{"kind", "event", "field", "state", "text"}));
  EXPECT_EQ(parts[1]["kind"], "required");
  EXPECT_EQ(parts[1]["event"], "award");
  EXPECT_EQ(parts[1]["field"], "award_amount");
  EXPECT_EQ(parts[1]["state"], "awarded");
}

// The case page shows a correction as "before → after" by folding the data
// of the records that set values, so the trail says which ones do.
TEST_P(Corrections, TheTrailSaysWhichRecordsSetFieldValues) {
  const std::string id = open_fasttrack();
  ASSERT_EQ(clerk()
                .post_json("/api/cases/" + id + "/correct",
                           {{"values", {{"employer", "长春宏达建筑有限公司"}}},
                            {"comment", "用人单位名称以营业执照为准"}})
                .status,
            200);
  ASSERT_EQ(clerk().post_json("/api/cases/" + id + "/events", {{"event", "accept"}}).status, 200);

  const Json records = director().get("/api/cases/" + id + "/audit").json()["records"];
  Json values = Json::object();
  int not_setting = 0;
  for (const auto& r : records) {
    const std::string kind = r["kind"];
    const bool expected = kind == "open" || kind == "fire" || kind == "correct";
    ASSERT_TRUE(r.contains("sets_values")) << r.dump();
    EXPECT_EQ(r["sets_values"], expected) << r.dump();
    if (r["sets_values"] == true) values.update(r["data"]);
    if (!expected) ++not_setting;
  }
  EXPECT_GT(not_setting, 0) << "the trail should hold timer records too: " << records.dump();
  EXPECT_EQ(values["employer"], "长春宏达建筑有限公司");
  EXPECT_EQ(values["claim_amount"], show(id)["data"]["claim_amount"]);
}

// The case page offers the correction with every field and its value; a
// user none of whose roles may correct is not offered it.
TEST_P(Corrections, TheCasePageIsOfferedACorrectionWithEveryField) {
  const std::string id = open_fasttrack();
  const Json actions = clerk().get("/api/cases/" + id + "/actions").json();
  ASSERT_TRUE(actions.contains("correct")) << actions.dump();
  const Json& correct = actions["correct"];
  EXPECT_EQ(correct["allowed"], true);
  EXPECT_EQ(correct["comment_required"], true);
  EXPECT_EQ(correct["roles"], Json::array({"intake_clerk"})) << "mediator may not correct";
  bool phone_seen = false;
  for (const auto& field : correct["fields"]) {
    if (field["name"] == "worker_phone") {
      phone_seen = true;
      EXPECT_EQ(field["value"], "13812341234");
      EXPECT_EQ(field["pattern"], "^1[3-9][0-9]{9}$");
    }
  }
  EXPECT_TRUE(phone_seen) << correct.dump();
  EXPECT_EQ(show(id)["may_correct"], true);

  // The lawyer (same office) holds no role of this workflow.
  const Json lawyers = lawyer().get("/api/cases/" + id + "/actions").json();
  EXPECT_EQ(lawyers["correct"]["allowed"], false) << lawyers.dump();
  EXPECT_EQ(lawyers["correct"]["fields"], Json::array());
}

WAGEFLOW_API_ON_EVERY_BACKEND(Corrections);

}  // namespace
}  // namespace wageflow::api
