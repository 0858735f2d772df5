#include "storage/soci_store.h"

#include <soci/soci.h>

#include <cstdio>
#include <set>

#include "storage/audit_chain.h"
#include "storage/definition_rows.h"
#include "storage/errors.h"
#include "storage/queries.h"
#include "storage/soci_account_lookups.h"
#include "storage/soci_prepared.h"
#include "storage/soci_rows.h"
#include "storage/transaction.h"

namespace wageflow {
namespace {

using soci_rows::AuditRow;
using soci_rows::CaseRow;
using soci_rows::kAuditColumns;
using soci_rows::kCaseColumns;
using soci_rows::kTimerColumns;
using soci_rows::prepare;
using soci_rows::TimerRow;

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
  long long now = filter.now.seconds;

  std::string where() const {
    std::string sql = " WHERE 1 = 1";
    if (!filter.workflow.empty()) sql += " AND workflow = :workflow";
    if (!filter.state.empty()) sql += " AND state = :state";
    if (!filter.status.empty()) sql += " AND status = :status";
    if (!filter.office.empty()) sql += " AND office = :office";
    if (filter.overdue_only) {
      // TimerState::past_due_at, in SQL, or an expired timer whose expiry
      // event was not fired, in a case still in the state it stayed in
      // (wageflow::expiries_not_fired, in SQL: its `escalate` record
      // with "refused", and since then no record of another state and no
      // start or expiry of that timer). ListCasesFiltersOrdersByIdAndPages
      // and ListsACaseWhoseExpiryEventWasNotFiredAsOverdue check it.
      sql +=
          " AND EXISTS (SELECT 1 FROM timers overdue WHERE overdue.case_id = cases.id"
          " AND (overdue.status = :overdue OR (overdue.status IN ('running', 'warned')"
          " AND overdue.due_at <= :now)"
          " OR (overdue.status = 'expired' AND EXISTS (SELECT 1 FROM audit_log stuck"
          " WHERE stuck.case_id = cases.id AND stuck.kind = 'escalate'"
          " AND stuck.event = overdue.name AND stuck.data LIKE '%\"refused\"%'"
          " AND stuck.to_state = cases.state AND NOT EXISTS (SELECT 1 FROM audit_log later"
          " WHERE later.case_id = cases.id AND later.seq > stuck.seq"
          " AND (later.to_state <> stuck.to_state OR (later.event = overdue.name"
          " AND later.kind IN ('timer_start', 'timer_expire'))))))))";
    }
    return sql;
  }
  void bind(soci::statement& st) {
    if (!filter.workflow.empty()) st.exchange(soci::use(filter.workflow, "workflow"));
    if (!filter.state.empty()) st.exchange(soci::use(filter.state, "state"));
    if (!filter.status.empty()) st.exchange(soci::use(filter.status, "status"));
    if (!filter.office.empty()) st.exchange(soci::use(filter.office, "office"));
    if (filter.overdue_only) {
      st.exchange(soci::use(status_overdue, "overdue"));
      st.exchange(soci::use(now, "now"));
    }
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
    : sql_(std::move(sql)),
      dialect_(std::move(dialect)),
      db_(std::move(db)),
      commits_in_one_statement_(!dialect_->commit_in_one_statement(false).empty()) {}

SociStore::~SociStore() = default;

PreparedStatements& SociStore::prepared() {
  if (!prepared_) prepared_ = std::make_unique<PreparedStatements>(*sql_, *dialect_);
  return *prepared_;
}

void SociStore::forget_prepared() noexcept {
  prepared_.reset();
}

AccountLookups& SociStore::account_lookups() {
  if (!account_lookups_) account_lookups_ = std::make_unique<AccountLookups>(*sql_);
  return *account_lookups_;
}

void SociStore::forget_account_lookups() noexcept {
  account_lookups_.reset();
}

std::string SociStore::pin_definition(const std::string& workflow, int version,
                                      const std::string& yaml_text) {
  if (auto known = pinned_texts_.find(yaml_text); known != pinned_texts_.end()) {
    return known->second;
  }
  // A process meets a handful of definition texts; this bounds the memory
  // should it meet many.
  constexpr std::size_t kPinnedTextsKept = 64;
  if (pinned_texts_.size() >= kPinnedTextsKept) pinned_texts_.clear();
  try {
    const std::string sha256 = sha256_hex(yaml_text);
    int count = 0;
    *sql_ << "SELECT COUNT(*) FROM definitions WHERE sha256 = :sha256", soci::into(count),
        soci::use(sha256, "sha256");
    if (count > 0) {
      pinned_texts_.emplace(yaml_text, sha256);
      return sha256;
    }

    // Another process may pin the same text at the same moment: the second
    // insert then does nothing.
    Transaction transaction(*sql_, dialect_->begin_write());
    insert_definition_row(*sql_, DefinitionRecord{workflow, version, sha256, yaml_text});
    transaction.commit();
    pinned_texts_.emplace(yaml_text, sha256);
    return sha256;
  } catch (...) {
    rethrow_as_store_error(
        db_, "storing definition " + workflow + " version " + std::to_string(version));
  }
}

std::optional<DefinitionRecord> SociStore::definition(const std::string& sha256) {
  try {
    return prepared().definition(sha256);
  } catch (...) {
    forget_prepared();
    rethrow_as_store_error(db_, "reading definition " + sha256);
  }
}

std::optional<CaseRecord> SociStore::load_case(const std::string& id) {
  try {
    // One statement sees one snapshot: no transaction needed.
    return prepared().case_with_timers(id);
  } catch (...) {
    forget_prepared();
    rethrow_as_store_error(db_, "loading case " + id);
  }
}

CommitResult SociStore::commit(const CommitRequest& request) {
  try {
    // PostgreSQL: one round trip instead of about six when the case and
    // its timers were loaded on this connection at the version decided on.
    if (commits_in_one_statement_ && request.expected_row_version != 0 &&
        request.idempotency_key.empty() &&
        prepared().loaded(request.after.id, request.expected_row_version)) {
      if (std::optional<CommitResult> result = commit_in_one_statement(request)) return *result;
    }
    return commit_in_transaction(request);
  } catch (...) {
    forget_prepared();
    const std::string which = request.after.id.empty()
                                  ? "a new case (" + request.new_case_id_prefix + "...)"
                                  : "case " + request.after.id;
    rethrow_as_store_error(db_, "committing " + which);
  }
}

std::optional<CommitResult> SociStore::commit_in_one_statement(const CommitRequest& request) {
  const CaseRecord& after = request.after;
  require_row_version_raised(request);
  PreparedStatements::ChainEnd end = prepared().chain_end(after.id, request.expected_row_version);
  const long long audit_seq = end.seq + static_cast<long long>(request.records.size());
  const std::vector<StoredAuditRecord> chained =
      chained_records(after.id, end.seq, end.seq == 0 ? genesis_hash() : end.hash, request.records);
  switch (prepared().commit_in_one_statement(after.id, after, audit_seq,
                                             request.expected_row_version, chained)) {
    case PreparedStatements::OneStatement::kWritten: {
      CommitResult result;
      result.status = CommitResult::Status::kCommitted;
      result.case_id = after.id;
      return result;
    }
    case PreparedStatements::OneStatement::kRowVersionMoved:
      return resolve_conflict(request, after.id);
    case PreparedStatements::OneStatement::kNotWritable:
      break;
  }
  return std::nullopt;
}

CommitResult SociStore::commit_in_transaction(const CommitRequest& request) {
  Transaction transaction(*sql_, prepared().begin_write_statement(), prepared().commit_statement());
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

void SociStore::require_row_version_raised(const CommitRequest& request) {
  // write_timers relies on it (soci_prepared.h), and readers tell
  // versions apart by it: a commit always moves a case's row_version up.
  if (request.after.row_version <= request.expected_row_version) {
    throw StoreError("commit of case " + request.after.id + " would set row_version " +
                     std::to_string(request.after.row_version) + ", not above the row_version " +
                     std::to_string(request.expected_row_version) +
                     " it was decided on: nothing was written");
  }
}

std::vector<StoredAuditRecord> SociStore::chained_records(const std::string& case_id,
                                                          long long last_seq, std::string last_hash,
                                                          const std::vector<AuditRecord>& records) {
  std::vector<StoredAuditRecord> chained(records.size());
  for (std::size_t i = 0; i < chained.size(); ++i) {
    StoredAuditRecord& stored = chained[i];
    stored.case_id = case_id;
    stored.seq = ++last_seq;
    stored.record = records[i];
    stored.prev_hash = last_hash;
    stored.hash = chain_hash(last_hash, case_id, stored.seq, stored.record);
    last_hash = stored.hash;
  }
  return chained;
}

CommitResult SociStore::write_commit(const CommitRequest& request) {
  CommitResult result;
  const CaseRecord& after = request.after;

  if (!request.idempotency_key.empty()) {
    if (std::optional<IdempotentEntry> first = stored_answer(request.idempotency_key)) {
      result.status = CommitResult::Status::kDuplicateKey;
      result.idempotency_answer = std::move(first->answer);
      result.idempotency_request = std::move(first->request);
      return result;
    }
  }

  std::string case_id = after.id;
  long long last_seq = 0;
  std::string last_hash = genesis_hash();
  if (request.expected_row_version == 0) {
    if (case_id.empty()) case_id = allocate_case_id(request.new_case_id_prefix);
  } else {
    require_row_version_raised(request);
    PreparedStatements::ChainEnd end = prepared().chain_end(case_id, request.expected_row_version);
    last_seq = end.seq;
    if (end.seq != 0) last_hash = std::move(end.hash);
  }

  const long long audit_seq = last_seq + static_cast<long long>(request.records.size());
  const bool written =
      request.expected_row_version == 0
          ? prepared().insert_case(case_id, after, audit_seq)
          : prepared().update_case(case_id, after, audit_seq, request.expected_row_version);
  if (!written) return rejected(case_id);

  prepared().write_timers(case_id, after.timers, request.expected_row_version);

  prepared().insert_audit_records(chained_records(case_id, last_seq, last_hash, request.records));

  if (!request.idempotency_key.empty()) {
    // The key was free when this transaction began; another process may
    // have stored it since (PostgreSQL lets writers of different cases run
    // at once). Then this insert does nothing and the first answer wins.
    const std::string answer = replace_all(request.idempotency_answer, "{case_id}", case_id);
    if (!prepared().insert_idempotency_key(request.idempotency_key, case_id, answer,
                                           request.idempotency_request, after.updated_at)) {
      return rejected(case_id);
    }
  }

  result.status = CommitResult::Status::kCommitted;
  result.case_id = case_id;
  return result;
}

std::optional<IdempotentEntry> SociStore::stored_answer(const std::string& key) {
  return prepared().stored_answer(key);
}

CommitResult SociStore::resolve_conflict(const CommitRequest& request, const std::string& case_id) {
  CommitResult result;
  // The writer that got there first may have been the same command,
  // retried in another process with the same key: answer as a repeat.
  if (!request.idempotency_key.empty()) {
    if (std::optional<IdempotentEntry> first = stored_answer(request.idempotency_key)) {
      result.status = CommitResult::Status::kDuplicateKey;
      result.idempotency_answer = std::move(first->answer);
      result.idempotency_request = std::move(first->request);
      return result;
    }
  }
  result.status = CommitResult::Status::kConflict;
  result.case_id = case_id;
  return result;
}

std::string SociStore::allocate_case_id(const std::string& prefix) {
  for (;;) {
    const long long number = prepared().next_case_number(prefix);
    char digits[32];
    std::snprintf(digits, sizeof digits, "%06lld", number);
    std::string id = prefix + digits;
    // A case stored under an explicit id may already hold the number.
    if (!prepared().case_exists(id)) return id;
  }
}

std::optional<IdempotentEntry> SociStore::idempotent_entry(const std::string& key) {
  try {
    return stored_answer(key);
  } catch (...) {
    forget_prepared();
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

std::vector<std::string> SociStore::cases_with_provisional_timers() {
  try {
    return cases_with_timers_where("provisional = 1 AND ");
  } catch (...) {
    rethrow_as_store_error(db_, "listing provisional timers");
  }
}

std::vector<std::string> SociStore::cases_with_counting_timers() {
  try {
    return cases_with_timers_where("");
  } catch (...) {
    rethrow_as_store_error(db_, "listing counting timers");
  }
}

std::vector<std::string> SociStore::cases_with_timers_where(const std::string& condition) {
  std::vector<std::string> ids;
  std::string id;
  soci::statement st = (sql_->prepare << "SELECT DISTINCT case_id FROM timers WHERE " + condition +
                                             "status IN ('running', 'warned', 'overdue', 'paused')"
                                             " ORDER BY case_id",
                        soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
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

void SociStore::release_claim(const std::string& case_id) {
  try {
    std::string id = case_id;
    *sql_ << "UPDATE cases SET tick_claimed_until = NULL WHERE id = :id", soci::use(id, "id");
  } catch (...) {
    rethrow_as_store_error(db_, "releasing a claimed case");
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

VerifyResult SociStore::verify(
    const std::string& case_id,
    const std::function<void(std::size_t done, std::size_t total)>& progress) {
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
    std::size_t done = 0;
    for (const auto& [id, audit_seq] : cases) {
      if (!verify_case(id, audit_seq, result)) return result;
      if (progress) progress(++done, cases.size());
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
