// The Store contract, run on every backend fixture (backend_fixture.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <set>
#include <thread>

#include "tests/storage/backend_fixture.h"

namespace wageflow::testing {
namespace {

constexpr const char* kDefinitionText =
    "id: wage-arbitration-fasttrack\nversion: 3\ntitle: 劳动争议速裁\n";

AuditRecord audit(std::int64_t at, const std::string& kind, const std::string& from,
                  const std::string& to, const std::string& comment = "") {
  AuditRecord r;
  r.at = Instant{at};
  r.actor = "李娜";
  r.role = "clerk";
  r.kind = kind;
  r.event = kind == "open" ? "" : "advance";
  r.from_state = from;
  r.to_state = to;
  r.data = "{}";
  r.comment = comment;
  return r;
}

TimerRecord timer(const std::string& name, std::optional<std::int64_t> next_action_at,
                  const std::string& status = "running") {
  TimerRecord t;
  t.name = name;
  t.status = status;
  t.started_at = 1000;
  t.due_date = "2025-02-07";
  t.due_at = 5000;
  t.warn_at = 4000;
  t.explanation = "15 个工作日，跳过春节假期";
  t.next_action_at = next_action_at;
  return t;
}

class StoreContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    WAGEFLOW_REQUIRE_BACKEND(GetParam());
    fixture_ = GetParam().make();
    store_ = fixture_->open();
    sha256_ = store_->pin_definition("wage-arbitration-fasttrack", 3, kDefinitionText);
  }

  // A request that opens a new case in `state`, with one audit record.
  CommitRequest open_request(const std::string& prefix = "2025-",
                             const std::string& state = "intake",
                             const std::string& workflow = "wage-arbitration-fasttrack") {
    CommitRequest request;
    request.after.workflow = workflow;
    request.after.version = 3;
    request.after.definition_sha256 = sha256_;
    request.after.state = state;
    request.after.status = "active";
    request.after.data = R"({"claim_amount":"8600.00","worker_name":"张伟"})";
    request.after.row_version = 1;
    request.after.opened_at = 1737680000;
    request.after.updated_at = 1737680000;
    request.new_case_id_prefix = prefix;
    request.records = {audit(1737680000, "open", "", state)};
    return request;
  }

  std::string open_case(const std::string& prefix = "2025-") {
    CommitResult result = store_->commit(open_request(prefix));
    EXPECT_EQ(result.status, CommitResult::Status::kCommitted);
    return result.case_id;
  }

  // A request that moves the stored case to `state`, based on what is stored.
  CommitRequest advance_request(Store& store, const std::string& id, const std::string& state,
                                int records = 1) {
    CaseRecord before = *store.load_case(id);
    CommitRequest request;
    request.after = before;
    request.after.state = state;
    request.after.row_version = before.row_version + 1;
    request.after.updated_at = before.updated_at + 60;
    request.expected_row_version = before.row_version;
    for (int i = 0; i < records; ++i) {
      request.records.push_back(audit(request.after.updated_at, "fire", before.state, state,
                                      "第" + std::to_string(i + 1) + "条"));
    }
    return request;
  }

  std::unique_ptr<BackendFixture> fixture_;
  std::unique_ptr<Store> store_;
  std::string sha256_;
};

TEST_P(StoreContractTest, ReopenedDatabaseKeepsCasesTimersAndChains) {
  CommitRequest request = open_request();
  request.after.timers = {timer("closure", 4000)};
  const std::string id = store_->commit(request).case_id;
  const std::string before = describe(*store_->load_case(id));
  store_.reset();

  auto reopened = fixture_->open();
  ASSERT_TRUE(reopened->load_case(id));
  EXPECT_EQ(describe(*reopened->load_case(id)), before);
  EXPECT_EQ(reopened->definition(sha256_)->yaml_text, kDefinitionText);
  EXPECT_TRUE(reopened->verify("").ok);
}

TEST_P(StoreContractTest, NewCasesGetTheirPrefixAndASixDigitNumberCountedPerPrefix) {
  EXPECT_EQ(open_case("2025-"), "2025-000001");
  EXPECT_EQ(open_case("2025-"), "2025-000002");
  EXPECT_EQ(open_case("LA-"), "LA-000001");
  EXPECT_EQ(open_case("2025-"), "2025-000003");
}

TEST_P(StoreContractTest, EveryCaseAndTimerFieldRoundTripsIncludingChineseText) {
  CommitRequest request = open_request("仲裁-", "调解中");
  request.after.data = R"({"employer":"深圳市某某电子有限公司","worker_name":"王芳"})";
  TimerRecord full = timer("结案期限", 4000);
  full.provisional = true;
  full.extensions_used = 2;
  full.paused_at = 4500;
  full.escalated = true;
  TimerRecord hours = timer("hearing", std::nullopt, "paused");
  hours.due_date = "";
  hours.warn_at = std::nullopt;
  request.after.timers = {full, hours};
  request.records[0].comment = "申请人：外来务工人员，欠薪三个月";
  const std::string id = store_->commit(request).case_id;
  EXPECT_EQ(id, "仲裁-000001");

  CaseRecord expected = request.after;
  expected.id = id;
  expected.timers = {hours, full};  // in name order: bytewise, "h" < UTF-8 of "结"
  EXPECT_EQ(describe(*store_->load_case(id)), describe(expected));
  auto log = store_->audit_log(id);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].record.comment, "申请人：外来务工人员，欠薪三个月");
  EXPECT_EQ(log[0].record.actor, "李娜");
  EXPECT_TRUE(store_->verify(id).ok) << store_->verify(id).problem;
}

