// Date::to_string, format_utc and format_local write their digits directly
// since they were found to cost a fifth of `decide`. Their texts end up in
// hash-chained audit records, so they are compared here with the snprintf
// formatting they replaced over a wide range of days, times and offsets.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

#include "engine/core/date.h"

namespace wageflow {
namespace {

// The formatting before the change (commit fa9789f), verbatim.
std::string old_date_text(Date d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year(), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::string old_format(Instant at, int offset_minutes, bool utc_z) {
  Date d = local_date(at, offset_minutes);
  std::int64_t secs =
      at.seconds + std::int64_t{offset_minutes} * 60 - std::int64_t{d.days()} * 86400;
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d", old_date_text(d).c_str(),
                        static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                        static_cast<int>(secs % 60));
  std::string out(buf, static_cast<std::size_t>(n));
  if (utc_z) return out + "Z";
  int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
  return out + buf;
}

TEST(DateFormatTest, DateTextEqualsSnprintfFormattingForEveryDayFromYearMinus5To12000) {
  const std::int32_t first = Date::from_ymd(1, 1, 1).days() - 6 * 366;
  const std::int32_t last = Date::from_ymd(9999, 12, 31).days() + 2000 * 366;
  int compared = 0;
  for (std::int32_t days = first; days <= last; ++days) {
    const Date d = Date::from_days(days);
    const std::string expected = old_date_text(d);
    ASSERT_EQ(d.to_string(), expected) << "days " << days;
    std::string appended = "x";
    d.append_to(appended);
    ASSERT_EQ(appended, "x" + expected) << "days " << days;
    ++compared;
  }
  EXPECT_EQ(compared, last - first + 1);
}

TEST(DateFormatTest, InstantTextsEqualSnprintfFormattingForManyInstantsAndOffsets) {
  std::mt19937_64 random(20261128);
  std::uniform_int_distribution<std::int64_t> near(-2'000'000'000LL, 8'000'000'000LL);
  std::uniform_int_distribution<std::int64_t> wide(-300'000'000'000LL, 300'000'000'000LL);
  const int offsets[] = {0, 480, -480, 330, -330, 345, 840, -840, 59, -59, 1, -1, 6000, -6000};
  for (int i = 0; i < 200000; ++i) {
    const Instant at{i % 4 == 3 ? wide(random) : near(random)};
    ASSERT_EQ(format_utc(at), old_format(at, 0, true)) << at.seconds;
    for (int offset : offsets) {
      ASSERT_EQ(format_local(at, offset), old_format(at, offset, false))
          << at.seconds << " offset " << offset;
    }
  }
}

TEST(DateFormatTest, InstantTextsEqualSnprintfFormattingAroundMidnightsAndEpoch) {
  for (std::int64_t day : {-719468LL, -1LL, 0LL, 20112LL, 2932896LL}) {
    for (std::int64_t second = -3; second <= 3; ++second) {
      const Instant at{day * 86400 + second};
      ASSERT_EQ(format_utc(at), old_format(at, 0, true)) << at.seconds;
      ASSERT_EQ(format_local(at, 480), old_format(at, 480, false)) << at.seconds;
      ASSERT_EQ(format_local(at, -300), old_format(at, -300, false)) << at.seconds;
    }
  }
  EXPECT_EQ(format_utc(Instant{1737682200}), "2025-01-24T01:30:00Z");
  EXPECT_EQ(format_local(Instant{1737682200}, 480), "2025-01-24T09:30:00+08:00");
}

}  // namespace
}  // namespace wageflow
