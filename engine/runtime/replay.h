// Replay: rebuilds a case from its audit trail alone and compares it with
// the stored case (docs/architecture.md, "Replay"). It is the proof that
// the trail is complete: every command is read back from its records, run
// through decide(), and must record exactly what the trail holds and end
// in exactly the stored state, status, data and timers.
//
// Pure: no storage, no clock, no I/O; never throws. Thread-safe (shares
// only the const Definition).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/definition/definition.h"
#include "engine/runtime/store.h"

namespace wageflow {

struct ReplayResult {
  bool ok = true;
  int commands = 0;  // commands replayed (open, fire, suspend, resume, correct, ticks)
  // When !ok: the first difference, one line naming the case and the
  // record, e.g. "case 2025-000003: after seq 7 (fire settle): state is
  // mediation, stored settled". Values of the definition's personal (pii)
  // fields are masked in it.
  std::string difference;
};

// Replays `trail` (the case's stored audit records in seq order, hashes
// not looked at: that is Store::verify's job) against `definition` (the
// one the case is pinned to) and compares the outcome with `stored` (the
// case row and its timers).
//
// How records become commands: `open` -> open with the recorded values;
// `fire` -> fire with the recorded values as --set values (those a
// transition's `set:` computes are recomputed by decide and must come out
// equal); `extend` -> fire of the extension event; `suspend`/`resume` ->
// those commands; `correct` -> a correction with the recorded values; `timer_warn`,
// `timer_overdue`, `timer_expire`, `escalate` -> a tick at the record's instant. Each command must
// produce the next records of the trail exactly (kind, event, actor, role, at, from/to state, data,
// comment); the records it produces beyond the first (timer starts and stops, an expiry's fire) are
// its effects, not commands.
ReplayResult replay_case(const Definition& definition, const CaseRecord& stored,
                         const std::vector<StoredAuditRecord>& trail);

// The definition whose exact text has `sha256`, or nullptr when unknown.
using DefinitionLookup = std::function<const Definition*(const std::string& sha256)>;

// The same for a case that may have been migrated to another version
// (engine/runtime/migration.h). `definition` is the one the case is pinned
// to now; a trail with `migrate` records begins on the definition the first
// of them names (from_sha256), found through `lookup`, and each `migrate`
// record is replayed through plan_migration() with the options it records
// and must produce exactly the records that follow it; the trail must end
// on the pinned definition. The three-argument form cannot look up
// definitions: a migrate record is a difference there.
ReplayResult replay_case(const Definition& definition, const CaseRecord& stored,
                         const std::vector<StoredAuditRecord>& trail,
                         const DefinitionLookup& lookup);

}  // namespace wageflow
