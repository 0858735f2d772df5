#include "engine/runtime/decide.h"

#include <algorithm>
#include <optional>

#include "engine/core/blank.h"
#include "engine/core/utf8.h"
#include "engine/runtime/case_editor.h"
#include "engine/runtime/field_input.h"
#include "engine/runtime/row_choice.h"
#include "engine/runtime/unfired_expiries.h"

namespace wageflow {
namespace {

using runtime_detail::apply_assignments;
using runtime_detail::CaseEditor;
using runtime_detail::choose_row;
using runtime_detail::FieldChange;
using runtime_detail::join;
using runtime_detail::missing_fields;
using runtime_detail::parse_field_changes;
using runtime_detail::RowChoice;

constexpr const char* kSystemActor = "system";

std::vector<std::string> role_names(const Definition& d, const std::vector<RoleId>& ids) {
  std::vector<std::string> names;
  for (RoleId id : ids) names.push_back(d.roles[id]);
  return names;
}

bool role_allowed(const std::vector<RoleId>& allowed, RoleId role) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), role) != allowed.end();
}

// The events a clerk could fire on the case now, as `case show` lists them
// (events_possible): an extension only while its timer can be extended.
std::string event_names(const Definition& d, const CaseSnapshot& current) {
  std::vector<std::string> names;
  for (EventId e : events_possible(d, current)) names.push_back(d.events[e]);
  return names.empty() ? "none" : join(names);
}

// The role of a command, which must be one of the workflow's roles.
std::variant<RoleId, Refusal> resolve_role(const Definition& d, const std::string& role) {
  if (auto id = d.role_id(role)) return *id;
  return Refusal{Refusal::Kind::kUnknownRole, "role '" + role + "' is not a role of workflow " +
                                                  d.id + "; roles: " + join(d.roles)};
}

Refusal refuse_role(const Definition& d, const std::string& role, const std::string& action,
                    const std::vector<RoleId>& allowed) {
  return Refusal{Refusal::Kind::kRoleNotAllowed, "role " + role + " may not " + action +
                                                     "; allowed: " + join(role_names(d, allowed))};
}

std::optional<Refusal> refuse_unless_active(const Definition& d, const CaseSnapshot& c) {
  if (c.status == CaseStatus::kClosed) {
    return Refusal{Refusal::Kind::kCaseClosed, "case " + c.id + " is closed (state " +
                                                   d.states[c.state].name +
                                                   "); nothing more can be done on it"};
  }
  if (c.status == CaseStatus::kSuspended) {
    return Refusal{Refusal::Kind::kCaseSuspended,
                   "case " + c.id + " is suspended; resume it first (case resume)"};
  }
  return std::nullopt;
}

Outcome finish(CaseEditor& editor, const CaseSnapshot& current, Instant now) {
  // The editor is done with: its copy of the case becomes the outcome's.
  Outcome outcome{std::move(editor.snapshot()), std::move(editor.records()), editor.counts()};
  outcome.decided_otherwise = std::move(editor.decided_otherwise());
  outcome.expiries_not_fired = std::move(editor.expiries_not_fired());
  if (!outcome.records.empty()) {
    outcome.next.row_version = current.row_version + 1;
    outcome.next.updated_at = now;
  }
  return outcome;
}

// An event fills in values; it changes a value the case holds only when it
// `requires:` that field (it is what the step is about: a hearing date set
// again when the hearing is noticed again, the claim reviewed on
// acceptance). Any other change of a recorded value is a correction, which
// takes a role allowed to correct and a reason: firing an event must not
// get around that.
std::optional<Refusal> refuse_value_the_event_does_not_take(
    const Definition& d, const CaseSnapshot& current, const TransitionDef& row,
    const Command& command, const std::vector<FieldChange>& changes) {
  for (const FieldChange& change : changes) {
    const Value& held = current.data[change.field];
    if (!is_set(held) || held == change.value) continue;
    const auto& taken = row.required_fields;
    if (std::find(taken.begin(), taken.end(), change.field) != taken.end()) continue;
    const FieldDef& field = d.fields[change.field];
    return Refusal{Refusal::Kind::kBadValue,
                   "event " + command.event + ": field " + runtime_detail::described(field) +
                       " already holds " + format_value(held) + ", and event " + command.event +
                       " does not change it; a value entered wrongly is corrected, with the "
                       "reason"};
  }
  return std::nullopt;
}

