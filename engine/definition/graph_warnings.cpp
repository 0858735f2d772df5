// Warnings about the shape of a workflow that loaded without errors.
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

}  // namespace

void warn_about_graph(LoadContext& ctx) {
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
    if (starts[t]) continue;
    const TimerDef& timer = def.timers[t];
    const bool on_event = timer.start.kind == TimerCondition::Kind::kEvent;
    ctx.report.warning(ctx.timer_start_at[t],
                       "timer '" + timer.name + "' can never start: " +
                           (on_event ? "none of its start events can ever fire"
                                     : "none of its start states can be reached"));
  }
}

}  // namespace wageflow::loader
