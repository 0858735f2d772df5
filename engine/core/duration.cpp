#include "engine/core/duration.h"

namespace wageflow {

const char* unit_name(Duration::Unit unit) {
  switch (unit) {
    case Duration::Unit::kDays:
      return "days";
    case Duration::Unit::kWorkingDays:
      return "working_days";
    case Duration::Unit::kHours:
      return "hours";
  }
  return "?";
}

std::optional<Duration> Duration::parse(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  std::int64_t n = 0;
  std::size_t digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (++digits > 6) return std::nullopt;
    n = n * 10 + (text[i] - '0');
  }
  if (digits == 0 || n > kMaxAmount || i >= text.size() || text[i] != ' ') return std::nullopt;
  while (i < text.size() && text[i] == ' ') ++i;
  std::string_view unit = text.substr(i);
  while (!unit.empty() && unit.back() == ' ') unit.remove_suffix(1);
  Duration d;
  d.amount = n;
  if (unit == "days" || unit == "day") {
    d.unit = Unit::kDays;
  } else if (unit == "working_days" || unit == "working_day") {
    d.unit = Unit::kWorkingDays;
  } else if (unit == "hours" || unit == "hour") {
    d.unit = Unit::kHours;
  } else {
    return std::nullopt;
  }
  return d;
}

std::string Duration::to_string() const {
  return std::to_string(amount) + " " + unit_name(unit);
}

}  // namespace wageflow
