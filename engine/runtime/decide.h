// decide: what a command does to a case. Pure: no clock, no I/O; the same
// inputs always give the same answer. Never throws for any input.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/runtime/case.h"
#include "engine/runtime/correction_notes.h"

namespace wageflow {

// What moved a timer's due date after it last started, one step each, in
// the order of the audit trail: an extension, the case suspended (the timer
// paused), the case resumed (the timer resumed). A suspension that did not
// pause the timer (it was overdue then, or ran through it) is
// kCaseSuspended, and its end kCaseResumed. A recount decides each
// suspension again on the calendar as it is now: it pauses the timer when
// the timer was still counting then, and not when it was overdue or the
// workflow runs it through suspensions (`on_suspend: run`), as `case
// suspend` decides. kRecounted is a recount, or a migration, during a
// suspension (it may have paused or unpaused the timer); it moves nothing.
// engine/runtime/timer_course.h reads the course from the trail.
struct TimerCourseStep {
  enum class Kind { kExtend, kPause, kResume, kCaseSuspended, kCaseResumed, kRecounted };
  Kind kind;
  Instant at;  // the instant of its audit record
};
using TimerCourse = std::vector<TimerCourseStep>;

// A timer a kRecompute command counts again, with its course.
struct RecountedTimer {
  std::string name;
  TimerCourse course;
};

struct Command {
  // kRecompute: count the due dates of `timers` again on the calendar as it
  // is now (a year added, or a listed year corrected): from each timer's start, then
  // along its course (extensions, and for a suspension what was left on
  // the day it began, counted again from the day it ended), exactly as the
  // commands counted it (the caller reads each course from the trail:
  // engine/runtime/timer_course.h). Each suspension pauses the timer if it
  // was still counting then on this calendar, and not if it was overdue,
  // whatever the trail's calendar decided: paused now if the case still
  // is suspended, else resumed when it was; an unpaused timer counts on
  // from its due date (a tick records it overdue).
  // kCorrect: set `sets` to the values they should have been (a mistyped
  // phone number, an amount entered wrongly), with a comment giving the
  // reason, and nothing else: the state, the timers and every value a
  // transition's `set:` computed earlier stay as they are. Records
  // "correct" with the new values.
  enum class Kind { kOpen, kFire, kSuspend, kResume, kTick, kRecompute, kCorrect };
  Kind kind = Kind::kFire;
  std::string actor;
  std::string role;
  std::string event;  // kFire
  // Field values as typed (name, text form), parsed against the definition.
  std::vector<std::pair<std::string, std::string>> sets;
  std::string comment;
  std::vector<RecountedTimer> timers = {};  // kRecompute (an initializer: other commands
                                            // leave it out)
  // kCorrect: which rows of the definition's transitions the case took, read
  // from its trail (transitions_taken(), correction_notes.h), for the notes;
  // empty when the trail is not at hand.
  std::vector<bool> taken = {};
};

// "open", "fire", "suspend", "resume", "tick", "recompute" or "correct":
// the command's name in logs.
const char* command_kind_name(Command::Kind kind);

struct Refusal {
  enum class Kind {
    kUnknownEvent,        // no such event in this workflow
    kWrongState,          // the event cannot fire from the current state
    kRoleNotAllowed,      // the role may not do this
    kUnknownRole,         // the role is not one of the workflow's roles
    kGuardFailed,         // every matching row's guard was false
    kMissingRequired,     // a required field is unset
    kCommentRequired,     // the event or lifecycle step needs a comment
    kUnknownField,        // a value names no field
    kBadValue,            // a value of the wrong form, enum or pattern mismatch
    kEvaluationError,     // e.g. division by zero in a guard or `set`
    kCaseClosed,          // the case is closed
    kCaseSuspended,       // the case is suspended: resume it first
    kNotSuspended,        // resume of a case that is not suspended
    kExtensionExhausted,  // the extension was used `times` times already
    kTimerNotRunning,     // extension of a timer that is not running
    kNothingToCorrect,    // a correction without values, or a value the field has already
    kBeforeLastChange,    // dated before the case's last change (a wrong date or clock)
  };
  // What the command lacked that its sender can supply, so that each adapter
  // names it in its own terms (the CLI's --comment and --set, the API's
  // "comment" and "values" members). `message` names no adapter's option.
  enum class Missing { kNothing, kComment, kFieldValues, kActor };
  Kind kind;
  std::string message;  // one line a clerk can act on
  Missing missing = Missing::kNothing;
};

struct TickCounts {
  int warned = 0;
  int overdue = 0;
  int expired = 0;
  int escalated = 0;
};

// kRecompute: a suspension the recount decided otherwise than the trail
// did, for one timer: it pauses the timer now though it did not then (on
// the calendar as it is now the timer was still counting), or the reverse
// (it was overdue, or the workflow now runs it through suspensions). The
// timer's timer_recompute `because` says the same (describe()).
struct SuspensionDecidedOtherwise {
  TimerId timer;
  Date suspended_on;          // the local day of the `suspend` record
  bool pauses;                // true: the suspension pauses the timer now
  bool runs_through = false;  // not paused because of `on_suspend: run`
};
// "the suspension of 2027-02-11 pauses it (it was still counting then)",
// "the suspension of 2027-02-11 does not pause it (it was overdue then)" or
// "the suspension of 2027-02-11 does not pause it (it runs through
// suspensions: on_suspend: run)".
std::string describe(const SuspensionDecidedOtherwise& decided);

// An expiry whose event was not fired (docs/deadlines.md, "An expiry event
// no row takes"): the case stays in its state for staff to move on.
struct ExpiryNotFired {
  TimerId timer;
  // Why, in one line: the `refused` of the timer's `escalate` record.
  std::string refused;
};

struct Outcome {
  CaseSnapshot next;                 // row_version and updated_at already advanced
  std::vector<AuditRecord> records;  // in order; empty only for a tick with nothing due
  TickCounts tick;                   // kTick only
  // kCorrect: what the correction leaves for the corrector to check
  // (correction_notes.h); shown, not stored.
  std::vector<CorrectionNote> notes = {};
  // kRecompute: for each timer it recorded timer_recompute for, in timer
  // name order, then in trail order; shown, not stored.
  std::vector<SuspensionDecidedOtherwise> decided_otherwise = {};
  // Any command that reaches an expiry (kTick, kSuspend's catch-up,
  // kResume's held expiries, kRecompute's confirmed ones): each expiry
  // event it did not fire, in trail order, that still stands after it
  // (engine/runtime/unfired_expiries.h: a later expiry of the same command
  // may fire an event that moves the case on). Stored too, as the
  // `escalate` records, each of them.
  std::vector<ExpiryNotFired> expiries_not_fired = {};
};

using Decision = std::variant<Outcome, Refusal>;

// `current` is ignored for kOpen (pass an empty snapshot). For kTick, every
// threshold at or before `now` is applied in time order, each once; an
// expiry that fires an event applies that transition as actor "system",
// except on a provisional due date or in a suspended case, where the timer
// goes overdue with its event held (held_expiry() in case.h).
// For kRecompute, each named timer still counting (running, warned,
// overdue or paused) whose due date comes out different, or no longer
// provisional, gets it, with a `timer_recompute` record; its status moves
// as an extension's (a live timer whose new due date is still ahead runs,
// and warns, again). Otherwise nothing changes: an Outcome without records. An unknown
// timer name is refused. A timer whose course cannot have brought it where
// it is (timer_course_mismatch) is left as it is.
// kSuspend first applies, as kTick at `now` would, every threshold that
// passed before it (so a timer already past due goes overdue and is not
// paused); those system records follow the `suspend` record. It is refused
// when that would close the case (an expiry firing into a final state).
// kResume then fires, as the system, each expiry event held while the case
// was suspended (an overdue timer whose due date is confirmed and passed);
// those records follow the resume's, and may move or close the case.
// kCorrect's `notes` look at the transitions into the case's state, and at
// those `command.taken` marks (the caller reads them from the trail).
// kCorrect is refused without a comment, without values, for a role not
// in the workflow's `lifecycle: correct:`, for a value the field has
// already, and for a required field cleared; an active, suspended or
// closed case can be corrected (an award's written or calculation error is
// corrected after the award: 补正).
Decision decide(const Definition& definition, const CaseSnapshot& current, const Command& command,
                Instant now);

}  // namespace wageflow
