// `timers`: statutory deadlines and internal targets.
#include <algorithm>
#include <map>

#include "engine/definition/sections.h"
#include "engine/definition/suggest.h"
#include "engine/definition/timer_fields.h"

namespace wageflow::loader {
namespace {

bool in_hours(const Duration& d) {
  return d.unit == Duration::Unit::kHours;
}

// Hours, counting a working day as a day: enough to tell a warning that is
// not shorter than its deadline.
std::int64_t rough_hours(const Duration& d) {
  return in_hours(d) ? d.amount : d.amount * 24;
}

// An hours deadline is an instant, a days deadline a date: `warn` and
// `extend.by` must be counted the same way as the duration.
bool check_unit(const Duration& duration, const Duration& other, const std::string& what,
                Position at, Reporter& report) {
  if (in_hours(duration) == in_hours(other)) return true;
  if (in_hours(other)) {
    report.error(at, what + " is in hours but the duration (" + duration.to_string() +
                         ") is a date deadline; write it in days or working_days");
  } else {
    report.error(at, what + " must be in hours like the duration (" + duration.to_string() + ")");
  }
  return false;
}

bool check_lengths(const PendingTimer& timer, std::optional<Position> warn_at, Reporter& report) {
  const Duration& duration = timer.def.duration;
  bool ok = true;
  if (warn_at && timer.def.warn) {
    if (!check_unit(duration, *timer.def.warn, "warn", *warn_at, report)) {
      ok = false;
    } else if (rough_hours(*timer.def.warn) >= rough_hours(duration)) {
      report.warning(*warn_at, "warn (" + timer.def.warn->to_string() +
                                   ") is not shorter than the duration (" + duration.to_string() +
                                   "): the warning falls due as soon as the timer starts");
    }
  }
  if (timer.extend_by_at && timer.def.extend) {
    ok = check_unit(duration, timer.def.extend->by, "extend by", *timer.extend_by_at, report) && ok;
  }
  return ok;
}

// `on_suspend: pause` (the default: the suspension is not counted) or
// `run` (it is: the period runs outside the case). True for `run`.
bool read_on_suspend(const Entry& e, Reporter& report) {
  std::optional<std::string> value = read_scalar(e.value, e.value_at, "on_suspend", report);
  if (!value) return false;
  if (*value == "run") return true;
  if (*value != "pause") {
    report.error(e.value_at,
                 "on_suspend must be pause (the suspension is not counted, the "
                 "default) or run (a period the case's suspension does not stop, "
                 "such as the time to sue), not '" +
                     *value + "'");
  }
  return false;
}

PendingTimer read_timer(const Entry& entry, LoadContext& ctx) {
  PendingTimer timer;
  timer.def.name = entry.key;
  timer.key_at = entry.key_at;
  timer.start_at = entry.key_at;
  std::optional<Entries> keys = read_keys(entry.value, entry.value_at, "timer '" + entry.key + "'",
                                          format_keys::kTimer, ctx.report);
  if (!keys) return timer;
  for (std::string_view required : format_keys::kTimerRequired) {
    if (!find(*keys, required)) {
      ctx.report.error(entry.key_at,
                       "timer '" + entry.key + "' needs " + std::string(required) +
                           (required == "start" ? " (e.g. start: {enter: intake})"
                                                : " (e.g. duration: 5 working_days)"));
    }
  }
  bool duration_ok = false;
  std::optional<Position> warn_at;
  for (const Entry& e : *keys) {
    if (e.key == "duration") {
      std::optional<Duration> d = read_duration(e, "duration", ctx.report, /*positive=*/true);
      if (d) timer.def.duration = *d;
      duration_ok = d.has_value();
    } else if (e.key == "warn") {
      timer.def.warn = read_duration(e, "warn", ctx.report);
      warn_at = e.value_at;
    } else if (e.key == "start") {
      timer.start_at = e.value_at;
      read_condition(e, format_keys::kTimerStart, &timer.def.start, &timer.start_events, ctx);
    } else if (e.key == "stop") {
      read_condition(e, format_keys::kTimerStop, &timer.def.stop, &timer.stop_events, ctx);
    } else if (e.key == "expire") {
      read_expire(e, &timer, ctx);
    } else if (e.key == "extend") {
      read_extend(e, &timer, ctx);
    } else if (e.key == "binding") {
      timer.def.binding = read_bool(e.value, e.value_at, "binding", ctx.report).value_or(true);
    } else if (e.key == "on_suspend") {
      timer.def.runs_while_suspended = read_on_suspend(e, ctx.report);
    } else if (e.key == "label") {
      if (auto label = read_label(e.value, e.value_at, "label", ctx.report)) {
        timer.def.label = *label;
      }
    }
  }
  if (duration_ok) check_lengths(timer, warn_at, ctx.report);
  return timer;
}

// Gives each extension event its id after the transition events; an
// extension needs an event of its own.
void add_extension_events(std::vector<PendingTimer>& timers, LoadContext& ctx) {
  const std::size_t transition_events = ctx.def.events.size();
  std::map<std::string, std::string> owner;  // extension event -> timer
  for (PendingTimer& timer : timers) {
    if (!timer.extend_event || !timer.def.extend) continue;
    const Name& name = *timer.extend_event;
    auto& events = ctx.def.events;
    auto found = std::find(events.begin(), events.end(), name.text);
    if (found != events.end() &&
        static_cast<std::size_t>(found - events.begin()) < transition_events) {
      ctx.report.error(name.at, "extension event '" + name.text +
                                    "' is also a transition event; an extension needs an event "
                                    "of its own");
    } else if (found != events.end()) {
      ctx.report.error(name.at, "extension event '" + name.text + "' is already used by timer '" +
                                    owner[name.text] + "'; each timer needs its own");
    } else {
      events.push_back(name.text);
      owner[name.text] = timer.def.name;
      timer.def.extend->event = static_cast<EventId>(events.size() - 1);
    }
  }
}

void resolve_events(PendingTimer& timer, std::size_t transition_events, LoadContext& ctx) {
  for (auto [condition, names] : {std::pair{&timer.def.start, &timer.start_events},
                                  std::pair{&timer.def.stop, &timer.stop_events}}) {
    if (condition->kind != TimerCondition::Kind::kEvent) continue;
    if (auto ids = ctx.resolve_all(NameKind::kEvent, *names)) condition->ids = *ids;
  }
  if (!timer.fire) return;
  const Name& fire = *timer.fire;
  std::vector<std::string> row_events(ctx.def.events.begin(),
                                      ctx.def.events.begin() + transition_events);
  auto found = std::find(row_events.begin(), row_events.end(), fire.text);
  if (found != row_events.end()) {
    timer.def.expire.fire = static_cast<EventId>(found - row_events.begin());
  } else if (!ctx.section_broken(NameKind::kEvent)) {
    ctx.report.error(fire.at, "expire fires '" + fire.text +
                                  "', which has no transition row; add a transition with event: " +
                                  fire.text + hint_for(fire.text, row_events));
  }
}

}  // namespace

void read_timers(const Entry* entry, LoadContext& ctx) {
  if (!entry || entry->value.IsNull()) return;
  std::optional<Entries> entries = read_map(entry->value, entry->value_at, "timers", ctx.report);
  if (!entries) return;
  std::vector<PendingTimer> timers;
  for (const Entry& e : *entries) timers.push_back(read_timer(e, ctx));
  const std::size_t transition_events = ctx.def.events.size();
  add_extension_events(timers, ctx);
  for (PendingTimer& timer : timers) {
    resolve_events(timer, transition_events, ctx);
    ctx.def.timers.push_back(timer.def);
    ctx.timer_start_at.push_back(timer.start_at);
    ctx.timer_fire_at.push_back(timer.fire ? timer.fire->at : timer.start_at);
  }
}

}  // namespace wageflow::loader
