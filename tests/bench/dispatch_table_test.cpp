// DispatchTable against decide: for every state x event x role (and the
// system actor) x case status x field values x comment of every shipped
// workflow, the reference workflow of the benchmarks and decide's own test
// workflow, dispatch() moves to the state decide moves to, or refuses with
// the kind decide refuses with. Also: the reference workflow loads.
#include "engine/runtime/dispatch_table.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/runtime/decide_test_workflow.h"

namespace wageflow {
namespace {

std::string source(const std::string& relative) {
  return std::string(WAGEFLOW_SOURCE_DIR) + "/" + relative;
}

std::shared_ptr<const Definition> load_file(const std::string& path) {
  LoadOptions options;
  options.calendars_dir = source("workflows/calendars");
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_file(path, options, &diagnostics);
  for (const auto& d : diagnostics) ADD_FAILURE() << d.to_string();
  if (!loaded.ok()) {
    ADD_FAILURE() << path << ": " << loaded.error();
    return nullptr;
  }
  return *loaded;
}

std::shared_ptr<const Definition> load_text(const std::string& text, const std::string& name) {
  LoadOptions options;
  options.calendars_dir = source("workflows/calendars");
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_text(text, name, options, &diagnostics);
  if (!loaded.ok()) {
    ADD_FAILURE() << name << ": " << loaded.error();
    return nullptr;
  }
  return *loaded;
}

// A value of the field's type; `large` picks amounts and counts above
// every threshold of the workflows, else below.
Value sample(const FieldDef& field, bool large) {
  switch (field.type) {
    case FieldType::kString:
    case FieldType::kText:
      return std::string("张三");
    case FieldType::kEnum:
      return field.enum_values.empty() ? std::string() : field.enum_values.back();
    case FieldType::kInt:
      return std::int64_t{large ? 500 : 0};
    case FieldType::kMoney:
      return Money::from_yuan(large ? 900000 : 20000);
    case FieldType::kDate:
      return Date::from_ymd(2025, large ? 12 : 3, 1);
    case FieldType::kBool:
      return large;
  }
  return Value{};
}

// Field value sets: none set, all small, all large, every other field set,
// and (for guards comparing two money fields) large and small alternating.
std::vector<std::vector<Value>> data_variants(const Definition& d) {
  const std::size_t n = d.fields.size();
  std::vector<std::vector<Value>> variants(5, std::vector<Value>(n));
  for (std::size_t f = 0; f < n; ++f) {
    variants[1][f] = sample(d.fields[f], false);
    variants[2][f] = sample(d.fields[f], true);
    if (f % 2 == 0) variants[3][f] = sample(d.fields[f], false);
    variants[4][f] = sample(d.fields[f], f % 2 == 0);
  }
  return variants;
}

std::string describe(const Decision& decision, const Definition& d) {
  if (auto* outcome = std::get_if<Outcome>(&decision)) {
    return "moved to " + d.states[outcome->next.state].name;
  }
  const Refusal& refusal = std::get<Refusal>(decision);
  return "refused (" + std::to_string(static_cast<int>(refusal.kind)) + ") " + refusal.message;
}

std::string describe(const Dispatch& dispatch, const Definition& d) {
  switch (dispatch.kind) {
    case Dispatch::Kind::kMoved:
      return "moved to " + d.states[dispatch.to].name;
    case Dispatch::Kind::kExtendsTimer:
      return "extends a timer";
    case Dispatch::Kind::kRefused:
      break;
  }
  return "refused (" + std::to_string(static_cast<int>(dispatch.refusal)) + ")";
}

// Returns how many (input) combinations were compared.
int expect_agreement(const Definition& d) {
  const DispatchTable table(d);
  const Instant now{1737682200};
  int compared = 0;
  std::vector<RoleId> roles{kSystemRoleId};
  for (RoleId r = 0; r < static_cast<RoleId>(d.roles.size()); ++r) roles.push_back(r);
  const auto variants = data_variants(d);
  for (StateId state = 0; state < static_cast<StateId>(d.states.size()); ++state) {
    for (CaseStatus status : {CaseStatus::kActive, CaseStatus::kSuspended, CaseStatus::kClosed}) {
      for (EventId event = 0; event < static_cast<EventId>(d.events.size()); ++event) {
        for (RoleId role : roles) {
          for (std::size_t v = 0; v < variants.size(); ++v) {
            for (bool comment : {false, true}) {
              CaseSnapshot c;
              c.id = "2025-000001";
              c.workflow = d.id;
              c.version = d.version;
              c.state = state;
              c.status = status;
              c.data = variants[v];
              c.row_version = 3;
              c.opened_at = now;
              c.updated_at = now;
              const bool system = role == kSystemRoleId;
              Command command{Command::Kind::kFire,
                              system ? "system" : "alice",
                              system ? "system" : d.roles[role],
                              d.events[event],
                              {},
                              comment ? "reason given" : ""};
              const Decision decision = decide(d, c, command, now);
              const Dispatch dispatch = table.dispatch(state, status, c.data, event, role, comment);
              SCOPED_TRACE(d.id + ": state " + d.states[state].name + " status " +
                           std::to_string(static_cast<int>(status)) + " event " + d.events[event] +
                           " role " + command.role + " data variant " + std::to_string(v) +
                           (comment ? " with comment" : "") + ": decide " + describe(decision, d) +
                           ", dispatch " + describe(dispatch, d));
              ++compared;
              if (dispatch.kind == Dispatch::Kind::kExtendsTimer) {
                EXPECT_TRUE(d.timer_extended_by(event).has_value());
                continue;
              }
              if (auto* outcome = std::get_if<Outcome>(&decision)) {
                EXPECT_EQ(dispatch.kind, Dispatch::Kind::kMoved);
                if (dispatch.kind != Dispatch::Kind::kMoved) continue;
                EXPECT_EQ(dispatch.to, outcome->next.state);
                EXPECT_EQ(d.transitions[dispatch.row].to, outcome->next.state);
              } else {
                EXPECT_EQ(dispatch.kind, Dispatch::Kind::kRefused);
                EXPECT_EQ(dispatch.refusal, std::get<Refusal>(decision).kind);
              }
            }
          }
        }
      }
    }
  }
  return compared;
}

TEST(ReferenceWorkflowTest, LoadsWithSixStatesAndTheAwardGuard) {
  auto d = load_file(source("tests/bench/reference.yaml"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->id, "bench-reference");
  ASSERT_EQ(d->states.size(), 6u);
  EXPECT_EQ(d->states[d->initial_state()].name, "intake");
  const auto award = d->event_id("award");
  ASSERT_TRUE(award);
  const auto hearing = d->state_id("hearing");
  ASSERT_TRUE(hearing);
  const auto& rows = d->rows(*hearing, *award);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_TRUE(d->transitions[rows[0]].guard.has_value());
  EXPECT_EQ(d->transitions[rows[0]].guard->text(), "claim_amount <= 50000");
}

TEST(ReferenceWorkflowTest, AwardGuardDecidesOnTheClaimAmount) {
  auto d = load_file(source("tests/bench/reference.yaml"));
  ASSERT_TRUE(d);
  const DispatchTable table(*d);
  std::vector<Value> data(d->fields.size());
  data[*d->field_id("worker_name")] = std::string("张三");
  const FieldId claim = *d->field_id("claim_amount");
  for (auto [yuan, moves] : {std::pair{50000, true}, {50001, false}, {100, true}}) {
    SCOPED_TRACE("claim " + std::to_string(yuan));
    data[claim] = Money::from_yuan(yuan);
    const Dispatch answer = table.dispatch(*d->state_id("hearing"), CaseStatus::kActive, data,
                                           *d->event_id("award"), 0, false);
    if (moves) {
      ASSERT_EQ(answer.kind, Dispatch::Kind::kMoved);
      EXPECT_EQ(answer.to, *d->state_id("awarded"));
    } else {
      ASSERT_EQ(answer.kind, Dispatch::Kind::kRefused);
      EXPECT_EQ(answer.refusal, Refusal::Kind::kGuardFailed);
    }
  }
}

class DispatchAgreesWithDecideTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DispatchAgreesWithDecideTest, OnEveryStateEventRoleStatusAndDataVariant) {
  auto d = load_file(source(GetParam()));
  ASSERT_TRUE(d);
  EXPECT_GT(expect_agreement(*d), 100);
}

INSTANTIATE_TEST_SUITE_P(ShippedAndReference, DispatchAgreesWithDecideTest,
                         ::testing::Values("workflows/wage-arbitration-fasttrack.yaml",
                                           "workflows/wage-arbitration.yaml",
                                           "workflows/legal-aid.yaml",
                                           "tests/bench/reference.yaml"),
                         [](const auto& info) {
                           std::string name = info.param.substr(info.param.rfind('/') + 1);
                           name = name.substr(0, name.find('.'));
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(DispatchAgreesWithDecideTest, OnDecidesOwnTestWorkflow) {
  auto d = load_text(testing::kDecideTestWorkflow, "decide-test.yaml");
  ASSERT_TRUE(d);
  EXPECT_GT(expect_agreement(*d), 100);
}

}  // namespace
}  // namespace wageflow
