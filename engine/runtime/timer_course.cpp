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
  using Kind = TimerCourseStep::Kind;
  // A step of the same command as record r, read first as the case's
  // suspension or resumption: a timer_pause (timer_resume) of the timer
  // recorded with it turns it into the timer's own step.
  auto same_command = [&course](Kind kind, const AuditRecord& r) {
    return !course.empty() && course.back().kind == kind && course.back().at == r.at;
  };
  // The case, since a `suspend`. A timer that started while its case was
  // suspended (a migration started it) begins its course inside that
  // suspension, so that a recount decides the suspension for it as for any
  // other timer: from its start.
  bool suspended = false;
  for (std::size_t i = 0; i < *start; ++i) {
    const std::string& kind = trail[i].record.kind;
    if (kind == "suspend") suspended = true;
    if (kind == "resume") suspended = false;
  }
  if (suspended) course.push_back({Kind::kCaseSuspended, trail[*start].record.at});
  // The instant of the `migrate` record whose timer and tick records follow
  // it; none once another command's record comes.
  std::optional<Instant> migrated_at;
  for (std::size_t i = *start + 1; i < end; ++i) {
    const AuditRecord& r = trail[i].record;
    if (r.kind == "migrate") {
      migrated_at = r.at;
    } else if (r.kind.rfind("timer_", 0) != 0 && r.kind != "escalate") {
      migrated_at.reset();
    }
    const bool migrating = migrated_at && r.at == *migrated_at;
    const bool own_pause =
        (r.kind == "timer_pause" || r.kind == "timer_resume") && r.event == timer;
    if (r.kind == "timer_pause" && r.event == timer && same_command(Kind::kCaseSuspended, r)) {
      // Paused by the suspension (or, started inside it, as it started).
      course.back().kind = Kind::kPause;
    } else if (own_pause && migrating && suspended) {
      // A migration paused or unpaused it during the suspension (a version
      // with another `on_suspend:`), as a recount may.
      course.push_back({Kind::kRecounted, r.at});
    } else if (r.kind == "suspend" && !suspended) {
      course.push_back({Kind::kCaseSuspended, r.at});
      suspended = true;
    } else if (r.kind == "resume" && suspended) {
      course.push_back({Kind::kCaseResumed, r.at});
      suspended = false;
    } else if (r.kind == "timer_pause" && r.event == timer) {
      course.push_back({Kind::kPause, r.at});
    } else if (r.kind == "timer_resume" && r.event == timer) {
      if (same_command(Kind::kCaseResumed, r)) {
        course.back().kind = Kind::kResume;
      } else {
        course.push_back({Kind::kResume, r.at});
      }
    } else if (r.kind == "timer_recompute" && r.event == timer && suspended) {
      course.push_back({Kind::kRecounted, r.at});
    } else if (r.kind == "extend" && extended_timer(r.data) == timer) {
      course.push_back({Kind::kExtend, r.at});
    }
  }
  return course;
}

std::optional<std::string> timer_course_mismatch(const TimerState& timer,
                                                 const TimerCourse& course) {
  int extensions = 0;
  // A suspension not yet ended: it paused the timer (kPause) or not
  // (kCaseSuspended); and a recount since, which may have paused or
  // unpaused it.
  bool paused = false;
  bool suspended_unpaused = false;
  bool recounted = false;
  for (const TimerCourseStep& step : course) {
    const bool open = paused || suspended_unpaused;
    switch (step.kind) {
      case TimerCourseStep::Kind::kExtend:
        ++extensions;
        break;
      case TimerCourseStep::Kind::kPause:
        if (open) return std::string("its trail pauses it twice without a resume");
        paused = true;
        break;
      case TimerCourseStep::Kind::kCaseSuspended:
        if (open) return std::string("its trail suspends the case twice without a resume");
        suspended_unpaused = true;
        break;
      case TimerCourseStep::Kind::kRecounted:
        recounted = open;
        break;
      case TimerCourseStep::Kind::kResume:
        // Paused by the suspension, or by a recount during it.
        if (!paused && !(suspended_unpaused && recounted)) {
          return std::string("its trail resumes it without a pause");
        }
        paused = suspended_unpaused = recounted = false;
        break;
      case TimerCourseStep::Kind::kCaseResumed:
        // Not paused by the suspension, or unpaused by a recount during it.
        if (!suspended_unpaused && !(paused && recounted)) {
          return !open ? std::string("its trail resumes the case without a suspension")
                       : std::string("its trail resumes the case but not the paused timer");
        }
        paused = suspended_unpaused = recounted = false;
        break;
    }
  }
  if (extensions != timer.extensions_used) {
    return "its trail extends it " + std::to_string(extensions) + " time(s), the timer says " +
           std::to_string(timer.extensions_used);
  }
  if (!recounted && paused != (timer.status == TimerStatus::kPaused)) {
    return paused ? std::string("its trail leaves it paused, but it is counting")
                  : std::string("it is paused, but its trail does not pause it");
  }
  return std::nullopt;
}

}  // namespace wageflow
