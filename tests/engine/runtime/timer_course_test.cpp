// timer_course: what moved a timer's due date, read from its case's trail;
// timer_course_mismatch: whether such a course can have brought the timer
// where it is. Table-driven; a failing row prints its name.
#include "engine/runtime/timer_course.h"

#include <gtest/gtest.h>

namespace wageflow {
namespace {

StoredAuditRecord rec(std::int64_t at, const char* kind, const char* event,
                      const char* data = "{}") {
  AuditRecord r;
  r.at = Instant{at};
  r.kind = kind;
  r.event = event;
  r.data = data;
  return StoredAuditRecord{"2026-000001", 0, r, "", ""};
}

std::string text(const std::variant<TimerCourse, std::string>& course) {
  if (auto* reason = std::get_if<std::string>(&course)) return "by hand: " + *reason;
  std::string out;
  for (const TimerCourseStep& step : std::get<TimerCourse>(course)) {
    if (!out.empty()) out += " ";
    switch (step.kind) {
      case TimerCourseStep::Kind::kExtend:
        out += "extend@";
        break;
      case TimerCourseStep::Kind::kPause:
        out += "pause@";
        break;
      case TimerCourseStep::Kind::kResume:
        out += "resume@";
        break;
      case TimerCourseStep::Kind::kCaseSuspended:
        out += "case_suspended@";
        break;
      case TimerCourseStep::Kind::kCaseResumed:
        out += "case_resumed@";
        break;
      case TimerCourseStep::Kind::kRecounted:
        out += "recounted@";
        break;
    }
    out += std::to_string(step.at.seconds);
  }
  return out.empty() ? "from its start" : out;
}

TEST(TimerCourse, ReadsTheStepsAfterTheLastStartOfTheTimer) {
  struct Row {
    const char* name;
    std::vector<StoredAuditRecord> trail;
    std::size_t end;
    const char* expected;
  };
  const std::vector<Row> rows = {
      {"counted from its start",
       {rec(1, "open", "open"), rec(1, "timer_start", "closure")},
       99,
       "from its start"},
      {"pauses, resumes and its own extensions, in order",
       {rec(1, "open", "open"), rec(1, "timer_start", "closure"),
        rec(2, "extend", "extend_closure", R"({"timer":"closure"})"),
        rec(3, "timer_pause", "closure"), rec(3, "timer_pause", "award"),
        rec(4, "timer_resume", "closure"),
        rec(5, "extend", "extend_award", R"({"timer":"award"})")},
       99,
       "extend@2 pause@3 resume@4"},
      {"a restart begins the course again",
       {rec(1, "timer_start", "closure"), rec(2, "timer_pause", "closure"),
        rec(3, "timer_resume", "closure"), rec(4, "timer_stop", "closure"),
        rec(5, "timer_start", "closure"), rec(6, "timer_pause", "closure")},
       99,
       "pause@6"},
      {"only the records before `end`",
       {rec(1, "timer_start", "closure"), rec(2, "timer_pause", "closure"),
        rec(3, "timer_resume", "closure")},
       2,
       "pause@2"},
      {"never started",
       {rec(1, "open", "open"), rec(1, "timer_start", "award")},
       99,
       "by hand: the trail has no start of it"},
      {"kept by a migration: the course goes on across it",
       {rec(1, "timer_start", "closure"), rec(2, "timer_pause", "closure"),
        rec(3, "migrate", "migrate"), rec(4, "timer_resume", "closure")},
       99,
       "pause@2 resume@4"},
      {"started again by a migration: counted from that start",
       {rec(1, "timer_start", "closure"), rec(2, "timer_pause", "closure"),
        rec(3, "migrate", "migrate"), rec(3, "timer_stop", "closure"),
        rec(3, "timer_start", "closure")},
       99,
       "from its start"},
      {"a suspension that paused it: its pause and resume",
       {rec(1, "timer_start", "closure"), rec(2, "suspend", ""), rec(2, "timer_pause", "closure"),
        rec(3, "resume", ""), rec(3, "timer_resume", "closure")},
       99,
       "pause@2 resume@3"},
      {"a suspension that did not pause it (it was overdue): the case's",
       {rec(1, "timer_start", "closure"), rec(2, "suspend", ""), rec(2, "timer_pause", "award"),
        rec(3, "resume", ""), rec(3, "timer_resume", "award")},
       99,
       "case_suspended@2 case_resumed@3"},
      {"suspended while overdue, not yet resumed",
       {rec(1, "timer_start", "closure"), rec(2, "suspend", "")},
       99,
       "case_suspended@2"},
      {"suspended while overdue, paused by a recount, resumed with the case",
       {rec(1, "timer_start", "closure"), rec(2, "suspend", ""),
        rec(3, "timer_recompute", "closure"), rec(4, "resume", ""),
        rec(4, "timer_resume", "closure")},
       99,
       "case_suspended@2 recounted@3 resume@4"},
      {"paused, unpaused by a recount (overdue then after all), the case resumed",
       {rec(1, "timer_start", "closure"), rec(2, "suspend", ""), rec(2, "timer_pause", "closure"),
        rec(3, "timer_recompute", "closure"), rec(4, "resume", "")},
       99,
       "pause@2 recounted@3 case_resumed@4"},
      {"a recount outside a suspension is no step",
       {rec(1, "timer_start", "closure"), rec(2, "timer_recompute", "closure"),
        rec(3, "suspend", ""), rec(3, "timer_pause", "closure")},
       99,
       "pause@3"},
      {"a suspension before its start",
       {rec(1, "suspend", ""), rec(2, "resume", ""), rec(3, "timer_start", "closure")},
       99,
       "from its start"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(text(timer_course(row.trail, row.end, "closure")), row.expected) << row.name;
  }
}

TEST(TimerCourse, AMismatchIsNamed) {
  using K = TimerCourseStep::Kind;
  struct Row {
    const char* name;
    TimerStatus status;
    int extensions_used;
    TimerCourse course;
    const char* expected;  // "" when it matches
  };
  const std::vector<Row> rows = {
      {"running, nothing happened", TimerStatus::kRunning, 0, {}, ""},
      {"resumed and extended",
       TimerStatus::kWarned,
       1,
       {{K::kPause, {1}}, {K::kResume, {2}}, {K::kExtend, {3}}},
       ""},
      {"paused now", TimerStatus::kPaused, 0, {{K::kPause, {1}}}, ""},
      {"extensions differ",
       TimerStatus::kRunning,
       1,
       {},
       "its trail extends it 0 time(s), the timer says 1"},
      {"paused in the trail, counting",
       TimerStatus::kRunning,
       0,
       {{K::kPause, {1}}},
       "its trail leaves it paused, but it is counting"},
      {"paused, not in the trail",
       TimerStatus::kPaused,
       0,
       {},
       "it is paused, but its trail does not pause it"},
      {"resumed without a pause",
       TimerStatus::kRunning,
       0,
       {{K::kResume, {1}}},
       "its trail resumes it without a pause"},
      {"paused twice",
       TimerStatus::kPaused,
       0,
       {{K::kPause, {1}}, {K::kPause, {2}}},
       "its trail pauses it twice without a resume"},
      {"suspended while overdue, still suspended: counting",
       TimerStatus::kOverdue,
       0,
       {{K::kCaseSuspended, {1}}},
       ""},
      {"suspended while overdue, since paused by a recount",
       TimerStatus::kPaused,
       0,
       {{K::kCaseSuspended, {1}}, {K::kRecounted, {2}}},
       ""},
      {"suspended while overdue, recounted, still counting",
       TimerStatus::kOverdue,
       0,
       {{K::kCaseSuspended, {1}}, {K::kRecounted, {2}}},
       ""},
      {"suspended while overdue, paused with no recount",
       TimerStatus::kPaused,
       0,
       {{K::kCaseSuspended, {1}}},
       "it is paused, but its trail does not pause it"},
      {"paused by a recount, resumed with the case",
       TimerStatus::kRunning,
       0,
       {{K::kCaseSuspended, {1}}, {K::kRecounted, {2}}, {K::kResume, {3}}},
       ""},
      {"resumed with the case, never paused by a recount",
       TimerStatus::kRunning,
       0,
       {{K::kCaseSuspended, {1}}, {K::kResume, {2}}},
       "its trail resumes it without a pause"},
      {"suspended while overdue and resumed, but paused",
       TimerStatus::kPaused,
       0,
       {{K::kCaseSuspended, {1}}, {K::kCaseResumed, {2}}},
       "it is paused, but its trail does not pause it"},
      {"the case suspended twice",
       TimerStatus::kOverdue,
       0,
       {{K::kCaseSuspended, {1}}, {K::kCaseSuspended, {2}}},
       "its trail suspends the case twice without a resume"},
      {"paused, unpaused by a recount, still suspended",
       TimerStatus::kRunning,
       0,
       {{K::kPause, {1}}, {K::kRecounted, {2}}},
       ""},
      {"paused, unpaused by a recount, the case resumed",
       TimerStatus::kOverdue,
       0,
       {{K::kPause, {1}}, {K::kRecounted, {2}}, {K::kCaseResumed, {3}}},
       ""},
      {"paused, the case resumed without it",
       TimerStatus::kRunning,
       0,
       {{K::kPause, {1}}, {K::kCaseResumed, {2}}},
       "its trail resumes the case but not the paused timer"},
      {"the case resumed, never suspended",
       TimerStatus::kOverdue,
       0,
       {{K::kCaseResumed, {1}}},
       "its trail resumes the case without a suspension"},
  };
  for (const Row& row : rows) {
    TimerState timer;
    timer.status = row.status;
    timer.extensions_used = row.extensions_used;
    EXPECT_EQ(timer_course_mismatch(timer, row.course).value_or(""), row.expected) << row.name;
  }
}

}  // namespace
}  // namespace wageflow
