// The reference workflow as a Boost.MSM state machine (C++17 only; see
// msm_runner.h). `Tuned` adds the back-end switches no_message_queue and
// no_exception_thrown.
#pragma once

#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>
#include <cstdint>

#include "msm_runner.h"

namespace wageflow::bench::msm_reference {

namespace msm = boost::msm;
namespace mpl = boost::mpl;
using msm::front::none;
using msm::front::Row;

struct Accept {};
struct Reject {};
struct Mediate {};
struct FailMediation {};
struct Award {};

template <bool Tuned>
struct Switches {};
template <>
struct Switches<true> {
  typedef int no_message_queue;
  typedef int no_exception_thrown;
};

struct ClaimWithinLimit {
  template <class Event, class Fsm, class Source, class Target>
  bool operator()(const Event&, Fsm& fsm, Source&, Target&) const {
    return fsm.claim_fen <= 5000000;  // claim_amount <= 50000 (yuan)
  }
};

template <bool Tuned>
struct Front : msm::front::state_machine_def<Front<Tuned>>, Switches<Tuned> {
  struct Intake : msm::front::state<> {};
  struct Accepted : msm::front::state<> {};
  struct Mediation : msm::front::state<> {};
  struct Hearing : msm::front::state<> {};
  struct Awarded : msm::front::state<> {};
  struct Rejected : msm::front::state<> {};
  typedef Intake initial_state;

  struct transition_table : mpl::vector<Row<Intake, Accept, Accepted, none, none>,
                                        Row<Intake, Reject, Rejected, none, none>,
                                        Row<Accepted, Mediate, Mediation, none, none>,
                                        Row<Mediation, FailMediation, Hearing, none, none>,
                                        Row<Hearing, Award, Awarded, none, ClaimWithinLimit>> {};

  template <class Fsm, class Event>
  void no_transition(const Event&, Fsm&, int) {}

  std::int64_t claim_fen = 0;
};

template <bool Tuned>
MsmRun run(long long lives) {
  using Machine = msm::back::state_machine<Front<Tuned>>;
  constexpr int kAwarded =
      msm::back::get_state_id<typename Machine::stt, typename Front<Tuned>::Awarded>::value;
  Machine fsm;
  MsmRun result;
  for (long long life = 0; life < lives; ++life) {
    fsm.claim_fen = claim_fen(life);
    fsm.start();
    fsm.process_event(Accept{});
    fsm.process_event(Mediate{});
    fsm.process_event(FailMediation{});
    fsm.process_event(Award{});
    if (fsm.current_state()[0] == kAwarded) {
      result.moved += 4;
    } else {
      result.moved += 3;
      ++result.refused;  // the guard refused the award
    }
  }
  return result;
}

}  // namespace wageflow::bench::msm_reference
