// storage/json_rows.h: the rows a PostgreSQL commit passes as JSON to
// json_populate_recordset. Every column must come back as written, absent
// instants as null, and a text that is not UTF-8 must be reported.
#include "storage/json_rows.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "storage/soci_rows.h"

namespace wageflow {
namespace {

std::vector<std::string> keys(const nlohmann::json& object) {
  std::vector<std::string> names;
  for (const auto& [key, value] : object.items()) names.push_back(key);
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

TEST(JsonRowsTest, TimersComeBackWithEveryColumnAndNullForAbsentInstants) {
  TimerRecord full;
  full.name = "award";
  full.status = "running";
  full.started_at = 1737680000;
  full.due_date = "2025-03-10";
  full.due_at = 1741622399;
  full.warn_at = 1741190400;
  full.provisional = true;
  full.extensions_used = 1;
  full.paused_at = 1740000000;
  full.escalated = true;
  full.explanation = "45日内裁决（\"延长\"一次15日）\n\t\\";
  full.next_action_at = 1741190400;
  TimerRecord bare;
  bare.name = "accept";
  bare.status = "stopped";
  bare.explanation = "";

  std::string out;
  ASSERT_TRUE(json_rows::append_timers(out, "2025-000001", {full, bare}));
  const nlohmann::json rows = nlohmann::json::parse(out);
  ASSERT_EQ(rows.size(), 2u);
  const auto columns = sorted(soci_rows::column_names(soci_rows::kTimerColumns));
  EXPECT_EQ(keys(rows[0]), columns);
  EXPECT_EQ(keys(rows[1]), columns);
  EXPECT_EQ(rows[0]["case_id"], "2025-000001");
  EXPECT_EQ(rows[0]["explanation"], full.explanation);
  EXPECT_EQ(rows[0]["warn_at"], 1741190400);
  EXPECT_EQ(rows[0]["paused_at"], 1740000000);
  EXPECT_EQ(rows[0]["provisional"], 1);
  EXPECT_EQ(rows[0]["escalated"], 1);
  EXPECT_EQ(rows[0]["extensions_used"], 1);
  EXPECT_EQ(rows[0]["due_at"], 1741622399);
  EXPECT_TRUE(rows[1]["warn_at"].is_null());
  EXPECT_TRUE(rows[1]["paused_at"].is_null());
  EXPECT_TRUE(rows[1]["next_action_at"].is_null());
  EXPECT_EQ(rows[1]["provisional"], 0);
  EXPECT_EQ(rows[1]["due_date"], "");

  std::string none;
  ASSERT_TRUE(json_rows::append_timers(none, "2025-000001", {}));
  EXPECT_EQ(none, "[]");
}

TEST(JsonRowsTest, AuditRecordsComeBackWithEveryColumnInTheirOrder) {
  std::vector<StoredAuditRecord> records(2);
  for (int i = 0; i < 2; ++i) {
    StoredAuditRecord& s = records[i];
    s.case_id = "2025-000002";
    s.seq = 7 + i;
    s.record.at = Instant{1737680000 + i};
    s.record.actor = "李明";
    s.record.role = "clerk";
    s.record.kind = "fire";
    s.record.event = "accept";
    s.record.from_state = "intake";
    s.record.to_state = "accepted";
    s.record.data = R"({"claim_amount":"3000"})";
    s.record.comment = i == 0 ? "" : "材料齐全";
    s.prev_hash = std::string(64, '0' + i);
    s.hash = std::string(64, 'a' + i);
  }
  std::string out;
  ASSERT_TRUE(json_rows::append_audit_records(out, records));
  const nlohmann::json rows = nlohmann::json::parse(out);
  ASSERT_EQ(rows.size(), 2u);
  const auto columns = sorted(soci_rows::column_names(soci_rows::kAuditColumns));
  for (int i = 0; i < 2; ++i) {
    SCOPED_TRACE("row " + std::to_string(i));
    EXPECT_EQ(keys(rows[i]), columns);
    EXPECT_EQ(rows[i]["seq"], 7 + i);
    EXPECT_EQ(rows[i]["at"], 1737680000 + i);
    EXPECT_EQ(rows[i]["data"], records[i].record.data);
    EXPECT_EQ(rows[i]["comment"], records[i].record.comment);
    EXPECT_EQ(rows[i]["prev_hash"], records[i].prev_hash);
    EXPECT_EQ(rows[i]["hash"], records[i].hash);
    EXPECT_EQ(rows[i]["actor"], "李明");
  }
}

TEST(JsonRowsTest, TextThatIsNotUtf8IsReported) {
  const std::vector<std::string> bad = {"\xff", "abc\xc3", "\xed\xa0\x80"};
  for (const std::string& text : bad) {
    SCOPED_TRACE(testing::PrintToString(text));
    TimerRecord t;
    t.name = "award";
    t.explanation = text;
    std::string timers;
    EXPECT_FALSE(json_rows::append_timers(timers, "2025-000001", {t}));
    StoredAuditRecord r;
    r.record.comment = text;
    std::string records;
    EXPECT_FALSE(json_rows::append_audit_records(records, {r}));
  }
}

}  // namespace
}  // namespace wageflow
