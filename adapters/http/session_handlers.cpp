// Logging in and out (the pages' session cookie), who am I, and the test
// clock.
#include <spdlog/spdlog.h>

#include "adapters/http/api_context.h"
#include "adapters/http/authentication.h"
#include "adapters/http/credentials.h"
#include "adapters/http/request_body.h"
#include "adapters/presentation/case_json.h"

namespace wageflow::http {
namespace {

constexpr std::size_t kMaxNextLength = 500;

std::string form_field(const std::multimap<std::string, std::string>& form,
                       const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? "" : found->second;
}

// Where to go after logging in: a path on this server only ("/cases?x=1"),
// never another site ("//evil.example", "https://...") and never anything
// that could break out of the Location header.
std::string safe_next(const std::string& next) {
  if (next.empty()) return "/";
  const bool controls = std::any_of(next.begin(), next.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (next.size() > kMaxNextLength || next.front() != '/' || next.rfind("//", 0) == 0 ||
      next.rfind("/\\", 0) == 0 || controls || next.find('\\') != std::string::npos) {
    throw ProblemError(Problem{400, "invalid-parameter",
                               "next must be a path on this server starting with a single '/', "
                               "e.g. /cases"});
  }
  return next;
}

HttpResponse login(Exchange& ex) {
  const HttpRequest& request = ex.request;
  if (request.media_type() != "application/x-www-form-urlencoded") {
    throw ProblemError(Problem{415, "unsupported-media-type",
                               "post the login form as application/x-www-form-urlencoded with "
                               "the fields user and token"});
  }
  check_same_origin_if_given(request);
  const auto form = parse_form(request.body);
  const std::string name = form_field(form, "user");
  const std::string token = form_field(form, "token");
  const std::string next = safe_next(form_field(form, "next"));
  if (name.empty() || token.empty()) {
    throw ProblemError(
        Problem{400, "invalid-body", "the login form needs both fields: user and token"});
  }
  AccountStore& accounts = ex.db().accounts;
  auto user = accounts.user_with_token(secret_hash(token));
  if (!user || user->name != name) {
    ex.services.log.warn("login refused for user '{}'", name);
    throw ProblemError(
        Problem{401, "login-failed", "the user name or the token is wrong; nobody was logged in"});
  }
  const std::int64_t now = ex.now().seconds;
  accounts.remove_expired_sessions(now);
  const std::string session_id = random_secret();
  const std::int64_t lifetime = ex.services.settings.session_seconds;
  accounts.add_session(secret_hash(session_id),
                       SessionRecord{user->name, random_secret(), now, now + lifetime});
  ex.services.log.info("user {} logged in; the session lasts until {}", user->name,
                       format_utc(Instant{now + lifetime}));
  HttpResponse response = HttpResponse::redirect(next);
  response.add_header("Set-Cookie",
                      session_cookie(session_id, lifetime, ex.services.settings.secure_cookies));
  return response;
}

HttpResponse logout(Exchange& ex) {
  const HttpRequest& request = ex.request;
  if (auto id = request.cookie(kSessionCookie); id && !id->empty()) {
    AccountStore& accounts = ex.db().accounts;
    const std::string hash = secret_hash(*id);
    if (auto session = accounts.find_session(hash)) {
      Caller caller{UserRecord{session->user, {}, "", false, 0}, true, hash, *session};
      check_cross_site(ex, caller);
      accounts.remove_session(hash);
      ex.services.log.info("user {} logged out", session->user);
    }
  }
  HttpResponse response = HttpResponse::redirect("/");
  response.add_header("Set-Cookie", expired_session_cookie(ex.services.settings.secure_cookies));
  return response;
}

HttpResponse who_am_i(Exchange& ex) {
  const Caller& caller = *ex.caller;
  nlohmann::ordered_json body = {
      {"user", caller.user.name},
      {"roles", caller.user.roles},
      {"office", caller.user.office},
      {"province_wide", caller.user.province_wide},
      {"authenticated_by", caller.by_session ? "session" : "token"},
  };
  if (caller.by_session) {
    body["csrf_token"] = caller.session.csrf_token;
    body["expires_at"] = format_utc(Instant{caller.session.expires_at});
  }
  return HttpResponse::json(200, body);
}

HttpResponse set_test_clock(Exchange& ex) {
  const auto body = json_object_body(ex.request, {"now"});
  const std::string text = required_string(body, "now");
  auto at = parse_instant(text, presentation::kDefaultUtcOffsetMinutes);
  if (!at) {
    throw ProblemError(Problem{400, "invalid-body",
                               "now: '" + text +
                                   "' is not a time; expected YYYY-MM-DD (09:00 at +08:00) or "
                                   "YYYY-MM-DDTHH:MM[:SS] with an optional zone (Z, +08:00)"});
  }
  ex.services.clock.set(*at);
  ex.services.log.info("test clock set to {}", format_utc(*at));
  if (ex.services.clock_moved) ex.services.clock_moved();
  return HttpResponse::json(200, {{"now", format_utc(*at)}});
}

}  // namespace

void add_session_routes(Router& router, const ApiSettings& settings) {
  router.add({"POST", "/login", Access::kPublic, "log in (form): sets the session cookie", login});
  router.add({"POST", "/logout", Access::kPublic, "log out: ends the session", logout});
  router.add({"GET", "/api/session", Access::kAuthenticated, "who am I", who_am_i});
  if (settings.test_clock) {
    router.add({"POST", "/test/clock", Access::kPublic, "move the server clock (--test-clock)",
                set_test_clock});
  }
}

}  // namespace wageflow::http
