// Item 5 of docs/performance.md (pg_events.sh runs it): THREADS clients,
// each its own connection (open_store) and CaseService, firing commands at
// distinct cases of the shipped fast-track workflow on a PostgreSQL
// database for SECONDS: each thread opens CASES cases first (not timed),
// then goes round them suspending each, then round again resuming each,
// and so on; every command is a durable event (case row, timers, audit
// record with its hash, one transaction). Prints the events per second of
// all threads together on stdout; fails when a command is not done.
//   bench_pg_events URL THREADS SECONDS CASES
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/runtime/case_service.h"
#include "engine/runtime/folder_definitions.h"
#include "storage/storage.h"
#include "tests/support/fasttrack_commands.h"

namespace {

using namespace wageflow;
using Clock = std::chrono::steady_clock;

struct Client {
  std::unique_ptr<Store> store;
  std::unique_ptr<FolderDefinitionSource> definitions;
  std::unique_ptr<CaseService> service;
  std::vector<std::string> cases;
  long long events = 0;
  std::string failure;
};

Instant start_time() {
  return *parse_instant("2025-01-24T09:30:00+08:00", 8 * 60);
}

void open_cases(Client& client, int count) {
  const Command open = testing::fasttrack_open_command();
  for (int i = 0; i < count; ++i) {
    CommandResult opened =
        client.service->open("wage-arbitration-fasttrack", open, start_time(), "", "长春市");
    if (opened.status != CommandResult::Status::kDone) {
      throw std::runtime_error("open: " + opened.message);
    }
    client.cases.push_back(opened.case_id);
  }
}

void fire(Client& client, Clock::time_point until, const std::atomic<bool>& go) {
  while (!go.load()) std::this_thread::yield();
  const Instant now{start_time().seconds + 3600};
  const std::size_t share = client.cases.size();
  for (std::size_t n = 0; Clock::now() < until; ++n) {
    const bool suspend = (n / share) % 2 == 0;
    Command command{suspend ? Command::Kind::kSuspend : Command::Kind::kResume,
                    "孙伟",
                    "arbitrator",
                    "",
                    {},
                    suspend ? "等待工伤认定结论" : "恢复审理"};
    CommandResult result = client.service->apply(client.cases[n % share], command, now);
    if (result.status != CommandResult::Status::kDone) {
      client.failure = client.cases[n % share] + ": " + result.message;
      return;
    }
    ++client.events;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 || std::atoi(argv[2]) <= 0 || std::atoi(argv[3]) <= 0 || std::atoi(argv[4]) <= 0) {
    std::fprintf(stderr, "usage: bench_pg_events URL THREADS SECONDS CASES\n");
    return 2;
  }
  try {
    const std::string url = argv[1];
    const int threads = std::atoi(argv[2]);
    const auto duration = std::chrono::seconds(std::atoi(argv[3]));
    std::vector<Client> clients(threads);
    for (Client& client : clients) {
      client.store = open_store(url);
      client.definitions =
          std::make_unique<FolderDefinitionSource>(std::string(WAGEFLOW_SOURCE_DIR) + "/workflows");
      client.service = std::make_unique<CaseService>(*client.store, *client.definitions);
      open_cases(client, std::atoi(argv[4]));
    }
    std::atomic<bool> go{false};
    std::vector<std::thread> running;
    const Clock::time_point started = Clock::now();
    const Clock::time_point until = started + duration;
    for (Client& client : clients)
      running.emplace_back(fire, std::ref(client), until, std::cref(go));
    go = true;
    for (auto& thread : running) thread.join();
    const std::chrono::duration<double> elapsed = Clock::now() - started;
    long long events = 0;
    for (const Client& client : clients) {
      if (!client.failure.empty()) {
        std::fprintf(stderr, "bench_pg_events: a command was not done: %s\n",
                     client.failure.c_str());
        return 1;
      }
      events += client.events;
    }
    std::printf("%.1f\n", events / elapsed.count());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_pg_events: %s\n", e.what());
    return 1;
  }
}
