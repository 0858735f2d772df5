// The server's own timer ticks: every `interval` it runs CaseService::tick
// at the server clock's time on a connection of its own. Several servers
// on one PostgreSQL database tick safely: each case is claimed by one
// ticker (Store::claim_due_cases) and committed conditionally.
//
// Before its first tick the loop counts provisional due dates again on the
// calendars as the server loaded them (CaseService::recompute_provisional,
// as `wageflow timers recompute`): a calendar that gained a year is
// deployed by restarting the server. It tries again before each tick until
// one run meets no conflict.
//
// Thread-safety: start/stop from the thread that owns the loop; wake() from
// any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace spdlog {
class logger;
}

namespace wageflow::http {

class StorePool;
class ServerClock;

class TickLoop {
 public:
  // `interval` of zero: never tick.
  TickLoop(StorePool& pool, ServerClock& clock, spdlog::logger& log, std::chrono::seconds interval);
  ~TickLoop();  // stops

  // Ticks once at once, then every interval.
  void start();
  // Ticks again now (the test clock moved).
  void wake();
  // Lets a tick in progress finish, then returns.
  void stop();

 private:
  void run();
  // Returns false when it should run again (a conflict or a fault).
  bool recount_once();
  void tick_once();

  StorePool& pool_;
  ServerClock& clock_;
  spdlog::logger& log_;
  std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace wageflow::http