TEST_P(StoreContractTest, CommitWithCurrentRowVersionReplacesStateTimersAndExtendsTheChain) {
  CommitRequest first = open_request();
  first.after.timers = {timer("closure", 4000), timer("mediation", 3000)};
  const std::string id = store_->commit(first).case_id;

  CommitRequest second = advance_request(*store_, id, "mediation", 2);
  second.after.timers = {timer("closure", std::nullopt, "stopped")};
  CommitResult result = store_->commit(second);
  EXPECT_EQ(result.status, CommitResult::Status::kCommitted);
  EXPECT_EQ(result.case_id, id);

  CaseRecord stored = *store_->load_case(id);
  EXPECT_EQ(stored.state, "mediation");
  EXPECT_EQ(stored.row_version, 2);
  ASSERT_EQ(stored.timers.size(), 1u);
  EXPECT_EQ(describe(stored.timers[0]), describe(second.after.timers[0]));
  auto log = store_->audit_log(id);
  ASSERT_EQ(log.size(), 3u);
  for (std::size_t i = 0; i < log.size(); ++i) {
    EXPECT_EQ(log[i].seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(log[i].prev_hash, i == 0 ? std::string(64, '0') : log[i - 1].hash);
    EXPECT_EQ(log[i].hash.size(), 64u);
  }
  VerifyResult verified = store_->verify(id);
  EXPECT_TRUE(verified.ok) << verified.problem;
  EXPECT_EQ(verified.records, 3);
}

// Storage writes only the timer rows that differ from the stored ones;
// whichever changed, the case must come back with exactly the committed
// timers, and the due-timer index must follow them.
TEST_P(StoreContractTest, TimersAfterACommitAreExactlyTheCommittedOnesWhicheverChanged) {
  TimerRecord changed_a = timer("a", 2000);
  changed_a.status = "overdue";
  changed_a.escalated = true;
  struct Case {
    const char* name;
    std::vector<TimerRecord> before, after;
  };
  for (const Case& c : std::vector<Case>{
           {"unchanged",
            {timer("a", 4000), timer("b", 3000)},
            {timer("a", 4000), timer("b", 3000)}},
           {"one changed", {timer("a", 4000), timer("b", 3000)}, {changed_a, timer("b", 3000)}},
           {"one stopped", {timer("a", 4000)}, {timer("a", std::nullopt, "stopped")}},
           {"one removed", {timer("a", 4000), timer("b", 3000)}, {timer("a", 4000)}},
           {"one added", {timer("a", 4000)}, {timer("a", 4000), timer("c", 100)}},
           {"all replaced", {timer("a", 4000), timer("b", 3000)}, {timer("c", 100)}},
           {"all removed", {timer("a", 4000), timer("b", 3000)}, {}},
           {"first ones", {}, {timer("b", 3000), timer("a", 4000)}},
       }) {
    SCOPED_TRACE(c.name);
    CommitRequest first = open_request();
    first.after.timers = c.before;
    const std::string id = store_->commit(first).case_id;
    CommitRequest second = advance_request(*store_, id, "mediation");
    second.after.timers = c.after;
    ASSERT_EQ(store_->commit(second).status, CommitResult::Status::kCommitted);

    std::vector<std::string> expected;
    bool due = false;
    for (const TimerRecord& t : c.after) {
      expected.push_back(describe(t));
      due = due || t.next_action_at.has_value();
    }
    std::sort(expected.begin(), expected.end());
    const CaseRecord loaded = *store_->load_case(id);
    std::vector<std::string> stored;
    for (const TimerRecord& t : loaded.timers) stored.push_back(describe(t));
    std::sort(stored.begin(), stored.end());
    EXPECT_EQ(stored, expected);
    const std::vector<std::string> due_cases = store_->due_cases(1 << 30, 1000);
    EXPECT_EQ(std::find(due_cases.begin(), due_cases.end(), id) != due_cases.end(), due);
  }
}

// A commit may move a case to another definition (`wageflow migrate`): the
// new pin is stored, and a stale row_version is still a conflict.
TEST_P(StoreContractTest, CommitMovingACaseToAnotherDefinitionStoresItsNewPin) {
  const std::string id = open_case();
  const std::string newer = store_->pin_definition("wage-arbitration-fasttrack", 4,
                                                   std::string(kDefinitionText) + "#4\n");
  CommitRequest stale = advance_request(*store_, id, "mediation");
  CommitRequest moved = advance_request(*store_, id, "mediation");
  moved.after.version = 4;
  moved.after.definition_sha256 = newer;
  ASSERT_EQ(store_->commit(moved).status, CommitResult::Status::kCommitted);
  CaseRecord stored = *store_->load_case(id);
  EXPECT_EQ(stored.version, 4);
  EXPECT_EQ(stored.definition_sha256, newer);
  EXPECT_EQ(stored.state, "mediation");

  stale.after.version = 4;
  stale.after.definition_sha256 = newer;
  EXPECT_EQ(store_->commit(stale).status, CommitResult::Status::kConflict);
  EXPECT_EQ(store_->load_case(id)->row_version, stored.row_version);
}

// The cases `timers recompute` looks at: a provisional timer still
// counting (running, warned, overdue, paused), in id order; not one stopped
// or expired, nor one that is not provisional.
TEST_P(StoreContractTest, CasesWithProvisionalTimersAreThoseWithOneStillCounting) {
  struct Row {
    std::string status;
    bool provisional;
    bool listed;
  };
  const std::vector<Row> rows = {
      {"running", true, true},   {"warned", true, true},   {"overdue", true, true},
      {"paused", true, true},    {"stopped", true, false}, {"expired", true, false},
      {"running", false, false},
  };
  std::vector<std::string> expected;
  for (const Row& row : rows) {
    CommitRequest request = open_request();
    TimerRecord counting = timer("a", std::nullopt, row.status);
    counting.provisional = row.provisional;
    request.after.timers = {timer("b", 4000), counting};
    CommitResult result = store_->commit(request);
    ASSERT_EQ(result.status, CommitResult::Status::kCommitted);
    if (row.listed) expected.push_back(result.case_id);
  }
  EXPECT_EQ(store_->cases_with_provisional_timers(), expected);
}

// The cases `timers recompute --all` looks at: a timer still counting,
// provisional or not, in id order; not a case whose timers all ended.
TEST_P(StoreContractTest, CasesWithCountingTimersAreThoseWithOneStillCountingProvisionalOrNot) {
  struct Row {
    std::string status;
    bool provisional;
    bool listed;
  };
  const std::vector<Row> rows = {
      {"running", false, true}, {"warned", false, true},   {"overdue", true, true},
      {"paused", false, true},  {"stopped", false, false}, {"expired", true, false},
      {"running", true, true},
  };
  std::vector<std::string> expected;
  for (const Row& row : rows) {
    CommitRequest request = open_request();
    TimerRecord counting = timer("a", std::nullopt, row.status);
    counting.provisional = row.provisional;
    request.after.timers = {timer("b", std::nullopt, "stopped"), counting};
    CommitResult result = store_->commit(request);
    ASSERT_EQ(result.status, CommitResult::Status::kCommitted);
    if (row.listed) expected.push_back(result.case_id);
  }
  EXPECT_EQ(store_->cases_with_counting_timers(), expected);
}

TEST_P(StoreContractTest, CommitThatDoesNotRaiseTheRowVersionIsRefusedAndWritesNothing) {
  const std::string id = open_case();
  const std::string case_before = describe(*store_->load_case(id));
  CommitRequest same = advance_request(*store_, id, "mediation");
  same.after.row_version = same.expected_row_version;
  same.after.timers = {timer("closure", 100)};
  try {
    store_->commit(same);
    ADD_FAILURE() << "a commit keeping row_version was accepted";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "would set row_version 1, not above the row_version 1 it was decided on"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(describe(*store_->load_case(id)), case_before);
  EXPECT_EQ(store_->audit_log(id).size(), 1u);
}

TEST_P(StoreContractTest, StaleRowVersionIsAConflictAndWritesNothing) {
  const std::string id = open_case();
  CommitRequest stale = advance_request(*store_, id, "mediation");
  ASSERT_EQ(store_->commit(advance_request(*store_, id, "hearing")).status,
            CommitResult::Status::kCommitted);
  const std::string case_before = describe(*store_->load_case(id));
  const std::string log_before = describe(store_->audit_log(id));

  stale.after.timers = {timer("closure", 100)};
  stale.idempotency_key = "retry-1";
  stale.idempotency_answer = "mediation";
  CommitResult result = store_->commit(stale);
  EXPECT_EQ(result.status, CommitResult::Status::kConflict);
  EXPECT_EQ(describe(*store_->load_case(id)), case_before);
  EXPECT_EQ(describe(store_->audit_log(id)), log_before);
  EXPECT_FALSE(store_->idempotent_answer("retry-1"));
  EXPECT_TRUE(store_->due_cases(1 << 30, 10).empty());
}

TEST_P(StoreContractTest, FailureInTheMiddleOfOpeningACaseLeavesNothing) {
  CommitRequest request = open_request();
  // The case row is written first; the second timer then breaks the
  // (case_id, name) primary key.
  request.after.timers = {timer("closure", 4000), timer("closure", 4100)};
  request.idempotency_key = "open-1";
  request.idempotency_answer = "{case_id}";
  EXPECT_THROW(store_->commit(request), StoreError);

  EXPECT_FALSE(store_->load_case("2025-000001"));
  EXPECT_TRUE(store_->list_cases({}).empty());
  EXPECT_TRUE(store_->audit_log("2025-000001").empty());
  EXPECT_TRUE(store_->due_cases(1 << 30, 10).empty());
  EXPECT_FALSE(store_->idempotent_answer("open-1"));
  // The case number was given back too.
  EXPECT_EQ(open_case(), "2025-000001");
}

TEST_P(StoreContractTest, FailureInTheMiddleOfUpdatingACaseLeavesItUnchanged) {
  CommitRequest first = open_request();
  first.after.timers = {timer("closure", 4000)};
  const std::string id = store_->commit(first).case_id;
  const std::string case_before = describe(*store_->load_case(id));
  const std::string log_before = describe(store_->audit_log(id));

  CommitRequest broken = advance_request(*store_, id, "mediation", 3);
  broken.after.timers = {timer("mediation", 10), timer("mediation", 20)};
  try {
    store_->commit(broken);
    ADD_FAILURE() << "a duplicate timer name must fail the commit";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("nothing was changed"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(describe(*store_->load_case(id)), case_before);
  EXPECT_EQ(describe(store_->audit_log(id)), log_before);
  EXPECT_TRUE(store_->verify("").ok);
}

TEST_P(StoreContractTest, RepeatedIdempotencyKeyReturnsTheFirstAnswerAndWritesNothing) {
  const std::string id = open_case();
  CommitRequest fire = advance_request(*store_, id, "mediation");
  fire.idempotency_key = "clerk-7:fire:42";
  fire.idempotency_answer = "mediation";
  fire.idempotency_request = R"({"kind":"fire","event":"start_mediation"})";
  ASSERT_EQ(store_->commit(fire).status, CommitResult::Status::kCommitted);
  const std::string case_before = describe(*store_->load_case(id));
  const std::string log_before = describe(store_->audit_log(id));

  CommitRequest retry = advance_request(*store_, id, "hearing");
  retry.idempotency_key = "clerk-7:fire:42";
  retry.idempotency_answer = "hearing";
  CommitResult result = store_->commit(retry);
  EXPECT_EQ(result.status, CommitResult::Status::kDuplicateKey);
  EXPECT_EQ(result.idempotency_answer, "mediation");
  EXPECT_EQ(result.idempotency_request, fire.idempotency_request);
  EXPECT_EQ(describe(*store_->load_case(id)), case_before);
  EXPECT_EQ(describe(store_->audit_log(id)), log_before);
  EXPECT_EQ(store_->idempotent_answer("clerk-7:fire:42"), "mediation");
  std::optional<IdempotentEntry> entry = store_->idempotent_entry("clerk-7:fire:42");
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->request, fire.idempotency_request);
  EXPECT_FALSE(store_->idempotent_entry("clerk-7:fire:43").has_value());
}

TEST_P(StoreContractTest, IdempotentAnswerGetsTheAssignedCaseIdInPlaceOfItsToken) {
  CommitRequest request = open_request();
  request.idempotency_key = "open:form-991";
  request.idempotency_answer = "opened {case_id} ({case_id})";
  const std::string id = store_->commit(request).case_id;
  EXPECT_EQ(store_->idempotent_answer("open:form-991"), "opened " + id + " (" + id + ")");

  CommitResult again = store_->commit(open_request());
  EXPECT_EQ(again.status, CommitResult::Status::kCommitted);  // no key: a second case
  request.after.state = "other";
  CommitResult repeated = store_->commit(request);
  EXPECT_EQ(repeated.status, CommitResult::Status::kDuplicateKey);
  EXPECT_EQ(repeated.idempotency_answer, "opened " + id + " (" + id + ")");
  EXPECT_EQ(store_->list_cases({}).size(), 2u);
}

TEST_P(StoreContractTest, AuditLogRefusesUpdateAndDeleteFromAnyClient) {
  const std::string id = open_case();
  const std::string log_before = describe(store_->audit_log(id));
  for (const std::string& sql :
       {"UPDATE audit_log SET comment = 'rewritten' WHERE case_id = '" + id + "'",
        "DELETE FROM audit_log WHERE case_id = '" + id + "'"}) {
    SCOPED_TRACE(sql);
    const std::string error = fixture_->execute_raw(sql);
    EXPECT_NE(error.find("audit_log is append-only"), std::string::npos) << error;
  }
  EXPECT_EQ(describe(store_->audit_log(id)), log_before);
}

struct Tampering {
  std::string what;
  std::vector<std::string> statements;  // {id} is the tampered case
  std::string problem;                  // what verify must report
};

std::string with_id(std::string text, const std::string& id) {
  for (auto at = text.find("{id}"); at != std::string::npos; at = text.find("{id}")) {
    text.replace(at, 4, id);
  }
  return text;
}

TEST_P(StoreContractTest, VerifyReportsTheFirstTamperedRecordByCaseAndSeq) {
  const std::vector<Tampering> table = {
      {"edited comment",
       {"UPDATE audit_log SET comment = '已调解' WHERE case_id = '{id}' AND seq = 3"},
       "case {id} seq 3: hash mismatch (the record was edited)"},
      {"edited time",
       {"UPDATE audit_log SET at = at + 1 WHERE case_id = '{id}' AND seq = 2"},
       "case {id} seq 2: hash mismatch (the record was edited)"},
      {"deleted record",
       {"DELETE FROM audit_log WHERE case_id = '{id}' AND seq = 2"},
       "case {id}: record seq 2 is missing"},
      {"reordered pair",
       {"UPDATE audit_log SET seq = -1 WHERE case_id = '{id}' AND seq = 2",
        "UPDATE audit_log SET seq = 2 WHERE case_id = '{id}' AND seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE case_id = '{id}' AND seq = -1"},
       "case {id} seq 2: prev_hash does not match the hash of seq 1 (records reordered or "
       "replaced)"},
      {"deleted newest record",
       {"DELETE FROM audit_log WHERE case_id = '{id}' AND seq = 4"},
       "case {id}: record seq 4 is missing (the case has 4 records)"},
  };
  for (const Tampering& tampering : table) {
    SCOPED_TRACE(tampering.what);
    auto fixture = GetParam().make();
    auto store = fixture->open();
    const std::string sha = store->pin_definition("w", 1, "id: w\n");
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
      CommitRequest request = open_request();
      request.after.definition_sha256 = sha;
      ids.push_back(store->commit(request).case_id);
      for (const char* state : {"mediation", "hearing", "award"}) {
        ASSERT_EQ(store->commit(advance_request(*store, ids.back(), state)).status,
                  CommitResult::Status::kCommitted);
      }
    }
    ASSERT_TRUE(store->verify("").ok);
    ASSERT_EQ(store->verify("").records, 12);

    const std::string victim = ids[1];
    fixture->drop_append_only_guard();
    for (const auto& statement : tampering.statements) {
      ASSERT_EQ(fixture->execute_raw(with_id(statement, victim)), "");
    }
    VerifyResult all = store->verify("");
    EXPECT_FALSE(all.ok);
    EXPECT_EQ(all.problem, with_id(tampering.problem, victim));
    VerifyResult one = store->verify(victim);
    EXPECT_FALSE(one.ok);
    EXPECT_EQ(one.problem, with_id(tampering.problem, victim));
    VerifyResult other = store->verify(ids[0]);
    EXPECT_TRUE(other.ok) << other.problem;
    EXPECT_EQ(other.records, 4);
  }
}

TEST_P(StoreContractTest, VerifyReportsProgressAfterEachCaseUpToABrokenOne) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(open_case());
  std::vector<std::string> calls;
  const auto record = [&calls](std::size_t done, std::size_t total) {
    calls.push_back(std::to_string(done) + "/" + std::to_string(total));
  };
  ASSERT_TRUE(store_->verify("", record).ok);
  EXPECT_EQ(calls, (std::vector<std::string>{"1/3", "2/3", "3/3"}));

  calls.clear();
  ASSERT_TRUE(store_->verify(ids[2], record).ok);
  EXPECT_EQ(calls, (std::vector<std::string>{"1/1"}));

  calls.clear();
  fixture_->drop_append_only_guard();
  ASSERT_EQ(fixture_->execute_raw("UPDATE audit_log SET comment = 'x' WHERE case_id = '" + ids[1] +
                                  "' AND seq = 1"),
            "");
  EXPECT_FALSE(store_->verify("", record).ok);
  EXPECT_EQ(calls, (std::vector<std::string>{"1/3"})) << "no call for the broken case or after it";
}

TEST_P(StoreContractTest, VerifyOfAnUnknownCaseIsAProblem) {
  VerifyResult result = store_->verify("2025-999999");
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.problem, "case 2025-999999: no such case");
}

