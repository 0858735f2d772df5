// SociStore: the one implementation of Store, written against SOCI and a
// Dialect. Backends differ only in the Dialect and in how the session is
// opened (see sqlite_store.h).
//
// Thread-safety: one thread at a time (it owns one connection). Several
// SociStores, in one process or many, may share one database.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "engine/runtime/store.h"
#include "storage/accounts.h"
#include "storage/dialect.h"
#include "storage/report_submissions.h"

namespace soci {
class session;
}

namespace wageflow {

class PreparedStatements;
class AccountLookups;
class Transaction;

class SociStore final : public Store, public AccountStore, public ReportSubmissionStore {
 public:
  // Takes a connected session whose schema prepare_schema() has made
  // current. `db` names the database in error messages.
  SociStore(std::unique_ptr<soci::session> sql, std::unique_ptr<const Dialect> dialect,
            std::string db);
  ~SociStore() override;

  std::string pin_definition(const std::string& workflow, int version,
                             const std::string& yaml_text) override;
  std::optional<DefinitionRecord> definition(const std::string& sha256) override;
  std::optional<CaseRecord> load_case(const std::string& id) override;
  CommitResult commit(const CommitRequest& request) override;
  // One write transaction, a savepoint per request (soci_batch_commit.cpp).
  std::vector<CommitResult> commit_batch(const std::vector<CommitRequest>& requests) override;
  std::optional<IdempotentEntry> idempotent_entry(const std::string& key) override;
  std::vector<CaseRecord> list_cases(const CaseFilter& filter) override;
  std::vector<std::string> due_cases(std::int64_t now, int limit) override;
  std::vector<std::string> cases_with_provisional_timers() override;
  std::vector<std::string> cases_with_counting_timers() override;
  std::vector<std::string> claim_due_cases(std::int64_t now, int limit,
                                           std::int64_t lease_until) override;
  void release_claim(const std::string& case_id) override;
  std::vector<StoredAuditRecord> audit_log(const std::string& case_id) override;
  VerifyResult verify(
      const std::string& case_id,
      const std::function<void(std::size_t done, std::size_t total)>& progress = {}) override;
  // Export and import: soci_export.cpp, soci_import.cpp.
  std::vector<DefinitionRecord> all_definitions() override;
  std::vector<std::string> case_ids() override;
  std::vector<CaseWithTrail> export_cases(const std::vector<std::string>& ids) override;
  std::vector<CaseHead> case_heads(const std::vector<std::string>& ids) override;
  std::optional<std::string> import_batch(const std::vector<DefinitionRecord>& definitions,
                                          const std::vector<CaseWithTrail>& cases) override;
  std::optional<std::string> import_verified_batch(
      const std::vector<DefinitionRecord>& definitions,
      const std::vector<CaseWithTrail>& cases) override;
  std::optional<std::string> import_definitions(
      const std::vector<DefinitionRecord>& definitions,
      const std::vector<PublishedDefinition>& published) override;
  // Published versions: soci_published.cpp.
  PublishResult publish_definition(const PublishedDefinition& version,
                                   const std::string& yaml_text) override;
  std::vector<PublishedDefinition> published_definitions(const std::string& workflow) override;
  std::vector<DefinitionCaseCount> open_case_counts() override;
  // Accounts: soci_accounts.cpp.
  bool add_user(const UserRecord& user, const std::string& token_hash) override;
  bool add_token(const std::string& user, const std::string& token_hash, std::int64_t now) override;
  std::optional<UserRecord> find_user(const std::string& name) override;
  std::vector<UserRecord> list_users() override;
  std::optional<UserRecord> user_with_token(const std::string& token_hash) override;
  void add_session(const std::string& session_hash, const SessionRecord& session) override;
  std::optional<SessionRecord> find_session(const std::string& session_hash) override;
  void remove_session(const std::string& session_hash) override;
  int remove_expired_sessions(std::int64_t now) override;
  // Report submissions: soci_report_submissions.cpp.
  bool add_report_submission(const ReportSubmissionRecord& submission) override;
  std::vector<ReportSubmissionRecord> report_submissions() override;

 private:
  // Ids of the cases with a counting timer that also meets `condition`
  // (SQL ending in "AND ", or empty), in id order. Throws SOCI's errors.
  std::vector<std::string> cases_with_timers_where(const std::string& condition);
  CommitResult commit_in_transaction(const CommitRequest& request);
  // Dialect::commit_in_one_statement, for a case this connection
  // loaded at the expected row_version and a request without idempotency
  // key: the whole commit as one statement outside any transaction.
  // kCommitted or kConflict; nullopt, nothing written, when the rows cannot
  // be put in that statement (texts not UTF-8): commit_in_transaction then.
  std::optional<CommitResult> commit_in_one_statement(const CommitRequest& request);
  // Throws StoreError unless `request` raises the case's row_version.
  static void require_row_version_raised(const CommitRequest& request);
  // `records` numbered from last_seq + 1 and hash-chained from `last_hash`.
  static std::vector<StoredAuditRecord> chained_records(const std::string& case_id,
                                                        long long last_seq, std::string last_hash,
                                                        const std::vector<AuditRecord>& records);
  // The writes of one commit inside the caller's write transaction:
  // kCommitted (written; the caller commits), kDuplicateKey (the key was
  // stored already; nothing written), or kConflict (a check failed after
  // writing began: the caller rolls back what it wrote, then asks
  // resolve_conflict for the answer).
  CommitResult write_commit(const CommitRequest& request);
  // After the rollback of a failed write_commit: kDuplicateKey when the
  // request's key has been stored meanwhile, else kConflict.
  CommitResult resolve_conflict(const CommitRequest& request, const std::string& case_id);
  std::optional<IdempotentEntry> stored_answer(const std::string& key);
  std::string allocate_case_id(const std::string& prefix);
  std::vector<std::string> read_roles(const std::string& user);
  bool verify_case(const std::string& case_id, std::int64_t expected_records, VerifyResult& result);

  // The statements of the event path, prepared on sql_ when first needed
  // (soci_prepared.h). After a failure they may be half bound or half read:
  // every catch on that path calls forget_prepared() before rethrowing.
  PreparedStatements& prepared();
  void forget_prepared() noexcept;
  // The reads that authenticate a request (soci_account_lookups.h), the
  // same way: forget_account_lookups() in every catch after using them.
  AccountLookups& account_lookups();
  void forget_account_lookups() noexcept;

  std::unique_ptr<soci::session> sql_;
  std::unique_ptr<const Dialect> dialect_;
  std::string db_;
  // Whether the dialect has a one-statement commit (asked once: the
  // statement is built only to prepare it).
  bool commits_in_one_statement_;
  // Definition texts this store has seen stored, with their SHA-256: a
  // stored definition is never removed, so pinning one of these again
  // needs neither the hash nor a query. Bounded (pin_definition).
  std::map<std::string, std::string> pinned_texts_;
  // Declared after sql_ and dialect_: destroyed before them.
  std::unique_ptr<PreparedStatements> prepared_;
  std::unique_ptr<AccountLookups> account_lookups_;
};

}  // namespace wageflow
