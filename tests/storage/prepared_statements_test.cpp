// SociStore keeps the statements of load_case and commit prepared for the
// life of its connection (storage/soci_prepared.h). These tests run one
// store through many commits, failed and refused ones among them, and
// check every row it wrote through a fresh connection: a statement reused
// after a failure must not write stale or half-bound values, timers written
// several to a statement must keep every field, and a store must see what
// another connection wrote between its own calls.
#include <gtest/gtest.h>

#include "tests/storage/backend_fixture.h"

namespace wageflow::testing {
namespace {

constexpr const char* kDefinitionText = "id: prepared-test\nversion: 1\ntitle: 劳动争议速裁\n";

AuditRecord audit(std::int64_t at, const std::string& kind, const std::string& to,
                  const std::string& comment) {
  AuditRecord r;
  r.at = Instant{at};
  r.actor = "王芳";
  r.role = "clerk";
  r.kind = kind;
  r.event = kind == "open" ? "" : "advance";
  r.to_state = to;
  r.data = R"({"step":")" + to + R"("})";
  r.comment = comment;
  return r;
}

// Timer `index` of `count`: every field differs from its neighbours', and
// the optional ones alternate between a value and none.
TimerRecord numbered_timer(int index, int count) {
  TimerRecord t;
  char name[16];
  std::snprintf(name, sizeof name, "t%03d", index);
  t.name = name;
  t.status = index % 3 == 0 ? "running" : index % 3 == 1 ? "paused" : "overdue";
  t.started_at = 1000 + index;
  t.due_date = "2025-03-" + std::to_string(10 + index % 18);
  t.due_at = 5000 + 7 * index + count;
  if (index % 2 == 0) t.warn_at = 4000 + index;
  t.provisional = index % 4 == 1;
  t.extensions_used = index % 5;
  if (index % 3 == 1) t.paused_at = 4500 + index;
  t.escalated = index % 2 == 1;
  t.explanation = "第" + std::to_string(index) + "个期限，共" + std::to_string(count) + "个";
  if (index % 4 != 3) t.next_action_at = 6000 + index;
  return t;
}

std::vector<TimerRecord> numbered_timers(int count) {
  std::vector<TimerRecord> timers;
  for (int i = 0; i < count; ++i) timers.push_back(numbered_timer(i, count));
  return timers;
}

class PreparedStatementsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    WAGEFLOW_REQUIRE_BACKEND(GetParam());
    fixture_ = GetParam().make();
    store_ = fixture_->open();
    sha256_ = store_->pin_definition("prepared-test", 1, kDefinitionText);
  }

  CommitRequest open_request(const std::vector<TimerRecord>& timers) const {
    CommitRequest request;
    request.after.workflow = "prepared-test";
    request.after.version = 1;
    request.after.definition_sha256 = sha256_;
    request.after.state = "intake";
    request.after.status = "active";
    request.after.data = R"({"worker_name":"张伟"})";
    request.after.office = "长春";
    request.after.row_version = 1;
    request.after.opened_at = 1737680000;
    request.after.updated_at = 1737680000;
    request.after.timers = timers;
    request.new_case_id_prefix = "P-";
    request.records = {audit(1737680000, "open", "intake", "")};
    return request;
  }

  // A request that moves `before` to `state` with `timers` and `records`
  // audit records.
  static CommitRequest advance(const CaseRecord& before, const std::string& state,
                               const std::vector<TimerRecord>& timers, int records = 1) {
    CommitRequest request;
    request.after = before;
    request.after.state = state;
    request.after.data = R"({"state":")" + state + R"("})";
    request.after.timers = timers;
    request.after.row_version = before.row_version + 1;
    request.after.updated_at = before.updated_at + 60;
    request.expected_row_version = before.row_version;
    for (int i = 0; i < records; ++i) {
      request.records.push_back(
          audit(request.after.updated_at, "fire", state, "记录" + std::to_string(i)));
    }
    return request;
  }

  // What a fresh connection reads of case `id`.
  std::string stored(const std::string& id) const {
    std::optional<CaseRecord> record = fixture_->open()->load_case(id);
    return record ? describe(*record) : "(no case " + id + ")";
  }

  // `request.after` as it must be stored under `id`: timers by name.
  static std::string expected(const CommitRequest& request, const std::string& id) {
    CaseRecord record = request.after;
    record.id = id;
    std::sort(record.timers.begin(), record.timers.end(),
              [](const TimerRecord& a, const TimerRecord& b) { return a.name < b.name; });
    return describe(record);
  }

  std::unique_ptr<BackendFixture> fixture_;
  std::unique_ptr<Store> store_;
  std::string sha256_;
};

