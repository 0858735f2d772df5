// Export and import at the Store level (export_cases, case_heads,
// import_batch), on every backend: whole cases move with their hashes as
// stored, and a batch with anything wrong writes nothing.
#include <gtest/gtest.h>

#include "storage/audit_chain.h"
#include "tests/storage/backend_fixture.h"

namespace wageflow::testing {
namespace {

constexpr const char* kDefinitionText = "workflow: wage-claim\nversion: 2\n# 工资争议\n";

AuditRecord record(std::int64_t at, const std::string& kind, const std::string& to,
                   const std::string& data = "{}") {
  return AuditRecord{Instant{at},
                     "李娜",
                     "clerk",
                     kind,
                     kind == "open" ? "" : "advance",
                     kind == "open" ? "" : "intake",
                     to,
                     data,
                     "备注：工资拖欠三个月"};
}

TimerRecord timer(const std::string& name, std::optional<std::int64_t> paused_at) {
  TimerRecord t;
  t.name = name;
  t.status = paused_at ? "paused" : "running";
  t.started_at = 1000;
  t.due_date = name == "hours_limit" ? "" : "2025-02-07";
  t.due_at = 5000;
  t.warn_at = paused_at ? std::nullopt : std::optional<std::int64_t>(4000);
  t.provisional = name == "hours_limit";
  t.extensions_used = 1;
  t.paused_at = paused_at;
  t.escalated = true;
  t.explanation = "15 个工作日，跳过春节假期";
  t.next_action_at = paused_at ? std::nullopt : std::optional<std::int64_t>(4000);
  return t;
}

std::string describe_cases(const std::vector<CaseWithTrail>& cases) {
  std::string text;
  for (const auto& c : cases) {
    text += describe(c.record) + " office=" + c.record.office +
            " audit_seq=" + std::to_string(c.audit_seq) + " " + describe(c.trail) + "\n";
  }
  return text;
}

class TransferStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    WAGEFLOW_REQUIRE_BACKEND(GetParam());
    source_fixture_ = GetParam().make();
    target_fixture_ = GetParam().make();
    source_ = source_fixture_->open();
    target_ = target_fixture_->open();
    sha256_ = source_->pin_definition("wage-claim", 2, kDefinitionText);
  }

  // A case opened and moved on once in the source, with two timers.
  std::string make_case(const std::string& prefix = "2025-") {
    CommitRequest open;
    open.after.workflow = "wage-claim";
    open.after.version = 2;
    open.after.definition_sha256 = sha256_;
    open.after.office = "长春市劳动人事争议仲裁院";
    open.after.state = "intake";
    open.after.status = "active";
    open.after.data = R"({"claim_amount":"8600.00","worker_name":"张伟"})";
    open.after.row_version = 1;
    open.after.opened_at = open.after.updated_at = 1737680000;
    open.new_case_id_prefix = prefix;
    open.records = {record(1737680000, "open", "intake", open.after.data)};
    CommitResult opened = source_->commit(open);
    EXPECT_EQ(opened.status, CommitResult::Status::kCommitted);

    CommitRequest advance;
    advance.after = *source_->load_case(opened.case_id);
    advance.after.state = "accepted";
    advance.after.row_version = 2;
    advance.after.updated_at = 1737690000;
    advance.after.timers = {timer("hours_limit", 1737690000), timer("award_limit", std::nullopt)};
    advance.expected_row_version = 1;
    advance.records = {record(1737690000, "fire", "accepted"),
                       record(1737690000, "timer_start", "accepted", R"({"due":"2025-02-07"})")};
    EXPECT_EQ(source_->commit(advance).status, CommitResult::Status::kCommitted);
    return opened.case_id;
  }

  std::vector<CaseWithTrail> exported(Store& store) {
    std::vector<std::string> ids = store.case_ids();
    std::sort(ids.begin(), ids.end());
    return store.export_cases(ids);
  }

  std::unique_ptr<BackendFixture> source_fixture_, target_fixture_;
  std::unique_ptr<Store> source_, target_;
  std::string sha256_;
};

TEST_P(TransferStoreTest, ExportedCasesImportExactlyWithTheirHashesAndOffice) {
  const std::string first = make_case(), second = make_case(), other = make_case("2024-");
  const std::vector<CaseWithTrail> cases = exported(*source_);
  ASSERT_EQ(cases.size(), 3u);
  EXPECT_EQ(cases[0].record.id, other);
  EXPECT_EQ(cases[1].record.id, first);
  EXPECT_EQ(cases[2].record.id, second);
  EXPECT_EQ(cases[1].record.office, "长春市劳动人事争议仲裁院");
  EXPECT_EQ(cases[1].audit_seq, 3);
  ASSERT_EQ(cases[1].record.timers.size(), 2u);
  EXPECT_EQ(cases[1].record.timers[0].name, "award_limit") << "timers by name";
  EXPECT_EQ(cases[1].trail.size(), 3u);

  EXPECT_EQ(target_->import_batch(source_->all_definitions(), cases), std::nullopt);
  EXPECT_EQ(describe_cases(exported(*target_)), describe_cases(cases));
  EXPECT_TRUE(target_->verify("").ok) << target_->verify("").problem;
  ASSERT_TRUE(target_->definition(sha256_));
  EXPECT_EQ(target_->definition(sha256_)->yaml_text, kDefinitionText);
  // Numbering goes on after the imported ids, per prefix.
  std::swap(source_, target_);
  EXPECT_EQ(make_case(), "2025-000003");
  EXPECT_EQ(make_case("2024-"), "2024-000002");
}