// A field a `set:` assigns is computed by the workflow (a hearing held,
// mediation attempted, an award final): giving it by hand would get around
// the step that sets it and the guards that read it. A command gives it
// only where the workflow asks for it, in `takes` (an event's `requires:`;
// the `required:` fields at opening, e.g. a counter's first value), or
// unchanged; otherwise the value is a correction, with a role allowed to
// correct and a reason. `held` is the case's data, or nullptr at opening.
std::optional<Refusal> refuse_computed_value(const Definition& d, const std::vector<Value>* held,
                                             const std::vector<FieldId>& takes,
                                             const Command& command,
                                             const std::vector<FieldChange>& changes) {
  for (const FieldChange& change : changes) {
    const std::vector<EventId>& setters = d.computed_by(change.field);
    if (setters.empty()) continue;
    if (std::find(takes.begin(), takes.end(), change.field) != takes.end()) continue;
    if (held != nullptr && (*held)[change.field] == change.value) continue;
    std::string by;
    for (EventId event : setters) by += (by.empty() ? "" : ", ") + d.events[event];
    const std::string what =
        command.kind == Command::Kind::kOpen ? "opening" : "event " + command.event;
    return Refusal{Refusal::Kind::kBadValue,
                   what + ": field " + runtime_detail::described(d.fields[change.field]) +
                       " is computed by the workflow (set by event " + by +
                       ") and is not given by hand; a value recorded wrongly is corrected, " +
                       "with the reason"};
  }
  return std::nullopt;
}

Decision decide_open(const Definition& d, const Command& command, Instant now) {
  auto role = resolve_role(d, command.role);
  if (auto* refusal = std::get_if<Refusal>(&role)) return *refusal;
  auto changes = parse_field_changes(d, command.sets);
  if (auto* refusal = std::get_if<Refusal>(&changes)) return *refusal;
  std::vector<FieldId> required;
  for (FieldId id = 0; id < static_cast<FieldId>(d.fields.size()); ++id) {
    if (d.fields[id].required) required.push_back(id);
  }
  if (auto refusal = refuse_computed_value(d, nullptr, required, command,
                                           std::get<std::vector<FieldChange>>(changes))) {
    return *refusal;
  }

  CaseSnapshot fresh;
  fresh.workflow = d.id;
  fresh.version = d.version;
  fresh.state = d.initial_state();
  fresh.status = CaseStatus::kActive;
  fresh.data.assign(d.fields.size(), Value{});
  fresh.opened_at = now;
  fresh.updated_at = now;

  CaseEditor editor(d, std::move(fresh), now, command.actor, command.role);
  auto values = editor.apply_changes(std::get<std::vector<FieldChange>>(changes));
  std::string missing = missing_fields(d, required, editor.snapshot().data);
  if (!missing.empty()) {
    return Refusal{Refusal::Kind::kMissingRequired, "a new " + d.id + " case needs: " + missing,
                   Refusal::Missing::kFieldValues};
  }
  editor.record("open", "", values, command.comment);
  editor.records().back().from_state.clear();  // the case did not exist before
  editor.start_initial_timers();
  Outcome outcome = finish(editor, CaseSnapshot{}, now);
  outcome.next.row_version = 1;
  return outcome;
}

Decision decide_extend(const Definition& d, const CaseSnapshot& current, const Command& command,
                       EventId event, TimerId timer_id, RoleId role, Instant now) {
  const TimerDef& timer = d.timers[timer_id];
  const TimerDef::Extension& extension = *timer.extend;
  if (!role_allowed(extension.roles, role)) {
    return refuse_role(d, command.role, "fire " + command.event, extension.roles);
  }
  const TimerState* state = current.timer(timer_id);
  if (!state || !(timer_is_live(state->status) || state->status == TimerStatus::kPaused)) {
    return Refusal{Refusal::Kind::kTimerNotRunning,
                   "timer " + timer.name + " is not running (" +
                       (state ? timer_status_name(state->status) : "not started") +
                       "); there is nothing to extend"};
  }
  if (state->extensions_used >= extension.times) {
    return Refusal{Refusal::Kind::kExtensionExhausted,
                   "timer " + timer.name + " was already extended " +
                       std::to_string(state->extensions_used) + " time(s); the limit is " +
                       std::to_string(extension.times)};
  }
  if (!command.sets.empty()) {
    return Refusal{Refusal::Kind::kBadValue,
                   "event " + command.event + " extends a deadline and takes no field values"};
  }
  CaseEditor editor(d, current, now, command.actor, command.role);
  editor.extend(timer_id, event, command.comment);
  return finish(editor, current, now);
}