TEST_P(PreparedStatementsTest, TimersWrittenSeveralToAStatementKeepEveryField) {
  const std::string id = store_->commit(open_request({})).case_id;
  // Counts around the number of timers one INSERT takes (8), on one store,
  // up and down, so that statements of every size are reused.
  for (int count : {0, 1, 2, 7, 8, 9, 16, 17, 3, 0, 25, 1}) {
    SCOPED_TRACE("timers: " + std::to_string(count));
    CommitRequest request =
        advance(*store_->load_case(id), "step" + std::to_string(count), numbered_timers(count));
    ASSERT_EQ(store_->commit(request).status, CommitResult::Status::kCommitted);
    EXPECT_EQ(stored(id), expected(request, id));
    EXPECT_EQ(describe(*store_->load_case(id)), expected(request, id));
  }
  EXPECT_TRUE(store_->verify(id).ok) << store_->verify(id).problem;
}

TEST_P(PreparedStatementsTest, AuditRecordsWrittenSeveralToAStatementKeepTheirOrderAndChain) {
  const std::string id = store_->commit(open_request({})).case_id;
  std::vector<std::string> comments = {""};  // the opening record's
  // Counts around the number of records one INSERT takes (8).
  for (int count : {1, 7, 8, 9, 17, 2, 16}) {
    SCOPED_TRACE("records: " + std::to_string(count));
    CommitRequest request =
        advance(*store_->load_case(id), "step" + std::to_string(count), {}, count);
    ASSERT_EQ(store_->commit(request).status, CommitResult::Status::kCommitted);
    for (const AuditRecord& record : request.records) comments.push_back(record.comment);
  }
  const std::vector<StoredAuditRecord> log = fixture_->open()->audit_log(id);
  ASSERT_EQ(log.size(), comments.size());
  for (std::size_t i = 0; i < log.size(); ++i) {
    EXPECT_EQ(log[i].seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(log[i].record.comment, comments[i]) << "seq " << i + 1;
  }
  EXPECT_TRUE(store_->verify(id).ok) << store_->verify(id).problem;
}

TEST_P(PreparedStatementsTest, AStoreWritesTheRightRowsAfterFailedAndRefusedCommits) {
  CommitRequest first = open_request(numbered_timers(3));
  first.idempotency_key = "open-1";
  first.idempotency_answer = "opened {case_id}";
  const std::string id = store_->commit(first).case_id;
  ASSERT_EQ(id, "P-000001");

  // Fails half way: the case row is written, then the tenth timer repeats
  // the name of the first (in the second INSERT of timers).
  std::vector<TimerRecord> broken = numbered_timers(10);
  broken[9].name = broken[0].name;
  EXPECT_THROW(store_->commit(advance(*store_->load_case(id), "broken", broken)), StoreError);
  EXPECT_EQ(stored(id), expected(first, id));

  // Refused: a stale row version, then a key stored already.
  CommitRequest stale = advance(*store_->load_case(id), "stale", numbered_timers(2));
  stale.expected_row_version = 7;
  stale.after.row_version = 8;
  EXPECT_EQ(store_->commit(stale).status, CommitResult::Status::kConflict);
  CommitRequest repeat = advance(*store_->load_case(id), "repeat", numbered_timers(2));
  repeat.idempotency_key = "open-1";
  CommitResult repeated = store_->commit(repeat);
  EXPECT_EQ(repeated.status, CommitResult::Status::kDuplicateKey);
  EXPECT_EQ(repeated.idempotency_answer, "opened P-000001");
  EXPECT_EQ(stored(id), expected(first, id));

  // A new case fails half way and gives its number back.
  CommitRequest broken_open = open_request(broken);
  broken_open.idempotency_key = "open-2";
  EXPECT_THROW(store_->commit(broken_open), StoreError);
  EXPECT_FALSE(store_->idempotent_answer("open-2"));

  // The same store then writes exactly what it is given.
  CommitRequest next = advance(*store_->load_case(id), "mediation", numbered_timers(9), 3);
  next.idempotency_key = "advance-1";
  next.idempotency_answer = "{case_id} moved";
  ASSERT_EQ(store_->commit(next).status, CommitResult::Status::kCommitted);
  EXPECT_EQ(stored(id), expected(next, id));
  EXPECT_EQ(store_->idempotent_answer("advance-1"), std::optional<std::string>("P-000001 moved"));
  CommitRequest second = open_request(numbered_timers(1));
  EXPECT_EQ(store_->commit(second).case_id, "P-000002");
  EXPECT_EQ(stored("P-000002"), expected(second, "P-000002"));

  const std::vector<StoredAuditRecord> log = store_->audit_log(id);
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log.back().seq, 4);
  EXPECT_EQ(log.back().record.comment, "记录2");
  EXPECT_TRUE(store_->verify("").ok) << store_->verify("").problem;
}

