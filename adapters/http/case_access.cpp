#include "adapters/http/case_access.h"

#include <algorithm>

#include "adapters/presentation/case_json.h"

namespace wageflow::http {
namespace {

bool holds(const UserRecord& user, const std::string& role) {
  return std::find(user.roles.begin(), user.roles.end(), role) != user.roles.end();
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text.empty() ? "(none)" : text;
}

bool role_listed(const std::vector<RoleId>& allowed, RoleId role) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), role) != allowed.end();
}

bool is_role_refusal(Refusal::Kind kind) {
  return kind == Refusal::Kind::kRoleNotAllowed || kind == Refusal::Kind::kUnknownRole;
}

// Whether `role` may fire `event` from `state`, by role lists only.
bool may_fire(const Definition& d, StateId state, EventId event, RoleId role) {
  if (auto timer = d.timer_extended_by(event)) {
    return role_listed(d.timers[*timer].extend->roles, role);
  }
  for (int index : d.rows(state, event)) {
    if (role_listed(d.transitions[index].roles, role)) return true;
  }
  return false;
}

bool may_lifecycle(const UserRecord& user, const Definition& d, const std::vector<RoleId>& roles) {
  for (const auto& name : workflow_roles_of(user, d)) {
    if (role_listed(roles, *d.role_id(name))) return true;
  }
  return false;
}

}  // namespace

bool can_see_case(const UserRecord& user, const std::string& case_office) {
  return user.province_wide || (!user.office.empty() && user.office == case_office);
}

std::vector<std::string> workflow_roles_of(const UserRecord& user, const Definition& definition) {
  std::vector<std::string> roles;
  for (const auto& role : user.roles) {
    if (definition.role_id(role)) roles.push_back(role);
  }
  return roles;
}

bool may_see_personal_data(const UserRecord& user, const Definition& definition) {
  return !workflow_roles_of(user, definition).empty();
}

std::variant<std::string, Problem> choose_role(const UserRecord& user, const Definition& definition,
                                               const CaseSnapshot& current, Command command,
                                               Instant now, const std::string& requested) {
  if (!requested.empty()) {
    if (!holds(user, requested)) {
      return Problem{403, "role-not-allowed",
                     "you (" + user.name + ") do not hold role " + requested +
                         "; your roles: " + joined(user.roles)};
    }
    return requested;
  }
  const std::vector<std::string> candidates = workflow_roles_of(user, definition);
  if (candidates.empty()) {
    return Problem{403, "role-not-allowed",
                   "you (" + user.name + ") hold none of the roles of workflow " + definition.id +
                       " (" + joined(definition.roles) + "); your roles: " + joined(user.roles)};
  }
  std::optional<std::string> first_real_objection;
  std::optional<Refusal> first_role_refusal;
  for (const auto& role : candidates) {
    command.role = role;
    Decision decision = decide(definition, current, command, now);
    const auto* refusal = std::get_if<Refusal>(&decision);
    if (!refusal) return role;
    if (!is_role_refusal(refusal->kind)) {
      if (!first_real_objection) first_real_objection = role;
    } else if (!first_role_refusal) {
      first_role_refusal = *refusal;
    }
  }
  if (first_real_objection) return *first_real_objection;
  return refusal_problem(&first_role_refusal->kind, first_role_refusal->message);
}

std::vector<std::string> allowed_events(const UserRecord& user, const Definition& definition,
                                        const CaseSnapshot& snapshot) {
  std::vector<std::string> events;
  if (snapshot.status != CaseStatus::kActive) return events;
  const std::vector<std::string> roles = workflow_roles_of(user, definition);
  for (EventId event : events_possible(definition, snapshot)) {
    for (const auto& role : roles) {
      if (may_fire(definition, snapshot.state, event, *definition.role_id(role))) {
        events.push_back(definition.events[event]);
        break;
      }
    }
  }
  return events;
}

nlohmann::ordered_json case_view(const UserRecord& user, const Definition& definition,
                                 const CaseSnapshot& snapshot, bool detail) {
  const bool shown = detail && may_see_personal_data(user, definition);
  auto json = presentation::case_json(
      definition, snapshot, shown ? presentation::Pii::kShown : presentation::Pii::kMasked);
  json["office"] = snapshot.office;
  json["allowed_events"] = allowed_events(user, definition, snapshot);
  json["may_suspend"] = snapshot.status == CaseStatus::kActive &&
                        may_lifecycle(user, definition, definition.suspend_roles);
  json["may_resume"] = snapshot.status == CaseStatus::kSuspended &&
                       may_lifecycle(user, definition, definition.resume_roles);
  json["may_correct"] = may_lifecycle(user, definition, definition.correct_roles);
  json["personal_data"] = shown ? "shown" : "masked";
  return json;
}

const char* refusal_reason(Refusal::Kind kind) {
  switch (kind) {
    case Refusal::Kind::kUnknownEvent:
      return "unknown-event";
    case Refusal::Kind::kWrongState:
      return "wrong-state";
    case Refusal::Kind::kRoleNotAllowed:
      return "role-not-allowed";
    case Refusal::Kind::kUnknownRole:
      return "unknown-role";
    case Refusal::Kind::kGuardFailed:
      return "guard-failed";
    case Refusal::Kind::kMissingRequired:
      return "missing-required";
    case Refusal::Kind::kCommentRequired:
      return "comment-required";
    case Refusal::Kind::kUnknownField:
      return "unknown-field";
    case Refusal::Kind::kBadValue:
      return "bad-value";
    case Refusal::Kind::kEvaluationError:
      return "evaluation-error";
    case Refusal::Kind::kCaseClosed:
      return "case-closed";
    case Refusal::Kind::kCaseSuspended:
      return "case-suspended";
    case Refusal::Kind::kNotSuspended:
      return "not-suspended";
    case Refusal::Kind::kExtensionExhausted:
      return "extension-exhausted";
    case Refusal::Kind::kTimerNotRunning:
      return "timer-not-running";
    case Refusal::Kind::kNothingToCorrect:
      return "nothing-to-correct";
    case Refusal::Kind::kBeforeLastChange:
      return "before-last-change";
  }
  return "refused";
}

Problem refusal_problem(const Refusal::Kind* kind, const std::string& message,
                        Refusal::Missing missing) {
  Problem problem{422, "refused", message};
  if (kind && is_role_refusal(*kind)) problem = Problem{403, "role-not-allowed", message};
  if (kind) problem.extensions["reason"] = refusal_reason(*kind);
  // Named after the request body's members a client fills in.
  if (missing == Refusal::Missing::kComment) problem.extensions["missing"] = "comment";
  if (missing == Refusal::Missing::kFieldValues) problem.extensions["missing"] = "values";
  return problem;
}

}  // namespace wageflow::http
