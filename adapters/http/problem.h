// Problem details (RFC 9457): every 4xx and 5xx answer of the API is an
// application/problem+json document
//   {"type": "urn:wageflow:problem:SLUG", "title": ..., "status": N,
//    "detail": "one line a clerk can act on", "instance": "/the/path", ...}
// with the same `detail` the CLI prints for the same mistake.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "adapters/http/http_message.h"

namespace wageflow::http {

struct Problem {
  int status = 400;
  std::string slug;  // e.g. "malformed-json"; the type is urn:wageflow:problem:<slug>
  std::string detail;
  nlohmann::ordered_json extensions = nlohmann::ordered_json::object();  // extra members
};

// The title of a problem type: a fixed phrase per slug (the status's
// reason phrase for slugs without one of their own).
std::string problem_title(const Problem& problem);

// The response for `problem` about the request path `instance`.
HttpResponse problem_response(const Problem& problem, const std::string& instance);

// Thrown by the request-reading helpers of adapters/http when the input is
// wrong, and caught in exactly one place (Api::handle), which answers with
// the problem. Never leaves adapters/http.
class ProblemError : public std::runtime_error {
 public:
  explicit ProblemError(Problem problem)
      : std::runtime_error(problem.detail), problem_(std::move(problem)) {}
  const Problem& problem() const { return problem_; }

 private:
  Problem problem_;
};

}  // namespace wageflow::http
