#include "engine/runtime/timer_course.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace wageflow {
namespace {

// The "timer" of an `extend` record's data, or "" when it has none.
std::string extended_timer(const std::string& data) {
  nlohmann::json object = nlohmann::json::parse(data, nullptr, false);
  if (!object.is_object()) return "";
  auto found = object.find("timer");
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

}  // namespace

std::variant<TimerCourse, std::string> timer_course(const std::vector<StoredAuditRecord>& trail,
                                                    std::size_t end, const std::string& timer) {
  end = std::min(end, trail.size());
  std::optional<std::size_t> start;
  for (std::size_t i = 0; i < end; ++i) {
    const AuditRecord& r = trail[i].record;
    if (r.kind == "timer_start" && r.event == timer) start = i;
  }
  if (!start) return std::string("the trail has no start of it");
  TimerCourse course;
  for (std::size_t i = *start + 1; i < end; ++i) {
    const AuditRecord& r = trail[i].record;
    if (r.kind == "timer_pause" && r.event == timer) {
      course.push_back({TimerCourseStep::Kind::kPause, r.at});
    } else if (r.kind == "timer_resume" && r.event == timer) {
      course.push_back({TimerCourseStep::Kind::kResume, r.at});
    } else if (r.kind == "extend" && extended_timer(r.data) == timer) {
      course.push_back({TimerCourseStep::Kind::kExtend, r.at});
    }
  }
  return course;
}

std::optional<std::string> timer_course_mismatch(const TimerState& timer,
                                                 const TimerCourse& course) {
  int extensions = 0;
  bool paused = false;
  for (const TimerCourseStep& step : course) {
    switch (step.kind) {
      case TimerCourseStep::Kind::kExtend:
        ++extensions;
        break;
      case TimerCourseStep::Kind::kPause:
        if (paused) return std::string("its trail pauses it twice without a resume");
        paused = true;
        break;
      case TimerCourseStep::Kind::kResume:
        if (!paused) return std::string("its trail resumes it without a pause");
        paused = false;
        break;
    }
  }
  if (extensions != timer.extensions_used) {
    return "its trail extends it " + std::to_string(extensions) + " time(s), the timer says " +
           std::to_string(timer.extensions_used);
  }
  if (paused != (timer.status == TimerStatus::kPaused)) {
    return paused ? std::string("its trail leaves it paused, but it is counting")
                  : std::string("it is paused, but its trail does not pause it");
  }
  return std::nullopt;
}

}  // namespace wageflow
