#include "adapters/http/problem.h"

#include <map>

namespace wageflow::http {
namespace {

const char* reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 422:
      return "Unprocessable Content";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Server Error" : "Client Error";
  }
}

}  // namespace

std::string problem_title(const Problem& problem) {
  static const std::map<std::string, std::string> kTitles = {
      {"malformed-json", "The body is not valid JSON"},
      {"invalid-body", "The body does not have the expected form"},
      {"invalid-parameter", "A query or path parameter is not valid"},
      {"unsupported-media-type", "The body has a media type this route does not take"},
      {"body-too-large", "The body is larger than the server accepts"},
      {"length-required", "The body must come with a Content-Length"},
      {"unknown-route", "No such resource"},
      {"method-not-allowed", "The resource does not support this method"},
      {"method-not-implemented", "The server does not know this method"},
      {"unauthenticated", "Authentication is needed"},
      {"invalid-token", "The token is not valid"},
      {"session-expired", "The session has expired"},
      {"login-failed", "The user name or token is wrong"},
      {"cross-site-request", "The form was posted from another site"},
      {"csrf-token-mismatch", "The form's CSRF token is missing or wrong"},
      {"forbidden", "You may not do this"},
      {"role-not-allowed", "None of your roles may do this"},
      {"office-not-allowed", "The case belongs to another office"},
      {"no-such-case", "No such case"},
      {"no-such-workflow", "No such workflow"},
      {"refused", "The rules refused the command"},
      {"version-conflict", "The case changed under you"},
      {"precondition-failed", "The case is not at the version you named"},
      {"invalid-idempotency-key", "The Idempotency-Key header is not valid"},
      {"invalid-deadline", "The deadline cannot be computed"},
      {"invalid-simulation", "The simulation cannot be run"},
      {"bad-request", "The request is malformed"},
      {"database-fault", "The database failed"},
      {"internal-fault", "Internal fault"},
      {"shutting-down", "The server is shutting down"},
  };
  auto found = kTitles.find(problem.slug);
  return found != kTitles.end() ? found->second : reason_phrase(problem.status);
}

HttpResponse problem_response(const Problem& problem, const std::string& instance) {
  nlohmann::ordered_json body = {
      {"type", "urn:wageflow:problem:" + problem.slug},
      {"title", problem_title(problem)},
      {"status", problem.status},
      {"detail", problem.detail},
      {"instance", instance},
  };
  for (const auto& [key, value] : problem.extensions.items()) body[key] = value;
  HttpResponse response = HttpResponse::json(problem.status, body);
  response.content_type = "application/problem+json";
  return response;
}

}  // namespace wageflow::http
