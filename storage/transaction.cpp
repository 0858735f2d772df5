#include "storage/transaction.h"

#include <soci/soci.h>

namespace wageflow {

Transaction::Transaction(soci::session& sql, const std::string& begin_statement) : sql_(sql) {
  sql_ << begin_statement;
}

Transaction::Transaction(soci::session& sql, soci::statement& begin, soci::statement& commit)
    : sql_(sql), commit_(&commit) {
  begin.execute(true);
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    sql_ << "ROLLBACK";
  } catch (...) {
    // The engine has already rolled back (the connection failed or the
    // statement error ended the transaction): nothing is left to undo.
  }
}

void Transaction::commit() {
  // When this throws, the destructor still rolls back.
  if (commit_ != nullptr) {
    commit_->execute(true);
  } else {
    sql_ << "COMMIT";
  }
  open_ = false;
}

void Transaction::rollback() {
  open_ = false;
  sql_ << "ROLLBACK";
}

}  // namespace wageflow
