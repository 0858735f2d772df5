// The login form, the session cookie and its defences: HttpOnly and
// SameSite=Strict, the Origin/Referer check and the CSRF token on every
// post, expiry after 8 hours on the server's clock, logout.
#include "api/support/fixture.h"

namespace wageflow::api {
namespace {

class Sessions : public ApiTest {
 protected:
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  Reply login(const std::string& user, const std::string& token,
              httplib::Headers headers = {}) const {
    if (headers.empty()) headers.emplace("Origin", origin());
    return anonymous().post("/login", "user=" + user + "&token=" + token + "&next=%2Fcases",
                            "application/x-www-form-urlencoded", std::move(headers));
  }

  // "wageflow_session=..." from a login answer.
  static std::string cookie_of(const Reply& reply) {
    const std::string set_cookie = reply.header("Set-Cookie");
    return set_cookie.substr(0, set_cookie.find(';'));
  }

  // A client logged in as the clerk through the form, with its CSRF token.
  ApiClient browser() const {
    Reply reply = login("李明", clerk_token_);
    EXPECT_EQ(reply.status, 303) << reply.describe();
    ApiClient client = anonymous();
    client.set_cookie(cookie_of(reply));
    client.set_csrf(client.get("/api/session").json().value("csrf_token", ""));
    return client;
  }

