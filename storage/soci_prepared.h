// PreparedStatements: the statements of SociStore's event path (definition, load_case,
// commit, commit_batch, idempotent_answer), each prepared once on the
// store's session the first time it is needed, bound once to row buffers
// this object holds, and executed again for every later event. Preparing
// anew each time cost SQLite a parse and plan per statement (39% of the
// event path's instructions) and PostgreSQL a PQprepare and a DEALLOCATE
// round trip per statement. Private to storage/.
//
// Every SELECT is read to its end before its call returns, so no statement
// holds a read snapshot between calls (an SQLite statement stepped part way
// would keep its read transaction open after COMMIT).
//
// Failure: any call may throw what the session throws (soci::soci_error).
// A statement may then be bound or stepped half way: the owner must destroy
// this object and make a new one before using the session again
// (SociStore::forget_prepared). Destroying it never throws.
//
// Ownership and threads: refers to the session and the dialect, which must
// outlive it; one thread at a time, the thread that owns the session.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/store.h"
#include "storage/dialect.h"
#include "storage/soci_rows.h"

namespace wageflow {

class PreparedStatements {
 public:
  PreparedStatements(soci::session& sql, const Dialect& dialect);
  ~PreparedStatements();
  PreparedStatements(const PreparedStatements&) = delete;
  PreparedStatements& operator=(const PreparedStatements&) = delete;

  // The definition stored under `sha256`; nullopt when none is. A stored
  // definition never changes (its key is the hash of its text): each is
  // read from the database once, then answered from memory.
  std::optional<DefinitionRecord> definition(const std::string& sha256);
  // The case row `id` with its timers ordered by name, read by one
  // statement (so from one snapshot); nullopt when there is no such case.
  std::optional<CaseRecord> case_with_timers(const std::string& id);
  // The answer stored under idempotency key `key`; nullopt when none is.
  std::optional<IdempotentEntry> stored_answer(const std::string& key);

  struct ChainEnd {
    long long seq = 0;  // 0 when the case has no audit record
    std::string hash;   // "" when the case has no audit record
  };
  // The seq and hash of the last audit record of `case_id`, for a commit
  // conditional on `expected_row_version`: taken from what case_with_timers
  // last read when that was this case at this row_version, else read.
  ChainEnd chain_end(const std::string& case_id, long long expected_row_version);

  // Inserts the case row of `after` under `id` unless a row has that id
  // already: false then, and nothing is written.
  bool insert_case(const std::string& id, const CaseRecord& after, long long audit_seq);
  // Overwrites case row `id` with `after` when its row_version is still
  // `expected_row_version` (and ends its tick claim): false when it is not.
  bool update_case(const std::string& id, const CaseRecord& after, long long audit_seq,
                   long long expected_row_version);
  // Makes the timers of `case_id` exactly `timers`: writes nothing when
  // they equal the stored ones, else replaces the case's rows. Call it right after insert_case
  // (`expected_row_version` 0: a new case has no timer rows yet) or a
  // successful update_case with the same `expected_row_version`: the stored
  // timers are then those case_with_timers last read for that case and
  // row_version, if it did, and are read from the database otherwise.
  void write_timers(const std::string& case_id, const std::vector<TimerRecord>& timers,
                    long long expected_row_version);
  // Inserts `records` in their order (several to a statement).
  void insert_audit_records(const std::vector<StoredAuditRecord>& records);

  // Whether this connection's last case_with_timers read `case_id` at
  // `row_version` (so its timers are known without reading them again).
  bool loaded(const std::string& case_id, long long row_version) const;
  enum class OneStatement { kWritten, kRowVersionMoved, kNotWritable };
  // Dialect::commit_in_one_statement only: what update_case (the
  // any-definition form), write_timers and insert_audit_records do, as one
  // statement of data-modifying WITH clauses, to be run outside any
  // transaction: one round trip, atomic, committed by itself. Requires
  // loaded(case_id, expected_row_version). kWritten when the row_version
  // was `expected_row_version` and everything was written;
  // kRowVersionMoved when it was not, and nothing was; kNotWritable, with
  // nothing sent, when a text is not valid UTF-8 (the caller writes the
  // ordinary way and gets the database's own error).
  OneStatement commit_in_one_statement(const std::string& case_id, const CaseRecord& after,
                                       long long audit_seq, long long expected_row_version,
                                       const std::vector<StoredAuditRecord>& records);
  // Stores `answer` under `key` unless the key is stored already: false
  // then, and nothing is written.
  bool insert_idempotency_key(const std::string& key, const std::string& case_id,
                              const std::string& answer, const std::string& request,
                              long long created_at);
  // Adds 1 to the case number of `prefix` (1 for a new prefix); the new number.
  long long next_case_number(const std::string& prefix);
  bool case_exists(const std::string& id);

