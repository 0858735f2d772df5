// StorePool: connections opened ahead with fill(), reused by acquire(), and
// opened one at a time. On an SQLite file, and on the PostgreSQL server
// ./test.sh starts, where the server's own view (pg_stat_activity) counts
// them.
#include "adapters/http/store_pool.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/postgres.h"
#include "support/temp_dir.h"

namespace wageflow::http {
namespace {

const std::string kWorkflows = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows";

TEST(StorePool, FillLeavesThatManyConnectionsIdleAndAcquireTakesThemBeforeOpeningMore) {
  testing::TempDir dir;
  StorePool pool("sqlite:" + dir.file("cases.db"), kWorkflows);
  pool.fill(3);
  EXPECT_EQ(pool.idle_count(), 3u);
  EXPECT_EQ(pool.opened_count(), 3u);
  pool.fill(2);  // already that many
  EXPECT_EQ(pool.opened_count(), 3u);
  {
    std::vector<StorePool::Lease> leases;
    for (int i = 0; i < 3; ++i) leases.push_back(pool.acquire());
    EXPECT_EQ(pool.idle_count(), 0u);
    EXPECT_EQ(pool.opened_count(), 3u);
    leases.push_back(pool.acquire());  // none idle: a fourth is opened
    EXPECT_EQ(pool.opened_count(), 4u);
    leases.back().discard();  // a connection that saw a fault is not kept
  }
  EXPECT_EQ(pool.idle_count(), 3u);
}

TEST(StorePool, ThreadsAcquiringAtOnceEachGetAConnectionOfTheirOwn) {
  testing::TempDir dir;
  StorePool pool("sqlite:" + dir.file("cases.db"), kWorkflows);
  constexpr int kThreads = 16;
  std::vector<std::optional<StorePool::Lease>> leases(kThreads);
  std::vector<std::string> errors(kThreads);
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        try {
          leases[i].emplace(pool.acquire());
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    }
    for (std::thread& t : threads) t.join();
  }
  std::set<const Connection*> distinct;
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_EQ(errors[i], "") << "thread " << i;
    if (leases[i]) distinct.insert(&**leases[i]);
  }
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kThreads));
  EXPECT_EQ(pool.opened_count(), static_cast<std::size_t>(kThreads));
}

TEST(StorePool, FillThrowsWhenTheDatabaseCannotBeOpenedAndKeepsNothing) {
  testing::TempDir dir;
  StorePool pool("sqlite:" + dir.file("no-such-folder/cases.db"), kWorkflows);
  EXPECT_THROW(pool.fill(2), StoreError);
  EXPECT_EQ(pool.idle_count(), 0u);
}

TEST(StorePool, FillOnPostgresqlHoldsThatManyServerConnections) {
  WAGEFLOW_REQUIRE_POSTGRES();
  testing::PostgresDatabase database;
  // The pool's connections carry a name of their own: each count below is
  // a new connection, and the backend of the count before it may still be
  // listed for a moment after it closed.
  const std::string url = database.url() +
                          (database.url().find('?') == std::string::npos ? "?" : "&") +
                          "application_name=store_pool_test";
  auto server_connections = [&] {
    return database.rows(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND application_name = 'store_pool_test'")[0][0];
  };
  {
    StorePool pool(url, kWorkflows);
    pool.fill(4);
    EXPECT_EQ(server_connections(), "4");
  }
  // The pool closes them when it goes (a backend leaves the list shortly
  // after its client closed).
  std::string left = server_connections();
  for (int i = 0; i < 50 && left != "0"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    left = server_connections();
  }
  EXPECT_EQ(left, "0");
}

}  // namespace
}  // namespace wageflow::http
