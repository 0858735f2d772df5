#include "adapters/presentation/case_json.h"

#include "engine/core/pii.h"

namespace wageflow::presentation {
namespace {

nlohmann::ordered_json value_json(const FieldDef& field, const Value& value, Pii pii) {
  if (pii == Pii::kMasked && field.pii) return field_text(field, value, pii);
  if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
  if (const auto* flag = std::get_if<bool>(&value)) return *flag;
  return format_value(value);
}

void mask_personal_values(const Definition& definition, nlohmann::ordered_json& json) {
  if (!json.is_object()) return;
  for (auto& [key, value] : json.items()) {
    auto field = definition.field_id(key);
    if (field && definition.fields.at(*field).pii && !value.is_object()) {
      value = mask_pii(value.is_string() ? value.get<std::string>() : value.dump());
    } else {
      mask_personal_values(definition, value);
    }
  }
}

}  // namespace

int calendar_utc_offset(const Definition& definition) {
  return definition.calendar ? definition.calendar->utc_offset_minutes() : kDefaultUtcOffsetMinutes;
}

nlohmann::ordered_json timer_json(const Definition& definition, CaseStatus case_status,
                                  const TimerState& timer) {
  const int offset = calendar_utc_offset(definition);
  nlohmann::ordered_json json = {
      {"name", definition.timers.at(timer.timer).name},
      {"status", timer_status_name(timer.status)},
      {"due", timer_due_text(timer, offset)},
      {"extended", timer.extensions_used},
  };
  if (timer.warn_at) json["warn"] = timer_warn_text(timer, offset);
  if (timer.provisional) json["provisional"] = true;
  if (timer.status == TimerStatus::kOverdue) {
    if (auto held = held_expiry(definition, case_status, timer)) {
      json["expiry_held"] = definition.events.at(held->event);
      json["expiry_held_until"] =
          held->until == HeldExpiry::Until::kYearListed ? "year_listed" : "resume";
    }
  }
  if (timer.escalated) json["escalated"] = true;
  if (timer.status == TimerStatus::kPaused && timer.paused_at) {
    json["remaining"] = left_at_pause(definition, timer, *timer.paused_at).to_string();
  }
  json["explanation"] = timer.explanation;
  return json;
}

nlohmann::ordered_json label_json(const Label& label) {
  auto json = nlohmann::ordered_json::object();
  for (const auto& [locale, text] : label.by_locale) json[locale] = text;
  return json;
}

nlohmann::ordered_json role_label_json(const Definition& definition, RoleId role) {
  if (role < 0 || role >= static_cast<RoleId>(definition.role_labels.size()) ||
      definition.role_labels[role].by_locale.empty()) {
    return nullptr;
  }
  return label_json(definition.role_labels[role]);
}

std::string timer_due_text(const TimerState& timer, int utc_offset_minutes) {
  return timer.due_date ? timer.due_date->to_string()
                        : format_local(timer.due_at, utc_offset_minutes);
}

std::string timer_warn_text(const TimerState& timer, int utc_offset_minutes) {
  return timer.due_date ? local_date(*timer.warn_at, utc_offset_minutes).to_string()
                        : format_local(*timer.warn_at, utc_offset_minutes);
}

std::string field_text(const FieldDef& field, const Value& value, Pii pii) {
  std::string text = format_value(value);
  return pii == Pii::kMasked && field.pii ? mask_pii(text) : text;
}

nlohmann::ordered_json case_json(const Definition& definition, const CaseSnapshot& snapshot,
                                 Pii pii) {
  nlohmann::ordered_json data = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < definition.fields.size() && i < snapshot.data.size(); ++i) {
    if (!is_set(snapshot.data[i])) continue;
    data[definition.fields[i].name] = value_json(definition.fields[i], snapshot.data[i], pii);
  }
  nlohmann::ordered_json timers = nlohmann::ordered_json::array();
  for (const auto& timer : snapshot.timers)
    timers.push_back(timer_json(definition, snapshot.status, timer));
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (EventId event : events_possible(definition, snapshot)) {
    events.push_back(definition.events.at(event));
  }
  return {
      {"id", snapshot.id},
      {"workflow", snapshot.workflow},
      {"version", snapshot.version},
      {"state", definition.states.at(snapshot.state).name},
      {"status", case_status_name(snapshot.status)},
      {"row_version", snapshot.row_version},
      {"data", data},
      {"timers", timers},
      {"events", events},
      {"opened_at", format_utc(snapshot.opened_at)},
      {"updated_at", format_utc(snapshot.updated_at)},
  };
}

nlohmann::ordered_json masked_audit_data(const Definition& definition, const std::string& data) {
  auto json = nlohmann::ordered_json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return mask_pii_in_text(data);
  mask_personal_values(definition, json);
  return json;
}

nlohmann::ordered_json audit_record_json(const Definition& definition,
                                         const StoredAuditRecord& stored) {
  const AuditRecord& r = stored.record;
  return {
      {"case_id", stored.case_id},
      {"seq", stored.seq},
      {"at", format_utc(r.at)},
      {"actor", r.actor},
      {"role", r.role},
      {"kind", r.kind},
      {"event", r.event},
      {"from_state", r.from_state},
      {"to_state", r.to_state},
      {"data", masked_audit_data(definition, r.data)},
      {"sets_values", sets_field_values(r)},
      {"comment", mask_pii_in_text(r.comment)},
      {"prev_hash", stored.prev_hash},
      {"hash", stored.hash},
  };
}

}  // namespace wageflow::presentation
