// Private to engine/runtime: applies already-validated changes to a copy
// of a case and writes the audit records that describe them. decide.cpp
// validates a command, then drives a CaseEditor; nothing here refuses
// except where only the change itself can tell (an expiry's transition).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/runtime/decide.h"
#include "engine/runtime/field_input.h"

namespace wageflow::runtime_detail {

// The audit data of a timer record: due (dates only), due_at, warn_at
// (when set), provisional (when true) and explanation.
std::map<std::string, std::string> timer_data(const TimerState& timer);
// canonical_string_object(timer_data(timer)) with "because" added when
// `because` is not null, byte for byte, but written directly (a timer is
// started, paused or resumed by most commands: decide's hot path).
std::string timer_data_json(const TimerState& timer, const std::string* because);

class CaseEditor {
 public:
  CaseEditor(const Definition& definition, CaseSnapshot snapshot, Instant now, std::string actor,
             std::string role);

  CaseSnapshot& snapshot() { return snapshot_; }
  const CaseSnapshot& snapshot() const { return snapshot_; }
  std::vector<AuditRecord>& records() { return records_; }
  TickCounts& counts() { return counts_; }
  // What recompute() decided otherwise than the trail (Outcome's).
  std::vector<SuspensionDecidedOtherwise>& decided_otherwise() { return decided_otherwise_; }
  // The expiry events not fired (Outcome's).
  std::vector<ExpiryNotFired>& expiries_not_fired() { return expiries_not_fired_; }

  // Appends an audit record at `now`. `data` entries become a canonical
  // JSON object (sorted keys).
  void record(const std::string& kind, const std::string& event,
              const std::map<std::string, std::string>& data, const std::string& comment = "");
  // The same with `data_json` already canonical JSON.
  void record_json(const std::string& kind, const std::string& event, std::string data_json,
                   const std::string& comment = "");

  // Writes the field changes into the data; returns them as name -> text.
  std::map<std::string, std::string> apply_changes(const std::vector<FieldChange>& changes);

  // Moves the case along transition row `row` for `event` (data already
  // updated, assignments already applied), stopping and starting timers
  // and closing the case on a final state. Records "fire" with `changes`.
  void move(const TransitionDef& row, EventId event,
            const std::map<std::string, std::string>& changes, const std::string& comment);

  // Starts timers whose start condition holds on entering the initial state.
  void start_initial_timers();
  // Starts `timer` as if its start condition held now (a migration's new
  // timers, engine/runtime/migration.h); records timer_start with `because`.
  // A timer that is still counting is left alone.
  void start_timer_now(TimerId timer, const std::string& because) { start_timer(timer, because); }

  // Pauses the running and warned timers, except those with `on_suspend: run`.
  void pause_timers();
  // Takes a paused `timer` off its pause when the definition runs it
  // through suspensions (a migration to such a version of a suspended case,
  // engine/runtime/migration.h): it counts on to the due date it had, which
  // the suspension did not move. Records timer_resume with `because`. Any
  // other timer is left alone.
  void run_through_suspension(TimerId timer, const std::string& because);
  // Pauses `timer` as from `since` (the instant its case's suspension
  // began) when the definition pauses it in suspensions and it is running
  // or warned: a migration to such a version of a suspended case, so that a
  // resume counts what was left on the suspension's day. Records
  // timer_pause with `because`. Any other timer is left alone.
  void pause_since(TimerId timer, Instant since, const std::string& because);
  void resume_timers();
  // Requires a live or paused instance of `timer`.
  void extend(TimerId timer, EventId event, const std::string& comment);

  // Applies every warning and expiry due at `now`, in time order, each once.
  void tick();
  // Counts a timer's due date again from its start along `course` on the
  // calendar as it is now; records timer_recompute when the date or its
  // being provisional came out different (decide.h, Command::Kind::kRecompute). Leaves a
  // timer alone whose course does not match it (timer_course_mismatch).
  void recompute(TimerId timer, const TimerCourse& course);
  // After the recompute() calls of a command: fires each expiry that tick()
  // held on a provisional date now confirmed and passed, in timer name
  // order; in a suspended case records it overdue instead, held for the
  // resume.
  void fire_confirmed_expiries();
  // After a resume: fires, as a tick would have, each expiry event held
  // while the case was suspended (overdue, its due date confirmed and
  // passed), in timer name order. Call on an editor acting as the system.
  void fire_held_expiries();

 private:
  void start_timer(TimerId id, const std::string& because);
  void stop_timer(TimerState& timer, const std::string& because);
  // Sets due_date/counted_to/due_at/warn_at/provisional/explanation for a due date
  // counted `length` from `from` (date deadlines) or `from_instant` (hours).
  void schedule(TimerState& timer, Date from, Instant from_instant, Duration length);
  // TimerState::counted_to of a due date `due` counted `length` from
  // `from`: the day a "days" count reached when `due` rolled past it.
  std::optional<Date> counted_to(Date from, Duration length, Date due) const;
  void set_warning(TimerState& timer);
  // Moves the due date on by one extension `by` (extend() and recompute()).
  void extend_due(TimerState& timer, const Duration& by);
  // The due date of a timer paused at `paused_at` and resumed at
  // `resumed_at`: what was left then, counted again from then
  // (resume_timers() and recompute()).
  void resume_due(TimerState& timer, Instant paused_at, Instant resumed_at);
  // Pauses `timer` as from `since` when it pauses in suspensions and is
  // running or warned; records timer_pause (with `because`, when given).
  void pause(TimerState& timer, Instant since, const std::string* because);
  // The status after the due date moved (an extension, a recount): a live
  // timer whose due date is still ahead runs, and warns, again.
  void move_after_new_due(TimerState& timer);
  // Moves `timer` to `expired`, records timer_expire and fires the expiry
  // event. `timer` must not be used after: the event may stop and start
  // timers, which moves them in the snapshot.
  void expire_and_fire(TimerState& timer, const TimerDef& def, TimerStatus expired);
  void fire_expiry_event(const TimerDef& timer);
  // As wageflow fired an expiry event before 2026-12-01
  // (Definition::expiry_chooses_row_as_fire false): the first row whose
  // guard, `requires:` and `set:` all hold, else "cannot fire from state".
  void fire_expiry_event_as_before(const TimerDef& timer);
  // Records that `timer`'s expiry event was not fired, and why: its
  // `escalate` record, and the Outcome's expiries_not_fired.
  void record_not_fired(const TimerDef& timer, std::string refused);
  // Moves a running, warned or overdue `timer` whose due date has passed
  // on: fires its expiry event (expired), or records it overdue (and
  // escalates it) when its expiry escalates or is held (held_expiry()).
  void reach_due(TimerState& timer, const TimerDef& def);
  // Why `timer`'s expiry event is held (held_expiry()), for its
  // timer_overdue record; "" when it is not.
  std::string expiry_hold(const TimerState& timer) const;
  // The case's timers ordered by name. Every loop that records something
  // for several timers walks them in this order, so that the records of a
  // command never depend on the order a Store returns timers in (replay
  // depends on it: engine/runtime/replay.h).
  std::vector<TimerState*> timers_by_name();

  const Definition& definition_;
  const Calendar& calendar_;
  CaseSnapshot snapshot_;
  Instant now_;
  std::string actor_;
  std::string role_;
  std::vector<AuditRecord> records_;
  TickCounts counts_;
  std::vector<TimerId> confirmed_;  // timers recompute() found no longer provisional
  std::vector<SuspensionDecidedOtherwise> decided_otherwise_;
  std::vector<ExpiryNotFired> expiries_not_fired_;
};

}  // namespace wageflow::runtime_detail
