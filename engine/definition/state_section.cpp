// `states`: exactly one initial state; final states end the case.
#include "engine/definition/sections.h"

namespace wageflow::loader {

void read_states(const Entry* entry, LoadContext& ctx) {
  if (!entry) {
    ctx.section_broken(NameKind::kState) = true;
    return;
  }
  std::optional<Entries> entries = read_map(entry->value, entry->value_at, "states", ctx.report);
  if (!entries) {
    ctx.section_broken(NameKind::kState) = true;
    return;
  }
  std::optional<std::string> first_initial;
  bool initial_unreadable = false;  // an `initial:` that was not true/false (already reported)
  for (const Entry& e : *entries) {
    StateDef state;
    state.name = e.key;
    if (e.key == "*") {
      ctx.report.error(e.key_at,
                       "'*' is not a state name: in `from:` it means every non-final "
                       "state");
      continue;
    }
    if (!e.value.IsNull()) {
      std::optional<Entries> keys =
          read_keys(e.value, e.value_at, "state '" + e.key + "'", format_keys::kState, ctx.report);
      for (const Entry& k : keys.value_or(Entries{})) {
        if (k.key == "label") {
          if (auto label = read_label(k.value, k.value_at, "label", ctx.report)) {
            state.label = *label;
          }
        } else {
          std::optional<bool> flag = read_bool(k.value, k.value_at, k.key, ctx.report);
          if (!flag && k.key == "initial") initial_unreadable = true;
          if (!flag && k.key == "final") ctx.unreadable_final.insert(e.key);
          (k.key == "initial" ? state.initial : state.final) = flag.value_or(false);
        }
      }
    }
    if (state.initial && state.final) {
      ctx.report.error(e.key_at, "state '" + e.key + "' cannot be both initial and final");
    }
    if (state.initial) {
      if (first_initial) {
        ctx.report.error(e.key_at, "state '" + e.key + "' is a second initial state ('" +
                                       *first_initial +
                                       "' is initial); exactly one state "
                                       "must be initial");
      } else {
        first_initial = e.key;
      }
    }
    ctx.def.states.push_back(std::move(state));
    ctx.state_at.push_back(e.key_at);
  }
  if (!first_initial && !initial_unreadable) {
    ctx.report.error(entry->key_at, "no initial state; mark exactly one state with initial: true");
  }
}

}  // namespace wageflow::loader
