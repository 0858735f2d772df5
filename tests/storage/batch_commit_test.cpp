// Group commit (Store::commit_batch through CaseService::apply_together) on
// every backend with the shipped fast-track workflow: commands committed
// together each get the answer they would get alone — a command whose case
// a batch-mate changed first gets a conflict, a key a batch-mate stored
// first is answered as a repeat, a refused command writes nothing — while
// the others commit, and every audit chain verifies.
#include <gtest/gtest.h>

#include "engine/runtime/case_service.h"
#include "engine/runtime/folder_definitions.h"
#include "tests/storage/backend_fixture.h"
#include "tests/support/fasttrack_commands.h"

namespace wageflow::testing {
namespace {

using Status = CommandResult::Status;

Instant at(const char* text) {
  return *parse_instant(text, 8 * 60);
}

const char* status_name(Status status) {
  switch (status) {
    case Status::kDone:
      return "done";
    case Status::kRefused:
      return "refused";
    case Status::kConflict:
      return "conflict";
    case Status::kNotFound:
      return "not found";
  }
  return "?";
}

class BatchCommitTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    WAGEFLOW_REQUIRE_BACKEND(GetParam());
    fixture_ = GetParam().make();
    store_ = fixture_->open();
    service_ = std::make_unique<CaseService>(*store_, definitions_);
  }

  std::string open_case() {
    CommandResult opened =
        service_->open("wage-arbitration-fasttrack", fasttrack_open_command(), now_);
    EXPECT_EQ(opened.status, Status::kDone) << opened.message;
    return opened.case_id;
  }

  CaseService::ApplyCommand suspend(const std::string& id, const std::string& key = "") const {
    return {id,
            {Command::Kind::kSuspend, "孙伟", "arbitrator", "", {}, "等待工伤认定结论"},
            now_,
            key,
            std::nullopt};
  }
  CaseService::ApplyCommand accept(const std::string& id) const {
    return {id,
            {Command::Kind::kFire, "李明", "intake_clerk", "accept", {}, ""},
            now_,
            "",
            std::nullopt};
  }

  std::int64_t row_version(const std::string& id) { return store_->load_case(id)->row_version; }
  std::size_t records(const std::string& id) { return store_->audit_log(id).size(); }
  int count_kind(const std::string& id, const std::string& kind) {
    int count = 0;
    for (const auto& stored : store_->audit_log(id)) count += stored.record.kind == kind;
    return count;
  }

  FolderDefinitionSource definitions_{std::string(WAGEFLOW_SOURCE_DIR) + "/workflows"};
  std::unique_ptr<BackendFixture> fixture_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<CaseService> service_;
  Instant now_ = at("2025-01-24T09:30:00+08:00");
};

TEST_P(BatchCommitTest, CommitsCommandsAtDistinctCasesTogetherWithVerifiableChains) {
  std::vector<std::string> ids;
  std::vector<CaseService::ApplyCommand> commands;
  for (int i = 0; i < 12; ++i) {
    ids.push_back(open_case());
    commands.push_back(i % 2 ? suspend(ids.back()) : accept(ids.back()));
  }
  std::vector<CommandResult> results = service_->apply_together(commands);
  ASSERT_EQ(results.size(), commands.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    SCOPED_TRACE(ids[i]);
    EXPECT_EQ(results[i].status, Status::kDone) << results[i].message;
    EXPECT_EQ(results[i].case_id, ids[i]);
    EXPECT_EQ(results[i].answer, i % 2 ? "suspended" : "accepted");
    EXPECT_EQ(row_version(ids[i]), 2);
    EXPECT_EQ(count_kind(ids[i], i % 2 ? "suspend" : "fire"), 1);
  }
  VerifyResult verified = store_->verify("");
  EXPECT_TRUE(verified.ok) << verified.problem;
}

