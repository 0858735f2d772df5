// import's replay of each case (engine/runtime/replay.h), on a thread of its
// own so that it overlaps the reading and chain checks of the check pass.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/definition/definition.h"
#include "engine/runtime/store.h"

namespace wageflow::cli {

// One case to replay, with every definition its trail needs.
struct ReplayJob {
  std::string where;  // "FILE:LINE: ", what a problem begins with
  std::shared_ptr<const Definition> pinned;
  // The versions a migrated case was on before, by sha256; a version not
  // here is "not at hand" for the replay, as it is for `audit replay`.
  std::map<std::string, std::shared_ptr<const Definition>> earlier;
  CaseWithTrail c;
};

// Replays the jobs it is given, in order, on one thread. Jobs are handed
// over kBatch at a time (one wake-up of the thread per batch, not per
// case). Memory is bounded: add() waits while kMaxWaiting batches wait.
// Not thread-safe: one thread adds and finishes.
class ReplayWorker {
 public:
  ReplayWorker();
  ~ReplayWorker();  // stops at the job under way and joins; no job left waits
  ReplayWorker(const ReplayWorker&) = delete;
  ReplayWorker& operator=(const ReplayWorker&) = delete;

  void add(ReplayJob job);

  // Waits until every job added has been replayed. The problem of the first
  // job (in the order added) whose case line does not agree with its trail,
  // "FILE:LINE: its case line does not agree with its audit trail: case X:
  // ..." (personal values masked); nullopt when all agree. Jobs after a
  // problem are not replayed.
  std::optional<std::string> finish();

 private:
  static constexpr std::size_t kBatch = 64;
  static constexpr std::size_t kMaxWaiting = 8;
  void hand_over();  // `filling_` to the thread
  void work();

  std::vector<ReplayJob> filling_;  // the adding thread's only
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<ReplayJob>> waiting_;
  bool busy_ = false;
  bool stopping_ = false;
  std::optional<std::string> problem_;
  std::thread thread_;  // last: started once the rest is set up
};

}  // namespace wageflow::cli
