// Every mistake a client can make gets the right 4xx (or 501) with a clear
// problem document, the CLI's message where the CLI has one, nothing is
// written, and the server keeps serving.
#include "api/support/fixture.h"

namespace wageflow::api {
namespace {

struct BadRequest {
  std::string what;
  std::string method;
  std::string path;  // {id}: the case of the test
  std::string body;
  std::string content_type;
  httplib::Headers headers;
  std::string who;  // "clerk", "director", "jilin", "lawyer", "anonymous", "bad-token"
  int status;
  std::string slug;
  std::string detail;                 // a part of the problem's detail
  std::vector<std::string> cli = {};  // the same mistake through the CLI ({id} replaced)
  std::string missing = "";           // the problem's "missing" member: "comment", "values"
};

// What the CLI adds to a refusal's words to name the option that supplies
// what was missing.
std::string cli_option_hint(const std::string& missing) {
  if (missing == "comment") return " (--comment)";
  if (missing == "values") return " (use --set NAME=VALUE)";
  return "";
}

std::string replaced(std::string text, const std::string& id) {
  for (auto at = text.find("{id}"); at != std::string::npos; at = text.find("{id}")) {
    text.replace(at, 4, id);
  }
  return text;
}

class Errors : public ApiTest {
 protected:
  ApiClient client_for(const std::string& who) const {
    if (who == "clerk") return clerk();
    if (who == "director") return director();
    if (who == "jilin") return jilin();
    if (who == "lawyer") return lawyer();
    if (who == "bad-token") return as("wft_not-a-token");
    return anonymous();
  }
  // What must not change: every case's row_version and audit trail length.
  std::string written_state() const {
    const Json cases = director().get("/api/cases?limit=500").json()["cases"];
    std::string state;
    for (const auto& c : cases) {
      const std::string id = c["id"];
      state += id + "@" + std::to_string(c["row_version"].get<int>()) + "/" +
               std::to_string(audit_records(id)) + " ";
    }
    return state;
  }
};

TEST_P(Errors, EachMistakeGetsItsProblemAndChangesNothing) {
  const std::string id = open_fasttrack();
  const Json open_body = {{"workflow", "wage-arbitration-fasttrack"},
                          {"values", fasttrack_values()}};
  const std::string events = "/api/cases/{id}/events";
  const std::string json = "application/json";
  const std::vector<BadRequest> cases = {
      {"malformed JSON",
       "POST",
       events,
       "{\"event\": ",
       json,
       {},
       "clerk",
       400,
       "malformed-json",
       "the body is not valid JSON"},
      {"JSON that is not an object",
       "POST",
       events,
       "[\"accept\"]",
       json,
       {},
       "clerk",
       400,
       "invalid-body",
       "must be a JSON object"},
      {"an unknown key",
       "POST",
       events,
       R"({"event":"accept","evnt":"x"})",
       json,
       {},
       "clerk",
       400,
       "invalid-body",
       "unknown key 'evnt'"},
      {"a key given twice (meaning one thing to one parser, another to the next)",
       "POST",
       events,
       R"({"event":"nope","event":"withdraw","comment":"x"})",
       json,
       {},
       "clerk",
       400,
       "invalid-body",
       "key 'event' is given twice in the body"},
      {"a field given twice inside values",
       "POST",
       events,
       R"({"event":"accept","values":{"region":"长春市","region":"吉林市"}})",
       json,
       {},
       "clerk",
       400,
       "invalid-body",
       "key 'region' is given twice in the body"},
      {"an office with a line break and a NUL (no one could belong to it)",
       "POST",
       "/api/cases",
       R"({"workflow":"legal-aid","values":{"channel":"来访"},"office":"长春市\n\u0000x"})",
       json,
       {},
       "director",
       400,
       "invalid-body",
       "office: the office is not accepted: it holds a control character"},  // not echoed
      {"an empty role (not the same as leaving role out)",
       "POST",
       events,
       R"({"event":"accept","role":""})",
       json,
       {},
       "clerk",
       400,
       "invalid-body",
       "role is empty"},
      {"a value of the wrong type",
       "POST",
       events,
       R"({"event":5})",
       json,
       {},
       "clerk",
       400,
       "invalid-body",
       "event must be a string"},
      {"null as a field value",
       "POST",
       events,
       R"({"event":"accept","values":{"employer":null}})",
       json,
       {},
       "clerk",
       400,
       "invalid-body",
       "field employer"},
      {"no event", "POST", events, R"({})", json, {}, "clerk", 400, "invalid-body", "\"event\""},
      {"a form instead of JSON",
       "POST",
       events,
       "event=accept",
       "application/x-www-form-urlencoded",
       {},
       "clerk",
       415,
       "unsupported-media-type",
       "Content-Type: application/json"},
      {"a body of no JSON type",
       "POST",
       events,
       R"({"event":"accept"})",
       "text/plain",
       {},
       "clerk",
       415,
       "unsupported-media-type",
       "got 'text/plain'"},
      {"a bad Idempotency-Key",
       "POST",
       events,
       R"({"event":"accept"})",
       json,
       {{"Idempotency-Key", "has spaces in it"}},
       "clerk",
       400,
       "invalid-idempotency-key",
       "Idempotency-Key"},
      {"an Idempotency-Key too long",
       "POST",
       events,
       R"({"event":"accept"})",
       json,
       {{"Idempotency-Key", std::string(201, 'k')}},
       "clerk",
       400,
       "invalid-idempotency-key",
       "1 to 200"},
      {"a malformed If-Match",
       "POST",
       events,
       R"({"event":"accept"})",
       json,
       {{"If-Match", "yesterday"}},
       "clerk",
       400,
       "invalid-parameter",
       "If-Match"},
      {"an If-Match of another version",
       "POST",
       events,
       R"({"event":"accept"})",
       json,
       {{"If-Match", "\"7\""}},
       "clerk",
       412,
       "precondition-failed",
       "is at row_version 1, not 7"},
      {"no token",
       "POST",
       events,
       R"({"event":"accept"})",
       json,
       {},
       "anonymous",
       401,
       "unauthenticated",
       "log in first"},
      {"an unknown token",
       "POST",
       events,
       R"({"event":"accept"})",
       json,
       {},
       "bad-token",
       401,
       "invalid-token",
       "not known"},
      {"Basic instead of Bearer",
       "POST",
       events,
       R"({"event":"accept"})",
       json,
       {{"Authorization", "Basic bGk6bWluZw=="}},
       "anonymous",
       401,
       "invalid-token",
       "Bearer TOKEN"},
      {"a user holding no role of the workflow",
       "POST",
       events,
       R"({"event":"accept"})",
       json,
       {},
       "lawyer",
       403,
       "role-not-allowed",
       "hold none of the roles of workflow"},
      {"a role the user does not hold",
       "POST",
       events,
       R"({"event":"accept","role":"director"})",
       json,
       {},
       "clerk",
       403,
       "role-not-allowed",
       "do not hold role director"},
      {"roles the event is not open to",
       "POST",
       events,
       R"({"event":"accept"})",
       json,
       {},
       "director",
       403,
       "role-not-allowed",
       "role director may not fire accept; allowed: intake_clerk",
       {"case", "fire", "{id}", "accept", "--actor", "王芳", "--role", "director"}},
      {"an unknown event",
       "POST",
       events,
       R"({"event":"settle_quickly"})",
       json,
       {},
       "clerk",
       422,
       "refused",
       "unknown event 'settle_quickly'",
       {"case", "fire", "{id}", "settle_quickly", "--actor", "李明", "--role", "intake_clerk"}},
      {"an event not open in this state",
       "POST",
       events,
       R"({"event":"start_mediation"})",
       json,
       {},
       "clerk",
       422,
       "refused",
       "cannot fire from state intake",
       {"case", "fire", "{id}", "start_mediation", "--actor", "李明", "--role", "mediator"}},
      {"a missing comment",
       "POST",
       events,
       R"({"event":"withdraw"})",
       json,
       {},
       "clerk",
       422,
       "refused",
       "needs a comment",
       {"case", "fire", "{id}", "withdraw", "--actor", "李明", "--role", "intake_clerk"},
       "comment"},
      {"money that is not a number",
       "POST",
       events,
       R"({"event":"accept","values":{"claim_amount":"abc"}})",
       json,
       {},
       "clerk",
       422,
       "refused",
       "abc",
       {"case", "fire", "{id}", "accept", "--actor", "李明", "--role", "intake_clerk", "--set",
        "claim_amount=abc"}},
      {"an unknown field",
       "POST",
       events,
       R"({"event":"accept","values":{"salary":"1"}})",
       json,
       {},
       "clerk",
       422,
       "refused",
       "salary",
       {"case", "fire", "{id}", "accept", "--actor", "李明", "--role", "intake_clerk", "--set",
        "salary=1"}},
      {"an ID number not matching its pattern",
       "POST",
       events,
       R"({"event":"accept","values":{"worker_id_no":"12345"}})",
       json,
       {},
       "clerk",
       422,
       "refused",
       "worker_id_no",
       {"case", "fire", "{id}", "accept", "--actor", "李明", "--role", "intake_clerk", "--set",
        "worker_id_no=12345"}},
      {"a resume of a case that is not suspended",
       "POST",
       "/api/cases/{id}/resume",
       "{}",
       json,
       {},
       "director",
       422,
       "refused",
       "case {id}",
       {"case", "resume", "{id}", "--actor", "王芳", "--role", "director"}},
      {"a suspension without its reason",
       "POST",
       "/api/cases/{id}/suspend",
       "{}",
       json,
       {},
       "director",
       422,
       "refused",
       "comment",
       {"case", "suspend", "{id}", "--actor", "王芳", "--role", "director"},
       "comment"},
      {"a correction without its reason",
       "POST",
       "/api/cases/{id}/correct",
       R"({"values":{"claim_amount":"8680.50"}})",
       json,
       {},
       "clerk",
       422,
       "refused",
       "a correction needs a comment",
       {"case", "correct", "{id}", "--actor", "李明", "--role", "intake_clerk", "--set",
        "claim_amount=8680.50"},
       "comment"},
      {"a correction without values",
       "POST",
       "/api/cases/{id}/correct",
       R"({"comment":"核对"})",
       json,
       {},
       "clerk",
       422,
       "refused",
       "name the fields to correct and their right values",
       {"case", "correct", "{id}", "--actor", "李明", "--role", "intake_clerk", "--comment",
        "核对"},
       "values"},
      {"a correction to the value the field has",
       "POST",
       "/api/cases/{id}/correct",
       R"({"values":{"claim_amount":"8600.00"},"comment":"核对"})",
       json,
       {},
       "clerk",
       422,
       "refused",
       "field claim_amount has that value already",
       {"case", "correct", "{id}", "--actor", "李明", "--role", "intake_clerk", "--set",
        "claim_amount=8600.00", "--comment", "核对"}},
      {"a correction with an event",
       "POST",
       "/api/cases/{id}/correct",
       R"({"event":"accept","values":{"claim_amount":"8680.50"},"comment":"x"})",
       json,
       {},
       "clerk",
       400,
       "invalid-body",
       "event"},
      {"a case of another office",
       "POST",
       events,
       R"({"event":"accept"})",
       json,
       {},
       "jilin",
       404,
       "no-such-case",
       "no case {id}"},
      {"reading a case of another office",
       "GET",
       "/api/cases/{id}",
       "",
       "",
       {},
       "jilin",
       404,
       "no-such-case",
       "no case {id}"},
      {"the audit trail of a case of another office",
       "GET",
       "/api/cases/{id}/audit",
       "",
       "",
       {},
       "jilin",
       404,
       "no-such-case",
       "no case {id}"},
      {"an unknown case",
       "POST",
       "/api/cases/2025-000042/events",
       R"({"event":"accept"})",
       json,
       {},
       "clerk",
       404,
       "no-such-case",
       "no case 2025-000042",
       {"case", "fire", "2025-000042", "accept", "--actor", "李明", "--role", "intake_clerk"}},
      {"an unknown workflow",
       "POST",
       "/api/cases",
       R"({"workflow":"wage-arbitration-express"})",
       json,
       {},
       "clerk",
       422,
       "no-such-workflow",
       "unknown workflow 'wage-arbitration-express'",
       {"case", "open", "wage-arbitration-express", "--actor", "李明", "--role", "intake_clerk"}},
      {"a required field missing at opening",
       "POST",
       "/api/cases",
       R"({"workflow":"wage-arbitration-fasttrack","values":{"worker_name":"张三"}})",
       json,
       {},
       "clerk",
       422,
       "refused",
       "needs: employer",
       {"case", "open", "wage-arbitration-fasttrack", "--actor", "李明", "--role", "intake_clerk",
        "--set", "worker_name=张三"},
       "values"},
      {"opening for another office",
       "POST",
       "/api/cases",
       R"({"workflow":"wage-arbitration-fasttrack","office":"吉林市"})",
       json,
       {},
       "clerk",
       403,
       "office-not-allowed",
       "not for 吉林市"},
      {"listing another office",
       "GET",
       "/api/cases?office=吉林市",
       "",
       "",
       {},
       "clerk",
       403,
       "office-not-allowed",
       "not of 吉林市"},
      {"an unknown status filter",
       "GET",
       "/api/cases?status=open",
       "",
       "",
       {},
       "clerk",
       400,
       "invalid-parameter",
       "'open' is not one of active, suspended, closed"},
      {"a page size of 0",
       "GET",
       "/api/cases?limit=0",
       "",
       "",
       {},
       "clerk",
       400,
       "invalid-parameter",
       "limit must be a whole number from 1 to 500"},
      {"a page size that is not a number",
       "GET",
       "/api/cases?limit=ten",
       "",
       "",
       {},
       "clerk",
       400,
       "invalid-parameter",
       "limit"},
      {"overdue that is not a boolean",
       "GET",
       "/api/cases?overdue=maybe",
       "",
       "",
       {},
       "clerk",
       400,
       "invalid-parameter",
       "overdue must be true or false"},
      {"an unknown workflow to show",
       "GET",
       "/api/workflows/nope",
       "",
       "",
       {},
       "clerk",
       404,
       "no-such-workflow",
       "unknown workflow 'nope'"},
      {"a workflow to validate sent as JSON",
       "POST",
       "/api/workflows/validate",
       "{}",
       json,
       {},
       "clerk",
       415,
       "unsupported-media-type",
       "application/yaml"},
      {"a deadline without its start",
       "GET",
       "/api/deadline?calendar=cn-mainland&add=5%20days",
       "",
       "",
       {},
       "clerk",
       400,
       "invalid-parameter",
       "from is missing"},
      {"an impossible date",
       "GET",
       "/api/deadline?calendar=cn-mainland&from=2025-02-30&add=5%20days",
       "",
       "",
       {},
       "clerk",
       422,
       "invalid-deadline",
       "from expects a date YYYY-MM-DD, got '2025-02-30'",
       {"deadline", "--calendar", "cn-mainland", "--from", "2025-02-30", "--add", "5 days"}},
      {"a deadline in hours",
       "GET",
       "/api/deadline?calendar=cn-mainland&from=2025-02-03&add=48%20hours",
       "",
       "",
       {},
       "clerk",
       422,
       "invalid-deadline",
       "add expects 'N days' or 'N working_days'",
       {"deadline", "--calendar", "cn-mainland", "--from", "2025-02-03", "--add", "48 hours"}},
      {"a length past the largest one",
       "GET",
       "/api/deadline?calendar=cn-mainland&from=2025-02-03&add=3000000%20days",
       "",
       "",
       {},
       "clerk",
       422,
       "invalid-deadline",
       "with N a whole number up to 100000",
       {"deadline", "--calendar", "cn-mainland", "--from", "2025-02-03", "--add", "3000000 days"}},
      {"a due date after year 9999",
       "GET",
       "/api/deadline?calendar=cn-mainland&from=9999-12-31&add=5%20days",
       "",
       "",
       {},
       "clerk",
       422,
       "invalid-deadline",
       "from 9999-12-31 plus 5 days falls after 9999-12-31; check the start date",
       {"deadline", "--calendar", "cn-mainland", "--from", "9999-12-31", "--add", "5 days"}},
      {"a calendar named by a path",
       "GET",
       "/api/deadline?calendar=..%2F..%2Fetc%2Fpasswd&from=2025-02-03&add=5%20days",
       "",
       "",
       {},
       "clerk",
       422,
       "invalid-deadline",
       "unknown calendar"},
      {"an unknown route",
       "GET",
       "/api/nothing",
       "",
       "",
       {},
       "clerk",
       404,
       "unknown-route",
       "no such resource: /api/nothing"},
      {"a method the route does not take",
       "DELETE",
       "/api/cases/{id}",
       "",
       "",
       {},
       "clerk",
       405,
       "method-not-allowed",
       "does not take DELETE"},
      {"a method the server does not know",
       "TRACE",
       "/api/cases",
       "",
       "",
       {},
       "clerk",
       501,
       "method-not-implemented",
       "TRACE"},
      {"a missing static file",
       "GET",
       "/static/app.js",
       "",
       "",
       {},
       "anonymous",
       404,
       "unknown-route",
       "no file /static/app.js"},
      {"an encoded path traversal",
       "GET",
       "/static/%2e%2e/%2e%2e/etc/passwd",
       "",
       "",
       {},
       "anonymous",
       400,
       "invalid-parameter",
       "may not contain '..'"},
      {"a login redirect that would inject a header",
       "POST",
       "/login",
       "user=李明&token=x&next=%2Fcases%0D%0ASet-Cookie%3A%20evil%3D1",
       "application/x-www-form-urlencoded",
       {},
       "anonymous",
       400,
       "invalid-parameter",
       "next must be a path on this server"},
      {"a login redirect to another site",
       "POST",
       "/login",
       "user=李明&token=x&next=%2F%2Fevil.example",
       "application/x-www-form-urlencoded",
       {},
       "anonymous",
       400,
       "invalid-parameter",
       "next must be a path on this server"},
  };
  const std::string before = written_state();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what + ": " + c.method + " " + replaced(c.path, id));
    Reply reply =
        client_for(c.who).send(c.method, replaced(c.path, id), c.body, c.content_type, c.headers);
    EXPECT_EQ(reply.status, c.status) << reply.describe();
    EXPECT_EQ(reply.content_type(), "application/problem+json");
    const Json problem = reply.json();
    EXPECT_EQ(problem.value("type", ""), "urn:wageflow:problem:" + c.slug) << reply.body;
    EXPECT_EQ(problem.value("status", 0), c.status);
    EXPECT_FALSE(problem.value("title", "").empty());
    if (c.path.find('%') == std::string::npos) {
      EXPECT_EQ(problem.value("instance", ""), replaced(c.path, id).substr(0, c.path.find('?')));
    }
    EXPECT_NE(reply.detail().find(replaced(c.detail, id)), std::string::npos) << reply.body;
    EXPECT_EQ(reply.detail().find("--"), std::string::npos)
        << "an API client is told a command-line option: " << reply.body;
    EXPECT_EQ(problem.value("missing", ""), c.missing) << reply.body;
    EXPECT_EQ(reply.header("Set-Cookie"), "");
    if (c.status == 401) {
      EXPECT_EQ(reply.header("WWW-Authenticate"), "Bearer realm=\"wageflow\"");
    }
    if (c.status == 405) {
      EXPECT_EQ(reply.header("Allow"), "GET, HEAD");
    }
    if (!c.cli.empty()) {
      std::vector<std::string> command;
      for (const auto& arg : c.cli) command.push_back(replaced(arg, id));
      RunResult cli = server_->cli(command);
      // The API names query parameters where the CLI names its options.
      std::string cli_message = cli.err;
      if (cli_message.rfind("wageflow: --", 0) == 0) cli_message.erase(10, 2);
      EXPECT_EQ(cli_message, "wageflow: " + reply.detail() + cli_option_hint(c.missing) + "\n")
          << "the CLI words it otherwise";
    }
    EXPECT_EQ(written_state(), before) << "something was written";
    expect_serving();
  }
}