Decision decide_fire(const Definition& d, const CaseSnapshot& current, const Command& command,
                     Instant now) {
  if (auto refusal = refuse_unless_active(d, current)) return *refusal;
  auto event = d.event_id(command.event);
  if (!event) {
    return Refusal{Refusal::Kind::kUnknownEvent,
                   "unknown event '" + command.event + "' in workflow " + d.id + "; events from " +
                       d.states[current.state].name + ": " + event_names(d, current)};
  }
  const bool system = command.actor == kSystemActor && command.role == kSystemActor;
  RoleId role = -1;
  if (!system) {
    auto resolved = resolve_role(d, command.role);
    if (auto* refusal = std::get_if<Refusal>(&resolved)) return *refusal;
    role = std::get<RoleId>(resolved);
  }
  if (auto timer = d.timer_extended_by(*event)) {
    return decide_extend(d, current, command, *event, *timer, role, now);
  }

  const std::vector<int>& rows = d.rows(current.state, *event);
  if (rows.empty()) {
    return Refusal{Refusal::Kind::kWrongState, "event " + command.event +
                                                   " cannot fire from state " +
                                                   d.states[current.state].name +
                                                   "; possible here: " + event_names(d, current)};
  }
  std::vector<int> permitted;
  std::vector<RoleId> allowed;
  for (int index : rows) {
    const auto& row_roles = d.transitions[index].roles;
    if (system || role_allowed(row_roles, role)) permitted.push_back(index);
    for (RoleId r : row_roles) {
      if (std::find(allowed.begin(), allowed.end(), r) == allowed.end()) allowed.push_back(r);
    }
  }
  if (permitted.empty()) return refuse_role(d, command.role, "fire " + command.event, allowed);

  auto parsed = parse_field_changes(d, command.sets);
  if (auto* refusal = std::get_if<Refusal>(&parsed)) return *refusal;
  const auto& changes = std::get<std::vector<FieldChange>>(parsed);
  // Before any guard reads them: a guard must not pass on a computed value
  // given by hand.
  std::vector<FieldId> taken;
  for (int index : permitted) {
    const auto& required = d.transitions[index].required_fields;
    taken.insert(taken.end(), required.begin(), required.end());
  }
  if (auto refusal = refuse_computed_value(d, &current.data, taken, command, changes)) {
    return *refusal;
  }

  std::vector<Value> data = current.data;
  for (const auto& change : changes) data[change.field] = change.value;
  const RowChoice choice = choose_row(d, permitted, data);
  if (!choice.guard_error.empty()) {
    return Refusal{Refusal::Kind::kEvaluationError,
                   "event " + command.event + ": " + choice.guard_error};
  }
  if (!choice.row) {
    if (!choice.missing_before_guard.empty()) {
      return Refusal{
          Refusal::Kind::kMissingRequired,
          "event " + command.event + " requires " + choice.missing_before_guard + " to be set",
          Refusal::Missing::kFieldValues};
    }
    return Refusal{Refusal::Kind::kGuardFailed,
                   "event " + command.event +
                       " refused: the condition is not met: " + join(choice.failed_guards)};
  }
  const TransitionDef& row = *choice.row;
  if (row.comment_required && is_blank(command.comment)) {
    return Refusal{Refusal::Kind::kCommentRequired,
                   "event " + command.event + " needs a comment giving the reason",
                   Refusal::Missing::kComment};
  }
  if (std::string missing = missing_fields(d, row.required_fields, data); !missing.empty()) {
    return Refusal{Refusal::Kind::kMissingRequired,
                   "event " + command.event + " requires " + missing + " to be set",
                   Refusal::Missing::kFieldValues};
  }
  if (auto refusal = refuse_value_the_event_does_not_take(d, current, row, command, changes)) {
    return *refusal;
  }
  CaseEditor editor(d, current, now, command.actor, command.role);
  auto recorded = editor.apply_changes(changes);
  if (std::string problem = apply_assignments(d, row, editor.snapshot().data, recorded);
      !problem.empty()) {
    return Refusal{Refusal::Kind::kEvaluationError, "event " + command.event + ": " + problem};
  }
  editor.move(row, *event, recorded, command.comment);
  return finish(editor, current, now);
}

