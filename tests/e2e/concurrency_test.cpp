// Two clerks at once, and retries: optimistic concurrency (exit 3 for the
// loser, nothing half-applied) and idempotency keys (a repeated command
// repeats its first answer and records nothing).
#include <gtest/gtest.h>

#include "e2e/support/backend.h"
#include "e2e/support/case_checks.h"

namespace wageflow::e2e {
namespace {

class Concurrency : public OnEveryBackend {};
class Idempotency : public OnEveryBackend {};

std::string open_case_in_mediation(const Sandbox& sandbox, int n) {
  const std::string id = answer_of(
      sandbox,
      {"case", "open", "wage-arbitration-fasttrack", "--actor", "李明", "--role", "intake_clerk",
       "--set", "worker_name=工人" + std::to_string(n), "--set", "employer=长春宏达建筑公司",
       "--set", "region=长春市", "--set", "claim_amount=8600"},
      "2025-03-03");
  answer_of(sandbox, {"case", "fire", id, "accept", "--actor", "李明", "--role", "intake_clerk"},
            "2025-03-03");
  answer_of(sandbox,
            {"case", "fire", id, "start_mediation", "--actor", "赵敏", "--role", "mediator"},
            "2025-03-04");
  return id;
}

// Runs `command` until it is no longer a conflict (exit 3); returns the
// final result and counts the conflicts seen.
RunResult until_not_conflict(const Sandbox& sandbox, std::unique_ptr<Process> first,
                             const std::vector<std::string>& command, int* conflicts) {
  RunResult result = first->wait();
  for (int tries = 0; result.exit_code == 3 && tries < 10; ++tries) {
    ++*conflicts;
    result = sandbox.run(command, "2025-03-05");
  }
  return result;
}

TEST_P(Concurrency, TwoProcessesFiringAtOneCaseNeverBothWinAndTheChainStaysIntact) {
  Sandbox sandbox(backend());
  constexpr int kCases = 6;
  int conflicts = 0;
  for (int n = 0; n < kCases; ++n) {
    SCOPED_TRACE("case " + std::to_string(n));
    const std::string id = open_case_in_mediation(sandbox, n);
    const auto before = show_json(sandbox, id)["row_version"].get<int>();
    // Two different changes that stay valid whichever lands first: the
    // director extends the award limit while the mediator records failure.
    const std::vector<std::string> extend = {"case",    "fire",   id,       "extend_award_limit",
                                             "--actor", "高主任", "--role", "director"};
    const std::vector<std::string> fail = {
        "case", "fire",   id,         "fail_mediation", "--actor",
        "赵敏", "--role", "mediator", "--set",          "hearing_date=2025-03-20"};
    auto a = sandbox.start(extend, "2025-03-05");
    auto b = sandbox.start(fail, "2025-03-05");
    RunResult extended = until_not_conflict(sandbox, std::move(a), extend, &conflicts);
    RunResult failed = until_not_conflict(sandbox, std::move(b), fail, &conflicts);
    EXPECT_EQ(extended.exit_code, 0) << extended.describe();
    EXPECT_EQ(failed.exit_code, 0) << failed.describe();

    auto after = show_json(sandbox, id);
    EXPECT_EQ(after["state"], "hearing");
    EXPECT_EQ(timer_of(after, "award_limit")["extended"], 1);
    // Exactly two commits landed on top of the case, whatever the order.
    EXPECT_EQ(after["row_version"].get<int>(), before + 2);
  }
  RunResult verified = sandbox.run({"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.describe();
  EXPECT_EQ(verified.last_line().rfind("ok ", 0), 0u) << verified.describe();
  // How many races were lost depends on timing; print it for the curious.
  std::cout << "conflicts seen and retried: " << conflicts << "\n";
}

TEST_P(Concurrency, TheSameEventFiredTwiceAtOnceWinsOnce) {
  Sandbox sandbox(backend());
  for (int n = 0; n < 4; ++n) {
    SCOPED_TRACE("case " + std::to_string(n));
    const std::string id = open_case_in_mediation(sandbox, n);
    const std::vector<std::string> settle = {
        "case", "fire",   id,         "settle", "--actor",
        "赵敏", "--role", "mediator", "--set",  "recovered_amount=8600"};
    auto a = sandbox.start(settle, "2025-03-06");
    auto b = sandbox.start(settle, "2025-03-06");
    RunResult first = a->wait();
    RunResult second = b->wait();
    const int wins = (first.exit_code == 0) + (second.exit_code == 0);
    EXPECT_EQ(wins, 1) << first.describe() << second.describe();
    // The loser either lost the race (3) or came second and was refused (1).
    for (const auto* result : {&first, &second}) {
      EXPECT_TRUE(result->exit_code == 0 || result->exit_code == 1 || result->exit_code == 3)
          << result->describe();
      if (result->exit_code != 0) {
        EXPECT_EQ(line_count(result->err), 1) << result->err;
      }
    }
    auto lines = audit_lines(sandbox, id);
    int settles = 0;
    for (const auto& line : lines) settles += line.find("fire settle") != std::string::npos;
    EXPECT_EQ(settles, 1);
  }
  RunResult verified = sandbox.run({"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.describe();
}

TEST_P(Idempotency, ARetryWithTheSameKeyRepeatsTheAnswerAndRecordsNothing) {
  Sandbox sandbox(backend());
  const std::vector<std::string> open = {"case",
                                         "open",
                                         "wage-arbitration-fasttrack",
                                         "--actor",
                                         "李明",
                                         "--role",
                                         "intake_clerk",
                                         "--set",
                                         "worker_name=张三丰",
                                         "--set",
                                         "employer=长春宏达建筑公司",
                                         "--set",
                                         "region=长春市",
                                         "--set",
                                         "claim_amount=8600",
                                         "--key",
                                         "intake-20250124-001"};
  const std::string id = answer_of(sandbox, open, "2025-01-24");
  EXPECT_EQ(answer_of(sandbox, open, "2025-01-24T09:05:00+08:00"), id);
  RunResult listed = sandbox.run({"case", "list", "--json"});
  EXPECT_EQ(nlohmann::json::parse(listed.out).size(), 1u) << listed.out;

  const std::vector<std::string> accept = {"case",    "fire",      id,       "accept",
                                           "--actor", "李明",      "--role", "intake_clerk",
                                           "--key",   "accept-001"};
  EXPECT_EQ(answer_of(sandbox, accept, "2025-01-27"), "accepted");
  const std::string after_first = case_fingerprint(sandbox, id);
  const auto records = audit_lines(sandbox, id).size();

  RunResult retried = sandbox.run(accept, "2025-01-27T09:01:00+08:00");
  EXPECT_EQ(retried.exit_code, 0) << retried.describe();
  EXPECT_EQ(retried.last_line(), "accepted");
  EXPECT_EQ(audit_lines(sandbox, id).size(), records);
  EXPECT_EQ(case_fingerprint(sandbox, id), after_first);

  // Without the key the same command is decided afresh and refused.
  std::vector<std::string> keyless(accept.begin(), accept.end() - 2);
  RunResult again = sandbox.run(keyless, "2025-01-27T09:02:00+08:00");
  EXPECT_EQ(again.exit_code, 1) << again.describe();
  EXPECT_EQ(case_fingerprint(sandbox, id), after_first);
}

TEST_P(Idempotency, AKeyGivenToAnotherCaseOrCommandIsANewCommandThere) {
  Sandbox sandbox(backend());
  auto open = [&sandbox](const std::string& key) {
    return answer_of(sandbox,
                     {"case", "open", "wage-arbitration-fasttrack", "--actor", "李明", "--role",
                      "intake_clerk", "--set", "worker_name=张三丰", "--set", "employer=长春宏达",
                      "--set", "region=长春市", "--set", "claim_amount=8600", "--key", key},
                     "2025-01-24");
  };
  const std::string first = open("k1"), second = open("k2");
  ASSERT_NE(first, second);
  auto accept = [](const std::string& id) {
    return std::vector<std::string>{"case",   "fire",         id,      "accept", "--actor", "李明",
                                    "--role", "intake_clerk", "--key", "k1"};
  };
  // "k1" opened the first case; on the fire of accept it is a new command,
  // and on the second case yet another one: each is done, none repeats.
  EXPECT_EQ(answer_of(sandbox, accept(first), "2025-01-27"), "accepted");
  RunResult other_case = sandbox.run(accept(second), "2025-01-27");
  EXPECT_EQ(other_case.exit_code, 0) << other_case.describe();
  EXPECT_EQ(other_case.out.find("repeated"), std::string::npos) << other_case.describe();
  EXPECT_EQ(show_json(sandbox, second)["state"], "accepted");
  // The same command on the same case still repeats.
  RunResult retried = sandbox.run(accept(second), "2025-01-27T09:30:00+08:00");
  EXPECT_EQ(retried.exit_code, 0) << retried.describe();
  EXPECT_NE(retried.out.find("repeated: key 'k1' was used before"), std::string::npos)
      << retried.describe();
}

// The same key for the same command with other values is not a retry: it
// is refused with exit 1 and changes nothing.
TEST_P(Idempotency, AKeyReusedWithOtherValuesIsRefusedAndChangesNothing) {
  Sandbox sandbox(backend());
  auto open = [&sandbox](const std::string& claim) {
    return sandbox.run(
        {"case", "open", "wage-arbitration-fasttrack", "--actor", "李明", "--role", "intake_clerk",
         "--set", "worker_name=张三丰", "--set", "employer=长春宏达", "--set", "region=长春市",
         "--set", "claim_amount=" + claim, "--key", "form-7"},
        "2025-01-24");
  };
  RunResult first = open("8600");
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  RunResult reused = open("9100");
  EXPECT_EQ(reused.exit_code, 1) << reused.describe();
  EXPECT_EQ(reused.err,
            "wageflow: this idempotency key was used before for another command; nothing was "
            "changed: a retry must repeat the first command exactly, and a new command needs a "
            "new key (--key)\n");
  EXPECT_EQ(sandbox.run({"case", "list"}).out.find("9100"), std::string::npos);
  RunResult retried = open("8600");
  EXPECT_EQ(retried.exit_code, 0) << retried.describe();
  EXPECT_NE(retried.out.find("repeated: key 'form-7' was used before"), std::string::npos)
      << retried.describe();
}

WAGEFLOW_ON_EVERY_BACKEND(Concurrency);
WAGEFLOW_ON_EVERY_BACKEND(Idempotency);

}  // namespace
}  // namespace wageflow::e2e
