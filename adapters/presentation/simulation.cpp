#include "adapters/presentation/simulation.h"

#include <algorithm>
#include <utility>

#include "adapters/presentation/case_json.h"
#include "engine/core/value.h"
#include "engine/runtime/unfired_expiries.h"

namespace wageflow::presentation {
namespace {

constexpr const char* kWeekdays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// The case's timers in the definition's order, each as a case shows it
// plus its label and whether it is binding.
nlohmann::ordered_json timers_json(const Definition& d, const CaseSnapshot& c) {
  auto timers = nlohmann::ordered_json::array();
  for (TimerId id = 0; id < static_cast<TimerId>(d.timers.size()); ++id) {
    const TimerState* t = c.timer(id);
    if (!t) continue;
    nlohmann::ordered_json timer = timer_json(d, c.status, *t);
    timer["label"] = label_json(d.timers[id].label);
    timer["binding"] = d.timers[id].binding;
    timers.push_back(std::move(timer));
  }
  return timers;
}

// The local date and time of `at` as the pages word it: "local" is
// "YYYY-MM-DD HH:MM", "weekday" 0 (Monday) .. 6.
nlohmann::ordered_json local_time_json(Instant at, int utc_offset_minutes) {
  const std::string local = format_local(at, utc_offset_minutes);
  return {{"local", local.substr(0, 10) + " " + local.substr(11, 5)},
          {"weekday", local_date(at, utc_offset_minutes).weekday()}};
}

nlohmann::ordered_json role_json(const Definition& d, RoleId role) {
  nlohmann::ordered_json json = {{"name", d.roles.at(role)}};
  if (nlohmann::ordered_json label = role_label_json(d, role); !label.is_null()) {
    json["label"] = std::move(label);
  }
  return json;
}

// One clock record as data, for a page to word in its language.
nlohmann::ordered_json clock_record_json(const Definition& d, const AuditRecord& r,
                                         int utc_offset_minutes) {
  nlohmann::ordered_json json = {
      {"at", local_time_json(r.at, utc_offset_minutes)}, {"kind", r.kind}, {"event", r.event}};
  if (const std::optional<TimerId> timer = d.timer_id(r.event)) {
    json["timer_label"] = label_json(d.timers[*timer].label);
    if (r.kind == "escalate" && d.timers[*timer].expire.escalate_to >= 0) {
      json["escalated_to"] = role_json(d, d.timers[*timer].expire.escalate_to);
    }
  }
  if (const std::string refused = not_fired_reason(r); !refused.empty()) json["refused"] = refused;
  if (r.kind == "fire") {
    json["to_state"] = r.to_state;
    if (const std::optional<StateId> state = d.state_id(r.to_state)) {
      json["to_state_label"] = label_json(d.states[*state].label);
    }
  }
  return json;
}

}  // namespace

std::string simulation_time(Instant at, int utc_offset_minutes) {
  const std::string local = format_local(at, utc_offset_minutes);  // YYYY-MM-DDTHH:MM:SS+08:00
  const Date date = local_date(at, utc_offset_minutes);
  return local.substr(0, 10) + " " + local.substr(11, 5) + " (" + kWeekdays[date.weekday()] + ")";
}

std::string clock_line(const Definition& d, const AuditRecord& r, int utc_offset_minutes) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"timer_warn", "warned"},  {"timer_overdue", "overdue"}, {"timer_expire", "expired"},
      {"escalate", "escalated"}, {"timer_stop", "stopped"},    {"timer_start", "started"},
      {"timer_pause", "paused"}, {"timer_resume", "resumed"}};
  std::string text = "clock " + simulation_time(r.at, utc_offset_minutes) + ": ";
  if (const std::string refused = not_fired_reason(r); !refused.empty()) {
    return text + "timer " + r.event + ": " + refused;
  }
  if (r.kind == "escalate") {
    const std::optional<TimerId> timer = d.timer_id(r.event);
    if (timer && d.timers[*timer].expire.escalate_to >= 0) {
      return text + "timer " + r.event + " escalated to " +
             d.roles.at(d.timers[*timer].expire.escalate_to);
    }
  }
  for (const auto& [kind, word] : kWords) {
    if (r.kind == kind) return text + "timer " + r.event + " " + word;
  }
  if (r.kind == "fire") return text + "fired " + r.event + " -> " + r.to_state;
  return text + r.kind + " " + r.event;
}

