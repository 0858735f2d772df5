#include "adapters/http/authentication.h"

#include "adapters/http/credentials.h"

namespace wageflow::http {
namespace {

Problem unauthenticated(std::string slug, std::string detail) {
  return Problem{401, std::move(slug), std::move(detail)};
}

// "host:port" of an absolute URL "scheme://host:port/...", or "" when
// `url` has no such form.
std::string authority_of(const std::string& url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return "";
  const std::size_t start = scheme_end + 3;
  const std::size_t end = url.find_first_of("/?#", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Whether the request's Origin or Referer names `host`; nullopt when the
// request carries neither.
std::optional<bool> same_origin(const HttpRequest& request) {
  const std::string host = request.header("Host");
  if (request.has_header("Origin")) {
    const std::string origin = request.header("Origin");
    return !host.empty() && equals_ignoring_case(authority_of(origin), host);
  }
  if (request.has_header("Referer")) {
    return !host.empty() && equals_ignoring_case(authority_of(request.header("Referer")), host);
  }
  return std::nullopt;
}

Problem cross_site(const HttpRequest& request) {
  const std::string from =
      request.has_header("Origin") ? request.header("Origin") : request.header("Referer");
  return Problem{403, "cross-site-request",
                 "this form was posted from " + (from.empty() ? "an unknown page" : from) +
                     ", not from this server's pages; nothing was changed"};
}

}  // namespace

bool is_unsafe_method(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

Caller authenticate(Exchange& exchange) {
  const HttpRequest& request = exchange.request;
  AccountStore& accounts = exchange.db().accounts;
  if (request.has_header("Authorization")) {
    const std::string value = request.header("Authorization");
    const std::string prefix = "Bearer ";
    if (value.size() <= prefix.size() || !equals_ignoring_case(value.substr(0, 7), prefix)) {
      throw ProblemError(
          unauthenticated("invalid-token",
                          "the Authorization header must be 'Bearer TOKEN' with the token "
                          "`wageflow user add` printed"));
    }
    auto user = accounts.user_with_token(secret_hash(value.substr(prefix.size())));
    if (!user) {
      throw ProblemError(unauthenticated(
          "invalid-token",
          "the token is not known: check it was copied whole, or ask for a new one"));
    }
    return Caller{std::move(*user), false, "", {}};
  }
  if (auto id = request.cookie(kSessionCookie); id && !id->empty()) {
    const std::string hash = secret_hash(*id);
    auto session = accounts.find_session(hash);
    if (!session) {
      throw ProblemError(
          unauthenticated("session-expired", "your session has ended; log in again"));
    }
    if (exchange.now().seconds >= session->expires_at) {
      accounts.remove_session(hash);
      throw ProblemError(unauthenticated(
          "session-expired", "your session expired at " + format_utc(Instant{session->expires_at}) +
                                 "; log in again"));
    }
    auto user = accounts.find_user(session->user);
    if (!user) {
      throw ProblemError(unauthenticated(
          "session-expired", "the user of this session no longer exists; log in again"));
    }
    return Caller{std::move(*user), true, hash, std::move(*session)};
  }
  throw ProblemError(unauthenticated(
      "unauthenticated",
      "log in first: send 'Authorization: Bearer TOKEN' or log in through the login form"));
}

void check_cross_site(const Exchange& exchange, const Caller& caller) {
  const HttpRequest& request = exchange.request;
  if (!caller.by_session || !is_unsafe_method(request.method)) return;
  if (same_origin(request) != std::optional<bool>(true)) throw ProblemError(cross_site(request));
  std::string token = request.header(kCsrfHeader);
  if (token.empty() && request.media_type() == "application/x-www-form-urlencoded") {
    auto form = parse_form(request.body);
    if (auto field = form.find(kCsrfFormField); field != form.end()) token = field->second;
  }
  if (token.empty() || !same_secret(token, caller.session.csrf_token)) {
    throw ProblemError(
        Problem{403, "csrf-token-mismatch",
                "the form's CSRF token is missing or out of date (send the csrf_token of GET "
                "/api/session in the X-CSRF-Token header); reload the page and try again"});
  }
}

void check_same_origin_if_given(const HttpRequest& request) {
  if (same_origin(request) == std::optional<bool>(false)) throw ProblemError(cross_site(request));
}

std::string session_cookie(const std::string& session_id, std::int64_t max_age_seconds,
                           bool secure) {
  return std::string(kSessionCookie) + "=" + session_id +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds) +
         (secure ? "; Secure" : "");
}

std::string expired_session_cookie(bool secure) {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
         (secure ? "; Secure" : "");
}

}  // namespace wageflow::http
