// Calendar dates and UTC instants.
//
// Date is a proleptic Gregorian civil date with no time zone: deadlines are
// dates in a calendar's zone. Instant is a point in time, seconds since the
// Unix epoch in UTC. Conversions between them take the zone's fixed offset
// from UTC in minutes (China has had a single +08:00 offset since 1991).
// All types are plain values: cheap to copy, thread-compatible.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wageflow {

class Date {
 public:
  constexpr Date() = default;
  // Days since 1970-01-01 (may be negative).
  static constexpr Date from_days(std::int32_t days) { return Date(days); }
  // Requires a valid y/m/d (see is_valid_ymd).
  static Date from_ymd(int year, int month, int day);
  static bool is_valid_ymd(int year, int month, int day);
  // Strict "YYYY-MM-DD"; nullopt for any other form or an impossible date
  // such as 2025-02-30.
  static std::optional<Date> parse(std::string_view text);

  std::int32_t days() const { return days_; }
  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  // 0 = Monday ... 6 = Sunday.
  int weekday() const;
  Date plus_days(std::int32_t n) const { return Date(days_ + n); }
  // "YYYY-MM-DD".
  std::string to_string() const;
  // Appends to_string() to `out` without a temporary string.
  void append_to(std::string& out) const;

  friend constexpr auto operator<=>(Date, Date) = default;
  friend constexpr bool operator==(Date, Date) = default;

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

// Difference in days: a - b.
inline std::int32_t days_between(Date b, Date a) {
  return a.days() - b.days();
}

struct Instant {
  std::int64_t seconds = 0;  // since 1970-01-01T00:00:00Z

  friend constexpr auto operator<=>(Instant, Instant) = default;
  friend constexpr bool operator==(Instant, Instant) = default;
};

// The local calendar date of `at` in a zone `offset_minutes` east of UTC.
Date local_date(Instant at, int offset_minutes);
// 00:00 local time of `date` in that zone, as an instant.
Instant start_of_day(Date date, int offset_minutes);
// 24:00 local time of `date` (= 00:00 of the next day).
inline Instant end_of_day(Date date, int offset_minutes) {
  return start_of_day(date.plus_days(1), offset_minutes);
}

// Parses "YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|-HH:MM)" or a bare "YYYY-MM-DD",
// which means 09:00 local time in the zone `default_offset_minutes`.
// A date-time without a zone is also taken in that zone.
std::optional<Instant> parse_instant(std::string_view text, int default_offset_minutes);
// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_utc(Instant at);
// "YYYY-MM-DDTHH:MM:SS+08:00" in the given zone.
std::string format_local(Instant at, int offset_minutes);
// Parses "+08:00" / "-05:30" / "Z" into minutes east of UTC.
std::optional<int> parse_utc_offset(std::string_view text);

}  // namespace wageflow
