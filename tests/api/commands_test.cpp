// Idempotency keys, If-Match and concurrent writers over HTTP.
#include <future>
#include <thread>

#include "api/support/fixture.h"

namespace wageflow::api {
namespace {

class Commands : public ApiTest {};

TEST_P(Commands, ARetryWithTheSameKeyRepeatsTheAnswerAndWritesNothing) {
  const Json open = {{"workflow", "wage-arbitration-fasttrack"}, {"values", fasttrack_values()}};
  Reply first = clerk().post_json("/api/cases", open, {{"Idempotency-Key", "open-1"}});
  ASSERT_EQ(first.status, 201) << first.describe();
  EXPECT_EQ(first.header("Idempotent-Replayed"), "");
  Reply again = clerk().post_json("/api/cases", open, {{"Idempotency-Key", "open-1"}});
  ASSERT_EQ(again.status, 201) << again.describe();
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(again.json()["id"], first.json()["id"]);
  EXPECT_EQ(director().get("/api/cases").json()["cases"].size(), 1u);

  const std::string id = first.json()["id"];
  const std::string events = "/api/cases/" + id + "/events";
  Reply fired = clerk().post_json(events, {{"event", "accept"}}, {{"Idempotency-Key", "acc-1"}});
  ASSERT_EQ(fired.status, 200) << fired.describe();
  const std::size_t records = audit_records(id);
  Reply repeated = clerk().post_json(events, {{"event", "accept"}}, {{"Idempotency-Key", "acc-1"}});
  ASSERT_EQ(repeated.status, 200) << repeated.describe();
  EXPECT_EQ(repeated.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(repeated.json()["state"], "accepted");
  EXPECT_EQ(audit_records(id), records);

  // Keys belong to their user: the same key from someone else is a new request.
  Reply others = director().post_json(events, {{"event", "withdraw"}, {"comment", "撤回"}},
                                      {{"Idempotency-Key", "acc-1"}});
  ASSERT_EQ(others.status, 200) << others.describe();
  EXPECT_EQ(others.header("Idempotent-Replayed"), "");
  EXPECT_EQ(others.json()["state"], "withdrawn");
}

// A key stands for its request: the same key with another body is refused
// (it is not the retry it claims to be), and changes nothing.
TEST_P(Commands, AKeyReusedWithAnotherBodyIsRefusedAndChangesNothing) {
  const Json open = {{"workflow", "wage-arbitration-fasttrack"}, {"values", fasttrack_values()}};
  Reply first = clerk().post_json("/api/cases", open, {{"Idempotency-Key", "open-2"}});
  ASSERT_EQ(first.status, 201) << first.describe();
  Json other_values = open;
  other_values["values"]["claim_amount"] = "9100";
  Reply reused = clerk().post_json("/api/cases", other_values, {{"Idempotency-Key", "open-2"}});
  EXPECT_EQ(reused.status, 422) << reused.describe();
  EXPECT_EQ(reused.type(), "urn:wageflow:problem:idempotency-key-reused") << reused.describe();
  EXPECT_EQ(director().get("/api/cases").json()["cases"].size(), 1u);

  const std::string id = first.json()["id"];
  const std::string events = "/api/cases/" + id + "/events";
  ASSERT_EQ(clerk().post_json(events, {{"event", "accept"}}, {{"Idempotency-Key", "e-2"}}).status,
            200);
  const std::size_t records = audit_records(id);
  for (const Json& body : {Json{{"event", "withdraw"}, {"comment", "已和解"}},
                           Json{{"event", "accept"}, {"comment", "补充说明"}}}) {
    SCOPED_TRACE(body.dump());
    Reply other = clerk().post_json(events, body, {{"Idempotency-Key", "e-2"}});
    EXPECT_EQ(other.status, 422) << other.describe();
    EXPECT_EQ(other.type(), "urn:wageflow:problem:idempotency-key-reused") << other.describe();
    EXPECT_NE(other.json()["detail"].get<std::string>().find("a retry must repeat the first "
                                                             "command exactly"),
              std::string::npos);
  }
  EXPECT_EQ(audit_records(id), records);
  EXPECT_EQ(clerk().get("/api/cases/" + id).json()["state"], "accepted");
  // The first body again is still its retry.
  Reply retry = clerk().post_json(events, {{"event", "accept"}}, {{"Idempotency-Key", "e-2"}});
  EXPECT_EQ(retry.status, 200) << retry.describe();
  EXPECT_EQ(retry.header("Idempotent-Replayed"), "true");
}

TEST_P(Commands, ARefusedCommandStoresNoKeySoItsRetryIsDecidedAfresh) {
  const std::string id = open_fasttrack();
  const std::string events = "/api/cases/" + id + "/events";
  Reply refused = clerk().post_json(events, {{"event", "withdraw"}}, {{"Idempotency-Key", "w-1"}});
  EXPECT_EQ(refused.status, 422) << refused.describe();
  Reply retried = clerk().post_json(events, {{"event", "withdraw"}, {"comment", "已和解"}},
                                    {{"Idempotency-Key", "w-1"}});
  EXPECT_EQ(retried.status, 200) << retried.describe();
  EXPECT_EQ(retried.header("Idempotent-Replayed"), "");
  EXPECT_EQ(retried.json()["state"], "withdrawn");
}

TEST_P(Commands, IfMatchRunsTheCommandOnlyOnTheVersionRead) {
  const std::string id = open_fasttrack();
  Reply read = clerk().get("/api/cases/" + id);
  const std::string etag = read.header("ETag");
  EXPECT_EQ(etag, "\"1\"");
  Reply accepted = clerk().post_json("/api/cases/" + id + "/events", {{"event", "accept"}},
                                     {{"If-Match", etag}});
  ASSERT_EQ(accepted.status, 200) << accepted.describe();
  Reply stale = clerk().post_json("/api/cases/" + id + "/events", {{"event", "start_mediation"}},
                                  {{"If-Match", etag}});
  EXPECT_EQ(stale.status, 412) << stale.describe();
  EXPECT_EQ(stale.json()["row_version"], 2);
  EXPECT_EQ(show(id)["state"], "accepted");
  Reply fresh = clerk().post_json("/api/cases/" + id + "/events", {{"event", "start_mediation"}},
                                  {{"If-Match", accepted.header("ETag")}});
  EXPECT_EQ(fresh.status, 200) << fresh.describe();
}

TEST_P(Commands, ConcurrentCommandsOnOneCaseCommitOnceAndTheOthersConflict) {
  const std::string id = open_fasttrack();
  const std::string events = "/api/cases/" + id + "/events";
  // Many clerks accept the same case at the same moment: exactly one wins;
  // the others are told the case changed (409) or that accept no longer
  // fits its state (422). Nothing is applied twice.
  constexpr int kWriters = 8;
  std::vector<std::future<Reply>> replies;
  std::promise<void> go;
  std::shared_future<void> start = go.get_future().share();
  for (int i = 0; i < kWriters; ++i) {
    replies.push_back(std::async(std::launch::async, [&, start] {
      start.wait();
      return clerk().post_json(events, {{"event", "accept"}});
    }));
  }
  go.set_value();
  int done = 0, conflicts = 0, refused = 0;
  for (auto& reply : replies) {
    Reply r = reply.get();
    if (r.status == 200) ++done;
    if (r.status == 409) {
      ++conflicts;
      EXPECT_EQ(r.type(), "urn:wageflow:problem:version-conflict");
      EXPECT_NE(r.detail().find("was changed by someone else"), std::string::npos) << r.body;
    }
    if (r.status == 422) ++refused;
    EXPECT_TRUE(r.status == 200 || r.status == 409 || r.status == 422) << r.describe();
  }
  EXPECT_EQ(done, 1);
  EXPECT_EQ(done + conflicts + refused, kWriters);
  int accepts = 0;
  const Json records = director().get("/api/cases/" + id + "/audit").json()["records"];
  for (const auto& r : records) accepts += r["event"] == "accept" && r["kind"] == "fire";
  EXPECT_EQ(accepts, 1);
  EXPECT_EQ(show(id)["row_version"], 2);
}

WAGEFLOW_API_ON_EVERY_BACKEND(Commands);

}  // namespace
}  // namespace wageflow::api
