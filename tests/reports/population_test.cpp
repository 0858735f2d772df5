// A generated population of a few thousand cases over two years (2024 and
// 2025), opened and advanced through the real CaseService on a real
// database, reported by the real `wageflow report` binary at a fixed --now.
// The expected figures are computed here from the generation plan (which
// case reached which state when, which deadlines the plan made late), not
// by the report code, and compared figure by figure for 2025Q3 and 2025.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "e2e/support/backend.h"
#include "engine/calendar/calendar.h"
#include "engine/core/money.h"
#include "engine/runtime/case_service.h"
#include "engine/runtime/folder_definitions.h"
#include "storage/storage.h"

namespace wageflow {
namespace {

using e2e::Sandbox;
using Sets = std::vector<std::pair<std::string, std::string>>;

constexpr int kOffset = 8 * 60;
constexpr std::int64_t kHour = 3600, kDay = 86400;
constexpr int kCases = 2400;
constexpr const char* kNowText = "2026-01-20T10:00:00+08:00";
const char* const kFasttrack = "wage-arbitration-fasttrack";
const char* const kLegalAid = "legal-aid";
const std::vector<std::string> kOffices = {"长春市仲裁院", "吉林市仲裁院", "四平市仲裁院"};
const std::vector<std::string> kRegions = {"长春市", "吉林市", "四平市", "延边朝鲜族自治州"};
const std::vector<std::string> kIndustries = {"建筑业", "制造业", "餐饮业", "其他"};
// Personal data given to every case: must never appear in a report.
const Sets kPersonal = {{"worker_name", "王小明"},
                        {"worker_id_no", "22011819900101123X"},
                        {"worker_phone", "13812345678"}};

Instant at(const char* text) {
  return *parse_instant(text, kOffset);
}

struct Step {
  Instant at;
  std::string event, role;
  Sets sets;
  std::string comment;
  std::string state;  // after the step
};

struct Planned {
  std::string workflow, office, region, industry;
  Instant opened;
  Sets open_sets;
  std::string open_role;
  std::vector<Step> steps;
  int workers = 1;
  std::int64_t claim_fen = 0, recovered_fen = 0;
  bool late_accept = false, late_close = false;

  bool legal_aid() const { return workflow == kLegalAid; }
  std::optional<Instant> accepted() const {
    for (const auto& s : steps) {
      if (s.event == "accept") return s.at;
    }
    return std::nullopt;
  }
  const Step* closing() const {
    static const std::vector<std::string> finals = {"settled",   "awarded",      "rejected",
                                                    "withdrawn", "advice_given", "refused"};
    for (const auto& s : steps) {
      if (std::find(finals.begin(), finals.end(), s.state) != finals.end()) return &s;
    }
    return nullptr;
  }
  std::string state_before(Instant cut) const {
    std::string state = legal_aid() ? "consultation" : "intake";
    for (const auto& s : steps) {
      if (s.at < cut) state = s.state;
    }
    return state;
  }
};

class Plan {
 public:
  explicit Plan(std::uint64_t seed) : rng_(seed) {}

  Planned next(int index) {
    Planned p;
    p.office = kOffices[pick(kOffices.size())];
    p.region = kRegions[pick(kRegions.size())];
    const Date day = Date::from_ymd(2024, 1, 1).plus_days(uniform(0, 730));
    p.opened =
        Instant{start_of_day(day, kOffset).seconds + uniform(8, 17) * kHour + uniform(0, 59) * 60};
    if (index % 5 == 4) {
      legal_aid(p);
    } else {
      fasttrack(p);
    }
    const Instant now = at(kNowText);
    auto late = std::find_if(p.steps.begin(), p.steps.end(),
                             [now](const Step& s) { return !(s.at < now); });
    p.steps.erase(late, p.steps.end());  // what has not happened by --now
    return p;
  }

 private:
  int uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(uniform(0, int(n) - 1)); }
  static Instant plus(Instant t, std::int64_t seconds) { return Instant{t.seconds + seconds}; }

