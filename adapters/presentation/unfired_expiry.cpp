#include "adapters/presentation/unfired_expiry.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace wageflow::presentation {

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
