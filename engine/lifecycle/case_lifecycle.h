// The case lifecycle, the same for every workflow: active / suspended /
// closed. Implemented as a Boost.MSM state machine in case_lifecycle.cpp;
// this header is the whole interface (MSM stays out of headers).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wageflow {

enum class CaseStatus { kActive, kSuspended, kClosed };

// "active", "suspended", "closed".
const char* case_status_name(CaseStatus status);
std::optional<CaseStatus> parse_case_status(std::string_view name);

enum class CaseTrigger {
  kSuspend,  // 中止: needs a comment (the reason)
  kResume,
  kClose,  // a final state was reached
};

struct CaseLifecycleInput {
  CaseTrigger trigger = CaseTrigger::kSuspend;
  bool has_comment = false;
};

// What the machine did. When !accepted, `to` equals the starting status, no
// action flag is set and `refusal` says why in a clerk's words ("the case
// is not suspended", "a suspension needs a comment giving the reason").
struct CaseLifecycleStep {
  bool accepted = false;
  CaseStatus to = CaseStatus::kActive;
  std::string refusal;
  bool pause_timers = false;   // action of active -> suspended
  bool resume_timers = false;  // action of suspended -> active
  bool stop_timers = false;    // action of -> closed
};

// Starts the machine in `from`, processes one trigger, reports the result.
// Pure and thread-safe (each call has its own machine).
CaseLifecycleStep case_lifecycle_step(CaseStatus from, const CaseLifecycleInput& input);

}  // namespace wageflow