  void fasttrack(Planned& p) {
    p.workflow = kFasttrack;
    p.open_role = "intake_clerk";
    p.industry = uniform(0, 9) == 0 ? "" : kIndustries[pick(kIndustries.size())];
    p.claim_fen = std::int64_t{uniform(500, 200000)} * 100 + uniform(0, 99);
    p.open_sets = kPersonal;
    p.open_sets.push_back({"employer", "长春市某建筑有限公司"});
    p.open_sets.push_back({"region", p.region});
    p.open_sets.push_back({"claim_amount", Money{p.claim_fen}.to_string()});
    if (!p.industry.empty()) p.open_sets.push_back({"industry", p.industry});
    const int kind = uniform(0, 99);
    if (kind < 15) {
      p.workers = uniform(10, 60);
    } else if (kind < 75) {
      p.workers = uniform(1, 9);
    }
    if (kind < 75) p.open_sets.push_back({"workers_involved", std::to_string(p.workers)});

    const Instant t = p.opened;
    const int path = uniform(0, 99);
    if (path < 6) {
      p.steps.push_back({plus(t, 2 * kHour), "reject", "intake_clerk", {}, "材料不全", "rejected"});
      return;
    }
    if (path < 12) return;  // waits in intake
    p.late_accept = uniform(0, 99) < 10;
    const Instant ta = plus(t, p.late_accept ? 20 * kDay : 3 * kHour);
    p.steps.push_back({ta, "accept", "intake_clerk", {}, "", "accepted"});
    if (uniform(0, 99) < 5) return;  // waits to be mediated
    const Instant tm = plus(ta, kDay);
    p.steps.push_back({tm, "start_mediation", "mediator", {}, "", "mediation"});
    p.late_close = uniform(0, 99) < 10;
    const Instant tc =
        plus(ta, (p.late_close ? uniform(60, 80) : uniform(3, 30)) * kDay + uniform(0, 5) * kHour);
    const int outcome = uniform(0, 99);
    if (outcome < 45) {
      p.recovered_fen = p.claim_fen * uniform(30, 100) / 100;
      p.steps.push_back({tc,
                         "settle",
                         "mediator",
                         {{"recovered_amount", Money{p.recovered_fen}.to_string()}},
                         "",
                         "settled"});
    } else if (outcome < 75) {
      const Date hearing = local_date(plus(tm, 10 * kDay), kOffset);
      p.steps.push_back({plus(tm, kDay),
                         "fail_mediation",
                         "mediator",
                         {{"hearing_date", hearing.to_string()}},
                         "",
                         "hearing"});
      if (uniform(0, 99) < 80) {
        const std::int64_t award = p.claim_fen * uniform(50, 100) / 100;
        p.steps.push_back({tc,
                           "award",
                           "arbitrator",
                           {{"award_amount", Money{award}.to_string()}},
                           "",
                           "awarded"});
      }
    } else if (outcome < 85) {
      p.steps.push_back({tc, "withdraw", "intake_clerk", {}, "申请人撤回", "withdrawn"});
    }
  }

  void legal_aid(Planned& p) {
    p.workflow = kLegalAid;
    p.open_role = "consultant";
    p.open_sets = {{"channel", "来访"},
                   {"region", p.region},
                   {"applicant_name", "张三丰"},
                   {"applicant_phone", "13900001111"}};
    const Instant t = p.opened;
    const int path = uniform(0, 99);
    if (path < 30) {
      p.steps.push_back({plus(t, kHour),
                         "give_advice",
                         "consultant",
                         {{"advice_notes", "已解答"}},
                         "",
                         "advice_given"});
      return;
    }
    if (path < 40) return;
    p.steps.push_back({plus(t, 2 * kDay),
                       "apply",
                       "consultant",
                       {{"employer", "某建筑公司"},
                        {"claim_type", "劳动报酬"},
                        {"applicant_is_migrant_worker", "true"}},
                       "",
                       "review"});
    const int decision = uniform(0, 99);
    if (decision < 20) {
      p.steps.push_back({plus(t, 3 * kDay), "refuse", "reviewer", {}, "不符合条件", "refused"});
      return;
    }
    if (decision >= 90) return;
    p.steps.push_back({plus(t, 3 * kDay), "grant", "reviewer", {}, "", "granted"});
    p.steps.push_back({plus(t, 4 * kDay),
                       "assign_lawyer",
                       "coordinator",
                       {{"lawyer_name", "李律师"}},
                       "",
                       "assigned"});
    if (uniform(0, 99) < 50) {
      p.steps.push_back(
          {plus(t, 6 * kDay), "represent_in_arbitration", "lawyer", {}, "", "in_arbitration"});
      return;
    }
    p.steps.push_back(
        {plus(t, 6 * kDay), "represent_in_mediation", "lawyer", {}, "", "in_mediation"});
    if (uniform(0, 99) < 40) {
      p.steps.push_back(
          {plus(t, 16 * kDay), "refer_to_arbitration", "lawyer", {}, "", "in_arbitration"});
    }
  }

