// Readers for the parts of a timer: durations, start/stop conditions,
// expire and extend. Private to the definition loader (timer_section.cpp).
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/definition/format_keys.h"
#include "engine/definition/load_context.h"

namespace wageflow::loader {

// A timer as read, with the event names that can only be resolved once
// every timer's extension event is known.
struct PendingTimer {
  TimerDef def;
  Position key_at;
  Position start_at;               // the `start` value (the key when absent)
  std::vector<Name> start_events;  // start.kind == kEvent
  std::vector<Name> stop_events;   // stop.kind == kEvent
  std::optional<Name> fire;        // expire: {fire: e}
  std::optional<Name> extend_event;
  std::optional<Position> extend_by_at;  // set when extend.by was read
};

// "5 working_days", "15 days", "48 hours". A time limit or an extension
// (`positive`) must be at least 1; a warning may be 0 (the due day itself).
std::optional<Duration> read_duration(const Entry& e, const std::string& what, Reporter& report,
                                      bool positive = false);

// `start:` (kinds enter, event) or `stop:` (leave, enter, event): a map with
// exactly one of `kinds`, naming a state, an event, or a list of them. State
// names are resolved now; event names are left in *events.
bool read_condition(const Entry& e, std::span<const std::string_view> kinds,
                    TimerCondition* condition, std::vector<Name>* events, LoadContext& ctx);

// `expire: {escalate: role}` or `expire: {fire: event}`.
bool read_expire(const Entry& e, PendingTimer* timer, LoadContext& ctx);

// `extend: {event: e, by: duration, times: N, roles: [...]}`.
bool read_extend(const Entry& e, PendingTimer* timer, LoadContext& ctx);

}  // namespace wageflow::loader
