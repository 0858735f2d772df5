#include "storage/soci_store.h"

#include <soci/soci.h>

#include <cstdio>
#include <ctime>
#include <set>

#include "storage/audit_chain.h"
#include "storage/errors.h"
#include "storage/queries.h"
#include "storage/transaction.h"

namespace wageflow {
namespace {

constexpr const char* kCaseColumns =
    "id, workflow, version, definition_sha256, state, status, data, row_version, opened_at,"
    " updated_at, office";
constexpr const char* kTimerColumns =
    "case_id, name, status, started_at, due_date, due_at, warn_at, provisional, extensions_used,"
    " paused_at, escalated, explanation, next_action_at";
constexpr const char* kAuditColumns =
    "case_id, seq, at, actor, role, kind, event, from_state, to_state, data, comment, prev_hash,"
    " hash";

// SOCI binds plain variables only (no std::int64_t, bool or std::optional):
// these rows hold one record in bindable form.
struct CaseRow {
  std::string id, workflow, definition_sha256, state, status, data, office;
  int version = 0;
  long long row_version = 0, opened_at = 0, updated_at = 0;

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(workflow));
    st.exchange(soci::into(version));
    st.exchange(soci::into(definition_sha256));
    st.exchange(soci::into(state));
    st.exchange(soci::into(status));
    st.exchange(soci::into(data));
    st.exchange(soci::into(row_version));
    st.exchange(soci::into(opened_at));
    st.exchange(soci::into(updated_at));
    st.exchange(soci::into(office));
  }
  CaseRecord record() const {
    CaseRecord r;
    r.id = id;
    r.workflow = workflow;
    r.version = version;
    r.definition_sha256 = definition_sha256;
    r.state = state;
    r.status = status;
    r.data = data;
    r.row_version = row_version;
    r.opened_at = opened_at;
    r.updated_at = updated_at;
    r.office = office;
    return r;
  }
};

struct OptionalInstant {
  long long value = 0;
  soci::indicator indicator = soci::i_null;

  void set(const std::optional<std::int64_t>& from) {
    value = from.value_or(0);
    indicator = from ? soci::i_ok : soci::i_null;
  }
  std::optional<std::int64_t> get() const {
    if (indicator != soci::i_ok) return std::nullopt;
    return value;
  }
};

struct TimerRow {
  std::string case_id, name, status, due_date, explanation;
  long long started_at = 0, due_at = 0;
  OptionalInstant warn_at, paused_at, next_action_at;
  int provisional = 0, extensions_used = 0, escalated = 0;

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(case_id));
    st.exchange(soci::into(name));
    st.exchange(soci::into(status));
    st.exchange(soci::into(started_at));
    st.exchange(soci::into(due_date));
    st.exchange(soci::into(due_at));
    st.exchange(soci::into(warn_at.value, warn_at.indicator));
    st.exchange(soci::into(provisional));
    st.exchange(soci::into(extensions_used));
    st.exchange(soci::into(paused_at.value, paused_at.indicator));
    st.exchange(soci::into(escalated));
    st.exchange(soci::into(explanation));
    st.exchange(soci::into(next_action_at.value, next_action_at.indicator));
  }
  void bind_use(soci::statement& st) {
    st.exchange(soci::use(case_id, "case_id"));
    st.exchange(soci::use(name, "name"));
    st.exchange(soci::use(status, "status"));
    st.exchange(soci::use(started_at, "started_at"));
    st.exchange(soci::use(due_date, "due_date"));
    st.exchange(soci::use(due_at, "due_at"));
    st.exchange(soci::use(warn_at.value, warn_at.indicator, "warn_at"));
    st.exchange(soci::use(provisional, "provisional"));
    st.exchange(soci::use(extensions_used, "extensions_used"));
    st.exchange(soci::use(paused_at.value, paused_at.indicator, "paused_at"));
    st.exchange(soci::use(escalated, "escalated"));
    st.exchange(soci::use(explanation, "explanation"));
    st.exchange(soci::use(next_action_at.value, next_action_at.indicator, "next_action_at"));
  }
  void set(const std::string& id, const TimerRecord& t) {
    case_id = id;
    name = t.name;
    status = t.status;
    started_at = t.started_at;
    due_date = t.due_date;
    due_at = t.due_at;
    warn_at.set(t.warn_at);
    provisional = t.provisional ? 1 : 0;
    extensions_used = t.extensions_used;
    paused_at.set(t.paused_at);
    escalated = t.escalated ? 1 : 0;
    explanation = t.explanation;
    next_action_at.set(t.next_action_at);
  }
  TimerRecord record() const {
    TimerRecord t;
    t.name = name;
    t.status = status;
    t.started_at = started_at;
    t.due_date = due_date;
    t.due_at = due_at;
    t.warn_at = warn_at.get();
    t.provisional = provisional != 0;
    t.extensions_used = extensions_used;
    t.paused_at = paused_at.get();
    t.escalated = escalated != 0;
    t.explanation = explanation;
    t.next_action_at = next_action_at.get();
    return t;
  }
};

