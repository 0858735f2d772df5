// Who is calling, and whether a browser's post really comes from our pages.
// Private to adapters/http; every function throws ProblemError (401 or 403)
// with a clear detail when the answer is no.
#pragma once

#include <string>

#include "adapters/http/api_context.h"

namespace wageflow::http {

inline constexpr const char* kSessionCookie = "wageflow_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";
inline constexpr const char* kCsrfFormField = "csrf_token";

// The caller of a request: `Authorization: Bearer TOKEN` (checked first)
// or the session cookie. 401 when neither is given, the token is unknown,
// or the session is unknown or expired.
Caller authenticate(Exchange& exchange);

// For a request that changes something (POST, PUT, PATCH, DELETE) and is
// authenticated by the session cookie: the Origin (or, failing that, the
// Referer) must name this server's own host, and the session's CSRF token
// must come in the X-CSRF-Token header or the csrf_token form field.
// Bearer-token requests are not cross-site forgeable and pass.
void check_cross_site(const Exchange& exchange, const Caller& caller);

// Only the Origin/Referer half, for the login form (there is no session
// yet). A request with neither header (a script, curl) passes.
void check_same_origin_if_given(const HttpRequest& request);

// "wageflow_session=ID; Path=/; HttpOnly; SameSite=Strict; Max-Age=N[; Secure]",
// and the header value that deletes the cookie.
std::string session_cookie(const std::string& session_id, std::int64_t max_age_seconds,
                           bool secure);
std::string expired_session_cookie(bool secure);

bool is_unsafe_method(const std::string& method);

}  // namespace wageflow::http
