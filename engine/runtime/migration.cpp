#include "engine/runtime/migration.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/core/pii.h"
#include "engine/lifecycle/timer_lifecycle.h"
#include "engine/runtime/case_editor.h"
#include "engine/runtime/field_input.h"

namespace wageflow {
namespace {

using runtime_detail::CaseEditor;

std::string canonical(const std::map<std::string, std::string>& data) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [key, value] : data) object[key] = value;
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string due_text(const TimerState& timer) {
  return timer.due_date ? timer.due_date->to_string() : format_utc(timer.due_at);
}

bool counting(const TimerState& timer) {
  return timer_is_live(timer.status) || timer.status == TimerStatus::kPaused;
}

std::string mapped_state(const MigrationOptions& options, const std::string& name) {
  auto it = options.state_map.find(name);
  return it == options.state_map.end() ? name : it->second;
}

// The names a condition refers to, state names passed through the state
// map (so a renamed state still counts as the same condition).
std::set<std::string> condition_names(const Definition& d, const TimerCondition& condition,
                                      const MigrationOptions* options) {
  std::set<std::string> names;
  for (int id : condition.ids) {
    if (condition.kind == TimerCondition::Kind::kEvent) {
      names.insert(d.events[id]);
    } else {
      names.insert(options ? mapped_state(*options, d.states[id].name) : d.states[id].name);
    }
  }
  return names;
}

std::vector<std::string> role_names(const Definition& d, const std::vector<RoleId>& roles) {
  std::vector<std::string> names;
  for (RoleId role : roles) names.push_back(d.roles[role]);
  std::sort(names.begin(), names.end());
  return names;
}

// True when timer `a` of `from` and timer `b` of `to` count the same way:
// duration, warning, calendar, start and stop conditions (states through
// the state map), expiry, extension and binding. Labels do not matter.
bool same_timer(const Definition& from, const TimerDef& a, const Definition& to, const TimerDef& b,
                const MigrationOptions& options) {
  if (!(a.duration == b.duration) || a.warn != b.warn || a.binding != b.binding) return false;
  if (from.calendar->name() != to.calendar->name()) return false;
  if (a.start.kind != b.start.kind || a.stop.kind != b.stop.kind) return false;
  if (condition_names(from, a.start, &options) != condition_names(to, b.start, nullptr)) {
    return false;
  }
  if (condition_names(from, a.stop, &options) != condition_names(to, b.stop, nullptr)) return false;
  if (a.expire.kind != b.expire.kind) return false;
  if (a.expire.kind == TimerDef::Expire::Kind::kEscalate &&
      from.roles[a.expire.escalate_to] != to.roles[b.expire.escalate_to]) {
    return false;
  }
  if (a.expire.kind == TimerDef::Expire::Kind::kFire &&
      from.events[a.expire.fire] != to.events[b.expire.fire]) {
    return false;
  }
  if (a.extend.has_value() != b.extend.has_value()) return false;
  if (a.extend) {
    if (from.events[a.extend->event] != to.events[b.extend->event] ||
        !(a.extend->by == b.extend->by) || a.extend->times != b.extend->times ||
        role_names(from, a.extend->roles) != role_names(to, b.extend->roles)) {
      return false;
    }
  }
  return true;
}

// Whether a timer new in `to` belongs on a case standing in `state`: its
// start condition enters that state, or is an event whose transition leads
// there; and entering the state does not stop it.
bool applies_in(const Definition& to, const TimerDef& timer, StateId state) {
  auto has = [](const std::vector<int>& ids, int id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  if (timer.stop.kind == TimerCondition::Kind::kEnter && has(timer.stop.ids, state)) return false;
  if (timer.start.kind == TimerCondition::Kind::kEnter) return has(timer.start.ids, state);
  if (timer.start.kind == TimerCondition::Kind::kEvent) {
    for (const TransitionDef& row : to.transitions) {
      if (row.to == state && has(timer.start.ids, row.event)) return true;
    }
  }
  return false;
}

std::string version_tag(const Definition& d) {
  return "v" + std::to_string(d.version);
}

std::string joined_map(const std::map<std::string, std::string>& map) {
  std::string out;
  for (const auto& [from, to] : map) out += (out.empty() ? "" : ", ") + from + "=" + to;
  return out;
}

// A suspended case's kept timers whose `on_suspend:` differs in `to`: one
// `to` runs through suspensions is taken off its pause, counting on to the
// due date it had (the suspension did not move it); one `to` pauses is
// paused as from `suspended_since` (or its own start, if later), unless it
// was due by then. Without `suspended_since` (a migration recorded before
// 2026-12-02) it is paused from now by the pause_timers() that follows,
// unless its due date has passed (the tick before it records it overdue,
// as `case suspend` does). Each says so in its plan line.
void apply_on_suspend(const Definition& from, const Definition& to,
                      const std::map<TimerId, std::size_t>& kept,
                      std::optional<Instant> suspended_since, Instant now, CaseEditor& editor,
                      MigrationPlan& plan) {
  const int offset = to.calendar ? to.calendar->utc_offset_minutes() : 0;
  for (const auto& [id, step_index] : kept) {
    const TimerDef& now_def = to.timers[id];
    const TimerDef& was_def = from.timers[*from.timer_id(now_def.name)];
    if (now_def.runs_while_suspended == was_def.runs_while_suspended) continue;
    const TimerState* timer = editor.snapshot().timer(id);
    TimerMigration& step = plan.timers[step_index];
    if (now_def.runs_while_suspended && timer->status == TimerStatus::kPaused) {
      step.note += "; runs through suspensions in " + version_tag(to) + ": no longer paused";
      editor.run_through_suspension(id, "migration to " + version_tag(to) +
                                            ": it runs through suspensions (on_suspend: run), "
                                            "so the suspension no longer pauses it");
    } else if (!now_def.runs_while_suspended && timer_is_live(timer->status) &&
               timer->status != TimerStatus::kOverdue) {
      const std::string pauses = "; pauses in suspensions in " + version_tag(to);
      if (!suspended_since) {  // as recorded before 2026-12-02: from the migration
        step.note += pauses + (timer->due_at > now ? ": paused from now"
                                                   : ": not paused, its due date has passed");
        continue;
      }
      // Counting since the suspension began (or since it started, if later).
      const Instant since = timer->started_at.seconds > suspended_since->seconds ? timer->started_at
                                                                                 : *suspended_since;
      if (timer->due_at <= since) {
        step.note += pauses + ": not paused, it was due before the suspension";
        continue;
      }
      const std::string day = local_date(since, offset).to_string();
      const std::string from_when = since.seconds == suspended_since->seconds
                                        ? "the suspension of " + day
                                        : "its start on " + day + ", in the suspension";
      step.note += pauses + ": paused as from " + from_when;
      editor.pause_since(id, since,
                         "migration to " + version_tag(to) +
                             ": it pauses in suspensions, so it is paused as from " + from_when);
    }
  }
}

MigrationRefusal refuse(std::string reason) {
  return MigrationRefusal{std::move(reason)};
}

// The case's data as values of `to`: every value it holds must fit, and
// `options.sets` fills fields that are unset. Returns the data and the
// supplied fields, or why not.
std::variant<std::pair<std::vector<Value>, std::map<std::string, std::string>>, MigrationRefusal>
migrate_data(const Definition& from, const Definition& to, const CaseSnapshot& current,
             const MigrationOptions& options) {
  std::vector<std::pair<std::string, std::string>> values;
  std::set<std::string> held;
  for (FieldId id = 0; id < static_cast<FieldId>(current.data.size()); ++id) {
    if (!is_set(current.data[id])) continue;
    const std::string& name = from.fields[id].name;
    if (!to.field_id(name)) {
      return refuse("field " + name + " has a value but " + version_tag(to) +
                    " has no such field, and a migration drops no value; publish a version "
                    "that keeps the field and migrate to that");
    }
    values.emplace_back(name, format_value(current.data[id]));
    held.insert(name);
  }
  std::map<std::string, std::string> supplied;
  for (const auto& [name, text] : options.sets) {
    if (held.count(name) || supplied.count(name)) continue;
    supplied[name] = text;
    values.emplace_back(name, text);
  }
  auto parsed = runtime_detail::parse_field_changes(to, values);
  if (auto* refusal = std::get_if<Refusal>(&parsed)) {
    return refuse("its data does not fit " + version_tag(to) + ": " + refusal->message);
  }
  std::vector<Value> data(to.fields.size());
  for (const auto& change : std::get<std::vector<runtime_detail::FieldChange>>(parsed)) {
    data[change.field] = change.value;
  }
  for (const FieldDef& field : to.fields) {
    if (field.required && !is_set(data[*to.field_id(field.name)])) {
      return refuse(version_tag(to) + " requires field " + field.name +
                    ", which the case lacks: supply it with --set " + field.name + "=VALUE");
    }
  }
  return std::make_pair(std::move(data), std::move(supplied));
}

const char* action_name(TimerMigration::Action action) {
  switch (action) {
    case TimerMigration::Action::kKept:
      return "kept";
    case TimerMigration::Action::kStopped:
      return "stopped";
    case TimerMigration::Action::kStarted:
      return "started";
    case TimerMigration::Action::kNotStarted:
      return "not started";
    case TimerMigration::Action::kDropped:
      return "dropped";
  }
  return "";
}

}  // namespace

std::string TimerMigration::describe() const {
  return timer + ": " + old_due + " -> " + new_due + " " + action_name(action) +
         (note.empty() ? "" : " (" + note + ")");
}

std::variant<MigrationPlan, MigrationRefusal> plan_migration(const DefinitionVersion& from_version,
                                                             const DefinitionVersion& to_version,
                                                             const CaseSnapshot& current,
                                                             const MigrationOptions& options,
                                                             Instant now) {
  const Definition& from = *from_version.definition;
  const Definition& to = *to_version.definition;
  if (current.status == CaseStatus::kClosed) return refuse("the case is closed");
  // As for every command (decide.cpp): a migration dated before the case's
  // last change would start new timers in the past and count a case late
  // that was not.
  if (now.seconds < current.updated_at.seconds) {
    const int offset = from.calendar ? from.calendar->utc_offset_minutes() : 0;
    return refuse("the migration is dated " + format_local(now, offset) +
                  ", before the case's last change at " + format_local(current.updated_at, offset) +
                  "; check the date given and the computer's clock");
  }
  if (current.state < 0 || current.state >= static_cast<StateId>(from.states.size())) {
    return refuse("its state does not belong to " + version_tag(from));
  }
  MigrationPlan plan;
  plan.from_version = from.version;
  plan.from_state = from.states[current.state].name;
  plan.to_state = mapped_state(options, plan.from_state);
  auto state = to.state_id(plan.to_state);
  if (!state) {
    return refuse("state " + plan.to_state + " is not in " + version_tag(to) +
                  "; map it with --map " + plan.from_state + "=STATE");
  }
  if (to.states[*state].final) {
    return refuse("state " + plan.from_state + " would map to " + plan.to_state + ", final in " +
                  version_tag(to) + "; a migration does not close cases");
  }
  auto data = migrate_data(from, to, current, options);
  if (auto* refusal = std::get_if<MigrationRefusal>(&data)) return *refusal;
  auto& [values, supplied] = std::get<0>(data);
  plan.supplied = supplied;

  CaseSnapshot next;
  next.id = current.id;
  next.workflow = current.workflow;
  next.version = to.version;
  next.office = current.office;
  next.state = *state;
  next.status = current.status;
  next.data = std::move(values);
  next.row_version = current.row_version + 1;
  next.opened_at = current.opened_at;
  next.updated_at = now;

  // Old timers by name, then the timers of `to` that start anew.
  const std::string because = "migration to " + version_tag(to);
  std::vector<const TimerState*> old_timers;
  for (const TimerState& t : current.timers) old_timers.push_back(&t);
  std::sort(old_timers.begin(), old_timers.end(), [&from](const auto* a, const auto* b) {
    return from.timers[a->timer].name < from.timers[b->timer].name;
  });
  std::vector<AuditRecord> stops;
  std::set<std::string> restart;              // changed timers whose old instance was counting
  std::map<TimerId, std::size_t> kept_steps;  // a kept timer of `to`: its step in plan.timers
  auto stop_record = [&](const std::string& name, const std::string& why) {
    nlohmann::json object = {{"because", because + ": " + why}};
    stops.push_back(AuditRecord{
        now, options.actor, options.role, "timer_stop", name, plan.to_state, plan.to_state,
        object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), ""});
  };
  for (const TimerState* old : old_timers) {
    const TimerDef& old_def = from.timers[old->timer];
    TimerMigration step{old_def.name, TimerMigration::Action::kKept, due_text(*old), "-", ""};
    auto id = to.timer_id(old_def.name);
    if (!id) {
      step.note = "removed in " + version_tag(to);
      step.action =
          counting(*old) ? TimerMigration::Action::kStopped : TimerMigration::Action::kDropped;
      if (counting(*old)) stop_record(old_def.name, step.note);
      plan.timers.push_back(step);
      continue;
    }
    const bool unchanged = same_timer(from, old_def, to, to.timers[*id], options);
    if (unchanged || !counting(*old)) {
      TimerState kept = *old;
      kept.timer = *id;
      next.timers.push_back(kept);
      step.new_due = step.old_due;
      step.note = timer_status_name(old->status);
      if (!unchanged) step.note += ", definition changed";
      kept_steps[*id] = plan.timers.size();
      plan.timers.push_back(step);
      continue;
    }
    step.action = TimerMigration::Action::kStopped;
    step.note = "definition changed in " + version_tag(to);
    stop_record(old_def.name, "definition changed");
    plan.timers.push_back(step);
    restart.insert(old_def.name);
  }

