// Private to engine/calendar: weekday names as calendar files and
// explanations spell them. Index = Date::weekday() (0 Monday .. 6 Sunday).
#pragma once

#include <string>

#include "engine/core/date.h"

namespace wageflow::calendar_detail {

inline constexpr const char* kWeekdayKeys[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
inline constexpr const char* kWeekdayShort[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// "2025-01-26 (Sun)".
inline void append_date_with_weekday(std::string& out, Date date) {
  date.append_to(out);
  out += " (";
  out.append(kWeekdayShort[date.weekday()], 3);
  out += ')';
}

inline std::string date_with_weekday(Date date) {
  std::string out;
  out.reserve(16);
  append_date_with_weekday(out, date);
  return out;
}

}  // namespace wageflow::calendar_detail
