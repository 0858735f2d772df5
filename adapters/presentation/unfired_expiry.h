// Expiry events that were not fired (docs/deadlines.md, "An expiry event no
// row takes") in the views that show a case: `case show`, the case's JSON
// (CLI and API, the overdue lists). The trail is read by
// engine/runtime/unfired_expiries.h. Pure functions: thread-safe.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/runtime/case.h"

namespace wageflow::presentation {

// Whether a timer of `snapshot` is expired: only then can its trail hold an
// expiry event not fired that still stands (a view reads the trail only
// then).
bool has_expired_timer(const CaseSnapshot& snapshot);

// Adds "expiry_not_fired": the reason to each timer of `case_view` (a
// case_json object) that `reasons` (wageflow::expiries_not_fired()) names.
void add_expiries_not_fired(nlohmann::ordered_json& case_view,
                            const std::map<std::string, std::string>& reasons);

}  // namespace wageflow::presentation
