// The immutable, validated workflow model (workflow-format.md).
//
// Everything is integer-indexed: states, events, fields, roles and timers
// are referred to by their position in the vectors below, and the
// transition table is a (state, event) -> rows lookup built at load time.
// A Definition is immutable after loading and safe to share between threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/calendar/calendar.h"
#include "engine/core/duration.h"
#include "engine/core/value.h"
#include "engine/definition/field_check.h"
#include "engine/definition/field_pattern.h"
#include "engine/expr/expression.h"

namespace wageflow {

using StateId = int;
using EventId = int;
using FieldId = int;
using RoleId = int;
using TimerId = int;

// A label: a plain string, or locale -> string. get("en") falls back to
// "zh", then to any entry, then to `fallback`.
struct Label {
  std::vector<std::pair<std::string, std::string>> by_locale;  // file order
  std::string get(std::string_view locale, std::string_view fallback = "") const;
};

struct FieldDef {
  std::string name;
  FieldType type = FieldType::kString;
  bool required = false;
  bool pii = false;
  std::vector<std::string> enum_values;         // kEnum only
  std::shared_ptr<const FieldPattern> pattern;  // `pattern:`, compiled; null: none
  Label label;
  Label hint;                            // `hint:`: what a clerk should enter (no texts: none)
  FieldCheck check = FieldCheck::kNone;  // `check:`
  // `min:` and `max:` of an int or money field, inclusive: the int itself,
  // or fen. nullopt: no bound (a money value is never below 0 all the same).
  std::optional<std::int64_t> min, max;
};

struct StateDef {
  std::string name;
  bool initial = false;
  bool final = false;
  Label label;
};

struct Assignment {
  FieldId field = 0;
  expr::Expression value;
};

struct TransitionDef {
  EventId event = 0;
  std::vector<StateId> from;  // '*' already expanded to every non-final state
  StateId to = 0;
  std::vector<RoleId> roles;             // empty: any role of the workflow
  std::vector<FieldId> required_fields;  // `requires:` (a C++20 keyword, hence the name)
  bool comment_required = false;
  std::optional<expr::Expression> guard;
  std::vector<Assignment> assignments;  // `set:`, in file order
  int line = 0;                         // 1-based line of the row in the file
};

// A timer's start or stop condition.
struct TimerCondition {
  enum class Kind { kNone, kEnter, kLeave, kEvent };
  Kind kind = Kind::kNone;
  std::vector<int> ids;  // StateId for kEnter/kLeave, EventId for kEvent
};

struct TimerDef {
  std::string name;
  Label label;
  Duration duration;
  TimerCondition start;
  TimerCondition stop;
  std::optional<Duration> warn;
  struct Expire {
    enum class Kind { kNone, kEscalate, kFire };
    Kind kind = Kind::kNone;
    RoleId escalate_to = -1;  // kEscalate
    EventId fire = -1;        // kFire
  } expire;
  struct Extension {
    EventId event = 0;
    Duration by;
    int times = 1;
    std::vector<RoleId> roles;  // empty: any role
  };
  std::optional<Extension> extend;
  bool binding = true;
  // `on_suspend: run`: a suspension of the case does not pause it (a period
  // that runs outside the case, such as the time to sue after an award).
  bool runs_while_suspended = false;
};

// `statistics:` (docs/reports.md): which fields the reports read for their
// figures and which outcome each final state is. Names of the loaded model;
// `present` is false when the file has no such section (the reports then
// use their own conventions).
struct StatisticsDef {
  bool present = false;
  std::optional<FieldId> workers;    // int: workers involved
  std::optional<FieldId> claimed;    // money: amount claimed
  std::optional<FieldId> recovered;  // money: amount recovered
  std::optional<FieldId> region;     // enum or string
  std::optional<FieldId> industry;   // enum or string
  // Final state -> "mediated" | "awarded" | "withdrawn" | "rejected" |
  // "referred" | "other", in file order.
  std::vector<std::pair<StateId, std::string>> outcomes;
  // `legal_aid:`: the workflow is a legal-aid one (its cases are counted in
  // the legal-aid figures, not the arbitration case figures), with the
  // transition events and the state those figures count; each optional.
  // Absent: the reports recognise a legal-aid workflow by their conventions.
  struct LegalAid {
    std::optional<EventId> application;  // an application for legal aid
    std::optional<EventId> granted;      // aid granted
    std::optional<EventId> refused;      // aid refused
    std::optional<StateId> referral;     // entering it: a referral to arbitration
  };
  std::optional<LegalAid> legal_aid;
};

struct ConstantDef {
  std::string name;
  Value value;  // money for numbers (yuan, exact), or as declared
};

class Definition {
 public:
  std::string id;  // `workflow:`
  int version = 0;
  Label title;
  std::shared_ptr<const Calendar> calendar;
  std::vector<std::string> roles;
  std::vector<Label> role_labels;  // `role_labels:`, by RoleId (no texts: none given)
  std::vector<ConstantDef> constants;
  std::vector<FieldDef> fields;
  std::vector<StateDef> states;
  std::vector<std::string> events;  // every event name: transition events and extension events
  std::vector<TransitionDef> transitions;
  std::vector<TimerDef> timers;
  std::vector<RoleId> suspend_roles;  // empty: any role
  std::vector<RoleId> resume_roles;   // empty: any role
  std::vector<RoleId> correct_roles;  // who may correct a case's data; empty: any role
  StatisticsDef statistics;           // `statistics:`; present == false without one
  std::string source_text;            // the exact YAML the definition was loaded from
  // False only for replay of trails recorded before wageflow kept a timer's
  // counted_to (TimerState): a paused "days" timer then counted what was left
  // up to its rolled due date, and timers kept no counted_to. Never false for
  // a definition a command runs on.
  bool keeps_counted_to = true;
  // False only for replay of trails recorded before a suspension first
  // applied the deadline thresholds already passed (as a tick would): a
  // timer past due but not yet ticked was then paused with nothing left
  // instead of going overdue. Never false for a definition a command runs on.
  bool ticks_before_suspend = true;
  // False only for replay of trails recorded before a recount decided each
  // suspension again on the calendar as it is (pausing a timer still
  // counting then, not one overdue): a recount then kept the trail's
  // pauses, so a timer overdue at a suspension on the provisional date ran
  // on inside the suspended case. Never false for a definition a command
  // runs on.
  bool recounts_through_suspensions = true;
  // False only for replay of trails recorded before an expiry that fires an
  // event, falling due while its case was suspended (a recount finding the
  // true due date passed), waited for the resume: the timer was then
  // recorded expired with an `escalate` "case is not active; EVENT not
  // fired", and the event was never fired. Never false for a definition a
  // command runs on.
  bool holds_expiry_while_suspended = true;
  // False only for replay of trails recorded before an expiry chose its
  // event's row as `case fire` does (the first row whose guard holds, not
  // fired when that row's `requires:` or `set:` fails, the `escalate`
  // saying why): a row whose `requires:` or `set:` failed was passed over
  // for the next, and the `escalate` said "event EVENT cannot fire from
  // state STATE" whatever the cause. Never false for a definition a
  // command runs on.
  bool expiry_chooses_row_as_fire = true;
  // False only for replay of trails recorded before wageflow took
  // `on_suspend:` into account beyond suspend and resume (2026-12-02): a
  // migration of a suspended case then kept a timer paused although the new
  // version runs it through suspensions, and applied no passed threshold
  // before pausing; a recount's `because` named a run timer's suspension
  // "(it was overdue then)", and a due date whose pause alone changed "to
  // keep the day its count reached before rolling (counted_to)". Never
  // false for a definition a command runs on.
  bool knows_on_suspend_run = true;