Decision decide_tick(const Definition& d, const CaseSnapshot& current, Instant now);

Decision decide_lifecycle(const Definition& d, const CaseSnapshot& current, const Command& command,
                          Instant now) {
  const bool suspend = command.kind == Command::Kind::kSuspend;
  auto resolved = resolve_role(d, command.role);
  if (auto* refusal = std::get_if<Refusal>(&resolved)) return *refusal;
  const auto& allowed = suspend ? d.suspend_roles : d.resume_roles;
  if (!role_allowed(allowed, std::get<RoleId>(resolved))) {
    return refuse_role(d, command.role, suspend ? "suspend a case" : "resume a case", allowed);
  }
  CaseLifecycleStep step = case_lifecycle_step(
      current.status,
      {suspend ? CaseTrigger::kSuspend : CaseTrigger::kResume, !is_blank(command.comment)});
  if (!step.accepted) {
    Refusal::Kind kind = current.status == CaseStatus::kClosed ? Refusal::Kind::kCaseClosed
                         : suspend && current.status == CaseStatus::kSuspended
                             ? Refusal::Kind::kCaseSuspended
                         : suspend ? Refusal::Kind::kCommentRequired
                                   : Refusal::Kind::kNotSuspended;
    return Refusal{kind, "case " + current.id + ": " + step.refusal,
                   kind == Refusal::Kind::kCommentRequired ? Refusal::Missing::kComment
                                                           : Refusal::Missing::kNothing};
  }
  // A deadline that passed before the suspension, which no tick has
  // recorded yet, was missed: the thresholds passed are applied first, as a
  // tick at this instant would (the system's records), so that it goes
  // overdue instead of being paused with nothing left. Their records follow
  // the suspend record: a trail tells them from a tick's that way.
  Outcome passed;
  if (suspend && d.ticks_before_suspend) {
    passed = std::get<Outcome>(decide_tick(d, current, now));
    if (passed.next.status == CaseStatus::kClosed) {
      return Refusal{Refusal::Kind::kCaseClosed,
                     "case " + current.id +
                         ": a deadline that expired before now would close it; nothing was "
                         "changed: run timers tick"};
    }
  }
  const CaseSnapshot& before = passed.records.empty() ? current : passed.next;
  CaseEditor editor(d, before, now, command.actor, command.role);
  editor.snapshot().status = step.to;
  editor.record(suspend ? "suspend" : "resume", "", {}, command.comment);
  if (step.pause_timers) editor.pause_timers();
  if (step.resume_timers) editor.resume_timers();
  Outcome outcome = finish(editor, current, now);
  outcome.records.insert(outcome.records.begin() + 1,
                         std::make_move_iterator(passed.records.begin()),
                         std::make_move_iterator(passed.records.end()));
  outcome.expiries_not_fired = std::move(passed.expiries_not_fired);
  // An expiry event held while the case was suspended (its due date passed
  // then) fires now, as the system, as a tick would have: its records
  // follow the resume's.
  if (!suspend && d.holds_expiry_while_suspended) {
    CaseEditor system(d, outcome.next, now, kSystemActor, kSystemActor);
    system.fire_held_expiries();
    if (!system.records().empty()) {
      Outcome fired = finish(system, current, now);
      outcome.next = std::move(fired.next);
      outcome.records.insert(outcome.records.end(), std::make_move_iterator(fired.records.begin()),
                             std::make_move_iterator(fired.records.end()));
      outcome.expiries_not_fired.insert(outcome.expiries_not_fired.end(),
                                        fired.expiries_not_fired.begin(),
                                        fired.expiries_not_fired.end());
    }
  }
  return outcome;
}

