// Eight client processes fire events at the same 50 cases for a few
// seconds. Afterwards every chain verifies, replay agrees, every case agrees
// with its own trail, and the database holds exactly the fires the clients
// were told succeeded: no more, no fewer, none twice.
#include <gtest/gtest.h>

#include "fault/fault_support.h"

namespace wageflow::fault {
namespace {

constexpr int kDrivers = 8;
constexpr int kCases = 50;
constexpr double kSeconds = 4;

class ConcurrentClients : public e2e::OnEveryBackend {};

TEST_P(ConcurrentClients, StoreExactlyTheFiresTheyWereToldSucceeded) {
  const std::uint64_t seed = test_seed("ConcurrentClients/" + backend());
  Sandbox sandbox(backend());
  sandbox.set_workflows(fault_workflows());
  const std::vector<std::string> cases = open_cases(
      sandbox, "fault-loop", kCases, "2025-03-03T09:00:00+08:00", {"label=并发测试", "bumps=0"});
  ASSERT_EQ(cases.size(), static_cast<std::size_t>(kCases));

  std::vector<std::unique_ptr<Process>> drivers;
  for (int d = 0; d < kDrivers; ++d) {
    drivers.push_back(sandbox.start_raw(
        driver_argv(sandbox, "fire",
                    {"--cases", joined(cases), "--name", "d" + std::to_string(d), "--seconds",
                     std::to_string(kSeconds), "--seed", std::to_string(seed + d), "--now",
                     "2025-03-04T09:00:00+08:00"})));
  }
  std::map<std::string, DriverFire> acknowledged;
  int conflicts = 0, refused = 0, attempts = 0;
  for (int d = 0; d < kDrivers; ++d) {
    RunResult run = drivers[d]->wait();
    SCOPED_TRACE("driver d" + std::to_string(d));
    EXPECT_EQ(run.exit_code, 0) << run.err;
    DriverReport report = read_driver_output(run.out);
    EXPECT_TRUE(report.finished) << run.describe();
    EXPECT_TRUE(report.errors.empty()) << report.errors.front();
    EXPECT_TRUE(report.other.empty()) << report.other.front();
    EXPECT_EQ(report.repeated, 0) << "every key is used once; none can be a repeat";
    EXPECT_EQ(report.applied_lines, static_cast<int>(report.applied.size()));
    std::cout << "driver d" << d << ": " << report << "\n";
    acknowledged.insert(report.applied.begin(), report.applied.end());
    conflicts += report.conflicts;
    refused += report.refused;
    attempts += report.attempts;
  }
  std::cout << backend() << ": " << attempts << " attempts, " << acknowledged.size() << " applied, "
            << conflicts << " conflicts (retried), " << refused << " refused (wrong state)\n";
  EXPECT_GT(acknowledged.size(), static_cast<std::size_t>(kCases)) << "the drivers barely ran";

  StoredFires stored = expect_loop_cases_consistent(sandbox, cases);
  EXPECT_EQ(stored.fires, static_cast<int>(acknowledged.size()));
  for (const auto& [key, fire] : acknowledged) {
    EXPECT_EQ(stored.by_key[key], 1) << "acknowledged fire " << key << " on " << fire.case_id;
    EXPECT_EQ(stored.case_of_key[key], fire.case_id) << key;
  }
  for (const auto& [key, count] : stored.by_key) {
    EXPECT_EQ(acknowledged.count(key), 1u) << "stored fire " << key << " nobody was told of";
  }
  expect_chains_verify(sandbox, stored.records);
  expect_replay_agrees(sandbox);
}

WAGEFLOW_ON_EVERY_BACKEND(ConcurrentClients);

}  // namespace
}  // namespace wageflow::fault
