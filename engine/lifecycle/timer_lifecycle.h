// The timer lifecycle: running / warned / overdue / paused / stopped /
// expired. Implemented as a Boost.MSM state machine in timer_lifecycle.cpp.
//
//   running -> warned -> overdue            as time passes (kWarnReached, kDueReached)
//   running|warned --kDueReached--> expired when the timer's expiry fires an event
//   overdue --kDueReached--> expired          the same, for an expiry held while
//                                             the due date was provisional
//   running|warned|overdue|paused -> stopped   stop condition or case closed
//   running|warned -> paused -> running       with the case (suspend/resume)
//   running|warned|overdue --kExtend--> running  if the new due is in the future,
//                                               else stays where it is (still moved)
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wageflow {

enum class TimerStatus { kRunning, kWarned, kOverdue, kPaused, kStopped, kExpired };

// "running", "warned", "overdue", "paused", "stopped", "expired".
const char* timer_status_name(TimerStatus status);
std::optional<TimerStatus> parse_timer_status(std::string_view name);

enum class TimerTrigger { kWarnReached, kDueReached, kStop, kPause, kResume, kExtend };

struct TimerInput {
  TimerTrigger trigger = TimerTrigger::kWarnReached;
  // kDueReached: the timer's expiry is `fire: event` (-> expired) rather
  // than an escalation or nothing (-> overdue).
  bool expiry_fires_event = false;
  // kExtend: the extended due instant lies after now.
  bool new_due_in_future = false;
};

// What the machine did. When !accepted, `to` equals `from`, no action flag
// is set and `refusal` explains ("timer is stopped").
struct TimerStep {
  bool accepted = false;
  TimerStatus to = TimerStatus::kRunning;
  std::string refusal;
  bool record_warning = false;  // running -> warned
  bool record_overdue = false;  // -> overdue (escalate if configured)
  bool fire_expiry = false;     // -> expired: fire the expiry event
};

// Starts the machine in `from`, processes one trigger, reports the result.
// Pure and thread-safe.
TimerStep timer_lifecycle_step(TimerStatus from, const TimerInput& input);

// True for running, warned, overdue: the timer still counts.
inline bool timer_is_live(TimerStatus s) {
  return s == TimerStatus::kRunning || s == TimerStatus::kWarned || s == TimerStatus::kOverdue;
}

}  // namespace wageflow
