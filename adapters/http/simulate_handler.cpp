// POST /api/workflows/simulate: `wageflow simulate` for the workflows page,
// on a posted workflow text (before it is published) or a published
// workflow. Nothing is stored.
#include <filesystem>
#include <memory>
#include <regex>

#include "adapters/http/api_context.h"
#include "adapters/http/request_body.h"
#include "adapters/presentation/case_json.h"
#include "adapters/presentation/simulation.h"
#include "adapters/presentation/validation.h"
#include "engine/runtime/simulate.h"

namespace wageflow::http {
namespace {

using Json = nlohmann::ordered_json;

// A 422 whose `reason` (and the members with it) lets a page say it in its
// own language without reading `detail`, which is English.
[[noreturn]] void refuse(const std::string& detail, const std::string& reason,
                         Json members = Json::object()) {
  Problem problem{422, "invalid-simulation", detail};
  problem.extensions["reason"] = reason;
  for (auto& [name, value] : members.items()) problem.extensions[name] = std::move(value);
  throw ProblemError(problem);
}

// The workflow to simulate: the posted text, checked as validate checks it,
// or the latest published version of the one named.
std::shared_ptr<const Definition> workflow_to_simulate(Exchange& ex, const Json& body) {
  const std::string text = optional_string(body, "text");
  const std::string id = optional_string(body, "workflow");
  if (text.empty() == id.empty()) {
    throw ProblemError(Problem{400, "invalid-body",
                               "give either \"text\" (a workflow's YAML) or \"workflow\" (the id "
                               "of a published one), not both"});
  }
  if (!id.empty()) {
    static const std::regex kId("[a-z][a-z0-9-]{0,99}");
    if (!std::regex_match(id, kId)) {
      throw ProblemError(Problem{404, "no-such-workflow", "unknown workflow '" + id + "'"});
    }
    auto definition = ex.db().latest_definitions.latest(id);
    if (!definition) throw ProblemError(Problem{404, "no-such-workflow", definition.error()});
    return *definition;
  }
  const Date today = local_date(ex.now(), presentation::kDefaultUtcOffsetMinutes);
  const auto checked = presentation::validate_text(
      text, "posted.yaml",
      (std::filesystem::path(ex.services.settings.workflows_dir) / "calendars").string(), today);
  if (checked.is_calendar) {
    refuse("a calendar file cannot be simulated: post a workflow", "calendar-text");
  }
  if (!checked.definition) {
    Json diagnostics = Json::array();
    for (const auto& d : checked.diagnostics) {
      diagnostics.push_back(presentation::diagnostic_json(d));
    }
    refuse("the workflow has " + std::to_string(checked.errors()) +
               " error(s): validate it and correct them first",
           "workflow-errors", {{"errors", checked.errors()}, {"diagnostics", diagnostics}});
  }
  return checked.definition;
}

HttpResponse simulate_workflow(Exchange& ex) {
  const Json body =
      json_object_body(ex.request, {"text", "workflow", "from", "path", "values", "role_any"});
  const std::string from_text = required_string(body, "from");
  const std::string path_text = required_string(body, "path");
  SimulationOptions options;
  options.opening_sets = field_values(body);
  if (body.contains("role_any")) {
    if (!body["role_any"].is_boolean()) {
      throw ProblemError(Problem{400, "invalid-body", "\"role_any\" must be true or false"});
    }
    options.try_every_role = body["role_any"].get<bool>();
  }
  const auto definition = workflow_to_simulate(ex, body);
  const Definition& d = *definition;
  auto path = parse_simulation_path(path_text);
  if (!path) refuse("path: " + path.error(), "bad-path");
  const std::optional<Instant> from =
      parse_instant(from_text, presentation::calendar_utc_offset(d));
  if (!from) {
    refuse("from expects YYYY-MM-DD (09:00 that day) or YYYY-MM-DDTHH:MM, not '" + from_text + "'",
           "bad-from", {{"from", from_text}});
  }
  const Simulation simulation = simulate(d, *from, *path, options);
  return HttpResponse::json(200, presentation::simulation_json(d, simulation));
}

}  // namespace

void add_simulate_routes(Router& router) {
  router.add({"POST", "/api/workflows/simulate", Access::kAuthenticated,
              "walk a hypothetical case through a workflow (nothing is stored)",
              simulate_workflow});
}

}  // namespace wageflow::http
