// The role matrix: every role of the shipped workflows against every event
// of each shipped workflow (and suspend, resume and correct), over HTTP. Who may do
// what is read from the workflow file's role lists; the server must agree:
// 200 and the move for a role the file allows, 403 and no change for any
// other role (including roles of other workflows only).
#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "api/support/fixture.h"
#include "engine/definition/definition.h"

namespace wageflow::api {
namespace {

using Param = std::tuple<std::string, std::string>;  // backend, workflow file stem

constexpr const char* kOffice = "长春市";

std::shared_ptr<const Definition> load(const std::string& workflow) {
  LoadOptions options;
  options.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_file(
      std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/" + workflow + ".yaml", options, &diagnostics);
  if (!loaded) throw std::runtime_error("cannot load " + workflow + ": " + loaded.error());
  return *loaded;
}

// Every role of every shipped workflow.
std::vector<std::string> all_roles() {
  std::set<std::string> roles;
  for (const char* w : {"wage-arbitration-fasttrack", "wage-arbitration", "legal-aid"}) {
    const auto d = load(w);
    roles.insert(d->roles.begin(), d->roles.end());
  }
  return {roles.begin(), roles.end()};
}

bool listed(const std::vector<RoleId>& allowed, RoleId role) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), role) != allowed.end();
}

// A value of the right form for every field, chosen so that the shipped
// guards hold (awards within the claim, hearings after their notice).
// A value for every field, so that every guard of the shipped workflows
// holds. Values the workflow computes (`set:`) are not given at opening:
// case_in corrects them in, as a clerk would have to.
Json all_values(const Definition& d) {
  Json values = Json::object();
  for (const FieldDef& f : d.fields) {
    switch (f.type) {
      case FieldType::kMoney:
        values[f.name] = f.name == "claim_amount" ? "8600" : "100";
        break;
      case FieldType::kDate:
        values[f.name] = f.name == "hearing_notice_date" ? "2025-02-10" : "2025-02-20";
        break;
      case FieldType::kBool:
        values[f.name] = true;
        break;
      case FieldType::kInt:
        values[f.name] = 1;
        break;
      case FieldType::kEnum:
        values[f.name] = f.enum_values.front();
        break;
      default:
        const std::string pattern = f.pattern ? f.pattern->source() : "";
        if (pattern == "^[0-9]{17}[0-9X]$") {
          values[f.name] = "220106199001011234";
        } else if (pattern == "^1[3-9][0-9]{9}$") {
          values[f.name] = "13812341234";
        } else if (pattern.empty()) {
          values[f.name] = "测试";
        }
    }
  }
  return values;
}

bool computed_after_opening(const Definition& d, const std::string& field) {
  const FieldId id = *d.field_id(field);
  return !d.computed_by(id).empty() && !d.fields[id].required;
}

class RoleMatrix : public ::testing::TestWithParam<Param> {
 protected:
  void SetUp() override {
    if (std::get<0>(GetParam()) == kPostgresql) {
      WAGEFLOW_REQUIRE_POSTGRES();
    }
    definition_ = load(std::get<1>(GetParam()));
    server_ = std::make_unique<ApiServer>(std::get<0>(GetParam()));
    roles_ = all_roles();
    for (const auto& role : roles_)
      tokens_[role] = server_->add_user("as_" + role, {role}, kOffice);
    driver_ = server_->add_user("driver", roles_, "", true);
    server_->start();
  }

  ApiClient as(const std::string& role) const {
    return ApiClient(server_->port(), tokens_.at(role));
  }
  ApiClient driver() const { return ApiClient(server_->port(), driver_); }

  // The events, in order, that lead from the initial state to `target`
  // (breadth first over the transition table, any role).
  std::vector<EventId> path_to(StateId target) const {
    const Definition& d = *definition_;
    std::map<StateId, std::vector<EventId>> paths{{d.initial_state(), {}}};
    std::deque<StateId> queue{d.initial_state()};
    while (!queue.empty()) {
      const StateId state = queue.front();
      queue.pop_front();
      if (state == target) return paths[state];
      for (EventId event = 0; event < static_cast<EventId>(d.events.size()); ++event) {
        for (int row : d.rows(state, event)) {
          const StateId next = d.transitions[row].to;
          if (paths.count(next) || d.states[next].final) continue;
          paths[next] = paths[state];
          paths[next].push_back(event);
          queue.push_back(next);
        }
      }
    }
    throw std::runtime_error("state " + d.states[target].name + " cannot be reached");
  }