struct AuditRow {
  std::string case_id, actor, role, kind, event, from_state, to_state, data, comment, prev_hash,
      hash;
  long long seq = 0, at = 0;

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(case_id));
    st.exchange(soci::into(seq));
    st.exchange(soci::into(at));
    st.exchange(soci::into(actor));
    st.exchange(soci::into(role));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(event));
    st.exchange(soci::into(from_state));
    st.exchange(soci::into(to_state));
    st.exchange(soci::into(data));
    st.exchange(soci::into(comment));
    st.exchange(soci::into(prev_hash));
    st.exchange(soci::into(hash));
  }
  void bind_use(soci::statement& st) {
    st.exchange(soci::use(case_id, "case_id"));
    st.exchange(soci::use(seq, "seq"));
    st.exchange(soci::use(at, "at"));
    st.exchange(soci::use(actor, "actor"));
    st.exchange(soci::use(role, "role"));
    st.exchange(soci::use(kind, "kind"));
    st.exchange(soci::use(event, "event"));
    st.exchange(soci::use(from_state, "from_state"));
    st.exchange(soci::use(to_state, "to_state"));
    st.exchange(soci::use(data, "data"));
    st.exchange(soci::use(comment, "comment"));
    st.exchange(soci::use(prev_hash, "prev_hash"));
    st.exchange(soci::use(hash, "hash"));
  }
  void set(const StoredAuditRecord& s) {
    case_id = s.case_id;
    seq = s.seq;
    at = s.record.at.seconds;
    actor = s.record.actor;
    role = s.record.role;
    kind = s.record.kind;
    event = s.record.event;
    from_state = s.record.from_state;
    to_state = s.record.to_state;
    data = s.record.data;
    comment = s.record.comment;
    prev_hash = s.prev_hash;
    hash = s.hash;
  }
  StoredAuditRecord record() const {
    StoredAuditRecord s;
    s.case_id = case_id;
    s.seq = seq;
    s.record.at = Instant{at};
    s.record.actor = actor;
    s.record.role = role;
    s.record.kind = kind;
    s.record.event = event;
    s.record.from_state = from_state;
    s.record.to_state = to_state;
    s.record.data = data;
    s.record.comment = comment;
    s.prev_hash = prev_hash;
    s.hash = hash;
    return s;
  }
};

// Prepares `query` on `st` after the caller has exchanged its variables.
void prepare(soci::statement& st, const std::string& query) {
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
}

std::string replace_all(std::string text, const std::string& token, const std::string& by) {
  for (std::size_t at = text.find(token); at != std::string::npos;
       at = text.find(token, at + by.size())) {
    text.replace(at, token.size(), by);
  }
  return text;
}

// Case filters as SQL: the same clause and bindings serve the case page and
// the timers of that page.
struct FilterClause {
  const CaseFilter& filter;
  std::string status_overdue = "overdue";

