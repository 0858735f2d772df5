// JSON views of cases and audit records, shared by the CLI (`case show
// --json`, `case list --json`, `audit log --json`) and the HTTP API. The
// keys are fixed by design/cli.md. Pure functions: thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "engine/definition/definition.h"
#include "engine/runtime/case.h"
#include "engine/runtime/store.h"

namespace wageflow::presentation {

// The zone of a bare date or time when no workflow calendar is at hand
// (the shipped calendars are +08:00).
inline constexpr int kDefaultUtcOffsetMinutes = 480;

// The UTC offset of a definition's calendar, or the default without one.
int calendar_utc_offset(const Definition& definition);

// {"zh": "...", "en": "..."}: a label's texts in the file's order.
nlohmann::ordered_json label_json(const Label& label);

// The label `role_labels:` gives `role`, as label_json; null when the
// workflow labels it not (or `role` is not one of its roles).
nlohmann::ordered_json role_label_json(const Definition& definition, RoleId role);

// A timer of a case in status `case_status` as the case's JSON shows it:
// {"name", "status", "due", "extended", "explanation"} plus "warn" when it
// has a warning date, "provisional": true and "escalated": true when so,
// "remaining" when paused, and "expiry_held" (the event) with
// "expiry_held_until" ("year_listed" or "resume") when overdue with its
// expiry event held (held_expiry()).
nlohmann::ordered_json timer_json(const Definition& definition, CaseStatus case_status,
                                  const TimerState& timer);

// Whether personal fields (FieldDef::pii) are shown in full (one case, to
// someone allowed to see it) or masked (lists, logs, audit output).
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
// timers are [timer_json].
nlohmann::ordered_json case_json(const Definition& definition, const CaseSnapshot& snapshot,
                                 Pii pii);

// An audit record's data (a JSON object of field -> text) with the values
// of personal fields masked, at any depth. Text that is not JSON comes back
// as a JSON string, masked with mask_pii_in_text.
nlohmann::ordered_json masked_audit_data(const Definition& definition, const std::string& data);

// {"case_id", "seq", "at" (UTC), "actor", "role", "kind", "event",
//  "from_state", "to_state", "data" (object, masked), "comment" (ID and
//  phone numbers masked), "prev_hash", "hash"}.
nlohmann::ordered_json audit_record_json(const Definition& definition,
                                         const StoredAuditRecord& stored);

}  // namespace wageflow::presentation
