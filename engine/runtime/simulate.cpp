#include "engine/runtime/simulate.h"

#include <algorithm>

namespace wageflow {
namespace {

constexpr const char* kActor = "simulation";
constexpr const char* kComment = "simulated step";
// Thresholds a tick can meet between two steps are bounded by the timers'
// warnings and due dates; this only stops a runaway loop.
constexpr int kMaxTicksPerStep = 10000;

int utc_offset(const Definition& d) {
  return d.calendar ? d.calendar->utc_offset_minutes() : 480;
}

// The instant `step` happens, counted from `previous`; nullopt with *error
// when it cannot be placed.
std::optional<Instant> step_instant(const Definition& d, const PathStep& step, Instant previous,
                                    std::string* error) {
  const int offset = utc_offset(d);
  const Date day = local_date(previous, offset);
  const std::int64_t time_of_day = previous.seconds - start_of_day(day, offset).seconds;
  auto on = [&](Date date) { return Instant{start_of_day(date, offset).seconds + time_of_day}; };
  switch (step.when) {
    case PathStep::When::kSameTime:
      return previous;
    case PathStep::When::kDays:
      return on(day.plus_days(static_cast<std::int32_t>(step.amount)));
    case PathStep::When::kWorkingDays:
      if (!d.calendar) return on(day.plus_days(static_cast<std::int32_t>(step.amount)));
      return on(d.calendar->due_date(day, Duration{step.amount, Duration::Unit::kWorkingDays}).due);
    case PathStep::When::kHours:
      return Instant{previous.seconds + step.amount * 3600};
    case PathStep::When::kAt: {
      std::optional<Instant> at = parse_instant(step.at, offset);
      if (!at) {
        *error = "'" + step.at + "' is not a date or date-time";
      } else if (*at < previous) {
        *error = "step '" + step.written + "' at " + step.at + " lies before the previous step (" +
                 format_local(previous, offset) + ")";
        at.reset();
      }
      return at;
    }
  }
  return std::nullopt;
}

bool has_value_for(const std::vector<std::pair<std::string, std::string>>& sets,
                   const std::string& field) {
  return std::any_of(sets.begin(), sets.end(), [&](const auto& s) { return s.first == field; });
}

// Adds a placeholder for every field in `required` that is unset in `data`
// and not given in *sets; records "field=value" in *filled.
void fill_placeholders(const Definition& d, const std::vector<FieldId>& required,
                       const std::vector<Value>& data, Date today,
                       std::vector<std::pair<std::string, std::string>>* sets,
                       std::vector<std::string>* filled) {
  for (FieldId id : required) {
    const FieldDef& field = d.fields[id];
    if (is_set(data[id]) || has_value_for(*sets, field.name)) continue;
    const std::string value = placeholder_value(field, today);
    sets->emplace_back(field.name, value);
    filled->push_back(field.name + "=" + value);
  }
}

// The roles to try for `event` from the case's state, in order.
std::vector<std::string> candidate_roles(const Definition& d, const CaseSnapshot& c,
                                         const std::string& event_name, bool every_role) {
  std::vector<std::string> roles;
  auto add = [&](const std::vector<RoleId>& allowed) {
    if (allowed.empty()) {
      for (const auto& r : d.roles) roles.push_back(r);
    } else {
      for (RoleId r : allowed) roles.push_back(d.roles[r]);
    }
  };
  const std::optional<EventId> event = d.event_id(event_name);
  if (event) {
    if (auto timer = d.timer_extended_by(*event)) {
      add(d.timers[*timer].extend->roles);
    } else {
      for (int row : d.rows(c.state, *event)) add(d.transitions[row].roles);
    }
  } else if (event_name == "suspend") {
    add(d.suspend_roles);
  } else if (event_name == "resume") {
    add(d.resume_roles);
  } else if (event_name == "correct") {
    add(d.correct_roles);
  }
  if (roles.empty()) roles.push_back(d.roles.empty() ? "" : d.roles.front());
  std::vector<std::string> unique;
  for (const auto& r : roles) {
    if (std::find(unique.begin(), unique.end(), r) == unique.end()) unique.push_back(r);
  }
  if (!every_role) unique.resize(1);
  return unique;
}

// The required fields of the rows of `event` from the case's state that
// `role` may fire, in field order.
std::vector<FieldId> required_by(const Definition& d, const CaseSnapshot& c, EventId event,
                                 const std::string& role) {
  std::vector<FieldId> fields;
  const std::optional<RoleId> role_id = d.role_id(role);
  for (int index : d.rows(c.state, event)) {
    const TransitionDef& row = d.transitions[index];
    const bool allowed =
        row.roles.empty() ||
        (role_id && std::find(row.roles.begin(), row.roles.end(), *role_id) != row.roles.end());
    if (!allowed) continue;
    for (FieldId f : row.required_fields) {
      if (std::find(fields.begin(), fields.end(), f) == fields.end()) fields.push_back(f);
    }
  }
  std::sort(fields.begin(), fields.end());
  return fields;
}

// Ticks `c` at every warning and due instant up to and including `until`,
// in time order, appending what happened to *records and the binding
// deadlines missed to *missed.
void run_clock(const Definition& d, CaseSnapshot* c, Instant until, int step,
               std::vector<AuditRecord>* records, std::vector<MissedDeadline>* missed) {
  for (int i = 0; i < kMaxTicksPerStep; ++i) {
    std::optional<Instant> next;
    for (const TimerState& t : c->timers) {
      auto at = t.next_action_at();
      if (at && *at <= until && (!next || *at < *next)) next = at;
    }
    if (!next) return;
    const std::vector<TimerState> before = c->timers;
    Command tick;
    tick.kind = Command::Kind::kTick;
    tick.actor = tick.role = "system";
    Decision decision = decide(d, *c, tick, *next);
    auto* outcome = std::get_if<Outcome>(&decision);
    if (!outcome || outcome->records.empty()) return;
    for (const AuditRecord& r : outcome->records) {
      records->push_back(r);
      if (r.kind != "timer_overdue" && r.kind != "timer_expire") continue;
      const std::optional<TimerId> id = d.timer_id(r.event);
      if (!id || !d.timers[*id].binding) continue;
      MissedDeadline m;
      m.timer = *id;
      m.how = r.kind == "timer_overdue" ? "overdue" : "expired";
      m.at = *next;
      for (const TimerState& t : before) {
        if (t.timer == *id) m.state = t;
      }
      m.before_step = step;
      missed->push_back(m);
    }
    *c = std::move(outcome->next);
  }
}

Command command_for(const Definition& d, const PathStep& step) {
  Command command;
  command.kind = Command::Kind::kFire;
  if (!d.event_id(step.event) && step.event == "suspend") command.kind = Command::Kind::kSuspend;
  if (!d.event_id(step.event) && step.event == "resume") command.kind = Command::Kind::kResume;
  if (!d.event_id(step.event) && step.event == "correct") command.kind = Command::Kind::kCorrect;
  command.actor = kActor;
  command.event = step.event;
  command.sets = step.sets;
  command.comment = kComment;
  return command;
}

// What the simulated case recorded before a step: the earlier steps, then
// the step's `clock` records.
std::vector<AuditRecord> trail_so_far(const Simulation& simulation,
                                      const std::vector<AuditRecord>& clock) {
  std::vector<AuditRecord> trail;
  for (const SimulatedStep& earlier : simulation.steps) {
    trail.insert(trail.end(), earlier.clock_records.begin(), earlier.clock_records.end());
    trail.insert(trail.end(), earlier.records.begin(), earlier.records.end());
  }
  trail.insert(trail.end(), clock.begin(), clock.end());
  return trail;
}

// Runs one path step on `c` at `at`, trying the candidate roles in order;
// `taken`: for a correction, the transitions taken so far (Command::taken).
SimulatedStep run_step(const Definition& d, const CaseSnapshot& c, const PathStep& step, Instant at,
                       const SimulationOptions& options, const std::vector<bool>& taken) {
  SimulatedStep result;
  result.event = step.event;
  result.written = step.written;
  result.at = at;
  result.after = c;
  std::optional<Refusal> first_refusal;
  for (const std::string& role : candidate_roles(d, c, step.event, options.try_every_role)) {
    Command command = command_for(d, step);
    command.role = role;
    command.taken = taken;
    std::vector<std::string> filled;
    const std::optional<EventId> event = d.event_id(step.event);
    if (command.kind == Command::Kind::kFire && event && !d.timer_extended_by(*event)) {
      fill_placeholders(d, required_by(d, c, *event, role), c.data, local_date(at, utc_offset(d)),
                        &command.sets, &filled);
    }
    Decision decision = decide(d, c, command, at);
    if (auto* outcome = std::get_if<Outcome>(&decision)) {
      result.role = role;
      result.placeholders = std::move(filled);
      result.records = std::move(outcome->records);
      result.notes = std::move(outcome->notes);
      result.after = std::move(outcome->next);
      return result;
    }
    if (!first_refusal) {
      first_refusal = std::get<Refusal>(decision);
      result.role = role;
    }
  }
  result.refusal = first_refusal;
  return result;
}

}  // namespace

std::string placeholder_value(const FieldDef& field, Date today) {
  switch (field.type) {
    case FieldType::kEnum:
      return field.enum_values.empty() ? "" : field.enum_values.front();
    case FieldType::kInt:
      return "1";
    case FieldType::kMoney:
      return "1.00";
    case FieldType::kDate:
      return today.to_string();
    case FieldType::kBool:
      return "true";
    case FieldType::kString:
    case FieldType::kText:
      break;
  }
  return "(simulated)";
}

Simulation simulate(const Definition& d, Instant from, const std::vector<PathStep>& path,
                    const SimulationOptions& options) {
  Simulation simulation;

  SimulatedStep opening;
  opening.event = "open";
  opening.written = "open";
  opening.at = from;
  opening.role = d.roles.empty() ? "" : d.roles.front();
  Command open;
  open.kind = Command::Kind::kOpen;
  open.actor = kActor;
  open.role = opening.role;
  open.sets = options.opening_sets;
  std::vector<FieldId> required;
  for (FieldId id = 0; id < static_cast<FieldId>(d.fields.size()); ++id) {
    if (d.fields[id].required) required.push_back(id);
  }
  fill_placeholders(d, required, std::vector<Value>(d.fields.size()),
                    local_date(from, utc_offset(d)), &open.sets, &opening.placeholders);
  Decision opened = decide(d, CaseSnapshot{}, open, from);
  if (auto* refusal = std::get_if<Refusal>(&opened)) {
    opening.refusal = *refusal;
    simulation.steps.push_back(std::move(opening));
    return simulation;
  }
  Outcome& outcome = std::get<Outcome>(opened);
  opening.records = std::move(outcome.records);
  opening.after = std::move(outcome.next);
  opening.after.id = "simulation";
  simulation.steps.push_back(std::move(opening));

  CaseSnapshot current = simulation.steps.back().after;
  Instant previous = from;
  for (const PathStep& step : path) {
    std::optional<Instant> at = step_instant(d, step, previous, &simulation.error);
    if (!at) return simulation;
    const int index = static_cast<int>(simulation.steps.size());
    std::vector<AuditRecord> clock;
    run_clock(d, &current, *at, index, &clock, &simulation.missed);
    // As CaseService does: a correction's notes look at the transitions
    // taken so far.
    const std::vector<bool> taken = command_for(d, step).kind == Command::Kind::kCorrect
                                        ? transitions_taken(d, trail_so_far(simulation, clock))
                                        : std::vector<bool>{};
    SimulatedStep done = run_step(d, current, step, *at, options, taken);
    done.clock_records = std::move(clock);
    current = done.after;
    const bool refused = done.refusal.has_value();
    simulation.steps.push_back(std::move(done));
    if (refused) return simulation;
    previous = *at;
  }
  return simulation;
}

}  // namespace wageflow
