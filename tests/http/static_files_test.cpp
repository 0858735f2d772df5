// Static files: traversal refused before the file system is touched, links
// out of the web folder refused on the canonical path.
#include "adapters/http/static_files.h"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace wageflow::http {
namespace {

namespace fs = std::filesystem;
using Status = StaticLookup::Status;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    web_ = temp_.path() / "web";
    temp_.write("web/index.html", "<html>");
    temp_.write("web/css/site.css", "body{}");
    temp_.write("web/.secret", "hidden");
    temp_.write("outside.txt", "secret");
    fs::create_symlink(temp_.path() / "outside.txt", web_ / "link-out.txt");
    fs::create_symlink(web_ / "css", web_ / "styles");
  }
  testing::TempDir temp_;
  fs::path web_;
};

TEST_F(StaticFilesTest, FindsFilesInsideAndRefusesEverythingElse) {
  struct Case {
    std::string path;
    Status status;
  };
  const std::vector<Case> cases = {
      {"index.html", Status::kFound},
      {"css/site.css", Status::kFound},
      {"styles/site.css", Status::kFound},  // a link that stays inside
      {"../outside.txt", Status::kTraversal},
      {"css/../../outside.txt", Status::kTraversal},
      {"css/../index.html", Status::kTraversal},
      {"./index.html", Status::kTraversal},
      {"css//site.css", Status::kTraversal},
      {".secret", Status::kTraversal},
      {"..\\outside.txt", Status::kTraversal},
      {std::string("index.html\0.png", 15), Status::kTraversal},
      {"link-out.txt", Status::kMissing},  // a link pointing out of the folder
      {"missing.js", Status::kMissing},
      {"css", Status::kMissing},  // a folder is not a file
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    const StaticLookup found = find_static_file(web_.string(), c.path);
    EXPECT_EQ(found.status, c.status);
    if (c.status == Status::kFound) {
      EXPECT_EQ(found.file.string().rfind(fs::canonical(web_).string(), 0), 0u);
    }
  }
}

TEST_F(StaticFilesTest, TypesFollowTheExtension) {
  EXPECT_EQ(content_type_for("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("a.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace wageflow::http
