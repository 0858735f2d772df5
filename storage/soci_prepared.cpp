#include "storage/soci_prepared.h"

#include <algorithm>

#include "storage/json_rows.h"

namespace wageflow {
namespace {

using soci_rows::column_names;
using soci_rows::kAuditColumns;
using soci_rows::kCaseColumns;
using soci_rows::kTimerColumns;

// The most timers, and audit records, one INSERT writes; more get several.
constexpr std::size_t kTimersPerInsert = 8;
constexpr std::size_t kRecordsPerInsert = 8;

// Definitions kept in memory at most.
constexpr std::size_t kDefinitionsKept = 64;

// The parameters of one row of `columns`, each named after its column
// followed by `suffix`: "(:case_id_0, :name_0, ...)".
std::string row_values(const std::string& columns, const std::string& suffix) {
  std::string values;
  for (const std::string& name : column_names(columns)) {
    values += (values.empty() ? "(:" : ", :") + name + suffix;
  }
  return values + ")";
}

// A column list qualified by `table`: "t.a, t.b".
std::string qualified(const std::string& table, const std::string& columns) {
  std::string out;
  for (const std::string& name : column_names(columns)) {
    out += (out.empty() ? "" : ", ") + table + "." + name;
  }
  return out;
}

std::string row_suffix(std::size_t row) {
  return "_" + std::to_string(row);
}

// Whether `a` and `b` hold the same timers, in any order.
bool same_timers(const std::vector<TimerRecord>& a, const std::vector<TimerRecord>& b) {
  auto in = [](const std::vector<TimerRecord>& list) {
    return [&list](const TimerRecord& timer) {
      return std::find(list.begin(), list.end(), timer) != list.end();
    };
  };
  return a.size() == b.size() && std::all_of(a.begin(), a.end(), in(b)) &&
         std::all_of(b.begin(), b.end(), in(a));
}

}  // namespace

PreparedStatements::PreparedStatements(soci::session& sql, const Dialect& dialect)
    : sql_(sql), dialect_(dialect) {}

// Statements go before the buffers they are bound to (members are
// destroyed in reverse order, so they do already).
PreparedStatements::~PreparedStatements() = default;

soci::statement& PreparedStatements::statement_for(
    std::unique_ptr<soci::statement>& slot, void (PreparedStatements::*bind)(soci::statement&),
    const std::string& query) {
  if (!slot) {
    auto st = std::make_unique<soci::statement>(sql_);
    (this->*bind)(*st);
    soci_rows::prepare(*st, query);
    slot = std::move(st);
  }
  return *slot;
}

void PreparedStatements::run(std::unique_ptr<soci::statement>& slot, const char* query) {
  statement_for(slot, &PreparedStatements::bind_nothing, query).execute(true);
}

void PreparedStatements::bind_definition_select(soci::statement& st) {
  st.exchange(soci::into(definition_.workflow));
  st.exchange(soci::into(definition_.version));
  st.exchange(soci::into(definition_.yaml_text));
  st.exchange(soci::use(key_, "sha256"));
}

std::optional<DefinitionRecord> PreparedStatements::definition(const std::string& sha256) {
  if (auto known = definitions_.find(sha256); known != definitions_.end()) return known->second;
  soci::statement& st =
      statement_for(definition_select_, &PreparedStatements::bind_definition_select,
                    "SELECT workflow, version, yaml_text FROM definitions WHERE sha256 = :sha256");
  key_ = sha256;
  if (!soci_rows::fetch_single_row(st)) return std::nullopt;
  DefinitionRecord record = definition_;
  record.sha256 = sha256;
  // A process runs a handful of workflow versions; this bounds the memory
  // should it meet many.
  if (definitions_.size() >= kDefinitionsKept) definitions_.clear();
  definitions_.emplace(sha256, record);
  return record;
}

void PreparedStatements::bind_case_select(soci::statement& st) {
  case_row_.bind_into(st);
  soci_rows::TimerRow& t = timer_row_;
  soci::indicator* present = timer_indicators_;
  st.exchange(soci::into(t.case_id, present[0]));
  st.exchange(soci::into(t.name, present[1]));
  st.exchange(soci::into(t.status, present[2]));
  st.exchange(soci::into(t.started_at, present[3]));
  st.exchange(soci::into(t.due_date, present[4]));
  st.exchange(soci::into(t.due_at, present[5]));
  st.exchange(soci::into(t.warn_at.value, t.warn_at.indicator));
  st.exchange(soci::into(t.provisional, present[6]));
  st.exchange(soci::into(t.extensions_used, present[7]));
  st.exchange(soci::into(t.paused_at.value, t.paused_at.indicator));
  st.exchange(soci::into(t.escalated, present[8]));
  st.exchange(soci::into(t.explanation, present[9]));
  st.exchange(soci::into(t.next_action_at.value, t.next_action_at.indicator));
  st.exchange(soci::into(t.counted_to, present[10]));
  st.exchange(soci::into(loaded_chain_.seq));
  st.exchange(soci::into(loaded_chain_.hash, loaded_hash_indicator_));
  st.exchange(soci::use(key_, "id"));
}

std::optional<CaseRecord> PreparedStatements::case_with_timers(const std::string& id) {
  // The query is built only to prepare it (building it took a fifth of a
  // load's instructions when it was built for every call).
  soci::statement& st = case_select_
                            ? *case_select_
                            : statement_for(case_select_, &PreparedStatements::bind_case_select,
                                            "SELECT " + qualified("cases", kCaseColumns) + ", " +
                                                qualified("timers", kTimerColumns) +
                                                ", cases.audit_seq, last_record.hash FROM cases"
                                                " LEFT JOIN audit_log last_record"
                                                " ON last_record.case_id = cases.id"
                                                " AND last_record.seq = cases.audit_seq"
                                                " LEFT JOIN timers ON timers.case_id = cases.id"
                                                " WHERE cases.id = :id ORDER BY timers.name");
  key_ = id;
  st.execute();
  if (!st.fetch()) return std::nullopt;
  CaseRecord record = case_row_.record();
  // One row per timer, the case columns repeated; one row with the timer
  // columns NULL when the case has no timer (name is never NULL in a timer).
  do {
    if (timer_indicators_[1] == soci::i_ok) record.timers.push_back(timer_row_.record());
  } while (st.fetch());
  loaded_case_id_ = id;
  loaded_row_version_ = record.row_version;
  loaded_timers_ = record.timers;
  // The last audit record, found by the case's audit_seq; a case without
  // one (or whose audit_seq finds none) has its chain end read at commit.
  loaded_chain_known_ = loaded_chain_.seq > 0 && loaded_hash_indicator_ == soci::i_ok;
  return record;
}

void PreparedStatements::bind_answer_select(soci::statement& st) {
  st.exchange(soci::into(answer_));
  st.exchange(soci::into(request_, request_indicator_));
  st.exchange(soci::use(key_, "key"));
}

std::optional<IdempotentEntry> PreparedStatements::stored_answer(const std::string& key) {
  soci::statement& st =
      statement_for(answer_select_, &PreparedStatements::bind_answer_select,
                    "SELECT answer, request FROM idempotency_keys WHERE key = :key");
  key_ = key;
  if (!soci_rows::fetch_single_row(st)) return std::nullopt;
  return IdempotentEntry{answer_, request_indicator_ == soci::i_ok ? request_ : std::string()};
}

void PreparedStatements::bind_chain_end_select(soci::statement& st) {
  st.exchange(soci::into(last_seq_));
  st.exchange(soci::into(last_hash_));
  st.exchange(soci::use(key_, "case_id"));
}

PreparedStatements::ChainEnd PreparedStatements::chain_end(const std::string& case_id,
                                                           long long expected_row_version) {
  // As in write_timers: only a commit appends audit records, and every
  // commit raises the row_version, so the chain end this connection loaded
  // with `expected_row_version` is current whenever the update on that
  // condition succeeds (and when it fails, nothing is appended).
  if (loaded_chain_known_ && loaded_case_id_ == case_id &&
      loaded_row_version_ == expected_row_version) {
    return loaded_chain_;
  }
  soci::statement& st = statement_for(chain_end_select_, &PreparedStatements::bind_chain_end_select,
                                      "SELECT seq, hash FROM audit_log WHERE case_id = :case_id"
                                      " ORDER BY seq DESC LIMIT 1");
  key_ = case_id;
  ChainEnd end;
  if (soci_rows::fetch_single_row(st)) {
    end.seq = last_seq_;
    end.hash = last_hash_;
  }
  return end;
}

void PreparedStatements::bind_case_insert(soci::statement& st) {
  st.exchange(soci::use(case_row_.id, "id"));
  st.exchange(soci::use(case_row_.workflow, "workflow"));
  st.exchange(soci::use(case_row_.version, "version"));
  st.exchange(soci::use(case_row_.definition_sha256, "definition_sha256"));
  st.exchange(soci::use(case_row_.state, "state"));
  st.exchange(soci::use(case_row_.status, "status"));
  st.exchange(soci::use(case_row_.data, "data"));
  st.exchange(soci::use(case_row_.row_version, "row_version"));
  st.exchange(soci::use(case_row_.opened_at, "opened_at"));
  st.exchange(soci::use(case_row_.updated_at, "updated_at"));
  st.exchange(soci::use(audit_seq_, "audit_seq"));
  st.exchange(soci::use(case_row_.office, "office"));
}

bool PreparedStatements::insert_case(const std::string& id, const CaseRecord& after,
                                     long long audit_seq) {
  // A case stored under the same explicit id first (by another process,
  // too) makes this insert do nothing.
  soci::statement& st = statement_for(
      case_insert_, &PreparedStatements::bind_case_insert,
      "INSERT INTO cases (id, workflow, version, definition_sha256, state, status, data,"
      " row_version, opened_at, updated_at, audit_seq, office)"
      " VALUES (:id, :workflow, :version, :definition_sha256, :state, :status, :data,"
      " :row_version, :opened_at, :updated_at, :audit_seq, :office)"
      " ON CONFLICT (id) DO NOTHING");
  case_row_.set(id, after);
  audit_seq_ = audit_seq;
  st.execute(true);
  return st.get_affected_rows() != 0;
}

void PreparedStatements::bind_case_update(soci::statement& st) {
  st.exchange(soci::use(case_row_.workflow, "workflow"));
  st.exchange(soci::use(case_row_.version, "version"));
  st.exchange(soci::use(case_row_.definition_sha256, "definition_sha256"));
  st.exchange(soci::use(case_row_.state, "state"));
  st.exchange(soci::use(case_row_.status, "status"));
  st.exchange(soci::use(case_row_.data, "data"));
  st.exchange(soci::use(case_row_.row_version, "row_version"));
  st.exchange(soci::use(case_row_.updated_at, "updated_at"));
  st.exchange(soci::use(audit_seq_, "audit_seq"));
  st.exchange(soci::use(case_row_.id, "id"));
  st.exchange(soci::use(expected_row_version_, "expected"));
}

void PreparedStatements::set_case_update(const std::string& id, const CaseRecord& after,
                                         long long audit_seq, long long expected_row_version) {
  case_row_.set(id, after);
  audit_seq_ = audit_seq;
  expected_row_version_ = expected_row_version;
}

bool PreparedStatements::update_case(const std::string& id, const CaseRecord& after,
                                     long long audit_seq, long long expected_row_version) {
  // Almost every event leaves the case on its definition: the first
  // statement does not set the definition columns, so SQLite does not
  // rewrite the cases_by_definition index page (one page fewer in the WAL
  // for each event). When it finds no row, the case was moved to another
  // definition (migrate) or its row_version changed: the second statement
  // sets every column and tells the two apart.
  soci::statement& same_definition =
      statement_for(case_update_, &PreparedStatements::bind_case_update,
                    "UPDATE cases SET state = :state, status = :status, data = :data,"
                    " row_version = :row_version, updated_at = :updated_at, audit_seq = :audit_seq,"
                    " tick_claimed_until = NULL"
                    " WHERE id = :id AND row_version = :expected AND workflow = :workflow"
                    " AND version = :version AND definition_sha256 = :definition_sha256");
  set_case_update(id, after, audit_seq, expected_row_version);
  same_definition.execute(true);
  if (same_definition.get_affected_rows() != 0) return true;
  soci::statement& any_definition =
      statement_for(case_repin_, &PreparedStatements::bind_case_update,
                    "UPDATE cases SET workflow = :workflow, version = :version,"
                    " definition_sha256 = :definition_sha256, state = :state,"
                    " status = :status, data = :data, row_version = :row_version,"
                    " updated_at = :updated_at, audit_seq = :audit_seq,"
                    " tick_claimed_until = NULL"
                    " WHERE id = :id AND row_version = :expected");
  any_definition.execute(true);
  return any_definition.get_affected_rows() != 0;
}

template <typename Row>
PreparedStatements::MultiRowInsert<Row>& PreparedStatements::multi_row_insert(
    std::map<std::size_t, std::unique_ptr<MultiRowInsert<Row>>>& prepared, const char* table,
    const char* columns, std::size_t rows) {
  std::unique_ptr<MultiRowInsert<Row>>& slot = prepared[rows];
  if (!slot) {
    auto insert = std::make_unique<MultiRowInsert<Row>>();
    insert->rows.resize(rows);
    std::string query = std::string("INSERT INTO ") + table + " (" + columns + ") VALUES ";
    auto st = std::make_unique<soci::statement>(sql_);
    for (std::size_t row = 0; row < rows; ++row) {
      if (row > 0) query += ", ";
      query += row_values(columns, row_suffix(row));
      insert->rows[row].bind_use(*st, row_suffix(row));
    }
    soci_rows::prepare(*st, query);
    insert->statement = std::move(st);
    slot = std::move(insert);
  }
  return *slot;
}

void PreparedStatements::bind_timer_select(soci::statement& st) {
  stored_timer_.bind_into(st);
  st.exchange(soci::use(case_id_, "case_id"));
}

void PreparedStatements::bind_timer_delete(soci::statement& st) {
  st.exchange(soci::use(case_id_, "case_id"));
}

std::vector<TimerRecord> PreparedStatements::stored_timers(const std::string& case_id) {
  soci::statement& st = timer_select_
                            ? *timer_select_
                            : statement_for(timer_select_, &PreparedStatements::bind_timer_select,
                                            std::string("SELECT ") + kTimerColumns +
                                                " FROM timers WHERE case_id = :case_id");
  case_id_ = case_id;
  std::vector<TimerRecord> timers;
  st.execute();
  while (st.fetch()) timers.push_back(stored_timer_.record());
  return timers;
}

void PreparedStatements::write_timers(const std::string& case_id,
                                      const std::vector<TimerRecord>& timers,
                                      long long expected_row_version) {
  if (expected_row_version != 0) {
    // The caller has just updated the case row on the condition that its
    // row_version is still `expected_row_version`, and every commit that
    // writes a case's timers also raises its row_version (write_commit
    // refuses any other). So the timers this connection last loaded
    // with that row_version are the stored ones, and need not be read again.
    const bool loaded_here =
        loaded_case_id_ == case_id && loaded_row_version_ == expected_row_version;
    const std::vector<TimerRecord> stored = loaded_here ? loaded_timers_ : stored_timers(case_id);
    // Most events leave every timer as it was: then nothing is written (a
    // row deleted and inserted again still rewrites its table and index
    // pages: three pages in SQLite's WAL per event). Otherwise the case's
    // rows are replaced, two statements however many timers changed.
    if (same_timers(stored, timers)) return;
    case_id_ = case_id;
    statement_for(timer_delete_, &PreparedStatements::bind_timer_delete,
                  "DELETE FROM timers WHERE case_id = :case_id")
        .execute(true);
  }
  // In the order given, as many to a statement as fit.
  for (std::size_t first = 0; first < timers.size(); first += kTimersPerInsert) {
    const std::size_t rows = std::min(kTimersPerInsert, timers.size() - first);
    auto& insert = multi_row_insert(timer_inserts_, "timers", kTimerColumns, rows);
    for (std::size_t row = 0; row < rows; ++row) {
      insert.rows[row].set(case_id, timers[first + row]);
    }
    insert.statement->execute(true);
  }
}

void PreparedStatements::insert_audit_records(const std::vector<StoredAuditRecord>& records) {
  // As many to a statement as fit: a command that pauses three timers
  // writes four records, one round trip to PostgreSQL instead of four.
  for (std::size_t first = 0; first < records.size(); first += kRecordsPerInsert) {
    const std::size_t rows = std::min(kRecordsPerInsert, records.size() - first);
    auto& insert = multi_row_insert(audit_inserts_, "audit_log", kAuditColumns, rows);
    for (std::size_t row = 0; row < rows; ++row) insert.rows[row].set(records[first + row]);
    insert.statement->execute(true);
  }
}

bool PreparedStatements::loaded(const std::string& case_id, long long row_version) const {
  return loaded_case_id_ == case_id && loaded_row_version_ == row_version;
}

void PreparedStatements::bind_one_statement_commit(soci::statement& st) {
  st.exchange(soci::into(count_));
  bind_case_update(st);
  st.exchange(soci::use(records_json_, "records"));
}

void PreparedStatements::bind_one_statement_commit_with_timers(soci::statement& st) {
  bind_one_statement_commit(st);
  st.exchange(soci::use(timers_json_, "timers"));
}

PreparedStatements::OneStatement PreparedStatements::commit_in_one_statement(
    const std::string& case_id, const CaseRecord& after, long long audit_seq,
    long long expected_row_version, const std::vector<StoredAuditRecord>& records) {
  // As in write_timers: the timers loaded at `expected_row_version` are the
  // stored ones whenever the UPDATE's condition holds.
  const bool timers_changed = !same_timers(loaded_timers_, after.timers);
  timers_json_.clear();
  records_json_.clear();
  if ((timers_changed && !json_rows::append_timers(timers_json_, case_id, after.timers)) ||
      !json_rows::append_audit_records(records_json_, records)) {
    return OneStatement::kNotWritable;
  }
  // The query is built only to prepare it, as in case_with_timers.
  std::unique_ptr<soci::statement>& slot =
      timers_changed ? one_statement_commit_with_timers_ : one_statement_commit_;
  soci::statement& st =
      slot ? *slot
           : statement_for(slot,
                           timers_changed
                               ? &PreparedStatements::bind_one_statement_commit_with_timers
                               : &PreparedStatements::bind_one_statement_commit,
                           dialect_.commit_in_one_statement(timers_changed));
  set_case_update(case_id, after, audit_seq, expected_row_version);
  count_ = 0;
  soci_rows::fetch_single_row(st);
  return count_ == 1 ? OneStatement::kWritten : OneStatement::kRowVersionMoved;
}

void PreparedStatements::bind_key_insert(soci::statement& st) {
  st.exchange(soci::use(key_, "key"));
  st.exchange(soci::use(case_id_, "case_id"));
  st.exchange(soci::use(answer_, "answer"));
  st.exchange(soci::use(request_, "request"));
  st.exchange(soci::use(created_at_, "created_at"));
}

bool PreparedStatements::insert_idempotency_key(const std::string& key, const std::string& case_id,
                                                const std::string& answer,
                                                const std::string& request, long long created_at) {
  soci::statement& st =
      statement_for(key_insert_, &PreparedStatements::bind_key_insert,
                    "INSERT INTO idempotency_keys (key, case_id, answer, request, created_at)"
                    " VALUES (:key, :case_id, :answer, :request, :created_at)"
                    " ON CONFLICT (key) DO NOTHING");
  key_ = key;
  case_id_ = case_id;
  answer_ = answer;
  request_ = request;
  created_at_ = created_at;
  st.execute(true);
  return st.get_affected_rows() != 0;
}

void PreparedStatements::bind_case_number(soci::statement& st) {
  st.exchange(soci::use(key_, "prefix"));
}

long long PreparedStatements::next_case_number(const std::string& prefix) {
  key_ = prefix;
  statement_for(case_number_increment_, &PreparedStatements::bind_case_number,
                dialect_.increment_case_number())
      .execute(true);
  soci::statement& select =
      statement_for(case_number_select_, &PreparedStatements::bind_case_number_select,
                    "SELECT last FROM case_numbers WHERE prefix = :prefix");
  number_ = 0;
  soci_rows::fetch_single_row(select);
  return number_;
}

void PreparedStatements::bind_case_number_select(soci::statement& st) {
  st.exchange(soci::into(number_));
  bind_case_number(st);
}

void PreparedStatements::bind_case_count(soci::statement& st) {
  st.exchange(soci::into(count_));
  st.exchange(soci::use(key_, "id"));
}

bool PreparedStatements::case_exists(const std::string& id) {
  soci::statement& st = statement_for(case_count_, &PreparedStatements::bind_case_count,
                                      "SELECT COUNT(*) FROM cases WHERE id = :id");
  key_ = id;
  count_ = 0;
  soci_rows::fetch_single_row(st);
  return count_ != 0;
}

soci::statement& PreparedStatements::begin_write_statement() {
  return statement_for(begin_write_, &PreparedStatements::bind_nothing, dialect_.begin_write());
}

soci::statement& PreparedStatements::commit_statement() {
  return statement_for(commit_, &PreparedStatements::bind_nothing, "COMMIT");
}

void PreparedStatements::savepoint() {
  run(savepoint_, "SAVEPOINT wageflow_command");
}

void PreparedStatements::rollback_to_savepoint() {
  run(rollback_to_savepoint_, "ROLLBACK TO SAVEPOINT wageflow_command");
}

void PreparedStatements::release_savepoint() {
  run(release_savepoint_, "RELEASE SAVEPOINT wageflow_command");
}

}  // namespace wageflow
