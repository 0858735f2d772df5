// The workflows shipped in workflows/ load cleanly with the real loader and
// the real cn-mainland calendar, and say what the law says: time limits,
// who may extend them, and guards evaluated over real case values.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/definition/definition.h"
#include "engine/runtime/decide.h"

namespace wageflow {
namespace {

namespace fs = std::filesystem;

fs::path workflows_dir() {
  return fs::path(WAGEFLOW_SOURCE_DIR) / "workflows";
}

LoadOptions shipped_options() {
  LoadOptions options;
  options.calendars_dir = (workflows_dir() / "calendars").string();
  return options;  // no `today`: the calendar-ending warning depends on the date
}

// Every *.yaml directly in workflows/ (calendars/ holds calendars, not workflows).
std::vector<std::string> shipped_workflow_files() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(workflows_dir(), ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path().filename().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string all_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) text += d.to_string() + "\n";
  return text;
}

// Loads workflows/<file>; on any diagnostic records a failure that lists them.
std::shared_ptr<const Definition> load_shipped(const std::string& file) {
  std::vector<Diagnostic> diagnostics;
  auto loaded =
      load_definition_file((workflows_dir() / file).string(), shipped_options(), &diagnostics);
  EXPECT_TRUE(diagnostics.empty()) << file << ":\n" << all_diagnostics(diagnostics);
  if (!loaded.ok()) {
    ADD_FAILURE() << file << ": " << loaded.error();
    return nullptr;
  }
  return loaded.value();
}

const TimerDef& timer(const Definition& def, const std::string& name) {
  auto id = def.timer_id(name);
  if (!id) throw std::runtime_error(def.id + " has no timer " + name);
  return def.timers.at(*id);
}

// The transition rows of `event`, in file order.
std::vector<const TransitionDef*> rows_of(const Definition& def, const std::string& event) {
  std::vector<const TransitionDef*> rows;
  auto id = def.event_id(event);
  if (!id) throw std::runtime_error(def.id + " has no event " + event);
  for (const auto& row : def.transitions) {
    if (row.event == *id) rows.push_back(&row);
  }
  return rows;
}

const TransitionDef& only_row(const Definition& def, const std::string& event) {
  auto rows = rows_of(def, event);
  if (rows.size() != 1) throw std::runtime_error(event + " has not exactly one row");
  return *rows.front();
}

std::vector<std::string> role_names(const Definition& def, const std::vector<RoleId>& ids) {
  std::vector<std::string> names;
  for (RoleId id : ids) names.push_back(def.roles.at(id));
  return names;
}

std::vector<std::string> field_names(const Definition& def, const std::vector<FieldId>& ids) {
  std::vector<std::string> names;
  for (FieldId id : ids) names.push_back(def.fields.at(id).name);
  return names;
}

bool has_locale(const Label& label, const std::string& locale) {
  return std::any_of(label.by_locale.begin(), label.by_locale.end(), [&](const auto& entry) {
    return entry.first == locale && !entry.second.empty();
  });
}

Duration parse_duration(const std::string& text) {
  auto d = Duration::parse(text);
  if (!d) throw std::runtime_error("bad duration " + text);
  return *d;
}

// Case data for expression tests: every field unset, then the given values.
class CaseData {
 public:
  explicit CaseData(const Definition& def) : def_(def), values_(def.fields.size()) {}
  CaseData& set(const std::string& field, Value value) {
    auto id = def_.field_id(field);
    if (!id) throw std::runtime_error(def_.id + " has no field " + field);
    values_[*id] = std::move(value);
    return *this;
  }
  expr::Context context() const { return {&values_, &def_.constant_values()}; }

 private:
  const Definition& def_;
  std::vector<Value> values_;
};

bool guard_holds(const TransitionDef& row, const CaseData& data) {
  if (!row.guard) throw std::runtime_error("row has no guard");
  std::string error;
  bool holds = row.guard->holds(data.context(), &error);
  EXPECT_EQ(error, "") << row.guard->text();
  return holds;
}

Value assigned_value(const Definition& def, const TransitionDef& row, const std::string& field,
                     const CaseData& data) {
  for (const auto& assignment : row.assignments) {
    if (def.fields.at(assignment.field).name == field) {
      auto evaluation = assignment.value.evaluate(data.context());
      EXPECT_EQ(evaluation.error, "") << assignment.value.text();
      return evaluation.value;
    }
  }
  throw std::runtime_error("no assignment to " + field);
}

Money yuan(const std::string& text) {
  return *Money::parse(text);
}
Date date(const std::string& text) {
  return *Date::parse(text);
}

// A case walked through decide() on the shipped definition, as the CLI would
// (times are local +08:00). A refused step records a failure with the reason.
class Walk {
 public:
  using Sets = std::vector<std::pair<std::string, std::string>>;
  explicit Walk(std::shared_ptr<const Definition> def) : def_(std::move(def)) {}

