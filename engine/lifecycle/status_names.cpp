#include "engine/lifecycle/case_lifecycle.h"
#include "engine/lifecycle/timer_lifecycle.h"

namespace wageflow {

const char* case_status_name(CaseStatus status) {
  switch (status) {
    case CaseStatus::kActive:
      return "active";
    case CaseStatus::kSuspended:
      return "suspended";
    case CaseStatus::kClosed:
      return "closed";
  }
  return "?";
}

std::optional<CaseStatus> parse_case_status(std::string_view name) {
  for (CaseStatus s : {CaseStatus::kActive, CaseStatus::kSuspended, CaseStatus::kClosed}) {
    if (name == case_status_name(s)) return s;
  }
  return std::nullopt;
}

const char* timer_status_name(TimerStatus status) {
  switch (status) {
    case TimerStatus::kRunning:
      return "running";
    case TimerStatus::kWarned:
      return "warned";
    case TimerStatus::kOverdue:
      return "overdue";
    case TimerStatus::kPaused:
      return "paused";
    case TimerStatus::kStopped:
      return "stopped";
    case TimerStatus::kExpired:
      return "expired";
  }
  return "?";
}

std::optional<TimerStatus> parse_timer_status(std::string_view name) {
  for (TimerStatus s : {TimerStatus::kRunning, TimerStatus::kWarned, TimerStatus::kOverdue,
                        TimerStatus::kPaused, TimerStatus::kStopped, TimerStatus::kExpired}) {
    if (name == timer_status_name(s)) return s;
  }
  return std::nullopt;
}

}  // namespace wageflow