TEST_P(BatchCommitTest, ACommandWhoseCaseABatchMateChangedFirstConflictsAndTheOthersCommit) {
  const std::string first = open_case(), shared = open_case(), last = open_case();
  // Both commands on `shared` were decided on row_version 1; the first to
  // commit wins, the second must not write on top of it.
  std::vector<CommandResult> results =
      service_->apply_together({accept(first), accept(shared), suspend(shared), accept(last)});
  ASSERT_EQ(results.size(), 4u);
  std::vector<Status> expected = {Status::kDone, Status::kDone, Status::kConflict, Status::kDone};
  for (std::size_t i = 0; i < results.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(results[i].status, expected[i])
        << status_name(results[i].status) << ": " << results[i].message;
  }
  EXPECT_NE(results[2].message.find("changed by someone else"), std::string::npos)
      << results[2].message;
  EXPECT_EQ(row_version(shared), 2);
  EXPECT_EQ(count_kind(shared, "fire"), 1);
  EXPECT_EQ(count_kind(shared, "suspend"), 0);
  EXPECT_EQ(store_->load_case(shared)->status, "active");
  EXPECT_EQ(row_version(first), 2);
  EXPECT_EQ(row_version(last), 2);
  VerifyResult verified = store_->verify("");
  EXPECT_TRUE(verified.ok) << verified.problem;
}

TEST_P(BatchCommitTest, AKeyABatchMateStoredFirstIsAnsweredAsItsRepeat) {
  const std::string id = open_case(), other = open_case();
  const std::size_t before = records(id);
  std::vector<CommandResult> results =
      service_->apply_together({suspend(id, "retry-1"), suspend(id, "retry-1"), accept(other)});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].status, Status::kDone) << results[0].message;
  EXPECT_FALSE(results[0].repeated);
  EXPECT_EQ(results[1].status, Status::kDone) << results[1].message;
  EXPECT_TRUE(results[1].repeated);
  EXPECT_EQ(results[1].answer, results[0].answer);
  EXPECT_EQ(results[2].status, Status::kDone) << results[2].message;
  EXPECT_EQ(count_kind(id, "suspend"), 1) << "the repeat wrote nothing";
  EXPECT_EQ(store_->idempotent_answer("retry-1"), std::optional<std::string>("suspended"));
  EXPECT_GT(records(id), before);
  const std::size_t after_first = records(id);

  // A later batch with the same key: answered from the stored key.
  results = service_->apply_together({suspend(id, "retry-1")});
  EXPECT_TRUE(results.at(0).repeated);
  EXPECT_EQ(records(id), after_first);
}

TEST_P(BatchCommitTest, RefusedAndUnknownCommandsWriteNothingWhileTheOthersCommit) {
  const std::string id = open_case(), other = open_case();
  CaseService::ApplyCommand wrong_role = accept(id);
  wrong_role.command.role = "mediator";  // accept is the intake clerk's
  std::vector<CommandResult> results =
      service_->apply_together({wrong_role, suspend("2025-999999"), suspend(other)});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].status, Status::kRefused) << status_name(results[0].status);
  EXPECT_EQ(results[1].status, Status::kNotFound) << status_name(results[1].status);
  EXPECT_EQ(results[2].status, Status::kDone) << results[2].message;
  EXPECT_EQ(row_version(id), 1);
  EXPECT_EQ(row_version(other), 2);
}

TEST_P(BatchCommitTest, AStaleIfMatchIsAConflictBeforeAnythingIsCommitted) {
  const std::string id = open_case();
  CaseService::ApplyCommand stale = suspend(id);
  stale.expected_row_version = 7;
  std::vector<CommandResult> results = service_->apply_together({stale, accept(id)});
  EXPECT_EQ(results.at(0).status, Status::kConflict) << status_name(results[0].status);
  EXPECT_NE(results[0].message.find("not 7"), std::string::npos) << results[0].message;
  EXPECT_EQ(results.at(1).status, Status::kDone) << results[1].message;
  EXPECT_EQ(row_version(id), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, BatchCommitTest, ::testing::ValuesIn(backend_fixtures()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace wageflow::testing
