// The core value types: Date, Instant, Money, Duration, field values.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "engine/core/date.h"
#include "engine/core/duration.h"
#include "engine/core/money.h"
#include "engine/core/value.h"

namespace wageflow {
namespace {

constexpr int kChina = 480;  // +08:00

Instant utc(const char* text) {
  auto at = parse_instant(text, 0);
  EXPECT_TRUE(at.has_value()) << text;
  return at.value_or(Instant{});
}

// --- Date ---

TEST(DateTest, ParsesRealDatesStrictly) {
  struct Row {
    const char* text;
    int year, month, day;
  };
  const Row rows[] = {
      {"2025-01-24", 2025, 1, 24},  {"2024-02-29", 2024, 2, 29}, {"2000-02-29", 2000, 2, 29},
      {"1970-01-01", 1970, 1, 1},   {"0001-01-01", 1, 1, 1},     {"9999-12-31", 9999, 12, 31},
      {"2025-12-31", 2025, 12, 31},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.text);
    auto date = Date::parse(row.text);
    ASSERT_TRUE(date.has_value());
    EXPECT_EQ(date->year(), row.year);
    EXPECT_EQ(date->month(), row.month);
    EXPECT_EQ(date->day(), row.day);
    EXPECT_EQ(date->to_string(), row.text);
    EXPECT_EQ(*date, Date::from_ymd(row.year, row.month, row.day));
  }
}

TEST(DateTest, RejectsImpossibleDatesAndOtherForms) {
  const char* const rejected[] = {
      "2025-02-30", "2023-02-29",  "1900-02-29",  "2025-04-31", "2025-13-01", "2025-00-10",
      "2025-01-00", "2025-01-32",  "0000-01-01",  "2025-1-24",  "2025/01/24", "25-01-24",
      "",           "2025-01-24 ", " 2025-01-24", "2025-01-2a", "+025-01-01", "2025-01-24T09:00",
      "20250124",   "2025--1-24",
  };
  for (const char* text : rejected) {
    EXPECT_FALSE(Date::parse(text).has_value()) << "'" << text << "'";
  }
  EXPECT_FALSE(Date::is_valid_ymd(2025, 2, 29));
  EXPECT_TRUE(Date::is_valid_ymd(2024, 2, 29));
}

TEST(DateTest, KnowsTheWeekday) {
  struct Row {
    const char* date;
    int weekday;  // 0 Monday .. 6 Sunday
  };
  const Row rows[] = {
      {"1970-01-01", 3}, {"1969-12-31", 2}, {"2025-01-24", 4}, {"2025-01-26", 6},
      {"2025-01-27", 0}, {"2024-02-29", 3}, {"2026-01-01", 3}, {"1900-01-01", 0},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.date);
    EXPECT_EQ(Date::parse(row.date)->weekday(), row.weekday);
  }
}

TEST(DateTest, RoundTripsThroughDaysAndText) {
  for (std::int32_t days = -719162; days <= 2932896; days += 997) {  // 0001-01-01..9999-12-31
    const Date date = Date::from_days(days);
    SCOPED_TRACE(date.to_string());
    auto parsed = Date::parse(date.to_string());
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->days(), days);
    EXPECT_EQ(Date::from_ymd(date.year(), date.month(), date.day()), date);
  }
  const Date start = *Date::parse("2024-12-30");
  EXPECT_EQ(start.plus_days(33).to_string(), "2025-02-01");
  EXPECT_EQ(start.plus_days(-366).to_string(), "2023-12-30");
  EXPECT_EQ(days_between(start, *Date::parse("2025-02-07")), 39);
  EXPECT_LT(start, start.plus_days(1));
}

// --- Instants ---

