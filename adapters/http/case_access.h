// What a user may see and do with cases (docs/accounts.md): office
// isolation, the role a command runs under, personal data. Pure functions
// of the user, the definition and the case: thread-safe. Private to
// adapters/http.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "adapters/http/problem.h"
#include "engine/runtime/decide.h"
#include "storage/accounts.h"

namespace wageflow::http {

// A province-wide user sees every case; anyone else the cases of their office.
bool can_see_case(const UserRecord& user, const std::string& case_office);

// The user's roles that are roles of `definition`, in the user's order.
std::vector<std::string> workflow_roles_of(const UserRecord& user, const Definition& definition);

// Personal data of a case is shown in full only to users holding a role of
// the case's workflow (the staff who work such cases); lists always mask it.
bool may_see_personal_data(const UserRecord& user, const Definition& definition);

// The role under which `user` runs `command` (its role is ignored) on
// `current` at `now`. `requested` (may be empty) must be one of the user's
// roles (else 403). Without it, the first of the user's roles of this
// workflow under which decide() accepts the command is taken; if none
// does, the first whose refusal is not about the role (so the answer is
// the rules' real objection); if every refusal is about the role, a 403
// problem with the engine's message. A user holding no role of the
// workflow gets 403 at once.
std::variant<std::string, Problem> choose_role(const UserRecord& user, const Definition& definition,
                                               const CaseSnapshot& current, Command command,
                                               Instant now, const std::string& requested);

// The events of the case's current state that some role of the user may
// fire, by the role lists alone (guards and required fields aside).
std::vector<std::string> allowed_events(const UserRecord& user, const Definition& definition,
                                        const CaseSnapshot& snapshot);

// presentation::case_json plus "office", "allowed_events", "may_suspend",
// "may_resume" and "personal_data": "shown" | "masked". `detail`: one case
// (personal data shown if the user may see it); otherwise masked.
nlohmann::ordered_json case_view(const UserRecord& user, const Definition& definition,
                                 const CaseSnapshot& snapshot, bool detail);

// The HTTP status and problem slug for an engine refusal: 403
// "role-not-allowed" for the role, 422 "refused" for everything else; the
// member "reason" names the kind ("wrong-state", "guard-failed", ...), and
// "missing" the body member the command lacked ("comment" or "values"),
// when it lacked one. `kind` is null for a refusal without a kind (an unknown workflow).
const char* refusal_reason(Refusal::Kind kind);
Problem refusal_problem(const Refusal::Kind* kind, const std::string& message,
                        Refusal::Missing missing = Refusal::Missing::kNothing);

}  // namespace wageflow::http