  void move_clock(const std::string& now) const {
    Reply reply = anonymous().post_json("/test/clock", {{"now", now}});
    ASSERT_EQ(reply.status, 200) << reply.describe();
  }
};

TEST_P(Sessions, TheLoginFormSetsAStrictHttpOnlyCookieAndRedirects) {
  Reply reply = login("李明", clerk_token_);
  ASSERT_EQ(reply.status, 303) << reply.describe();
  EXPECT_EQ(reply.header("Location"), "/cases");
  const std::string cookie = reply.header("Set-Cookie");
  EXPECT_EQ(cookie.rfind("wageflow_session=", 0), 0u) << cookie;
  for (const char* attribute : {"; Path=/", "; HttpOnly", "; SameSite=Strict", "; Max-Age=28800"}) {
    EXPECT_NE(cookie.find(attribute), std::string::npos) << cookie << " lacks " << attribute;
  }
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain HTTP on loopback

  ApiClient client = anonymous();
  client.set_cookie(cookie_of(reply));
  Reply session = client.get("/api/session");
  ASSERT_EQ(session.status, 200) << session.describe();
  EXPECT_EQ(session.json()["user"], "李明");
  EXPECT_EQ(session.json()["authenticated_by"], "session");
  EXPECT_EQ(session.json()["expires_at"], "2025-01-24T09:30:00Z");  // 8 hours after 01:30Z
  EXPECT_EQ(session.json()["csrf_token"].get<std::string>().size(), 43u);
}

TEST_P(Sessions, AWrongNameOrTokenLogsNobodyIn) {
  for (const auto& [user, token] : std::vector<std::pair<std::string, std::string>>{
           {"李明", "wft_wrong"}, {"王芳", clerk_token_}, {"nobody", clerk_token_}}) {
    SCOPED_TRACE(user + " " + token);
    Reply reply = login(user, token);
    EXPECT_EQ(reply.status, 401) << reply.describe();
    EXPECT_EQ(reply.type(), "urn:wageflow:problem:login-failed");
    EXPECT_EQ(reply.header("Set-Cookie"), "");
  }
  Reply missing = anonymous().post("/login", "user=李明", "application/x-www-form-urlencoded");
  EXPECT_EQ(missing.status, 400) << missing.describe();
  Reply json = anonymous().post_json("/login", {{"user", "李明"}});
  EXPECT_EQ(json.status, 415) << json.describe();
}

TEST_P(Sessions, ALoginFormPostedFromAnotherSiteIsRefused) {
  Reply reply = login("李明", clerk_token_, {{"Origin", "https://evil.example"}});
  EXPECT_EQ(reply.status, 403) << reply.describe();
  EXPECT_EQ(reply.type(), "urn:wageflow:problem:cross-site-request");
  EXPECT_EQ(reply.header("Set-Cookie"), "");
}

TEST_P(Sessions, PostsOfASessionNeedOurOriginAndTheCsrfToken) {
  const ApiClient client = browser();
  const std::string csrf = client.get("/api/session").json()["csrf_token"];
  const Json open = {{"workflow", "wage-arbitration-fasttrack"}, {"values", fasttrack_values()}};
  const auto cases_now = [&] { return director().get("/api/cases").json()["cases"].size(); };

  struct Attempt {
    std::string what;
    httplib::Headers headers;
    bool with_csrf;
    int status;
    std::string slug;
  };
  const std::vector<Attempt> attempts = {
      {"no CSRF token", {{"Origin", origin()}}, false, 403, "csrf-token-mismatch"},
      {"a wrong CSRF token",
       {{"Origin", origin()}, {"X-CSRF-Token", "forged"}},
       false,
       403,
       "csrf-token-mismatch"},
      {"another site's Origin",
       {{"Origin", "https://evil.example"}},
       true,
       403,
       "cross-site-request"},
      {"another site's Referer",
       {{"Referer", "https://evil.example/page"}},
       true,
       403,
       "cross-site-request"},
      {"neither Origin nor Referer", {}, true, 403, "cross-site-request"},
      {"Origin null (a sandboxed frame)", {{"Origin", "null"}}, true, 403, "cross-site-request"},
  };
  for (const auto& attempt : attempts) {
    SCOPED_TRACE(attempt.what);
    ApiClient sender = client;
    if (!attempt.with_csrf) sender.set_csrf("");
    Reply reply =
        sender.send("POST", "/api/cases", open.dump(), "application/json", attempt.headers);
    EXPECT_EQ(reply.status, attempt.status) << reply.describe();
    EXPECT_EQ(reply.type(), "urn:wageflow:problem:" + attempt.slug);
    EXPECT_EQ(cases_now(), 0u) << "a case was opened";
  }
  Reply same_site =
      client.send("POST", "/api/cases", open.dump(), "application/json", {{"Origin", origin()}});
  ASSERT_EQ(same_site.status, 201) << same_site.describe();
  Reply by_referer = client.send("POST", "/api/cases", open.dump(), "application/json",
                                 {{"Referer", origin() + "/cases/new"}});
  ASSERT_EQ(by_referer.status, 201) << by_referer.describe();
  const Json records = clerk().get("/api/cases/2025-000001/audit").json()["records"];
  EXPECT_EQ(records[0]["actor"], "李明");
  EXPECT_EQ(csrf.size(), 43u);
}

TEST_P(Sessions, ASessionExpiresAfterEightHoursOnTheServersClock) {
  const ApiClient client = browser();
  move_clock("2025-01-24T17:29:59+08:00");
  EXPECT_EQ(client.get("/api/session").status, 200);
  move_clock("2025-01-24T17:30:00+08:00");
  Reply expired = client.get("/api/session");
  EXPECT_EQ(expired.status, 401) << expired.describe();
  EXPECT_EQ(expired.type(), "urn:wageflow:problem:session-expired");
  EXPECT_NE(expired.detail().find("expired at 2025-01-24T09:30:00Z"), std::string::npos);
  EXPECT_NE(expired.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  Reply again = client.get("/api/cases");
  EXPECT_EQ(again.status, 401);
  EXPECT_NE(again.detail().find("log in again"), std::string::npos);
  // The token itself does not expire.
  EXPECT_EQ(clerk().get("/api/session").status, 200);
}

TEST_P(Sessions, LogoutEndsTheSessionOnlyWhenPostedFromOurPages) {
  const ApiClient client = browser();
  const std::string csrf = client.get("/api/session").json()["csrf_token"];
  ApiClient plain = client;
  plain.set_csrf("");
  Reply forged = plain.post("/logout", "csrf_token=" + csrf, "application/x-www-form-urlencoded",
                            {{"Origin", "https://evil.example"}});
  EXPECT_EQ(forged.status, 403) << forged.describe();
  EXPECT_EQ(client.get("/api/session").status, 200);

  Reply out = plain.post("/logout", "csrf_token=" + csrf, "application/x-www-form-urlencoded",
                         {{"Origin", origin()}});
  ASSERT_EQ(out.status, 303) << out.describe();
  EXPECT_EQ(out.header("Location"), "/");
  EXPECT_NE(out.header("Set-Cookie").find("wageflow_session=; "), std::string::npos);
  EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(client.get("/api/session").status, 401);
}

TEST_P(Sessions, AForgedCookieIsNoSession) {
  ApiClient client = anonymous();
  client.set_cookie("wageflow_session=made-up");
  Reply reply = client.get("/api/session");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(reply.type(), "urn:wageflow:problem:session-expired");
}

WAGEFLOW_API_ON_EVERY_BACKEND(Sessions);

}  // namespace
}  // namespace wageflow::api