TEST(InstantTest, ParsesDatesAndDateTimes) {
  struct Row {
    const char* text;
    int default_offset;
    const char* utc;
  };
  const Row rows[] = {
      {"2025-01-24", kChina, "2025-01-24T01:00:00Z"},  // bare date = 09:00 in the zone
      {"2025-01-24", 0, "2025-01-24T09:00:00Z"},
      {"2025-01-24T09:30:00+08:00", 0, "2025-01-24T01:30:00Z"},
      {"2025-01-24T09:30+08:00", 0, "2025-01-24T01:30:00Z"},
      {"2025-01-24T09:30:00Z", kChina, "2025-01-24T09:30:00Z"},
      {"2025-01-24T09:30z", kChina, "2025-01-24T09:30:00Z"},
      {"2025-01-24T09:30", kChina, "2025-01-24T01:30:00Z"},  // no zone: the default zone
      {"2025-01-24 09:30:15-05:00", kChina, "2025-01-24T14:30:15Z"},
      {"2025-01-24T05:00:00+08:00", 0, "2025-01-23T21:00:00Z"},  // the day before in UTC
      {"2025-01-24T23:59:59+05:30", 0, "2025-01-24T18:29:59Z"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.text);
    auto at = parse_instant(row.text, row.default_offset);
    ASSERT_TRUE(at.has_value());
    EXPECT_EQ(format_utc(*at), row.utc);
  }
}

TEST(InstantTest, RejectsInvalidForms) {
  const char* const rejected[] = {
      "",
      "yesterday",
      "2025-02-30",
      "2025-02-30T09:00Z",
      "2025-01-24T24:00",
      "2025-01-24T09:60",
      "2025-01-24T09:30:60",
      "2025-01-24T9:30",
      "2025-01-24T09:30+0800",
      "2025-01-24T09:30:00+08",
      "2025-01-24T09:30:00+15:00",
      "2025-01-24T09:30:",
      "2025-01-24X09:30",
      "2025-01-24T09-30",
      "2025-01-24T09:30:00 +08:00",
      "2025-01-24T09:30:00+08:00 ",
  };
  for (const char* text : rejected) {
    EXPECT_FALSE(parse_instant(text, kChina).has_value()) << "'" << text << "'";
  }
}

TEST(InstantTest, ConvertsLocalDaysAtPlusEightAcrossMidnight) {
  const Date day = *Date::parse("2025-01-24");
  // 00:00 in Beijing is 16:00 UTC the day before; 24:00 is 16:00 UTC that day.
  EXPECT_EQ(start_of_day(day, kChina), utc("2025-01-23T16:00:00Z"));
  EXPECT_EQ(end_of_day(day, kChina), utc("2025-01-24T16:00:00Z"));
  EXPECT_EQ(local_date(utc("2025-01-23T15:59:59Z"), kChina), *Date::parse("2025-01-23"));
  EXPECT_EQ(local_date(utc("2025-01-23T16:00:00Z"), kChina), day);
  EXPECT_EQ(local_date(utc("2025-01-24T15:59:59Z"), kChina), day);
  EXPECT_EQ(local_date(utc("2025-01-24T16:00:00Z"), kChina), *Date::parse("2025-01-25"));
  EXPECT_EQ(local_date(Instant{-1}, 0), *Date::parse("1969-12-31"));
  EXPECT_EQ(local_date(Instant{-1}, kChina), *Date::parse("1970-01-01"));
  EXPECT_EQ(local_date(utc("2025-01-24T02:00:00Z"), -300), *Date::parse("2025-01-23"));
  EXPECT_EQ(format_local(utc("2025-01-23T16:00:00Z"), kChina), "2025-01-24T00:00:00+08:00");
  EXPECT_EQ(format_local(utc("2025-01-24T02:00:00Z"), -330), "2025-01-23T20:30:00-05:30");
}

