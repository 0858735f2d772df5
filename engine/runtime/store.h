// The narrow interface between the engine and durable storage. storage/
// implements it with SOCI (SQLite, PostgreSQL); the engine's CaseService
// runs load -> decide -> commit against it. Records here are serialized
// values (names and canonical strings), so storage needs no Definition.
//
// Faults (database gone, disk full, corrupt file) are thrown as StoreError;
// expected outcomes (conflict, not found) are return values.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/date.h"
#include "engine/runtime/case.h"

namespace wageflow {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TimerRecord {
  std::string name;
  std::string status;  // timer_status_name
  std::int64_t started_at = 0;
  std::string due_date;    // "YYYY-MM-DD" or "" for hours deadlines
  std::string counted_to;  // "YYYY-MM-DD" or "" (TimerState::counted_to)
  std::int64_t due_at = 0;
  std::optional<std::int64_t> warn_at;
  bool provisional = false;
  int extensions_used = 0;
  std::optional<std::int64_t> paused_at;
  bool escalated = false;
  std::string explanation;
  std::optional<std::int64_t> next_action_at;  // indexed: what `due_cases` scans

  bool operator==(const TimerRecord&) const = default;
};

struct CaseRecord {
  std::string id;
  std::string workflow;
  int version = 0;
  std::string definition_sha256;  // the exact definition text the case is pinned to
  std::string office;             // set when the case is opened, never changed by a commit
  std::string state;
  std::string status;  // case_status_name
  std::string data;    // canonical JSON object of field -> text form
  std::int64_t row_version = 0;
  std::int64_t opened_at = 0;  // UTC seconds
  std::int64_t updated_at = 0;
  std::vector<TimerRecord> timers;
};

// A committed audit record, as stored.
struct StoredAuditRecord {
  std::string case_id;
  std::int64_t seq = 0;  // 1, 2, ... per case
  AuditRecord record;
  std::string prev_hash;  // hex; 64 zeros for seq 1
  std::string hash;       // hex SHA-256(prev_hash || canonical record)
};

struct CommitRequest {
  // For a new case `after.id` is empty and storage assigns
  // `new_case_id_prefix` followed by a 6-digit sequence number unique in the
  // database for that prefix ("2025-000042" for the prefix "2025-").
  CaseRecord after;
  std::string new_case_id_prefix;
  // The row_version the decision was based on; 0 for a new case. The case
  // row must still have it, or nothing is written (kConflict).
  std::int64_t expected_row_version = 0;
  std::vector<AuditRecord> records;
  // When non-empty, stored with the commit: a later command with the same
  // key gets `idempotency_answer` back instead of running again, if it is
  // the same command: `idempotency_request` (CaseService::request_text),
  // stored with the key, tells.
  std::string idempotency_key;
  std::string idempotency_answer;
  std::string idempotency_request;
};

// What is stored under an idempotency key.
struct IdempotentEntry {
  std::string answer;
  // The command the key was first used for (CaseService::request_text);
  // "" for a key stored before wageflow kept it (schema version 6).
  std::string request;
};

struct CommitResult {
  enum class Status { kCommitted, kConflict, kDuplicateKey };
  Status status = Status::kCommitted;
  std::string case_id;              // kCommitted: the (possibly new) case id
  std::string idempotency_answer;   // kDuplicateKey: the first answer
  std::string idempotency_request;  // kDuplicateKey: the first command (IdempotentEntry)
};

struct CaseFilter {
  std::string workflow;  // empty: any
  std::string state;
  std::string status;
  std::string office;  // empty: any
  // overdue_only: cases with a timer overdue at `now`: in status overdue, or
  // running or warned and due at or before `now` (no tick has recorded it
  // yet: a list must not wait for `timers tick` to show a missed deadline).
  bool overdue_only = false;
  Instant now{0};
  int limit = 1000;
  int offset = 0;
};

struct DefinitionRecord {
  std::string workflow;
  int version = 0;
  std::string sha256;
  std::string yaml_text;
};

struct VerifyResult {
  bool ok = true;
  std::int64_t records = 0;  // records checked
  std::string problem;  // the first broken record, e.g. "case 2025-000003 seq 4: hash mismatch"
};

// Everything stored about one case, for export, import and replay
// (docs/export-format.md).
struct CaseWithTrail {
  CaseRecord record;                     // the case row with its timers (by name)
  std::int64_t audit_seq = 0;            // how many audit records the case row counts
  std::vector<StoredAuditRecord> trail;  // its audit records in seq order, hashes as stored
};

// What identifies the current version of a stored case: an import meeting
// an id that is already stored compares these to tell "imported before"
// from "a different case".
struct CaseHead {
  std::string id;
  std::int64_t row_version = 0;
  std::int64_t audit_seq = 0;
  std::string last_hash;  // the hash of record audit_seq; "" when there is none
};

// A definition version published with `wageflow publish`
// (docs/workflow-versions.md): immutable once stored.
struct PublishedDefinition {
  std::string workflow;
  int version = 0;
  std::string sha256;  // of the exact YAML text, kept in the definitions table
  std::string published_by;
  std::int64_t published_at = 0;  // UTC seconds
};

struct PublishResult {
  enum class Status {
    kPublished,         // stored now
    kAlreadyPublished,  // the same text was published under this version before: nothing written
    kVersionTaken,      // another text holds (workflow, version): nothing written
    kNotNewer,          // a higher version of the workflow is published: nothing written
  };
  Status status = Status::kPublished;
  // kAlreadyPublished, kVersionTaken: the stored version; kNotNewer: the
  // latest published one; kPublished: the new one.
  PublishedDefinition stored;
};

// How many cases that are not closed (active or suspended) are pinned to
// one definition text.
struct DefinitionCaseCount {
  std::string workflow;
  int version = 0;
  std::string sha256;
  std::int64_t open_cases = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Stores the exact YAML text under its SHA-256 (once); returns the hex hash.
  virtual std::string pin_definition(const std::string& workflow, int version,
                                     const std::string& yaml_text) = 0;
  virtual std::optional<DefinitionRecord> definition(const std::string& sha256) = 0;

