#include "engine/runtime/unfired_expiries.h"

#include <nlohmann/json.hpp>

namespace wageflow {

std::string not_fired_reason(const AuditRecord& record) {
  if (record.kind != "escalate") return "";
  const auto data = nlohmann::json::parse(record.data, nullptr, false);
  if (!data.is_object() || !data.contains("refused") || !data["refused"].is_string()) return "";
  return data["refused"].get<std::string>();
}

void StandingUnfiredExpiries::add(const AuditRecord& record) {
  if (record.kind == "timer_start" || record.kind == "timer_expire") {
    found_.erase(record.event);
  } else if (std::string reason = not_fired_reason(record); !reason.empty()) {
    found_[record.event] = {std::move(reason), record.from_state};
  }
  // Moved on since (by staff, or by another timer's expiry): said no more.
  std::erase_if(found_, [&](const auto& entry) { return entry.second.state != record.to_state; });
}

std::map<std::string, std::string> StandingUnfiredExpiries::reasons() const {
  std::map<std::string, std::string> reasons;
  for (const auto& [timer, not_fired] : found_) reasons.emplace(timer, not_fired.reason);
  return reasons;
}

std::map<std::string, std::string> expiries_not_fired(const std::vector<StoredAuditRecord>& trail) {
  StandingUnfiredExpiries standing;
  for (const StoredAuditRecord& stored : trail) standing.add(stored.record);
  return standing.reasons();
}

}  // namespace wageflow