  Walk& open(const std::string& at, const std::string& role, Sets sets) {
    return apply(at, {Command::Kind::kOpen, "test", role, "", std::move(sets), ""});
  }
  Walk& fire(const std::string& at, const std::string& event, const std::string& role,
             Sets sets = {}, const std::string& comment = "") {
    return apply(at, {Command::Kind::kFire, "test", role, event, std::move(sets), comment});
  }
  Walk& suspend(const std::string& at, const std::string& role) {
    return apply(at, {Command::Kind::kSuspend, "test", role, "", {}, "waiting for an appraisal"});
  }
  Walk& resume(const std::string& at, const std::string& role) {
    return apply(at, {Command::Kind::kResume, "test", role, "", {}, ""});
  }
  Walk& tick(const std::string& at) {
    return apply(at, {Command::Kind::kTick, "system", "system", "", {}, ""});
  }

  // The refusal of a command that must be refused (nothing changes).
  std::optional<Refusal> refusal(const std::string& at, Command command) const {
    auto decision = decide(*def_, now_, command, instant(at));
    if (auto* refused = std::get_if<Refusal>(&decision)) return *refused;
    return std::nullopt;
  }
  std::optional<Refusal> refused_fire(const std::string& at, const std::string& event,
                                      const std::string& role, Sets sets = {}) const {
    return refusal(at, {Command::Kind::kFire, "test", role, event, std::move(sets), ""});
  }

  std::string state() const { return def_->states.at(now_.state).name; }
  // Throws (a test failure) when the timer never started.
  const TimerState& timer(const std::string& name) const {
    const TimerState* started = now_.timer(*def_->timer_id(name));
    if (!started) throw std::runtime_error("timer " + name + " never started");
    return *started;
  }
  const CaseSnapshot& snapshot() const { return now_; }

 private:
  static Instant instant(const std::string& at) { return *parse_instant(at, 480); }
  Walk& apply(const std::string& at, Command command) {
    auto decision = decide(*def_, now_, command, instant(at));
    if (auto* refused = std::get_if<Refusal>(&decision)) {
      ADD_FAILURE() << at << " " << (command.event.empty() ? "command" : command.event) << " as "
                    << command.role << " refused: " << refused->message;
    } else {
      now_ = std::get<Outcome>(decision).next;
    }
    return *this;
  }
  std::shared_ptr<const Definition> def_;
  CaseSnapshot now_;
};

const Walk::Sets kWorkerClaim = {{"worker_name", "李四"},
                                 {"employer", "长春某建筑公司"},
                                 {"region", "长春市"},
                                 {"claim_amount", "8600"}};

// ---------------------------------------------------------------------------
// Every shipped file.

TEST(ShippedWorkflowsFolder, HoldsTheThreeShippedWorkflows) {
  auto files = shipped_workflow_files();
  for (const char* expected :
       {"legal-aid.yaml", "wage-arbitration-fasttrack.yaml", "wage-arbitration.yaml"}) {
    EXPECT_NE(std::find(files.begin(), files.end(), expected), files.end())
        << expected << " missing from " << workflows_dir();
  }
}

class ShippedWorkflow : public testing::TestWithParam<std::string> {};

TEST_P(ShippedWorkflow, LoadsWithoutErrorsOrWarnings) {
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_file((workflows_dir() / GetParam()).string(), shipped_options(),
                                     &diagnostics);
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error());
  EXPECT_TRUE(diagnostics.empty()) << all_diagnostics(diagnostics);
}

TEST_P(ShippedWorkflow, IdMatchesFileNameOnCnMainlandAtItsVersion) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  EXPECT_EQ(def->id + ".yaml", GetParam());
  // legal-aid 2: suit_window runs through a suspension (on_suspend: run).
  EXPECT_EQ(def->version, GetParam() == "legal-aid.yaml" ? 2 : 1);
  ASSERT_TRUE(def->calendar);
  EXPECT_EQ(def->calendar->name(), "cn-mainland");
}

TEST_P(ShippedWorkflow, SetsSuspendResumeAndCorrectRolesExplicitly) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  EXPECT_FALSE(def->suspend_roles.empty());
  EXPECT_FALSE(def->resume_roles.empty());
  EXPECT_FALSE(def->correct_roles.empty());
}

TEST_P(ShippedWorkflow, LabelsTitleStatesFieldsAndTimersInChineseAndEnglish) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  EXPECT_TRUE(has_locale(def->title, "zh") && has_locale(def->title, "en"));
  for (const auto& state : def->states) {
    EXPECT_TRUE(has_locale(state.label, "zh") && has_locale(state.label, "en")) << state.name;
  }
  for (const auto& field : def->fields) {
    EXPECT_TRUE(has_locale(field.label, "zh") && has_locale(field.label, "en")) << field.name;
  }
  for (const auto& t : def->timers) {
    EXPECT_TRUE(has_locale(t.label, "zh") && has_locale(t.label, "en")) << t.name;
  }
}

