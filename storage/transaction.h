// A transaction on a SOCI session, begun with the dialect's own statement
// (BEGIN IMMEDIATE for SQLite writers) and rolled back unless committed.
#pragma once

#include <string>

namespace soci {
class session;
class statement;
}  // namespace soci

namespace wageflow {

class Transaction {
 public:
  // Runs `begin_statement`; throws what the session throws.
  Transaction(soci::session& sql, const std::string& begin_statement);
  // Begins and commits with statements the caller prepared on `sql` (they
  // must outlive this object), for the event path, which would otherwise
  // have SQLite parse BEGIN and COMMIT for every event. Rolls back like
  // the other constructor.
  Transaction(soci::session& sql, soci::statement& begin, soci::statement& commit);
  // Rolls back when neither commit() nor rollback() was called; never throws.
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();
  void rollback();

 private:
  soci::session& sql_;
  soci::statement* commit_ = nullptr;  // nullptr: a one-off COMMIT
  bool open_ = true;
};

}  // namespace wageflow
