// `calendar: NAME` loads <calendars_dir>/NAME.yaml; problems with it are
// reported at the calendar value.
#include <gtest/gtest.h>

#include "tests/engine/definition/workspace.h"

namespace wageflow {
namespace {

using testing::expect_error;
using testing::expect_warning;
using testing::kMinimal;
using testing::Workspace;

std::string with_calendar(const std::string& name) {
  std::string yaml = kMinimal;
  yaml.replace(yaml.find("test-cal"), 8, name);
  return yaml;
}

TEST(DefinitionCalendar, LoadsTheNamedCalendarFromTheCalendarsFolder) {
  Workspace ws;
  auto loaded = ws.load(kMinimal);
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  ASSERT_TRUE(loaded.def().calendar);
  EXPECT_EQ(loaded.def().calendar->name(), "test-cal");
  EXPECT_TRUE(loaded.def().calendar->is_holiday(*Date::parse("2025-01-01")));
}

TEST(DefinitionCalendar, LoadsTheShippedCnMainlandCalendar) {
  Workspace ws;
  LoadOptions options;
  options.calendars_dir = WAGEFLOW_SOURCE_DIR "/workflows/calendars";
  auto loaded = ws.load(with_calendar("cn-mainland"), options);
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  EXPECT_EQ(loaded.def().calendar->name(), "cn-mainland");
}

TEST(DefinitionCalendar, RejectsUnknownCalendarAtItsValue) {
  Workspace ws;
  expect_error(
      ws.load(with_calendar("cn-mainlnd")), 3, 11,
      "unknown calendar 'cn-mainlnd': there is no " + ws.path("calendars") + "/cn-mainlnd.yaml");
}

TEST(DefinitionCalendar, TellsAFileNameWithYamlToDropIt) {
  Workspace ws;
  expect_error(ws.load(with_calendar("test-cal.yaml")), 3, 11,
               "name the calendar without .yaml: test-cal");
}

TEST(DefinitionCalendar, RejectsCalendarNameWithFolders) {
  Workspace ws;
  expect_error(ws.load(with_calendar("../test-cal")), 3, 11,
               "calendar name '../test-cal' must be a file name without folders");
}

TEST(DefinitionCalendar, RejectsCalendarWithErrorsAndAppendsItsDiagnostics) {
  Workspace ws;
  ws.write("calendars/broken.yaml",
           "calendar: broken\ntimezone: '+08:00'\nweekend: [sat, sun]\n"
           "years:\n  2025:\n    holidays: ['2025-02-30']\n    workdays: []\n");
  auto loaded = ws.load(with_calendar("broken"));
  expect_error(
      loaded, 3, 11,
      "calendar 'broken' in " + ws.path("calendars/broken.yaml") + " has errors (listed below)");
  // The calendar's own diagnostics follow, naming its file.
  ASSERT_EQ(loaded.diagnostics.size(), 2u) << loaded.listing();
  EXPECT_EQ(loaded.diagnostics[0].line, 3);
  EXPECT_EQ(loaded.diagnostics[1].file, ws.path("calendars/broken.yaml"));
  EXPECT_EQ(loaded.diagnostics[1].line, 6) << loaded.listing();
  // Only this file's errors are counted in the summary.
  EXPECT_EQ(loaded.result.error(), "1 error in " + loaded.file);
}

TEST(DefinitionCalendar, WarnsWhenTheCalendarEndsWithin90DaysOfToday) {
  Workspace ws;
  LoadOptions options = ws.options();
  options.today = Date::parse("2025-10-02");  // 90 days before 2025-12-31
  auto loaded = ws.load(kMinimal, options);
  EXPECT_TRUE(loaded.ok()) << loaded.listing();
  expect_warning(loaded, 3, 11,
                 "calendar 'test-cal' ends on 2025-12-31 (its last listed year), within 90 days "
                 "of today (2025-10-02)");
}

TEST(DefinitionCalendar, WarnsWhenTheCalendarHasAlreadyEnded) {
  Workspace ws;
  LoadOptions options = ws.options();
  options.today = Date::parse("2026-03-01");
  expect_warning(ws.load(kMinimal, options), 3, 11, "before today (2026-03-01)");
}

TEST(DefinitionCalendar, DoesNotWarnWhenTheCalendarRunsMoreThan90DaysOrTodayIsUnset) {
  Workspace ws;
  LoadOptions options = ws.options();
  options.today = Date::parse("2025-10-01");  // 91 days before 2025-12-31
  auto loaded = ws.load(kMinimal, options);
  EXPECT_TRUE(loaded.diagnostics.empty()) << loaded.listing();
  EXPECT_TRUE(ws.load(kMinimal).diagnostics.empty());
}

}  // namespace
}  // namespace wageflow
