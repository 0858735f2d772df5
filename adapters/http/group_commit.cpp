#include "adapters/http/group_commit.h"

#include <algorithm>
#include <cstdlib>

namespace wageflow::http {

bool group_commit_suits(const std::string& db_url) {
  static const bool turned_off = [] {
    const char* setting = std::getenv("WAGEFLOW_GROUP_COMMIT");
    return setting != nullptr && std::string(setting) == "off";
  }();
  if (turned_off) return false;
  return db_url.rfind("postgresql://", 0) != 0 && db_url.rfind("postgres://", 0) != 0;
}

CommitResult GroupCommitter::commit(Store& store, const CommitRequest& request) {
  Slot mine;
  mine.request = &request;
  std::unique_lock<std::mutex> lock(mutex_);
  waiting_.push_back(&mine);
  // Wait while a batch runs, until answered by it or a later one, or told
  // to lead. A slot that finds no batch running leads at once.
  mine.wake.wait(lock, [&] { return mine.result || mine.fault || mine.lead || !leading_; });
  if (mine.fault) std::rethrow_exception(mine.fault);
  if (mine.result) return std::move(*mine.result);

  // Lead (leading_ is already set when the lead was handed to this slot):
  // take the oldest waiting slots besides this one.
  leading_ = true;
  std::vector<Slot*> batch;
  batch.push_back(&mine);
  waiting_.erase(std::find(waiting_.begin(), waiting_.end(), &mine));
  const std::size_t rest = std::min(waiting_.size(), max_batch_ - 1);
  batch.insert(batch.end(), waiting_.begin(), waiting_.begin() + rest);
  waiting_.erase(waiting_.begin(), waiting_.begin() + rest);
  lock.unlock();

  std::vector<CommitRequest> requests;
  requests.reserve(batch.size());
  for (const Slot* slot : batch) requests.push_back(*slot->request);
  std::vector<CommitResult> results;
  std::exception_ptr fault;
  try {
    results = store.commit_batch(requests);
  } catch (...) {
    fault = std::current_exception();
  }

  lock.lock();
  // Answer the others of the batch (each wakes on its own), then hand the
  // lead to the oldest slot still waiting, if any.
  for (std::size_t i = 1; i < batch.size(); ++i) {
    if (fault) {
      batch[i]->fault = fault;
    } else {
      batch[i]->result = std::move(results.at(i));
    }
    batch[i]->wake.notify_one();
  }
  // The lead stays taken (leading_) until that slot wakes, so a thread
  // arriving meanwhile waits instead of leading a second batch at once.
  leading_ = !waiting_.empty();
  if (leading_) {
    waiting_.front()->lead = true;
    waiting_.front()->wake.notify_one();
  }
  lock.unlock();
  if (fault) std::rethrow_exception(fault);
  return std::move(results.at(0));
}

}  // namespace wageflow::http
