// ExportReader's fast reading of canonical case and audit lines
// (adapters/cli/canonical_line_reader.h) against its full JSON reading: the
// same items and the same messages for canonical files and for files with
// lines changed in every way the fast reader must decline.
#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/cli/canonical_line_reader.h"
#include "adapters/cli/export_format.h"

namespace wageflow::cli {
namespace {

const std::vector<std::string> kTexts = {
    "",
    "plain",
    "张三 李明",
    "quote \" and backslash \\ and slash /",
    "{\"worker_name\":\"张三\",\"claim_amount\":\"12000\"}",
    "line\nbreak\ttab\rreturn\bback\fform",
    std::string("control \x01 \x1f end"),
    "delete \x7f kept",
    "emoji \xF0\x9F\x98\x80 and \xE2\x82\xAC and \xC3\xA9",
    "\xEF\xBF\xBF \xF4\x8F\xBF\xBF",
};

std::string text(std::size_t i) {
  return kTexts[i % kTexts.size()];
}

CaseWithTrail make_case(std::size_t n) {
  CaseWithTrail c;
  CaseRecord& r = c.record;
  r.id = "2025-" + std::to_string(100000 + n);
  r.workflow = "wage-claim";
  r.version = static_cast<int>(n % 3) + 1;
  r.definition_sha256 = std::string(64, 'a');
  r.office = text(n + 1);
  r.state = text(n + 2);
  r.status = "open";
  r.data = text(n + 3);
  r.row_version = static_cast<std::int64_t>(n) * 7 + 1;
  r.opened_at = n % 4 == 0 ? -1735693200 : 1735693200 + static_cast<std::int64_t>(n);
  r.updated_at = n % 5 == 0 ? 0 : 999999999999999999;
  for (std::size_t t = 0; t < n % 3; ++t) {
    TimerRecord timer;
    timer.name = "timer" + std::to_string(t) + text(n + t);
    timer.status = "running";
    timer.started_at = static_cast<std::int64_t>(n * 10 + t);
    timer.due_date = "2025-01-0" + std::to_string(t + 1);
    if ((n + t) % 2) timer.counted_to = "2024-12-29";
    timer.due_at = -static_cast<std::int64_t>(n);
    if ((n + t) % 2) timer.warn_at = static_cast<std::int64_t>(n);
    timer.provisional = (n + t) % 2 == 0;
    timer.extensions_used = static_cast<int>(t);
    if ((n + t) % 3 == 0) timer.paused_at = 0;
    timer.escalated = (n + t) % 3 == 1;
    timer.explanation = text(n * 3 + t);
    if ((n + t) % 4) timer.next_action_at = -5;
    r.timers.push_back(timer);
  }
  for (std::size_t s = 0; s < 1 + n % 4; ++s) {
    StoredAuditRecord a;
    a.case_id = r.id;
    a.seq = static_cast<std::int64_t>(s) + 1;
    a.record.at = Instant{static_cast<std::int64_t>(n * 100 + s)};
    a.record.actor = text(n + s);
    a.record.role = text(n + s + 1);
    a.record.kind = "transition";
    a.record.event = text(n + s + 2);
    a.record.from_state = text(n + s + 3);
    a.record.to_state = text(n + s + 4);
    a.record.data = text(n + s + 5);
    a.record.comment = text(n + s + 6);
    a.prev_hash = std::string(64, '0');
    a.hash = std::string(64, 'f');
    c.trail.push_back(a);
  }
  c.audit_seq = static_cast<std::int64_t>(c.trail.size());
  return c;
}

std::vector<std::string> file_lines(std::size_t cases) {
  std::vector<std::string> lines = {header_line(),
                                    definition_line({"wage-claim", 2, "abc", "id: x\n"}),
                                    published_line({"wage-claim", 2, "abc", "李明", 1737682200})};
  ExportCounts counts;
  counts.definitions = 1;
  counts.published = 1;
  for (std::size_t n = 0; n < cases; ++n) {
    const CaseWithTrail c = make_case(n);
    lines.push_back(case_line(c));
    for (const StoredAuditRecord& a : c.trail) lines.push_back(audit_line(a));
    ++counts.cases;
    counts.records += static_cast<std::int64_t>(c.trail.size());
  }
  lines.push_back(end_line(counts));
  return lines;
}

// Everything a reader gives for a file, as text: each item re-written
// canonically, or the message it stopped with.
std::string read_all(const std::string& file, bool fast) {
  std::istringstream in(file);
  ExportReader reader(in, "f.jsonl", fast);
  std::string out;
  for (;;) {
    Result<ExportReader::Item> item = reader.next();
    if (!item) return out + "error: " + item.error() + "\n";
    out += std::to_string(item->line) + " ";
    switch (item->kind) {
      case ExportReader::Item::Kind::kDefinition:
        out += definition_line(item->definition) + "\n";
        break;
      case ExportReader::Item::Kind::kPublished:
        out += published_line(item->published) + "\n";
        break;
      case ExportReader::Item::Kind::kCase:
        out += case_line(item->c) + "\n";
        for (const StoredAuditRecord& a : item->c.trail) out += audit_line(a) + "\n";
        break;
      case ExportReader::Item::Kind::kEnd:
        return out + end_line(item->counts) + "\n";
    }
  }
}

std::string joined(const std::vector<std::string>& lines) {
  std::string file;
  for (const std::string& line : lines) file += line + "\n";
  return file;
}

TEST(CanonicalLineReader, ReadsEveryCanonicalLineAsWrittenWhenItHasNoUnicodeEscape) {
  int read_fast = 0;
  for (std::size_t n = 0; n < 200; ++n) {
    const CaseWithTrail c = make_case(n);
    const std::string line = case_line(c);
    SCOPED_TRACE(line);
    CaseWithTrail back;
    const bool has_u_escape = line.find("\\u") != std::string::npos;
    ASSERT_EQ(read_canonical_case(line, back), !has_u_escape);
    if (!has_u_escape) {
      EXPECT_EQ(case_line(back), line);
      EXPECT_EQ(back.audit_seq, c.audit_seq);
      ++read_fast;
    }
    for (const StoredAuditRecord& a : c.trail) {
      const std::string audit = audit_line(a);
      SCOPED_TRACE(audit);
      StoredAuditRecord read;
      const bool escaped = audit.find("\\u") != std::string::npos;
      ASSERT_EQ(read_canonical_audit(audit, read), !escaped);
      if (!escaped) {
        EXPECT_EQ(audit_line(read), audit);
      }
    }
  }
  EXPECT_GT(read_fast, 100);
}

TEST(ExportReader, FastAndFullReadingGiveTheSameItemsForACanonicalFile) {
  const std::string file = joined(file_lines(300));
  const std::string full = read_all(file, false);
  EXPECT_EQ(read_all(file, true), full);
  EXPECT_EQ(full.find("error"), std::string::npos) << full.substr(0, 2000);
}

// Each change applies to the first line that contains `from`.
struct LineChange {
  const char* from;
  std::string to;
};

TEST(ExportReader, FastAndFullReadingGiveTheSameAnswerForChangedLines) {
  const std::vector<LineChange> changes = {
      {"{\"type\":\"audit\",", "{ \"type\":\"audit\","},
      {"{\"type\":\"case\",", "{\"type\": \"case\","},
      {",\"seq\":2,", ",\"seq\":2 ,"},
      {",\"seq\":2,", ",\"seq\":2.0,"},
      {",\"seq\":2,", ",\"seq\":-0,"},
      {",\"seq\":2,", ",\"seq\":02,"},
      {",\"seq\":2,", ",\"seq\":2e0,"},
      {",\"seq\":2,", ",\"seq\":\"2\","},
      {",\"seq\":2,", ",\"seq\":9223372036854775807,"},
      {",\"seq\":2,", ",\"seq\":12345678901234567890,"},
      {",\"seq\":2,", ",\"seq\":999999999999999999,"},
      {",\"seq\":2,", ",\"seq\":-999999999999999999,"},
      {",\"version\":2,", ",\"version\":4294967296,"},
      {",\"version\":2,", ",\"version\":2147483647,"},
      {",\"version\":2,", ",\"version\":-2147483648,"},
      {",\"version\":2,", ",\"version\":2147483648,"},
      {"\"kind\":\"transition\"", "\"kind\":\"\\u0074ransition\""},
      {"\"kind\":\"transition\"", "\"kind\":\"tran\\/sition\""},
      {"\"kind\":\"transition\"", "\"kind\":\"tran\\xsition\""},
      {"\"kind\":\"transition\"", "\"kind\":\"tran\x01sition\""},
      {"\"kind\":\"transition\"", "\"kind\":\"tran\xC0\xAFsition\""},
      {"\"kind\":\"transition\"", "\"kind\":\"tran\xED\xA0\x80sition\""},
      {"\"kind\":\"transition\"", "\"kind\":\"tran\xF4\x90\x80\x80sition\""},
      {"\"kind\":\"transition\"", "\"kind\":\"tran\xE2\x82sition\""},
      {"\"kind\":\"transition\"", "\"kind\":\"tran\x80sition\""},
      {"\"kind\":\"transition\"", "\"kind\":\"tran\xF8\x88\x80\x80\x80sition\""},
      {"\"kind\":\"transition\"", "\"kind\":\"transition\",\"kind\":\"other\""},
      {"\"kind\":\"transition\"", "\"kind\":\"transition\",\"extra\":1"},
      {"\"kind\":\"transition\"", "\"kind\":null"},
      {"\"kind\":\"transition\",\"event\"", "\"event\""},
      {"\"hash\":\"ffff", "\"hash\": \"ffff"},
      {"\"comment\":", "\"comment\" :"},
      {"\"provisional\":true", "\"provisional\":1"},
      {"\"provisional\":true", "\"provisional\":True"},
      {"\"warn_at\":null", "\"warn_at\":nul"},
      {"\"warn_at\":null", "\"warn_at\":false"},
      {"\"timers\":[]", "\"timers\":[ ]"},
      {"\"timers\":[]", "\"timers\":{}"},
      {"\"timers\":[]", "\"timers\":[1]"},
      {"\"id\":\"2025-100000\"", "\"id\":\"\""},
      {"\"name\":\"timer0", "\"name\":\"timer1"},
      {"\"extensions_used\":1", "\"extensions_used\":3000000000"},
      {"\"type\":\"audit\",\"case_id\":\"2025-100002\"", "\"type\":\"audit\",\"case_id\":\"x\""},
      {"\"type\":\"audit\"", "\"type\":\"audi\""},
      {"\"type\":\"audit\"", "\"type\":\"case\""},
      {"\"hash\":\"ffff", "\"hash\":\"ffff\"}x\",\"y\":\"ffff"},
  };
  const std::vector<std::string> lines = file_lines(12);
  for (const LineChange& change : changes) {
    for (const std::string& suffix : {std::string(), std::string("\r"), std::string(" ")}) {
      std::vector<std::string> changed = lines;
      bool applied = false;
      for (std::string& line : changed) {
        const std::size_t at = line.find(change.from);
        if (at == std::string::npos) continue;
        line.replace(at, std::string(change.from).size(), change.to);
        line += suffix;
        applied = true;
        break;
      }
      SCOPED_TRACE(std::string(change.from) + " -> " + change.to + " + '" + suffix + "'");
      ASSERT_TRUE(applied);
      const std::string file = joined(changed);
      EXPECT_EQ(read_all(file, true), read_all(file, false));
    }
  }
}

// Replaces the first `from` in `line` (which must hold it) by `to`.
void replace_in(std::string& line, const std::string& from, const std::string& to) {
  const std::size_t at = line.find(from);
  ASSERT_NE(at, std::string::npos) << from << " in " << line;
  line.replace(at, from.size(), to);
}

// Takes every timer's counted_to out of `lines` (format version 3 added
// it); returns how many it took.
int erase_counted_to(std::vector<std::string>& lines) {
  const std::regex key(R"re("counted_to":"[^"]*",)re");
  int erased = 0;
  for (std::string& line : lines) {
    const auto found =
        std::distance(std::sregex_iterator(line.begin(), line.end(), key), std::sregex_iterator());
    erased += static_cast<int>(found);
    line = std::regex_replace(line, key, "");
  }
  return erased;
}

// Format version 2 added the `published` lines and the end line's count of
// them; a version 1 file has neither and still reads.
TEST(ExportReader, PublishedLinesAreReadInVersionTwoAndRefusedOutOfPlace) {
  const std::vector<std::string> lines = file_lines(2);  // header, definition, published, ...
  struct Row {
    const char* name;
    std::function<void(std::vector<std::string>&)> change;
    std::string expected;  // the error, or "" when the file reads
  };
  const std::vector<Row> rows = {
      {"as written", [](auto&) {}, ""},
      {"a version 1 file without published lines",
       [](auto& l) {
         l[0] = R"({"format":"wageflow-export","version":1})";
         l.erase(l.begin() + 2);
         replace_in(l.back(), R"("published":1,)", "");
         EXPECT_EQ(erase_counted_to(l), 1);
       },
       ""},
      {"a published line in a version 1 file",
       [](auto& l) { l[0] = R"({"format":"wageflow-export","version":1})"; },
       "f.jsonl:3: a published version in a version 1 file (published versions came with "
       "version 2)"},
      {"a version 2 end line without the published count",
       [](auto& l) { replace_in(l.back(), R"("published":1,)", ""); },
       "the end line has no 'published'"},
      {"the published count wrong",
       [](auto& l) { replace_in(l.back(), R"("published":1,)", R"("published":2,)"); },
       "the end line counts 1 definitions, 2 published versions, 2 cases"},
      {"a definition after a published line", [](auto& l) { std::swap(l[1], l[2]); },
       "f.jsonl:3: a definition after the published versions"},
      {"a published line after the first case",
       [](auto& l) {
         l.insert(l.begin() + 4, l[2]);
         l.erase(l.begin() + 2);
       },
       "a published version after the first case"},
      {"a published line with a key too many", [](auto& l) { l[2].insert(1, R"("note":"x",)"); },
       "f.jsonl:3: the published version has a key 'note' this format does not have"},
      {"a published line without its author",
       [](auto& l) { replace_in(l[2], R"(,"published_by":"李明")", ""); },
       "f.jsonl:3: the published version has no 'published_by'"},
      {"a newer format", [](auto& l) { l[0] = R"({"format":"wageflow-export","version":4})"; },
       "f.jsonl:1: export format version 4; this wageflow reads versions 1 to 3: upgrade "
       "wageflow"},
      {"a version 2 file without counted_to",
       [](auto& l) {
         l[0] = R"({"format":"wageflow-export","version":2})";
         EXPECT_EQ(erase_counted_to(l), 1);
       },
       ""},
      {"a counted_to in a version 2 file",
       [](auto& l) { l[0] = R"({"format":"wageflow-export","version":2})"; },
       "a timer of the case has a key 'counted_to' this format does not have"},
      {"a version 3 timer without counted_to", [](auto& l) { EXPECT_EQ(erase_counted_to(l), 1); },
       "a timer of the case has no 'counted_to'"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    std::vector<std::string> changed = lines;
    row.change(changed);
    const std::string file = joined(changed);
    const std::string read = read_all(file, true);
    EXPECT_EQ(read_all(file, false), read);
    const std::size_t error = read.find("error: ");
    if (row.expected.empty()) {
      EXPECT_EQ(error, std::string::npos) << read;
    } else {
      ASSERT_NE(error, std::string::npos) << read;
      EXPECT_NE(read.find(row.expected, error), std::string::npos) << read.substr(error);
    }
  }
}

TEST(ExportReader, DigestsAreTheSameForTheSameFileAndDifferWhenACaseChanges) {
  const std::vector<std::string> lines = file_lines(5);
  auto digests = [](const std::string& file) {
    std::istringstream in(file);
    ExportReader reader(in, "f.jsonl");
    std::vector<std::uint64_t> out;
    for (;;) {
      Result<ExportReader::Item> item = reader.next();
      EXPECT_TRUE(item) << item.error();
      if (!item || item->kind == ExportReader::Item::Kind::kEnd) return out;
      if (item->kind == ExportReader::Item::Kind::kCase) out.push_back(item->digest);
    }
  };
  const std::vector<std::uint64_t> first = digests(joined(lines));
  EXPECT_EQ(digests(joined(lines)), first);
  std::vector<std::string> changed = lines;
  const std::size_t audit = 6;  // the first audit line of the second case
  ASSERT_NE(changed[audit].find("\"comment\":"), std::string::npos) << changed[audit];
  changed[audit].replace(changed[audit].find("\"comment\":") + 11, 0, "x");
  const std::vector<std::uint64_t> second = digests(joined(changed));
  ASSERT_EQ(second.size(), first.size());
  EXPECT_EQ(second[0], first[0]);
  EXPECT_NE(second[1], first[1]);

  // A changed case line changes its own case's digest, not the one before
  // it (whose trail it ends): import names the case that changed.
  std::vector<std::size_t> case_lines;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(R"("type":"case")") != std::string::npos) case_lines.push_back(i);
  }
  ASSERT_GE(case_lines.size(), 3u);
  changed = lines;
  std::string& third = changed[case_lines[2]];
  ASSERT_NE(third.find(R"("state":")"), std::string::npos) << third;
  third.replace(third.find(R"("state":")") + 9, 0, "x");
  const std::vector<std::uint64_t> third_changed = digests(joined(changed));
  ASSERT_EQ(third_changed.size(), first.size());
  EXPECT_EQ(third_changed[1], first[1]);
  EXPECT_NE(third_changed[2], first[2]);
}

}  // namespace
}  // namespace wageflow::cli
