// Migration of a running case from one version of its workflow to another
// (`wageflow migrate`, docs/workflow-versions.md): the state mapped, the
// data checked against the new definition, and each timer kept, stopped or
// started by the documented policy. The plan is the new snapshot plus the
// audit records that say what happened (a `migrate` record, then
// `timer_stop`, `timer_start` and `timer_pause` records).
//
// Pure: no clock, no store, no I/O; never throws. Thread-safe (reads only
// the const definitions).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/core/result.h"
#include "engine/definition/definition.h"
#include "engine/runtime/case.h"
#include "engine/runtime/store.h"

namespace wageflow {

struct MigrationOptions {
  // Old state name -> new state name; a state not listed keeps its name.
  std::map<std::string, std::string> state_map;
  // FIELD=VALUE (text forms, as --set): the value a case gets when the
  // field is unset in it; a case that has a value keeps its own.
  std::vector<std::pair<std::string, std::string>> sets;
  // Start new (and changed) timers as if their start condition held at the
  // migration time; otherwise they do not start.
  bool start_new_timers = false;
  // A suspended case: when its suspension began (its last `suspend` record,
  // suspended_since()). A timer the old version ran through suspensions and
  // the new one pauses is paused as from then, as `timers recompute` would
  // count it; unset, it is paused from the migration (migrations recorded
  // before 2026-12-02). Recorded in the `migrate` record.
  std::optional<Instant> suspended_since;
  std::string actor;
  std::string role = "administrator";
};

// One version of a workflow: the loaded definition and the SHA-256 of its
// exact text.
struct DefinitionVersion {
  const Definition* definition = nullptr;
  std::string sha256;
};

struct TimerMigration {
  enum class Action {
    kKept,        // unchanged definition: status and due date exactly as before
    kStopped,     // removed in the new version, or changed (the old instance stops)
    kStarted,     // new or changed, started at the migration time (--start-new-timers)
    kNotStarted,  // new or changed and would apply, but --start-new-timers was not given
    kDropped,     // removed in the new version and no longer counting: left out of the case
  };
  std::string timer;
  Action action = Action::kKept;
  std::string old_due;  // due date (or UTC instant for hours timers); "-" when none
  std::string new_due;  // likewise
  std::string note;     // why, e.g. "removed in v2", "definition changed"

  // "award_limit: 2025-03-01 -> 2025-03-01 kept (running)".
  std::string describe() const;
};

struct MigrationPlan {
  int from_version = 0;
  std::string from_state;
  std::string to_state;
  std::vector<TimerMigration> timers;  // by timer name, old timers first
  // Fields the migration set (from MigrationOptions::sets), name -> text.
  std::map<std::string, std::string> supplied;
  CaseSnapshot next;                 // on the new version; row_version + 1, updated_at = now
  std::vector<AuditRecord> records;  // `migrate` first
};

struct MigrationRefusal {
  std::string reason;  // one line an administrator can act on
};

// Plans moving `current` (a case on `from`) to `to` at `now`. Refused when
// the case is closed, its state maps to no state of `to` or to a final one,
// a value it holds does not fit `to` (unknown field, wrong form), or a
// field `to` requires is unset and not supplied by `options.sets`.
std::variant<MigrationPlan, MigrationRefusal> plan_migration(const DefinitionVersion& from,
                                                             const DefinitionVersion& to,
                                                             const CaseSnapshot& current,
                                                             const MigrationOptions& options,
                                                             Instant now);

// The plan as the lines `wageflow migrate` prints for one case:
// "case ID: v1 -> v2, state OLD -> NEW", then "  timer ..." and
// "  field NAME := VALUE" lines (values of `to`'s personal fields masked).
// The same for a dry run and a real run.
std::vector<std::string> plan_lines(const std::string& case_id, const MigrationPlan& plan,
                                    const Definition& to);

// The instant the suspension in force after the first `end` records of
// `trail` (seq order; all by default) began: the last `suspend` record not
// followed by a `resume`; nullopt when the case is not suspended then.
std::optional<Instant> suspended_since(const std::vector<StoredAuditRecord>& trail,
                                       std::size_t end = static_cast<std::size_t>(-1));

// What a `migrate` audit record says: the two definition texts and the
// options that reproduce it (for replay).
struct RecordedMigration {
  std::string from_sha256;
  std::string to_sha256;
  MigrationOptions options;
};
// Error when `record` is not a well-formed migrate record.
Result<RecordedMigration> read_migration_record(const AuditRecord& record);

}  // namespace wageflow
