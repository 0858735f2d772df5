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
  Slot mine{&request, std::nullopt, nullptr};
  std::unique_lock<std::mutex> lock(mutex_);
  waiting_.push_back(&mine);
  for (;;) {
    if (mine.fault) std::rethrow_exception(mine.fault);
    if (mine.result) return std::move(*mine.result);
    if (leading_) {
      answered_.wait(lock);
      continue;
    }
    // Lead: every slot still waiting has no answer, this one among them
    // (a leader answers all it took before it stops leading).
    leading_ = true;
    const std::size_t count = std::min(waiting_.size(), max_batch_);
    std::vector<Slot*> batch;
    if (std::find(waiting_.begin(), waiting_.begin() + count, &mine) == waiting_.begin() + count) {
      batch.push_back(&mine);  // over max_batch_ behind others: take it first
      waiting_.erase(std::find(waiting_.begin(), waiting_.end(), &mine));
    }
    const std::size_t rest = count - batch.size();
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
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (fault) {
        batch[i]->fault = fault;
      } else {
        batch[i]->result = std::move(results.at(i));
      }
    }
    leading_ = false;
    answered_.notify_all();
  }
}

}  // namespace wageflow::http