TEST_P(ShippedWorkflow, LetsEveryOpenCaseBeWithdrawnWithAReason) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  const auto& withdraw = only_row(*def, "withdraw");
  EXPECT_TRUE(withdraw.comment_required);
  for (const auto& state : def->states) {
    if (state.final) continue;
    auto id = *def->state_id(state.name);
    EXPECT_NE(std::find(withdraw.from.begin(), withdraw.from.end(), id), withdraw.from.end())
        << state.name;
  }
}

TEST_P(ShippedWorkflow, MarksNamesIdNumbersAndPhonesAsPii) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  int checked = 0;
  for (const auto& field : def->fields) {
    bool personal = field.name == "worker_name" || field.name == "applicant_name" ||
                    field.name.ends_with("_id_no") || field.name.ends_with("_phone");
    if (!personal) continue;
    ++checked;
    EXPECT_TRUE(field.pii) << field.name;
  }
  EXPECT_EQ(checked, 3);
}

TEST_P(ShippedWorkflow, IdAndPhonePatternsAcceptRealFormsOnly) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  struct Case {
    const char* suffix;
    const char* text;
    bool matches;
  };
  const Case cases[] = {
      {"_id_no", "22010919900307123X", true},  {"_id_no", "220105199003071234", true},
      {"_id_no", "22010219900307123x", false}, {"_id_no", "2201021990030712", false},
      {"_phone", "13812345678", true},         {"_phone", "12812345678", false},
      {"_phone", "1381234567", false},         {"_phone", "0431-8869092", false},
  };
  for (const auto& field : def->fields) {
    for (const auto& c : cases) {
      if (!field.name.ends_with(c.suffix)) continue;
      ASSERT_NE(field.pattern, nullptr) << field.name;
      EXPECT_EQ(field.pattern->found_in(c.text), c.matches)
          << field.name << " ~ " << field.pattern->source() << " on " << c.text;
    }
  }
}

// Every ID number a clerk types is checked for its date of birth and check
// digit, so that a mistyped digit is caught at intake.
TEST_P(ShippedWorkflow, IdNumbersAreCheckedAsResidentIds) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  int checked = 0;
  for (const auto& field : def->fields) {
    if (!field.name.ends_with("_id_no")) continue;
    EXPECT_EQ(field.check, FieldCheck::kResidentId) << field.name;
    EXPECT_FALSE(field.hint.get("zh").empty()) << field.name;
    ++checked;
  }
  EXPECT_GE(checked, 1);
}

INSTANTIATE_TEST_SUITE_P(Each, ShippedWorkflow, testing::ValuesIn(shipped_workflow_files()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.find('.'));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// ---------------------------------------------------------------------------
// Both arbitration workflows: the statutory award limit and 一裁终局.

class ArbitrationWorkflow : public testing::TestWithParam<std::string> {};

TEST_P(ArbitrationWorkflow, AwardLimitIs45BindingDaysExtendableOnceBy15ByTheDirector) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  const auto& t = timer(*def, "award_limit");
  EXPECT_EQ(t.duration, parse_duration("45 days"));
  EXPECT_TRUE(t.binding);
  EXPECT_EQ(t.start.kind, TimerCondition::Kind::kEvent);
  EXPECT_EQ(t.start.ids, std::vector<int>{*def->event_id("accept")});
  ASSERT_TRUE(t.extend.has_value());
  EXPECT_EQ(def->events.at(t.extend->event), "extend_award_limit");
  EXPECT_EQ(t.extend->by, parse_duration("15 days"));
  EXPECT_EQ(t.extend->times, 1);
  EXPECT_EQ(role_names(*def, t.extend->roles), std::vector<std::string>{"director"});
  EXPECT_EQ(t.expire.kind, TimerDef::Expire::Kind::kEscalate);
  EXPECT_EQ(def->roles.at(t.expire.escalate_to), "director");
}

TEST_P(ArbitrationWorkflow, AcceptanceDecisionIsFiveWorkingDaysWhileInIntake) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  const auto& t = timer(*def, "acceptance_decision");
  EXPECT_EQ(t.duration, parse_duration("5 working_days"));
  EXPECT_EQ(t.warn, parse_duration("1 working_days"));
  EXPECT_TRUE(t.binding);
  auto intake = *def->state_id("intake");
  EXPECT_EQ(def->initial_state(), intake);
  EXPECT_EQ(t.start.kind, TimerCondition::Kind::kEnter);
  EXPECT_EQ(t.start.ids, std::vector<int>{intake});
  EXPECT_EQ(t.stop.kind, TimerCondition::Kind::kLeave);
  EXPECT_EQ(t.stop.ids, std::vector<int>{intake});
  EXPECT_EQ(def->roles.at(t.expire.escalate_to), "director");
}

