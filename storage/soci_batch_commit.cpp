// SociStore::commit_batch: the group commit of `wageflow serve`. Several
// CommitRequests in one write transaction, so that one sync to disk makes
// them all durable; each inside its own savepoint, so that a request whose
// check fails (its case changed, its idempotency key is taken) is undone
// alone and answered exactly as commit() would answer it, while the others
// commit.
#include <soci/soci.h>

#include "storage/errors.h"
#include "storage/soci_prepared.h"
#include "storage/soci_store.h"
#include "storage/transaction.h"

namespace wageflow {

std::vector<CommitResult> SociStore::commit_batch(const std::vector<CommitRequest>& requests) {
  if (requests.size() == 1) return {commit(requests.front())};
  std::vector<CommitResult> results;
  if (requests.empty()) return results;
  try {
    results.reserve(requests.size());
    Transaction transaction(*sql_, prepared().begin_write_statement(),
                            prepared().commit_statement());
    for (const CommitRequest& request : requests) {
      prepared().savepoint();
      CommitResult result = write_commit(request);
      if (result.status != CommitResult::Status::kCommitted) prepared().rollback_to_savepoint();
      prepared().release_savepoint();
      // Inside the transaction, so a batch-mate that stored the same key
      // first counts: the later request is answered as its repeat.
      if (result.status == CommitResult::Status::kConflict) {
        result = resolve_conflict(request, result.case_id);
      }
      results.push_back(std::move(result));
    }
    transaction.commit();
    return results;
  } catch (...) {
    forget_prepared();
    rethrow_as_store_error(db_,
                           "committing " + std::to_string(requests.size()) + " commands together");
  }
}

}  // namespace wageflow