  std::mt19937_64 rng_;
};

// The figures of one period, from the plan.
struct Expected {
  std::int64_t pending_at_start = 0, received = 0, closed = 0, pending_at_end = 0;
  std::map<std::string, std::int64_t> closed_by;
  std::int64_t collective = 0, workers = 0, settled = 0, awarded = 0;
  std::int64_t on_time = 0, on_time_counted = 0, overdue_now = 0;
  std::vector<std::int64_t> durations;
  std::int64_t claimed = 0, recovered = 0;
  std::map<std::string, std::array<std::int64_t, 4>> by_region, by_industry, months;
  std::map<std::string, std::int64_t> backlog;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> on_time_by_office;
  std::int64_t consultations = 0, applications = 0, granted = 0, refused = 0, referrals = 0;
};

std::string month_of(Instant t) {
  const Date d = local_date(t, kOffset);
  return d.to_string().substr(0, 7);
}

std::int64_t working_days_after(const Calendar& calendar, Date from, Date to) {
  std::int64_t n = 0;
  for (Date d = from.plus_days(1); d <= to; d = d.plus_days(1)) {
    if (calendar.is_working_day(d)) ++n;
  }
  return n;
}

Expected expect(const std::vector<Planned>& plans, const Calendar& calendar, Instant start,
                Instant end, Instant now) {
  static const std::map<std::string, std::string> kOutcome = {{"settled", "mediated"},
                                                              {"awarded", "awarded"},
                                                              {"withdrawn", "withdrawn"},
                                                              {"rejected", "rejected"}};
  static const std::map<std::string, std::string> kLabel = {{"intake", "申请登记"},
                                                            {"accepted", "已受理"},
                                                            {"mediation", "先行调解"},
                                                            {"hearing", "开庭审理"}};
  auto within = [&](Instant t) { return !(t < start) && t < end; };
  Expected e;
  for (const Planned& p : plans) {
    if (p.legal_aid()) {
      if (within(p.opened)) ++e.consultations;
      for (const Step& s : p.steps) {
        if (!within(s.at)) continue;
        e.applications += s.event == "apply";
        e.granted += s.event == "grant";
        e.refused += s.event == "refuse";
        e.referrals += s.state == "in_arbitration";
      }
      continue;
    }
    if (!(p.opened < end)) continue;
    const Step* closing = p.closing();
    const bool closed_before_start = closing && closing->at < start;
    const bool closed_before_end = closing && closing->at < end;
    if (p.opened < start && !closed_before_start) ++e.pending_at_start;
    const std::string industry = p.industry.empty() ? "(未填)" : p.industry;
    if (!closed_before_end) {
      ++e.pending_at_end;
      ++e.backlog[kLabel.at(p.state_before(end))];
    }
    if (within(p.opened)) {
      ++e.received;
      e.workers += p.workers;
      if (p.workers >= 10) ++e.collective;
      e.claimed += p.claim_fen;
      for (auto* tally : {&e.by_region[p.region], &e.by_industry[industry]}) {
        (*tally)[0] += 1;
        (*tally)[2] += p.claim_fen;
      }
      e.months[month_of(p.opened)][0] += 1;
    }
    if (closing && within(closing->at)) {
      ++e.closed;
      ++e.closed_by[kOutcome.at(closing->state)];
      e.settled += closing->state == "settled";
      e.awarded += closing->state == "awarded";
      const std::int64_t recovered = closing->state == "settled" ? p.recovered_fen : 0;
      e.recovered += recovered;
      for (auto* tally : {&e.by_region[p.region], &e.by_industry[industry]}) {
        (*tally)[1] += 1;
        (*tally)[3] += recovered;
      }
      e.months[month_of(closing->at)][1] += 1;
      e.months[month_of(closing->at)][3] += recovered;
      const bool met = !p.late_accept && !p.late_close;
      e.on_time += met;
      ++e.on_time_counted;
      e.on_time_by_office[p.office].first += met;
      e.on_time_by_office[p.office].second += 1;
      if (auto accepted = p.accepted()) {
        e.durations.push_back(working_days_after(calendar, local_date(*accepted, kOffset),
                                                 local_date(closing->at, kOffset)));
      }
    }
  }
  // Overdue at --now: the binding timer of the stage an open case is in.
  for (const Planned& p : plans) {
    if (p.legal_aid() || p.closing()) continue;
    const std::string state = p.state_before(now);
    Date due;
    if (state == "intake") {
      due = calendar.due_date(local_date(p.opened, kOffset), {5, Duration::Unit::kWorkingDays}).due;
    } else {
      due = calendar.due_date(local_date(*p.accepted(), kOffset), {45, Duration::Unit::kDays}).due;
    }
    if (!(now < end_of_day(due, kOffset))) ++e.overdue_now;
  }
  std::sort(e.durations.begin(), e.durations.end());
  return e;
}

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  std::size_t rank = 1;
  while (static_cast<double>(rank) < fraction * static_cast<double>(sorted.size())) ++rank;
  return sorted[rank - 1];
}