  std::string where() const {
    std::string sql = " WHERE 1 = 1";
    if (!filter.workflow.empty()) sql += " AND workflow = :workflow";
    if (!filter.state.empty()) sql += " AND state = :state";
    if (!filter.status.empty()) sql += " AND status = :status";
    if (!filter.office.empty()) sql += " AND office = :office";
    if (filter.overdue_only) {
      sql +=
          " AND EXISTS (SELECT 1 FROM timers overdue WHERE overdue.case_id = cases.id"
          " AND overdue.status = :overdue)";
    }
    return sql;
  }
  void bind(soci::statement& st) {
    if (!filter.workflow.empty()) st.exchange(soci::use(filter.workflow, "workflow"));
    if (!filter.state.empty()) st.exchange(soci::use(filter.state, "state"));
    if (!filter.status.empty()) st.exchange(soci::use(filter.status, "status"));
    if (!filter.office.empty()) st.exchange(soci::use(filter.office, "office"));
    if (filter.overdue_only) st.exchange(soci::use(status_overdue, "overdue"));
  }
};

// What write_commit answers when a check failed after it began writing:
// the caller rolls back, then asks resolve_conflict.
CommitResult rejected(const std::string& case_id) {
  CommitResult result;
  result.status = CommitResult::Status::kConflict;
  result.case_id = case_id;
  return result;
}

}  // namespace

SociStore::SociStore(std::unique_ptr<soci::session> sql, std::unique_ptr<const Dialect> dialect,
                     std::string db)
    : sql_(std::move(sql)), dialect_(std::move(dialect)), db_(std::move(db)) {}

SociStore::~SociStore() = default;

std::string SociStore::pin_definition(const std::string& workflow, int version,
                                      const std::string& yaml_text) {
  try {
    const std::string sha256 = sha256_hex(yaml_text);
    int count = 0;
    *sql_ << "SELECT COUNT(*) FROM definitions WHERE sha256 = :sha256", soci::into(count),
        soci::use(sha256, "sha256");
    if (count > 0) return sha256;

    // Another process may pin the same text at the same moment: the second
    // insert then does nothing.
    Transaction transaction(*sql_, dialect_->begin_write());
    long long stored_at = static_cast<long long>(std::time(nullptr));
    *sql_ << "INSERT INTO definitions (sha256, workflow, version, yaml_text, stored_at)"
             " VALUES (:sha256, :workflow, :version, :yaml_text, :stored_at)"
             " ON CONFLICT (sha256) DO NOTHING",
        soci::use(sha256, "sha256"), soci::use(workflow, "workflow"), soci::use(version, "version"),
        soci::use(yaml_text, "yaml_text"), soci::use(stored_at, "stored_at");
    transaction.commit();
    return sha256;
  } catch (...) {
    rethrow_as_store_error(
        db_, "storing definition " + workflow + " version " + std::to_string(version));
  }
}

std::optional<DefinitionRecord> SociStore::definition(const std::string& sha256) {
  try {
    DefinitionRecord record;
    *sql_ << "SELECT workflow, version, yaml_text FROM definitions WHERE sha256 = :sha256",
        soci::into(record.workflow), soci::into(record.version), soci::into(record.yaml_text),
        soci::use(sha256, "sha256");
    if (!sql_->got_data()) return std::nullopt;
    record.sha256 = sha256;
    return record;
  } catch (...) {
    rethrow_as_store_error(db_, "reading definition " + sha256);
  }
}

std::optional<CaseRecord> SociStore::load_case(const std::string& id) {
  try {
    Transaction transaction(*sql_, dialect_->begin_read());
    CaseRow row;
    soci::statement st(*sql_);
    row.bind_into(st);
    st.exchange(soci::use(id, "id"));
    prepare(st, std::string("SELECT ") + kCaseColumns + " FROM cases WHERE id = :id");
    if (!st.execute(true)) return std::nullopt;
    CaseRecord record = row.record();
    record.timers = read_timers(id);
    transaction.commit();
    return record;
  } catch (...) {
    rethrow_as_store_error(db_, "loading case " + id);
  }
}

