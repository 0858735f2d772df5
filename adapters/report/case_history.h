// A case as its audit trail tells it up to an instant: the facts the
// statistics need (docs/reports.md). Pure; private to adapters/report.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/date.h"
#include "engine/definition/definition.h"
#include "engine/runtime/store.h"

namespace wageflow::report {

struct FiredEvent {
  Instant at;
  std::string event;
  std::string to_state;
};

struct CaseHistory {
  bool opened = false;  // an `open` record before the cut
  Instant opened_at;
  // The first record that left the initial state for an open state.
  std::optional<Instant> accepted_at;
  // The first record that reached a final state, and that state.
  std::optional<Instant> closed_at;
  std::string final_state;
  std::string state;  // the state after the last record before the cut
  // Field -> text value from `open` and `fire` records (pii fields left out).
  std::map<std::string, std::string> data;
  // Binding timers: started any (before closure), and missed any.
  bool binding_timer_started = false;
  bool binding_deadline_missed = false;
  // A binding timer running (not paused, stopped or expired) whose due
  // instant is at or before the cut, or expired with its expiry event not
  // fired while the case stays in the state it stayed in then.
  bool overdue_at_cut = false;
  std::vector<FiredEvent> fired;  // `fire` records, in trail order
};

// Folds the records of `trail` whose instant is before `cut`.
CaseHistory case_history(const Definition& definition, const std::vector<StoredAuditRecord>& trail,
                         Instant cut);

}  // namespace wageflow::report
