// The calendar loader reports every problem with the line and column of the
// offending node (1-based). Each YAML below is numbered in its comments.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/calendar/calendar.h"

namespace wageflow {
namespace {

struct Loaded {
  bool ok = false;
  std::string error;
  std::shared_ptr<const Calendar> calendar;
  std::vector<Diagnostic> diagnostics;

  std::string all() const {
    std::string text;
    for (const auto& d : diagnostics) text += "\n  " + d.to_string();
    return text;
  }
};

Loaded load(const std::string& yaml, const std::string& file = "cn-test.yaml") {
  Loaded loaded;
  auto result = Calendar::load_text(yaml, file, &loaded.diagnostics);
  loaded.ok = result.ok();
  if (result.ok()) {
    loaded.calendar = result.value();
  } else {
    loaded.error = result.error();
  }
  return loaded;
}

// Expects exactly one diagnostic, at line:column, whose message contains `text`.
void expect_only(const Loaded& loaded, Diagnostic::Severity severity, int line, int column,
                 const std::string& text) {
  ASSERT_EQ(loaded.diagnostics.size(), 1u) << loaded.all();
  const Diagnostic& d = loaded.diagnostics[0];
  EXPECT_EQ(d.severity, severity) << d.to_string();
  EXPECT_EQ(d.line, line) << d.to_string();
  EXPECT_EQ(d.column, column) << d.to_string();
  EXPECT_NE(d.message.find(text), std::string::npos) << d.to_string();
  EXPECT_EQ(d.file, "cn-test.yaml");
  EXPECT_EQ(loaded.ok, severity == Diagnostic::Severity::kWarning) << loaded.error;
}

void expect_error(const Loaded& loaded, int line, int column, const std::string& text) {
  expect_only(loaded, Diagnostic::Severity::kError, line, column, text);
}

// A valid calendar: 2024 and 2025 with a few real dates.
const char* const kValid =
    "calendar: cn-test\n"                                       // 1
    "timezone: '+08:00'\n"                                      // 2
    "weekend: [sat, sun]\n"                                     // 3
    "years:\n"                                                  // 4
    "  2024:\n"                                                 // 5
    "    holidays: ['2024-10-01..2024-10-07']\n"                // 6
    "    workdays: ['2024-09-29', '2024-10-12']\n"              // 7
    "  2025:\n"                                                 // 8
    "    holidays: ['2025-01-01', '2025-01-28..2025-02-04']\n"  // 9
    "    workdays: ['2025-01-26', '2025-02-08']\n";             // 10

TEST(CalendarLoaderTest, LoadsAValidCalendarWithoutDiagnostics) {
  Loaded loaded = load(kValid);
  ASSERT_TRUE(loaded.ok) << loaded.error << loaded.all();
  EXPECT_TRUE(loaded.diagnostics.empty()) << loaded.all();
  EXPECT_EQ(loaded.calendar->name(), "cn-test");
  EXPECT_EQ(loaded.calendar->utc_offset_minutes(), 480);
  EXPECT_EQ(loaded.calendar->first_year(), 2024);
  EXPECT_EQ(loaded.calendar->last_year(), 2025);
  EXPECT_TRUE(loaded.calendar->is_holiday(*Date::parse("2025-02-01")));  // Sat holiday is fine
  EXPECT_TRUE(loaded.calendar->is_make_up_workday(*Date::parse("2025-01-26")));
  EXPECT_TRUE(loaded.calendar->is_weekend(*Date::parse("2025-01-26")));
  EXPECT_FALSE(loaded.calendar->is_weekend(*Date::parse("2025-01-24")));
}

TEST(CalendarLoaderTest, ReportsAnUnclosedBracketAtTheBracket) {
  // yaml-cpp detects the unclosed '[' of line 3 at the start of line 4;
  // the error is placed at the bracket.
  Loaded loaded = load(
      "calendar: cn-test\n"   // 1
      "timezone: '+08:00'\n"  // 2
      "weekend: [sat, sun\n"  // 3
      "years: {}\n");         // 4
  ASSERT_EQ(loaded.diagnostics.size(), 1u) << loaded.all();
  EXPECT_FALSE(loaded.ok);
  EXPECT_EQ(loaded.diagnostics[0].line, 3) << loaded.all();
  EXPECT_EQ(loaded.diagnostics[0].column, 10) << loaded.all();
  EXPECT_NE(loaded.diagnostics[0].message.find("YAML syntax error"), std::string::npos);
  EXPECT_NE(loaded.diagnostics[0].message.find("the [ opened here is not closed"),
            std::string::npos)
      << loaded.all();
}

TEST(CalendarLoaderTest, RejectsUnknownTopLevelKeyNamingTheAllowedKeys) {
  Loaded loaded = load(std::string(kValid) + "holiday: ['2025-05-01']\n");  // 11
  expect_error(loaded, 11, 1,
               "unknown key 'holiday' (allowed: calendar, timezone, weekend, years)");
}

TEST(CalendarLoaderTest, RejectsUnknownKeyInAYearSection) {
  Loaded loaded = load(
      "calendar: cn-test\n"              // 1
      "timezone: '+08:00'\n"             // 2
      "weekend: [sat, sun]\n"            // 3
      "years:\n"                         // 4
      "  2025:\n"                        // 5
      "    holidays: ['2025-01-01']\n"   // 6
      "    workdays: []\n"               // 7
      "    workday: ['2025-01-26']\n");  // 8
  expect_error(loaded, 8, 5, "unknown key 'workday' in year 2025 (allowed: holidays, workdays)");
}

TEST(CalendarLoaderTest, RejectsMissingTopLevelKeyAtTheStartOfTheMap) {
  Loaded loaded = load(
      "# test calendar\n"                                     // 1
      "calendar: cn-test\n"                                   // 2
      "weekend: [sat, sun]\n"                                 // 3
      "years:\n"                                              // 4
      "  2025: {holidays: ['2025-01-01'], workdays: []}\n");  // 5
  expect_error(loaded, 2, 1, "missing key 'timezone'");
}

TEST(CalendarLoaderTest, RejectsYearWithoutWorkdaysAtTheYearKey) {
  Loaded loaded = load(
      "calendar: cn-test\n"               // 1
      "timezone: '+08:00'\n"              // 2
      "weekend: [sat, sun]\n"             // 3
      "years:\n"                          // 4
      "  2025:\n"                         // 5
      "    holidays: ['2025-01-01']\n");  // 6
  expect_error(loaded, 5, 3, "missing key 'workdays' in year 2025");
}

TEST(CalendarLoaderTest, RejectsImpossibleDate) {
  Loaded loaded = load(
      "calendar: cn-test\n"     // 1
      "timezone: '+08:00'\n"    // 2
      "weekend: [sat, sun]\n"   // 3
      "years:\n"                // 4
      "  2025:\n"               // 5
      "    holidays:\n"         // 6
      "      - '2025-01-01'\n"  // 7
      "      - '2025-02-30'\n"  // 8
      "    workdays: []\n");    // 9
  expect_error(loaded, 8, 9, "bad date '2025-02-30'");
}

TEST(CalendarLoaderTest, RejectsRangeThatEndsBeforeItStarts) {
  Loaded loaded = load(
      "calendar: cn-test\n"                                       // 1
      "timezone: '+08:00'\n"                                      // 2
      "weekend: [sat, sun]\n"                                     // 3
      "years:\n"                                                  // 4
      "  2025:\n"                                                 // 5
      "    holidays: ['2025-01-01', '2025-02-04..2025-01-28']\n"  // 6
      "    workdays: []\n");                                      // 7
  expect_error(loaded, 6, 30, "bad date range '2025-02-04..2025-01-28': it ends before");
}

TEST(CalendarLoaderTest, RejectsDateOutsideItsYearSection) {
  Loaded loaded = load(
      "calendar: cn-test\n"                           // 1
      "timezone: '+08:00'\n"                          // 2
      "weekend: [sat, sun]\n"                         // 3
      "years:\n"                                      // 4
      "  2025:\n"                                     // 5
      "    holidays: ['2025-01-01']\n"                // 6
      "    workdays: []\n"                            // 7
      "  2026:\n"                                     // 8
      "    holidays: ['2025-10-01', '2026-01-01']\n"  // 9
      "    workdays: []\n");                          // 10
  expect_error(loaded, 9, 16, "2025-10-01 is not in year 2026");
}

// A year key mistyped (2026 for 2025) is one error at the key, not one at
// every date under it and another for the gap in the years.
TEST(CalendarLoaderTest, NamesAMistypedYearKeyOnceAtTheKey) {
  std::string text = kValid;  // 2025 (line 8) mistyped as 2026
  text.replace(text.find("  2025:"), 7, "  2026:");
  Loaded loaded = load(text);
  expect_error(loaded, 8, 3, "year 2026 lists only dates of 2025: is the key meant to be 2025?");
}

TEST(CalendarLoaderTest, RejectsRangeReachingIntoTheNextYear) {
  Loaded loaded = load(
      "calendar: cn-test\n"               // 1
      "timezone: '+08:00'\n"              // 2
      "weekend: [sat, sun]\n"             // 3
      "years:\n"                          // 4
      "  2025:\n"                         // 5
      "    holidays:\n"                   // 6
      "      - 2025-12-31..2026-01-01\n"  // 7 (unquoted)
      "    workdays: []\n");              // 8
  expect_error(loaded, 7, 9, "range '2025-12-31..2026-01-01' reaches outside year 2025");
}

TEST(CalendarLoaderTest, RejectsDayListedAsHolidayAndMakeUpWorkdayAtTheWorkday) {
  Loaded loaded = load(
      "calendar: cn-test\n"                         // 1
      "timezone: '+08:00'\n"                        // 2
      "weekend: [sat, sun]\n"                       // 3
      "years:\n"                                    // 4
      "  2025:\n"                                   // 5
      "    holidays: ['2025-01-28..2025-02-04']\n"  // 6
      "    workdays:\n"                             // 7
      "      - '2025-01-26'\n"                      // 8
      "      - '2025-02-01'\n");                    // 9
  expect_error(loaded, 9, 9,
               "2025-02-01 is listed both as a holiday (line 6) and as a make-up workday");
}

TEST(CalendarLoaderTest, WarnsAboutMakeUpWorkdayThatIsNotAWeekendDay) {
  Loaded loaded = load(
      "calendar: cn-test\n"                             // 1
      "timezone: '+08:00'\n"                            // 2
      "weekend: [sat, sun]\n"                           // 3
      "years:\n"                                        // 4
      "  2025:\n"                                       // 5
      "    holidays: ['2025-01-01']\n"                  // 6
      "    workdays: ['2025-01-26', '2025-01-27']\n");  // 7
  expect_only(loaded, Diagnostic::Severity::kWarning, 7, 30,
              "make-up workday 2025-01-27 (Mon) is not a weekend day");
  ASSERT_TRUE(loaded.calendar);
  EXPECT_TRUE(loaded.calendar->is_working_day(*Date::parse("2025-01-27")));
}

TEST(CalendarLoaderTest, AcceptsHolidayOnAWeekendDay) {
  Loaded loaded = load(
      "calendar: cn-test\n"                           // 1
      "timezone: '+08:00'\n"                          // 2
      "weekend: [sat, sun]\n"                         // 3
      "years:\n"                                      // 4
      "  2025:\n"                                     // 5
      "    holidays: ['2025-02-01', '2025-02-02']\n"  // 6: Sat, Sun
      "    workdays: []\n");                          // 7
  ASSERT_TRUE(loaded.ok) << loaded.error;
  EXPECT_TRUE(loaded.diagnostics.empty()) << loaded.all();
  EXPECT_TRUE(loaded.calendar->is_holiday(*Date::parse("2025-02-01")));
}

TEST(CalendarLoaderTest, RejectsDuplicateYearAtTheSecondOne) {
  Loaded loaded = load(
      "calendar: cn-test\n"                                   // 1
      "timezone: '+08:00'\n"                                  // 2
      "weekend: [sat, sun]\n"                                 // 3
      "years:\n"                                              // 4
      "  2025: {holidays: ['2025-01-01'], workdays: []}\n"    // 5
      "  2025: {holidays: ['2025-05-01'], workdays: []}\n");  // 6
  expect_error(loaded, 6, 3, "year 2025 is listed twice (first at line 5)");
}

TEST(CalendarLoaderTest, RejectsBadTimezone) {
  Loaded loaded = load(
      "calendar: cn-test\n"                                   // 1
      "timezone: 'UTC+8'\n"                                   // 2
      "weekend: [sat, sun]\n"                                 // 3
      "years:\n"                                              // 4
      "  2025: {holidays: ['2025-01-01'], workdays: []}\n");  // 5
  expect_error(loaded, 2, 11, "bad timezone 'UTC+8': expected a UTC offset such as '+08:00'");
}

TEST(CalendarLoaderTest, RejectsBadWeekdayName) {
  Loaded loaded = load(
      "calendar: cn-test\n"                                   // 1
      "timezone: '+08:00'\n"                                  // 2
      "weekend: [sat, sunday]\n"                              // 3
      "years:\n"                                              // 4
      "  2025: {holidays: ['2025-01-01'], workdays: []}\n");  // 5
  expect_error(loaded, 3, 16, "bad weekday 'sunday': expected one of mon, tue, wed");
}

TEST(CalendarLoaderTest, RejectsWeekendOfAllSevenDays) {
  Loaded loaded = load(
      "calendar: cn-test\n"                                   // 1
      "timezone: '+08:00'\n"                                  // 2
      "weekend: [mon, tue, wed, thu, fri, sat, sun]\n"        // 3
      "years:\n"                                              // 4
      "  2025: {holidays: ['2025-01-01'], workdays: []}\n");  // 5
  expect_error(loaded, 3, 10, "weekend lists all seven days");
}

TEST(CalendarLoaderTest, RejectsNonConsecutiveYearsAtTheYearAfterTheGap) {
  Loaded loaded = load(
      "calendar: cn-test\n"                                   // 1
      "timezone: '+08:00'\n"                                  // 2
      "weekend: [sat, sun]\n"                                 // 3
      "years:\n"                                              // 4
      "  2024: {holidays: ['2024-01-01'], workdays: []}\n"    // 5
      "  2026: {holidays: ['2026-01-01'], workdays: []}\n");  // 6
  expect_error(loaded, 6, 3, "years must be consecutive: 2024 is followed by 2026");
}

TEST(CalendarLoaderTest, RejectsCalendarNameThatDiffersFromTheFileName) {
  Loaded loaded = load(kValid, "calendars/cn-other.yaml");
  ASSERT_EQ(loaded.diagnostics.size(), 1u) << loaded.all();
  const Diagnostic& d = loaded.diagnostics[0];
  EXPECT_EQ(d.to_string(),
            "calendars/cn-other.yaml:1:11: error: calendar 'cn-test' is in file "
            "'cn-other.yaml': workflows name calendars by file, so name it 'cn-other' or rename "
            "the file to 'cn-test.yaml'");
  EXPECT_FALSE(loaded.ok);
}

TEST(CalendarLoaderTest, RejectsBadCalendarName) {
  Loaded loaded = load(std::string("calendar: CN_Test\n") + (kValid + 18));
  expect_error(loaded, 1, 11, "bad calendar name 'CN_Test'");
}

TEST(CalendarLoaderTest, ReportsEveryProblemInLineOrderWithAOneLineSummary) {
  Loaded loaded = load(
      "calendar: cn-test\n"                                       // 1
      "timezone: '+8'\n"                                          // 2: bad timezone
      "weekend: [sat, sun]\n"                                     // 3
      "colour: red\n"                                             // 4: unknown key
      "years:\n"                                                  // 5
      "  2025:\n"                                                 // 6
      "    holidays: ['2025-02-30', '2025-01-28..2025-02-04']\n"  // 7: bad date
      "    workdays: ['2025-01-26', '2025-01-29']\n"              // 8: both holiday and workday
      "  2027: {holidays: [], workdays: []}\n");                  // 9: gap
  struct Expected {
    int line;
    int column;
    const char* text;
  };
  const Expected expected[] = {
      {2, 11, "bad timezone '+8'"},
      {4, 1, "unknown key 'colour'"},
      {7, 16, "bad date '2025-02-30'"},
      {8, 30, "2025-01-29 is listed both as a holiday (line 7)"},
      {9, 3, "years must be consecutive: 2025 is followed by 2027"},
  };
  ASSERT_EQ(loaded.diagnostics.size(), std::size(expected)) << loaded.all();
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    SCOPED_TRACE(loaded.diagnostics[i].to_string());
    EXPECT_EQ(loaded.diagnostics[i].line, expected[i].line);
    EXPECT_EQ(loaded.diagnostics[i].column, expected[i].column);
    EXPECT_NE(loaded.diagnostics[i].message.find(expected[i].text), std::string::npos);
  }
  EXPECT_FALSE(loaded.ok);
  EXPECT_EQ(loaded.error.find('\n'), std::string::npos) << loaded.error;
  EXPECT_NE(loaded.error.find("5 errors"), std::string::npos) << loaded.error;
  EXPECT_NE(loaded.error.find("cn-test.yaml:2:11"), std::string::npos) << loaded.error;
}

TEST(CalendarLoaderTest, KeepsDiagnosticsAlreadyInTheList) {
  std::vector<Diagnostic> diagnostics = {
      Diagnostic{"other.yaml", 9, 9, Diagnostic::Severity::kError, "earlier problem"}};
  auto result = Calendar::load_text("calendar: cn-test\n", "cn-test.yaml", &diagnostics);
  EXPECT_FALSE(result.ok());
  ASSERT_GE(diagnostics.size(), 2u);
  EXPECT_EQ(diagnostics[0].file, "other.yaml");
}

class CalendarFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("wageflow-calendar-test-" +
            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  std::filesystem::path dir_;
};

TEST_F(CalendarFileTest, LoadsAFileNamedAfterItsCalendar) {
  const std::string path = write("cn-test.yaml", kValid);
  std::vector<Diagnostic> diagnostics;
  auto result = Calendar::load_file(path, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_TRUE(diagnostics.empty());
  EXPECT_EQ(result.value()->name(), "cn-test");
}

TEST_F(CalendarFileTest, RejectsAFileWhoseNameDiffersFromItsCalendar) {
  const std::string path = write("cn-renamed.yaml", kValid);
  std::vector<Diagnostic> diagnostics;
  auto result = Calendar::load_file(path, &diagnostics);
  EXPECT_FALSE(result.ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].file, path);
  EXPECT_EQ(diagnostics[0].line, 1);
  EXPECT_EQ(diagnostics[0].column, 11);
  EXPECT_NE(diagnostics[0].message.find("name it 'cn-renamed'"), std::string::npos)
      << diagnostics[0].to_string();
}

TEST_F(CalendarFileTest, ReportsAMissingFile) {
  std::vector<Diagnostic> diagnostics;
  auto result = Calendar::load_file((dir_ / "absent.yaml").string(), &diagnostics);
  EXPECT_FALSE(result.ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_NE(diagnostics[0].message.find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace wageflow
