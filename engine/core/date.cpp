#include "engine/core/date.h"

#include <cstdio>

namespace wageflow {
namespace {

// Howard Hinnant's civil-date algorithms (public domain).
constexpr std::int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Ymd {
  int y;
  unsigned m, d;
};

constexpr Ymd civil_from_days(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Reads exactly `width` decimal digits at text[pos]; -1 if not digits.
int read_digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

}  // namespace

bool Date::is_valid_ymd(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  int limit = kDays[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
  return day <= limit;
}

Date Date::from_ymd(int year, int month, int day) {
  return Date(days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = read_digits(text, 0, 4), m = read_digits(text, 5, 2), d = read_digits(text, 8, 2);
  if (y < 0 || m < 0 || d < 0 || !is_valid_ymd(y, m, d)) return std::nullopt;
  return from_ymd(y, m, d);
}

int Date::year() const {
  return civil_from_days(days_).y;
}
int Date::month() const {
  return static_cast<int>(civil_from_days(days_).m);
}
int Date::day() const {
  return static_cast<int>(civil_from_days(days_).d);
}
int Date::weekday() const {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  int w = (days_ + 3) % 7;
  return w < 0 ? w + 7 : w;
}

namespace {

// Writes v (0..99) as two digits.
void put_two_digits(char* out, unsigned v) {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
}

// Writes "YYYY-MM-DD" (snprintf's "%04d-%02u-%02u") to out, which holds at
// least 32 chars; returns the length. Years 0..9999 take the direct path.
std::size_t write_date(char* out, std::int32_t days) {
  const Ymd c = civil_from_days(days);
  if (c.y < 0 || c.y > 9999) {
    return static_cast<std::size_t>(std::snprintf(out, 32, "%04d-%02u-%02u", c.y, c.m, c.d));
  }
  const unsigned y = static_cast<unsigned>(c.y);
  put_two_digits(out, y / 100);
  put_two_digits(out + 2, y % 100);
  out[4] = '-';
  put_two_digits(out + 5, c.m);
  out[7] = '-';
  put_two_digits(out + 8, c.d);
  return 10;
}

}  // namespace

std::string Date::to_string() const {
  char buf[32];
  return std::string(buf, write_date(buf, days_));
}

void Date::append_to(std::string& out) const {
  char buf[32];
  out.append(buf, write_date(buf, days_));
}

namespace {
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
}  // namespace

Date local_date(Instant at, int offset_minutes) {
  std::int64_t local = at.seconds + std::int64_t{offset_minutes} * 60;
  return Date::from_days(static_cast<std::int32_t>(floor_div(local, 86400)));
}

Instant start_of_day(Date date, int offset_minutes) {
  return Instant{std::int64_t{date.days()} * 86400 - std::int64_t{offset_minutes} * 60};
}

std::optional<int> parse_utc_offset(std::string_view text) {
  if (text == "Z" || text == "z") return 0;
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
  int h = read_digits(text, 1, 2), m = read_digits(text, 4, 2);
  if (h < 0 || m < 0 || h > 14 || m > 59) return std::nullopt;
  int minutes = h * 60 + m;
  return text[0] == '-' ? -minutes : minutes;
}

std::optional<Instant> parse_instant(std::string_view text, int default_offset_minutes) {
  if (text.size() == 10) {
    auto d = Date::parse(text);
    if (!d) return std::nullopt;
    return Instant{start_of_day(*d, default_offset_minutes).seconds + 9 * 3600};
  }
  if (text.size() < 16 || (text[10] != 'T' && text[10] != ' ')) return std::nullopt;
  auto d = Date::parse(text.substr(0, 10));
  if (!d || text[13] != ':') return std::nullopt;
  int hh = read_digits(text, 11, 2), mm = read_digits(text, 14, 2), ss = 0;
  std::size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    ss = read_digits(text, pos + 1, 2);
    pos += 3;
  }
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) return std::nullopt;
  int offset = default_offset_minutes;
  if (pos < text.size()) {
    auto parsed = parse_utc_offset(text.substr(pos));
    if (!parsed) return std::nullopt;
    offset = *parsed;
  }
  return Instant{start_of_day(*d, offset).seconds + hh * 3600 + mm * 60 + ss};
}

namespace {
// "+08:00"; any offset (the hours take more digits past 99).
std::string format_offset(int offset_minutes) {
  const int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
  return buf;
}

std::string format_with_offset(Instant at, int offset_minutes, bool utc_z) {
  Date d = local_date(at, offset_minutes);
  const std::int64_t day_seconds =
      at.seconds + std::int64_t{offset_minutes} * 60 - std::int64_t{d.days()} * 86400;
  char buf[64];
  std::size_t n = write_date(buf, d.days());
  if (day_seconds < 0 || day_seconds >= 86400) {
    // Only for instants beyond the 32-bit day range: the exact text of the
    // snprintf formatting this replaced.
    std::string out(buf, n);
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", static_cast<int>(day_seconds / 3600),
                  static_cast<int>(day_seconds / 60 % 60), static_cast<int>(day_seconds % 60));
    out += buf;
    return utc_z ? out + "Z" : out + format_offset(offset_minutes);
  }
  const auto secs = static_cast<unsigned>(day_seconds);
  buf[n] = 'T';
  put_two_digits(buf + n + 1, secs / 3600);
  buf[n + 3] = ':';
  put_two_digits(buf + n + 4, secs / 60 % 60);
  buf[n + 6] = ':';
  put_two_digits(buf + n + 7, secs % 60);
  n += 9;
  if (utc_z) {
    buf[n++] = 'Z';
    return std::string(buf, n);
  }
  const int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  if (a / 60 >= 100) return std::string(buf, n) + format_offset(offset_minutes);
  buf[n] = offset_minutes < 0 ? '-' : '+';
  put_two_digits(buf + n + 1, static_cast<unsigned>(a / 60));
  buf[n + 3] = ':';
  put_two_digits(buf + n + 4, static_cast<unsigned>(a % 60));
  return std::string(buf, n + 6);
}
}  // namespace

std::string format_utc(Instant at) {
  return format_with_offset(at, 0, true);
}
std::string format_local(Instant at, int offset_minutes) {
  return format_with_offset(at, offset_minutes, false);
}

}  // namespace wageflow