std::vector<TimerRecord> SociStore::read_timers(const std::string& case_id) {
  std::vector<TimerRecord> timers;
  TimerRow row;
  soci::statement st(*sql_);
  row.bind_into(st);
  st.exchange(soci::use(case_id, "case_id"));
  prepare(st, std::string("SELECT ") + kTimerColumns +
                  " FROM timers WHERE case_id = :case_id ORDER BY name");
  st.execute();
  while (st.fetch()) timers.push_back(row.record());
  return timers;
}

CommitResult SociStore::commit(const CommitRequest& request) {
  try {
    return commit_in_transaction(request);
  } catch (...) {
    const std::string which = request.after.id.empty()
                                  ? "a new case (" + request.new_case_id_prefix + "...)"
                                  : "case " + request.after.id;
    rethrow_as_store_error(db_, "committing " + which);
  }
}

CommitResult SociStore::commit_in_transaction(const CommitRequest& request) {
  Transaction transaction(*sql_, dialect_->begin_write());
  CommitResult result = write_commit(request);
  if (result.status == CommitResult::Status::kCommitted) {
    transaction.commit();
    return result;
  }
  transaction.rollback();
  if (result.status == CommitResult::Status::kConflict) {
    return resolve_conflict(request, result.case_id);
  }
  return result;
}

