// The SQLite URL option the durable-events benchmark uses:
// sqlite:PATH?synchronous=normal|full (docs/schema.md).
#include <gtest/gtest.h>

#include <filesystem>

#include "storage/storage.h"
#include "support/temp_dir.h"

namespace wageflow {
namespace {

TEST(SqliteUrlTest, SynchronousOptionOpensTheFileWithoutTheOptionInItsName) {
  for (const char* option : {"?synchronous=normal", "?synchronous=NORMAL", "?synchronous=full"}) {
    SCOPED_TRACE(option);
    testing::TempDir dir;
    const std::string path = dir.file("cases.db");
    {
      auto store = open_store("sqlite:" + path + option);
      EXPECT_EQ(store->pin_definition("w", 1, "workflow: w\n").size(), 64u);
    }
    EXPECT_TRUE(std::filesystem::exists(path));
    EXPECT_FALSE(std::filesystem::exists(path + option));
    auto again = open_store(path);
    EXPECT_EQ(again->all_definitions().size(), 1u);
  }
}

TEST(SqliteUrlTest, RefusesAnUnknownSynchronousValueNamingTheChoices) {
  testing::TempDir dir;
  const std::string url = "sqlite:" + dir.file("cases.db") + "?synchronous=off";
  try {
    open_store(url);
    FAIL() << "opened " << url;
  } catch (const StoreError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("full or normal"), std::string::npos) << message;
    EXPECT_NE(message.find("'off'"), std::string::npos) << message;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("cases.db")));
}

// A misspelt setting must not open (and create) a second database named
// "cases.db?synchronus=normal" beside the real one.
TEST(SqliteUrlTest, RefusesAnUnknownSettingAndCreatesNoFile) {
  for (const char* option : {"?synchronus=normal", "?journal_mode=wal", "?synchronous", "?"}) {
    testing::TempDir dir;
    const std::string url = "sqlite:" + dir.file("cases.db") + option;
    try {
      open_store(url);
      ADD_FAILURE() << "opened " << url;
    } catch (const StoreError& e) {
      EXPECT_NE(std::string(e.what()).find("is not a setting"), std::string::npos)
          << option << ": " << e.what();
    }
    EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << option;
  }
}

}  // namespace
}  // namespace wageflow