std::string percent(std::int64_t num, std::int64_t den) {
  if (den == 0) return "-";
  const long double value = 100.0L * num / den;
  char text[32];
  std::snprintf(text, sizeof text, "%.1Lf%%", value + 1e-9L);
  return text;
}

std::int64_t fen(const nlohmann::json& money) {
  return money.at("fen").get<std::int64_t>();
}

void check(const nlohmann::json& r, const Expected& e, const std::string& period) {
  SCOPED_TRACE("period " + period);
  EXPECT_EQ(r.at("period"), period);
  EXPECT_EQ(r.at("pending_at_start"), e.pending_at_start);
  EXPECT_EQ(r.at("received"), e.received);
  EXPECT_EQ(r.at("closed"), e.closed);
  for (const char* outcome : {"mediated", "awarded", "withdrawn", "rejected", "referred"}) {
    const auto it = e.closed_by.find(outcome);
    EXPECT_EQ(r.at("closed_by").at(outcome), it == e.closed_by.end() ? 0 : it->second) << outcome;
  }
  EXPECT_EQ(r.at("pending_at_end"), e.pending_at_end);
  EXPECT_EQ(e.pending_at_start + e.received - e.closed, e.pending_at_end) << "plan is inconsistent";
  EXPECT_EQ(r.at("collective_cases"), e.collective);
  EXPECT_EQ(r.at("workers_involved"), e.workers);
  EXPECT_EQ(r.at("mediation_success_rate").at("numerator"), e.settled);
  EXPECT_EQ(r.at("mediation_success_rate").at("denominator"), e.settled + e.awarded);
  EXPECT_EQ(r.at("mediation_success_rate").at("percent"),
            percent(e.settled, e.settled + e.awarded));
  EXPECT_EQ(r.at("on_time_rate").at("numerator"), e.on_time);
  EXPECT_EQ(r.at("on_time_rate").at("denominator"), e.on_time_counted);
  EXPECT_EQ(r.at("on_time_rate").at("percent"), percent(e.on_time, e.on_time_counted));
  EXPECT_EQ(r.at("overdue_now"), e.overdue_now);
  const auto& days = r.at("working_days_to_closure");
  EXPECT_EQ(days.at("counted"), static_cast<std::int64_t>(e.durations.size()));
  EXPECT_EQ(days.at("median"), nearest_rank(e.durations, 0.5));
  EXPECT_EQ(days.at("p90"), nearest_rank(e.durations, 0.9));
  EXPECT_EQ(fen(r.at("amount_claimed")), e.claimed);
  EXPECT_EQ(r.at("amount_claimed").at("yuan"), Money{e.claimed}.to_string());
  EXPECT_EQ(fen(r.at("amount_recovered")), e.recovered);
  EXPECT_EQ(r.at("amount_recovered").at("yuan"), Money{e.recovered}.to_string());
  for (const auto& [name, expected, actual] :
       {std::tuple{"region", &e.by_region, &r.at("by_region")},
        std::tuple{"industry", &e.by_industry, &r.at("by_industry")}}) {
    EXPECT_EQ(actual->size(), expected->size()) << name;
    for (const auto& [group, t] : *expected) {
      SCOPED_TRACE(std::string(name) + " " + group);
      ASSERT_TRUE(actual->contains(group));
      EXPECT_EQ(actual->at(group).at("received"), t[0]);
      EXPECT_EQ(actual->at(group).at("closed"), t[1]);
      EXPECT_EQ(fen(actual->at(group).at("amount_claimed")), t[2]);
      EXPECT_EQ(fen(actual->at(group).at("amount_recovered")), t[3]);
    }
  }
  for (const auto& month : r.at("months")) {
    const std::string name = month.at("month");
    SCOPED_TRACE("month " + name);
    const auto it = e.months.find(name);
    const std::array<std::int64_t, 4> t =
        it == e.months.end() ? std::array<std::int64_t, 4>{} : it->second;
    EXPECT_EQ(month.at("received"), t[0]);
    EXPECT_EQ(month.at("closed"), t[1]);
    EXPECT_EQ(fen(month.at("amount_recovered")), t[3]);
  }
  using Counts = std::map<std::string, std::int64_t>;
  EXPECT_EQ(r.at("backlog_by_state").get<Counts>(), e.backlog);
  for (const auto& [office, ratio] : e.on_time_by_office) {
    SCOPED_TRACE("office " + office);
    EXPECT_EQ(r.at("on_time_by_office").at(office).at("numerator"), ratio.first);
    EXPECT_EQ(r.at("on_time_by_office").at(office).at("denominator"), ratio.second);
  }
  const auto& aid = r.at("legal_aid");
  EXPECT_EQ(aid.at("consultations"), e.consultations);
  EXPECT_EQ(aid.at("applications"), e.applications);
  EXPECT_EQ(aid.at("granted"), e.granted);
  EXPECT_EQ(aid.at("refused"), e.refused);
  EXPECT_EQ(aid.at("referrals_to_arbitration"), e.referrals);
}

