// GET /api/deadline?calendar=NAME&from=YYYY-MM-DD&add=N+days: the deadline
// calculator of `wageflow deadline`.
#include <filesystem>
#include <regex>

#include "adapters/http/api_context.h"
#include "adapters/presentation/deadline.h"
#include "adapters/presentation/validation.h"

namespace wageflow::http {
namespace {

std::string required_parameter(const HttpRequest& request, const std::string& name,
                               const std::string& example) {
  auto value = request.query_value(name);
  if (!value || value->empty()) {
    throw ProblemError(
        Problem{400, "invalid-parameter",
                "the query parameter " + name + " is missing (e.g. " + name + "=" + example + ")"});
  }
  return *value;
}

HttpResponse compute_deadline(Exchange& ex) {
  presentation::DeadlineQuery query;
  query.option_prefix = "";
  query.calendar = required_parameter(ex.request, "calendar", "cn-mainland");
  query.from = required_parameter(ex.request, "from", "2025-01-24");
  query.add = required_parameter(ex.request, "add", "5 working_days");
  // Only a plain name: the API never reads a file named by the caller.
  static const std::regex kName("[a-z0-9][a-z0-9_-]{0,99}");
  if (!std::regex_match(query.calendar, kName)) {
    throw ProblemError(Problem{422, "invalid-deadline",
                               "unknown calendar '" + query.calendar +
                                   "': give the name of a calendar in the workflows folder, e.g. "
                                   "cn-mainland"});
  }
  query.calendar_path = (std::filesystem::path(ex.services.settings.workflows_dir) / "calendars" /
                         (query.calendar + ".yaml"))
                            .string();
  std::vector<Diagnostic> diagnostics;
  auto answer = presentation::compute_deadline(query, &diagnostics);
  if (!answer) {
    Problem problem{422, "invalid-deadline", answer.error()};
    if (!diagnostics.empty()) {
      auto list = nlohmann::ordered_json::array();
      for (const auto& d : diagnostics) list.push_back(presentation::diagnostic_json(d));
      problem.extensions["diagnostics"] = list;
    }
    throw ProblemError(problem);
  }
  nlohmann::ordered_json body = {{"calendar", query.calendar},
                                 {"from", query.from},
                                 {"add", query.add},
                                 {"due", answer->due.due.to_string()},
                                 {"explanation", answer->due.explanation},
                                 {"provisional", answer->due.provisional}};
  if (answer->due.provisional) body["note"] = presentation::provisional_note(*answer->calendar);
  return HttpResponse::json(200, body);
}

}  // namespace

void add_deadline_routes(Router& router) {
  router.add(
      {"GET", "/api/deadline", Access::kAuthenticated, "deadline arithmetic", compute_deadline});
}

}  // namespace wageflow::http
