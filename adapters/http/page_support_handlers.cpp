// Routes the staff pages (adapters/web) need beyond the rest of the API:
//   GET /api/cases/{id}/actions       what this user can do on the case now,
//                                     with the fields each step requires (and
//                                     every field, for a correction)
//   GET /api/workflows/{id}/diagram   the workflow's diagram as SVG
#include <algorithm>
#include <regex>

#include "adapters/http/api_context.h"
#include "adapters/http/case_access.h"
#include "adapters/http/definition_json.h"
#include "adapters/http/visible_case.h"
#include "adapters/presentation/case_json.h"
#include "adapters/report/diagram.h"
#include "engine/lifecycle/timer_lifecycle.h"

namespace wageflow::http {
namespace {

using Json = nlohmann::ordered_json;

bool role_listed(const std::vector<RoleId>& allowed, RoleId role) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), role) != allowed.end();
}

// The user's roles of the workflow that `allowed` admits (every one when
// the list is empty).
Json admitted_roles(const Definition& d, const std::vector<std::string>& user_roles,
                    const std::vector<RoleId>& allowed) {
  Json roles = Json::array();
  for (const auto& name : user_roles) {
    if (role_listed(allowed, *d.role_id(name))) roles.push_back(name);
  }
  return roles;
}

// A field as the open form describes it, with the case's current value
// (left out when unset, or personal and not to be shown to this user).
Json field_json(const Definition& d, FieldId id, const CaseSnapshot& snapshot, bool show_personal) {
  const FieldDef& f = d.fields.at(id);
  Json field = field_definition_json(f);
  if (id < static_cast<FieldId>(snapshot.data.size()) && is_set(snapshot.data[id]) &&
      (show_personal || !f.pii)) {
    field["value"] = presentation::field_text(f, snapshot.data[id], presentation::Pii::kShown);
  }
  return field;
}

Json state_json(const StateDef& state) {
  return {{"name", state.name}, {"label", label_json(state.label)}, {"final", state.final}};
}

// An extension event of events_possible (its timer is counting and has an
// extension left) as the user may fire it, or null when no role of the
// user may.
Json extension_action(const Definition& d, const CaseSnapshot& snapshot, EventId event,
                      TimerId timer_id, const std::vector<std::string>& user_roles) {
  const TimerDef& timer = d.timers[timer_id];
  Json roles = admitted_roles(d, user_roles, timer.extend->roles);
  const TimerState* state = snapshot.timer(timer_id);
  if (roles.empty() || state == nullptr) return nullptr;
  return {{"event", d.events[event]},
          {"kind", "extension"},
          {"roles", roles},
          {"timer",
           {{"name", timer.name},
            {"label", label_json(timer.label)},
            {"by", timer.extend->by.to_string()},
            {"times", timer.extend->times},
            {"used", state->extensions_used}}},
          {"to", Json::array()},
          {"requires", Json::array()},
          {"comment_required", false},
          {"guards", Json::array()}};
}

// A transition event the user may fire from the current state, or null:
// the union of what its rows open to the user require (a guard picks the
// row when the event fires).
Json transition_action(const Definition& d, const CaseSnapshot& snapshot, EventId event,
                       const std::vector<std::string>& user_roles, bool show_personal) {
  std::vector<const TransitionDef*> rows;
  std::vector<RoleId> allowed;
  bool open_to_all = false;
  for (int index : d.rows(snapshot.state, event)) {
    const TransitionDef& row = d.transitions[index];
    if (admitted_roles(d, user_roles, row.roles).empty()) continue;
    rows.push_back(&row);
    if (row.roles.empty()) open_to_all = true;
    allowed.insert(allowed.end(), row.roles.begin(), row.roles.end());
  }
  if (rows.empty()) return nullptr;
  std::vector<StateId> targets;
  std::vector<FieldId> required;
  bool comment_required = false;
  Json guards = Json::array();
  for (const TransitionDef* row : rows) {
    if (std::find(targets.begin(), targets.end(), row->to) == targets.end()) {
      targets.push_back(row->to);
    }
    required.insert(required.end(), row->required_fields.begin(), row->required_fields.end());
    comment_required = comment_required || row->comment_required;
    if (row->guard) guards.push_back(row->guard->text());
  }
  std::sort(required.begin(), required.end());
  required.erase(std::unique(required.begin(), required.end()), required.end());
  Json to = Json::array();
  for (StateId state : targets) to.push_back(state_json(d.states.at(state)));
  Json fields = Json::array();
  for (FieldId field : required) fields.push_back(field_json(d, field, snapshot, show_personal));
  return {{"event", d.events[event]},
          {"kind", "transition"},
          {"roles", admitted_roles(d, user_roles, open_to_all ? std::vector<RoleId>{} : allowed)},
          {"to", to},
          {"requires", fields},
          {"comment_required", comment_required},
          {"guards", guards}};
}

