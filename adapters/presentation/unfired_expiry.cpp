#include "adapters/presentation/unfired_expiry.h"

#include <nlohmann/json.hpp>

namespace wageflow::presentation {

std::string not_fired_reason(const AuditRecord& record) {
  if (record.kind != "escalate") return "";
  const auto data = nlohmann::json::parse(record.data, nullptr, false);
  if (!data.is_object() || !data.contains("refused") || !data["refused"].is_string()) return "";
  return data["refused"].get<std::string>();
}

std::map<std::string, std::string> expiries_not_fired(const std::vector<StoredAuditRecord>& trail) {
  std::map<std::string, std::string> reasons;
  for (const StoredAuditRecord& stored : trail) {
    const AuditRecord& record = stored.record;
    if (record.kind == "timer_start" || record.kind == "timer_expire") {
      reasons.erase(record.event);
    } else if (std::string reason = not_fired_reason(record); !reason.empty()) {
      reasons[record.event] = std::move(reason);
    }
  }
  return reasons;
}

}  // namespace wageflow::presentation
