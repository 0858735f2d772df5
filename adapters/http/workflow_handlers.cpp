// /api/workflows: the workflows of --workflows, one in full, and validation
// of a posted workflow or calendar text.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "adapters/http/api_context.h"
#include "adapters/http/case_access.h"
#include "adapters/http/definition_json.h"
#include "adapters/presentation/case_json.h"
#include "adapters/presentation/validation.h"

namespace wageflow::http {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

Json names(const std::vector<int>& ids, const std::vector<std::string>& all) {
  Json json = Json::array();
  for (int id : ids) json.push_back(all.at(id));
  return json;
}

Json state_names(const Definition& d, const std::vector<StateId>& ids) {
  Json json = Json::array();
  for (StateId id : ids) json.push_back(d.states.at(id).name);
  return json;
}

Json field_names(const Definition& d, const std::vector<FieldId>& ids) {
  Json json = Json::array();
  for (FieldId id : ids) json.push_back(d.fields.at(id).name);
  return json;
}

Json condition_json(const Definition& d, const TimerCondition& condition) {
  switch (condition.kind) {
    case TimerCondition::Kind::kNone:
      return nullptr;
    case TimerCondition::Kind::kEnter:
      return {{"enter", state_names(d, condition.ids)}};
    case TimerCondition::Kind::kLeave:
      return {{"leave", state_names(d, condition.ids)}};
    case TimerCondition::Kind::kEvent:
      return {{"event", names(condition.ids, d.events)}};
  }
  return nullptr;
}

// role -> label, for the roles the workflow labels.
Json role_labels_json(const Definition& d) {
  Json labels = Json::object();
  for (RoleId role = 0; role < static_cast<RoleId>(d.roles.size()); ++role) {
    if (Json label = presentation::role_label_json(d, role); !label.is_null()) {
      labels[d.roles[role]] = std::move(label);
    }
  }
  return labels;
}

// The summary every list entry has. `now` decides whether the calendar
// ends soon (in the calendar's zone).
Json workflow_summary(const Definition& d, const UserRecord& user, Instant now) {
  const Calendar* calendar = d.calendar.get();
  const std::optional<Date> last_day = calendar ? calendar->last_listed_day() : std::nullopt;
  return {
      {"id", d.id},
      {"version", d.version},
      {"title", label_json(d.title)},
      {"calendar", calendar ? calendar->name() : ""},
      {"calendar_until", last_day ? last_day->to_string() : std::string()},
      {"calendar_ends_soon",
       calendar && calendar->ends_soon_after(local_date(now, calendar->utc_offset_minutes()))},
      {"roles", d.roles},
      {"role_labels", role_labels_json(d)},
      {"your_roles", workflow_roles_of(user, d)},
  };
}

Json workflow_detail(const Definition& d, const UserRecord& user, Instant now) {
  Json json = workflow_summary(d, user, now);
  Json fields = Json::array();
  for (FieldId id = 0; id < static_cast<FieldId>(d.fields.size()); ++id) {
    Json field = field_definition_json(d.fields[id]);
    // Given by hand only where the workflow asks (required, or an event's
    // requires) or as a correction: the open form leaves such a field out.
    Json computed_by = Json::array();
    for (EventId event : d.computed_by(id)) computed_by.push_back(d.events.at(event));
    if (!computed_by.empty()) field["computed_by"] = computed_by;
    fields.push_back(field);
  }
  Json states = Json::array();
  for (const StateDef& s : d.states) {
    states.push_back({{"name", s.name},
                      {"initial", s.initial},
                      {"final", s.final},
                      {"label", label_json(s.label)}});
  }
  Json transitions = Json::array();
  for (const TransitionDef& t : d.transitions) {
    Json row = {{"event", d.events.at(t.event)},
                {"from", state_names(d, t.from)},
                {"to", d.states.at(t.to).name},
                {"roles", names(t.roles, d.roles)},
                {"requires", field_names(d, t.required_fields)},
                {"comment_required", t.comment_required}};
    if (t.guard) row["guard"] = t.guard->text();
    if (!t.assignments.empty()) {
      Json set = Json::object();
      for (const Assignment& a : t.assignments) set[d.fields.at(a.field).name] = a.value.text();
      row["set"] = set;
    }
    transitions.push_back(row);
  }
  Json timers = Json::array();
  for (const TimerDef& t : d.timers) {
    Json timer = {{"name", t.name},
                  {"label", label_json(t.label)},
                  {"duration", t.duration.to_string()},
                  {"start", condition_json(d, t.start)},
                  {"stop", condition_json(d, t.stop)},
                  {"binding", t.binding},
                  {"on_suspend", t.runs_while_suspended ? "run" : "pause"}};
    if (t.warn) timer["warn"] = t.warn->to_string();
    if (t.extend) {
      timer["extend"] = {{"event", d.events.at(t.extend->event)},
                         {"by", t.extend->by.to_string()},
                         {"times", t.extend->times},
                         {"roles", names(t.extend->roles, d.roles)}};
    }
    timers.push_back(timer);
  }
  json["fields"] = fields;
  json["states"] = states;
  json["events"] = d.events;
  json["transitions"] = transitions;
  json["timers"] = timers;
  json["lifecycle"] = {{"suspend", names(d.suspend_roles, d.roles)},
                       {"resume", names(d.resume_roles, d.roles)},
                       {"correct", names(d.correct_roles, d.roles)}};
  return json;
}

// The workflow of every file of the folder, by id, each as new cases get
// it: the latest version published in the database, else the file
// (PublishedFirstDefinitionSource). Files that do not load are left out.
std::vector<std::shared_ptr<const Definition>> folder_workflows(Exchange& ex) {
  std::vector<std::shared_ptr<const Definition>> found;
  const std::string& dir = ex.services.settings.workflows_dir;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path& path = entry.path();
    if (!entry.is_regular_file() || (path.extension() != ".yaml" && path.extension() != ".yml")) {
      continue;
    }
    auto definition = ex.db().latest_definitions.latest(path.stem().string());
    if (!definition) {
      ex.services.log.warn("workflow file {} left out of the list: {}", path.string(),
                           definition.error());
      continue;
    }
    found.push_back(*definition);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a->id < b->id; });
  return found;
}