CommitResult SociStore::write_commit(const CommitRequest& request) {
  CommitResult result;
  const CaseRecord& after = request.after;

  if (!request.idempotency_key.empty()) {
    if (std::optional<std::string> first = stored_answer(request.idempotency_key)) {
      result.status = CommitResult::Status::kDuplicateKey;
      result.idempotency_answer = *first;
      return result;
    }
  }

  std::string case_id = after.id;
  long long last_seq = 0;
  std::string last_hash = genesis_hash();
  if (request.expected_row_version == 0) {
    if (case_id.empty()) case_id = allocate_case_id(request.new_case_id_prefix);
  } else {
    std::string hash;
    *sql_ << "SELECT seq, hash FROM audit_log WHERE case_id = :case_id"
             " ORDER BY seq DESC LIMIT 1",
        soci::into(last_seq), soci::into(hash), soci::use(case_id, "case_id");
    if (sql_->got_data()) last_hash = hash;
  }

  long long row_version = after.row_version;
  long long opened_at = after.opened_at;
  long long updated_at = after.updated_at;
  long long audit_seq = last_seq + static_cast<long long>(request.records.size());
  long long expected = request.expected_row_version;
  if (request.expected_row_version == 0) {
    // A case stored under the same explicit id first (by another process,
    // too) makes this insert do nothing: a conflict.
    soci::statement insert =
        (sql_->prepare << "INSERT INTO cases (id, workflow, version, definition_sha256, state,"
                          " status, data, row_version, opened_at, updated_at, audit_seq, office)"
                          " VALUES (:id, :workflow, :version, :definition_sha256, :state,"
                          " :status, :data, :row_version, :opened_at, :updated_at, :audit_seq,"
                          " :office)"
                          " ON CONFLICT (id) DO NOTHING",
         soci::use(case_id, "id"), soci::use(after.workflow, "workflow"),
         soci::use(after.version, "version"),
         soci::use(after.definition_sha256, "definition_sha256"), soci::use(after.state, "state"),
         soci::use(after.status, "status"), soci::use(after.data, "data"),
         soci::use(row_version, "row_version"), soci::use(opened_at, "opened_at"),
         soci::use(updated_at, "updated_at"), soci::use(audit_seq, "audit_seq"),
         soci::use(after.office, "office"));
    insert.execute(true);
    if (insert.get_affected_rows() == 0) return rejected(case_id);
  } else {
    soci::statement update =
        (sql_->prepare << "UPDATE cases SET workflow = :workflow, version = :version,"
                          " definition_sha256 = :definition_sha256, state = :state,"
                          " status = :status, data = :data, row_version = :row_version,"
                          " updated_at = :updated_at, audit_seq = :audit_seq,"
                          " tick_claimed_until = NULL"
                          " WHERE id = :id AND row_version = :expected",
         soci::use(after.workflow, "workflow"), soci::use(after.version, "version"),
         soci::use(after.definition_sha256, "definition_sha256"), soci::use(after.state, "state"),
         soci::use(after.status, "status"), soci::use(after.data, "data"),
         soci::use(row_version, "row_version"), soci::use(updated_at, "updated_at"),
         soci::use(audit_seq, "audit_seq"), soci::use(case_id, "id"),
         soci::use(expected, "expected"));
    update.execute(true);
    if (update.get_affected_rows() == 0) return rejected(case_id);
  }

  write_timers(case_id, after.timers);

  AuditRow row;
  soci::statement insert(*sql_);
  row.bind_use(insert);
  prepare(insert, std::string("INSERT INTO audit_log (") + kAuditColumns +
                      ") VALUES (:case_id, :seq, :at, :actor, :role, :kind, :event, :from_state,"
                      " :to_state, :data, :comment, :prev_hash, :hash)");
  for (const AuditRecord& record : request.records) {
    StoredAuditRecord stored;
    stored.case_id = case_id;
    stored.seq = ++last_seq;
    stored.record = record;
    stored.prev_hash = last_hash;
    stored.hash = chain_hash(last_hash, case_id, stored.seq, record);
    last_hash = stored.hash;
    row.set(stored);
    insert.execute(true);
  }

  if (!request.idempotency_key.empty()) {
    // The key was free when this transaction began; another process may
    // have stored it since (PostgreSQL lets writers of different cases run
    // at once). Then this insert does nothing and the first answer wins.
    const std::string answer = replace_all(request.idempotency_answer, "{case_id}", case_id);
    soci::statement insert =
        (sql_->prepare << "INSERT INTO idempotency_keys (key, case_id, answer, created_at)"
                          " VALUES (:key, :case_id, :answer, :created_at)"
                          " ON CONFLICT (key) DO NOTHING",
         soci::use(request.idempotency_key, "key"), soci::use(case_id, "case_id"),
         soci::use(answer, "answer"), soci::use(updated_at, "created_at"));
    insert.execute(true);
    if (insert.get_affected_rows() == 0) return rejected(case_id);
  }

  result.status = CommitResult::Status::kCommitted;
  result.case_id = case_id;
  return result;
}

std::optional<std::string> SociStore::stored_answer(const std::string& key) {
  std::string answer;
  *sql_ << "SELECT answer FROM idempotency_keys WHERE key = :key", soci::into(answer),
      soci::use(key, "key");
  if (!sql_->got_data()) return std::nullopt;
  return answer;
}

CommitResult SociStore::resolve_conflict(const CommitRequest& request, const std::string& case_id) {
  CommitResult result;
  // The writer that got there first may have been the same command,
  // retried in another process with the same key: answer as a repeat.
  if (!request.idempotency_key.empty()) {
    if (std::optional<std::string> first = stored_answer(request.idempotency_key)) {
      result.status = CommitResult::Status::kDuplicateKey;
      result.idempotency_answer = *first;
      return result;
    }
  }
  result.status = CommitResult::Status::kConflict;
  result.case_id = case_id;
  return result;
}

std::string SociStore::allocate_case_id(const std::string& prefix) {
  for (;;) {
    long long number = 0;
    *sql_ << dialect_->increment_case_number(), soci::use(prefix, "prefix");
    *sql_ << "SELECT last FROM case_numbers WHERE prefix = :prefix", soci::into(number),
        soci::use(prefix, "prefix");
    char digits[32];
    std::snprintf(digits, sizeof digits, "%06lld", number);
    std::string id = prefix + digits;
    // A case stored under an explicit id may already hold the number.
    int existing = 0;
    *sql_ << "SELECT COUNT(*) FROM cases WHERE id = :id", soci::into(existing), soci::use(id, "id");
    if (existing == 0) return id;
  }
}