class Population : public e2e::OnEveryBackend {};

TEST_P(Population, ReportsEveryFigureOfAQuarterAndAYearAsThePlanSays) {
  Sandbox sandbox(backend());
  const std::string workflows = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows";
  auto calendar = Calendar::load_file(workflows + "/calendars/cn-mainland.yaml", nullptr);
  ASSERT_TRUE(calendar.ok()) << calendar.error();

  const auto started = std::chrono::steady_clock::now();
  Plan plan(20250930);
  std::vector<Planned> plans;
  {
    auto store = open_store(sandbox.db());
    FolderDefinitionSource definitions(workflows);
    CaseService service(*store, definitions);
    for (int i = 0; i < kCases; ++i) {
      Planned p = plan.next(i);
      CommandResult opened = service.open(
          p.workflow, Command{Command::Kind::kOpen, "生成器", p.open_role, "", p.open_sets, ""},
          p.opened, "", p.office);
      ASSERT_EQ(opened.status, CommandResult::Status::kDone) << i << ": " << opened.message;
      for (const Step& s : p.steps) {
        CommandResult fired = service.apply(
            opened.case_id,
            Command{Command::Kind::kFire, "生成器", s.role, s.event, s.sets, s.comment}, s.at);
        ASSERT_EQ(fired.status, CommandResult::Status::kDone)
            << opened.case_id << " " << s.event << ": " << fired.message;
        ASSERT_EQ(fired.answer, s.state) << opened.case_id << " " << s.event;
      }
      plans.push_back(std::move(p));
    }
  }
  std::cerr << "generated " << kCases << " cases in "
            << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                started)
                   .count()
            << " s\n";

  const Instant now = at(kNowText);
  struct Case {
    const char* period;
    const char* start;
    const char* end;
  };
  for (const Case& c : {Case{"2025Q3", "2025-07-01T00:00:00+08:00", "2025-10-01T00:00:00+08:00"},
                        Case{"2025", "2025-01-01T00:00:00+08:00", "2026-01-01T00:00:00+08:00"}}) {
    auto run = sandbox.run({"report", "--period", c.period, "--format", "json"}, kNowText);
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    const auto json = nlohmann::json::parse(run.out);
    const Expected expected = expect(plans, *calendar.value(), at(c.start), at(c.end), now);
    std::cerr << c.period << ": received " << expected.received << ", closed " << expected.closed
              << ", on time " << expected.on_time << "/" << expected.on_time_counted
              << ", overdue now " << expected.overdue_now << ", legal-aid applications "
              << expected.applications << '\n';
    check(json, expected, c.period);
    for (const char* personal :
         {"王小明", "22011819900101123X", "13812345678", "张三丰", "13900001111"}) {
      EXPECT_EQ(run.out.find(personal), std::string::npos) << personal;
    }
  }

  // One office: only its cases count.
  auto office = sandbox.run(
      {"report", "--period", "2025", "--office", kOffices[1], "--format", "json"}, kNowText);
  ASSERT_EQ(office.exit_code, 0) << office.describe();
  std::vector<Planned> of_office;
  for (const auto& p : plans) {
    if (p.office == kOffices[1]) of_office.push_back(p);
  }
  check(nlohmann::json::parse(office.out),
        expect(of_office, *calendar.value(), at("2025-01-01T00:00:00+08:00"),
               at("2026-01-01T00:00:00+08:00"), now),
        "2025");
}

WAGEFLOW_ON_EVERY_BACKEND(Population);

}  // namespace
}  // namespace wageflow
