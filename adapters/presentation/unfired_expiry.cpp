#include "adapters/presentation/unfired_expiry.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace wageflow::presentation {

std::string not_fired_reason(const AuditRecord& record) {
  if (record.kind != "escalate") return "";
  const auto data = nlohmann::json::parse(record.data, nullptr, false);
  if (!data.is_object() || !data.contains("refused") || !data["refused"].is_string()) return "";
  return data["refused"].get<std::string>();
}

std::map<std::string, std::string> expiries_not_fired(const std::vector<StoredAuditRecord>& trail) {
  struct NotFired {
    std::string reason;
    std::string state;  // where the case stayed
  };
  std::map<std::string, NotFired> found;
  for (const StoredAuditRecord& stored : trail) {
    const AuditRecord& record = stored.record;
    if (record.kind == "timer_start" || record.kind == "timer_expire") {
      found.erase(record.event);
    } else if (std::string reason = not_fired_reason(record); !reason.empty()) {
      found[record.event] = {std::move(reason), record.from_state};
    }
    // Moved on since (by staff, or by another timer's expiry): said no more.
    std::erase_if(found, [&](const auto& entry) { return entry.second.state != record.to_state; });
  }
  std::map<std::string, std::string> reasons;
  for (auto& [timer, not_fired] : found) reasons.emplace(timer, std::move(not_fired.reason));
  return reasons;
}

bool has_expired_timer(const CaseSnapshot& snapshot) {
  return std::any_of(snapshot.timers.begin(), snapshot.timers.end(),
                     [](const TimerState& timer) { return timer.status == TimerStatus::kExpired; });
}

void add_expiries_not_fired(nlohmann::ordered_json& case_view,
                            const std::map<std::string, std::string>& reasons) {
  if (reasons.empty() || !case_view.contains("timers")) return;
  for (auto& timer : case_view["timers"]) {
    auto found = reasons.find(timer.value("name", ""));
    if (found != reasons.end()) timer["expiry_not_fired"] = found->second;
  }
}

}  // namespace wageflow::presentation