void SociStore::write_timers(const std::string& case_id, const std::vector<TimerRecord>& timers) {
  *sql_ << "DELETE FROM timers WHERE case_id = :case_id", soci::use(case_id, "case_id");
  if (timers.empty()) return;
  TimerRow row;
  soci::statement insert(*sql_);
  row.bind_use(insert);
  prepare(insert, std::string("INSERT INTO timers (") + kTimerColumns +
                      ") VALUES (:case_id, :name, :status, :started_at, :due_date, :due_at,"
                      " :warn_at, :provisional, :extensions_used, :paused_at, :escalated,"
                      " :explanation, :next_action_at)");
  for (const TimerRecord& timer : timers) {
    row.set(case_id, timer);
    insert.execute(true);
  }
}

std::optional<std::string> SociStore::idempotent_answer(const std::string& key) {
  try {
    return stored_answer(key);
  } catch (...) {
    rethrow_as_store_error(db_, "reading idempotency key " + key);
  }
}

std::vector<CaseRecord> SociStore::list_cases(const CaseFilter& filter) {
  try {
    std::vector<CaseRecord> cases;
    if (filter.limit <= 0) return cases;
    int limit = filter.limit;
    int offset = filter.offset < 0 ? 0 : filter.offset;
    FilterClause clause{filter};
    const std::string page = clause.where() + " ORDER BY id LIMIT :limit OFFSET :offset";

    Transaction transaction(*sql_, dialect_->begin_read());
    {
      CaseRow row;
      soci::statement st(*sql_);
      row.bind_into(st);
      clause.bind(st);
      st.exchange(soci::use(limit, "limit"));
      st.exchange(soci::use(offset, "offset"));
      prepare(st, std::string("SELECT ") + kCaseColumns + " FROM cases" + page);
      st.execute();
      while (st.fetch()) cases.push_back(row.record());
    }
    if (!cases.empty()) {
      TimerRow row;
      soci::statement st(*sql_);
      row.bind_into(st);
      clause.bind(st);
      st.exchange(soci::use(limit, "limit"));
      st.exchange(soci::use(offset, "offset"));
      prepare(st, std::string("SELECT ") + kTimerColumns +
                      " FROM timers WHERE case_id IN (SELECT id FROM cases" + page +
                      ") ORDER BY case_id, name");
      st.execute();
      // Both lists are ordered by case id: merge them.
      std::size_t index = 0;
      while (st.fetch()) {
        while (index < cases.size() && cases[index].id < row.case_id) ++index;
        if (index < cases.size() && cases[index].id == row.case_id) {
          cases[index].timers.push_back(row.record());
        }
      }
    }
    transaction.commit();
    return cases;
  } catch (...) {
    rethrow_as_store_error(db_, "listing cases");
  }
}

std::vector<std::string> SociStore::due_cases(std::int64_t now, int limit) {
  try {
    std::vector<std::string> ids;
    if (limit <= 0) return ids;
    long long at = now;
    std::string case_id;
    std::set<std::string> seen;
    soci::statement st =
        (sql_->prepare << kDueCasesQuery, soci::into(case_id), soci::use(at, "now"));
    st.execute();
    while (static_cast<int>(ids.size()) < limit && st.fetch()) {
      if (seen.insert(case_id).second) ids.push_back(case_id);
    }
    return ids;
  } catch (...) {
    rethrow_as_store_error(db_, "finding due timers");
  }
}