  CaseEditor editor(to, next, now, options.actor, options.role);
  if (next.status == CaseStatus::kSuspended && to.knows_on_suspend_run) {
    apply_on_suspend(from, to, kept_steps, options.suspended_since, now, editor, plan);
  }
  std::vector<std::pair<TimerId, std::size_t>> starting;  // timer, index in plan.timers
  std::vector<TimerId> to_by_name;
  for (TimerId id = 0; id < static_cast<TimerId>(to.timers.size()); ++id) to_by_name.push_back(id);
  std::sort(to_by_name.begin(), to_by_name.end(),
            [&to](TimerId a, TimerId b) { return to.timers[a].name < to.timers[b].name; });
  for (TimerId id : to_by_name) {
    const TimerDef& timer = to.timers[id];
    const bool is_new = !from.timer_id(timer.name);
    if (!restart.count(timer.name) && !(is_new && applies_in(to, timer, *state))) continue;
    TimerMigration step{timer.name, TimerMigration::Action::kNotStarted, "-", "-",
                        is_new ? "new in " + version_tag(to) : "definition changed"};
    if (!options.start_new_timers) {
      step.note += "; --start-new-timers not given";
      plan.timers.push_back(step);
      continue;
    }
    editor.start_timer_now(id, because);
    step.action = TimerMigration::Action::kStarted;
    step.new_due = due_text(*editor.snapshot().timer(id));
    plan.timers.push_back(step);
  }
  // A suspended case's timers are paused (but `on_suspend: run` ones): so are
  // the ones it gains. The thresholds already passed are applied first, as
  // `case suspend` applies them: a deadline missed is not paused away.
  if (next.status == CaseStatus::kSuspended) {
    if (to.knows_on_suspend_run) editor.tick();
    editor.pause_timers();
  }