TEST_P(StoreContractTest, DueCasesAreThoseWithAnActionDueOldestFirstWithinTheLimit) {
  struct Planned {
    std::vector<TimerRecord> timers;
  };
  const std::vector<Planned> plan = {
      {{timer("closure", 300), timer("mediation", 100)}},  // 2025-000001: first due 100
      {{timer("closure", 200)}},                           // 2025-000002: 200
      {{timer("closure", std::nullopt, "paused")}},        // 2025-000003: never
      {{timer("closure", 500)}},                           // 2025-000004: 500
      {{}},                                                // 2025-000005: no timers
      {{timer("closure", 200)}},                           // 2025-000006: 200, after ...02
  };
  for (const auto& planned : plan) {
    CommitRequest request = open_request();
    request.after.timers = planned.timers;
    store_->commit(request);
  }
  struct Query {
    std::int64_t now;
    int limit;
    std::vector<std::string> expected;
  };
  const std::vector<Query> queries = {
      {99, 10, {}},
      {100, 10, {"2025-000001"}},
      {300, 10, {"2025-000001", "2025-000002", "2025-000006"}},
      {1000, 10, {"2025-000001", "2025-000002", "2025-000006", "2025-000004"}},
      {1000, 2, {"2025-000001", "2025-000002"}},
      {1000, 0, {}},
  };
  for (const Query& query : queries) {
    SCOPED_TRACE("now " + std::to_string(query.now) + " limit " + std::to_string(query.limit));
    EXPECT_EQ(store_->due_cases(query.now, query.limit), query.expected);
  }
}