std::vector<std::string> SociStore::claim_due_cases(std::int64_t now, int limit,
                                                    std::int64_t lease_until) {
  try {
    std::vector<std::string> ids;
    if (limit <= 0) return ids;
    long long at = now;
    long long until = lease_until;
    Transaction transaction(*sql_, dialect_->begin_write());
    {
      std::string id;
      soci::statement st =
          (sql_->prepare << std::string(kClaimDueCasesQuery) + dialect_->skip_locked_rows(),
           soci::into(id), soci::use(at, "now"), soci::use(at, "free_at"),
           soci::use(limit, "limit"));
      st.execute();
      while (st.fetch()) ids.push_back(id);
    }
    if (!ids.empty()) {
      std::string id;
      soci::statement mark =
          (sql_->prepare << "UPDATE cases SET tick_claimed_until = :until WHERE id = :id",
           soci::use(until, "until"), soci::use(id, "id"));
      for (const std::string& claimed : ids) {
        id = claimed;
        mark.execute(true);
      }
    }
    transaction.commit();
    return ids;
  } catch (...) {
    rethrow_as_store_error(db_, "claiming due timers");
  }
}

std::vector<StoredAuditRecord> SociStore::audit_log(const std::string& case_id) {
  try {
    std::vector<StoredAuditRecord> records;
    AuditRow row;
    soci::statement st(*sql_);
    row.bind_into(st);
    st.exchange(soci::use(case_id, "case_id"));
    prepare(st, std::string("SELECT ") + kAuditColumns +
                    " FROM audit_log WHERE case_id = :case_id ORDER BY seq");
    st.execute();
    while (st.fetch()) records.push_back(row.record());
    return records;
  } catch (...) {
    rethrow_as_store_error(db_, "reading the audit log of case " + case_id);
  }
}

bool SociStore::verify_case(const std::string& case_id, std::int64_t expected_records,
                            VerifyResult& result) {
  ChainChecker checker(case_id, expected_records);
  AuditRow row;
  soci::statement st(*sql_);
  row.bind_into(st);
  st.exchange(soci::use(case_id, "case_id"));
  prepare(st, std::string("SELECT ") + kAuditColumns +
                  " FROM audit_log WHERE case_id = :case_id ORDER BY seq");
  st.execute();
  while (st.fetch()) {
    if (auto problem = checker.next(row.record())) {
      result.ok = false;
      result.problem = *problem;
      return false;
    }
    ++result.records;
  }
  if (auto problem = checker.finish()) {
    result.ok = false;
    result.problem = *problem;
    return false;
  }
  return true;
}

VerifyResult SociStore::verify(const std::string& case_id) {
  try {
    VerifyResult result;
    Transaction transaction(*sql_, dialect_->begin_read());
    std::vector<std::pair<std::string, long long>> cases;
    {
      std::string id;
      long long audit_seq = 0;
      soci::statement st(*sql_);
      st.exchange(soci::into(id));
      st.exchange(soci::into(audit_seq));
      if (case_id.empty()) {
        prepare(st, "SELECT id, audit_seq FROM cases ORDER BY id");
      } else {
        st.exchange(soci::use(case_id, "id"));
        prepare(st, "SELECT id, audit_seq FROM cases WHERE id = :id");
      }
      st.execute();
      while (st.fetch()) cases.emplace_back(id, audit_seq);
    }
    if (!case_id.empty() && cases.empty()) {
      result.ok = false;
      result.problem = "case " + case_id + ": no such case";
      return result;
    }
    for (const auto& [id, audit_seq] : cases) {
      if (!verify_case(id, audit_seq, result)) return result;
    }
    if (case_id.empty()) {
      // Records whose case row is gone (possible only with foreign keys off).
      std::string orphan;
      *sql_ << "SELECT case_id FROM audit_log WHERE case_id NOT IN (SELECT id FROM cases)"
               " ORDER BY case_id LIMIT 1",
          soci::into(orphan);
      if (sql_->got_data()) {
        result.ok = false;
        result.problem = "case " + orphan + ": audit records without a case row";
      }
    }
    transaction.commit();
    return result;
  } catch (...) {
    rethrow_as_store_error(db_, "verifying the audit chain");
  }
}

}  // namespace wageflow
