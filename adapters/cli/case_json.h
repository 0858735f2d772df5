// JSON views of cases and audit data for `case show --json`, `case list
// --json` and `audit log --json` (keys fixed by design/cli.md). Private to
// adapters/cli.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "engine/definition/definition.h"
#include "engine/runtime/case.h"

namespace wageflow::cli {

// Whether personal fields (FieldDef::pii) are shown in full (case show
// only) or masked (lists, logs, audit output).
enum class Pii { kShown, kMasked };

// A timer's due date ("2025-02-07"), or for an `hours` timer its exact
// local time; and its warning date in the same form (requires warn_at).
// `utc_offset_minutes` is the calendar's zone.
std::string timer_due_text(const TimerState& timer, int utc_offset_minutes);
std::string timer_warn_text(const TimerState& timer, int utc_offset_minutes);

// A field value as shown to people: money "8600.00", date, "true"/"false",
// masked with mask_pii when the field is personal and `pii` is kMasked.
std::string field_text(const FieldDef& field, const Value& value, Pii pii);

// {"id", "workflow", "version", "state", "status", "row_version", "data",
//  "timers", "events", "opened_at", "updated_at"}: data holds set fields
// only (int as a number, bool as true/false, everything else as text);
// timers are [{"name", "status", "due", "extended", "explanation"} plus
// "warn" (the warning date) when there is one, "provisional": true and
// "escalated": true when so].
nlohmann::ordered_json case_json(const Definition& definition, const CaseSnapshot& snapshot,
                                 Pii pii);

// An audit record's data (a JSON object of field -> text) with the values
// of personal fields masked, at any depth. Text that is not JSON comes back
// as a JSON string, masked with mask_pii_in_text.
nlohmann::ordered_json masked_audit_data(const Definition& definition, const std::string& data);

}  // namespace wageflow::cli
