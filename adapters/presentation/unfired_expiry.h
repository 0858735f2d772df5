// Expiry events that were not fired (docs/deadlines.md, "An expiry event no
// row takes"), read back from a case's audit trail for the views that show
// a case: `case show`, the case's JSON (CLI and API, the overdue lists) and
// the simulation. Pure functions: thread-safe.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/runtime/case.h"
#include "engine/runtime/store.h"

namespace wageflow::presentation {

// The reason an `escalate` record gives for an expiry event not fired (its
// data's "refused"); "" for any other record.
std::string not_fired_reason(const AuditRecord& record);

// Timer name -> why its expiry event was not fired, for each timer whose
// last expiry (`timer_expire`) was followed by such a record, which has
// not started again since, and whose case is still in the state it stayed
// in then. `trail` in seq order; empty when there is none.
std::map<std::string, std::string> expiries_not_fired(const std::vector<StoredAuditRecord>& trail);

// Whether a timer of `snapshot` is expired: only then can its trail hold an
// expiry event not fired that still stands (a view reads the trail only
// then).
bool has_expired_timer(const CaseSnapshot& snapshot);

// Adds "expiry_not_fired": the reason to each timer of `case_view` (a
// case_json object) that `reasons` (expiries_not_fired()) names.
void add_expiries_not_fired(nlohmann::ordered_json& case_view,
                            const std::map<std::string, std::string>& reasons);

}  // namespace wageflow::presentation
