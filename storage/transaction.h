// A transaction on a SOCI session, begun with the dialect's own statement
// (BEGIN IMMEDIATE for SQLite writers) and rolled back unless committed.
#pragma once

#include <string>

namespace soci {
class session;
}

namespace wageflow {

class Transaction {
 public:
  // Runs `begin_statement`; throws what the session throws.
  Transaction(soci::session& sql, const std::string& begin_statement);
  // Rolls back when neither commit() nor rollback() was called; never throws.
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();
  void rollback();

 private:
  soci::session& sql_;
  bool open_ = true;
};

}  // namespace wageflow
