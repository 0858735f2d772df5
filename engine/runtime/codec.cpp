#include "engine/runtime/codec.h"

#include <nlohmann/json.hpp>

namespace wageflow {
namespace {

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string encode_data(const Definition& definition, const std::vector<Value>& data) {
  nlohmann::json object = nlohmann::json::object();  // std::map: keys come out sorted
  for (FieldId id = 0; id < static_cast<FieldId>(data.size()); ++id) {
    const Value& v = data[id];
    if (!is_set(v)) continue;
    const std::string& name = definition.fields[id].name;
    if (auto* b = std::get_if<bool>(&v)) {
      object[name] = *b;
    } else if (auto* i = std::get_if<std::int64_t>(&v)) {
      object[name] = *i;
    } else {
      object[name] = format_value(v);
    }
  }
  return dump(object);
}

Result<std::vector<Value>> decode_data(const Definition& definition, const std::string& json) {
  nlohmann::json object = nlohmann::json::parse(json, nullptr, false);
  if (object.is_discarded() || !object.is_object()) {
    return Error{"case data is not a JSON object"};
  }
  std::vector<Value> data(definition.fields.size());
  for (const auto& [name, value] : object.items()) {
    auto id = definition.field_id(name);
    if (!id) return Error{"case data has field '" + name + "', unknown to " + definition.id};
    const FieldDef& field = definition.fields[*id];
    std::string text;
    if (value.is_boolean()) {
      text = value.get<bool>() ? "true" : "false";
    } else if (value.is_number_integer()) {
      text = std::to_string(value.get<std::int64_t>());
    } else if (value.is_string()) {
      text = value.get<std::string>();
    } else {
      return Error{"case data field '" + name + "' has an unexpected JSON type"};
    }
    Result<Value> parsed = parse_value(field.type, text);
    if (!parsed) return Error{"case data field '" + name + "': " + parsed.error()};
    data[*id] = std::move(parsed).value();
  }
  return data;
}

CaseRecord to_record(const Definition& definition, const CaseSnapshot& snapshot,
                     const std::string& definition_sha256) {
  CaseRecord record;
  record.id = snapshot.id;
  record.workflow = snapshot.workflow;
  record.version = snapshot.version;
  record.definition_sha256 = definition_sha256;
  record.office = snapshot.office;
  record.state = definition.states[snapshot.state].name;
  record.status = case_status_name(snapshot.status);
  record.data = encode_data(definition, snapshot.data);
  record.row_version = snapshot.row_version;
  record.opened_at = snapshot.opened_at.seconds;
  record.updated_at = snapshot.updated_at.seconds;
  for (const TimerState& t : snapshot.timers) {
    TimerRecord r;
    r.name = definition.timers[t.timer].name;
    r.status = timer_status_name(t.status);
    r.started_at = t.started_at.seconds;
    r.due_date = t.due_date ? t.due_date->to_string() : "";
    r.counted_to = t.counted_to ? t.counted_to->to_string() : "";
    r.due_at = t.due_at.seconds;
    if (t.warn_at) r.warn_at = t.warn_at->seconds;
    r.provisional = t.provisional;
    r.extensions_used = t.extensions_used;
    if (t.paused_at) r.paused_at = t.paused_at->seconds;
    r.escalated = t.escalated;
    r.explanation = t.explanation;
    if (auto next = t.next_action_at()) r.next_action_at = next->seconds;
    record.timers.push_back(std::move(r));
  }
  return record;
}

Result<CaseSnapshot> from_record(const Definition& definition, const CaseRecord& record) {
  CaseSnapshot s;
  s.id = record.id;
  s.workflow = record.workflow;
  s.version = record.version;
  s.office = record.office;
  auto state = definition.state_id(record.state);
  if (!state)
    return Error{"case " + record.id + " is in state '" + record.state +
                 "', unknown to its definition"};
  s.state = *state;
  auto status = parse_case_status(record.status);
  if (!status) return Error{"case " + record.id + " has an unknown status '" + record.status + "'"};
  s.status = *status;
  Result<std::vector<Value>> data = decode_data(definition, record.data);
  if (!data) return Error{"case " + record.id + ": " + data.error()};
  s.data = std::move(data).value();
  s.row_version = record.row_version;
  s.opened_at = Instant{record.opened_at};
  s.updated_at = Instant{record.updated_at};
  for (const TimerRecord& r : record.timers) {
    TimerState t;
    auto id = definition.timer_id(r.name);
    auto timer_status = parse_timer_status(r.status);
    if (!id || !timer_status) {
      return Error{"case " + record.id + " has a timer '" + r.name + "' (" + r.status +
                   ") unknown to its definition"};
    }
    t.timer = *id;
    t.status = *timer_status;
    t.started_at = Instant{r.started_at};
    if (!r.due_date.empty()) {
      auto due = Date::parse(r.due_date);
      if (!due) return Error{"case " + record.id + " timer " + r.name + " has a bad due date"};
      t.due_date = *due;
    }
    if (!r.counted_to.empty()) {
      auto counted_to = Date::parse(r.counted_to);
      if (!counted_to || r.due_date.empty()) {
        return Error{"case " + record.id + " timer " + r.name + " has a bad counted_to date"};
      }
      t.counted_to = *counted_to;
    }
    t.due_at = Instant{r.due_at};
    if (r.warn_at) t.warn_at = Instant{*r.warn_at};
    t.provisional = r.provisional;
    t.extensions_used = r.extensions_used;
    if (r.paused_at) t.paused_at = Instant{*r.paused_at};
    t.escalated = r.escalated;
    t.explanation = r.explanation;
    s.timers.push_back(std::move(t));
  }
  return s;
}

}  // namespace wageflow