TEST_P(StoreContractTest, ListCasesFiltersOrdersByIdAndPages) {
  auto open_with = [&](const std::string& workflow, const std::string& state,
                       const std::string& status, const std::string& timer_status) {
    CommitRequest request = open_request("2025-", state, workflow);
    request.after.status = status;
    if (!timer_status.empty()) request.after.timers = {timer("closure", 1, timer_status)};
    return store_->commit(request).case_id;
  };
  open_with("fasttrack", "intake", "active", "");            // 000001
  open_with("fasttrack", "mediation", "active", "overdue");  // 000002
  open_with("legal-aid", "intake", "suspended", "overdue");  // 000003
  open_with("fasttrack", "closed", "closed", "stopped");     // 000004
  open_with("legal-aid", "mediation", "active", "running");  // 000005

  struct Case {
    std::string what;
    CaseFilter filter;
    std::vector<std::string> ids;  // number parts
  };
  auto filter = [](std::string workflow, std::string state, std::string status, bool overdue,
                   int limit = 1000, int offset = 0, std::int64_t now = 0) {
    CaseFilter f;
    f.now = Instant{now};
    f.workflow = workflow;
    f.state = state;
    f.status = status;
    f.overdue_only = overdue;
    f.limit = limit;
    f.offset = offset;
    return f;
  };
  const std::vector<Case> table = {
      {"all", filter("", "", "", false), {"1", "2", "3", "4", "5"}},
      {"workflow", filter("legal-aid", "", "", false), {"3", "5"}},
      {"state", filter("", "mediation", "", false), {"2", "5"}},
      {"status", filter("", "", "active", false), {"1", "2", "5"}},
      {"overdue", filter("", "", "", true), {"2", "3"}},
      // Every timer is due at 5000: from then on a running one is overdue
      // too, though no tick has recorded it.
      {"overdue at 4999", filter("", "", "", true, 1000, 0, 4999), {"2", "3"}},
      {"overdue at 5000, not yet ticked", filter("", "", "", true, 1000, 0, 5000), {"2", "3", "5"}},
      {"overdue and workflow", filter("fasttrack", "", "", true), {"2"}},
      {"everything", filter("fasttrack", "mediation", "active", true), {"2"}},
      {"no match", filter("fasttrack", "intake", "suspended", false), {}},
      {"page 2 of 2 per page", filter("", "", "", false, 2, 2), {"3", "4"}},
      {"past the end", filter("", "", "", false, 2, 10), {}},
  };
  for (const Case& c : table) {
    SCOPED_TRACE(c.what);
    std::vector<std::string> expected;
    for (const auto& n : c.ids) expected.push_back("2025-00000" + n);
    std::vector<std::string> got;
    for (const auto& record : store_->list_cases(c.filter)) {
      got.push_back(record.id);
      EXPECT_EQ(describe(record), describe(*store_->load_case(record.id)));
    }
    EXPECT_EQ(got, expected);
  }
}

