#include "adapters/cli/replay_worker.h"

#include "engine/core/pii.h"
#include "engine/runtime/replay.h"

namespace wageflow::cli {
namespace {

std::optional<std::string> replay(const ReplayJob& job) {
  const DefinitionLookup earlier = [&job](const std::string& sha256) -> const Definition* {
    auto it = job.earlier.find(sha256);
    return it == job.earlier.end() ? nullptr : it->second.get();
  };
  ReplayResult result = replay_case(*job.pinned, job.c.record, job.c.trail, earlier);
  if (result.ok) return std::nullopt;
  return job.where + "its case line does not agree with its audit trail: " +
         mask_pii_in_text(result.difference) + " (the file was altered or damaged)";
}

}  // namespace

ReplayWorker::ReplayWorker() : thread_([this] { work(); }) {}

ReplayWorker::~ReplayWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    waiting_.clear();
  }
  changed_.notify_all();
  thread_.join();
}

void ReplayWorker::add(ReplayJob job) {
  filling_.push_back(std::move(job));
  if (filling_.size() >= kBatch) hand_over();
}

void ReplayWorker::hand_over() {
  if (filling_.empty()) return;
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return waiting_.size() < kMaxWaiting || problem_; });
  if (!problem_) waiting_.push_back(std::move(filling_));  // nothing after a problem is replayed
  filling_.clear();
  changed_.notify_all();
}

std::optional<std::string> ReplayWorker::finish() {
  hand_over();
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return (waiting_.empty() && !busy_) || problem_; });
  return problem_;
}

void ReplayWorker::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
    if (stopping_) return;
    std::vector<ReplayJob> batch = std::move(waiting_.front());
    waiting_.pop_front();
    busy_ = true;
    changed_.notify_all();  // room for the next batch
    lock.unlock();
    std::optional<std::string> problem;
    for (const ReplayJob& job : batch) {
      try {
        problem = replay(job);
      } catch (const std::exception& e) {  // out of memory: the import must not go on
        problem = job.where + "case " + job.c.record.id + " could not be replayed: " + e.what();
      }
      if (problem) break;
    }
    batch.clear();
    lock.lock();
    busy_ = false;
    if (problem && !problem_) {
      problem_ = std::move(problem);
      waiting_.clear();
    }
    changed_.notify_all();
  }
}

}  // namespace wageflow::cli