TEST_P(Errors, ABodyOverTheLimitIsRefusedBeforeItIsRead) {
  const std::string id = open_fasttrack();
  const std::string huge =
      "{\"event\":\"accept\",\"comment\":\"" + std::string(2 << 20, 'x') + "\"}";
  Reply reply = clerk().post("/api/cases/" + id + "/events", huge, "application/json");
  EXPECT_EQ(reply.status, 413) << reply.describe();
  EXPECT_EQ(reply.type(), "urn:wageflow:problem:body-too-large");
  EXPECT_NE(reply.detail().find("1048576 bytes"), std::string::npos);
  EXPECT_EQ(show(id)["row_version"], 1);
  expect_serving();
}

// cpp-httplib reads a chunked body whole, past --max-body (a 30 MB
// employer name was stored): a chunked body is refused unread, and so
// nothing is opened.
TEST_P(Errors, AChunkedBodyIsRefusedUnreadWithTheCommonHeaders) {
  const std::string body =
      R"({"workflow":"wage-arbitration-fasttrack","values":{"worker_name":"x","employer":"y",)"
      R"("region":"长春市","claim_amount":"1"}})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  const std::string answer = clerk().raw(
      "POST /api/cases HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " +
      clerk_token_ + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
      size + "\r\n" + body + "\r\n0\r\n\r\n");
  EXPECT_EQ(raw_status(answer), 411) << answer;
  EXPECT_NE(answer.find("urn:wageflow:problem:length-required"), std::string::npos) << answer;
  for (const char* header : {"Content-Security-Policy: ", "X-Frame-Options: DENY",
                             "Referrer-Policy: same-origin", "Cache-Control: no-store"}) {
    EXPECT_NE(answer.find(header), std::string::npos) << header << "\n" << answer;
  }
  EXPECT_EQ(director().get("/api/cases").json()["cases"].size(), 0u) << "a case was opened";
  expect_serving();
}