// An application received on Friday 2025-01-24, just before the Spring
// Festival: the make-up Sunday 01-26 counts, 01-28..02-04 do not.
TEST_P(ArbitrationWorkflow, DeadlinesAcrossSpringFestival2025FollowTheCalendar) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  const Date received = date("2025-01-24");
  auto acceptance = def->calendar->due_date(received, timer(*def, "acceptance_decision").duration);
  EXPECT_EQ(acceptance.due, date("2025-02-07")) << acceptance.explanation;
  auto award = def->calendar->due_date(received, timer(*def, "award_limit").duration);
  EXPECT_EQ(award.due, date("2025-03-10")) << award.explanation;
  auto extended = def->calendar->due_date(award.due, timer(*def, "award_limit").extend->by);
  EXPECT_EQ(extended.due, date("2025-03-25")) << extended.explanation;
}

TEST_P(ArbitrationWorkflow, AwardIsFinalUpToTwelveMonthsOfMinimumWage) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  const auto& award = only_row(*def, "award");
  EXPECT_EQ(role_names(*def, award.roles), std::vector<std::string>{"arbitrator"});
  // 12 x 2120 yuan = 25440 yuan.
  struct Case {
    const char* claim;
    bool final;
  };
  for (const Case& c :
       {Case{"8600", true}, Case{"25440", true}, Case{"25440.01", false}, Case{"120000", false}}) {
    CaseData data(*def);
    data.set("claim_amount", yuan(c.claim));
    EXPECT_EQ(assigned_value(*def, award, "final_award", data), Value(c.final))
        << "claim " << c.claim;
  }
}

TEST_P(ArbitrationWorkflow, SuspensionIsForTheArbitratorAndTheDirector) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  const std::vector<std::string> expected{"arbitrator", "director"};
  EXPECT_EQ(role_names(*def, def->suspend_roles), expected);
  EXPECT_EQ(role_names(*def, def->resume_roles), expected);
}

// A value is corrected by whoever enters values, and by the arbitrator and
// the director (an award's 补正); never by every role by default.
TEST_P(ArbitrationWorkflow, CorrectionsAreForTheClerksTheArbitratorAndTheDirector) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  const std::vector<std::string> corrects = role_names(*def, def->correct_roles);
  ASSERT_FALSE(corrects.empty());
  for (const char* role : {"intake_clerk", "arbitrator", "director"}) {
    EXPECT_NE(std::find(corrects.begin(), corrects.end(), role), corrects.end()) << role;
  }
  EXPECT_EQ(std::find(corrects.begin(), corrects.end(), "mediator"), corrects.end());
}

TEST_P(ArbitrationWorkflow, RejectionNeedsAReasonAndAcceptanceTheCoreFacts) {
  auto def = load_shipped(GetParam());
  ASSERT_TRUE(def);
  EXPECT_TRUE(only_row(*def, "reject").comment_required);
  const auto& accept = only_row(*def, "accept");
  EXPECT_EQ(role_names(*def, accept.roles), std::vector<std::string>{"intake_clerk"});
  EXPECT_EQ(field_names(*def, accept.required_fields),
            (std::vector<std::string>{"worker_name", "employer", "claim_amount"}));
}

INSTANTIATE_TEST_SUITE_P(Both, ArbitrationWorkflow,
                         testing::Values("wage-arbitration-fasttrack.yaml",
                                         "wage-arbitration.yaml"),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param == "wage-arbitration.yaml" ? std::string("ordinary")
                                                                        : std::string("fasttrack");
                         });

// ---------------------------------------------------------------------------
// Fast track.

TEST(FastTrackWorkflow, ClosureTargetIsAnAdvisoryThirtyDaysFromAcceptance) {
  auto def = load_shipped("wage-arbitration-fasttrack.yaml");
  ASSERT_TRUE(def);
  const auto& t = timer(*def, "closure_target");
  EXPECT_EQ(t.duration, parse_duration("30 days"));
  EXPECT_FALSE(t.binding);
  EXPECT_EQ(t.start.ids, std::vector<int>{*def->event_id("accept")});
}

TEST(FastTrackWorkflow, KeepsJilinMinimumWageAsMoney) {
  auto def = load_shipped("wage-arbitration-fasttrack.yaml");
  ASSERT_TRUE(def);
  ASSERT_EQ(def->constants.size(), 1u);
  EXPECT_EQ(def->constants[0].name, "min_monthly_wage");
  EXPECT_EQ(def->constants[0].value, Value(Money::from_yuan(2120)));
}

TEST(FastTrackWorkflow, AwardNeverExceedsTheClaim) {
  auto def = load_shipped("wage-arbitration-fasttrack.yaml");
  ASSERT_TRUE(def);
  const auto& award = only_row(*def, "award");
  CaseData data(*def);
  data.set("claim_amount", yuan("8600"));
  EXPECT_TRUE(guard_holds(award, data.set("award_amount", yuan("8600"))));
  EXPECT_FALSE(guard_holds(award, data.set("award_amount", yuan("8600.01"))));
}

// ---------------------------------------------------------------------------
// Ordinary procedure.