  std::map<std::string, std::string> record_data = {
      {"from_version", std::to_string(from.version)},
      {"to_version", std::to_string(to.version)},
      {"from_sha256", from_version.sha256},
      {"to_sha256", to_version.sha256},
      {"state_map", joined_map(options.state_map)},
      {"start_new_timers", options.start_new_timers ? "true" : "false"},
  };
  if (options.suspended_since && current.status == CaseStatus::kSuspended) {
    record_data["suspended_since"] = format_utc(*options.suspended_since);
  }
  for (const TimerMigration& step : plan.timers) {
    record_data["timer." + step.timer] = step.describe();
  }
  // The values supplied sit in an object "set" keyed by field name, so that
  // personal ones are masked wherever audit data is shown.
  nlohmann::json record_json = nlohmann::json::parse(canonical(record_data));
  if (!plan.supplied.empty()) record_json["set"] = plan.supplied;
  plan.records.push_back(
      AuditRecord{now, options.actor, options.role, "migrate", "", plan.from_state, plan.to_state,
                  record_json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), ""});
  for (auto& record : stops) plan.records.push_back(std::move(record));
  for (auto& record : editor.records()) plan.records.push_back(std::move(record));
  plan.next = std::move(editor.snapshot());
  return plan;
}

std::vector<std::string> plan_lines(const std::string& case_id, const MigrationPlan& plan,
                                    const Definition& to) {
  std::vector<std::string> lines;
  lines.push_back("case " + case_id + ": v" + std::to_string(plan.from_version) + " -> v" +
                  std::to_string(plan.next.version) + ", state " + plan.from_state + " -> " +
                  plan.to_state);
  for (const TimerMigration& step : plan.timers) lines.push_back("  timer " + step.describe());
  for (const auto& [name, text] : plan.supplied) {
    auto field = to.field_id(name);
    const bool personal = field && to.fields[*field].pii;
    lines.push_back("  field " + name + " := " + (personal ? mask_pii(text) : text));
  }
  return lines;
}