  virtual std::optional<CaseRecord> load_case(const std::string& id) = 0;
  // Case, timers, audit records (with their chain) and idempotency key in
  // one transaction, or nothing at all.
  virtual CommitResult commit(const CommitRequest& request) = 0;
  // Group commit: the requests in order, each with exactly the checks and
  // the answer commit() would give it (row_version, idempotency key, audit
  // chain), the result i for request i; those committed are made durable
  // together (SociStore: one transaction, one sync to disk), and a request
  // that fails its check (kConflict, kDuplicateKey) writes nothing while the
  // others commit. A fault throws StoreError and then none of them is
  // written. The default commits them one by one.
  virtual std::vector<CommitResult> commit_batch(const std::vector<CommitRequest>& requests) {
    std::vector<CommitResult> results;
    results.reserve(requests.size());
    for (const CommitRequest& request : requests) results.push_back(commit(request));
    return results;
  }
  // What was stored under `key`, if anything.
  virtual std::optional<IdempotentEntry> idempotent_entry(const std::string& key) = 0;
  // The first answer recorded under `key`, if any.
  std::optional<std::string> idempotent_answer(const std::string& key) {
    std::optional<IdempotentEntry> entry = idempotent_entry(key);
    if (!entry) return std::nullopt;
    return std::move(entry->answer);
  }

  virtual std::vector<CaseRecord> list_cases(const CaseFilter& filter) = 0;
  // Ids of cases with a timer whose next_action_at <= now, oldest first,
  // using the index (no scan of all cases).
  virtual std::vector<std::string> due_cases(std::int64_t now, int limit) = 0;
  // For a tick that may run in several processes at once: up to `limit` ids
  // of cases with a timer action due at `now` that no live claim holds (a
  // claim is live while its lease_until > now), each marked claimed until
  // `lease_until`, in one short transaction. Two callers never get the same
  // case while its claim lives; any commit of the case ends its claim. A
  // crashed claimer's cases come back once `now` reaches lease_until.
  // The default claims nothing (it is due_cases): right only for a store
  // that a single process ticks; SociStore overrides it.
  virtual std::vector<std::string> claim_due_cases(std::int64_t now, int limit,
                                                   std::int64_t lease_until) {
    (void)lease_until;
    return due_cases(now, limit);
  }
  // Ends this caller's claim of `case_id` without a commit (a case it could
  // not tick), so that the next tick takes it at once. The default: a store
  // without claims.
  virtual void release_claim(const std::string& case_id) { (void)case_id; }

  // Ids of the cases with a provisional timer still counting (running,
  // warned, overdue or paused), in id order (a scan: run after a calendar
  // gained a year, docs/deadlines.md). The default: a store without them.
  virtual std::vector<std::string> cases_with_provisional_timers() {
    throw StoreError("this store cannot list provisional timers");
  }
  // Ids of the cases with any timer still counting, in id order (a scan:
  // run after a listed year of a calendar was corrected). The default: a
  // store without them.
  virtual std::vector<std::string> cases_with_counting_timers() {
    throw StoreError("this store cannot list counting timers");
  }