TEST(OrdinaryWorkflow, ServiceAnswerAndNoticePeriodsAreWorkingDays) {
  auto def = load_shipped("wage-arbitration.yaml");
  ASSERT_TRUE(def);
  const auto& service = timer(*def, "service_of_copy");
  EXPECT_EQ(service.duration, parse_duration("5 working_days"));
  EXPECT_EQ(service.start.ids, std::vector<int>{*def->event_id("accept")});
  EXPECT_EQ(service.stop.kind, TimerCondition::Kind::kEvent);
  EXPECT_EQ(service.stop.ids, std::vector<int>{*def->event_id("serve_copy")});

  const auto& answer = timer(*def, "answer_period");
  EXPECT_EQ(answer.duration, parse_duration("10 working_days"));
  EXPECT_EQ(answer.start.ids, std::vector<int>{*def->event_id("serve_copy")});
  EXPECT_EQ(answer.expire.kind, TimerDef::Expire::Kind::kFire);
  EXPECT_EQ(def->events.at(answer.expire.fire), "answer_period_lapsed");
  // The respondent's period: its lapse is no missed limit of the commission.
  EXPECT_FALSE(answer.binding);

  const auto& notice = timer(*def, "hearing_notice_period");
  EXPECT_EQ(notice.duration, parse_duration("5 working_days"));
  EXPECT_FALSE(notice.binding);
  EXPECT_EQ(def->events.at(notice.expire.fire), "notice_period_elapsed");
}

TEST(OrdinaryWorkflow, HearingNoticeGuardNeedsMoreThanFiveDaysBeforeTheHearing) {
  auto def = load_shipped("wage-arbitration.yaml");
  ASSERT_TRUE(def);
  const auto& notify = only_row(*def, "notify_hearing");
  EXPECT_EQ(field_names(*def, notify.required_fields),
            (std::vector<std::string>{"hearing_notice_date", "hearing_date"}));
  struct Case {
    const char* notice;
    bool ok;
  };
  for (const Case& c : {Case{"2025-03-03", true}, Case{"2025-03-04", true},
                        Case{"2025-03-05", false}, Case{"2025-03-09", false}}) {
    CaseData data(*def);
    data.set("hearing_date", date("2025-03-10")).set("hearing_notice_date", date(c.notice));
    EXPECT_EQ(guard_holds(notify, data), c.ok) << "notice " << c.notice;
  }
  EXPECT_FALSE(guard_holds(notify, CaseData(*def).set("hearing_date", date("2025-03-10"))));
}

TEST(OrdinaryWorkflow, FailedMediationReturnsToTheAwardOnlyAfterTheHearing) {
  auto def = load_shipped("wage-arbitration.yaml");
  ASSERT_TRUE(def);
  auto rows = rows_of(*def, "fail_mediation");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(def->states.at(rows[0]->to).name, "heard");
  EXPECT_EQ(def->states.at(rows[1]->to).name, "pre_hearing");
  CaseData held(*def);
  held.set("hearing_held", true);
  EXPECT_TRUE(guard_holds(*rows[0], held));
  EXPECT_FALSE(guard_holds(*rows[1], held));
  CaseData not_held(*def);
  EXPECT_FALSE(guard_holds(*rows[0], not_held));
  EXPECT_TRUE(guard_holds(*rows[1], not_held));
}

TEST(OrdinaryWorkflow, AwardRequiresAnAttemptAtMediation) {
  auto def = load_shipped("wage-arbitration.yaml");
  ASSERT_TRUE(def);
  const auto& award = only_row(*def, "award");
  CaseData data(*def);
  data.set("claim_amount", yuan("8600")).set("award_amount", yuan("8000"));
  EXPECT_FALSE(guard_holds(award, data));
  EXPECT_TRUE(guard_holds(award, data.set("mediation_attempted", true)));
}

// The award's guard reads mediation_attempted, which only fail_mediation
// sets: an arbitrator cannot skip mediation by giving it with the award.
TEST(OrdinaryWorkflow, TheAwardCannotSkipMediationByGivingItsFlagByHand) {
  auto def = load_shipped("wage-arbitration.yaml");
  ASSERT_TRUE(def);
  CaseSnapshot heard;
  heard.id = "2025-000001";
  heard.workflow = def->id;
  heard.version = def->version;
  heard.state = *def->state_id("heard");
  heard.data.assign(def->fields.size(), Value{});
  heard.data[*def->field_id("claim_amount")] = yuan("8600");
  heard.data[*def->field_id("hearing_held")] = true;
  heard.row_version = 9;
  const Instant now{1740000000};
  heard.opened_at = heard.updated_at = Instant{now.seconds - 86400};
  const Decision award = decide(*def, heard,
                                Command{Command::Kind::kFire,
                                        "钱仲裁",
                                        "arbitrator",
                                        "award",
                                        {{"award_amount", "8000"}, {"mediation_attempted", "true"}},
                                        ""},
                                now);
  ASSERT_TRUE(std::holds_alternative<Refusal>(award)) << "the award went through";
  EXPECT_NE(std::get<Refusal>(award).message.find("set by event fail_mediation"), std::string::npos)
      << std::get<Refusal>(award).message;
  const Decision opened = decide(*def, {},
                                 Command{Command::Kind::kOpen,
                                         "李明",
                                         "intake_clerk",
                                         "",
                                         {{"worker_name", "张三"},
                                          {"employer", "某公司"},
                                          {"region", "长春市"},
                                          {"claim_amount", "8600"},
                                          {"hearing_held", "true"}},
                                         ""},
                                 now);
  ASSERT_TRUE(std::holds_alternative<Refusal>(opened)) << "opened with hearing_held";
  EXPECT_NE(std::get<Refusal>(opened).message.find("set by event hold_hearing"), std::string::npos)
      << std::get<Refusal>(opened).message;
}