  StateId initial_state() const { return initial_state_; }
  std::optional<StateId> state_id(std::string_view name) const;
  std::optional<EventId> event_id(std::string_view name) const;
  std::optional<FieldId> field_id(std::string_view name) const;
  std::optional<RoleId> role_id(std::string_view name) const;
  std::optional<TimerId> timer_id(std::string_view name) const;

  // Indices into `transitions` of the rows for `event` from `state`, in file
  // order (the first whose role and guard pass is taken). Empty if none.
  const std::vector<int>& rows(StateId state, EventId event) const;
  // Events with at least one transition row from `state` (any role), then
  // extension events of timers, in event order; nothing for a final state.
  std::vector<EventId> events_from(StateId state) const;
  // The timer whose `extend.event` is `event`, if any.
  std::optional<TimerId> timer_extended_by(EventId event) const;
  // Constant values indexed like `constants`, for expr::Context.
  const std::vector<Value>& constant_values() const { return constant_values_; }
  // The events whose `set:` assigns `field`, in event order; empty for a
  // field given only by hand. Such a field is computed by the workflow: a
  // command gives it by hand only where the workflow asks for it (`required:`
  // at opening, an event's `requires:`) or as a correction.
  const std::vector<EventId>& computed_by(FieldId field) const { return computed_by_[field]; }

  // Builds the lookup tables; the loader calls it once after filling the
  // public members. Requires a consistent model.
  void finish();

 private:
  StateId initial_state_ = 0;
  std::vector<std::vector<int>> table_;  // [state * events.size() + event] -> rows
  std::vector<Value> constant_values_;
  std::vector<std::vector<EventId>> computed_by_;  // by FieldId
};

struct LoadOptions {
  // Where `calendar: NAME` is looked up: <calendars_dir>/NAME.yaml.
  std::string calendars_dir = "workflows/calendars";
  // When set, a warning is given for a calendar whose listed years end
  // within 90 days of this date.
  std::optional<Date> today;
  // The text was stored with cases (a published or pinned version): rules
  // added since it was stored give warnings, not errors (Reporter::
  // later_rule), so that its cases stay readable.
  bool stored_text = false;
};

// Loads and validates a workflow file. Every problem is appended to
// *diagnostics (errors and warnings, in file order, each with file:line:col).
// Returns the definition when there are no errors; on errors the result's
// error is a one-line summary ("3 errors in FILE").
Result<std::shared_ptr<const Definition>> load_definition_file(
    const std::string& path, const LoadOptions& options, std::vector<Diagnostic>* diagnostics);
// Same from text (stored definitions); `file` names it in diagnostics.
Result<std::shared_ptr<const Definition>> load_definition_text(
    const std::string& text, const std::string& file, const LoadOptions& options,
    std::vector<Diagnostic>* diagnostics);

}  // namespace wageflow
