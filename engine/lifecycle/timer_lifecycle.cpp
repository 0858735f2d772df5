// The timer lifecycle as a Boost.MSM (functor front-end) state machine. See
// docs/lifecycles.md for the table, what each action means to the runtime,
// and how a machine is started in a stored status.
#include "engine/lifecycle/timer_lifecycle.h"

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
struct TimerStepContext {
  bool expiry_fires_event = false;
  bool new_due_in_future = false;
  TimerStep step;
};

struct WarnReached {
  static constexpr TimerTrigger kTrigger = TimerTrigger::kWarnReached;
};
struct DueReached {
  static constexpr TimerTrigger kTrigger = TimerTrigger::kDueReached;
};
struct Stop {
  static constexpr TimerTrigger kTrigger = TimerTrigger::kStop;
};
struct Pause {
  static constexpr TimerTrigger kTrigger = TimerTrigger::kPause;
};
struct Resume {
  static constexpr TimerTrigger kTrigger = TimerTrigger::kResume;
};
struct Extend {
  static constexpr TimerTrigger kTrigger = TimerTrigger::kExtend;
};

// Refusals that no_transition reports: the event has no row from `status`.
const char* refusal_without_row(TimerStatus status, TimerTrigger trigger) {
  switch (status) {
    case TimerStatus::kStopped:
      return "the timer is stopped";
    case TimerStatus::kExpired:
      return "the timer has expired (its event fired, or recorded as not fired)";
    case TimerStatus::kPaused:
      if (trigger == TimerTrigger::kPause) return "the timer is already paused";
      return "the timer is paused";
    case TimerStatus::kOverdue:
      if (trigger == TimerTrigger::kResume) return "the timer is not paused";
      if (trigger == TimerTrigger::kPause) return "an overdue timer cannot be paused";
      return "the timer is already overdue";
    case TimerStatus::kWarned:
      if (trigger == TimerTrigger::kWarnReached) return "the timer has already been warned";
      return "the timer is not paused";
    case TimerStatus::kRunning:
      return "the timer is not paused";
  }
  return "the timer cannot do this now";
}

// Guards: pure reads of the per-call inputs.
struct ExpiryFiresEvent {
  template <class Event, class Fsm, class Source, class Target>
  bool operator()(const Event&, Fsm& fsm, Source&, Target&) const {
    return fsm.context->expiry_fires_event;
  }
};
struct NewDueInFuture {
  template <class Event, class Fsm, class Source, class Target>
  bool operator()(const Event&, Fsm& fsm, Source&, Target&) const {
    return fsm.context->new_due_in_future;
  }
};
template <class Guard>
struct Not {
  template <class Event, class Fsm, class Source, class Target>
  bool operator()(const Event& event, Fsm& fsm, Source& source, Target& target) const {
    return !Guard()(event, fsm, source, target);
  }
};

// Actions: flags for the runtime, which writes the audit records, escalates
// and fires the expiry event.
struct RecordWarning {
  template <class Event, class Fsm, class Source, class Target>
  void operator()(const Event&, Fsm& fsm, Source&, Target&) const {
    fsm.context->step.record_warning = true;
  }
};
struct RecordOverdue {
  template <class Event, class Fsm, class Source, class Target>
  void operator()(const Event&, Fsm& fsm, Source&, Target&) const {
    fsm.context->step.record_overdue = true;
  }
};
struct FireExpiry {
  template <class Event, class Fsm, class Source, class Target>
  void operator()(const Event&, Fsm& fsm, Source&, Target&) const {
    fsm.context->step.fire_expiry = true;
  }
};

struct TimerMachineDef : msm::front::state_machine_def<TimerMachineDef> {
  explicit TimerMachineDef(TimerStepContext* step_context) : context(step_context) {}

  struct Running : msm::front::state<> {};
  struct Warned : msm::front::state<> {};
  struct Overdue : msm::front::state<> {};
  struct Paused : msm::front::state<> {};
  struct Stopped : msm::front::state<> {};
  struct Expired : msm::front::state<> {};

  using initial_state = Running;