TEST(InstantTest, ParsesUtcOffsets) {
  EXPECT_EQ(parse_utc_offset("+08:00"), 480);
  EXPECT_EQ(parse_utc_offset("-05:30"), -330);
  EXPECT_EQ(parse_utc_offset("Z"), 0);
  for (const char* bad : {"+8", "+0800", "08:00", "+08:0", "UTC+8", "", "+15:00", "+08:60"}) {
    EXPECT_FALSE(parse_utc_offset(bad).has_value()) << "'" << bad << "'";
  }
}

// --- Money ---

TEST(MoneyTest, ParsesYuanToExactFen) {
  struct Row {
    const char* text;
    std::int64_t fen;
  };
  const Row rows[] = {
      {"8600", 860000},
      {"8600.5", 860050},
      {"8600.50", 860050},
      {"-12.3", -1230},
      {"-12.30", -1230},
      {"0.01", 1},
      {"0", 0},
      {"0.10", 10},
      {"-0.05", -5},
      {"9999999999999.99", 999999999999999},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.text);
    auto money = Money::parse(row.text);
    ASSERT_TRUE(money.has_value());
    EXPECT_EQ(money->fen, row.fen);
  }
}

TEST(MoneyTest, RejectsAnythingButYuanWithAtMostTwoDecimals) {
  const char* const rejected[] = {
      "abc",
      "1.234",
      "",
      "1e3",
      "-",
      ".5",
      "5.",
      "1,000",
      " 5",
      "5 ",
      "--5",
      "12.3.4",
      "¥5",
      "100000000000000",  // 10^14 yuan: too large
  };
  for (const char* text : rejected) {
    EXPECT_FALSE(Money::parse(text).has_value()) << "'" << text << "'";
  }
}

TEST(MoneyTest, FormatsWithTwoDecimals) {
  struct Row {
    std::int64_t fen;
    const char* text;
  };
  const Row rows[] = {
      {860050, "8600.50"}, {-1230, "-12.30"},
      {0, "0.00"},         {5, "0.05"},
      {-5, "-0.05"},       {100, "1.00"},
      {212000, "2120.00"}, {std::numeric_limits<std::int64_t>::min(), "-92233720368547758.08"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.text);
    EXPECT_EQ(Money{row.fen}.to_string(), row.text);
  }
  for (std::int64_t fen : {0LL, 1LL, -1LL, 860050LL, -999999999999999LL}) {
    EXPECT_EQ(Money::parse(Money{fen}.to_string())->fen, fen) << fen;
  }
  EXPECT_EQ(Money::from_yuan(2120).fen, 212000);
}

// --- Duration ---

TEST(DurationTest, ParsesTheThreeUnits) {
  struct Row {
    const char* text;
    std::int64_t amount;
    Duration::Unit unit;
  };
  const Row rows[] = {
      {"5 working_days", 5, Duration::Unit::kWorkingDays},
      {"1 working_day", 1, Duration::Unit::kWorkingDays},
      {"15 days", 15, Duration::Unit::kDays},
      {"1 day", 1, Duration::Unit::kDays},
      {"0 days", 0, Duration::Unit::kDays},
      {"48 hours", 48, Duration::Unit::kHours},
      {"1 hour", 1, Duration::Unit::kHours},
      {"100000 days", 100000, Duration::Unit::kDays},
      {"3   days", 3, Duration::Unit::kDays},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.text);
    auto length = Duration::parse(row.text);
    ASSERT_TRUE(length.has_value());
    EXPECT_EQ(length->amount, row.amount);
    EXPECT_EQ(length->unit, row.unit);
  }
  EXPECT_EQ(Duration::parse("5 working_days")->to_string(), "5 working_days");
  EXPECT_EQ(Duration::parse("1 day")->to_string(), "1 days");
}

TEST(DurationTest, RejectsOtherForms) {
  const char* const rejected[] = {
      "5 weekdays", "five days", "-1 days", "5days",          "100001 days",  "", "days", "5",
      "5 Days",     "1.5 days",  "+5 days", "5 days 3 hours", "1000000 days",
  };
  for (const char* text : rejected) {
    EXPECT_FALSE(Duration::parse(text).has_value()) << "'" << text << "'";
  }
}

