// Warnings about the shape of a workflow that loaded without errors.
#include <algorithm>

#include "engine/definition/sections.h"

namespace wageflow::loader {
namespace {

std::vector<bool> reachable_states(const Definition& def) {
  std::vector<bool> reached(def.states.size(), false);
  std::vector<StateId> pending;
  for (std::size_t s = 0; s < def.states.size(); ++s) {
    if (def.states[s].initial) {
      reached[s] = true;
      pending.push_back(static_cast<StateId>(s));
    }
  }
  while (!pending.empty()) {
    StateId s = pending.back();
    pending.pop_back();
    for (const TransitionDef& row : def.transitions) {
      bool leaves_s = false;
      for (StateId from : row.from) leaves_s = leaves_s || from == s;
      if (leaves_s && !reached[row.to]) {
        reached[row.to] = true;
        pending.push_back(row.to);
      }
    }
  }
  return reached;
}

std::vector<bool> states_reaching_a_final(const Definition& def) {
  std::vector<bool> finishes(def.states.size(), false);
  for (std::size_t s = 0; s < def.states.size(); ++s) finishes[s] = def.states[s].final;
  for (bool changed = true; changed;) {
    changed = false;
    for (const TransitionDef& row : def.transitions) {
      if (!finishes[row.to]) continue;
      for (StateId from : row.from) {
        if (!finishes[from]) finishes[from] = changed = true;
      }
    }
  }
  return finishes;
}

// Which timers can ever start: a start state that can be reached, or a start
// event that can fire (a transition event with a row from a reachable state,
// or the extension event of a timer that can start).
std::vector<bool> startable_timers(const Definition& def, const std::vector<bool>& reached) {
  std::vector<bool> fires(def.events.size(), false);
  for (const TransitionDef& row : def.transitions) {
    for (StateId from : row.from) fires[row.event] = fires[row.event] || reached[from];
  }
  std::vector<bool> starts(def.timers.size(), false);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t t = 0; t < def.timers.size(); ++t) {
      const TimerDef& timer = def.timers[t];
      bool can = false;
      for (int id : timer.start.ids) {
        can = can || (timer.start.kind == TimerCondition::Kind::kEvent ? fires[id] : reached[id]);
      }
      if (!can || starts[t]) continue;
      starts[t] = changed = true;
      if (timer.extend) fires[timer.extend->event] = true;
    }
  }
  return starts;
}

// The states the rows for `event` move to, in file order (empty for an
// event no row fires, such as an extension event).
std::vector<StateId> states_moved_to(const Definition& def, EventId event) {
  std::vector<StateId> targets;
  for (const TransitionDef& row : def.transitions) {
    if (row.event == event) targets.push_back(row.to);
  }
  return targets;
}

// True when `wide` lets every role `narrow` lets (no roles: every role).
bool lets_every_role_of(const std::vector<RoleId>& wide, const std::vector<RoleId>& narrow) {
  if (wide.empty()) return true;
  if (narrow.empty()) return false;
  return std::all_of(narrow.begin(), narrow.end(), [&wide](RoleId r) {
    return std::find(wide.begin(), wide.end(), r) != wide.end();
  });
}

// The first row for the same event, from the same state, that passes is
// taken: a row after one without a guard that leaves every state it leaves
// and lets every role it lets can never be taken (a guard removed, or rows
// in the wrong order).
void warn_about_shadowed_rows(LoadContext& ctx) {
  const auto& rows = ctx.def.transitions;
  for (std::size_t j = 0; j < rows.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      const TransitionDef& first = rows[i];
      const TransitionDef& later = rows[j];
      if (first.event != later.event || first.guard ||
          !lets_every_role_of(first.roles, later.roles)) {
        continue;
      }
      const bool every_state = std::all_of(later.from.begin(), later.from.end(), [&](StateId s) {
        return std::find(first.from.begin(), first.from.end(), s) != first.from.end();
      });
      if (!every_state) continue;
      ctx.report.warning(ctx.transition_at[j],
                         "this row for event '" + ctx.def.events[later.event] +
                             "' can never be taken: the row at line " + std::to_string(first.line) +
                             " has no guard and is taken first for the same states and roles "
                             "(give it a guard, or put this row first)");
      break;
    }
  }
}

