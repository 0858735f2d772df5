#include "adapters/report/case_history.h"

#include <nlohmann/json.hpp>

#include "engine/runtime/unfired_expiries.h"

namespace wageflow::report {
namespace {

struct TimerTrack {
  bool binding = false;
  bool live = false;
  bool paused = false;
  Instant due_at;
};

nlohmann::json parse_object(const std::string& text) {
  nlohmann::json object = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return object.is_object() ? object : nlohmann::json::object();
}

std::optional<Instant> due_of(const nlohmann::json& data) {
  auto it = data.find("due_at");
  if (it == data.end() || !it->is_string()) return std::nullopt;
  return parse_instant(it->get<std::string>(), 0);
}

bool is_final(const Definition& definition, const std::string& state) {
  auto id = definition.state_id(state);
  return id && definition.states[*id].final;
}

}  // namespace

CaseHistory case_history(const Definition& definition, const std::vector<StoredAuditRecord>& trail,
                         Instant cut) {
  CaseHistory history;
  const std::string& initial = definition.states[definition.initial_state()].name;
  std::map<std::string, TimerTrack> timers;
  StandingUnfiredExpiries not_fired;

  for (const StoredAuditRecord& stored : trail) {
    const AuditRecord& record = stored.record;
    if (!(record.at < cut)) continue;  // trails are in time order; a late record is skipped
    const std::string& kind = record.kind;
    if (sets_field_values(record)) {
      if (kind == "open" && !history.opened) {
        history.opened = true;
        history.opened_at = record.at;
      }
      const nlohmann::json values = parse_object(record.data);
      for (const auto& [key, value] : values.items()) {
        auto field = definition.field_id(key);
        if (!field || definition.fields[*field].pii || !value.is_string()) continue;
        history.data[key] = value.get<std::string>();
      }
      if (kind == "fire") history.fired.push_back({record.at, record.event, record.to_state});
    }
    if (!record.to_state.empty()) history.state = record.to_state;
    not_fired.add(record);
    if (record.from_state != record.to_state) {
      const bool reaches_final = is_final(definition, record.to_state);
      if (!history.accepted_at && record.from_state == initial && !reaches_final) {
        history.accepted_at = record.at;
      }
      if (!history.closed_at && reaches_final) {
        history.closed_at = record.at;
        history.final_state = record.to_state;
      }
    }
    if (kind.rfind("timer_", 0) != 0 && kind != "extend") continue;
    const nlohmann::json data = parse_object(record.data);
    const std::string name = kind == "extend" ? data.value("timer", std::string()) : record.event;
    auto timer_id = definition.timer_id(name);
    if (!timer_id) continue;
    TimerTrack& timer = timers[name];
    timer.binding = definition.timers[*timer_id].binding;
    if (kind == "timer_start") {
      timer.live = true;
      timer.paused = false;
      if (auto due = due_of(data)) timer.due_at = *due;
      if (timer.binding && !history.closed_at) history.binding_timer_started = true;
    } else if (kind == "timer_pause") {
      timer.paused = true;
    } else if (kind == "timer_resume" || kind == "extend" || kind == "timer_recompute") {
      if (kind == "timer_resume") timer.paused = false;
      if (auto due = due_of(data)) timer.due_at = *due;
    } else if (kind == "timer_stop") {
      if (timer.binding && timer.live && !timer.paused && !(record.at < timer.due_at)) {
        history.binding_deadline_missed = true;
      }
      timer.live = false;
    } else if (kind == "timer_expire") {
      if (timer.binding) history.binding_deadline_missed = true;
      timer.live = false;
    }
  }
  for (const auto& [name, timer] : timers) {
    if (timer.binding && timer.live && !timer.paused && !(cut < timer.due_at)) {
      history.overdue_at_cut = true;  // closing stops every timer: an open case
    }
    // Past its deadline with nothing moving it (`case list --overdue` lists
    // such a case whatever the timer; the figures count binding ones only).
    if (timer.binding && not_fired.stands(name) && !history.closed_at) {
      history.overdue_at_cut = true;
    }
  }
  return history;
}

}  // namespace wageflow::report
