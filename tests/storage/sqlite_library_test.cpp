// use_sqlite_without_memory_statistics: a process-wide switch of the
// SQLite library, possible only before the first database is opened. Its
// own test program, so that no other test has opened a database first.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "storage/storage.h"
#include "support/temp_dir.h"

namespace wageflow {
namespace {

TEST(SqliteLibrary, MemoryStatisticsTurnOffBeforeTheFirstDatabaseAndNotAfter) {
  ASSERT_TRUE(use_sqlite_without_memory_statistics());
  testing::TempDir dir;
  auto store = open_store("sqlite:" + dir.file("cases.db"));
  ASSERT_NE(store, nullptr);
  // Counted only with the statistics on: opening and preparing the schema
  // allocates well over a kilobyte.
  EXPECT_EQ(sqlite3_memory_used(), 0);
  EXPECT_FALSE(use_sqlite_without_memory_statistics());  // SQLite has started
}

}  // namespace
}  // namespace wageflow
