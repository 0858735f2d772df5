// Group commit of the commands of `wageflow serve` (fire an event, suspend,
// resume): the commits that request threads hand in while a commit is on
// its way to disk are made durable together by the next one, in one
// transaction (Store::commit_batch), and each thread gets its own answer
// only after that transaction is on disk. Leader/follower, no timer: a
// thread that hands in a commit while no batch is running leads — it takes
// every commit waiting (its own among them) and runs the batch on its own
// connection; the others wait for their answers, and the first of those
// still waiting when the batch ends leads the next one. A lone request
// waits for nobody.
//
// Thread-safety: commit() is called from many threads at once.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/store.h"

namespace wageflow::http {

// Whether the server commits commands in groups on the database `db_url`:
// on SQLite (one writer at a time, a sync to disk per transaction), not on
// PostgreSQL (its writers of different cases run at once and its WAL
// already flushes the commits of concurrent transactions together; a batch
// there could deadlock against another server's batch). The environment
// variable WAGEFLOW_GROUP_COMMIT=off turns it off everywhere (to measure
// the difference).
bool group_commit_suits(const std::string& db_url);

class GroupCommitter {
 public:
  explicit GroupCommitter(std::size_t max_batch = 256) : max_batch_(max_batch) {}
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // The result of committing `request`, as Store::commit would give it,
  // once it is durable. When this thread leads a batch, the batch runs on
  // `store` (this thread's own connection). A fault of the batch's
  // transaction throws StoreError in every thread of the batch (nothing of
  // it was written).
  CommitResult commit(Store& store, const CommitRequest& request);

 private:
  // One request's commit; lives on its thread's stack until answered.
  // Each thread sleeps on its own condition variable and is woken only
  // when it is answered or is to lead the next batch, not by every batch
  // that ends (with 32 request threads, waking all of them each time cost
  // more CPU than the batches: docs/performance.md).
  struct Slot {
    const CommitRequest* request = nullptr;
    std::optional<CommitResult> result;
    std::exception_ptr fault;
    bool lead = false;  // handed the lead by the batch that just ended
    std::condition_variable wake;
  };

  std::size_t max_batch_;
  std::mutex mutex_;
  std::vector<Slot*> waiting_;  // handed in, not yet taken into a batch, oldest first
  bool leading_ = false;        // a batch runs, or the lead was handed to a waiting slot
};

}  // namespace wageflow::http
