// `export` and `import`: definitions, cases and whole audit trails move
// between databases (SQLite to PostgreSQL and back) byte for byte, a file
// with anything wrong imports nothing, and large files go in batches.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "e2e/support/backend.h"
#include "e2e/support/demo_history.h"
#include "storage/audit_chain.h"

namespace wageflow::e2e {
namespace {

using Json = nlohmann::ordered_json;

class Transfer : public OnEveryBackend {};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

// Exports the sandbox's database to `file` in its folder; returns the text.
std::string export_to(const Sandbox& sandbox, const std::string& file) {
  RunResult exported = sandbox.run({"export", "--out", file});
  EXPECT_EQ(exported.exit_code, 0) << exported.describe();
  return read_file(sandbox.dir() / file);
}

// Everything `case show --json` and `audit log --json` say about each case.
std::string cases_seen_by(const Sandbox& sandbox, const std::vector<std::string>& ids) {
  std::string seen;
  for (const auto& id : ids) seen += case_fingerprint(sandbox, id);
  return seen;
}

// The 1-based line of the first line of `lines` containing `part`.
std::size_t line_with(const std::vector<std::string>& lines, const std::string& part) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(part) != std::string::npos) return i + 1;
  }
  ADD_FAILURE() << "no line contains " << part;
  return 0;
}

// A source database with the demo-like history, and its export.
struct Source {
  Sandbox sandbox;
  DemoHistory history;
  std::string text;  // export.jsonl
  fs::path file;

  Source() : history(make_demo_history(sandbox)) {
    text = export_to(sandbox, "export.jsonl");
    file = sandbox.dir() / "export.jsonl";
  }
};

// An export of `count` cases 2025-000001... made from one real case (its
// records re-hashed for each id), exactly as `export` would write them.
std::string generated_export(const std::string& one_case_export, int count) {
  const std::vector<std::string> lines = split_lines(one_case_export);
  std::vector<std::string> out;
  std::vector<Json> audit;
  Json the_case;
  std::int64_t definitions = 0;
  for (const auto& line : lines) {
    Json j = Json::parse(line);
    const std::string type = j.value("type", "");
    if (type == "definition") {
      out.push_back(line);
      ++definitions;
    } else if (type == "case") {
      the_case = j;
    } else if (type == "audit") {
      audit.push_back(j);
    } else if (type.empty()) {
      out.push_back(line);  // the header
    }
  }
  for (int n = 1; n <= count; ++n) {
    char id[16];
    std::snprintf(id, sizeof id, "2025-%06d", n);
    Json c = the_case;
    c["id"] = id;
    out.push_back(c.dump());
    std::string prev = genesis_hash();
    for (Json record : audit) {
      AuditRecord r{Instant{record["at"].get<std::int64_t>()},
                    record["actor"],
                    record["role"],
                    record["kind"],
                    record["event"],
                    record["from_state"],
                    record["to_state"],
                    record["data"],
                    record["comment"]};
      record["case_id"] = id;
      record["prev_hash"] = prev;
      prev = chain_hash(prev, id, record["seq"].get<std::int64_t>(), r);
      record["hash"] = prev;
      out.push_back(record.dump());
    }
  }
  out.push_back(Json{{"type", "end"},
                     {"definitions", definitions},
                     {"published", 0},
                     {"cases", count},
                     {"records", count * static_cast<std::int64_t>(audit.size())}}
                    .dump());
  return join_lines(out);
}

std::string one_case_export() {
  Sandbox sandbox;
  answer_of(sandbox,
            {"case", "open", "wage-arbitration-fasttrack", "--actor", "李明", "--role",
             "intake_clerk", "--set", "worker_name=张三丰", "--set", "employer=长春宏达建筑公司",
             "--set", "region=长春市", "--set", "claim_amount=8600"},
            "2025-01-24T09:30:00+08:00");
  return export_to(sandbox, "one.jsonl");
}