// ---------------------------------------------------------------------------
// Union legal aid.

TEST(LegalAidWorkflow, GrantSkipsHardshipCheckForMigrantWorkersClaimingWagesOrInjury) {
  auto def = load_shipped("legal-aid.yaml");
  ASSERT_TRUE(def);
  const auto& grant = only_row(*def, "grant");
  struct Case {
    const char* name;
    std::map<std::string, Value> values;
    bool granted;
  };
  const std::vector<Case> cases = {
      {"migrant worker, wages, hardship not checked",
       {{"applicant_is_migrant_worker", true}, {"claim_type", std::string("劳动报酬")}},
       true},
      {"migrant worker, work injury, hardship not checked",
       {{"applicant_is_migrant_worker", true}, {"claim_type", std::string("工伤赔偿")}},
       true},
      {"migrant worker, other claim, hardship not checked",
       {{"applicant_is_migrant_worker", true}, {"claim_type", std::string("其他")}},
       false},
      {"migrant worker, other claim, hardship verified",
       {{"applicant_is_migrant_worker", true},
        {"claim_type", std::string("其他")},
        {"hardship_verified", true}},
       true},
      {"local worker, wages, hardship not checked",
       {{"applicant_is_migrant_worker", false}, {"claim_type", std::string("劳动报酬")}},
       false},
      {"local worker, wages, hardship found absent",
       {{"applicant_is_migrant_worker", false},
        {"claim_type", std::string("劳动报酬")},
        {"hardship_verified", false}},
       false},
      {"local worker, wages, hardship verified",
       {{"applicant_is_migrant_worker", false},
        {"claim_type", std::string("劳动报酬")},
        {"hardship_verified", true}},
       true},
      {"local worker, social-assistance recipient",
       {{"applicant_is_migrant_worker", false},
        {"claim_type", std::string("劳动报酬")},
        {"assistance_recipient", true}},
       true},
      {"nothing recorded", {}, false},
  };
  for (const auto& c : cases) {
    CaseData data(*def);
    for (const auto& [field, value] : c.values) data.set(field, value);
    EXPECT_EQ(guard_holds(grant, data), c.granted) << c.name;
  }
}

TEST(LegalAidWorkflow, DecidesInSevenDaysAndAssignsALawyerInThree) {
  auto def = load_shipped("legal-aid.yaml");
  ASSERT_TRUE(def);
  const auto& decision = timer(*def, "eligibility_decision");
  EXPECT_EQ(decision.duration, parse_duration("7 days"));
  EXPECT_TRUE(decision.binding);
  EXPECT_EQ(decision.start.kind, TimerCondition::Kind::kEnter);
  EXPECT_EQ(decision.start.ids, std::vector<int>{*def->state_id("review")});
  EXPECT_EQ(decision.stop.kind, TimerCondition::Kind::kLeave);

  const auto& assignment = timer(*def, "lawyer_assignment");
  EXPECT_EQ(assignment.duration, parse_duration("3 days"));
  EXPECT_EQ(assignment.start.kind, TimerCondition::Kind::kEvent);
  EXPECT_EQ(assignment.start.ids, std::vector<int>{*def->event_id("grant")});
  EXPECT_EQ(assignment.stop.ids, std::vector<int>{*def->event_id("assign_lawyer")});
  EXPECT_EQ(field_names(*def, only_row(*def, "assign_lawyer").required_fields),
            std::vector<std::string>{"lawyer_name"});

  // Granted on 2025-09-30: the 3rd day falls in the National Day holiday
  // (10-01..10-08), so the lawyer is due on the next working day.
  auto due = def->calendar->due_date(date("2025-09-30"), assignment.duration);
  EXPECT_EQ(due.due, date("2025-10-09")) << due.explanation;
}

