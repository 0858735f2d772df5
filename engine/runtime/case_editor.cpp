#include "engine/runtime/case_editor.h"

#include <algorithm>

#include "engine/lifecycle/case_lifecycle.h"
#include "engine/lifecycle/timer_lifecycle.h"
#include "engine/runtime/canonical_json.h"
#include "engine/runtime/row_choice.h"
#include "engine/runtime/timer_course.h"

namespace wageflow::runtime_detail {
namespace {

bool contains(const std::vector<int>& ids, int id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::int64_t hours_in_seconds(std::int64_t hours) {
  return hours * 3600;
}

// A tick never loops forever, whatever a definition does (an expiry firing
// an event that starts a zero-length timer that expires at once...).
constexpr int kMaxTickSteps = 1000;

}  // namespace

std::map<std::string, std::string> timer_data(const TimerState& timer) {
  std::map<std::string, std::string> data;
  if (timer.counted_to) data["counted_to"] = timer.counted_to->to_string();
  if (timer.due_date) data["due"] = timer.due_date->to_string();
  data["due_at"] = format_utc(timer.due_at);
  if (timer.warn_at) data["warn_at"] = format_utc(*timer.warn_at);
  if (timer.provisional) data["provisional"] = "true";
  data["explanation"] = timer.explanation;
  return data;
}

std::string timer_data_json(const TimerState& timer, const std::string* because) {
  std::string out;
  out.reserve(timer.explanation.size() + (because ? because->size() : 0) + 128);
  bool valid = true;
  out += '{';
  auto member = [&](std::string_view key, std::string_view value) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += key;  // plain ASCII: nothing to escape
    out += "\":";
    valid = append_json_string(out, value) && valid;
  };
  // In bytewise key order, as the map would hold them.
  if (because) member("because", *because);
  if (timer.counted_to) member("counted_to", timer.counted_to->to_string());
  if (timer.due_date) member("due", timer.due_date->to_string());
  member("due_at", format_utc(timer.due_at));
  member("explanation", timer.explanation);
  if (timer.provisional) member("provisional", "true");
  if (timer.warn_at) member("warn_at", format_utc(*timer.warn_at));
  out += '}';
  if (valid) return out;
  // Invalid UTF-8 is replaced, not kept: by the library whose rules those are.
  std::map<std::string, std::string> data = timer_data(timer);
  if (because) data["because"] = *because;
  return canonical_string_object(data);
}

CaseEditor::CaseEditor(const Definition& definition, CaseSnapshot snapshot, Instant now,
                       std::string actor, std::string role)
    : definition_(definition),
      calendar_(*definition.calendar),
      snapshot_(std::move(snapshot)),
      now_(now),
      actor_(std::move(actor)),
      role_(std::move(role)) {
  records_.reserve(8);  // a command writes a few records; growing moves them all
}

void CaseEditor::record(const std::string& kind, const std::string& event,
                        const std::map<std::string, std::string>& data,
                        const std::string& comment) {
  const std::string& state = definition_.states[snapshot_.state].name;
  records_.push_back(AuditRecord{now_, actor_, role_, kind, event, state, state,
                                 canonical_string_object(data), comment});
}

void CaseEditor::record_json(const std::string& kind, const std::string& event,
                             std::string data_json, const std::string& comment) {
  const std::string& state = definition_.states[snapshot_.state].name;
  records_.push_back(
      AuditRecord{now_, actor_, role_, kind, event, state, state, std::move(data_json), comment});
}

std::map<std::string, std::string> CaseEditor::apply_changes(
    const std::vector<FieldChange>& changes) {
  std::map<std::string, std::string> out;
  for (const auto& change : changes) {
    snapshot_.data[change.field] = change.value;
    out[definition_.fields[change.field].name] = format_value(change.value);
  }
  return out;
}

void CaseEditor::move(const TransitionDef& row, EventId event,
                      const std::map<std::string, std::string>& changes,
                      const std::string& comment) {
  const StateId from = snapshot_.state;
  const StateId to = row.to;
  const bool state_changes = from != to;
  const std::string& event_name = definition_.events[event];

  record("fire", event_name, changes, comment);
  records_.back().to_state = definition_.states[to].name;
  snapshot_.state = to;

  if (definition_.states[to].final) {
    CaseLifecycleStep step = case_lifecycle_step(snapshot_.status, {CaseTrigger::kClose, false});
    if (step.accepted) {
      snapshot_.status = step.to;
      if (step.stop_timers) {
        for (TimerState* timer : timers_by_name()) {
          if (timer_is_live(timer->status) || timer->status == TimerStatus::kPaused) {
            stop_timer(*timer, "case closed in state " + definition_.states[to].name);
          }
        }
      }
    }
    return;
  }

  // Stop first, then start: a timer that the same event stops and starts
  // begins again.
  for (TimerState* stopping : timers_by_name()) {
    TimerState& timer = *stopping;
    if (!timer_is_live(timer.status) && timer.status != TimerStatus::kPaused) continue;
    const TimerCondition& stop = definition_.timers[timer.timer].stop;
    bool holds =
        (stop.kind == TimerCondition::Kind::kLeave && state_changes && contains(stop.ids, from)) ||
        (stop.kind == TimerCondition::Kind::kEnter && state_changes && contains(stop.ids, to)) ||
        (stop.kind == TimerCondition::Kind::kEvent && contains(stop.ids, event));
    if (holds) stop_timer(timer, "event " + event_name);
  }
  for (TimerId id = 0; id < static_cast<TimerId>(definition_.timers.size()); ++id) {
    const TimerCondition& start = definition_.timers[id].start;
    bool holds =
        (start.kind == TimerCondition::Kind::kEnter && state_changes && contains(start.ids, to)) ||
        (start.kind == TimerCondition::Kind::kEvent && contains(start.ids, event));
    if (holds) start_timer(id, "event " + event_name);
  }
}

void CaseEditor::start_initial_timers() {
  const StateId initial = snapshot_.state;
  for (TimerId id = 0; id < static_cast<TimerId>(definition_.timers.size()); ++id) {
    const TimerCondition& start = definition_.timers[id].start;
    if (start.kind == TimerCondition::Kind::kEnter && contains(start.ids, initial)) {
      start_timer(id, "case opened");
    }
  }
}

void CaseEditor::start_timer(TimerId id, const std::string& because) {
  TimerState* existing = snapshot_.timer(id);
  if (existing && (timer_is_live(existing->status) || existing->status == TimerStatus::kPaused)) {
    return;  // already counting: a second start condition does not restart it
  }
  TimerState fresh;
  fresh.timer = id;
  fresh.status = TimerStatus::kRunning;
  fresh.started_at = now_;
  schedule(fresh, local_date(now_, calendar_.utc_offset_minutes()), now_,
           definition_.timers[id].duration);
  TimerState& started =
      existing ? (*existing = std::move(fresh)) : snapshot_.timers.emplace_back(std::move(fresh));
  record_json("timer_start", definition_.timers[id].name, timer_data_json(started, &because));
}

void CaseEditor::stop_timer(TimerState& timer, const std::string& because) {
  TimerStep step = timer_lifecycle_step(timer.status, {TimerTrigger::kStop, false, false});
  if (!step.accepted) return;
  timer.status = step.to;
  timer.paused_at.reset();
  record("timer_stop", definition_.timers[timer.timer].name, {{"because", because}});
}

void CaseEditor::schedule(TimerState& timer, Date from, Instant from_instant, Duration length) {
  const int offset = calendar_.utc_offset_minutes();
  if (length.unit == Duration::Unit::kHours) {
    timer.due_date.reset();
    timer.counted_to.reset();
    timer.due_at = Instant{from_instant.seconds + hours_in_seconds(length.amount)};
    timer.provisional = false;
    timer.explanation = length.to_string() + " after " + format_local(from_instant, offset) +
                        ": due " + format_local(timer.due_at, offset);
  } else {
    DueDate due = calendar_.due_date_without_notes(from, length);
    timer.due_date = due.due;
    timer.counted_to = counted_to(from, length, due.due);
    timer.due_at = end_of_day(due.due, offset);
    timer.provisional = due.provisional;
    timer.explanation = std::move(due.explanation);
  }
  set_warning(timer);
}

std::optional<Date> CaseEditor::counted_to(Date from, Duration length, Date due) const {
  if (!definition_.keeps_counted_to || length.unit != Duration::Unit::kDays) return std::nullopt;
  const Date reached = from.plus_days(static_cast<std::int32_t>(length.amount));
  if (reached == due) return std::nullopt;
  return reached;
}

void CaseEditor::set_warning(TimerState& timer) {
  const auto& warn = definition_.timers[timer.timer].warn;
  if (!warn) {
    timer.warn_at.reset();
    return;
  }
  const int offset = calendar_.utc_offset_minutes();
  if (warn->unit == Duration::Unit::kHours) {
    timer.warn_at = Instant{timer.due_at.seconds - hours_in_seconds(warn->amount)};
    return;
  }
  // Warnings fall due at 00:00 of the day `warn` before the due date,
  // counted back in warn's own unit. For an hours deadline, the "due date"
  // is the local day of its due instant.
  Date due_day = timer.due_date ? *timer.due_date : local_date(timer.due_at, offset);
  timer.warn_at = start_of_day(calendar_.date_before(due_day, *warn), offset);
}

std::vector<TimerState*> CaseEditor::timers_by_name() {
  std::vector<TimerState*> timers;
  for (auto& timer : snapshot_.timers) timers.push_back(&timer);
  std::sort(timers.begin(), timers.end(), [this](const TimerState* a, const TimerState* b) {
    return definition_.timers[a->timer].name < definition_.timers[b->timer].name;
  });
  return timers;
}

void CaseEditor::pause(TimerState& timer, Instant since, const std::string* because) {
  if (definition_.timers[timer.timer].runs_while_suspended) return;  // `on_suspend: run`
  TimerStep step = timer_lifecycle_step(timer.status, {TimerTrigger::kPause, false, false});
  if (!step.accepted) return;
  timer.status = step.to;
  timer.paused_at = since;
  record_json("timer_pause", definition_.timers[timer.timer].name, timer_data_json(timer, because));
}

void CaseEditor::pause_timers() {
  for (TimerState* pausing : timers_by_name()) pause(*pausing, now_, nullptr);
}

void CaseEditor::run_through_suspension(TimerId id, const std::string& because) {
  TimerState* timer = snapshot_.timer(id);
  if (!timer || !definition_.timers[id].runs_while_suspended) return;
  TimerStep step = timer_lifecycle_step(timer->status, {TimerTrigger::kResume, false, false});
  if (!step.accepted) return;
  timer->status = step.to;
  timer->paused_at.reset();
  timer->escalated = false;
  record_json("timer_resume", definition_.timers[id].name, timer_data_json(*timer, &because));
}

void CaseEditor::pause_since(TimerId id, Instant since, const std::string& because) {
  if (TimerState* timer = snapshot_.timer(id)) pause(*timer, since, &because);
}

void CaseEditor::resume_due(TimerState& timer, Instant paused_at, Instant resumed_at) {
  const int offset = calendar_.utc_offset_minutes();
  const Duration& length = definition_.timers[timer.timer].duration;
  if (timer.due_date && length.unit != Duration::Unit::kHours) {
    // What was left on the day the suspension began, counted again from
    // the day it ended.
    schedule(timer, local_date(resumed_at, offset), resumed_at,
             left_at_pause(definition_, timer, paused_at));
  } else {
    std::int64_t remaining = std::max<std::int64_t>(0, timer.due_at.seconds - paused_at.seconds);
    timer.due_at = Instant{resumed_at.seconds + remaining};
    timer.explanation = "resumed with " + std::to_string(remaining / 3600) + " hours left: due " +
                        format_local(timer.due_at, offset);
    set_warning(timer);
  }
}

void CaseEditor::resume_timers() {
  for (TimerState* resuming : timers_by_name()) {
    TimerState& timer = *resuming;
    if (timer.status != TimerStatus::kPaused || !timer.paused_at) continue;
    TimerStep step = timer_lifecycle_step(timer.status, {TimerTrigger::kResume, false, false});
    if (!step.accepted) continue;
    resume_due(timer, *timer.paused_at, now_);
    timer.status = step.to;
    timer.paused_at.reset();
    timer.escalated = false;
    record_json("timer_resume", definition_.timers[timer.timer].name,
                timer_data_json(timer, nullptr));
  }
}

void CaseEditor::extend_due(TimerState& timer, const Duration& by) {
  if (timer.due_date && by.unit != Duration::Unit::kHours) {
    const Date from = *timer.due_date;
    DueDate due = calendar_.due_date_without_notes(from, by);
    timer.due_date = due.due;
    timer.counted_to = counted_to(from, by, due.due);
    timer.due_at = end_of_day(due.due, calendar_.utc_offset_minutes());
    timer.provisional = timer.provisional || due.provisional;
    timer.explanation += "; extended by " + by.to_string() + ": " + due.explanation;
  } else {
    timer.due_at = Instant{timer.due_at.seconds + hours_in_seconds(by.amount)};
    if (timer.due_date) timer.due_date = local_date(timer.due_at, calendar_.utc_offset_minutes());
    timer.counted_to.reset();
    timer.explanation += "; extended by " + by.to_string();
  }
}

void CaseEditor::move_after_new_due(TimerState& timer) {
  TimerStep step =
      timer_lifecycle_step(timer.status, {TimerTrigger::kExtend, false, timer.due_at > now_});
  if (!step.accepted) return;
  if (step.to == TimerStatus::kRunning && timer.status != TimerStatus::kRunning) {
    timer.escalated = false;
  }
  timer.status = step.to;
}

void CaseEditor::extend(TimerId id, EventId event, const std::string& comment) {
  TimerState& timer = *snapshot_.timer(id);
  const TimerDef::Extension& extension = *definition_.timers[id].extend;
  const std::string old_due =
      timer.due_date ? timer.due_date->to_string() : format_utc(timer.due_at);
  extend_due(timer, extension.by);
  set_warning(timer);
  move_after_new_due(timer);
  timer.extensions_used += 1;
  auto data = timer_data(timer);
  data["timer"] = definition_.timers[id].name;
  data["previous_due"] = old_due;
  data["extensions_used"] = std::to_string(timer.extensions_used);
  record("extend", definition_.events[event], data, comment);
}

void CaseEditor::recompute(TimerId id, const TimerCourse& course) {
  TimerState* found = snapshot_.timer(id);
  if (!found || !found->due_date) return;
  TimerState& timer = *found;
  if (!timer_is_live(timer.status) && timer.status != TimerStatus::kPaused) return;
  if (timer_course_mismatch(timer, course)) return;
  const TimerDef& def = definition_.timers[id];
  TimerState counted = timer;
  schedule(counted, local_date(timer.started_at, calendar_.utc_offset_minutes()), timer.started_at,
           def.duration);
  // Each suspension pauses the timer when, on this calendar, it was still
  // counting then, and not when it was overdue, as `case suspend` decides;
  // the trail's own pauses were decided on the calendar as it was.
  const bool as_now = definition_.recounts_through_suspensions;
  const int offset = calendar_.utc_offset_minutes();
  std::optional<Instant> paused_at;  // where the count leaves it paused
  std::vector<SuspensionDecidedOtherwise> decided_otherwise;
  for (const TimerCourseStep& step : course) {
    switch (step.kind) {
      case TimerCourseStep::Kind::kExtend:
        if (def.extend) extend_due(counted, def.extend->by);
        break;
      case TimerCourseStep::Kind::kPause:
      case TimerCourseStep::Kind::kCaseSuspended: {
        const bool paused_then = step.kind == TimerCourseStep::Kind::kPause;
        const bool pauses =
            !def.runs_while_suspended && (as_now ? counted.due_at > step.at : paused_then);
        if (pauses) paused_at = step.at;
        if (pauses != paused_then) {
          decided_otherwise.push_back(
              {id, local_date(step.at, offset), pauses,
               def.runs_while_suspended && definition_.knows_on_suspend_run});
        }
        break;
      }
      case TimerCourseStep::Kind::kRecounted:
        break;  // counted the same course: this count does it again
      case TimerCourseStep::Kind::kResume:
      case TimerCourseStep::Kind::kCaseResumed:
        if (paused_at) resume_due(counted, *paused_at, step.at);
        paused_at.reset();
        break;
    }
  }
  set_warning(counted);
  const bool paused_now = timer.status == TimerStatus::kPaused;
  const bool pause = paused_at && !paused_now;
  const bool unpause = !paused_at && paused_now;
  if (counted.due_date == timer.due_date && counted.counted_to == timer.counted_to &&
      counted.provisional == timer.provisional && !pause && !unpause) {
    return;
  }
  const bool same_due =
      counted.due_date == timer.due_date && counted.provisional == timer.provisional;
  // The same due date: counted_to differs (a due date counted before
  // wageflow kept it), or only the pause does.
  std::string because =
      !same_due ? "counted again on calendar " + calendar_.name() + " as it is now: was due " +
                      timer.due_date->to_string() + (timer.provisional ? " (provisional)" : "")
      : counted.counted_to != timer.counted_to || !definition_.knows_on_suspend_run
          ? "counted again on calendar " + calendar_.name() +
                " to keep the day its count reached before rolling (counted_to): due date "
                "unchanged"
          : "counted again on calendar " + calendar_.name() + " as it is now: due date unchanged";
  for (const SuspensionDecidedOtherwise& decided : decided_otherwise) {
    because += "; " + describe(decided);
    decided_otherwise_.push_back(decided);
  }
  const bool date_moved = counted.due_date != timer.due_date;
  timer.due_date = counted.due_date;
  timer.counted_to = counted.counted_to;
  timer.due_at = counted.due_at;
  timer.warn_at = counted.warn_at;
  timer.provisional = counted.provisional;
  timer.explanation = std::move(counted.explanation);
  if (pause) {
    // Counting, not overdue, when the suspension began: paused from then
    // (the lifecycle has no pause of an overdue timer, rightly, for
    // commands; the count says it was not overdue).
    timer.status = TimerStatus::kPaused;
    timer.paused_at = paused_at;
    timer.escalated = false;
    record_json("timer_recompute", def.name, timer_data_json(timer, &because));
    return;
  }
  if (unpause) {
    // Overdue when the suspension began: it was never paused. It counts on
    // from its due date, now past; a tick records it overdue.
    timer.status = TimerStatus::kRunning;
    timer.paused_at.reset();
  }
  if (as_now && date_moved &&
      (timer.status == TimerStatus::kWarned || timer.status == TimerStatus::kOverdue)) {
    // Its warning and its miss (with the escalation) were recorded against
    // the date it had: it counts toward the new one, and a tick records them
    // again against that, even when it has passed too.
    timer.status = TimerStatus::kRunning;
    timer.escalated = false;
  }
  move_after_new_due(timer);
  if (timer.status == TimerStatus::kOverdue && !timer.provisional) {
    // Held on its provisional date, confirmed, and still held: the case is
    // suspended (fire_confirmed_expiries() leaves it overdue).
    const std::string hold = expiry_hold(timer);
    if (!hold.empty()) because += "; " + hold;
  }
  record_json("timer_recompute", def.name, timer_data_json(timer, &because));
  if (!timer.provisional) confirmed_.push_back(id);
}

void CaseEditor::fire_confirmed_expiries() {
  // An expiry held on the provisional date (tick()) fires now that the date
  // is confirmed and has passed; a date moved into the future runs again and
  // a later tick fires it. In a suspended case it is held on (overdue) for
  // the resume. After every recount of the command, so that its
  // timer_recompute records come together (replay reads them as one).
  std::sort(confirmed_.begin(), confirmed_.end(), [this](TimerId a, TimerId b) {
    return definition_.timers[a].name < definition_.timers[b].name;
  });
  for (TimerId id : confirmed_) {
    TimerState* timer = snapshot_.timer(id);
    const TimerDef& def = definition_.timers[id];
    if (!timer || def.expire.kind != TimerDef::Expire::Kind::kFire || timer->due_at > now_) {
      continue;
    }
    if (timer->status == TimerStatus::kOverdue && !expiry_hold(*timer).empty()) continue;
    reach_due(*timer, def);
  }
  confirmed_.clear();
}

void CaseEditor::fire_held_expiries() {
  // Those held_expiry() held while the case was suspended: overdue (so due
  // before now: a resume dated before the case's last change is refused).
  std::vector<TimerId> held;
  for (TimerState* timer : timers_by_name()) {
    if (timer->status != TimerStatus::kOverdue) continue;
    auto hold = held_expiry(definition_, CaseStatus::kSuspended, *timer);
    if (hold && hold->until == HeldExpiry::Until::kResumed) held.push_back(timer->timer);
  }
  // One at a time: an event fired may stop (or start) the others.
  for (TimerId id : held) {
    TimerState* timer = snapshot_.timer(id);
    if (!timer || timer->status != TimerStatus::kOverdue) continue;
    reach_due(*timer, definition_.timers[id]);
  }
}

std::string CaseEditor::expiry_hold(const TimerState& timer) const {
  auto held = held_expiry(definition_, snapshot_.status, timer);
  if (!held) return "";
  const std::string& event = definition_.events[held->event];
  if (held->until == HeldExpiry::Until::kYearListed) {
    return "the due date is provisional (its year is not in calendar " + calendar_.name() +
           "): " + event +
           " is not fired until the year is listed and the due date counted again (wageflow "
           "timers recompute)";
  }
  return "the case is suspended: " + event + " is not fired until it is resumed";
}

void CaseEditor::tick() {
  for (int step_count = 0; step_count < kMaxTickSteps; ++step_count) {
    TimerState* next = nullptr;
    for (auto& timer : snapshot_.timers) {
      auto at = timer.next_action_at();
      if (!at || *at > now_) continue;
      if (!next || *at < *next->next_action_at() ||
          (*at == *next->next_action_at() && timer.timer < next->timer)) {
        next = &timer;
      }
    }
    if (!next) return;
    TimerState& timer = *next;
    const TimerDef& def = definition_.timers[timer.timer];
    const bool warning_first =
        timer.status == TimerStatus::kRunning && timer.warn_at && *timer.warn_at < timer.due_at;
    if (warning_first) {
      TimerStep step =
          timer_lifecycle_step(timer.status, {TimerTrigger::kWarnReached, false, false});
      timer.status = step.to;
      ++counts_.warned;
      record_json("timer_warn", def.name, timer_data_json(timer, nullptr));
      continue;
    }
    reach_due(timer, def);
  }
}

void CaseEditor::reach_due(TimerState& timer, const TimerDef& def) {
  // An expiry that fires an event on a provisional due date is held: the
  // date was counted on weekends only, and the event (a party's answer
  // period lapsed) must not cut a statutory period short. The timer goes
  // overdue instead; recompute() fires it once the year is listed. In a
  // suspended case it goes overdue too, and fires on the resume
  // (fire_held_expiries()).
  const bool fires = def.expire.kind == TimerDef::Expire::Kind::kFire;
  const std::string hold = fires ? expiry_hold(timer) : std::string();
  TimerStep step =
      timer_lifecycle_step(timer.status, {TimerTrigger::kDueReached, fires && hold.empty(), false});
  if (step.fire_expiry) {
    expire_and_fire(timer, def, step.to);
    return;
  }
  timer.status = step.to;
  ++counts_.overdue;
  record_json("timer_overdue", def.name, timer_data_json(timer, hold.empty() ? nullptr : &hold));
  if (def.expire.kind == TimerDef::Expire::Kind::kEscalate && !timer.escalated) {
    timer.escalated = true;
    ++counts_.escalated;
    record("escalate", def.name,
           {{"to_role", definition_.roles[def.expire.escalate_to]},
            {"due", timer.due_date ? timer.due_date->to_string() : format_utc(timer.due_at)}});
  }
}

void CaseEditor::expire_and_fire(TimerState& timer, const TimerDef& def, TimerStatus expired) {
  timer.status = expired;
  ++counts_.expired;
  record_json("timer_expire", def.name, timer_data_json(timer, nullptr));
  fire_expiry_event(def);  // may stop/start timers: `timer` is not used after this
}

void CaseEditor::fire_expiry_event(const TimerDef& timer) {
  const EventId event = timer.expire.fire;
  const std::string& event_name = definition_.events[event];
  if (snapshot_.status != CaseStatus::kActive) {
    record_not_fired(timer, "case is not active; " + event_name + " not fired");
    return;
  }
  if (!definition_.expiry_chooses_row_as_fire) {
    fire_expiry_event_as_before(timer);
    return;
  }
  // As `case fire` chooses (row_choice.h); the system actor is not bound by
  // roles, and the chosen row's `requires:` and `set:` must then hold too.
  const std::string& state = definition_.states[snapshot_.state].name;
  const RowChoice choice =
      choose_row(definition_, definition_.rows(snapshot_.state, event), snapshot_.data);
  std::string why_not;
  if (choice.row) {
    const TransitionDef& row = *choice.row;
    std::vector<Value> data = snapshot_.data;
    std::map<std::string, std::string> changes;
    const std::string missing = missing_fields(definition_, row.required_fields, data);
    // Unquoted: the text is stored, and a value may be personal data.
    const std::string problem =
        missing.empty() ? apply_assignments(definition_, row, data, changes, /*quote_value=*/false)
                        : std::string();
    if (missing.empty() && problem.empty()) {
      snapshot_.data = std::move(data);
      move(row, event, changes, "expiry of " + timer.name);
      return;
    }
    why_not = missing.empty() ? problem : "it requires " + missing + " to be set";
  } else if (!choice.guard_error.empty()) {
    why_not = choice.guard_error;
  } else if (!choice.missing_before_guard.empty()) {
    why_not = "it requires " + choice.missing_before_guard + " to be set";
  } else if (!choice.failed_guards.empty()) {
    why_not = "the condition is not met: " + join(choice.failed_guards);
  }
  // Nobody is named: the timer's expiry names an event, not a role. The
  // case stays where it is for staff to move (its page and trail show this).
  const std::string refused =
      "event " + event_name + " was not fired" +
      (why_not.empty() ? ": the workflow has no row for it from state " + state
                       : " from state " + state + ": " + why_not) +
      "; the case stays in state " + state + " for staff to move on";
  record_not_fired(timer, refused);
}

void CaseEditor::fire_expiry_event_as_before(const TimerDef& timer) {
  const EventId event = timer.expire.fire;
  const expr::Context context{&snapshot_.data, &definition_.constant_values()};
  for (int index : definition_.rows(snapshot_.state, event)) {
    const TransitionDef& row = definition_.transitions[index];
    std::string error;
    if (row.guard && !row.guard->holds(context, &error)) continue;
    if (!missing_fields(definition_, row.required_fields, snapshot_.data).empty()) continue;
    std::vector<Value> data = snapshot_.data;
    std::map<std::string, std::string> changes;
    if (!apply_assignments(definition_, row, data, changes).empty()) continue;
    snapshot_.data = std::move(data);
    move(row, event, changes, "expiry of " + timer.name);
    return;
  }
  record_not_fired(timer, "event " + definition_.events[event] + " cannot fire from state " +
                              definition_.states[snapshot_.state].name);
}

void CaseEditor::record_not_fired(const TimerDef& timer, std::string refused) {
  record("escalate", timer.name, {{"refused", refused}});
  expiries_not_fired_.push_back({*definition_.timer_id(timer.name), std::move(refused)});
}

}  // namespace wageflow::runtime_detail