TEST_P(Transfer, ExportImportExportIsByteIdenticalAndBackAgain) {
  Source source;
  ASSERT_FALSE(HasFailure());
  // 49 records: the suspension of 2025-03-07 records closure_target's
  // warning (passed 03-05, no tick since) first, as a tick would.
  EXPECT_EQ(split_lines(source.text).size(), 1u + 2 + 3 + 49 + 1) << source.text;
  // One case opened through `wageflow serve` by an office (the CLI opens
  // cases for no office): the office goes along.
  if (fs::exists("/usr/bin/sqlite3")) {
    RunResult office = source.sandbox.run_raw(
        {"/usr/bin/sqlite3", source.sandbox.db(),
         "UPDATE cases SET office = '长春市劳动人事争议仲裁院' WHERE id = '" +
             source.history.awarded + "'"});
    ASSERT_EQ(office.exit_code, 0) << office.describe();
    ASSERT_EQ(source.sandbox.run({"export", "--out", "export.jsonl", "--force"}).exit_code, 0);
    source.text = read_file(source.file);
    EXPECT_NE(source.text.find(R"("office":"长春市劳动人事争议仲裁院")"), std::string::npos);
  }

  Sandbox target(backend());
  RunResult imported = target.run({"import", source.file.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.describe();
  EXPECT_EQ(imported.out,
            "imported 3 cases, 49 audit records, 2 definitions and 0 published versions from " +
                source.file.string() + "\n");
  EXPECT_EQ(imported.err, "") << "no progress lines for a small file";
  EXPECT_EQ(export_to(target, "again.jsonl"), source.text);
  EXPECT_EQ(cases_seen_by(target, source.history.ids()),
            cases_seen_by(source.sandbox, source.history.ids()));
  EXPECT_EQ(target.run({"audit", "verify"}).last_line(), "ok 49 records");
  EXPECT_EQ(target.run({"audit", "replay"}).last_line(), "ok 3 cases");

  // And back into a fresh SQLite database.
  Sandbox back(kSqlite);
  RunResult returned = back.run({"import", (target.dir() / "again.jsonl").string()});
  ASSERT_EQ(returned.exit_code, 0) << returned.describe();
  EXPECT_EQ(export_to(back, "back.jsonl"), source.text);

  // The numbering goes on after the imported cases.
  const std::string next =
      answer_of(target,
                {"case", "open", "wage-arbitration-fasttrack", "--actor", "李明", "--role",
                 "intake_clerk", "--set", "worker_name=赵六", "--set", "employer=某公司", "--set",
                 "region=长春市", "--set", "claim_amount=100"},
                "2025-06-01");
  EXPECT_EQ(next, "2025-000004");
}

TEST_P(Transfer, AnAlteredRecordInTheFileImportsNothing) {
  Source source;
  ASSERT_FALSE(HasFailure());
  std::vector<std::string> lines = split_lines(source.text);
  // The claim in the opening record of the last case, raised tenfold.
  const std::size_t line =
      line_with(lines, "\"case_id\":\"" + source.history.expired + "\",\"seq\":1,");
  ASSERT_NE(line, 0u);
  Json record = Json::parse(lines[line - 1]);
  const std::string data = record["data"];
  record["data"] = std::string(data).replace(data.find("32000.00"), 8, "320000.00");
  lines[line - 1] = record.dump();
  write_file(source.sandbox.dir() / "altered.jsonl", join_lines(lines));

  Sandbox target(backend());
  const std::string file = (source.sandbox.dir() / "altered.jsonl").string();
  RunResult imported = target.run({"import", file});
  EXPECT_EQ(imported.exit_code, 1) << imported.describe();
  EXPECT_EQ(imported.err, "wageflow: " + file + ":" + std::to_string(line - 1) + ": case " +
                              source.history.expired +
                              " seq 1: hash mismatch (the record was edited) (the file was "
                              "altered or damaged); nothing was imported\n");
  EXPECT_EQ(target.run({"case", "list"}).last_line(), "(no cases)");
  EXPECT_EQ(target.run({"audit", "verify"}).last_line(), "ok 0 records");
}

TEST_P(Transfer, ACaseIdTheDatabaseHasAlreadyImportsNothing) {
  Source source;
  ASSERT_FALSE(HasFailure());
  Sandbox target(backend());
  const std::string own = answer_of(target,
                                    {"case", "open", "legal-aid", "--actor", "吴咨询", "--role",
                                     "consultant", "--set", "channel=来访"},
                                    "2025-01-02");
  ASSERT_EQ(own, source.history.awarded);
  const std::string before = cases_seen_by(target, {own});

  RunResult imported = target.run({"import", source.file.string()});
  EXPECT_EQ(imported.exit_code, 1) << imported.describe();
  EXPECT_EQ(imported.err, "wageflow: " + source.file.string() + ":4: case " + own +
                              " already exists in the database with a different history (1 "
                              "audit records there, 13 in the file); nothing was imported\n");
  EXPECT_EQ(cases_seen_by(target, {own}), before);
  for (const std::string& id : {source.history.extended, source.history.expired}) {
    EXPECT_EQ(target.run({"case", "show", id}).exit_code, 1) << id << " was imported";
  }
}

TEST_P(Transfer, ImportingTheSameFileAgainLeavesTheImportedCasesAlone) {
  Source source;
  ASSERT_FALSE(HasFailure());
  Sandbox target(backend());
  ASSERT_EQ(target.run({"import", source.file.string()}).exit_code, 0);
  RunResult again = target.run({"import", source.file.string()});
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_EQ(again.out,
            "imported 0 cases, 0 audit records, 0 definitions and 0 published versions from " +
                source.file.string() + " (3 cases were already imported and were left alone)\n");
  EXPECT_EQ(export_to(target, "again.jsonl"), source.text);
}

const std::string kFasttrackFile =
    std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/wage-arbitration-fasttrack.yaml";

// The source's database with the shipped fast-track workflow published as
// version 1, exported to published.jsonl (line 4: the published version).
std::string export_with_published(const Source& source) {
  RunResult published = source.sandbox.run({"publish", kFasttrackFile, "--actor", "王管理"},
                                           "2025-01-20T10:00:00+08:00");
  EXPECT_EQ(published.exit_code, 0) << published.describe();
  return (source.sandbox.dir() / "published.jsonl").string();
}

// Format version 2: the published versions go along, so the new database
// gives new cases the version the old one did; the same file again adds
// nothing.
TEST_P(Transfer, PublishedVersionsGoAlongAndAreNotImportedTwice) {
  Source source;
  ASSERT_FALSE(HasFailure());
  const std::string file = export_with_published(source);
  const std::string text = export_to(source.sandbox, "published.jsonl");
  const std::vector<std::string> lines = split_lines(text);
  ASSERT_GT(lines.size(), 4u);
  EXPECT_EQ(lines[3], R"({"type":"published","workflow":"wage-arbitration-fasttrack","version":1,)"
                      R"("sha256":")" +
                          sha256_hex(read_file(kFasttrackFile)) +
                          R"(","published_by":"王管理","published_at":1737338400})");
  EXPECT_EQ(lines.back(), R"({"type":"end","definitions":2,"published":1,"cases":3,"records":49})");

  Sandbox target(backend());
  RunResult imported = target.run({"import", file});
  ASSERT_EQ(imported.exit_code, 0) << imported.describe();
  EXPECT_EQ(imported.out,
            "imported 3 cases, 49 audit records, 2 definitions and 1 published "
            "versions from " +
                file + "\n");
  const RunResult listed = target.run({"workflows"});
  EXPECT_NE(listed.out.find("王管理"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out, source.sandbox.run({"workflows"}).out);
  EXPECT_EQ(export_to(target, "again.jsonl"), text);

  RunResult again = target.run({"import", file});
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_EQ(again.out,
            "imported 0 cases, 0 audit records, 0 definitions and 0 published "
            "versions from " +
                file + " (3 cases were already imported and were left alone)\n");
  EXPECT_EQ(export_to(target, "twice.jsonl"), text);
}

TEST_P(Transfer, AVersionPublishedThereWithAnotherTextImportsNothing) {
  Source source;
  ASSERT_FALSE(HasFailure());
  const std::string file = export_with_published(source);
  export_to(source.sandbox, "published.jsonl");
  Sandbox target(backend());
  const std::string local = read_file(kFasttrackFile) + "# 本地修改\n";
  write_file(target.dir() / "fasttrack.yaml", local);
  ASSERT_EQ(target.run({"publish", "fasttrack.yaml", "--actor", "赵管理"}).exit_code, 0);
  const std::string listed = target.run({"workflows"}).out;

  RunResult imported = target.run({"import", file});
  EXPECT_EQ(imported.exit_code, 1) << imported.describe();
  EXPECT_EQ(imported.err, "wageflow: " + file +
                              ":4: published wage-arbitration-fasttrack version 1: the database "
                              "has another text published as this version (sha256 " +
                              sha256_hex(local) + "); nothing was imported\n");
  EXPECT_EQ(target.run({"case", "list"}).last_line(), "(no cases)");
  EXPECT_EQ(target.run({"workflows"}).out, listed);
}

// An export written by wageflow before 2026-12-01 (format version 2, by
// the build of b481098): case 2026-000001 accepted 2026-01-05 (award_limit
// 45 days: reaches 02-19 in the Spring Festival, rolls to 02-24), suspended
// 01-12 and resumed 01-21, which that wageflow counted to the rolled due
// date: 03-05; case 2026-000002 accepted the same day and never suspended.
// Its timers have no counted_to (docs/deadlines.md, "Suspension").
const fs::path kBeforeCountedTo =
    fs::path(WAGEFLOW_SOURCE_DIR) / "tests/e2e/data/export-v2-before-counted-to.jsonl";

// The line of `case show` about `timer`.
std::string timer_line(const Sandbox& sandbox, const std::string& id, const std::string& timer) {
  RunResult shown = sandbox.run({"case", "show", id});
  EXPECT_EQ(shown.exit_code, 0) << shown.describe();
  for (const std::string& line : split_lines(shown.out)) {
    if (line.find("(" + timer + ")") != std::string::npos &&
        line.find("截止") != std::string::npos) {
      return line;
    }
  }
  ADD_FAILURE() << "no line of " << timer << " in\n" << shown.out;
  return "";
}

// Files written by a wageflow before format version 3 (timers without
// counted_to) and before version 2 (besides, no published lines and no
// published count) import as before, and export again as version 3 with
// counted_to "".
TEST_P(Transfer, AVersionOneOrTwoFileStillImports) {
  const std::string old_text = read_file(kBeforeCountedTo);
  const std::vector<std::string> version_two = split_lines(old_text);
  ASSERT_EQ(version_two.front(), R"({"format":"wageflow-export","version":2})");
  const std::string expected =
      std::regex_replace(std::regex_replace(old_text, std::regex(R"re(("due_date":"[^"]*",))re"),
                                            R"re($1"counted_to":"",)re"),
                         std::regex(R"re("version":2\})re"), R"re("version":3})re");
  ASSERT_NE(expected.find(R"("counted_to":"")"), std::string::npos);
  for (int version : {1, 2}) {
    SCOPED_TRACE("version " + std::to_string(version));
    std::vector<std::string> lines = version_two;
    if (version == 1) {
      lines.front() = R"({"format":"wageflow-export","version":1})";
      const std::string count = R"("published":0,)";
      ASSERT_NE(lines.back().find(count), std::string::npos) << lines.back();
      lines.back().erase(lines.back().find(count), count.size());
    }
    Sandbox target(backend());
    write_file(target.dir() / "old.jsonl", join_lines(lines));
    RunResult imported = target.run({"import", "old.jsonl"});
    ASSERT_EQ(imported.exit_code, 0) << imported.describe();
    EXPECT_EQ(imported.out,
              "imported 2 cases, 18 audit records, 1 definitions and 0 published versions from "
              "old.jsonl\n");
    EXPECT_EQ(export_to(target, "new.jsonl"), expected);
  }
}

// Timers counted before wageflow kept counted_to replay as they were
// recorded and keep counting to their due date, until `timers recompute
// --all` counts them again: the suspended one gets its lawful due date
// (38 days after 01-21: Sat 02-28, a make-up working day), the other keeps
// 02-24 and now counts a suspension to 02-19.
TEST_P(Transfer, TimersCountedBeforeCountedToAreCountedLawfullyAfterARecount) {
  Sandbox target(backend());
  fs::copy_file(kBeforeCountedTo, target.dir() / "old.jsonl");
  ASSERT_EQ(target.run({"import", "old.jsonl"}).exit_code, 0);
  RunResult replayed = target.run({"audit", "replay"});
  EXPECT_EQ(replayed.exit_code, 0) << replayed.describe();
  EXPECT_NE(timer_line(target, "2026-000001", "award_limit").find("截止 2026-03-05"),
            std::string::npos);

  RunResult recounted = target.run({"timers", "recompute", "--all"}, "2026-01-22T09:00:00+08:00");
  EXPECT_EQ(recounted.exit_code, 0) << recounted.describe();
  EXPECT_EQ(recounted.out,
            "2026-000001 award_limit: due 2026-03-05 -> 2026-02-28\n"
            "counted again 1 due date(s) of 1 case(s); 3 unchanged; 0 still provisional (their "
            "year is not in the calendar yet); 0 to count by hand\n");
  EXPECT_NE(timer_line(target, "2026-000001", "award_limit").find("截止 2026-02-28"),
            std::string::npos);
  EXPECT_NE(timer_line(target, "2026-000002", "award_limit").find("截止 2026-02-24"),
            std::string::npos);

  // Suspended 01-26, resumed 02-02: 24 days left to 02-19 (29 to the rolled
  // 02-24 would give 03-03): due Thu 2026-02-26.
  EXPECT_EQ(target
                .run({"case", "suspend", "2026-000002", "--actor", "钱仲裁", "--role", "arbitrator",
                      "--comment", "中止"},
                     "2026-01-26T09:00:00+08:00")
                .exit_code,
            0);
  EXPECT_EQ(target
                .run({"case", "resume", "2026-000002", "--actor", "钱仲裁", "--role", "arbitrator"},
                     "2026-02-02T09:00:00+08:00")
                .exit_code,
            0);
  EXPECT_NE(timer_line(target, "2026-000002", "award_limit").find("截止 2026-02-26"),
            std::string::npos);
  replayed = target.run({"audit", "replay"});
  EXPECT_EQ(replayed.exit_code, 0) << replayed.describe();
}

// After an import that stopped part-way (here: one of the first cases
// only), running the whole file again imports the rest.
TEST_P(Transfer, ARunAfterAPartialImportImportsTheRest) {
  const std::string single = one_case_export();
  Sandbox target(backend());
  write_file(target.dir() / "first.jsonl", generated_export(single, 1200));
  write_file(target.dir() / "all.jsonl", generated_export(single, 3000));
  ASSERT_EQ(target.run({"import", "first.jsonl", "--batch-size", "500"}).exit_code, 0);
  RunResult rest = target.run({"import", "all.jsonl", "--batch-size", "500"});
  EXPECT_EQ(rest.exit_code, 0) << rest.describe();
  EXPECT_EQ(rest.out,
            "imported 1800 cases, 3600 audit records, 0 definitions and 0 published versions from "
            "all.jsonl (1200 cases were already imported and were left alone)\n");
  EXPECT_EQ(rest.err,
            "imported 500/1800 cases\nimported 1000/1800 cases\nimported 1500/1800 cases\n"
            "imported 1800/1800 cases\n");
  EXPECT_EQ(export_to(target, "again.jsonl"), read_file(target.dir() / "all.jsonl"));
}

WAGEFLOW_ON_EVERY_BACKEND(Transfer);

// ---- the file's form (SQLite is enough: nothing reaches the database) ----

struct BadFile {
  const char* name;
  std::function<void(std::vector<std::string>&)> change;
  std::function<std::string(const std::vector<std::string>&)> expected;  // stderr after "FILE"
};

// Replaces `from` by `to` in the first case line that holds it.
void edit_case_line(std::vector<std::string>& lines, const std::string& from,
                    const std::string& to) {
  for (std::string& line : lines) {
    const std::size_t at = line.find(from);
    if (line.rfind(R"({"type":"case")", 0) != 0 || at == std::string::npos) continue;
    line.replace(at, from.size(), to);
    return;
  }
  ADD_FAILURE() << "no case line holds " << from;
}

// "seq 14 (correct)": the last audit record of the first case, read from its lines.
std::string last_record_of_first_case(const std::vector<std::string>& lines) {
  const std::int64_t count = Json::parse(lines[3])["audit_seq"];
  const Json last = Json::parse(lines[3 + count]);
  const std::string event = last["event"];
  return "seq " + std::to_string(count) + " (" + last["kind"].get<std::string>() +
         (event.empty() ? "" : " " + event) + ")";
}

TEST(TransferFile, AMalformedFileIsRefusedWithFileAndLineAndImportsNothing) {
  Source source;
  ASSERT_FALSE(HasFailure());
  // Line 1 is the header, 2-3 the definitions, 4 the first case, 5 its
  // first audit record.
  const std::vector<BadFile> cases = {
      {"a line that is not JSON", [](auto& lines) { lines[3] = "{\"type\":\"case\","; },
       [](auto&) { return ":4: not valid JSON"; }},
      {"a key the format does not have",
       [](auto& lines) { lines[3].insert(1, "\"colour\":\"red\","); },
       [](auto&) { return ":4: the case has a key 'colour' this format does not have"; }},
      {"a number where text belongs",
       [](auto& lines) {
         Json c = Json::parse(lines[3]);
         c["state"] = 7;
         lines[3] = c.dump();
       },
       [](auto&) { return ":4: the case: 'state' must be a string"; }},
      {"the end line cut off", [](auto& lines) { lines.pop_back(); },
       [](auto& lines) {
         return ": ends at line " + std::to_string(lines.size()) +
                " without its end line: the file is incomplete (cut short?)";
       }},
      {"an audit record before its case line", [](auto& lines) { std::swap(lines[3], lines[4]); },
       [](auto&) { return ":4: an audit record with no case line before it"; }},
      {"an audit record moved to the end", [](auto& lines) { std::swap(lines[5], lines.back()); },
       [](auto&) {
         return ":4: case 2025-000001: record seq 2 is missing (the case has 13 records) (the "
                "file was altered or damaged)";
       }},
      {"an audit record of another case among a case's",
       [](auto& lines) {
         Json record = Json::parse(lines[5]);
         record["case_id"] = "2025-000002";
         lines[5] = record.dump();
       },
       [](auto&) {
         return ":6: an audit record of case 2025-000002 among those of case 2025-000001";
       }},
      {"a definition whose text was changed",
       [](auto& lines) {
         Json d = Json::parse(lines[1]);
         d["yaml"] = d["yaml"].get<std::string>() + "# edited\n";
         lines[1] = d.dump();
       },
       [](auto& lines) {
         Json d = Json::parse(lines[1]);
         return ":2: definition " + d["workflow"].get<std::string>() +
                " version 1: its text does not hash to its sha256 " +
                d["sha256"].get<std::string>() + " (altered?)";
       }},
      {"a newer format",
       [](auto& lines) { lines[0] = R"({"format":"wageflow-export","version":4})"; },
       [](auto&) {
         return ":1: export format version 4; this wageflow reads versions 1 to 3: upgrade "
                "wageflow";
       }},
      {"a published version whose definition is nowhere",
       [](auto& lines) {
         lines.insert(lines.begin() + 3,
                      R"({"type":"published","workflow":"legal-aid","version":1,"sha256":")" +
                          std::string(64, '0') + R"(","published_by":"x","published_at":0})");
       },
       [](auto&) {
         return ":4: published legal-aid version 1: its definition " + std::string(64, '0') +
                " is neither in the file nor in the database";
       }},
      {"a published version naming another version's text",
       [](auto& lines) {
         Json d = Json::parse(lines[1]);
         Json p = {{"type", "published"},   {"workflow", d["workflow"]}, {"version", 2},
                   {"sha256", d["sha256"]}, {"published_by", "x"},       {"published_at", 0}};
         lines.insert(lines.begin() + 3, p.dump());
       },
       [](auto& lines) {
         Json d = Json::parse(lines[1]);
         const std::string workflow = d["workflow"];
         return ":4: published " + workflow + " version 2: its definition is " + workflow +
                " version 1";
       }},
      {"not an export at all", [](auto& lines) { lines = {R"({"hello":"world"})"}; },
       [](auto&) {
         return ":1: not a wageflow export (the first line must be "
                "{\"format\":\"wageflow-export\",...})";
       }},
      {"an unknown state",
       [](auto& lines) {
         Json c = Json::parse(lines[3]);
         c["state"] = "limbo";
         lines[3] = c.dump();
       },
       [](auto&) { return ":4: case 2025-000001 is in state 'limbo', unknown to its definition"; }},
      // A case line is not hash-chained: only a replay of its trail finds it edited.
      {"a case line whose award was raised",
       [](auto& lines) {
         edit_case_line(lines, R"(award_amount\":\"8100.00)", R"(award_amount\":\"81000.00)");
       },
       [](auto& lines) {
         return ":4: its case line does not agree with its audit trail: case 2025-000001: after " +
                last_record_of_first_case(lines) +
                ": data field award_amount is 8100.00, stored 81000.00 (the file was altered or "
                "damaged)";
       }},
      {"a case line moved back to another state",
       [](auto& lines) {
         edit_case_line(lines, "\"state\":\"awarded\"", "\"state\":\"mediation\"");
       },
       [](auto& lines) {
         return ":4: its case line does not agree with its audit trail: case 2025-000001: after " +
                last_record_of_first_case(lines) +
                ": state is awarded, stored mediation (the file was altered or damaged)";
       }},
      {"a case line whose office holds a terminal escape",
       [](auto& lines) {
         Json c = Json::parse(lines[3]);
         c["office"] = "长春\x1b[31m市";
         lines[3] = c.dump();
       },
       [](auto&) {
         return ":4: case 2025-000001: its office is not accepted: it holds a control character "
                "(such as ESC or a tab): type the name again (the file was altered or damaged)";
       }},
      {"two case lines edited: the first is named",
       [](auto& lines) {
         edit_case_line(lines, R"(claim_amount\":\"32000.00)", R"(claim_amount\":\"3200.00)");
         edit_case_line(lines, "\"state\":\"awarded\"", "\"state\":\"mediation\"");
       },
       [](auto& lines) {
         return ":4: its case line does not agree with its audit trail: case 2025-000001: after " +
                last_record_of_first_case(lines) +
                ": state is awarded, stored mediation (the file was altered or damaged)";
       }},
  };
  const std::vector<std::string> original = split_lines(source.text);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Sandbox target;
    std::vector<std::string> lines = original;
    c.change(lines);
    write_file(target.dir() / "bad.jsonl", join_lines(lines));
    RunResult imported = target.run({"import", "bad.jsonl"});
    EXPECT_EQ(imported.exit_code, 1) << imported.describe();
    EXPECT_EQ(imported.err, "wageflow: bad.jsonl" + c.expected(lines) + "; nothing was imported\n");
    EXPECT_EQ(target.run({"case", "list"}).last_line(), "(no cases)");
  }
}

