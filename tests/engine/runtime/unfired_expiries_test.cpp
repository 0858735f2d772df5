// Reading back from a trail why an expiry event was not fired, for the views
// and the report (engine/runtime/unfired_expiries.h): the last expiry of
// each timer counts; a timer started again, or a case moved on from where
// it stayed, has nothing more to say.
#include "engine/runtime/unfired_expiries.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace wageflow {
namespace {

// A record in state `waiting` (kind, timer or event, data).
StoredAuditRecord record(const std::string& kind, const std::string& timer,
                         const std::string& data = "{}") {
  StoredAuditRecord stored;
  stored.record.kind = kind;
  stored.record.event = timer;
  stored.record.from_state = "waiting";
  stored.record.to_state = "waiting";
  stored.record.data = data;
  return stored;
}

// A `fire` record moving the case from waiting to `to`.
StoredAuditRecord fired_to(const std::string& to) {
  StoredAuditRecord stored = record("fire", "move_on");
  stored.record.to_state = to;
  return stored;
}

const std::string kRefused =
    R"({"refused":"event lapse was not fired from state waiting: the condition is not met: claim_amount > 100000; the case stays in state waiting for staff to move on"})";
const std::string kReason =
    "event lapse was not fired from state waiting: the condition is not met: claim_amount > "
    "100000; the case stays in state waiting for staff to move on";

TEST(UnfiredExpiryView, TheLastExpiryOfEachTimerSaysWhyItsEventWasNotFired) {
  struct Row {
    const char* name;
    std::vector<StoredAuditRecord> trail;
    std::map<std::string, std::string> expected;
  };
  const std::vector<Row> rows = {
      {"no trail", {}, {}},
      {"an expiry that fired its event",
       {record("timer_start", "t"), record("timer_expire", "t"), record("fire", "lapse")},
       {}},
      {"an expiry whose event was not fired",
       {record("timer_start", "t"), record("timer_expire", "t"), record("escalate", "t", kRefused)},
       {{"t", kReason}}},
      {"an escalation to a role is no refusal",
       {record("timer_overdue", "t"), record("escalate", "t", R"({"to_role":"director"})")},
       {}},
      {"the timer started again since",
       {record("timer_expire", "t"), record("escalate", "t", kRefused), record("timer_start", "t")},
       {}},
      {"a later expiry fired",
       {record("timer_expire", "t"), record("escalate", "t", kRefused), record("timer_start", "t"),
        record("timer_expire", "t"), record("fire", "lapse")},
       {}},
      {"each timer on its own",
       {record("timer_expire", "t"), record("escalate", "t", kRefused), record("timer_expire", "u"),
        record("fire", "lapse")},
       {{"t", kReason}}},
      {"staff moved the case on since",
       {record("timer_expire", "t"), record("escalate", "t", kRefused), fired_to("review")},
       {}},
      {"an event that leaves the case where it was",
       {record("timer_expire", "t"), record("escalate", "t", kRefused), fired_to("waiting")},
       {{"t", kReason}}},
      {"data that is not JSON",
       {record("timer_expire", "t"), record("escalate", "t", "refused")},
       {}},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(expiries_not_fired(row.trail), row.expected) << row.name;
  }
}

}  // namespace
}  // namespace wageflow
