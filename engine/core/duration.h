// A deadline length as administrators write it: "5 working_days",
// "15 days", "48 hours".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wageflow {

struct Duration {
  enum class Unit { kDays, kWorkingDays, kHours };
  static constexpr std::int64_t kMaxAmount = 100000;  // the largest N parse accepts
  std::int64_t amount = 0;
  Unit unit = Unit::kDays;

  // Accepts "N days", "N working_days", "N hours" (N a whole number 0..100000;
  // the singular "day", "working_day", "hour" too), separated by one or more
  // spaces. nullopt for anything else ("5 weekdays", "five days", "-1 days").
  static std::optional<Duration> parse(std::string_view text);
  // "5 working_days".
  std::string to_string() const;

  friend bool operator==(const Duration&, const Duration&) = default;
};

// "days", "working_days", "hours".
const char* unit_name(Duration::Unit unit);

}  // namespace wageflow