TEST_P(PreparedStatementsTest, AStoreSeesWhatAnotherConnectionWroteBetweenItsCalls) {
  std::unique_ptr<Store> other = fixture_->open();
  const std::string id = store_->commit(open_request(numbered_timers(2))).case_id;
  for (int round = 0; round < 6; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    // Each store loads what the other committed last and extends it.
    Store& writer = round % 2 == 0 ? *other : *store_;
    Store& reader = round % 2 == 0 ? *store_ : *other;
    CommitRequest request = advance(*writer.load_case(id), "round" + std::to_string(round),
                                    numbered_timers(round + 1), 2);
    ASSERT_EQ(writer.commit(request).status, CommitResult::Status::kCommitted);
    EXPECT_EQ(describe(*reader.load_case(id)), expected(request, id));
    EXPECT_EQ(reader.audit_log(id).size(), 1u + 2u * (round + 1));
  }
  EXPECT_TRUE(store_->verify(id).ok) << store_->verify(id).problem;
}

// A store diffs the timers it commits against those it loaded with the
// same row_version, and extends the audit chain from the end it loaded with
// them; it reads both otherwise: here it last loaded version
// 1, another connection made version 2 with more timers, and this store
// commits a request built on version 2 that drops them again.
TEST_P(PreparedStatementsTest, TimersLoadedAtAnotherRowVersionAreReadAgainBeforeTheCommit) {
  std::unique_ptr<Store> other = fixture_->open();
  const std::string id = store_->commit(open_request(numbered_timers(2))).case_id;
  ASSERT_TRUE(store_->load_case(id));
  ASSERT_EQ(other->commit(advance(*other->load_case(id), "b", numbered_timers(4))).status,
            CommitResult::Status::kCommitted);
  CommitRequest request = advance(*other->load_case(id), "c", numbered_timers(2));
  ASSERT_EQ(store_->commit(request).status, CommitResult::Status::kCommitted);
  EXPECT_EQ(stored(id), expected(request, id));
  // The same holds for the end of the audit chain the commit extends.
  EXPECT_EQ(store_->audit_log(id).size(), 3u);
  EXPECT_TRUE(store_->verify(id).ok) << store_->verify(id).problem;
}

// On PostgreSQL a commit of a case this connection loaded is one statement
// (soci_prepared.h, commit_in_one_statement): its timer and audit clauses
// must write nothing when the UPDATE finds another row_version. Here both
// stores load version 2; the other commits first, changing every timer;
// this store's commit, which drops, changes and adds timers, is refused.
TEST_P(PreparedStatementsTest, CommitOfACaseLoadedAtAVersionSinceReplacedWritesNothing) {
  std::unique_ptr<Store> other = fixture_->open();
  const std::string id = store_->commit(open_request(numbered_timers(3))).case_id;
  ASSERT_EQ(store_->commit(advance(*store_->load_case(id), "b", numbered_timers(4))).status,
            CommitResult::Status::kCommitted);
  const CaseRecord mine = *store_->load_case(id);
  CommitRequest first = advance(*other->load_case(id), "c", numbered_timers(5), 2);
  ASSERT_EQ(other->commit(first).status, CommitResult::Status::kCommitted);

  std::vector<TimerRecord> timers = numbered_timers(2);
  timers[1].status = "expired";
  timers.push_back(numbered_timer(30, 3));
  CommitResult result = store_->commit(advance(mine, "late", timers, 3));
  EXPECT_EQ(result.status, CommitResult::Status::kConflict);
  EXPECT_EQ(stored(id), expected(first, id));
  EXPECT_EQ(store_->audit_log(id).size(), 4u);
  EXPECT_TRUE(store_->verify(id).ok) << store_->verify(id).problem;

  // Loaded again, the same change goes in, timers and records whole.
  CommitRequest retried = advance(*store_->load_case(id), "late", timers, 3);
  ASSERT_EQ(store_->commit(retried).status, CommitResult::Status::kCommitted);
  EXPECT_EQ(stored(id), expected(retried, id));
  EXPECT_EQ(store_->audit_log(id).size(), 7u);
  EXPECT_TRUE(store_->verify(id).ok) << store_->verify(id).problem;
}

// A commit that leaves the timers as they were writes the case row and the
// audit records only, and a later one that changes a single field of one
// timer changes that field (on PostgreSQL the one-statement commit then
// upserts every timer of the case).
TEST_P(PreparedStatementsTest, TimersKeptThenOneFieldChangedAreStoredExactly) {
  const std::string id = store_->commit(open_request(numbered_timers(4))).case_id;
  CommitRequest same = advance(*store_->load_case(id), "kept", numbered_timers(4));
  ASSERT_EQ(store_->commit(same).status, CommitResult::Status::kCommitted);
  EXPECT_EQ(stored(id), expected(same, id));
  std::vector<TimerRecord> timers = numbered_timers(4);
  timers[2].explanation = "延长15日";
  timers[2].extensions_used = 1;
  timers[2].next_action_at.reset();
  CommitRequest one = advance(*store_->load_case(id), "extended", timers);
  ASSERT_EQ(store_->commit(one).status, CommitResult::Status::kCommitted);
  EXPECT_EQ(stored(id), expected(one, id));
  EXPECT_TRUE(store_->verify(id).ok) << store_->verify(id).problem;
}

INSTANTIATE_TEST_SUITE_P(Backends, PreparedStatementsTest, ::testing::ValuesIn(backend_fixtures()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace wageflow::testing
