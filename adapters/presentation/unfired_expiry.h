// Expiry events that were not fired (docs/deadlines.md, "An expiry event no
// row takes"), read back from a case's audit trail for the views that show
// a case: `case show` and the simulation. Pure functions: thread-safe.
#pragma once

#include <map>
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

}  // namespace wageflow::presentation
