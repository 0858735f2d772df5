// GroupCommitter on a real SQLite file: many request threads, each on its
// own connection, hand in commits at once; each gets the answer its own
// commit would get alone, and every commit is in the database. A lost
// wake-up would leave a thread waiting for ever (ctest's timeout fails it).
#include "adapters/http/group_commit.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "adapters/http/store_pool.h"
#include "support/temp_dir.h"
#include "tests/support/fasttrack_commands.h"

namespace wageflow::http {
namespace {

const std::string kWorkflows = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows";

Instant at(const char* text) {
  return *parse_instant(text, 8 * 60);
}

TEST(GroupCommitter, EveryThreadGetsItsOwnAnswerAndEveryCommitIsStored) {
  testing::TempDir dir;
  StorePool pool("sqlite:" + dir.file("cases.db"), kWorkflows);
  constexpr int kThreads = 8;
  constexpr int kCasesPerThread = 30;
  const Instant now = at("2026-03-02T10:00:00+08:00");
  std::vector<std::vector<std::string>> cases(kThreads);
  {
    StorePool::Lease lease = pool.acquire();
    const Command open = wageflow::testing::fasttrack_open_command();
    for (int t = 0; t < kThreads; ++t) {
      for (int i = 0; i < kCasesPerThread; ++i) {
        CommandResult opened = lease->service.open("wage-arbitration-fasttrack", open, now);
        ASSERT_EQ(opened.status, CommandResult::Status::kDone) << opened.message;
        cases[t].push_back(opened.case_id);
      }
    }
  }

  GroupCommitter committer;
  std::vector<std::vector<std::string>> problems(kThreads);
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        StorePool::Lease lease = pool.acquire();
        Connection& db = *lease;
        const Command suspend{Command::Kind::kSuspend, "孙伟", "arbitrator", "", {},
                              "等待工伤认定结论"};
        for (const std::string& id : cases[t]) {
          auto loaded = db.service.load(id);
          if (!loaded) {
            problems[t].push_back(id + ": " + loaded.error());
            continue;
          }
          CaseService::PreparedCommand prepared = db.service.prepare_apply(*loaded, suspend, now);
          if (prepared.answer) {
            problems[t].push_back(id + ": answered before the commit: " + prepared.answer->message);
            continue;
          }
          const CommitResult committed = committer.commit(*db.store, prepared.request);
          CommandResult result = db.service.finish_apply(std::move(prepared), committed);
          if (result.status != CommandResult::Status::kDone || result.case_id != id) {
            problems[t].push_back(id + ": " + result.message + " (case " + result.case_id + ")");
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }
  for (int t = 0; t < kThreads; ++t) {
    for (const std::string& problem : problems[t])
      ADD_FAILURE() << "thread " << t << ": " << problem;
  }

  StorePool::Lease lease = pool.acquire();
  for (const auto& ids : cases) {
    for (const std::string& id : ids) {
      auto stored = lease->store->load_case(id);
      ASSERT_TRUE(stored) << id;
      EXPECT_EQ(stored->status, "suspended") << id;
      EXPECT_TRUE(lease->store->verify(id).ok) << id;
    }
  }
}

}  // namespace
}  // namespace wageflow::http