TEST(LegalAidWorkflow, ConsultantClosesAConsultationAtOnceWithAdvice) {
  auto def = load_shipped("legal-aid.yaml");
  ASSERT_TRUE(def);
  EXPECT_EQ(def->states.at(def->initial_state()).name, "consultation");
  const auto& advice = only_row(*def, "give_advice");
  EXPECT_EQ(advice.from, std::vector<StateId>{def->initial_state()});
  EXPECT_TRUE(def->states.at(advice.to).final);
  EXPECT_EQ(role_names(*def, advice.roles), std::vector<std::string>{"consultant"});
}

TEST(LegalAidWorkflow, RefusalNeedsReasonsAndClosingNeedsOutcomeAndAmount) {
  auto def = load_shipped("legal-aid.yaml");
  ASSERT_TRUE(def);
  EXPECT_TRUE(only_row(*def, "refuse").comment_required);
  const auto& close = only_row(*def, "close");
  EXPECT_EQ(field_names(*def, close.required_fields),
            (std::vector<std::string>{"outcome", "amount_recovered"}));
  EXPECT_EQ(def->fields.at(*def->field_id("amount_recovered")).type, FieldType::kMoney);
  EXPECT_EQ(def->fields.at(*def->field_id("outcome")).type, FieldType::kEnum);
}

TEST(LegalAidWorkflow, RepresentsInMediationArbitrationAndCourt) {
  auto def = load_shipped("legal-aid.yaml");
  ASSERT_TRUE(def);
  struct Case {
    const char* event;
    const char* to;
  };
  for (const Case& c : {Case{"represent_in_mediation", "in_mediation"},
                        Case{"represent_in_arbitration", "in_arbitration"},
                        Case{"refer_to_arbitration", "in_arbitration"},
                        Case{"represent_in_litigation", "in_litigation"}}) {
    EXPECT_EQ(def->states.at(only_row(*def, c.event).to).name, c.to) << c.event;
  }
  const auto& suit = timer(*def, "suit_window");
  EXPECT_EQ(suit.duration, parse_duration("15 days"));
  EXPECT_TRUE(suit.binding);
}

TEST(OrdinaryWorkflow, WalksFromApplicationToFinalAwardWithTimersMovingTheCase) {
  auto def = load_shipped("wage-arbitration.yaml");
  ASSERT_TRUE(def);
  Walk walk(def);
  walk.open("2025-03-03T09:00:00+08:00", "intake_clerk", kWorkerClaim)
      .fire("2025-03-03T10:00:00+08:00", "accept", "intake_clerk")
      .fire("2025-03-04T10:00:00+08:00", "serve_copy", "tribunal_clerk",
            {{"arbitrator_name", "王五"}});
  ASSERT_EQ(walk.state(), "answer_period");
  EXPECT_EQ(walk.timer("answer_period").due_date, date("2025-03-18"));
  EXPECT_TRUE(
      walk.refused_fire("2025-03-05T10:00:00+08:00", "answer_period_lapsed", "tribunal_clerk"));

  // The answer period lapses at 24:00 on 03-18: the system moves the case on.
  walk.tick("2025-03-18T23:00:00+08:00");
  EXPECT_EQ(walk.state(), "answer_period");
  walk.tick("2025-03-19T00:00:01+08:00");
  ASSERT_EQ(walk.state(), "pre_hearing");

  auto too_soon =
      walk.refused_fire("2025-03-20T10:00:00+08:00", "notify_hearing", "tribunal_clerk",
                        {{"hearing_notice_date", "2025-03-20"}, {"hearing_date", "2025-03-24"}});
  ASSERT_TRUE(too_soon);
  EXPECT_EQ(too_soon->kind, Refusal::Kind::kGuardFailed) << too_soon->message;
  walk.fire("2025-03-20T10:00:00+08:00", "notify_hearing", "tribunal_clerk",
            {{"hearing_notice_date", "2025-03-20"}, {"hearing_date", "2025-03-31"}});
  ASSERT_EQ(walk.state(), "hearing_noticed");

  // No hearing before 5 working days after the notice (03-21..03-27).
  EXPECT_TRUE(walk.refused_fire("2025-03-26T10:00:00+08:00", "hold_hearing", "arbitrator"));
  walk.tick("2025-03-28T08:00:00+08:00");
  ASSERT_EQ(walk.state(), "hearing_ready");
  walk.fire("2025-03-31T09:00:00+08:00", "hold_hearing", "arbitrator");
  ASSERT_EQ(walk.state(), "heard");

  auto unmediated = walk.refused_fire("2025-03-31T11:00:00+08:00", "award", "arbitrator",
                                      {{"award_amount", "8600"}});
  ASSERT_TRUE(unmediated);
  EXPECT_EQ(unmediated->kind, Refusal::Kind::kGuardFailed) << unmediated->message;
  walk.fire("2025-03-31T10:00:00+08:00", "mediate", "arbitrator")
      .fire("2025-03-31T10:30:00+08:00", "fail_mediation", "arbitrator");
  ASSERT_EQ(walk.state(), "heard");
  walk.fire("2025-04-02T10:00:00+08:00", "award", "arbitrator", {{"award_amount", "8600"}});
  EXPECT_EQ(walk.state(), "awarded");
  EXPECT_EQ(walk.snapshot().status, CaseStatus::kClosed);
  EXPECT_EQ(walk.snapshot().data.at(*def->field_id("final_award")), Value(true));
}