// The states a timer can be running in: from where it starts, along rows
// that do not stop it (its stop condition, or a final state). nullopt when
// that cannot be told (it starts on an extension event, which moves no
// state).
std::optional<std::vector<bool>> running_states(const Definition& def, const TimerDef& timer) {
  std::vector<bool> running(def.states.size(), false);
  std::vector<StateId> todo;
  auto add = [&](StateId s) {
    if (!def.states[s].final && !running[s]) {
      running[s] = true;
      todo.push_back(s);
    }
  };
  for (int id : timer.start.ids) {
    if (timer.start.kind == TimerCondition::Kind::kEnter) {
      add(id);
      continue;
    }
    const std::vector<StateId> targets = states_moved_to(def, id);
    if (targets.empty()) return std::nullopt;
    for (StateId s : targets) add(s);
  }
  auto has = [](const std::vector<int>& ids, int id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  const TimerCondition& stop = timer.stop;
  while (!todo.empty()) {
    const StateId s = todo.back();
    todo.pop_back();
    for (const TransitionDef& row : def.transitions) {
      if (!has(row.from, s)) continue;
      if ((stop.kind == TimerCondition::Kind::kEvent && has(stop.ids, row.event)) ||
          (stop.kind == TimerCondition::Kind::kLeave && has(stop.ids, s) && row.to != s) ||
          (stop.kind == TimerCondition::Kind::kEnter && has(stop.ids, row.to))) {
        continue;
      }
      add(row.to);
    }
  }
  return running;
}

// `expire: {fire: e}` with no row for e from any state the timer runs in
// escalates "was not fired" on every case instead of moving it; with no row
// from some of them, on every case whose timer expires there.
void warn_about_expiry_that_cannot_fire(LoadContext& ctx, std::size_t t) {
  const Definition& def = ctx.def;
  const TimerDef& timer = def.timers[t];
  if (timer.expire.kind != TimerDef::Expire::Kind::kFire) return;
  const std::optional<std::vector<bool>> running = running_states(def, timer);
  if (!running) return;
  std::string states;
  std::string without_row;
  for (std::size_t s = 0; s < def.states.size(); ++s) {
    if (!(*running)[s]) continue;
    states += (states.empty() ? "" : ", ") + def.states[s].name;
    const bool fires_here =
        std::any_of(def.transitions.begin(), def.transitions.end(), [&](const TransitionDef& row) {
          return row.event == timer.expire.fire &&
                 std::find(row.from.begin(), row.from.end(), static_cast<StateId>(s)) !=
                     row.from.end();
        });
    if (!fires_here) without_row += (without_row.empty() ? "" : ", ") + def.states[s].name;
  }
  if (states.empty() || without_row.empty()) return;  // never runs: warned about elsewhere
  const std::string head =
      "timer '" + timer.name + "' fires '" + def.events[timer.expire.fire] + "' when it expires";
  // At the event's name: the workflow is mended there, or in its rows.
  const Position& at = ctx.timer_fire_at[t];
  if (without_row == states) {
    ctx.report.warning(at, head + ", but no row for it leaves a state the timer runs in (" +
                               states + "): it can never fire");
    return;
  }
  ctx.report.warning(at, head + ", but no row for it leaves " + without_row +
                             ", where the timer runs too: expiring there, it only records that "
                             "the event was not fired, and the case stays");
}

// Reaching a final state stops every timer: one that starts only on
// entering final states, or only on events that end the case, never runs
// (a time limit meant to run after the award needs a state of its own
// before the final one).
void warn_about_timer_that_starts_at_the_end(LoadContext& ctx, std::size_t t) {
  const Definition& def = ctx.def;
  const TimerDef& timer = def.timers[t];
  if (timer.start.kind == TimerCondition::Kind::kNone || timer.start.ids.empty()) return;
  auto is_final = [&def](StateId s) { return def.states[s].final; };
  for (int id : timer.start.ids) {
    if (timer.start.kind == TimerCondition::Kind::kEnter) {
      if (!is_final(id)) return;
      continue;
    }
    const std::vector<StateId> targets = states_moved_to(def, id);
    if (targets.empty() || !std::all_of(targets.begin(), targets.end(), is_final)) return;
  }
  ctx.report.warning(ctx.timer_start_at[t],
                     "timer '" + timer.name +
                         "' starts only as the case reaches a final state, where every timer "
                         "stops: it never runs");
}

}  // namespace

void warn_about_graph(LoadContext& ctx) {
  warn_about_shadowed_rows(ctx);
  const Definition& def = ctx.def;
  const std::vector<bool> reached = reachable_states(def);
  const std::vector<bool> finishes = states_reaching_a_final(def);
  std::string initial;
  for (const StateDef& s : def.states) {
    if (s.initial) initial = s.name;
  }
  for (std::size_t s = 0; s < def.states.size(); ++s) {
    const std::string& name = def.states[s].name;
    if (!reached[s]) {
      ctx.report.warning(
          ctx.state_at[s],
          "state '" + name + "' cannot be reached from the initial state '" + initial + "'");
    } else if (!finishes[s]) {
      ctx.report.warning(ctx.state_at[s],
                         "there is no way from state '" + name + "' to a final state");
    }
  }
  const std::vector<bool> starts = startable_timers(def, reached);
  for (std::size_t t = 0; t < def.timers.size(); ++t) {
    const TimerDef& timer = def.timers[t];
    if (starts[t]) {
      warn_about_expiry_that_cannot_fire(ctx, t);
      warn_about_timer_that_starts_at_the_end(ctx, t);
      continue;
    }
    const bool on_event = timer.start.kind == TimerCondition::Kind::kEvent;
    ctx.report.warning(ctx.timer_start_at[t],
                       "timer '" + timer.name + "' can never start: " +
                           (on_event ? "none of its start events can ever fire"
                                     : "none of its start states can be reached"));
  }
}

}  // namespace wageflow::loader
