// Group commit over HTTP (docs/http-api.md): many clients firing commands
// at once, on SQLite committed together by the server (on PostgreSQL one
// by one). Every acknowledged command is in the database with a verifying
// chain; a command whose case a concurrent one changed gets 409 while the
// others commit; a key sent by several clients at once commits once.
// Every request gets an answer: with cpp-httplib's own listen backlog of 5
// some of 16 simultaneous connections got none (adapters/http/server.cpp).
#include <future>
#include <thread>

#include "api/support/fixture.h"

namespace wageflow::api {
namespace {

class GroupCommit : public ApiTest {
 protected:
  // The server answers 32 requests at a time, as the benchmarks run it.
  ServeSettings settings() const override {
    ServeSettings settings;
    settings.extra = {"--threads", "40"};
    return settings;
  }

  // Runs `send(i)` for i in [0, count) from `count` threads released at
  // the same moment; the replies in order of i.
  static std::vector<Reply> at_once(int count, const std::function<Reply(int)>& send) {
    std::promise<void> go;
    std::shared_future<void> start = go.get_future().share();
    std::vector<std::future<Reply>> replies;
    for (int i = 0; i < count; ++i) {
      replies.push_back(std::async(std::launch::async, [&send, start, i] {
        start.wait();
        return send(i);
      }));
    }
    go.set_value();
    std::vector<Reply> answered;
    for (auto& reply : replies) answered.push_back(reply.get());
    return answered;
  }

  int count_kind(const std::string& id, const std::string& kind, const std::string& event = "") {
    int count = 0;
    const Json records = director().get("/api/cases/" + id + "/audit").json()["records"];
    for (const auto& r : records) {
      count += r["kind"] == kind && (event.empty() || r["event"] == event);
    }
    return count;
  }

  void expect_chains_verify(const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
      Reply verified = director().get("/api/cases/" + id + "/audit/verify");
      EXPECT_EQ(verified.json()["ok"], true) << id << ": " << verified.describe();
    }
  }
};

TEST_P(GroupCommit, EveryAcknowledgedCommandOfManyConcurrentClientsIsStored) {
  constexpr int kClients = 16;
  constexpr int kRounds = 3;  // suspend, resume, suspend
  std::vector<std::string> ids;
  for (int i = 0; i < kClients; ++i) ids.push_back(open_fasttrack());
  for (int round = 0; round < kRounds; ++round) {
    const std::string action = round % 2 ? "resume" : "suspend";
    std::vector<Reply> replies = at_once(kClients, [&](int i) {
      return director().post_json("/api/cases/" + ids[i] + "/" + action,
                                  {{"comment", "第" + std::to_string(round) + "轮"}});
    });
    for (int i = 0; i < kClients; ++i) {
      ASSERT_EQ(replies[i].status, 200) << action << " " << ids[i] << ": " << replies[i].describe();
      EXPECT_EQ(replies[i].json()["status"], round % 2 ? "active" : "suspended") << ids[i];
      EXPECT_EQ(replies[i].json()["row_version"], round + 2) << ids[i];
    }
  }
  // What the server acknowledged is what a fresh read (and the CLI, on the
  // database file) finds.
  for (const auto& id : ids) {
    EXPECT_EQ(count_kind(id, "suspend"), 2) << id;
    EXPECT_EQ(count_kind(id, "resume"), 1) << id;
    EXPECT_EQ(show(id)["status"], "suspended") << id;
  }
  expect_chains_verify(ids);
  RunResult verified = server_->cli({"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.describe();
}

TEST_P(GroupCommit, ACommandOvertakenOnItsCaseGets409WhileTheOthersCommit) {
  // Several clients at the same case and one each at other cases, all at
  // once: on the shared case exactly one accept commits; the others are
  // told it changed (409) or that accept no longer fits (422); every other
  // case is accepted.
  constexpr int kShared = 6, kOthers = 10;
  const std::string shared = open_fasttrack();
  std::vector<std::string> others;
  for (int i = 0; i < kOthers; ++i) others.push_back(open_fasttrack());
  std::vector<Reply> replies = at_once(kShared + kOthers, [&](int i) {
    const std::string& id = i < kShared ? shared : others[i - kShared];
    return clerk().post_json("/api/cases/" + id + "/events", {{"event", "accept"}});
  });
  int done = 0;
  for (int i = 0; i < kShared; ++i) {
    const Reply& r = replies[i];
    done += r.status == 200;
    EXPECT_TRUE(r.status == 200 || r.status == 409 || r.status == 422) << r.describe();
    if (r.status == 409) {
      EXPECT_EQ(r.type(), "urn:wageflow:problem:version-conflict");
      EXPECT_NE(r.detail().find("was changed by someone else"), std::string::npos) << r.body;
    }
  }
  EXPECT_LE(done, 1);
  EXPECT_EQ(count_kind(shared, "fire", "accept"), 1);
  EXPECT_EQ(show(shared)["row_version"], 2);
  for (int i = 0; i < kOthers; ++i) {
    EXPECT_EQ(replies[kShared + i].status, 200)
        << others[i] << ": " << replies[kShared + i].describe();
    EXPECT_EQ(show(others[i])["state"], "accepted") << others[i];
  }
  others.push_back(shared);
  expect_chains_verify(others);
}

TEST_P(GroupCommit, OneKeySentByManyClientsAtOnceCommitsOnceAndTheRestAreReplays) {
  constexpr int kRetries = 8, kOthers = 8;
  const std::string id = open_fasttrack();
  std::vector<std::string> others;
  for (int i = 0; i < kOthers; ++i) others.push_back(open_fasttrack());
  std::vector<Reply> replies = at_once(kRetries + kOthers, [&](int i) {
    if (i < kRetries) {
      return director().post_json("/api/cases/" + id + "/suspend", {{"comment", "中止"}},
                                  {{"Idempotency-Key", "suspend-once"}});
    }
    return director().post_json("/api/cases/" + others[i - kRetries] + "/suspend",
                                {{"comment", "中止"}});
  });
  int replayed = 0;
  for (int i = 0; i < kRetries; ++i) {
    ASSERT_EQ(replies[i].status, 200) << replies[i].describe();
    EXPECT_EQ(replies[i].json()["status"], "suspended");
    replayed += replies[i].header("Idempotent-Replayed") == "true";
  }
  EXPECT_EQ(replayed, kRetries - 1);
  EXPECT_EQ(count_kind(id, "suspend"), 1);
  EXPECT_EQ(show(id)["row_version"], 2);
  for (int i = 0; i < kOthers; ++i) {
    EXPECT_EQ(replies[kRetries + i].status, 200) << replies[kRetries + i].describe();
    EXPECT_EQ(count_kind(others[i], "suspend"), 1) << others[i];
  }
  others.push_back(id);
  expect_chains_verify(others);
}

WAGEFLOW_API_ON_EVERY_BACKEND(GroupCommit);

}  // namespace
}  // namespace wageflow::api