// --- Field values ---

TEST(FieldValueTest, ParsesAndFormatsEveryFieldType) {
  struct Row {
    FieldType type;
    const char* text;
    Value value;
    const char* formatted;
  };
  const Row rows[] = {
      {FieldType::kString, "张三", Value{std::string("张三")}, "张三"},
      {FieldType::kText, "拖欠三个月工资。", Value{std::string("拖欠三个月工资。")},
       "拖欠三个月工资。"},
      {FieldType::kEnum, "长春市", Value{std::string("长春市")}, "长春市"},
      {FieldType::kInt, "12", Value{std::int64_t{12}}, "12"},
      {FieldType::kInt, "-3", Value{std::int64_t{-3}}, "-3"},
      {FieldType::kMoney, "8600.5", Value{Money{860050}}, "8600.50"},
      {FieldType::kMoney, "8600", Value{Money{860000}}, "8600.00"},
      {FieldType::kDate, "2025-01-24", Value{*Date::parse("2025-01-24")}, "2025-01-24"},
      {FieldType::kBool, "true", Value{true}, "true"},
      {FieldType::kBool, "false", Value{false}, "false"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(std::string(field_type_name(row.type)) + " '" + row.text + "'");
    auto parsed = parse_value(row.type, row.text);
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    EXPECT_EQ(parsed.value(), row.value);
    EXPECT_EQ(format_value(parsed.value()), row.formatted);
  }
  EXPECT_EQ(format_value(Value{}), "");
  EXPECT_FALSE(is_set(Value{}));
  EXPECT_TRUE(is_set(Value{std::string()}));
}

TEST(FieldValueTest, RefusesBadTextSayingWhatWasExpected) {
  struct Row {
    FieldType type;
    const char* text;
    const char* expected_form;
  };
  const Row rows[] = {
      {FieldType::kInt, "12.5", "whole number"},
      {FieldType::kInt, "", "whole number"},
      {FieldType::kInt, "abc", "whole number"},
      {FieldType::kInt, "99999999999999999999",
       "too large: expected a whole number up to 9223372036854775807"},
      {FieldType::kInt, "-99999999999999999999", "too large"},
      {FieldType::kMoney, "99999999999999", "too large: expected at most 13 digits of yuan"},
      {FieldType::kMoney, "99999999999999.50", "too large"},
      {FieldType::kMoney, "99999999999999.505", "8600.50"},  // malformed before too large
      {FieldType::kMoney, "abc", "8600.50"},
      {FieldType::kMoney, "1.234", "8600.50"},
      {FieldType::kDate, "2025-02-30", "YYYY-MM-DD"},
      {FieldType::kDate, "24/01/2025", "YYYY-MM-DD"},
      {FieldType::kBool, "yes", "true or false"},
      {FieldType::kBool, "True", "true or false"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(std::string(field_type_name(row.type)) + " '" + row.text + "'");
    auto parsed = parse_value(row.type, row.text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.error().find(row.expected_form), std::string::npos) << parsed.error();
    EXPECT_NE(parsed.error().find("got '" + std::string(row.text) + "'"), std::string::npos)
        << parsed.error();
  }
}

TEST(FieldValueTest, NamesEveryFieldType) {
  EXPECT_STREQ(field_type_name(FieldType::kString), "string");
  EXPECT_STREQ(field_type_name(FieldType::kText), "text");
  EXPECT_STREQ(field_type_name(FieldType::kInt), "int");
  EXPECT_STREQ(field_type_name(FieldType::kMoney), "money");
  EXPECT_STREQ(field_type_name(FieldType::kDate), "date");
  EXPECT_STREQ(field_type_name(FieldType::kBool), "bool");
  EXPECT_STREQ(field_type_name(FieldType::kEnum), "enum");
}

}  // namespace
}  // namespace wageflow