bool may_step(const Definition& d, const std::vector<std::string>& user_roles,
              const std::vector<RoleId>& allowed) {
  return !admitted_roles(d, user_roles, allowed).empty();
}

// GET /api/cases/{id}/actions
HttpResponse case_actions(Exchange& ex) {
  const CaseService::LoadedCase loaded = load_visible_case(ex, ex.param("id"));
  const Definition& d = *loaded.definition;
  const CaseSnapshot& snapshot = loaded.snapshot;
  const std::vector<std::string> user_roles = workflow_roles_of(ex.user(), d);
  const bool show_personal = may_see_personal_data(ex.user(), d);

  Json actions = Json::array();
  if (snapshot.status == CaseStatus::kActive) {
    for (EventId event : events_possible(d, snapshot)) {
      Json action =
          d.timer_extended_by(event)
              ? extension_action(d, snapshot, event, *d.timer_extended_by(event), user_roles)
              : transition_action(d, snapshot, event, user_roles, show_personal);
      if (!action.is_null()) actions.push_back(std::move(action));
    }
  }
  const bool active = snapshot.status == CaseStatus::kActive;
  const bool suspended = snapshot.status == CaseStatus::kSuspended;
  const bool may_correct = may_step(d, user_roles, d.correct_roles);
  Json correctable = Json::array();
  if (may_correct) {
    for (FieldId field = 0; field < static_cast<FieldId>(d.fields.size()); ++field) {
      correctable.push_back(field_json(d, field, snapshot, show_personal));
    }
  }
  return HttpResponse::json(200,
                            {{"case_id", snapshot.id},
                             {"row_version", snapshot.row_version},
                             {"state", state_json(d.states.at(snapshot.state))},
                             {"status", case_status_name(snapshot.status)},
                             {"actions", actions},
                             {"suspend",
                              {{"allowed", active && may_step(d, user_roles, d.suspend_roles)},
                               {"comment_required", true}}},
                             {"resume",
                              {{"allowed", suspended && may_step(d, user_roles, d.resume_roles)},
                               {"comment_required", false}}},
                             {"correct",
                              {{"allowed", may_correct},
                               {"comment_required", true},
                               {"roles", admitted_roles(d, user_roles, d.correct_roles)},
                               {"fields", correctable}}}});
}

// GET /api/workflows/{id}/diagram?locale=zh|en
HttpResponse workflow_diagram(Exchange& ex) {
  const std::string& id = ex.param("id");
  static const std::regex kId("[a-z][a-z0-9-]{0,99}");
  if (!std::regex_match(id, kId)) {
    throw ProblemError(Problem{404, "no-such-workflow", "unknown workflow '" + id + "'"});
  }
  const std::string locale = ex.request.query_value("locale").value_or("zh");
  if (locale != "zh" && locale != "en") {
    throw ProblemError(
        Problem{400, "invalid-parameter", "locale: '" + locale + "' is not one of zh, en"});
  }
  // The version new cases get, as on /api/workflows/{id}.
  auto definition = ex.db().latest_definitions.latest(id);
  if (!definition) throw ProblemError(Problem{404, "no-such-workflow", definition.error()});
  report::DiagramOptions options;
  options.locale = locale;
  auto svg = report::render_svg(**definition, options);
  if (!svg) throw ProblemError(Problem{503, "diagram-unavailable", svg.error()});
  HttpResponse response;
  response.content_type = "image/svg+xml";
  response.body = std::move(svg).value();
  response.set_header("Cache-Control", "no-cache");
  // Opened on its own, the drawing runs nothing and loads nothing.
  response.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  return response;
}

}  // namespace

void add_page_support_routes(Router& router) {
  router.add({"GET", "/api/cases/{id}/actions", Access::kAuthenticated,
              "what you can do on a case now, with the fields each step requires", case_actions});
  router.add({"GET", "/api/workflows/{id}/diagram", Access::kAuthenticated,
              "the workflow's diagram (SVG)", workflow_diagram});
}

}  // namespace wageflow::http
