// The case lifecycle as a Boost.MSM (functor front-end) state machine. See
// docs/lifecycles.md for the table, what each action means to the runtime,
// and how a machine is started in a stored status.
#include "engine/lifecycle/case_lifecycle.h"

#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>
#include <cstddef>
#include <string>

#include "engine/lifecycle/start_in_state.h"

namespace wageflow {
namespace {

namespace msm = boost::msm;
namespace mpl = boost::mpl;
using msm::front::none;
using msm::front::Row;

// Per-call inputs and results, shared by the front-end, guards and actions.
struct CaseStepContext {
  bool has_comment = false;
  CaseLifecycleStep step;
};

struct Suspend {
  static constexpr CaseTrigger kTrigger = CaseTrigger::kSuspend;
};
struct Resume {
  static constexpr CaseTrigger kTrigger = CaseTrigger::kResume;
};
struct Close {
  static constexpr CaseTrigger kTrigger = CaseTrigger::kClose;
};

// Refusals that no_transition reports: the event has no row from `status`.
const char* refusal_without_row(CaseStatus status, CaseTrigger trigger) {
  if (status == CaseStatus::kClosed) return "the case is closed";
  if (trigger == CaseTrigger::kSuspend) return "the case is already suspended";
  if (trigger == CaseTrigger::kResume) return "the case is not suspended";
  return "the case cannot do this now";
}

// Guards. A guard that refuses records why, in a clerk's words.
struct HasComment {
  template <class Event, class Fsm, class Source, class Target>
  bool operator()(const Event&, Fsm& fsm, Source&, Target&) const {
    if (fsm.context->has_comment) return true;
    fsm.context->step.refusal = "a suspension needs a comment giving the reason";
    return false;
  }
};

// Actions: flags for the runtime, which does the timer arithmetic.
struct PauseTimers {
  template <class Event, class Fsm, class Source, class Target>
  void operator()(const Event&, Fsm& fsm, Source&, Target&) const {
    fsm.context->step.pause_timers = true;
  }
};
struct ResumeTimers {
  template <class Event, class Fsm, class Source, class Target>
  void operator()(const Event&, Fsm& fsm, Source&, Target&) const {
    fsm.context->step.resume_timers = true;
  }
};
struct StopTimers {
  template <class Event, class Fsm, class Source, class Target>
  void operator()(const Event&, Fsm& fsm, Source&, Target&) const {
    fsm.context->step.stop_timers = true;
  }
};

struct CaseMachineDef : msm::front::state_machine_def<CaseMachineDef> {
  explicit CaseMachineDef(CaseStepContext* step_context) : context(step_context) {}

  struct Active : msm::front::state<> {};
  struct Suspended : msm::front::state<> {};
  struct Closed : msm::front::state<> {};

  using initial_state = Active;

  // clang-format off
  struct transition_table : mpl::vector<
      //   Source     Event    Target     Action        Guard
      Row< Active,    Suspend, Suspended, PauseTimers,  HasComment >,
      Row< Suspended, Resume,  Active,    ResumeTimers, none       >,
      Row< Active,    Close,   Closed,    StopTimers,   none       >,
      Row< Suspended, Close,   Closed,    StopTimers,   none       >
  > {};
  // clang-format on

  template <class Fsm, class Event>
  void no_transition(const Event&, Fsm&, int active_state_id);

  CaseStepContext* context;
};

using CaseMachine = msm::back::state_machine<CaseMachineDef>;

template <class State>
constexpr int state_id() {
  return msm::back::get_state_id<CaseMachine::stt, State>::value;
}

int state_id_of(CaseStatus status) {
  switch (status) {
    case CaseStatus::kActive:
      return state_id<CaseMachineDef::Active>();
    case CaseStatus::kSuspended:
      return state_id<CaseMachineDef::Suspended>();
    case CaseStatus::kClosed:
      return state_id<CaseMachineDef::Closed>();
  }
  return state_id<CaseMachineDef::Active>();
}

CaseStatus status_of(int id) {
  if (id == state_id<CaseMachineDef::Suspended>()) return CaseStatus::kSuspended;
  if (id == state_id<CaseMachineDef::Closed>()) return CaseStatus::kClosed;
  return CaseStatus::kActive;
}

template <class Fsm, class Event>
void CaseMachineDef::no_transition(const Event&, Fsm&, int active_state_id) {
  context->step.refusal = refusal_without_row(status_of(active_state_id), Event::kTrigger);
}

template <class Event>
CaseLifecycleStep run(CaseStatus from, CaseStepContext& context) {
  CaseMachine machine(&context);
  const bool accepted = lifecycle_detail::process_from<Event>(machine, state_id_of(from));
  CaseLifecycleStep step = context.step;
  step.accepted = accepted;
  step.to = status_of(machine.current_state()[0]);
  if (accepted) {
    step.refusal.clear();
  } else if (step.refusal.empty()) {
    step.refusal = refusal_without_row(from, Event::kTrigger);
  }
  return step;
}

}  // namespace

CaseLifecycleStep case_lifecycle_step(CaseStatus from, const CaseLifecycleInput& input) {
  CaseStepContext context;
  context.has_comment = input.has_comment;
  switch (input.trigger) {
    case CaseTrigger::kSuspend:
      return run<Suspend>(from, context);
    case CaseTrigger::kResume:
      return run<Resume>(from, context);
    case CaseTrigger::kClose:
      return run<Close>(from, context);
  }
  CaseLifecycleStep unknown;
  unknown.to = from;
  unknown.refusal = "unknown case lifecycle trigger";
  return unknown;
}

}  // namespace wageflow