  // Target `none`: an internal transition (accepted, the state is not left).
  // 20 rows: plain mpl::vector holds at most 20 (see docs/lifecycles.md).
  // Overdue --DueReached--> Expired: an expiry held while the due date was
  // provisional fires once the date is confirmed (CaseEditor::recompute),
  // one held while the case was suspended when it is resumed.
  // clang-format off
  struct transition_table : mpl::vector<
      //   Source   Event        Target   Action         Guard
      Row< Running, WarnReached, Warned,  RecordWarning, none                  >,
      Row< Running, DueReached,  Overdue, RecordOverdue, Not<ExpiryFiresEvent> >,
      Row< Warned,  DueReached,  Overdue, RecordOverdue, Not<ExpiryFiresEvent> >,
      Row< Running, DueReached,  Expired, FireExpiry,    ExpiryFiresEvent      >,
      Row< Warned,  DueReached,  Expired, FireExpiry,    ExpiryFiresEvent      >,
      Row< Overdue, DueReached,  Expired, FireExpiry,    ExpiryFiresEvent      >,
      Row< Running, Stop,        Stopped, none,          none                  >,
      Row< Warned,  Stop,        Stopped, none,          none                  >,
      Row< Overdue, Stop,        Stopped, none,          none                  >,
      Row< Paused,  Stop,        Stopped, none,          none                  >,
      Row< Running, Pause,       Paused,  none,          none                  >,
      Row< Warned,  Pause,       Paused,  none,          none                  >,
      Row< Paused,  Resume,      Running, none,          none                  >,
      Row< Running, Extend,      Running, none,          NewDueInFuture        >,
      Row< Warned,  Extend,      Running, none,          NewDueInFuture        >,
      Row< Overdue, Extend,      Running, none,          NewDueInFuture        >,
      Row< Running, Extend,      none,    none,          Not<NewDueInFuture>   >,
      Row< Warned,  Extend,      none,    none,          Not<NewDueInFuture>   >,
      Row< Overdue, Extend,      none,    none,          Not<NewDueInFuture>   >,
      Row< Paused,  Extend,      Paused,  none,          none                  >
  > {};
  // clang-format on

  template <class Fsm, class Event>
  void no_transition(const Event&, Fsm&, int active_state_id);

  TimerStepContext* context;
};

using TimerMachine = msm::back::state_machine<TimerMachineDef>;

template <class State>
constexpr int state_id() {
  return msm::back::get_state_id<TimerMachine::stt, State>::value;
}

int state_id_of(TimerStatus status) {
  using Def = TimerMachineDef;
  switch (status) {
    case TimerStatus::kRunning:
      return state_id<Def::Running>();
    case TimerStatus::kWarned:
      return state_id<Def::Warned>();
    case TimerStatus::kOverdue:
      return state_id<Def::Overdue>();
    case TimerStatus::kPaused:
      return state_id<Def::Paused>();
    case TimerStatus::kStopped:
      return state_id<Def::Stopped>();
    case TimerStatus::kExpired:
      return state_id<Def::Expired>();
  }
  return state_id<Def::Running>();
}

TimerStatus status_of(int id) {
  using Def = TimerMachineDef;
  if (id == state_id<Def::Warned>()) return TimerStatus::kWarned;
  if (id == state_id<Def::Overdue>()) return TimerStatus::kOverdue;
  if (id == state_id<Def::Paused>()) return TimerStatus::kPaused;
  if (id == state_id<Def::Stopped>()) return TimerStatus::kStopped;
  if (id == state_id<Def::Expired>()) return TimerStatus::kExpired;
  return TimerStatus::kRunning;
}

template <class Fsm, class Event>
void TimerMachineDef::no_transition(const Event&, Fsm&, int active_state_id) {
  context->step.refusal = refusal_without_row(status_of(active_state_id), Event::kTrigger);
}

template <class Event>
TimerStep run(TimerStatus from, TimerStepContext& context) {
  TimerMachine machine(&context);
  const bool accepted = lifecycle_detail::process_from<Event>(machine, state_id_of(from));
  TimerStep step = context.step;
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

TimerStep timer_lifecycle_step(TimerStatus from, const TimerInput& input) {
  TimerStepContext context;
  context.expiry_fires_event = input.expiry_fires_event;
  context.new_due_in_future = input.new_due_in_future;
  switch (input.trigger) {
    case TimerTrigger::kWarnReached:
      return run<WarnReached>(from, context);
    case TimerTrigger::kDueReached:
      return run<DueReached>(from, context);
    case TimerTrigger::kStop:
      return run<Stop>(from, context);
    case TimerTrigger::kPause:
      return run<Pause>(from, context);
    case TimerTrigger::kResume:
      return run<Resume>(from, context);
    case TimerTrigger::kExtend:
      return run<Extend>(from, context);
  }
  TimerStep unknown;
  unknown.to = from;
  unknown.refusal = "unknown timer lifecycle trigger";
  return unknown;
}

}  // namespace wageflow