Result<RecordedMigration> read_migration_record(const AuditRecord& record) {
  if (record.kind != "migrate") return Error{"not a migrate record"};
  nlohmann::json object = nlohmann::json::parse(record.data, nullptr, false);
  if (object.is_discarded() || !object.is_object()) return Error{"its data is not an object"};
  auto text = [&object](const std::string& key) -> std::optional<std::string> {
    auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  RecordedMigration recorded;
  auto from = text("from_sha256");
  auto to = text("to_sha256");
  auto map = text("state_map");
  auto start = text("start_new_timers");
  if (!from || !to || !map || !start) {
    return Error{"it lacks from_sha256, to_sha256, state_map or start_new_timers"};
  }
  recorded.from_sha256 = *from;
  recorded.to_sha256 = *to;
  recorded.options.start_new_timers = *start == "true";
  recorded.options.actor = record.actor;
  recorded.options.role = record.role;
  std::size_t at = 0;
  while (at < map->size()) {
    std::size_t end = map->find(", ", at);
    if (end == std::string::npos) end = map->size();
    const std::string pair = map->substr(at, end - at);
    const std::size_t equals = pair.find('=');
    if (equals == std::string::npos) return Error{"its state_map is not old=new, ..."};
    recorded.options.state_map[pair.substr(0, equals)] = pair.substr(equals + 1);
    at = end + 2;
  }
  if (auto since = text("suspended_since")) {
    recorded.options.suspended_since = parse_instant(*since, 0);
    if (!recorded.options.suspended_since) return Error{"its suspended_since is not an instant"};
  }
  if (auto set = object.find("set"); set != object.end()) {
    if (!set->is_object()) return Error{"its set is not an object of field values"};
    for (const auto& [field, value] : set->items()) {
      if (!value.is_string()) return Error{"its set value of " + field + " is not text"};
      recorded.options.sets.emplace_back(field, value.get<std::string>());
    }
  }
  return recorded;
}

std::optional<Instant> suspended_since(const std::vector<StoredAuditRecord>& trail,
                                       std::size_t end) {
  std::optional<Instant> since;
  for (std::size_t i = 0; i < std::min(end, trail.size()); ++i) {
    const AuditRecord& record = trail[i].record;
    if (record.kind == "suspend") since = record.at;
    if (record.kind == "resume") since.reset();
  }
  return since;
}

}  // namespace wageflow
