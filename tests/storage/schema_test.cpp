// The migrations list and the write probe at open, below open_store.
#include "storage/schema.h"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <fstream>
#include <sstream>

#include "storage/sqlite_store.h"
#include "storage/storage.h"
#include "tests/storage/temp_folder.h"

namespace wageflow::testing {
namespace {

TEST(SchemaTest, MigrationsAreNumberedFromOneWithoutGaps) {
  const auto& list = migrations();
  ASSERT_FALSE(list.empty());
  for (std::size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i].version, static_cast<int>(i + 1)) << list[i].summary;
    EXPECT_FALSE(list[i].summary.empty());
  }
  EXPECT_EQ(latest_schema_version(), list.back().version);
}

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Root passes every permission check, so the permission bits alone cannot
// show that the probe works; a connection SQLite itself opened read-only can.
TEST(SchemaTest, DatabaseThatCannotBeWrittenIsRefusedAtOpenNotAtTheFirstCommit) {
  TempFolder folder;
  const auto file = folder.path() / "wf.db";
  open_store(file.string())->pin_definition("w", 1, "id: w\n");
  const std::string before = read_bytes(file);
  {
    soci::session sql(soci::sqlite3, "db=\"" + file.string() + "\" readonly=1");
    auto dialect = make_sqlite_dialect();
    dialect->configure_session(sql);
    try {
      prepare_schema(sql, *dialect, file.string());
      ADD_FAILURE() << "a read-only connection must be refused";
    } catch (const StoreError& error) {
      EXPECT_EQ(std::string(error.what()),
                "DB is read-only: cannot write (check the file's permissions): " + file.string());
    }
  }
  EXPECT_EQ(read_bytes(file), before);
}

TEST(SchemaTest, EmptyDatabaseThatCannotBeWrittenIsRefusedAndStaysEmpty) {
  TempFolder folder;
  const auto file = folder.path() / "wf.db";
  std::ofstream(file).close();
  {
    soci::session sql(soci::sqlite3, "db=\"" + file.string() + "\" readonly=1");
    auto dialect = make_sqlite_dialect();
    EXPECT_THROW(prepare_schema(sql, *dialect, file.string()), StoreError);
  }
  EXPECT_EQ(std::filesystem::file_size(file), 0u);
}

}  // namespace
}  // namespace wageflow::testing