  // The state an event fires from in this test: the nearest state with a
  // row for it; for an extension, the state its timer starts in.
  StateId source_of(EventId event) const {
    const Definition& d = *definition_;
    if (auto timer = d.timer_extended_by(event)) {
      const TimerCondition& start = d.timers[*timer].start;
      if (start.kind == TimerCondition::Kind::kEnter) return start.ids.front();
      for (const auto& row : d.transitions) {
        if (row.event == start.ids.front()) return row.to;
      }
    }
    std::vector<StateId> by_distance;
    for (StateId s = 0; s < static_cast<StateId>(d.states.size()); ++s) {
      if (!d.rows(s, event).empty() && !d.states[s].final) by_distance.push_back(s);
    }
    std::stable_sort(by_distance.begin(), by_distance.end(),
                     [&](StateId a, StateId b) { return path_to(a).size() < path_to(b).size(); });
    return by_distance.front();
  }

  // A new case (office 长春市) driven to `state`; returns its id.
  std::string case_in(StateId state) const {
    const Definition& d = *definition_;
    Json opening = Json::object();
    Json computed = Json::object();
    const Json values = all_values(d);
    for (const auto& [field, value] : values.items()) {
      (computed_after_opening(d, field) ? computed : opening)[field] = value;
    }
    Reply opened = driver().post_json(
        "/api/cases", {{"workflow", d.id}, {"values", opening}, {"office", kOffice}});
    EXPECT_EQ(opened.status, 201) << opened.describe();
    const std::string id = opened.json()["id"];
    if (!computed.empty()) {
      Reply corrected = driver().post_json("/api/cases/" + id + "/correct",
                                           {{"values", computed}, {"comment", "矩阵测试预置"}});
      EXPECT_EQ(corrected.status, 200) << corrected.describe();
    }
    for (EventId event : path_to(state)) {
      Reply moved = driver().post_json("/api/cases/" + id + "/events",
                                       {{"event", d.events[event]}, {"comment", "推进"}});
      EXPECT_EQ(moved.status, 200)
          << "driving to " << d.states[state].name << ": " << moved.describe();
    }
    EXPECT_EQ(driver().get("/api/cases/" + id).json()["state"], d.states[state].name);
    return id;
  }

  Json show(const std::string& id) const { return driver().get("/api/cases/" + id).json(); }

  std::shared_ptr<const Definition> definition_;
  std::unique_ptr<ApiServer> server_;
  std::vector<std::string> roles_;
  std::map<std::string, std::string> tokens_;
  std::string driver_;
};

