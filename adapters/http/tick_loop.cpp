#include "adapters/http/tick_loop.h"

#include <spdlog/spdlog.h>

#include <optional>
#include <string>

#include "adapters/http/server_clock.h"
#include "adapters/http/store_pool.h"
#include "engine/runtime/recount_totals.h"

namespace wageflow::http {

TickLoop::TickLoop(StorePool& pool, ServerClock& clock, spdlog::logger& log,
                   std::chrono::seconds interval)
    : pool_(pool), clock_(clock), log_(log), interval_(interval) {}

TickLoop::~TickLoop() {
  stop();
}

void TickLoop::start() {
  if (interval_.count() <= 0 || thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void TickLoop::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_all();
}

void TickLoop::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TickLoop::run() {
  bool recounted = false;
  for (;;) {
    if (!recounted) recounted = recount_once();
    tick_once();
    std::unique_lock<std::mutex> lock(mutex_);
    wakeup_.wait_for(lock, interval_, [this] { return stopping_ || woken_; });
    if (stopping_) return;
    woken_ = false;
  }
}

bool TickLoop::recount_once() {
  std::optional<StorePool::Lease> connection;
  try {
    connection.emplace(pool_.acquire());
    const Instant now = clock_.now();
    const std::vector<ProvisionalTimer> timers =
        (*connection)->service.recompute_provisional(now, false);
    for (const ProvisionalTimer& t : timers) {
      if (t.result == ProvisionalTimer::Result::kMoved && !t.not_fired.empty()) {
        log_.warn("recount: case {}, timer {} expired: {}", t.case_id, t.timer, t.not_fired);
      }
      if (t.result != ProvisionalTimer::Result::kByHand) continue;
      log_.warn("provisional due date not counted again: case {} timer {} due {}: {}", t.case_id,
                t.timer, t.was_due, t.reason);
    }
    const RecountTotals totals = recount_totals(timers);
    // Said whenever there was a provisional due date, so that an
    // administrator who restarted for a new year sees what came of it.
    if (totals.looked_at() > 0) {
      log_.info(
          "counted again {} provisional due date(s) of {} case(s) on the calendars as they are "
          "now; {} still provisional (their year is not in the calendar yet); {} to count by "
          "hand; {} skipped by conflicts",
          totals.moved, totals.moved_cases, totals.unchanged, totals.by_hand, totals.conflicts);
    }
    return totals.conflicts == 0;
  } catch (const std::exception& e) {
    if (connection) connection->discard();
    log_.error("counting provisional due dates again failed: {}; tried again before the next tick",
               e.what());
    return false;
  }
}

void TickLoop::tick_once() {
  std::optional<StorePool::Lease> connection;
  try {
    connection.emplace(pool_.acquire());
    const Instant now = clock_.now();
    const TickReport report = (*connection)->service.tick(now);
    if (report.cases > 0 || report.conflicts > 0) {
      log_.info(
          "tick at {}: {} cases changed (warned {}, overdue {}, expired {}, escalated {}), "
          "{} skipped by conflicts",
          format_utc(now), report.cases, report.counts.warned, report.counts.overdue,
          report.counts.expired, report.counts.escalated, report.conflicts);
    }
    for (const TickNotFired& unfired : report.not_fired) {
      log_.warn("tick: case {}, timer {} expired: {}", unfired.case_id, unfired.expiry.timer,
                unfired.expiry.refused);
    }
    for (const TickFailure& failure : report.failed) {
      log_.error("tick: case {} not ticked, its deadlines are not watched: {}", failure.case_id,
                 failure.reason);
    }
  } catch (const std::exception& e) {
    if (connection) connection->discard();
    log_.error("tick failed: {}; the next tick tries again", e.what());
  }
}

}  // namespace wageflow::http