std::string corrections_text(const Definition& d, const SimulatedStep& step,
                             const CaseSnapshot& before) {
  const bool corrected = std::any_of(step.records.begin(), step.records.end(),
                                     [](const AuditRecord& r) { return r.kind == "correct"; });
  std::string text;
  for (FieldId id = 0; corrected && id < static_cast<FieldId>(d.fields.size()); ++id) {
    const Value& now = step.after.data[id];
    const Value& was = before.data[id];
    if (now == was) continue;
    if (!text.empty()) text += ", ";
    text += d.fields[id].name + (is_set(now) ? "=" + format_value(now) : " emptied") + " (was " +
            (is_set(was) ? format_value(was) : "empty") + ")";
  }
  return text;
}

std::string refusal_text(const SimulatedStep& step) {
  if (!step.refusal) return "";
  if (step.refusal->missing != Refusal::Missing::kFieldValues) return step.refusal->message;
  return step.refusal->message + " (" + step.event + "{FIELD=VALUE, ...})";
}

nlohmann::ordered_json simulation_json(const Definition& d, const Simulation& s) {
  const int offset = calendar_utc_offset(d);
  auto steps = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < s.steps.size(); ++i) {
    const SimulatedStep& step = s.steps[i];
    auto clock = nlohmann::ordered_json::array();
    auto clock_records = nlohmann::ordered_json::array();
    for (const AuditRecord& r : step.clock_records) {
      clock.push_back(clock_line(d, r, offset));
      clock_records.push_back(clock_record_json(d, r, offset));
    }
    nlohmann::ordered_json json = {{"index", i},
                                   {"written", step.written},
                                   {"at", simulation_time(step.at, offset)},
                                   {"at_local", local_time_json(step.at, offset)},
                                   {"role", step.role},
                                   {"placeholders", step.placeholders},
                                   {"clock", clock},
                                   {"clock_records", clock_records}};
    if (const std::optional<RoleId> role = d.role_id(step.role)) {
      if (nlohmann::ordered_json label = role_label_json(d, *role); !label.is_null()) {
        json["role_label"] = std::move(label);
      }
    }
    if (step.refusal) {
      json["refused"] = refusal_text(step);
    } else {
      const std::string corrected =
          corrections_text(d, step, i == 0 ? step.after : s.steps[i - 1].after);
      if (!corrected.empty()) json["corrected"] = corrected;
      if (!step.notes.empty()) {
        json["check"] = nlohmann::ordered_json::array();
        for (const CorrectionNote& note : step.notes) json["check"].push_back(note.text);
      }
      const StateDef& state = d.states[step.after.state];
      json["state"] = state.name;
      json["state_label"] = label_json(state.label);
      json["status"] = case_status_name(step.after.status);
      json["timers"] = timers_json(d, step.after);
    }
    steps.push_back(std::move(json));
  }
  auto missed = nlohmann::ordered_json::array();
  for (const MissedDeadline& m : s.missed) {
    const TimerDef& def = d.timers[m.timer];
    missed.push_back({{"timer", def.name},
                      {"label", label_json(def.label)},
                      {"due", timer_due_text(m.state, offset)},
                      {"how", m.how},
                      {"at", simulation_time(m.at, offset)},
                      {"at_local", local_time_json(m.at, offset)},
                      {"before_step", m.before_step}});
  }
  nlohmann::ordered_json body = {{"workflow", d.id},
                                 {"version", d.version},
                                 {"calendar", d.calendar ? d.calendar->name() : ""},
                                 {"ok", s.ok()},
                                 {"steps", steps},
                                 {"missed", missed}};
  if (!s.error.empty()) body["error"] = s.error;
  return body;
}

}  // namespace wageflow::presentation
