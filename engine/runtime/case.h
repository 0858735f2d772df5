// A case as the engine sees it: values, not rows. storage/ keeps the
// serialized form (CaseRecord in store.h); codec.h converts between them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/date.h"
#include "engine/core/value.h"
#include "engine/definition/definition.h"
#include "engine/lifecycle/case_lifecycle.h"
#include "engine/lifecycle/timer_lifecycle.h"

namespace wageflow {

// One started timer of a case. A timer never started has no TimerState.
struct TimerState {
  TimerId timer = 0;
  TimerStatus status = TimerStatus::kRunning;
  Instant started_at;
  // Date deadlines (days, working_days): the due date in the calendar zone.
  // Empty for hours deadlines.
  std::optional<Date> due_date;
  // A "days" deadline whose count ended on a rest day and rolled forward:
  // the day the count reached (start + N), before the roll. A suspension
  // counts what is left up to this day, not up to the rolled due_date: the
  // statutory period is N days, the roll only keeps its end off a rest day
  // (docs/deadlines.md). Empty when the count ended on due_date itself, for
  // working_days and hours, and for timers counted before it was kept.
  std::optional<Date> counted_to;
  Instant due_at;                  // overdue from this instant (24:00 of due_date, or exact)
  std::optional<Instant> warn_at;  // the warning falls due here; empty: no warning
  bool provisional = false;        // the due date met a year the calendar does not list
  int extensions_used = 0;
  std::optional<Instant> paused_at;  // set while paused
  bool escalated = false;
  std::string explanation;  // how due_date was computed, for clerks

  // The next instant at which a tick has something to do for this timer,
  // or nullopt when none (paused, stopped, expired, or overdue).
  std::optional<Instant> next_action_at() const;

  // True when the timer has missed its due date at `now`: overdue, or
  // running or warned and due at or before `now` (a tick has not recorded it
  // yet). Paused, stopped and expired timers have missed nothing. The case
  // filter CaseFilter.now states this same rule in SQL (storage/).
  bool past_due_at(Instant now) const;
};

struct CaseSnapshot {
  std::string id;  // empty until storage assigns it on the opening commit
  std::string workflow;
  int version = 0;
  // The office the case belongs to (the opener's), fixed at opening. Case
  // metadata for the adapters' access rules: no rule of a workflow reads it.
  std::string office;
  StateId state = 0;
  CaseStatus status = CaseStatus::kActive;
  std::vector<Value> data;  // indexed by FieldId; size == definition.fields.size()
  std::vector<TimerState> timers;
  std::int64_t row_version = 0;  // 0 before the case exists
  Instant opened_at;
  Instant updated_at;

  const TimerState* timer(TimerId id) const;
  TimerState* timer(TimerId id);
};

// One entry of a case's audit trail, as decided by the engine. Storage adds
// case_id, seq, prev_hash and hash.
struct AuditRecord {
  Instant at;
  std::string actor;  // "system" for timer work
  std::string role;
  // "open", "fire", "extend", "suspend", "resume", "correct", "timer_start",
  // "timer_warn", "timer_overdue", "timer_expire", "timer_stop",
  // "timer_pause", "timer_resume", "escalate".
  std::string kind;
  std::string event;       // the event fired, or the timer name for timer_*
  std::string from_state;  // state names; equal when the state did not change
  std::string to_state;
  std::string data;  // a canonical JSON object (sorted keys), "{}" when nothing
  std::string comment;
};

// True when `record` is of a kind whose data is an object of the field values
// its command set ("open", "fire", "correct"): a case's values at any point
// are those of its earlier records of these kinds, applied in order. The
// reports and the case page read values through this one definition.
bool sets_field_values(const AuditRecord& record);

// True when timer `timer` of `snapshot` can be extended now: it is counting
// (running, warned, overdue or paused) and has an extension left. Roles
// are not looked at.
bool extension_left(const Definition& definition, const CaseSnapshot& snapshot, TimerId timer);

// An expiry event held back for `timer`: its expiry fires an event, and
// either its due date is provisional (counted on weekends only, maybe too
// early; the recount fires it once the year is listed) or its case is
// suspended (the resume fires it, when the due date has passed by then).
// A tick, and a recount, record such a timer overdue instead of firing
// (docs/deadlines.md). nullopt when nothing is held.
struct HeldExpiry {
  enum class Until { kYearListed, kResumed };
  EventId event;
  Until until;
};
std::optional<HeldExpiry> held_expiry(const Definition& definition, CaseStatus case_status,
                                      const TimerState& timer);

// What a timer paused at `paused_at` has left, in its duration's unit: for
// a date deadline the days (or working days) after the local day of the
// pause up to and including its counted_to if it has one, else its due
// date, on the definition's calendar;
// for hours, the hours to due_at (rounded down). Resumption counts exactly
// this again from the day it ends. 0 when the due date had passed.
Duration left_at_pause(const Definition& definition, const TimerState& timer, Instant paused_at);

// The events that can fire on `snapshot` now for some role: those with a
// row from its state, and extension events of timers with extension_left.
// Empty unless the case is active (a final state closes it; a suspended
// case fires nothing until resumed). Guards and values are not looked at.
std::vector<EventId> events_possible(const Definition& definition, const CaseSnapshot& snapshot);

}  // namespace wageflow