HttpResponse list_workflows(Exchange& ex) {
  Json list = Json::array();
  for (const auto& d : folder_workflows(ex))
    list.push_back(workflow_summary(*d, ex.user(), ex.now()));
  return HttpResponse::json(200, {{"workflows", list}});
}

HttpResponse show_workflow(Exchange& ex) {
  const std::string& id = ex.param("id");
  static const std::regex kId("[a-z][a-z0-9-]{0,99}");
  if (!std::regex_match(id, kId)) {
    throw ProblemError(Problem{404, "no-such-workflow", "unknown workflow '" + id + "'"});
  }
  // As new cases get it: the latest published version, else the file.
  auto definition = ex.db().latest_definitions.latest(id);
  if (!definition) throw ProblemError(Problem{404, "no-such-workflow", definition.error()});
  return HttpResponse::json(200, workflow_detail(**definition, ex.user(), ex.now()));
}

// POST /api/workflows/validate: the body is the YAML text.
HttpResponse validate_workflow(Exchange& ex) {
  const std::string type = ex.request.media_type();
  static const char* const kYamlTypes[] = {"application/yaml", "application/x-yaml", "text/yaml",
                                           "text/x-yaml", "text/plain"};
  if (std::none_of(std::begin(kYamlTypes), std::end(kYamlTypes),
                   [&](const char* t) { return type == t; })) {
    throw ProblemError(Problem{415, "unsupported-media-type",
                               "send the workflow or calendar text as the body with "
                               "'Content-Type: application/yaml'" +
                                   (type.empty() ? std::string(" (no Content-Type was given)")
                                                 : " (got '" + type + "')")});
  }
  std::string name = ex.request.query_value("name").value_or("posted.yaml");
  static const std::regex kName("[A-Za-z0-9._-]{1,100}");
  if (!std::regex_match(name, kName)) {
    throw ProblemError(Problem{400, "invalid-parameter",
                               "name must be a file name of letters, digits, '.', '_' or '-'"});
  }
  const Date today = local_date(ex.now(), presentation::kDefaultUtcOffsetMinutes);
  const auto checked = presentation::validate_text(
      ex.request.body, name, (fs::path(ex.services.settings.workflows_dir) / "calendars").string(),
      today);
  Json diagnostics = Json::array();
  for (const auto& d : checked.diagnostics) diagnostics.push_back(presentation::diagnostic_json(d));
  Json body = {{"valid", checked.errors() == 0},
               {"kind", checked.is_calendar ? "calendar" : "workflow"},
               {"errors", checked.errors()},
               {"warnings", checked.warnings()},
               {"diagnostics", diagnostics}};
  if (checked.definition) {
    body["workflow"] = {{"id", checked.definition->id}, {"version", checked.definition->version}};
  }
  return HttpResponse::json(200, body);
}

}  // namespace

void add_workflow_routes(Router& router) {
  router.add({"GET", "/api/workflows", Access::kAuthenticated, "the workflows", list_workflows});
  router.add({"GET", "/api/workflows/{id}", Access::kAuthenticated, "one workflow", show_workflow});
  router.add({"POST", "/api/workflows/validate", Access::kAuthenticated,
              "validate a posted workflow or calendar", validate_workflow});
}

}  // namespace wageflow::http