  virtual std::vector<StoredAuditRecord> audit_log(const std::string& case_id) = 0;
  // Recomputes the chain of one case, or of every case when case_id is empty.
  // `progress`, when given, is called after each case verified with how
  // many of how many cases were (it is not called again after a broken one).
  virtual VerifyResult verify(
      const std::string& case_id,
      const std::function<void(std::size_t done, std::size_t total)>& progress = {}) = 0;

  // ---- published versions (docs/workflow-versions.md) ----

  // Stores `yaml_text` (pinned like pin_definition) as `version.workflow`
  // version `version.version`, in one transaction, unless the version is
  // taken or not newer than the latest published (see PublishResult).
  // A Store that keeps no published versions throws StoreError.
  virtual PublishResult publish_definition(const PublishedDefinition& version,
                                           const std::string& yaml_text) {
    (void)version;
    (void)yaml_text;
    throw StoreError("this store cannot publish definitions");
  }
  // The published versions of `workflow` (every workflow when empty),
  // ordered by workflow, then version. The default: none.
  virtual std::vector<PublishedDefinition> published_definitions(const std::string& workflow) {
    (void)workflow;
    return {};
  }
  // Cases not closed, counted per pinned definition text, ordered by
  // workflow, version, sha256.
  virtual std::vector<DefinitionCaseCount> open_case_counts() {
    throw StoreError("this store cannot count cases per definition");
  }

  // ---- export and import (docs/export-format.md) ----
  // A Store that cannot do these throws StoreError; SociStore does them.

  // Every pinned definition, ordered by sha256 (byte order).
  virtual std::vector<DefinitionRecord> all_definitions() {
    throw StoreError("this store cannot export definitions");
  }
  // The id of every case, in no particular order.
  virtual std::vector<std::string> case_ids() { throw StoreError("this store cannot list ids"); }
  // The cases of `ids` that exist, in the order of `ids`, each read whole
  // (row, timers, audit trail) from one consistent snapshot.
  virtual std::vector<CaseWithTrail> export_cases(const std::vector<std::string>& ids) {
    (void)ids;
    throw StoreError("this store cannot export cases");
  }
  // The heads of the cases of `ids` that exist, in no particular order.
  virtual std::vector<CaseHead> case_heads(const std::vector<std::string>& ids) {
    (void)ids;
    throw StoreError("this store cannot look up case heads");
  }
  // Stores `definitions` (those whose sha256 is new) and `cases` exactly as
  // given (rows, timers, audit records with their hashes), and raises the
  // case numbering past every imported id, in one write transaction.
  // Returns nullopt when all was written, or why nothing was: a definition
  // whose text does not hash to its sha256, a case id given twice or
  // already stored, a trail whose chain or record count does not verify.
  // A case's definition must be stored already or be in `definitions`.
  // Faults throw StoreError, with nothing written.
  virtual std::optional<std::string> import_batch(const std::vector<DefinitionRecord>& definitions,
                                                  const std::vector<CaseWithTrail>& cases) {
    (void)definitions;
    (void)cases;
    throw StoreError("this store cannot import");
  }
  // As import_batch, for a caller that has already walked every trail of
  // `cases` with ChainChecker (storage/audit_chain.h) and refused any
  // problem: the chains are not walked again. Every other check and the
  // answers are import_batch's. The default calls import_batch.
  virtual std::optional<std::string> import_verified_batch(
      const std::vector<DefinitionRecord>& definitions, const std::vector<CaseWithTrail>& cases) {
    return import_batch(definitions, cases);
  }
  // Stores, in one write transaction and before any case of the import,
  // `definitions` (those whose sha256 is new) and `published` versions
  // (docs/export-format.md). A published (workflow, version) already stored
  // with the same sha256 is left alone; unlike publish_definition, a version
  // older than the latest published one is taken (it is history, not the
  // version new cases get). Every sha256 of `published` must be stored already
  // or be in `definitions`. Returns nullopt when all was written, or why
  // nothing was: a definition whose text does not hash to its sha256, a
  // (workflow, version) published with another text. Faults throw
  // StoreError, with nothing written. The default stores no published
  // versions.
  virtual std::optional<std::string> import_definitions(
      const std::vector<DefinitionRecord>& definitions,
      const std::vector<PublishedDefinition>& published) {
    if (!published.empty()) throw StoreError("this store cannot import published versions");
    return import_batch(definitions, {});
  }
};

}  // namespace wageflow
