#include "engine/runtime/case.h"

#include <algorithm>

namespace wageflow {

std::optional<Instant> TimerState::next_action_at() const {
  switch (status) {
    case TimerStatus::kRunning:
      if (warn_at && *warn_at < due_at) return *warn_at;
      return due_at;
    case TimerStatus::kWarned:
      return due_at;
    case TimerStatus::kOverdue:
    case TimerStatus::kPaused:
    case TimerStatus::kStopped:
    case TimerStatus::kExpired:
      return std::nullopt;
  }
  return std::nullopt;
}

bool TimerState::past_due_at(Instant now) const {
  if (status == TimerStatus::kOverdue) return true;
  const bool counting = status == TimerStatus::kRunning || status == TimerStatus::kWarned;
  return counting && due_at <= now;
}

const TimerState* CaseSnapshot::timer(TimerId id) const {
  for (const auto& t : timers) {
    if (t.timer == id) return &t;
  }
  return nullptr;
}

TimerState* CaseSnapshot::timer(TimerId id) {
  for (auto& t : timers) {
    if (t.timer == id) return &t;
  }
  return nullptr;
}

bool sets_field_values(const AuditRecord& record) {
  return record.kind == "open" || record.kind == "fire" || record.kind == "correct";
}

bool extension_left(const Definition& definition, const CaseSnapshot& snapshot, TimerId timer) {
  const TimerDef& def = definition.timers[timer];
  const TimerState* state = snapshot.timer(timer);
  return def.extend && state &&
         (timer_is_live(state->status) || state->status == TimerStatus::kPaused) &&
         state->extensions_used < def.extend->times;
}

std::optional<HeldExpiry> held_expiry(const Definition& definition, CaseStatus case_status,
                                      const TimerState& timer) {
  const TimerDef& def = definition.timers[timer.timer];
  if (def.expire.kind != TimerDef::Expire::Kind::kFire) return std::nullopt;
  if (timer.provisional) return HeldExpiry{def.expire.fire, HeldExpiry::Until::kYearListed};
  if (case_status == CaseStatus::kSuspended && definition.holds_expiry_while_suspended) {
    return HeldExpiry{def.expire.fire, HeldExpiry::Until::kResumed};
  }
  return std::nullopt;
}

std::vector<EventId> events_possible(const Definition& definition, const CaseSnapshot& snapshot) {
  std::vector<EventId> events;
  // A suspended case is resumed first; a closed one is done.
  if (snapshot.status != CaseStatus::kActive) return events;
  for (EventId event : definition.events_from(snapshot.state)) {
    const auto timer = definition.timer_extended_by(event);
    if (!timer || extension_left(definition, snapshot, *timer)) events.push_back(event);
  }
  return events;
}

Duration left_at_pause(const Definition& definition, const TimerState& timer, Instant paused_at) {
  const Duration::Unit unit = definition.timers[timer.timer].duration.unit;
  if (timer.due_date && unit != Duration::Unit::kHours) {
    const Calendar& calendar = *definition.calendar;
    const Date suspended_on = local_date(paused_at, calendar.utc_offset_minutes());
    const Date end =
        unit == Duration::Unit::kDays && timer.counted_to ? *timer.counted_to : *timer.due_date;
    return Duration{calendar.count_after(suspended_on, end, unit), unit};
  }
  const std::int64_t seconds = std::max<std::int64_t>(0, timer.due_at.seconds - paused_at.seconds);
  return Duration{seconds / 3600, Duration::Unit::kHours};
}

}  // namespace wageflow
