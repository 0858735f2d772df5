// Two `wageflow timers tick` processes started at the same moment over
// 1,000 due timers: every timer is warned once and falls due once (counted
// in the audit records), and a later tick repeats nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include "fault/fault_support.h"

namespace wageflow::fault {
namespace {

constexpr int kEscalating = 500;  // fault-escalate: warn, then overdue + escalate
constexpr int kExpiring = 500;    // fault-expire: warn, then expire by firing `lapse`

// Opened Mon 2025-03-03: `5 days` lands on Sat 03-08, moved to Mon 03-10
// (due at 24:00); the 2-day warning falls due at 00:00 of Sat 03-08.
const std::string kOpened = "2025-03-03T09:00:00+08:00";
const std::string kAfterWarning = "2025-03-09T09:00:00+08:00";
const std::string kAfterDue = "2025-03-11T09:00:00+08:00";
const std::string kMuchLater = "2025-06-02T09:00:00+08:00";

struct TickTotals {
  int warned = 0, overdue = 0, expired = 0, escalated = 0;
};

// Starts two ticks at `now` at once; both must exit 0 with their one line.
TickTotals tick_twice_at_once(const Sandbox& sandbox, const std::string& now) {
  auto first = sandbox.start({"timers", "tick"}, now);
  auto second = sandbox.start({"timers", "tick"}, now);
  TickTotals total;
  const std::regex line(R"(^warned (\d+), overdue (\d+), expired (\d+), escalated (\d+)$)");
  for (RunResult result : {first->wait(), second->wait()}) {
    EXPECT_EQ(result.exit_code, 0) << result.describe();
    std::smatch counts;
    const std::string answer = result.last_line();
    EXPECT_TRUE(std::regex_match(answer, counts, line)) << result.describe();
    if (counts.size() != 5) continue;
    total.warned += std::stoi(counts[1]);
    total.overdue += std::stoi(counts[2]);
    total.expired += std::stoi(counts[3]);
    total.escalated += std::stoi(counts[4]);
    std::cout << "tick at " << now << ": " << answer
              << (result.err.empty() ? "" : " (stderr: " + result.err.substr(0, 120) + ")") << "\n";
  }
  return total;
}

// The audit records of each case, counted by kind ("fire lapse" for fires).
std::map<std::string, std::map<std::string, int>> records_by_case(
    Store& store, const std::vector<std::string>& ids) {
  std::map<std::string, std::map<std::string, int>> counted;
  for (const auto& id : ids) {
    auto& kinds = counted[id];
    for (const auto& stored : store.audit_log(id)) {
      const AuditRecord& record = stored.record;
      ++kinds[record.kind == "fire" ? "fire " + record.event : record.kind];
    }
  }
  return counted;
}

class TickRace : public e2e::OnEveryBackend {};

TEST_P(TickRace, TwoTicksAtOnceWarnAndExpireEveryTimerExactlyOnce) {
  const auto began = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - began)
                              .count()) +
           " ms";
  };
  Sandbox sandbox(backend());
  sandbox.set_workflows(fault_workflows());
  std::vector<std::string> escalating, expiring;
  {
    // Two openers at once: quicker, and the case numbers must not collide.
    auto a = sandbox.start_raw(
        driver_argv(sandbox, "open",
                    {"--workflow", "fault-escalate", "--count", std::to_string(kEscalating),
                     "--now", kOpened, "--set", "label=上报"}));
    auto b = sandbox.start_raw(
        driver_argv(sandbox, "open",
                    {"--workflow", "fault-expire", "--count", std::to_string(kExpiring), "--now",
                     kOpened, "--set", "label=到期"}));
    for (auto [process, ids] : {std::pair{a.get(), &escalating}, std::pair{b.get(), &expiring}}) {
      RunResult opened = process->wait();
      ASSERT_EQ(opened.exit_code, 0) << opened.describe();
      for (const auto& line : opened.lines()) {
        if (line.rfind("opened ", 0) == 0) ids->push_back(line.substr(7));
      }
    }
  }
  ASSERT_EQ(escalating.size(), static_cast<std::size_t>(kEscalating));
  ASSERT_EQ(expiring.size(), static_cast<std::size_t>(kExpiring));
  std::vector<std::string> all = escalating;
  all.insert(all.end(), expiring.begin(), expiring.end());
  ASSERT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size())
      << "two cases got the same number";
  std::cout << all.size() << " cases opened after " << elapsed() << std::endl;

  const TickTotals warnings = tick_twice_at_once(sandbox, kAfterWarning);
  EXPECT_EQ(warnings.warned, kEscalating + kExpiring);
  EXPECT_EQ(warnings.overdue + warnings.expired + warnings.escalated, 0);

  const TickTotals due = tick_twice_at_once(sandbox, kAfterDue);
  EXPECT_EQ(due.warned, 0);
  EXPECT_EQ(due.overdue, kEscalating);
  EXPECT_EQ(due.escalated, kEscalating);
  EXPECT_EQ(due.expired, kExpiring);

  std::cout << "both ticks done after " << elapsed() << std::endl;

  std::unique_ptr<Store> store = open_store(sandbox.db());
  const auto counted = records_by_case(*store, all);
  auto expect_once = [&](const std::vector<std::string>& ids, const std::vector<std::string>& kinds,
                         const std::vector<std::string>& absent) {
    for (const auto& id : ids) {
      const auto& found = counted.at(id);
      for (const auto& kind : kinds) {
        auto it = found.find(kind);
        EXPECT_EQ(it == found.end() ? 0 : it->second, 1) << id << " " << kind;
      }
      for (const auto& kind : absent) EXPECT_EQ(found.count(kind), 0u) << id << " " << kind;
    }
  };
  expect_once(escalating, {"timer_warn", "timer_overdue", "escalate"},
              {"timer_expire", "fire lapse"});
  expect_once(expiring, {"timer_warn", "timer_expire", "fire lapse"},
              {"timer_overdue", "escalate"});
  for (const auto& id : expiring) {
    std::optional<CaseRecord> row = store->load_case(id);
    ASSERT_TRUE(row.has_value()) << id;
    EXPECT_EQ(row->state, "lapsed") << id;
    EXPECT_EQ(row->status, "closed") << id;
  }
  std::int64_t records = 0;
  for (const auto& [id, kinds] : counted) {
    for (const auto& [kind, count] : kinds) records += count;
  }

  // Later ticks find nothing left to do, and record nothing.
  const TickTotals later = tick_twice_at_once(sandbox, kMuchLater);
  EXPECT_EQ(later.warned + later.overdue + later.expired + later.escalated, 0);
  EXPECT_EQ(records_by_case(*store, all), counted);
  std::cout << "records counted, later ticks done after " << elapsed() << std::endl;
  expect_chains_verify(sandbox, records);
  expect_replay_agrees(sandbox);
  std::cout << "verified and replayed after " << elapsed() << std::endl;
}

WAGEFLOW_ON_EVERY_BACKEND(TickRace);

}  // namespace
}  // namespace wageflow::fault
