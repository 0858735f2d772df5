// Private to engine/lifecycle: starting a Boost.MSM machine in a stored
// state. Include only from a machine's .cpp (it pulls in MSM).
#pragma once

#include <boost/msm/back/state_machine.hpp>
#include <cstddef>

namespace wageflow::lifecycle_detail {

// The loading half of the back-end's persistence hook: MSM's
// `state_machine::serialize(archive, version)` restores the active state id
// of each region with `archive & m_states`; every other member it visits
// (history, processing flags, states without `do_serialize`) keeps its value.
struct ActiveStateLoader {
  int active_state_id;

  template <std::size_t kRegions>
  ActiveStateLoader& operator&(int (&region_states)[kRegions]) {
    for (int& region_state : region_states) region_state = active_state_id;
    return *this;
  }
  template <class Member>
  ActiveStateLoader& operator&(Member&) {
    return *this;
  }
};

// Starts `machine` in the state whose MSM id is `state_id` (no entry
// actions replayed), processes one `Event`, and says whether a row handled
// it. machine.current_state()[0] is the state afterwards.
template <class Event, class Machine>
bool process_from(Machine& machine, int state_id) {
  machine.start();
  ActiveStateLoader loader{state_id};
  machine.serialize(loader, 0);
  return machine.process_event(Event{}) == boost::msm::back::HANDLED_TRUE;
}

}  // namespace wageflow::lifecycle_detail