// A POST with neither Content-Length nor Transfer-Encoding has no body
// (RFC 9112): answered at once, not after the server's read timeout.
TEST_P(Errors, APostWithoutALengthHasNoBodyAndIsAnsweredAtOnce) {
  const std::string id = open_fasttrack();
  // Read for less than the server's 5 s read timeout: a server that waits
  // for a body answers nothing in that time.
  const std::string answer = clerk().raw("POST /api/cases/" + id +
                                             "/events HTTP/1.1\r\nHost: x\r\nConnection: "
                                             "close\r\nAuthorization: Bearer " +
                                             clerk_token_ + "\r\n\r\n",
                                         4000);
  EXPECT_EQ(raw_status(answer), 415) << answer;  // no body, so no JSON body
  EXPECT_EQ(show(id)["row_version"], 1);
  expect_serving();
}

TEST_P(Errors, RequestsNoBrowserSendsAreAnsweredWithProblems) {
  const ApiClient client = anonymous();
  struct Raw {
    std::string what, bytes;
    int status;
    std::string in_body;
  };
  const std::vector<Raw> cases = {
      {"a malformed request line", "GARBAGE\r\n\r\n", 400, "urn:wageflow:problem:bad-request"},
      {"an unknown method", "FROB / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400,
       "urn:wageflow:problem:bad-request"},
      {"a raw path traversal",
       "GET /static/../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400,
       "may not contain '..'"},
      {"a traversal out of /static/",
       "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404,
       "unknown-route"},
      {"a chunked body with a broken chunk size",
       "POST /api/cases HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: "
       "chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
       411, "urn:wageflow:problem:length-required"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const std::string answer = client.raw(c.bytes);
    EXPECT_EQ(raw_status(answer), c.status) << answer;
    EXPECT_NE(answer.find("application/problem+json"), std::string::npos) << answer;
    EXPECT_NE(answer.find(c.in_body), std::string::npos) << answer;
    EXPECT_EQ(answer.find("root:"), std::string::npos) << "a file outside was served";
    expect_serving();
  }
}

WAGEFLOW_API_ON_EVERY_BACKEND(Errors);

}  // namespace
}  // namespace wageflow::api