TEST(TransferFile, ExportRefusesToOverwriteAFileWithoutForce) {
  Sandbox sandbox;
  write_file(sandbox.dir() / "kept.jsonl", "precious\n");
  RunResult refused = sandbox.run({"export", "--out", "kept.jsonl"});
  EXPECT_EQ(refused.exit_code, 1) << refused.describe();
  EXPECT_EQ(refused.err,
            "wageflow: kept.jsonl exists already; nothing was written (use --force to overwrite "
            "it)\n");
  EXPECT_EQ(read_file(sandbox.dir() / "kept.jsonl"), "precious\n");
  RunResult forced = sandbox.run({"export", "--out", "kept.jsonl", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.describe();
  EXPECT_EQ(read_file(sandbox.dir() / "kept.jsonl"),
            "{\"format\":\"wageflow-export\",\"version\":3}\n"
            "{\"type\":\"end\",\"definitions\":0,\"published\":0,\"cases\":0,\"records\":0}\n");
  EXPECT_EQ(fs::status(sandbox.dir() / "kept.jsonl").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write)
      << "the file holds personal data";
}

// ---- large files ----------------------------------------------------------

// Cases are replayed on another thread, many at a time: the first edited
// case in file order is named, however far into the file.
TEST(TransferFile, AnEditedCaseLineFarIntoAFileIsNamedAndNothingIsImported) {
  std::vector<std::string> lines = split_lines(generated_export(one_case_export(), 300));
  const std::size_t first = line_with(lines, R"({"type":"case","id":"2025-000200",)");
  const std::size_t second = line_with(lines, R"({"type":"case","id":"2025-000250",)");
  ASSERT_FALSE(HasFailure());
  for (const std::size_t line : {second, first}) {
    const std::size_t at = lines[line - 1].find(R"("state":"intake")");
    ASSERT_NE(at, std::string::npos) << lines[line - 1];
    lines[line - 1].replace(at, 16, R"("state":"accepted")");
  }
  Sandbox target;
  write_file(target.dir() / "edited.jsonl", join_lines(lines));
  RunResult imported = target.run({"import", "edited.jsonl"});
  EXPECT_EQ(imported.exit_code, 1) << imported.describe();
  EXPECT_EQ(imported.err, "wageflow: edited.jsonl:" + std::to_string(first) +
                              ": its case line does not agree with its audit trail: case "
                              "2025-000200: after seq 2 (timer_start acceptance_decision): state "
                              "is intake, stored accepted (the file was altered or damaged); "
                              "nothing was imported\n");
  EXPECT_EQ(target.run({"case", "list"}).last_line(), "(no cases)");
}

TEST(TransferFile, ALargeFileIsImportedInBatchesWithProgress) {
  constexpr int kCases = 20000;
  const std::string text = generated_export(one_case_export(), kCases);
  Sandbox target;
  write_file(target.dir() / "large.jsonl", text);
  RunResult imported = target.run({"import", "large.jsonl"});
  ASSERT_EQ(imported.exit_code, 0) << imported.describe();
  EXPECT_EQ(
      imported.out,
      "imported 20000 cases, 40000 audit records, 1 definitions and 0 published versions from "
      "large.jsonl\n");
  std::string progress =
      "checked 10000 cases (nothing written yet)\n"
      "checked 20000 cases (nothing written yet)\n";
  for (int done = 1000; done <= kCases; done += 1000) {
    progress += "imported " + std::to_string(done) + "/20000 cases\n";
  }
  EXPECT_EQ(imported.err, progress) << "a line per 10000 cases checked, per batch of 1000 written";

  EXPECT_EQ(export_to(target, "again.jsonl"), text);
  RunResult replayed = target.run({"audit", "replay"});
  EXPECT_EQ(replayed.exit_code, 0) << replayed.describe();
  EXPECT_EQ(replayed.out, "ok 20000 cases\n");
  EXPECT_EQ(line_count(replayed.err), 20) << replayed.err;
  EXPECT_EQ(split_lines(replayed.err).front(), "replayed 1000/20000 cases");
  EXPECT_EQ(answer_of(target,
                      {"case", "open", "wage-arbitration-fasttrack", "--actor", "李明", "--role",
                       "intake_clerk", "--set", "worker_name=赵六", "--set", "employer=某公司",
                       "--set", "region=长春市", "--set", "claim_amount=100"},
                      "2025-06-01"),
            "2025-020001");
}

}  // namespace
}  // namespace wageflow::e2e
