// Office isolation and personal data: a user sees their office's cases
// only (province-wide users see all), lists mask personal data, a case page
// shows it in full only to staff of the case's workflow, and logs mask it.
#include <algorithm>

#include "api/support/fixture.h"

namespace wageflow::api {
namespace {

class Offices : public ApiTest {
 protected:
  // Case ids listed for `client` (one page of 500).
  static std::vector<std::string> listed(const ApiClient& client, const std::string& query = "") {
    const Json cases = client.get("/api/cases?limit=500" + query).json()["cases"];
    std::vector<std::string> ids;
    for (const auto& c : cases) ids.push_back(c["id"]);
    return ids;
  }
};

TEST_P(Offices, EachOfficeSeesItsOwnCasesAndTheProvinceSeesAll) {
  const std::string changchun = open_fasttrack(clerk());
  const std::string jilin = open_fasttrack(this->jilin());
  Reply for_office = director().post_json("/api/cases", {{"workflow", "wage-arbitration-fasttrack"},
                                                         {"values", fasttrack_values()},
                                                         {"office", "吉林市"}});
  ASSERT_EQ(for_office.status, 201) << for_office.describe();
  const std::string by_province = for_office.json()["id"];
  EXPECT_EQ(for_office.json()["office"], "吉林市");

  EXPECT_EQ(listed(clerk()), std::vector<std::string>{changchun});
  EXPECT_EQ(listed(this->jilin()), (std::vector<std::string>{jilin, by_province}));
  EXPECT_EQ(listed(director()), (std::vector<std::string>{changchun, jilin, by_province}));
  EXPECT_EQ(listed(director(), "&office=%E9%95%BF%E6%98%A5%E5%B8%82"),  // 长春市
            std::vector<std::string>{changchun});

  // The other office's case does not exist for them, for every route.
  for (const std::string& path :
       {"/api/cases/" + jilin, "/api/cases/" + jilin + "/audit",
        "/api/cases/" + jilin + "/audit/verify", "/api/cases/" + jilin + "/actions"}) {
    Reply hidden = clerk().get(path);
    EXPECT_EQ(hidden.status, 404) << path << " " << hidden.describe();
    EXPECT_EQ(hidden.detail(), "no case " + jilin);
  }
  Reply fire = clerk().post_json("/api/cases/" + jilin + "/events", {{"event", "accept"}});
  EXPECT_EQ(fire.status, 404);
  EXPECT_EQ(show(jilin)["state"], "intake");
  EXPECT_EQ(
      this->jilin().post_json("/api/cases/" + jilin + "/events", {{"event", "accept"}}).status,
      200);
}

// A province-wide user's typo in the office would file the case where no
// one of its office sees it, its deadlines unwatched: refused, nothing
// opened. An office a user belongs to is taken.
TEST_P(Offices, AProvinceWideUserCannotOpenACaseIntoAnOfficeNoOneBelongsTo) {
  Reply typo = director().post_json("/api/cases", {{"workflow", "wage-arbitration-fasttrack"},
                                                   {"values", fasttrack_values()},
                                                   {"office", "吉林巿"}});  // 巿, not 市
  EXPECT_EQ(typo.status, 422) << typo.describe();
  EXPECT_NE(typo.type().find("no-such-office"), std::string::npos) << typo.describe();
  EXPECT_NE(typo.detail().find("no office '吉林巿'"), std::string::npos) << typo.describe();
  EXPECT_NE(typo.detail().find("offices with users: "), std::string::npos) << typo.describe();
  EXPECT_TRUE(listed(director()).empty());
  Reply known = director().post_json("/api/cases", {{"workflow", "wage-arbitration-fasttrack"},
                                                    {"values", fasttrack_values()},
                                                    {"office", "吉林市"}});
  EXPECT_EQ(known.status, 201) << known.describe();
}

TEST_P(Offices, ListsMaskPersonalDataAndTheCasePageShowsItToStaffOfTheWorkflow) {
  const std::string id = open_fasttrack();
  const Json listed_case = clerk().get("/api/cases").json()["cases"][0];
  EXPECT_EQ(listed_case["data"]["worker_name"], "张**");
  EXPECT_EQ(listed_case["data"]["worker_id_no"], "2201**********1234");
  EXPECT_EQ(listed_case["data"]["worker_phone"], "138****1234");
  EXPECT_EQ(listed_case["data"]["employer"], "长春宏达建筑工程有限公司");  // not personal
  EXPECT_EQ(listed_case["personal_data"], "masked");

  const Json page = clerk().get("/api/cases/" + id).json();
  EXPECT_EQ(page["personal_data"], "shown");
  EXPECT_EQ(page["data"]["worker_name"], "张三丰");
  EXPECT_EQ(page["data"]["worker_id_no"], "220106199001011234");
  EXPECT_EQ(page["data"]["worker_phone"], "13812341234");

  // A lawyer of the same office holds no role of this workflow: masked.
  const Json lawyers_view = lawyer().get("/api/cases/" + id).json();
  EXPECT_EQ(lawyers_view["personal_data"], "masked");
  EXPECT_EQ(lawyers_view["data"]["worker_name"], "张**");
  EXPECT_EQ(lawyers_view["allowed_events"], Json::array());

  // The audit trail masks like `wageflow audit log`.
  const Json records = clerk().get("/api/cases/" + id + "/audit").json()["records"];
  EXPECT_EQ(records[0]["data"]["worker_name"], "张**");
  EXPECT_EQ(records[0]["data"]["worker_id_no"], "2201**********1234");

  // Nothing personal reaches the logs.
  RunResult stopped = server_->stop();
  const std::string access = e2e::read_file(server_->access_log());
  for (const std::string& text : {stopped.err, stopped.out, access}) {
    EXPECT_EQ(text.find("张三丰"), std::string::npos) << text;
    EXPECT_EQ(text.find("220106199001011234"), std::string::npos) << text;
    EXPECT_EQ(text.find("13812341234"), std::string::npos) << text;
  }
  EXPECT_NE(access.find("\"path\":\"/api/cases/" + id + "\""), std::string::npos) << access;
  EXPECT_NE(access.find("\"user\":\"李明\""), std::string::npos) << access;
}

TEST_P(Offices, AllowedEventsFollowTheUsersRoles) {
  const std::string id = open_fasttrack();
  EXPECT_EQ(clerk().get("/api/cases/" + id).json()["allowed_events"],
            Json::array({"accept", "reject", "withdraw"}));
  // The award-limit extension is the director's, but its timer starts on
  // acceptance: not allowed yet, as it is not among the case's events.
  const Json directors = director().get("/api/cases/" + id).json();
  EXPECT_EQ(directors["allowed_events"], Json::array({"reject", "withdraw"}));
  EXPECT_EQ(directors["may_suspend"], true);
  EXPECT_EQ(clerk().get("/api/cases/" + id).json()["may_suspend"], false);
  ASSERT_EQ(clerk().post_json("/api/cases/" + id + "/events", {{"event", "accept"}}).status, 200);
  const Json accepted = director().get("/api/cases/" + id).json();
  EXPECT_EQ(accepted["allowed_events"],
            Json::array({"start_mediation", "withdraw", "extend_award_limit"}))
      << accepted.dump();
}

// GET /api/cases/{id}/actions, what the case page offers: the events of
// the current state some role of the user may fire, and suspend/resume.
TEST_P(Offices, ActionsOfferWhatTheUsersRolesMayDoNow) {
  const std::string id = open_fasttrack();
  auto events = [](const Json& actions) {
    std::vector<std::string> names;
    for (const auto& action : actions["actions"]) names.push_back(action["event"]);
    return names;
  };
  const Json clerks = clerk().get("/api/cases/" + id + "/actions").json();
  EXPECT_EQ(clerks["case_id"], id);
  EXPECT_EQ(clerks["state"]["name"], "intake");
  EXPECT_EQ(clerks["status"], "active");
  EXPECT_EQ(events(clerks), (std::vector<std::string>{"accept", "reject", "withdraw"}));
  EXPECT_EQ(clerks["suspend"]["allowed"], false);
  EXPECT_EQ(clerks["resume"]["allowed"], false);

  // The director's roles allow the award-limit extension, but its timer is
  // not running before acceptance: not offered yet.
  const Json directors = director().get("/api/cases/" + id + "/actions").json();
  EXPECT_EQ(events(directors), (std::vector<std::string>{"reject", "withdraw"}));
  EXPECT_EQ(directors["suspend"]["allowed"], true);
  ASSERT_EQ(clerk().post_json("/api/cases/" + id + "/events", {{"event", "accept"}}).status, 200);
  const Json accepted = director().get("/api/cases/" + id + "/actions").json();
  const std::vector<std::string> now_offered = events(accepted);
  ASSERT_NE(std::find(now_offered.begin(), now_offered.end(), "extend_award_limit"),
            now_offered.end())
      << accepted.dump();
  for (const auto& action : accepted["actions"]) {
    if (action["event"] != "extend_award_limit") continue;
    EXPECT_EQ(action["kind"], "extension");
    EXPECT_EQ(action["timer"]["used"], 0);
    EXPECT_EQ(action["timer"]["times"], 1);
  }

  // A lawyer of the same office holds no role of the workflow: nothing.
  const Json lawyers = lawyer().get("/api/cases/" + id + "/actions").json();
  EXPECT_EQ(lawyers["actions"], Json::array());
  EXPECT_EQ(lawyers["suspend"]["allowed"], false);

  Reply missing = clerk().get("/api/cases/2099-999999/actions");
  EXPECT_EQ(missing.status, 404) << missing.describe();
  EXPECT_EQ(missing.detail(), "no case 2099-999999");
}

WAGEFLOW_API_ON_EVERY_BACKEND(Offices);

}  // namespace
}  // namespace wageflow::api