// An expired timer counts as overdue while its expiry event was not fired
// (its `escalate` record says "refused") and the case stays where it was:
// not once the case moved on, the timer started again, or the event fired.
TEST_P(StoreContractTest, ListsACaseWhoseExpiryEventWasNotFiredAsOverdue) {
  auto record = [](const std::string& kind, const std::string& event, const std::string& from,
                   const std::string& to, const std::string& data = "{}") {
    AuditRecord r = audit(1737680000, kind, from, to);
    r.event = event;
    r.data = data;
    return r;
  };
  const std::string refused =
      R"({"refused":"event lapse was not fired from state waiting: it requires hearing_date to be set; the case stays in state waiting for staff to move on"})";
  const AuditRecord expired = record("timer_expire", "answer_period", "waiting", "waiting");
  const AuditRecord not_fired = record("escalate", "answer_period", "waiting", "waiting", refused);
  struct Row {
    std::string what;
    std::string state;  // the case's, after `records`
    std::vector<AuditRecord> records;
    bool overdue;
  };
  const std::vector<Row> table = {
      {"not fired, the case still there", "waiting", {expired, not_fired}, true},
      {"not fired, then a record in the same state",
       "waiting",
       {expired, not_fired, record("correct", "", "waiting", "waiting")},
       true},
      {"fired", "heard", {expired, record("fire", "lapse", "waiting", "heard")}, false},
      {"not fired, then moved on by staff",
       "heard",
       {expired, not_fired, record("fire", "lapse", "waiting", "heard")},
       false},
      {"not fired, then its timer started again",
       "waiting",
       {expired, not_fired, record("timer_start", "answer_period", "waiting", "waiting")},
       false},
      {"another timer's event not fired",
       "waiting",
       {expired, record("escalate", "other_period", "waiting", "waiting", refused)},
       false},
      {"escalated to a role, not refused",
       "waiting",
       {expired, record("escalate", "answer_period", "waiting", "waiting",
                        R"({"to_role":"director","due":"2025-02-07"})")},
       false},
  };
  CaseFilter overdue;
  overdue.overdue_only = true;  // at 0: no running timer is past due
  for (const Row& row : table) {
    CommitRequest request = open_request("2025-", "waiting");
    request.after.timers = {timer("answer_period", std::nullopt, "expired")};
    const std::string id = store_->commit(request).case_id;
    CommitRequest after = advance_request(*store_, id, row.state, 0);
    after.records = row.records;
    ASSERT_EQ(store_->commit(after).status, CommitResult::Status::kCommitted) << row.what;
    std::vector<std::string> listed;
    for (const CaseRecord& found : store_->list_cases(overdue)) listed.push_back(found.id);
    EXPECT_EQ(std::count(listed.begin(), listed.end(), id), row.overdue ? 1 : 0) << row.what;
  }
}