  // The dialect's BEGIN of a write transaction, and COMMIT, for Transaction.
  soci::statement& begin_write_statement();
  soci::statement& commit_statement();

  // Savepoints of commit_batch, named wageflow_command.
  void savepoint();
  void rollback_to_savepoint();
  void release_savepoint();

 private:
  // A multi-row INSERT prepared for one number of rows, bound to the
  // addresses of `rows` (sized once; declared first, so destroyed after the
  // statement).
  template <typename Row>
  struct MultiRowInsert {
    std::vector<Row> rows;
    std::unique_ptr<soci::statement> statement;
  };

  soci::statement& statement_for(std::unique_ptr<soci::statement>& slot,
                                 void (PreparedStatements::*bind)(soci::statement&),
                                 const std::string& query);
  // The INSERT of `rows` rows of `columns` into `table`, from `prepared`
  // or prepared now and kept there.
  template <typename Row>
  MultiRowInsert<Row>& multi_row_insert(
      std::map<std::size_t, std::unique_ptr<MultiRowInsert<Row>>>& prepared, const char* table,
      const char* columns, std::size_t rows);
  void run(std::unique_ptr<soci::statement>& slot, const char* query);

  void bind_definition_select(soci::statement& st);
  void bind_case_select(soci::statement& st);
  void bind_answer_select(soci::statement& st);
  void bind_chain_end_select(soci::statement& st);
  void bind_case_insert(soci::statement& st);
  void bind_case_update(soci::statement& st);
  void bind_timer_select(soci::statement& st);
  void bind_timer_delete(soci::statement& st);
  void bind_key_insert(soci::statement& st);
  void bind_case_number(soci::statement& st);
  void bind_case_number_select(soci::statement& st);
  void bind_case_count(soci::statement& st);
  void bind_one_statement_commit(soci::statement& st);
  void bind_one_statement_commit_with_timers(soci::statement& st);
  void set_case_update(const std::string& id, const CaseRecord& after, long long audit_seq,
                       long long expected_row_version);
  void bind_nothing(soci::statement&) {}
  std::vector<TimerRecord> stored_timers(const std::string& case_id);

  soci::session& sql_;
  const Dialect& dialect_;

  // Row buffers the statements are bound to; each statement reads its
  // parameters from them and writes its result columns into them.
  std::string key_;                                 // case id, idempotency key or prefix looked up
  std::string answer_;                              // the stored idempotency answer
  std::string request_;                             // and the command it answered
  soci::indicator request_indicator_ = soci::i_ok;  // NULL: stored before it was kept
  std::string case_id_;                             // the case whose rows are written
  soci_rows::CaseRow case_row_;
  soci_rows::TimerRow timer_row_;
  soci_rows::TimerRow stored_timer_;  // the timer select's row
  // Whether each timer column the case select read (LEFT JOIN: none for
  // a case without timers) held a value; the optional instants carry their own.
  soci::indicator timer_indicators_[11] = {};
  long long audit_seq_ = 0;
  long long expected_row_version_ = 0;
  long long number_ = 0;
  long long created_at_ = 0;
  long long last_seq_ = 0;
  std::string last_hash_;
  int count_ = 0;
  std::string timers_json_, records_json_;  // commit_in_one_statement's rows
  // What case_with_timers read last: the timers of that case at that
  // row_version (write_timers).
  std::string loaded_case_id_;
  long long loaded_row_version_ = -1;
  std::vector<TimerRecord> loaded_timers_;
  ChainEnd loaded_chain_;
  soci::indicator loaded_hash_indicator_ = soci::i_null;
  bool loaded_chain_known_ = false;
  DefinitionRecord definition_;
  std::map<std::string, DefinitionRecord> definitions_;  // by sha256

  std::unique_ptr<soci::statement> definition_select_, case_select_, answer_select_,
      chain_end_select_, case_insert_, case_update_, case_repin_, timer_select_, timer_delete_,
      key_insert_, case_number_increment_, case_number_select_, case_count_, begin_write_, commit_,
      savepoint_, rollback_to_savepoint_, release_savepoint_, one_statement_commit_,
      one_statement_commit_with_timers_;
  // Multi-row timer INSERTs by their number of rows.
  std::map<std::size_t, std::unique_ptr<MultiRowInsert<soci_rows::TimerRow>>> timer_inserts_;
  // Multi-row audit INSERTs by their number of rows.
  std::map<std::size_t, std::unique_ptr<MultiRowInsert<soci_rows::AuditRow>>> audit_inserts_;
};

}  // namespace wageflow
