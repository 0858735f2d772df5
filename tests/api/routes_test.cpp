// Every route of the API answering a well-formed request: what the CLI
// does, over HTTP.
#include "api/support/fixture.h"

namespace wageflow::api {
namespace {

class Routes : public ApiTest {};

TEST_P(Routes, HealthAndTheOpenApiDocumentNeedNoLogin) {
  Reply health = anonymous().get("/healthz");
  EXPECT_EQ(health.status, 200) << health.describe();
  EXPECT_EQ(health.json()["status"], "ok");
  EXPECT_EQ(health.json()["time"], "2025-01-24T01:30:00Z");  // the --now clock

  Reply openapi = anonymous().get("/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  EXPECT_EQ(openapi.json()["openapi"], "3.1.0");
  EXPECT_TRUE(openapi.json()["paths"].contains("/api/cases/{id}/events"));
}

TEST_P(Routes, SessionSaysWhoIsCalling) {
  Reply reply = clerk().get("/api/session");
  ASSERT_EQ(reply.status, 200) << reply.describe();
  EXPECT_EQ(reply.json()["user"], "李明");
  EXPECT_EQ(reply.json()["roles"], Json::array({"intake_clerk", "mediator"}));
  EXPECT_EQ(reply.json()["office"], "长春市");
  EXPECT_EQ(reply.json()["province_wide"], false);
  EXPECT_EQ(reply.json()["authenticated_by"], "token");
}

// New cases take the latest version published in the database (wageflow
// publish) over the folder's file; the workflow routes show that version,
// not the file's.
TEST_P(Routes, WorkflowsShowTheLatestPublishedVersionThatNewCasesGet) {
  std::string text = e2e::read_file(fs::path(WAGEFLOW_SOURCE_DIR) / "workflows" /
                                    "wage-arbitration-fasttrack.yaml");
  const std::string version_line = "\nversion: 1\n";
  const std::string title = "title: {zh: 农民工工资争议速裁,";
  ASSERT_NE(text.find(version_line), std::string::npos);
  ASSERT_NE(text.find(title), std::string::npos);
  text.replace(text.find(version_line), version_line.size(), "\nversion: 2\n");
  text.replace(text.find(title), title.size(), "title: {zh: 农民工工资争议速裁（第二版）,");
  const fs::path file = server_->sandbox().dir() / "fasttrack-v2.yaml";
  e2e::write_file(file, text);
  RunResult published = server_->cli({"publish", file.string(), "--actor", "王芳"});
  ASSERT_EQ(published.exit_code, 0) << published.describe();

  Reply list = clerk().get("/api/workflows");
  ASSERT_EQ(list.status, 200) << list.describe();
  const Json workflows = list.json()["workflows"];
  Json listed;
  for (const auto& w : workflows) {
    if (w["id"] == "wage-arbitration-fasttrack") listed = w;
  }
  EXPECT_EQ(listed["version"], 2) << list.describe();
  EXPECT_EQ(listed["title"]["zh"], "农民工工资争议速裁（第二版）");
  Reply one = clerk().get("/api/workflows/wage-arbitration-fasttrack");
  ASSERT_EQ(one.status, 200) << one.describe();
  EXPECT_EQ(one.json()["version"], 2);
  EXPECT_EQ(one.json()["title"]["zh"], "农民工工资争议速裁（第二版）");
  EXPECT_EQ(show(open_fasttrack())["version"], 2);
  Reply diagram = clerk().get("/api/workflows/wage-arbitration-fasttrack/diagram");
  ASSERT_EQ(diagram.status, 200) << diagram.describe();
  EXPECT_NE(diagram.body.find("农民工工资争议速裁（第二版）"), std::string::npos);
}

TEST_P(Routes, WorkflowsAreListedAndShownWithTheCallersRoles) {
  Reply list = clerk().get("/api/workflows");
  ASSERT_EQ(list.status, 200) << list.describe();
  const Json workflows = list.json()["workflows"];
  std::vector<std::string> ids;
  for (const auto& w : workflows) ids.push_back(w["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"legal-aid", "wage-arbitration",
                                           "wage-arbitration-fasttrack"}));
  EXPECT_EQ(list.json()["workflows"][2]["your_roles"], Json::array({"intake_clerk", "mediator"}));
  EXPECT_EQ(list.json()["workflows"][2]["role_labels"]["intake_clerk"],
            Json({{"zh", "立案员"}, {"en", "Intake clerk"}}))
      << list.body;
  EXPECT_EQ(list.json()["workflows"][2]["role_labels"].size(), 4u) << list.body;

  Reply one = clerk().get("/api/workflows/wage-arbitration-fasttrack");
  ASSERT_EQ(one.status, 200) << one.describe();
  const Json w = one.json();
  EXPECT_EQ(w["calendar"], "cn-mainland");
  EXPECT_EQ(w["title"]["zh"], "农民工工资争议速裁");
  EXPECT_EQ(w["states"][0]["name"], "intake");
  EXPECT_EQ(w["states"][0]["initial"], true);
  EXPECT_EQ(w["fields"][0]["name"], "worker_name");
  EXPECT_EQ(w["fields"][0]["pii"], true);
  EXPECT_FALSE(w["fields"][0].contains("hint"));
  EXPECT_EQ(w["fields"][1]["name"], "worker_id_no");
  EXPECT_EQ(w["fields"][1]["pattern"], "^[0-9]{17}[0-9X]$");
  EXPECT_EQ(w["fields"][1]["hint"]["zh"], "18位身份证号码（末位可为X）");
  EXPECT_EQ(w["transitions"][0]["event"], "accept");
  EXPECT_EQ(w["transitions"][0]["roles"], Json::array({"intake_clerk"}));
  EXPECT_FALSE(w["transitions"][0].contains("set"));
  for (const auto& f : w["fields"]) {
    if (f["name"] == "final_award") {
      EXPECT_EQ(f["computed_by"], Json::array({"award"})) << f.dump();
    } else {
      EXPECT_FALSE(f.contains("computed_by")) << f.dump();
    }
  }
  for (const auto& t : w["transitions"]) {
    if (t["event"] == "award") {
      EXPECT_EQ(t["set"], Json({{"final_award", "claim_amount <= 12 * min_monthly_wage"}}));
    }
  }
  EXPECT_EQ(w["lifecycle"]["suspend"], Json::array({"arbitrator", "director"}));
  EXPECT_EQ(w["lifecycle"]["correct"], Json::array({"intake_clerk", "arbitrator", "director"}));
  bool award_limit_extends = false;
  for (const auto& t : w["timers"]) {
    if (t["name"] == "award_limit")
      award_limit_extends = t["extend"]["event"] == "extend_award_limit";
  }
  EXPECT_TRUE(award_limit_extends);
}

// The workflows page warns when the calendar's last listed day is 90 days
// away or less, as `wageflow validate` does.
TEST_P(Routes, AWorkflowSaysWhenItsCalendarEndsSoon) {
  const struct {
    const char* now;  // the server's clock, +08:00
    bool ends_soon;
  } rows[] = {
      {"2025-01-24T09:30:00+08:00", false},
      {"2026-10-01T23:59:00+08:00", false},  // 91 days before 2026-12-31
      {"2026-10-02T00:00:00+08:00", true},   // 90 days
      {"2027-02-01T09:00:00+08:00", true},   // past
  };
  for (const auto& row : rows) {
    const Reply moved = anonymous().post_json("/test/clock", {{"now", row.now}});
    ASSERT_EQ(moved.status, 200) << moved.describe();
    const Json shown = clerk().get("/api/workflows/wage-arbitration-fasttrack").json();
    EXPECT_EQ(shown["calendar_until"], "2026-12-31") << row.now;
    EXPECT_EQ(shown["calendar_ends_soon"], row.ends_soon) << row.now;
    const Json listed = clerk().get("/api/workflows").json()["workflows"];
    for (const auto& w : listed) EXPECT_EQ(w["calendar_ends_soon"], row.ends_soon) << row.now << w;

    // `wageflow validate` warns exactly then.
    const RunResult cli =
        server_->sandbox().run({"validate", std::string(WAGEFLOW_SOURCE_DIR) +
                                                "/workflows/wage-arbitration-fasttrack.yaml"},
                               row.now);
    EXPECT_EQ(cli.out.find("calendar 'cn-mainland' ends on 2026-12-31") != std::string::npos,
              row.ends_soon)
        << row.now << "\n"
        << cli.out;
  }
}

TEST_P(Routes, APostedWorkflowIsValidatedWithTheDiagnosticsOfTheCli) {
  const std::string broken =
      "workflow: wage-claim\nversion: 1\ntitle: t\ncalendar: cn-mainland\nroles: [clerk]\n"
      "fields:\n  worker_name: {type: string}\nstates:\n  intake: {initial: true}\n"
      "  done: {final: true}\ntransitions:\n  - event: finish\n    from: intake\n"
      "    to: finished\n";
  Reply reply =
      clerk().post("/api/workflows/validate?name=wage-claim.yaml", broken, "application/yaml");
  ASSERT_EQ(reply.status, 200) << reply.describe();
  const Json body = reply.json();
  EXPECT_EQ(body["valid"], false);
  EXPECT_EQ(body["kind"], "workflow");
  ASSERT_GE(body["errors"].get<int>(), 1);
  const Json first = body["diagnostics"][0];
  EXPECT_EQ(first["file"], "wage-claim.yaml");
  EXPECT_EQ(first["line"], 14);
  EXPECT_EQ(first["severity"], "error");
  EXPECT_NE(first["message"].get<std::string>().find("unknown state 'finished'"), std::string::npos)
      << first;

  // The same text through `wageflow validate` says the same thing.
  e2e::write_file(server_->sandbox().dir() / "wage-claim.yaml", broken);
  RunResult cli =
      server_->cli({"validate", (server_->sandbox().dir() / "wage-claim.yaml").string()});
  EXPECT_NE(cli.out.find(first["message"].get<std::string>()), std::string::npos) << cli.out;

  std::string shipped =
      e2e::read_file(std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/legal-aid.yaml");
  Reply good = clerk().post("/api/workflows/validate", shipped, "text/yaml");
  ASSERT_EQ(good.status, 200);
  EXPECT_EQ(good.json()["valid"], true) << good.body;
  EXPECT_EQ(good.json()["workflow"]["id"], "legal-aid");

  std::string calendar =
      e2e::read_file(std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars/cn-mainland.yaml");
  Reply checked =
      clerk().post("/api/workflows/validate?name=cn-mainland.yaml", calendar, "application/yaml");
  EXPECT_EQ(checked.json()["kind"], "calendar");
  EXPECT_EQ(checked.json()["valid"], true) << checked.body;
}

TEST_P(Routes, ACaseIsOpenedShownAdvancedSuspendedResumedAndAudited) {
  Reply opened = clerk().post_json(
      "/api/cases", {{"workflow", "wage-arbitration-fasttrack"}, {"values", fasttrack_values()}});
  ASSERT_EQ(opened.status, 201) << opened.describe();
  const std::string id = opened.json()["id"];
  EXPECT_EQ(id, "2025-000001");
  EXPECT_EQ(opened.header("Location"), "/api/cases/2025-000001");
  EXPECT_EQ(opened.header("ETag"), "\"1\"");
  EXPECT_EQ(opened.json()["state"], "intake");
  EXPECT_EQ(opened.json()["office"], "长春市");
  EXPECT_EQ(opened.json()["data"]["claim_amount"], "8600.00");
  EXPECT_EQ(opened.json()["timers"][0]["due"], "2025-02-07");  // 5 working days over 春节

  Reply accepted = clerk().post_json("/api/cases/" + id + "/events", {{"event", "accept"}});
  ASSERT_EQ(accepted.status, 200) << accepted.describe();
  EXPECT_EQ(accepted.json()["state"], "accepted");
  EXPECT_EQ(accepted.json()["row_version"], 2);
  EXPECT_EQ(accepted.header("ETag"), "\"2\"");

  Reply mediation = clerk().post_json("/api/cases/" + id + "/events",
                                      {{"event", "start_mediation"}, {"comment", "双方同意调解"}});
  ASSERT_EQ(mediation.status, 200) << mediation.describe();
  EXPECT_EQ(mediation.json()["state"], "mediation");

  Reply suspended =
      director().post_json("/api/cases/" + id + "/suspend", {{"comment", "等待工伤认定结论"}});
  ASSERT_EQ(suspended.status, 200) << suspended.describe();
  EXPECT_EQ(suspended.json()["status"], "suspended");
  Reply resumed = director().post_json("/api/cases/" + id + "/resume", Json::object());
  ASSERT_EQ(resumed.status, 200) << resumed.describe();
  EXPECT_EQ(resumed.json()["status"], "active");

  Reply settled = clerk().post_json(
      "/api/cases/" + id + "/events",
      {{"event", "settle"}, {"values", {{"recovered_amount", 8000.5}}}, {"role", "mediator"}});
  ASSERT_EQ(settled.status, 200) << settled.describe();
  EXPECT_EQ(settled.json()["state"], "settled");
  EXPECT_EQ(settled.json()["status"], "closed");
  EXPECT_EQ(settled.json()["data"]["recovered_amount"], "8000.50");

  Reply shown = clerk().get("/api/cases/" + id);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.json()["state"], "settled");
  EXPECT_EQ(shown.json()["events"], Json::array());

  Reply audit = clerk().get("/api/cases/" + id + "/audit");
  ASSERT_EQ(audit.status, 200) << audit.describe();
  const Json records = audit.json()["records"];
  std::vector<std::string> who;
  for (const auto& r : records) {
    if (r["kind"] == "open" || r["kind"] == "fire" || r["kind"] == "suspend" ||
        r["kind"] == "resume") {
      who.push_back(r["kind"].get<std::string>() + ":" + r["actor"].get<std::string>() + ":" +
                    r["role"].get<std::string>());
    }
  }
  EXPECT_EQ(who, (std::vector<std::string>{"open:李明:intake_clerk", "fire:李明:intake_clerk",
                                           "fire:李明:mediator", "suspend:王芳:director",
                                           "resume:王芳:director", "fire:李明:mediator"}));
  Reply verified = clerk().get("/api/cases/" + id + "/audit/verify");
  ASSERT_EQ(verified.status, 200);
  EXPECT_EQ(verified.json()["ok"], true);
  EXPECT_EQ(verified.json()["records"], audit.json()["records"].size());

  // The CLI reads what the API wrote.
  RunResult cli = server_->cli({"case", "show", id, "--json"});
  EXPECT_EQ(Json::parse(cli.out)["state"], "settled");
}

TEST_P(Routes, CasesAreListedWithFiltersAndPages) {
  for (int i = 0; i < 5; ++i) open_fasttrack();
  const std::string accepted = open_fasttrack();
  ASSERT_EQ(clerk().post_json("/api/cases/" + accepted + "/events", {{"event", "accept"}}).status,
            200);

  Reply page1 = clerk().get("/api/cases?limit=4");
  ASSERT_EQ(page1.status, 200) << page1.describe();
  EXPECT_EQ(page1.json()["cases"].size(), 4u);
  EXPECT_EQ(page1.json()["cases"][0]["id"], "2025-000001");
  EXPECT_EQ(page1.json()["next_offset"], 4);
  Reply page2 = clerk().get("/api/cases?limit=4&offset=4");
  EXPECT_EQ(page2.json()["cases"].size(), 2u);
  EXPECT_TRUE(page2.json()["next_offset"].is_null());

  Reply by_state = clerk().get("/api/cases?state=accepted");
  ASSERT_EQ(by_state.json()["cases"].size(), 1u);
  EXPECT_EQ(by_state.json()["cases"][0]["id"], accepted);
  EXPECT_EQ(clerk().get("/api/cases?status=closed").json()["cases"].size(), 0u);
  EXPECT_EQ(clerk().get("/api/cases?workflow=legal-aid").json()["cases"].size(), 0u);
  EXPECT_EQ(clerk().get("/api/cases?overdue=true").json()["cases"].size(), 0u);
}

TEST_P(Routes, TheDeadlineCalculatorAnswersLikeTheCli) {
  Reply reply = clerk().get("/api/deadline?calendar=cn-mainland&from=2025-09-26&add=7%20days");
  ASSERT_EQ(reply.status, 200) << reply.describe();
  EXPECT_EQ(reply.json()["due"], "2025-10-09");
  EXPECT_EQ(reply.json()["provisional"], false);
  RunResult cli = server_->cli(
      {"deadline", "--calendar", "cn-mainland", "--from", "2025-09-26", "--add", "7 days"});
  EXPECT_EQ(cli.last_line(), "2025-10-09");
  EXPECT_NE(cli.out.find(reply.json()["explanation"].get<std::string>()), std::string::npos);

  Reply provisional =
      clerk().get("/api/deadline?calendar=cn-mainland&from=2026-12-20&add=30%20days");
  ASSERT_EQ(provisional.status, 200);
  EXPECT_EQ(provisional.json()["provisional"], true);
  EXPECT_NE(provisional.json()["note"].get<std::string>().find("provisional"), std::string::npos);
}

TEST_P(Routes, PagesAndStaticFilesAreServedFromTheWebFolder) {
  Reply placeholder = anonymous().get("/");
  ASSERT_EQ(placeholder.status, 200);
  EXPECT_EQ(placeholder.content_type(), "text/html; charset=utf-8");
  EXPECT_NE(placeholder.body.find("action=\"/login\""), std::string::npos);

  e2e::write_file(server_->web_dir() / "index.html", "<h1>案件</h1>");
  fs::create_directories(server_->web_dir() / "js");
  e2e::write_file(server_->web_dir() / "js" / "app.js", "console.log(1)");
  Reply index = anonymous().get("/");
  EXPECT_EQ(index.body, "<h1>案件</h1>");
  Reply script = anonymous().get("/static/js/app.js");
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(script.body, "console.log(1)");
  EXPECT_EQ(script.content_type(), "text/javascript; charset=utf-8");
  EXPECT_EQ(script.header("X-Content-Type-Options"), "nosniff");
  for (const Reply* reply : {&index, &script}) {
    const std::string policy = reply->header("Content-Security-Policy");
    SCOPED_TRACE(policy);
    EXPECT_NE(policy.find("script-src 'self'"), std::string::npos);
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos);
  }
}

WAGEFLOW_API_ON_EVERY_BACKEND(Routes);

}  // namespace
}  // namespace wageflow::api
