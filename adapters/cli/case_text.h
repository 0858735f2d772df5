// Human-readable views of cases: the labelled block of `case show` and the
// table of `case list`. Private to adapters/cli.
#pragma once

#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/definition/definition.h"
#include "engine/runtime/case.h"

namespace wageflow::cli {

// The labelled block (Chinese labels, names in brackets): id, workflow,
// state, status, times, every field (personal data in full), every started
// timer with its due date and explanation (marked overdue when it is at
// `now`, recorded by a tick or not), and the events that can fire. An
// expired timer named in `expiries_not_fired` (timer name -> reason:
// wageflow::expiries_not_fired) gets a line saying why its event was
// not fired.
void print_case_details(std::ostream& out, const Definition& definition,
                        const CaseSnapshot& snapshot, Instant now,
                        const std::map<std::string, std::string>& expiries_not_fired = {});

// The stderr line for an expiry event not fired (docs/cli.md, `timers
// tick`): "wageflow: case C, timer T expired: REASON\n", "would expire"
// when `dry_run`. Said by every command that reaches such an expiry.
std::string expiry_not_fired_line(const std::string& case_id, const std::string& timer,
                                  const std::string& refused, bool dry_run = false);

struct CaseRow {
  std::shared_ptr<const Definition> definition;
  CaseSnapshot snapshot;
  // Timer name -> why its expiry event was not fired
  // (wageflow::expiries_not_fired); usually empty.
  std::map<std::string, std::string> not_fired;
};
// One line per case: id, workflow, state, status, the nearest live deadline
// and, of the fields set, the required ones and the first personal one
// (usually the name), personal data masked; the deadline marked
// "(overdue)" when it is at `now`. A case whose expiry event was not fired
// shows that timer instead, "(expired, not fired)": it waits for staff. A
// header line first; "(no cases)" when `rows` is empty.
void print_case_table(std::ostream& out, const std::vector<CaseRow>& rows, Instant now);

// The live timer (running, warned or overdue) due first, or nullptr.
const TimerState* nearest_live_timer(const CaseSnapshot& snapshot);

// A due date printed, with the definition whose calendar counted it; a null
// timer stands for none.
using ShownTimer = std::pair<const Definition*, const TimerState*>;

// Appends each timer of `snapshot` that still counts (running, warned,
// overdue or paused: those the commands print) to `shown`.
void add_counting_timers(const Definition& definition, const CaseSnapshot& snapshot,
                         std::vector<ShownTimer>& shown);

// The contract: a provisional due date is said on stderr ("the CLI says so
// on stderr"), as `deadline` says it. Writes the note to `err` once for
// each calendar among `shown` whose due date is provisional; nothing when
// none is.
void note_provisional(std::ostream& err, const std::vector<ShownTimer>& shown);

}  // namespace wageflow::cli