// No status is refused: a closed case can be corrected too (an award's
// written or calculation error is corrected after it was made: 补正,
// 劳动人事争议仲裁办案规则), and the quarterly figures read the values a
// closed case holds.
Decision decide_correct(const Definition& d, const CaseSnapshot& current, const Command& command,
                        Instant now) {
  auto resolved = resolve_role(d, command.role);
  if (auto* refusal = std::get_if<Refusal>(&resolved)) return *refusal;
  if (!role_allowed(d.correct_roles, std::get<RoleId>(resolved))) {
    return refuse_role(d, command.role, "correct a case's data", d.correct_roles);
  }
  if (command.sets.empty()) {
    return Refusal{Refusal::Kind::kNothingToCorrect,
                   "name the fields to correct and their right values",
                   Refusal::Missing::kFieldValues};
  }
  if (is_blank(command.comment)) {
    return Refusal{Refusal::Kind::kCommentRequired,
                   "a correction needs a comment saying why the value was wrong",
                   Refusal::Missing::kComment};
  }
  auto parsed = parse_field_changes(d, command.sets);
  if (auto* refusal = std::get_if<Refusal>(&parsed)) return *refusal;
  const auto& changes = std::get<std::vector<FieldChange>>(parsed);
  for (const FieldChange& change : changes) {
    const FieldDef& field = d.fields[change.field];
    if (field.required && !is_set(change.value)) {
      return Refusal{Refusal::Kind::kMissingRequired,
                     "field " + field.name +
                         " is required: it can be corrected to another value but not cleared"};
    }
    if (change.value == current.data[change.field]) {
      return Refusal{Refusal::Kind::kNothingToCorrect,
                     "field " + field.name + " has that value already; nothing to correct"};
    }
  }
  CaseEditor editor(d, current, now, command.actor, command.role);
  auto values = editor.apply_changes(changes);
  editor.record("correct", "", values, command.comment);
  Outcome outcome = finish(editor, current, now);
  outcome.notes = correction_notes(d, current, outcome.next, command.taken);
  return outcome;
}

// A command dated before the case's last change (now < current.updated_at).
Refusal backdated(const Definition& d, const CaseSnapshot& current, Instant now) {
  const int offset = d.calendar ? d.calendar->utc_offset_minutes() : 0;
  return Refusal{Refusal::Kind::kBeforeLastChange,
                 "this command is dated " + format_local(now, offset) +
                     ", before the case's last change at " +
                     format_local(current.updated_at, offset) +
                     "; a case's record runs forward in time: check the date given and the "
                     "computer's clock"};
}

Decision decide_tick(const Definition& d, const CaseSnapshot& current, Instant now) {
  CaseEditor editor(d, current, now, kSystemActor, kSystemActor);
  editor.tick();
  return finish(editor, current, now);
}

Decision decide_recompute(const Definition& d, const CaseSnapshot& current, const Command& command,
                          Instant now) {
  // Counted along a course recorded after `now` (a clock set back), the
  // recount would be recorded before the records it read.
  if (now < current.updated_at) return backdated(d, current, now);
  std::vector<std::pair<TimerId, const TimerCourse*>> timers;
  for (const RecountedTimer& named : command.timers) {
    auto id = d.timer_id(named.name);
    if (!id) {
      std::vector<std::string> names;
      for (const TimerDef& timer : d.timers) names.push_back(timer.name);
      return Refusal{Refusal::Kind::kUnknownEvent,
                     "no timer '" + named.name + "' in workflow " + d.id +
                         "; timers: " + (names.empty() ? "none" : join(names))};
    }
    auto same = [&id](const auto& entry) { return entry.first == *id; };
    if (std::none_of(timers.begin(), timers.end(), same)) timers.emplace_back(*id, &named.course);
  }
  std::sort(timers.begin(), timers.end(), [&d](const auto& a, const auto& b) {
    return d.timers[a.first].name < d.timers[b.first].name;  // records in name order, as every loop
  });
  CaseEditor editor(d, current, now, kSystemActor, kSystemActor);
  for (const auto& [id, course] : timers) editor.recompute(id, *course);
  editor.fire_confirmed_expiries();
  return finish(editor, current, now);
}

