// Simulation: a hypothetical case walked through a list of events at given
// offsets on the workflow's real calendar, to check a workflow before it is
// published (`wageflow simulate`, docs/simulate.md). Everything goes through
// decide(): the case is opened, the clock is ticked to every warning and
// due instant between steps (so timers warn, fall overdue and expire as
// they would), and each event is fired. Nothing is stored.
//
// Pure: no clock, no I/O. Thread-safe for distinct arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/result.h"
#include "engine/definition/definition.h"
#include "engine/runtime/decide.h"

namespace wageflow {

// One step of a path: `event{field=value, ...}@WHEN`, WHEN being +Nd
// (calendar days), +Nwd (working days: the N-th working day after), +Nh
// (hours) after the previous step (the opening for the first), or a date
// YYYY-MM-DD (09:00 there) or date-time YYYY-MM-DDTHH:MM. Without @WHEN the
// step happens at the same instant as the previous one. `suspend`,
// `resume` and `correct` (with no workflow event of that name) suspend,
// resume and correct the case (`correct{claim_amount=9000}`).
struct PathStep {
  enum class When { kSameTime, kDays, kWorkingDays, kHours, kAt };
  std::string event;
  std::vector<std::pair<std::string, std::string>> sets;  // as typed: field, value
  When when = When::kSameTime;
  std::int64_t amount = 0;  // kDays, kWorkingDays, kHours
  std::string at;           // kAt: the date or date-time as written
  std::string written;      // the step as written, trimmed
};

// Parses "accept@+1d, start_mediation@+3wd, settle{recovered_amount=8000}@2025-02-20".
// Steps are separated by commas (outside braces). The error names the step
// and what was expected.
Result<std::vector<PathStep>> parse_simulation_path(std::string_view text);

struct SimulationOptions {
  // Values for the opening, field -> text (`--set`).
  std::vector<std::pair<std::string, std::string>> opening_sets;
  // false: each event is fired as the first role allowed for it (the first
  // role of its first row from the current state; the workflow's first
  // role when that row allows every role). true: each allowed role is tried
  // in row order until one is accepted (rows whose guards differ by role).
  bool try_every_role = false;
};

struct SimulatedStep {
  std::string event;    // "open" for the opening
  std::string written;  // as written in the path; "open" for the opening
  Instant at;
  std::string role;  // the role it was done as
  // Required fields the step needed that neither --set nor the path gave,
  // filled with placeholders ("worker_name=(simulated)"), in field order.
  std::vector<std::string> placeholders;
  // What the clock did since the previous step (warnings, overdue,
  // expiries and the events they fired, escalations), oldest first.
  std::vector<AuditRecord> clock_records;
  std::vector<AuditRecord> records;   // what the step itself recorded
  std::vector<CorrectionNote> notes;  // a correct step: what it leaves inconsistent
  CaseSnapshot after;                 // the case after the step (before it, when refused)
  std::optional<Refusal> refusal;     // the step was refused; the simulation stopped here
};

// A binding timer that fell overdue or expired along the path.
struct MissedDeadline {
  TimerId timer = 0;
  std::string how;      // "overdue" or "expired"
  Instant at;           // when it fell due
  TimerState state;     // the timer then: due date, explanation
  int before_step = 0;  // index into Simulation::steps of the step it preceded
};

struct Simulation {
  std::vector<SimulatedStep> steps;  // the opening, then one per path step run
  std::vector<MissedDeadline> missed;
  std::string
      error;  // a path step could not be placed in time (e.g. a date before the previous step)

  bool refused() const { return !steps.empty() && steps.back().refusal.has_value(); }
  // The path ran to its end, nothing was refused and no binding deadline
  // was missed.
  bool ok() const { return error.empty() && !refused() && missed.empty(); }
};

// Opens a case at `from` and runs `path`. Stops at the first refused step.
Simulation simulate(const Definition& definition, Instant from, const std::vector<PathStep>& path,
                    const SimulationOptions& options);

// The placeholder text simulate() fills into an unset required field of
// `field`'s type at `today`: "(simulated)", the first enum value, 1, 1.00,
// today's date, true.
std::string placeholder_value(const FieldDef& field, Date today);

}  // namespace wageflow
