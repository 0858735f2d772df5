// Definition's lookups and its (state, event) -> rows table.
#include "engine/definition/definition.h"

#include <algorithm>

namespace wageflow {
namespace {

template <typename T, typename NameOf>
std::optional<int> index_of(const std::vector<T>& items, std::string_view name, NameOf name_of) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (name_of(items[i]) == name) return static_cast<int>(i);
  }
  return std::nullopt;
}

const std::string& itself(const std::string& s) {
  return s;
}

}  // namespace

std::optional<StateId> Definition::state_id(std::string_view name) const {
  return index_of(states, name, [](const StateDef& s) -> const std::string& { return s.name; });
}

std::optional<EventId> Definition::event_id(std::string_view name) const {
  return index_of(events, name, itself);
}

std::optional<FieldId> Definition::field_id(std::string_view name) const {
  return index_of(fields, name, [](const FieldDef& f) -> const std::string& { return f.name; });
}

std::optional<RoleId> Definition::role_id(std::string_view name) const {
  return index_of(roles, name, itself);
}

std::optional<TimerId> Definition::timer_id(std::string_view name) const {
  return index_of(timers, name, [](const TimerDef& t) -> const std::string& { return t.name; });
}

const std::vector<int>& Definition::rows(StateId state, EventId event) const {
  static const std::vector<int> kNone;
  if (state < 0 || event < 0 || static_cast<std::size_t>(state) >= states.size() ||
      static_cast<std::size_t>(event) >= events.size()) {
    return kNone;
  }
  std::size_t cell = static_cast<std::size_t>(state) * events.size() + event;
  return cell < table_.size() ? table_[cell] : kNone;
}

std::vector<EventId> Definition::events_from(StateId state) const {
  std::vector<EventId> out;
  if (state < 0 || static_cast<std::size_t>(state) >= states.size() || states[state].final) {
    return out;
  }
  for (std::size_t e = 0; e < events.size(); ++e) {
    EventId event = static_cast<EventId>(e);
    if (!rows(state, event).empty() || timer_extended_by(event)) out.push_back(event);
  }
  return out;
}

std::optional<TimerId> Definition::timer_extended_by(EventId event) const {
  for (std::size_t t = 0; t < timers.size(); ++t) {
    if (timers[t].extend && timers[t].extend->event == event) return static_cast<TimerId>(t);
  }
  return std::nullopt;
}

void Definition::finish() {
  initial_state_ = 0;
  for (std::size_t s = 0; s < states.size(); ++s) {
    if (states[s].initial) {
      initial_state_ = static_cast<StateId>(s);
      break;
    }
  }
  table_.assign(states.size() * events.size(), {});
  for (std::size_t r = 0; r < transitions.size(); ++r) {
    const TransitionDef& row = transitions[r];
    if (row.event < 0 || static_cast<std::size_t>(row.event) >= events.size()) continue;
    for (StateId from : row.from) {
      if (from < 0 || static_cast<std::size_t>(from) >= states.size()) continue;
      std::vector<int>& cell = table_[static_cast<std::size_t>(from) * events.size() + row.event];
      if (cell.empty() || cell.back() != static_cast<int>(r)) cell.push_back(static_cast<int>(r));
    }
  }
  constant_values_.clear();
  for (const ConstantDef& c : constants) constant_values_.push_back(c.value);
  computed_by_.assign(fields.size(), {});
  for (const TransitionDef& row : transitions) {
    for (const Assignment& assignment : row.assignments) {
      if (assignment.field < 0 || static_cast<std::size_t>(assignment.field) >= fields.size()) {
        continue;
      }
      std::vector<EventId>& events_setting = computed_by_[assignment.field];
      if (std::find(events_setting.begin(), events_setting.end(), row.event) ==
          events_setting.end()) {
        events_setting.push_back(row.event);
      }
    }
  }
  for (std::vector<EventId>& events_setting : computed_by_) {
    std::sort(events_setting.begin(), events_setting.end());
  }
}

}  // namespace wageflow