TEST_P(TransferStoreTest, CaseHeadsNameTheNewestRecordOfTheCasesThatExist) {
  const std::string id = make_case();
  const std::vector<CaseHead> heads = source_->case_heads({"2025-999999", id});
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0].id, id);
  EXPECT_EQ(heads[0].row_version, 2);
  EXPECT_EQ(heads[0].audit_seq, 3);
  EXPECT_EQ(heads[0].last_hash, source_->audit_log(id).back().hash);
  EXPECT_TRUE(source_->export_cases({"2025-999999"}).empty());
}

struct BadBatch {
  const char* name;
  std::function<void(std::vector<DefinitionRecord>&, std::vector<CaseWithTrail>&)> change;
  std::string expected;
};

TEST_P(TransferStoreTest, ABatchWithAnythingWrongWritesNothing) {
  make_case();
  make_case();
  const std::vector<BadBatch> cases = {
      {"a record edited", [](auto&, auto& batch) { batch[1].trail[1].record.comment = "已改"; },
       "case 2025-000002 seq 2: hash mismatch (the record was edited)"},
      {"the newest record dropped", [](auto&, auto& batch) { batch[1].trail.pop_back(); },
       "case 2025-000002: record seq 3 is missing (the case has 3 records)"},
      {"a case twice", [](auto&, auto& batch) { batch.push_back(batch[0]); },
       "case 2025-000001 appears twice"},
      {"a definition whose text was changed",
       [](auto& definitions, auto&) { definitions[0].yaml_text += "# 改\n"; },
       "definition wage-claim version 2: its text does not hash to "},
      {"a case the database has already",
       [this](auto&, auto&) {
         std::swap(source_, target_);  // make_case writes to source_: now the target
         source_->pin_definition("wage-claim", 2, kDefinitionText);
         make_case("2025-");  // 2025-000001 in the target
         std::swap(source_, target_);
       },
       "case 2025-000001 already exists in the database"},
  };
  const std::vector<CaseWithTrail> original = exported(*source_);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<DefinitionRecord> definitions = source_->all_definitions();
    std::vector<CaseWithTrail> batch = original;
    c.change(definitions, batch);
    const std::string before = describe_cases(exported(*target_));
    std::optional<std::string> problem = target_->import_batch(definitions, batch);
    ASSERT_TRUE(problem.has_value());
    EXPECT_EQ(problem->rfind(c.expected, 0), 0u) << *problem;
    EXPECT_EQ(describe_cases(exported(*target_)), before);
  }
  // The target's own case was the only thing ever written.
  EXPECT_EQ(target_->case_ids(), std::vector<std::string>{"2025-000001"});
}

std::string describe_published(Store& store) {
  std::string text;
  for (const PublishedDefinition& p : store.published_definitions("")) {
    text += p.workflow + " v" + std::to_string(p.version) + " " + p.sha256.substr(0, 12) + " " +
            p.published_by + " " + std::to_string(p.published_at) + "\n";
  }
  return text;
}

// Published versions of an import are history: an older version than the
// latest is taken (publish refuses it), the same one again is left alone,
// and a version the target holds with another text writes nothing at all.
TEST_P(TransferStoreTest, ImportedPublishedVersionsAreTakenAsTheyWereOrNotAtAll) {
  const std::string v1 = "workflow: wage-claim\nversion: 1\n# 第一版\n";
  const std::string v2 = "workflow: wage-claim\nversion: 2\n# 第二版\n";
  const std::string other_v1 = "workflow: wage-claim\nversion: 1\n# 另一个第一版\n";
  ASSERT_EQ(target_->publish_definition({"wage-claim", 2, "", "王管理", 2000}, v2).status,
            PublishResult::Status::kPublished);
  const DefinitionRecord first{"wage-claim", 1, sha256_hex(v1), v1};
  const PublishedDefinition published_first{"wage-claim", 1, sha256_hex(v1), "李管理", 1000};
  const PublishedDefinition published_second{"wage-claim", 2, sha256_hex(v2), "王管理", 2000};

  EXPECT_EQ(target_->import_definitions({first}, {published_first, published_second}),
            std::nullopt);
  const std::string both = describe_published(*target_);
  EXPECT_EQ(both, "wage-claim v1 " + sha256_hex(v1).substr(0, 12) + " 李管理 1000\n" +
                      "wage-claim v2 " + sha256_hex(v2).substr(0, 12) + " 王管理 2000\n");
  EXPECT_EQ(target_->import_definitions({first}, {published_first}), std::nullopt);
  EXPECT_EQ(describe_published(*target_), both);

  // Another text as version 1, with a definition new to the target: neither
  // is written.
  const DefinitionRecord other{"wage-claim", 1, sha256_hex(other_v1), other_v1};
  const PublishedDefinition published_other{"wage-claim", 1, sha256_hex(other_v1), "赵", 3000};
  const PublishedDefinition published_third{"wage-claim", 3, sha256_hex(other_v1), "赵", 3000};
  std::optional<std::string> problem =
      target_->import_definitions({other}, {published_third, published_other});
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(*problem,
            "wage-claim version 1 is published in the database with another text "
            "(sha256 " +
                sha256_hex(v1) + ")");
  EXPECT_EQ(describe_published(*target_), both);
  EXPECT_FALSE(target_->definition(sha256_hex(other_v1)).has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, TransferStoreTest, ::testing::ValuesIn(backend_fixtures()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace wageflow::testing
