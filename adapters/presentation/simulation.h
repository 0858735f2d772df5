// How a simulation (engine/runtime/simulate.h) is shown by `wageflow
// simulate` and POST /api/workflows/simulate: the same step times, clock
// lines, corrections and timers in text and in JSON. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "engine/runtime/simulate.h"

namespace wageflow::presentation {

// "2025-01-22 09:00 (Wed)" in the zone `utc_offset_minutes` east of UTC.
std::string simulation_time(Instant at, int utc_offset_minutes);

// What the clock did, one line: "clock 2025-01-27 00:00 (Mon): timer
// acceptance_decision overdue" (warned, overdue, expired, escalated to ROLE,
// stopped, started, paused, resumed; "fired EVENT -> STATE" for an expiry's
// event).
std::string clock_line(const Definition& d, const AuditRecord& record, int utc_offset_minutes);

// "claim_amount=9000.00 (was 8600.00), worker_phone emptied (was ...)" for
// the fields a correction step changed from `before`, in field order; ""
// for a step that corrected nothing.
std::string corrections_text(const Definition& d, const SimulatedStep& step,
                             const CaseSnapshot& before);

// A refused step's message, followed by how the path gives what the step
// lacked: "name the fields to correct and their right values
// (correct{FIELD=VALUE, ...})". A simulation supplies every comment itself.
std::string refusal_text(const SimulatedStep& step);

// The whole simulation as JSON: {"workflow", "version", "calendar", "ok",
// "steps": [...], "missed": [...], "error"?}; each step has "index",
// "written", "at" (simulation_time), "role", "placeholders", "clock"
// (clock lines), then "refused" (refusal_text) or "corrected"?, "check"?
// (a correction's notes: correction_notes.h, their text), "state",
// "state_label", "status" and "timers" (each as a case's timer_json, plus
// "label" and "binding"); labels are objects of locale -> text. For pages
// that word them in their own language, a step also has "at_local"
// ({"local": "YYYY-MM-DD HH:MM", "weekday": 0 for Monday .. 6}),
// "role_label"? and "clock_records" (per clock line: "at" as at_local,
// "kind" as the audit record's, "event", "timer_label"?, "escalated_to"?
// {"name", "label"?}, "to_state"? and "to_state_label"? for a fired
// event); a missed deadline has "at_local". Values are shown unmasked: a
// simulation holds no one's data.
nlohmann::ordered_json simulation_json(const Definition& d, const Simulation& simulation);

}  // namespace wageflow::presentation
