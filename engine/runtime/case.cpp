#include "engine/runtime/case.h"

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

}  // namespace wageflow