TEST(FastTrackWorkflow, SuspensionPausesTheAwardLimitAndOnlyTheDirectorExtendsIt) {
  auto def = load_shipped("wage-arbitration-fasttrack.yaml");
  ASSERT_TRUE(def);
  Walk walk(def);
  walk.open("2025-03-03T09:00:00+08:00", "intake_clerk", kWorkerClaim)
      .fire("2025-03-03T10:00:00+08:00", "accept", "intake_clerk");
  EXPECT_EQ(walk.timer("award_limit").due_date, date("2025-04-17"));

  auto clerk = walk.refusal("2025-03-10T10:00:00+08:00",
                            {Command::Kind::kSuspend, "test", "intake_clerk", "", {}, "reason"});
  ASSERT_TRUE(clerk);
  EXPECT_EQ(clerk->kind, Refusal::Kind::kRoleNotAllowed) << clerk->message;

  // 中止 on 03-10, resumed on 03-20: 38 days were left, so 03-20 + 38 = 04-27
  // (a make-up working Sunday).
  walk.suspend("2025-03-10T10:00:00+08:00", "arbitrator")
      .resume("2025-03-20T10:00:00+08:00", "arbitrator");
  EXPECT_EQ(walk.timer("award_limit").due_date, date("2025-04-27"));

  auto arbitrator =
      walk.refused_fire("2025-04-01T10:00:00+08:00", "extend_award_limit", "arbitrator");
  ASSERT_TRUE(arbitrator);
  EXPECT_EQ(arbitrator->kind, Refusal::Kind::kRoleNotAllowed) << arbitrator->message;
  walk.fire("2025-04-01T10:00:00+08:00", "extend_award_limit", "director", {}, "complex case");
  EXPECT_EQ(walk.timer("award_limit").due_date, date("2025-05-12"));
  auto twice = walk.refused_fire("2025-04-02T10:00:00+08:00", "extend_award_limit", "director");
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->kind, Refusal::Kind::kExtensionExhausted) << twice->message;
}

TEST(LegalAidWorkflow, MigrantWorkerWageClaimIsGrantedAndALawyerIsDueAfterTheHoliday) {
  auto def = load_shipped("legal-aid.yaml");
  ASSERT_TRUE(def);
  Walk walk(def);
  walk.open("2025-09-26T09:00:00+08:00", "consultant", {{"channel", "12351热线"}})
      .fire("2025-09-26T10:00:00+08:00", "apply", "consultant",
            {{"applicant_name", "张三"},
             {"employer", "吉林某劳务公司"},
             {"region", "吉林市"},
             {"claim_type", "劳动报酬"},
             {"applicant_is_migrant_worker", "true"}});
  ASSERT_EQ(walk.state(), "review");
  EXPECT_EQ(walk.timer("eligibility_decision").due_date, date("2025-10-09"));
  walk.fire("2025-09-30T10:00:00+08:00", "grant", "reviewer");
  ASSERT_EQ(walk.state(), "granted");
  EXPECT_EQ(walk.timer("lawyer_assignment").due_date, date("2025-10-09"));
  walk.fire("2025-10-09T10:00:00+08:00", "assign_lawyer", "coordinator",
            {{"lawyer_name", "赵律师"}});
  EXPECT_EQ(walk.timer("lawyer_assignment").status, TimerStatus::kStopped);
  walk.fire("2025-10-10T10:00:00+08:00", "represent_in_arbitration", "lawyer")
      .fire("2025-11-20T10:00:00+08:00", "award_received", "lawyer");
  EXPECT_EQ(walk.timer("suit_window").due_date, date("2025-12-05"));
  walk.fire("2025-11-25T10:00:00+08:00", "close", "lawyer",
            {{"outcome", "仲裁支持"}, {"amount_recovered", "8600"}});
  EXPECT_EQ(walk.state(), "closed");
}

TEST(LegalAidWorkflow, ConsultationClosesAtOnceWithAdvice) {
  auto def = load_shipped("legal-aid.yaml");
  ASSERT_TRUE(def);
  Walk walk(def);
  walk.open("2025-09-26T09:00:00+08:00", "consultant", {{"channel", "来访"}});
  EXPECT_TRUE(walk.refused_fire("2025-09-26T09:10:00+08:00", "give_advice", "consultant"));
  walk.fire("2025-09-26T09:10:00+08:00", "give_advice", "consultant",
            {{"advice_notes", "告知可申请劳动仲裁及所需材料"}});
  EXPECT_EQ(walk.state(), "advice_given");
  EXPECT_EQ(walk.snapshot().status, CaseStatus::kClosed);
}

}  // namespace
}  // namespace wageflow