TEST_P(RoleMatrix, EveryRoleAgainstEveryEvent) {
  const Definition& d = *definition_;
  int fired = 0;
  int refused = 0;
  for (EventId event = 0; event < static_cast<EventId>(d.events.size()); ++event) {
    const std::string& name = d.events[event];
    const StateId source = source_of(event);
    const auto extended = d.timer_extended_by(event);
    std::set<std::string> allowed;
    std::set<std::string> targets;
    for (const auto& role : d.roles) {
      const RoleId id = *d.role_id(role);
      if (extended) {
        if (listed(d.timers[*extended].extend->roles, id)) allowed.insert(role);
        continue;
      }
      for (int row : d.rows(source, event)) {
        if (listed(d.transitions[row].roles, id)) allowed.insert(role);
      }
    }
    const std::string refused_case = case_in(source);
    const std::int64_t version = show(refused_case)["row_version"];
    for (const auto& role : roles_) {
      SCOPED_TRACE(d.id + ": " + role + " fires " + name + " from " + d.states[source].name);
      const bool may = allowed.count(role) > 0;
      const std::string id = may ? case_in(source) : refused_case;
      Reply reply = as(role).post_json("/api/cases/" + id + "/events",
                                       {{"event", name}, {"comment", "矩阵测试"}});
      if (!may) {
        EXPECT_EQ(reply.status, 403) << reply.describe();
        EXPECT_EQ(reply.type(), "urn:wageflow:problem:role-not-allowed");
        EXPECT_EQ(show(id)["row_version"], version) << "a refused event changed the case";
        ++refused;
        continue;
      }
      ASSERT_EQ(reply.status, 200) << reply.describe();
      ++fired;
      std::set<std::string> possible;
      if (extended) possible.insert(d.states[source].name);
      for (int row : d.rows(source, event)) {
        if (listed(d.transitions[row].roles, *d.role_id(role))) {
          possible.insert(d.states[d.transitions[row].to].name);
        }
      }
      EXPECT_TRUE(possible.count(reply.json()["state"])) << reply.json()["state"];
      const Json records = driver().get("/api/cases/" + id + "/audit").json()["records"];
      Json last_fire;
      for (const auto& r : records) {
        if (r["kind"] == "fire" || r["kind"] == "extend") last_fire = r;
      }
      EXPECT_EQ(last_fire["event"], name);
      EXPECT_EQ(last_fire["actor"], "as_" + role);
      EXPECT_EQ(last_fire["role"], role);
    }
  }
  // Every event was tried by every role: both answers occurred.
  EXPECT_EQ(fired + refused, static_cast<int>(d.events.size() * roles_.size()));
  EXPECT_GT(fired, 0);
  EXPECT_GT(refused, 0);
}

TEST_P(RoleMatrix, EveryRoleAgainstSuspendAndResume) {
  const Definition& d = *definition_;
  const StateId start = d.initial_state();
  for (const auto& role : roles_) {
    SCOPED_TRACE(d.id + ": " + role);
    const auto id_of_role = d.role_id(role);
    const bool may_suspend = id_of_role && listed(d.suspend_roles, *id_of_role);
    const bool may_resume = id_of_role && listed(d.resume_roles, *id_of_role);

    const std::string active = case_in(start);
    Reply suspended =
        as(role).post_json("/api/cases/" + active + "/suspend", {{"comment", "等待鉴定"}});
    EXPECT_EQ(suspended.status, may_suspend ? 200 : 403) << suspended.describe();
    EXPECT_EQ(show(active)["status"], may_suspend ? "suspended" : "active");

    const std::string paused = case_in(start);
    ASSERT_EQ(driver().post_json("/api/cases/" + paused + "/suspend", {{"comment", "中止"}}).status,
              200);
    Reply resumed = as(role).post_json("/api/cases/" + paused + "/resume", Json::object());
    EXPECT_EQ(resumed.status, may_resume ? 200 : 403) << resumed.describe();
    EXPECT_EQ(show(paused)["status"], may_resume ? "active" : "suspended");
  }
}

// A correction (lifecycle: correct:) of the claim amount, which every
// shipped workflow has: 200 and the new amount for a role the file allows,
// 403 and the amount as it was for any other.
TEST_P(RoleMatrix, EveryRoleAgainstCorrect) {
  const Definition& d = *definition_;
  ASSERT_TRUE(d.field_id("claim_amount")) << d.id;
  for (const auto& role : roles_) {
    SCOPED_TRACE(d.id + ": " + role);
    const auto id_of_role = d.role_id(role);
    const bool may_correct = id_of_role && listed(d.correct_roles, *id_of_role);
    const std::string id = case_in(d.initial_state());
    Reply corrected = as(role).post_json(
        "/api/cases/" + id + "/correct",
        {{"values", {{"claim_amount", "8680.50"}}}, {"comment", "金额录入错误"}});
    EXPECT_EQ(corrected.status, may_correct ? 200 : 403) << corrected.describe();
    EXPECT_EQ(show(id)["data"]["claim_amount"], may_correct ? "8680.50" : "8600.00");
  }
}

std::string param_name(const ::testing::TestParamInfo<Param>& info) {
  std::string name = std::get<1>(info.param) + "_" + std::get<0>(info.param);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(, RoleMatrix,
                         ::testing::Combine(::testing::Values(kSqlite, kPostgresql),
                                            ::testing::Values("wage-arbitration-fasttrack",
                                                              "wage-arbitration", "legal-aid")),
                         param_name);

}  // namespace
}  // namespace wageflow::api