TEST_P(StoreContractTest, TwoConnectionsWritingAtOnceLoseNothing) {
  constexpr int kCasesPerWriter = 25;
  std::vector<std::vector<std::string>> opened(2);
  std::vector<std::string> failures(2);
  std::latch start(2);
  auto writer = [&](int index) {
    try {
      auto store = fixture_->open();
      start.arrive_and_wait();
      for (int i = 0; i < kCasesPerWriter; ++i) {
        CommitRequest request = open_request(index == 0 ? "A-" : "2025-");
        request.after.timers = {timer("closure", 100 + i)};
        CommitResult opened_case = store->commit(request);
        opened[index].push_back(opened_case.case_id);
        CommitResult advanced =
            store->commit(advance_request(*store, opened_case.case_id, "mediation"));
        if (advanced.status != CommitResult::Status::kCommitted) {
          failures[index] = "advance of " + opened_case.case_id + " did not commit";
        }
      }
    } catch (const std::exception& error) {
      failures[index] = error.what();
    }
  };
  std::thread first(writer, 0), second(writer, 1);
  first.join();
  second.join();
  EXPECT_EQ(failures[0], "");
  EXPECT_EQ(failures[1], "");

  std::set<std::string> ids;
  for (const auto& list : opened) ids.insert(list.begin(), list.end());
  EXPECT_EQ(ids.size(), 2u * kCasesPerWriter);
  EXPECT_EQ(store_->list_cases({}).size(), 2u * kCasesPerWriter);
  for (const auto& id : ids) {
    EXPECT_EQ(store_->load_case(id)->state, "mediation") << id;
  }
  VerifyResult verified = store_->verify("");
  EXPECT_TRUE(verified.ok) << verified.problem;
  EXPECT_EQ(verified.records, 4 * kCasesPerWriter);
}