// Staff commands must say who gives them, and a case's record runs forward
// in time: a command dated before the case's last change (a mistyped year
// in the date given, a computer's clock set back) would count its deadlines
// from the wrong day. Ticks come from the system and are left to their
// callers; a recount refuses it itself (decide_recompute).
std::optional<Refusal> refuse_unsigned_or_backdated(const Definition& d,
                                                    const CaseSnapshot& current,
                                                    const Command& command, Instant now) {
  if (command.kind == Command::Kind::kTick || command.kind == Command::Kind::kRecompute) {
    return std::nullopt;
  }
  if (is_blank(command.actor)) {
    return Refusal{Refusal::Kind::kBadValue,
                   "the command does not say who gives it: the staff member's name is empty",
                   Refusal::Missing::kActor};
  }
  if (!is_valid_utf8(command.actor)) {
    return Refusal{Refusal::Kind::kBadValue,
                   std::string("the staff member's name ") + kNotUtf8Advice};
  }
  if (!is_valid_utf8(command.comment)) {
    return Refusal{Refusal::Kind::kBadValue, std::string("the comment ") + kNotUtf8Advice};
  }
  if (has_control_characters(command.actor, false)) {
    return Refusal{Refusal::Kind::kBadValue,
                   "the staff member's name holds a control character; type it again without"};
  }
  if (has_control_characters(command.comment, true)) {
    return Refusal{Refusal::Kind::kBadValue,
                   "the comment holds a control character; type it again without"};
  }
  if (command.kind != Command::Kind::kOpen && now < current.updated_at) {
    return backdated(d, current, now);
  }
  return std::nullopt;
}

// Dates are stored and shown as YYYY-MM-DD: a deadline counted past year
// 9999 (a command dated 9999-12-31 by a typo) would leave a case no one can
// read. Refused as a whole.
std::optional<Refusal> refuse_deadline_past_9999(const Definition& d, const Decision& decision) {
  const auto* outcome = std::get_if<Outcome>(&decision);
  if (!outcome) return std::nullopt;
  const int offset = d.calendar ? d.calendar->utc_offset_minutes() : 0;
  for (const TimerState& timer : outcome->next.timers) {
    const int year =
        timer.due_date ? timer.due_date->year() : local_date(timer.due_at, offset).year();
    if (year > 9999) {
      return Refusal{Refusal::Kind::kBadValue,
                     "timer " + d.timers[timer.timer].name +
                         " would fall due after 9999-12-31; check the date of the command"};
    }
  }
  return std::nullopt;
}

Decision decide_command(const Definition& definition, const CaseSnapshot& current,
                        const Command& command, Instant now) {
  switch (command.kind) {
    case Command::Kind::kOpen:
      return decide_open(definition, command, now);
    case Command::Kind::kFire:
      return decide_fire(definition, current, command, now);
    case Command::Kind::kSuspend:
    case Command::Kind::kResume:
      return decide_lifecycle(definition, current, command, now);
    case Command::Kind::kTick:
      return decide_tick(definition, current, now);
    case Command::Kind::kRecompute:
      return decide_recompute(definition, current, command, now);
    case Command::Kind::kCorrect:
      return decide_correct(definition, current, command, now);
  }
  return Refusal{Refusal::Kind::kUnknownEvent, "unknown command"};
}

}  // namespace

const char* command_kind_name(Command::Kind kind) {
  switch (kind) {
    case Command::Kind::kOpen:
      return "open";
    case Command::Kind::kFire:
      return "fire";
    case Command::Kind::kSuspend:
      return "suspend";
    case Command::Kind::kResume:
      return "resume";
    case Command::Kind::kTick:
      return "tick";
    case Command::Kind::kRecompute:
      return "recompute";
    case Command::Kind::kCorrect:
      return "correct";
  }
  return "command";
}

std::string describe(const SuspensionDecidedOtherwise& decided) {
  const char* why = decided.pauses         ? " pauses it (it was still counting then)"
                    : decided.runs_through ? " does not pause it (it runs through suspensions: "
                                             "on_suspend: run)"
                                           : " does not pause it (it was overdue then)";
  return "the suspension of " + decided.suspended_on.to_string() + why;
}

Decision decide(const Definition& definition, const CaseSnapshot& current, const Command& command,
                Instant now) {
  if (auto refusal = refuse_unsigned_or_backdated(definition, current, command, now)) {
    return *refusal;
  }
  Decision decision = decide_command(definition, current, command, now);
  if (auto refusal = refuse_deadline_past_9999(definition, decision)) return *refusal;
  auto* outcome = std::get_if<Outcome>(&decision);
  if (outcome && !outcome->expiries_not_fired.empty()) {
    // Moved on since by a later expiry of this command: nothing to say.
    StandingUnfiredExpiries standing;
    for (const AuditRecord& record : outcome->records) standing.add(record);
    std::erase_if(outcome->expiries_not_fired, [&](const ExpiryNotFired& unfired) {
      return !standing.stands(definition.timers[unfired.timer].name);
    });
  }
  return decision;
}

}  // namespace wageflow
