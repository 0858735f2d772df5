// case_history(): which due date a binding deadline is judged by. A due
// date counted again (`timer_recompute`, docs/deadlines.md) replaces the
// provisional one, as an extension's does.
#include "adapters/report/case_history.h"

#include <gtest/gtest.h>

#include "engine/runtime/codec.h"

namespace wageflow::report {
namespace {

Instant at(const char* text) {
  return *parse_instant(text, 8 * 60);
}

std::shared_ptr<const Definition> fasttrack() {
  LoadOptions options;
  options.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_file(
      std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/wage-arbitration-fasttrack.yaml", options,
      &diagnostics);
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error());
  return loaded.ok() ? loaded.value() : nullptr;
}

StoredAuditRecord record(std::int64_t seq, const char* when, const std::string& kind,
                         const std::string& event, const std::string& data,
                         const std::string& from = "intake", const std::string& to = "intake") {
  AuditRecord r{at(when), "system", "system", kind, event, from, to, data, ""};
  return StoredAuditRecord{"2026-000001", seq, r, "", ""};
}

TEST(CaseHistory, ABindingDeadlineCountedAgainIsJudgedByItsNewDueDate) {
  auto d = fasttrack();
  ASSERT_TRUE(d);
  // Provisional due 2027-01-04 (24:00 = 01-04T16:00Z), counted again to
  // 2027-01-05; the case is rejected (closed) during 01-05.
  const std::vector<StoredAuditRecord> opened = {
      record(1, "2026-12-28T09:00:00+08:00", "open", "", "{}", "", "intake"),
      record(2, "2026-12-28T09:00:00+08:00", "timer_start", "acceptance_decision",
             R"({"due":"2027-01-04","due_at":"2027-01-04T16:00:00Z","provisional":"true"})"),
  };
  const StoredAuditRecord recount =
      record(3, "2026-12-30T09:00:00+08:00", "timer_recompute", "acceptance_decision",
             R"({"due":"2027-01-05","due_at":"2027-01-05T16:00:00Z"})");
  const std::vector<StoredAuditRecord> closed = {
      record(4, "2027-01-05T10:00:00+08:00", "fire", "reject", "{}", "intake", "rejected"),
      record(5, "2027-01-05T10:00:00+08:00", "timer_stop", "acceptance_decision", "{}"),
  };
  std::vector<StoredAuditRecord> without = opened;
  without.insert(without.end(), closed.begin(), closed.end());
  std::vector<StoredAuditRecord> with = opened;
  with.push_back(recount);
  with.insert(with.end(), closed.begin(), closed.end());

  const Instant cut = at("2027-04-01T00:00:00+08:00");
  EXPECT_TRUE(case_history(*d, without, cut).binding_deadline_missed)
      << "on the provisional date the deadline was missed";
  EXPECT_FALSE(case_history(*d, with, cut).binding_deadline_missed);

  // Still open at a cut on 01-05 at noon: overdue only by the old date.
  std::vector<StoredAuditRecord> open_only = opened;
  const Instant noon = at("2027-01-05T12:00:00+08:00");
  EXPECT_TRUE(case_history(*d, open_only, noon).overdue_at_cut);
  open_only.push_back(recount);
  EXPECT_FALSE(case_history(*d, open_only, noon).overdue_at_cut);
}

// A binding timer that expired with its expiry event not fired leaves the
// case past its deadline with nothing moving it: overdue at the cut while
// the case stays in that state, as `case list --overdue` lists it.
TEST(CaseHistory, ABindingExpiryNotFiredIsOverdueWhileTheCaseStays) {
  auto d = fasttrack();
  ASSERT_TRUE(d);
  const std::vector<StoredAuditRecord> expired = {
      record(1, "2026-04-01T09:00:00+08:00", "open", "", "{}", "", "intake"),
      record(2, "2026-04-01T09:00:00+08:00", "timer_start", "acceptance_decision",
             R"({"due":"2026-04-09","due_at":"2026-04-09T16:00:00Z"})"),
      record(3, "2026-04-10T00:05:00+08:00", "timer_expire", "acceptance_decision", "{}"),
  };
  const StoredAuditRecord not_fired = record(
      4, "2026-04-10T00:05:00+08:00", "escalate", "acceptance_decision",
      R"({"refused":"event reject was not fired from state intake: the condition is not met: x; the case stays in state intake for staff to move on"})");
  struct Row {
    std::string what;
    std::vector<StoredAuditRecord> after;  // records after the expiry
    bool overdue;
  };
  const std::vector<Row> table = {
      {"fired (no refusal)", {}, false},
      {"not fired, the case still there", {not_fired}, true},
      {"not fired, a correction since",
       {not_fired, record(5, "2026-04-11T09:00:00+08:00", "correct", "", "{}")},
       true},
      {"not fired, moved on by staff",
       {not_fired,
        record(5, "2026-04-11T09:00:00+08:00", "fire", "accept", "{}", "intake", "accepted")},
       false},
      {"escalated to a role",
       {record(4, "2026-04-10T00:05:00+08:00", "escalate", "acceptance_decision",
               R"({"to_role":"director","due":"2026-04-09"})")},
       false},
  };
  for (const Row& row : table) {
    std::vector<StoredAuditRecord> trail = expired;
    trail.insert(trail.end(), row.after.begin(), row.after.end());
    EXPECT_EQ(case_history(*d, trail, at("2026-05-01T00:00:00+08:00")).overdue_at_cut, row.overdue)
        << row.what;
  }
}

// The figures read a field's value as of the cut: a correction before it
// counts, one after it does not (docs/reports.md).
TEST(CaseHistory, AValueCorrectedBeforeTheCutCountsWithItsCorrectedValue) {
  auto d = fasttrack();
  ASSERT_TRUE(d);
  const std::vector<StoredAuditRecord> trail = {
      record(1, "2026-04-01T09:00:00+08:00", "open", "", R"({"claim_amount":"8600.00"})", "",
             "intake"),
      record(2, "2026-04-03T09:00:00+08:00", "fire", "settle", R"({"recovered_amount":"800.00"})",
             "intake", "settled"),
      record(3, "2026-05-06T09:00:00+08:00", "correct", "",
             R"({"claim_amount":"8680.50","recovered_amount":"8000.00"})", "settled", "settled"),
  };
  const CaseHistory before = case_history(*d, trail, at("2026-05-01T00:00:00+08:00"));
  EXPECT_EQ(before.data.at("claim_amount"), "8600.00");
  EXPECT_EQ(before.data.at("recovered_amount"), "800.00");
  const CaseHistory after = case_history(*d, trail, at("2026-07-01T00:00:00+08:00"));
  EXPECT_EQ(after.data.at("claim_amount"), "8680.50");
  EXPECT_EQ(after.data.at("recovered_amount"), "8000.00");
  EXPECT_EQ(after.final_state, "settled");
  EXPECT_EQ(after.fired.size(), 1u) << "a correction is not an event";
}

}  // namespace
}  // namespace wageflow::report