TEST_P(StoreContractTest, SameCaseRaceBetweenTwoConnectionsHasExactlyOneWinner) {
  constexpr int kRounds = 10;
  const std::string id = open_case();
  auto first = fixture_->open();
  auto second = fixture_->open();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    // Both decide from the same stored version, then race to commit.
    CommitRequest a = advance_request(*first, id, "A" + std::to_string(round));
    CommitRequest b = advance_request(*second, id, "B" + std::to_string(round));
    CommitResult result_a, result_b;
    std::latch start(2);
    std::thread ta([&] {
      start.arrive_and_wait();
      result_a = first->commit(a);
    });
    std::thread tb([&] {
      start.arrive_and_wait();
      result_b = second->commit(b);
    });
    ta.join();
    tb.join();
    const int winners = (result_a.status == CommitResult::Status::kCommitted) +
                        (result_b.status == CommitResult::Status::kCommitted);
    const int losers = (result_a.status == CommitResult::Status::kConflict) +
                       (result_b.status == CommitResult::Status::kConflict);
    EXPECT_EQ(winners, 1);
    EXPECT_EQ(losers, 1);
    const std::string winner_state =
        result_a.status == CommitResult::Status::kCommitted ? a.after.state : b.after.state;
    EXPECT_EQ(store_->load_case(id)->state, winner_state);
  }
  EXPECT_EQ(store_->audit_log(id).size(), 1u + kRounds);
  EXPECT_TRUE(store_->verify("").ok) << store_->verify("").problem;
}

TEST_P(StoreContractTest, PinningTheSameTextTwiceKeepsOneDefinitionUnderItsSha256) {
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  const std::string sha = store_->pin_definition("abc-flow", 1, "abc");
  EXPECT_EQ(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(store_->pin_definition("abc-flow", 1, "abc"), sha);
  auto stored = store_->definition(sha);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->workflow, "abc-flow");
  EXPECT_EQ(stored->version, 1);
  EXPECT_EQ(stored->yaml_text, "abc");
  EXPECT_EQ(stored->sha256, sha);
  EXPECT_FALSE(store_->definition(std::string(64, 'f')));
}

TEST_P(StoreContractTest, UnknownCaseAndKeyAreAbsentNotErrors) {
  EXPECT_FALSE(store_->load_case("2025-000001"));
  EXPECT_FALSE(store_->idempotent_answer("never-used"));
  EXPECT_TRUE(store_->audit_log("2025-000001").empty());
}

TEST_P(StoreContractTest, SixtyFourBitInstantsAndVersionsRoundTrip) {
  constexpr std::int64_t kFarFuture = 4102444800LL * 100;  // past 2^31 and 2^32
  CommitRequest request = open_request();
  request.after.row_version = (1LL << 33) + 7;
  request.after.opened_at = kFarFuture;
  request.after.updated_at = kFarFuture + 1;
  TimerRecord far = timer("closure", kFarFuture + 3);
  far.started_at = kFarFuture - 1;
  far.due_at = kFarFuture + 2;
  far.warn_at = kFarFuture + 1;
  far.paused_at = -(1LL << 40);
  request.after.timers = {far};
  request.records[0].at = Instant{kFarFuture};
  const std::string id = store_->commit(request).case_id;

  CaseRecord expected = request.after;
  expected.id = id;
  EXPECT_EQ(describe(*store_->load_case(id)), describe(expected));
  EXPECT_EQ(store_->audit_log(id).at(0).record.at.seconds, kFarFuture);
  EXPECT_EQ(store_->due_cases(kFarFuture + 3, 10), std::vector<std::string>{id});
  EXPECT_TRUE(store_->due_cases(kFarFuture + 2, 10).empty());
}

TEST_P(StoreContractTest, ClaimTakesDueUnclaimedCasesInIdOrderUntilTheLeaseEnds) {
  std::vector<std::string> ids;
  for (std::optional<std::int64_t> due :
       std::vector<std::optional<std::int64_t>>{100, std::nullopt, 300, 100, 900}) {
    CommitRequest request = open_request();
    request.after.timers = {timer("closure", due)};
    ids.push_back(store_->commit(request).case_id);
  }
  struct Step {
    std::string what;
    std::int64_t now;
    int limit;
    std::int64_t lease_until;
    std::vector<int> expected;  // indexes into ids
  };
  const std::vector<Step> steps = {
      {"nothing due yet", 99, 10, 399, {}},
      {"the limit", 300, 2, 600, {0, 2}},
      {"the rest of what is due", 300, 10, 600, {3}},
      {"all claimed at the same moment", 300, 10, 600, {}},
      {"still claimed just before the lease ends", 599, 10, 899, {}},
      {"the lease ended", 600, 10, 1000, {0, 2, 3}},
      {"a later action falls due", 900, 10, 1200, {4}},
      {"nothing to claim with limit 0", 5000, 0, 5300, {}},
  };
  for (const Step& step : steps) {
    SCOPED_TRACE(step.what);
    std::vector<std::string> expected;
    for (int index : step.expected) expected.push_back(ids[index]);
    EXPECT_EQ(store_->claim_due_cases(step.now, step.limit, step.lease_until), expected);
  }
  // Claims change nothing a reader or a commit relies on.
  EXPECT_EQ(store_->due_cases(1000, 10),
            (std::vector<std::string>{ids[0], ids[3], ids[2], ids[4]}));
  EXPECT_EQ(store_->load_case(ids[0])->row_version, 1);
  EXPECT_TRUE(store_->verify("").ok);
}

TEST_P(StoreContractTest, CommittingAClaimedCaseEndsItsClaim) {
  CommitRequest request = open_request();
  request.after.timers = {timer("closure", 100)};
  const std::string id = store_->commit(request).case_id;
  ASSERT_EQ(store_->claim_due_cases(100, 10, 400), std::vector<std::string>{id});
  ASSERT_TRUE(store_->claim_due_cases(100, 10, 400).empty());

  CommitRequest advance = advance_request(*store_, id, "mediation");
  advance.after.timers = {timer("closure", 100)};  // still due
  ASSERT_EQ(store_->commit(advance).status, CommitResult::Status::kCommitted);
  EXPECT_EQ(store_->claim_due_cases(100, 10, 400), std::vector<std::string>{id});

  CommitRequest stale = advance_request(*store_, id, "hearing");
  stale.expected_row_version = 1;  // a conflict leaves the claim alone
  ASSERT_EQ(store_->commit(stale).status, CommitResult::Status::kConflict);
  EXPECT_TRUE(store_->claim_due_cases(100, 10, 400).empty());
}

