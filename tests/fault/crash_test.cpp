// A client applying a long stream of events is killed with SIGKILL at a
// random moment, five times. After each kill every fire it reported as
// applied is stored (once), nothing is half-applied (every case agrees with
// its trail, chains verify, replay agrees), the command it had in flight
// applies at most once when retried with its key, and the next client
// carries on.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <thread>

#include "fault/fault_support.h"

namespace wageflow::fault {
namespace {

constexpr int kCases = 10;
constexpr int kKills = 5;

class CrashSafety : public e2e::OnEveryBackend {};

TEST_P(CrashSafety, EveryAcknowledgedFireSurvivesSigkillAndNothingIsHalfApplied) {
  const std::uint64_t seed = test_seed("CrashSafety/" + backend());
  std::mt19937_64 random(seed);
  Sandbox sandbox(backend());
  sandbox.set_workflows(fault_workflows());
  const std::vector<std::string> cases = open_cases(
      sandbox, "fault-loop", kCases, "2025-03-03T09:00:00+08:00", {"label=断电测试", "bumps=0"});
  ASSERT_EQ(cases.size(), static_cast<std::size_t>(kCases));

  std::map<std::string, DriverFire> acknowledged;
  int in_flight_committed = 0, in_flight_retried = 0;
  for (int round = 0; round < kKills; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const int delay_ms = std::uniform_int_distribution<int>(300, 1500)(random);
    auto driver = sandbox.start_raw(
        driver_argv(sandbox, "fire",
                    {"--cases", joined(cases), "--name", "crash" + std::to_string(round), "--count",
                     "100000000", "--seed", std::to_string(seed + round), "--now",
                     "2025-03-04T09:00:00+08:00"}));
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    driver->kill(SIGKILL);
    RunResult killed = driver->wait();
    EXPECT_EQ(killed.exit_code, 128 + SIGKILL) << "the driver ended before the kill\n"
                                               << killed.describe();
    DriverReport report = read_driver_output(killed.out);
    std::cout << backend() << " round " << round << ": SIGKILL after " << delay_ms << " ms; "
              << report << "\n";
    EXPECT_TRUE(report.errors.empty()) << report.errors.front();
    acknowledged.insert(report.applied.begin(), report.applied.end());

    // The command in flight at the kill may or may not have committed:
    // retried with its key it is applied now or answered as a repeat, and
    // stored once either way.
    if (report.last_attempt && !report.applied.count(report.last_attempt->key)) {
      const DriverFire& lost = *report.last_attempt;
      RunResult retried = sandbox.run_raw(driver_argv(
          sandbox, "retry", {"--case", lost.case_id, "--event", lost.event, "--key", lost.key}));
      EXPECT_EQ(retried.exit_code, 0) << retried.describe();
      DriverReport retry = read_driver_output(retried.out);
      // Applied (or repeated), or refused as it would have been (wrong state).
      EXPECT_EQ(retry.applied.size() + retry.refused, 1u) << retried.describe();
      acknowledged.insert(retry.applied.begin(), retry.applied.end());
      ++in_flight_retried;
      in_flight_committed += retry.repeated;
    }

    StoredFires stored = expect_loop_cases_consistent(sandbox, cases);
    for (const auto& [key, fire] : acknowledged) {
      EXPECT_EQ(stored.by_key[key], 1) << "acknowledged fire " << key << " on " << fire.case_id;
      EXPECT_EQ(stored.case_of_key[key], fire.case_id) << key;
    }
    for (const auto& [key, count] : stored.by_key) {
      EXPECT_EQ(acknowledged.count(key), 1u) << "stored fire " << key << " nobody was told of";
    }
    EXPECT_EQ(stored.fires, static_cast<int>(acknowledged.size()));
    expect_chains_verify(sandbox, stored.records);
    expect_replay_agrees(sandbox);
    if (HasFailure()) break;
  }
  std::cout << backend() << ": " << acknowledged.size() << " fires acknowledged over " << kKills
            << " kills; " << in_flight_retried << " in flight at the kill (" << in_flight_committed
            << " of them had committed)\n";
  EXPECT_GT(acknowledged.size(), 0u) << "the driver never got going before the kills";

  // A new client carries on where the killed ones stopped.
  RunResult after = sandbox.run_raw(
      driver_argv(sandbox, "fire",
                  {"--cases", joined(cases), "--name", "after", "--count", "30", "--seed",
                   std::to_string(seed + kKills), "--now", "2025-03-05T09:00:00+08:00"}));
  EXPECT_EQ(after.exit_code, 0) << after.describe();
  DriverReport report = read_driver_output(after.out);
  EXPECT_TRUE(report.finished) << after.describe();
  EXPECT_GT(report.applied.size(), 0u) << after.describe();
  acknowledged.insert(report.applied.begin(), report.applied.end());
  StoredFires stored = expect_loop_cases_consistent(sandbox, cases);
  EXPECT_EQ(stored.fires, static_cast<int>(acknowledged.size()));
  expect_chains_verify(sandbox, stored.records);
}

WAGEFLOW_ON_EVERY_BACKEND(CrashSafety);

}  // namespace
}  // namespace wageflow::fault
