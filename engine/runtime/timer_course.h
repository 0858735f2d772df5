// The course of a timer (decide.h, TimerCourse) as its case's audit trail
// records it: what `wageflow timers recompute` and `audit replay` hand to a
// kRecompute command. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/runtime/decide.h"
#include "engine/runtime/store.h"

namespace wageflow {

// The steps that moved timer `timer`'s due date after its last timer_start
// among trail[0, end) (records in seq order): `extend` records naming it in
// their data, its timer_pause and timer_resume records, the case's
// `suspend` and `resume` records where the timer has none of its own (it
// was overdue then, ran through it, or a recount unpaused it:
// kCaseSuspended, kCaseResumed), and its timer_recompute records during a
// suspension, and the timer_pause or timer_resume of a migration during one
// (a new version's `on_suspend:`), as kRecounted. Otherwise a
// reason, for a clerk, why its due date cannot be counted again from the
// trail: the trail has no start of it.
//
// A migration since the start is no obstacle: a timer still counting after
// a migration, and not started again by it, was kept because the new
// version counts it the same way (duration, warning, calendar, extension:
// engine/runtime/migration.h); a changed one was stopped, and started
// again after the `migrate` record when it was started at all.
std::variant<TimerCourse, std::string> timer_course(const std::vector<StoredAuditRecord>& trail,
                                                    std::size_t end, const std::string& timer);

// Why `course` cannot have brought `timer` where it is (another number of
// extensions, a suspension that did not end while the timer runs, a resume
// without a pause), or nullopt when it can. After a recount during a
// suspension, the timer may be paused or counting (the recount decides
// whether the suspension paused it), and the case's resumption may resume
// it or not. decide() leaves a mismatched timer as it is.
std::optional<std::string> timer_course_mismatch(const TimerState& timer,
                                                 const TimerCourse& course);

}  // namespace wageflow