TEST_P(StoreContractTest, TwoConnectionsClaimingAtTheSameMomentNeverGetTheSameCase) {
  constexpr int kCases = 120;
  for (int i = 0; i < kCases; ++i) {
    CommitRequest request = open_request();
    request.after.timers = {timer("closure", 100 + i % 7)};
    ASSERT_EQ(store_->commit(request).status, CommitResult::Status::kCommitted);
  }
  auto first = fixture_->open();
  auto second = fixture_->open();
  // Round r claims at now = 1000 * (r + 1) with a lease past the round, so
  // every round starts with all cases free again.
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const std::int64_t now = 1000 * (round + 1);
    std::vector<std::string> claimed[2];
    std::string failures[2];
    std::latch start(2);
    auto claimer = [&](Store& store, int index) {
      try {
        start.arrive_and_wait();
        for (;;) {
          std::vector<std::string> batch = store.claim_due_cases(now, 5, now + 999);
          if (batch.empty()) break;
          claimed[index].insert(claimed[index].end(), batch.begin(), batch.end());
        }
      } catch (const std::exception& error) {
        failures[index] = error.what();
      }
    };
    std::thread a(claimer, std::ref(*first), 0), b(claimer, std::ref(*second), 1);
    a.join();
    b.join();
    EXPECT_EQ(failures[0], "");
    EXPECT_EQ(failures[1], "");
    std::set<std::string> all;
    for (const auto& list : claimed) {
      for (const auto& id : list) {
        EXPECT_TRUE(all.insert(id).second) << id << " was claimed twice";
      }
    }
    EXPECT_EQ(all.size(), static_cast<std::size_t>(kCases));
  }
}

TEST_P(StoreContractTest, SameIdempotencyKeyFromTwoConnectionsAtOnceCommitsOnce) {
  constexpr int kRounds = 8;
  auto first = fixture_->open();
  auto second = fixture_->open();
  const std::string id = open_case();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const std::string key = "form-" + std::to_string(round);
    // A new case, sent twice with one key (a retried request).
    CommitRequest open_a = open_request();
    CommitRequest open_b = open_request();
    for (CommitRequest* r : {&open_a, &open_b}) {
      r->idempotency_key = "open:" + key;
      r->idempotency_answer = "{case_id}";
    }
    // An event on an existing case, sent twice with one key.
    CommitRequest fire_a = advance_request(*first, id, "A" + std::to_string(round));
    CommitRequest fire_b = advance_request(*second, id, "B" + std::to_string(round));
    fire_a.idempotency_key = fire_b.idempotency_key = "fire:" + key;
    fire_a.idempotency_answer = fire_a.after.state;
    fire_b.idempotency_answer = fire_b.after.state;

    CommitResult results[4];
    std::latch start(2);
    std::thread ta([&] {
      start.arrive_and_wait();
      results[0] = first->commit(open_a);
      results[2] = first->commit(fire_a);
    });
    std::thread tb([&] {
      start.arrive_and_wait();
      results[1] = second->commit(open_b);
      results[3] = second->commit(fire_b);
    });
    ta.join();
    tb.join();
    for (int pair : {0, 2}) {
      const CommitResult& a = results[pair];
      const CommitResult& b = results[pair + 1];
      const bool a_won = a.status == CommitResult::Status::kCommitted;
      const CommitResult& winner = a_won ? a : b;
      const CommitResult& loser = a_won ? b : a;
      EXPECT_EQ(winner.status, CommitResult::Status::kCommitted);
      EXPECT_EQ(loser.status, CommitResult::Status::kDuplicateKey);
      if (pair == 0) {
        EXPECT_EQ(loser.idempotency_answer, winner.case_id);
      } else {
        EXPECT_EQ(loser.idempotency_answer, store_->load_case(id)->state);
      }
    }
  }
  EXPECT_EQ(store_->list_cases({}).size(), 1u + kRounds);
  EXPECT_EQ(store_->audit_log(id).size(), 1u + kRounds);
  EXPECT_TRUE(store_->verify("").ok) << store_->verify("").problem;
}

TEST_P(StoreContractTest, PinningTheSameTextFromTwoConnectionsAtOnceSucceedsForBoth) {
  auto first = fixture_->open();
  auto second = fixture_->open();
  for (int round = 0; round < 5; ++round) {
    const std::string text = "id: raced\nversion: " + std::to_string(round) + "\n";
    std::string shas[2], failures[2];
    std::latch start(2);
    auto pin = [&](Store& store, int index) {
      start.arrive_and_wait();
      try {
        shas[index] = store.pin_definition("raced", round, text);
      } catch (const std::exception& error) {
        failures[index] = error.what();
      }
    };
    std::thread a(pin, std::ref(*first), 0), b(pin, std::ref(*second), 1);
    a.join();
    b.join();
    EXPECT_EQ(failures[0], "");
    EXPECT_EQ(failures[1], "");
    EXPECT_EQ(shas[0], shas[1]);
    ASSERT_TRUE(store_->definition(shas[0]));
    EXPECT_EQ(store_->definition(shas[0])->yaml_text, text);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, ::testing::ValuesIn(backend_fixtures()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace wageflow::testing
