// Period boundaries in the calendar's zone (Asia/Shanghai, +08:00), the
// submission calendar across a year end and past the calendar's listed
// years, submissions recorded by `wageflow report --submit`, and the
// exports: CSV with a UTF-8 BOM, JSON, SVG charts; no personal data in any.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "adapters/report/charts.h"
#include "adapters/report/submissions.h"
#include "e2e/support/wageflow_process.h"
#include "engine/calendar/calendar.h"

namespace wageflow {
namespace {

using e2e::RunResult;
using e2e::Sandbox;

const std::string kWorkflows = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows";

std::shared_ptr<const Calendar> cn_mainland() {
  auto calendar = Calendar::load_file(kWorkflows + "/calendars/cn-mainland.yaml", nullptr);
  EXPECT_TRUE(calendar.ok());
  return calendar.value();
}

// Opens a fast-track case at `opened` and settles it at `settled` (local
// times); returns the case id.
std::string settled_case(const Sandbox& sandbox, const std::string& opened,
                         const std::string& settled, const std::string& recovered) {
  auto open =
      sandbox.run({"case", "open", "wage-arbitration-fasttrack", "--actor", "王书记员", "--role",
                   "intake_clerk", "--set", "worker_name=李四", "--set", "worker_phone=13712345678",
                   "--set", "employer=某公司", "--set", "region=长春市", "--set",
                   "claim_amount=5000", "--set", "industry=建筑业"},
                  opened);
  EXPECT_EQ(open.exit_code, 0) << open.describe();
  const std::string id = open.last_line();
  for (auto [event, role] :
       {std::pair{"accept", "intake_clerk"}, std::pair{"start_mediation", "mediator"}}) {
    auto fired =
        sandbox.run({"case", "fire", id, event, "--actor", "调解员", "--role", role}, opened);
    EXPECT_EQ(fired.exit_code, 0) << fired.describe();
  }
  auto settle = sandbox.run({"case", "fire", id, "settle", "--actor", "调解员", "--role",
                             "mediator", "--set", "recovered_amount=" + recovered},
                            settled);
  EXPECT_EQ(settle.exit_code, 0) << settle.describe();
  return id;
}

nlohmann::json report(const Sandbox& sandbox, const std::string& period,
                      const std::string& now = "2026-01-20T10:00:00+08:00") {
  RunResult run = sandbox.run({"report", "--period", period, "--format", "json"}, now);
  EXPECT_EQ(run.exit_code, 0) << run.describe();
  return nlohmann::json::parse(run.out, nullptr, false);
}

TEST(PeriodBoundaries, ClosedAt235959OnTheLastDayBelongsToTheQuarterAndMidnightToTheNext) {
  Sandbox sandbox;
  settled_case(sandbox, "2025-09-01T09:00:00+08:00", "2025-09-30T23:59:59+08:00", "1000.10");
  settled_case(sandbox, "2025-09-02T09:00:00+08:00", "2025-10-01T00:00:00+08:00", "2000.20");
  // Received at the first instant of the fourth quarter (16:00 UTC on 30 Sep).
  settled_case(sandbox, "2025-09-30T16:00:00Z", "2025-10-02T10:00:00+08:00", "3000.30");

  const auto q3 = report(sandbox, "2025Q3");
  EXPECT_EQ(q3["received"], 2);
  EXPECT_EQ(q3["closed"], 1);
  EXPECT_EQ(q3["pending_at_end"], 1);
  EXPECT_EQ(q3["amount_recovered"]["yuan"], "1000.10");
  const auto q4 = report(sandbox, "2025Q4");
  EXPECT_EQ(q4["pending_at_start"], 1);
  EXPECT_EQ(q4["received"], 1);
  EXPECT_EQ(q4["closed"], 2);
  EXPECT_EQ(q4["amount_recovered"]["yuan"], "5000.50");
  const auto year = report(sandbox, "2025");
  EXPECT_EQ(year["closed"], 3);
  EXPECT_EQ(year["amount_recovered"]["yuan"], "6000.60");
  EXPECT_EQ(year["amount_claimed"]["yuan"], "15000.00");

  // Reproducible: a report of the third quarter run during it counts up to --now.
  const auto during = report(sandbox, "2025Q3", "2025-09-30T23:59:59+08:00");
  EXPECT_EQ(during["closed"], 0);
  EXPECT_EQ(during["pending_at_end"], 2);
}

// A workflow that is only published (no file in the folder) has its own
// report, as its cases count in the all-workflows one.
TEST(PeriodBoundaries, AWorkflowOnlyPublishedHasItsOwnReport) {
  Sandbox sandbox;
  std::string text = e2e::read_file(kWorkflows + "/wage-arbitration-fasttrack.yaml");
  const std::string id_line = "workflow: wage-arbitration-fasttrack";
  ASSERT_NE(text.find(id_line), std::string::npos);
  text.replace(text.find(id_line), id_line.size(), "workflow: wage-arb-jilin");
  const std::string file = (sandbox.dir() / "wage-arb-jilin.yaml").string();
  e2e::write_file(file, text);
  RunResult published =
      sandbox.run({"publish", file, "--actor", "管理员"}, "2025-04-01T09:00:00+08:00");
  ASSERT_EQ(published.exit_code, 0) << published.describe();
  RunResult opened =
      sandbox.run({"case", "open", "wage-arb-jilin", "--actor", "王书记员", "--role",
                   "intake_clerk", "--set", "worker_name=李四", "--set", "employer=某公司", "--set",
                   "region=长春市", "--set", "claim_amount=5000"},
                  "2025-04-02T09:00:00+08:00");
  ASSERT_EQ(opened.exit_code, 0) << opened.describe();
  RunResult own = sandbox.run(
      {"report", "--period", "2025Q2", "--workflow", "wage-arb-jilin", "--format", "json"},
      "2025-07-10T10:00:00+08:00");
  ASSERT_EQ(own.exit_code, 0) << own.describe();
  EXPECT_EQ(nlohmann::json::parse(own.out)["received"], 1) << own.out;
}

TEST(PeriodBoundaries, RefusesAPeriodThatHasNotBegunAndABadPeriod) {
  Sandbox sandbox;
  RunResult future = sandbox.run({"report", "--period", "2026Q2"}, "2026-03-31T23:00:00+08:00");
  EXPECT_EQ(future.exit_code, 1) << future.describe();
  EXPECT_NE(future.err.find("has not begun"), std::string::npos) << future.err;
  // From its first instant on it has begun (the period is [start, end)).
  RunResult first_instant =
      sandbox.run({"report", "--period", "2026Q2"}, "2026-04-01T00:00:00+08:00");
  EXPECT_EQ(first_instant.exit_code, 0) << first_instant.describe();
  // An empty period is malformed, not missing (a script lost its value).
  for (const char* bad : {"2025Q5", "25Q1", "2025-13", "Q3", ""}) {
    RunResult run = sandbox.run({"report", "--period", bad}, "2026-01-20");
    EXPECT_EQ(run.exit_code, 1) << "'" << bad << "' " << run.describe();
    EXPECT_NE(run.err.find("invalid --period '" + std::string(bad) + "'"), std::string::npos)
        << run.err;
  }
  RunResult missing = sandbox.run({"report"}, "2026-01-20");
  EXPECT_EQ(missing.exit_code, 2) << missing.describe();
  // So is an empty workflow: not "every workflow".
  RunResult blank = sandbox.run({"report", "--period", "2025", "--workflow", ""}, "2026-01-20");
  EXPECT_EQ(blank.exit_code, 1) << blank.describe();
  EXPECT_NE(blank.err.find("--workflow is blank"), std::string::npos) << blank.err;
  // An office nobody has: named, with a word on its spelling.
  RunResult typo =
      sandbox.run({"report", "--period", "2025", "--office", "长春仲栽院"}, "2026-01-20");
  EXPECT_EQ(typo.exit_code, 1) << typo.describe();
  EXPECT_NE(typo.err.find("no office '长春仲栽院': no case and no user belongs to it; check its "
                          "spelling"),
            std::string::npos)
      << typo.err;
  EXPECT_EQ(typo.err.find("no office is known yet"), std::string::npos) << typo.err;
  RunResult svg = sandbox.run({"report", "--period", "2025", "--format", "svg"}, "2026-01-20");
  EXPECT_EQ(svg.exit_code, 2) << svg.describe();
}

struct DeadlineCase {
  report::Period period;
  const char* last_day;
  bool provisional;
};

TEST(SubmissionCalendar, DeadlinesRollPastRestDaysAndCountMakeUpDays) {
  const auto calendar = cn_mainland();
  for (const DeadlineCase& c : {
           DeadlineCase{{2024, 1}, "2024-04-07", false},  // a Sunday, but a make-up working day
           DeadlineCase{{2024, 2}, "2024-07-08", false},  // Sunday 7 July -> Monday
           DeadlineCase{{2025, 3}, "2025-10-09", false},  // the day after the Golden Week
           DeadlineCase{{2025, 0}, "2026-01-07", false},
           DeadlineCase{{2026, 3}, "2026-10-09", false},
           DeadlineCase{{2026, 0}, "2027-01-07", true},  // past the calendar's listed years
           DeadlineCase{{2028, 0}, "2029-01-08", true},  // Sunday 7 Jan 2029, weekends only
       }) {
    SCOPED_TRACE(c.period.name());
    auto deadline = report::submission_deadline(c.period, *calendar);
    ASSERT_TRUE(deadline.has_value());
    EXPECT_EQ(deadline->last_day.to_string(), c.last_day);
    EXPECT_EQ(deadline->provisional, c.provisional);
  }
  EXPECT_FALSE(report::submission_deadline({2025, 4}, *calendar).has_value());
}

TEST(SubmissionCalendar, AcrossTheYearEndTheYearIsDueOn7JanuaryThenLate) {
  const auto calendar = cn_mainland();
  const auto at = [](const char* text) { return *parse_instant(text, 480); };
  const std::vector<report::Submission> submitted = {
      {"2026Q1", "", "省厅", at("2026-04-03T10:00:00+08:00")},
      {"2026Q2", "", "省厅", at("2026-07-06T10:00:00+08:00")},
      {"2026Q3", "长春市仲裁院", "长春", at("2026-10-09T10:00:00+08:00")},
  };
  // 31 December 2026, 23:00: the year is not over; 2026Q3 was submitted by
  // one office only, so it is unreported province-wide (and late).
  auto before =
      report::submission_calendar(*calendar, at("2026-12-31T23:00:00+08:00"), 2026, submitted, "");
  ASSERT_TRUE(before.next.has_value());
  EXPECT_EQ(before.next->deadline.period.name(), "2026");
  EXPECT_EQ(before.next->deadline.last_day.to_string(), "2027-01-07");
  EXPECT_TRUE(before.next->deadline.provisional);
  ASSERT_EQ(before.unreported.size(), 1u);
  EXPECT_EQ(before.unreported[0].deadline.period.name(), "2026Q3");
  EXPECT_TRUE(before.unreported[0].late);
  // For that office 2026Q3 counts as reported.
  auto office = report::submission_calendar(*calendar, at("2026-12-31T23:00:00+08:00"), 2026,
                                            submitted, "长春市仲裁院");
  EXPECT_TRUE(office.unreported.empty());

  // 5 January 2027: the year is over and unreported, not yet late.
  auto january = report::submission_calendar(*calendar, at("2027-01-05T09:00:00+08:00"), 2026,
                                             submitted, "长春市仲裁院");
  ASSERT_EQ(january.unreported.size(), 1u);
  EXPECT_EQ(january.unreported[0].deadline.period.name(), "2026");
  EXPECT_FALSE(january.unreported[0].late);
  EXPECT_EQ(january.next->deadline.period.name(), "2026");
  // The last day itself is in time: 7 January 23:59 is not late, 8 January is.
  auto last_day = report::submission_calendar(*calendar, at("2027-01-07T23:59:00+08:00"), 2026,
                                              submitted, "长春市仲裁院");
  EXPECT_FALSE(last_day.unreported[0].late);
  auto after = report::submission_calendar(*calendar, at("2027-01-08T00:00:00+08:00"), 2026,
                                           submitted, "长春市仲裁院");
  EXPECT_TRUE(after.unreported[0].late);
  EXPECT_EQ(after.next->deadline.period.name(), "2027Q1");
  EXPECT_EQ(after.next->deadline.last_day.to_string(), "2027-04-07");
  EXPECT_TRUE(after.next->deadline.provisional);
}

// The first year listed chooses the lines, never the next deadline: on 3
// January 2026 the next is 2025's report (due 7 January) whether the list
// starts in 2024, 2025 or 2026.
TEST(SubmissionCalendar, TheNextDeadlineDoesNotDependOnTheFirstYearListed) {
  const auto calendar = cn_mainland();
  const auto at = [](const char* text) { return *parse_instant(text, 480); };
  for (int since : {2024, 2025, 2026}) {
    auto listed =
        report::submission_calendar(*calendar, at("2026-01-03T10:00:00+08:00"), since, {}, "");
    ASSERT_TRUE(listed.next.has_value()) << since;
    EXPECT_EQ(listed.next->deadline.period.name(), "2025") << since;
    EXPECT_EQ(listed.next->deadline.last_day.to_string(), "2026-01-07") << since;
    for (const auto& status : listed.periods) {
      EXPECT_GE(status.deadline.period.year, since) << status.deadline.period.name();
    }
  }
}

TEST(SubmissionCalendar, SubmitRecordsWhoAndWhenAndTheReportShowsWhatIsUnreported) {
  Sandbox sandbox;
  RunResult early = sandbox.run({"report", "--period", "2025Q3", "--submit", "--by", "刘科长"},
                                "2025-09-30T12:00:00+08:00");
  EXPECT_EQ(early.exit_code, 1) << early.describe();
  RunResult q4 = sandbox.run({"report", "--period", "2025Q4", "--submit", "--by", "刘科长"},
                             "2026-01-05T12:00:00+08:00");
  EXPECT_EQ(q4.exit_code, 1) << q4.describe();
  RunResult ok = sandbox.run({"report", "--period", "2025Q3", "--submit", "--by", "刘科长"},
                             "2025-10-09T16:00:00+08:00");
  ASSERT_EQ(ok.exit_code, 0) << ok.describe();
  EXPECT_NE(ok.out.find("submitted 2025Q3"), std::string::npos) << ok.out;
  RunResult again = sandbox.run({"report", "--period", "2025Q3", "--submit", "--by", "别人"},
                                "2025-10-10T16:00:00+08:00");
  EXPECT_EQ(again.exit_code, 1) << again.describe();
  EXPECT_NE(again.err.find("already submitted for the province by 刘科长"), std::string::npos)
      << again.describe();

  RunResult deadlines = sandbox.run({"report", "deadlines", "--since", "2025", "--format", "json"},
                                    "2025-11-28T10:00:00+08:00");
  ASSERT_EQ(deadlines.exit_code, 0) << deadlines.describe();
  const auto json = nlohmann::json::parse(deadlines.out);
  EXPECT_EQ(json["next"]["period"], "2025");
  EXPECT_EQ(json["next"]["last_day"], "2026-01-07");
  std::vector<std::string> unreported;
  for (const auto& s : json["unreported"]) unreported.push_back(s["period"]);
  EXPECT_EQ(unreported, (std::vector<std::string>{"2025Q1", "2025Q2"}));
  for (const auto& s : json["periods"]) {
    if (s["period"] == "2025Q3") {
      EXPECT_EQ(s["submitted"]["by"], "刘科长");
      EXPECT_EQ(s["submitted"]["at"], "2025-10-09T08:00:00Z");
    }
  }
  RunResult table = sandbox.run({"report", "--period", "2025Q3"}, "2025-11-28T10:00:00+08:00");
  ASSERT_EQ(table.exit_code, 0) << table.describe();
  EXPECT_NE(table.out.find("next submission: 2025 by 2026-01-07"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(" 2025Q1 (late) 2025Q2 (late)\n"), std::string::npos) << table.out;

  RunResult future =
      sandbox.run({"report", "deadlines", "--since", "2030"}, "2025-11-28T10:00:00+08:00");
  EXPECT_EQ(future.exit_code, 1) << future.describe();
  EXPECT_NE(future.err.find("--since 2030 is after this year (2025)"), std::string::npos)
      << future.describe();
}

// A submission from 00:00 after the last day on counts, and says it was
// late. Names kept for good (submissions are append-only) and offices are
// checked first: a blank or control-character name, or a mistyped office
// (a report of zeros that would read as true), is refused with nothing
// recorded.
TEST(SubmissionCalendar, ALateSubmissionSaysSoAndBadNamesOrOfficesAreRefused) {
  Sandbox sandbox;
  const char* kAfter = "2025-11-28T10:00:00+08:00";
  const struct {
    std::vector<std::string> args;
    const char* message;
  } refused[] = {
      {{"--submit", "--by", "  "}, "--by is blank"},
      {{"--submit", "--by", "\xE3\x80\x80"}, "--by is blank"},  // ideographic space
      {{"--submit", "--by", "刘\x1b[31m科长"}, "--by holds a control character"},
      {{"--submit", "--by", "刘科长", "--office", " "}, "--office is blank"},
      {{"--submit", "--by", ""}, "--by is blank"},
      {{"--office", ""}, "--office is blank"},  // not "every office": a script lost its value
      {{"--office", "长春市仲栽院"}, "no office '长春市仲栽院': no case and no user belongs to it"},
      {{"--submit", "--by", "刘科长", "--office", "长春市仲栽院"}, "no office '长春市仲栽院'"},
  };
  for (const auto& c : refused) {
    std::vector<std::string> command = {"report", "--period", "2025Q2"};
    command.insert(command.end(), c.args.begin(), c.args.end());
    RunResult run = sandbox.run(command, kAfter);
    EXPECT_EQ(run.exit_code, 1) << run.describe();
    EXPECT_NE(run.err.find(c.message), std::string::npos) << run.describe();
  }
  RunResult without_submit =
      sandbox.run({"report", "--period", "2025Q2", "--by", "刘科长"}, kAfter);
  EXPECT_EQ(without_submit.exit_code, 2) << without_submit.describe();
  EXPECT_EQ(without_submit.err,
            "wageflow: --by names who submits the report: add --submit to record the submission; "
            "nothing was recorded\n");
  EXPECT_EQ(without_submit.out, "");
  RunResult typo = sandbox.run({"report", "deadlines", "--office", "长春市仲栽院"}, kAfter);
  EXPECT_EQ(typo.exit_code, 1) << typo.describe();

  // 2025Q2 is due Mon 7 July: 00:00 on the 8th is late; Q3 (9 October) on time.
  ASSERT_EQ(sandbox
                .run({"report", "--period", "2025Q2", "--submit", "--by", "刘科长"},
                     "2025-07-08T00:00:00+08:00")
                .exit_code,
            0);
  ASSERT_EQ(sandbox
                .run({"report", "--period", "2025Q3", "--submit", "--by", "刘科长"},
                     "2025-10-09T23:59:59+08:00")
                .exit_code,
            0);
  RunResult text = sandbox.run({"report", "deadlines", "--since", "2025"}, kAfter);
  EXPECT_NE(text.out.find("2025Q2  due 2025-07-07  submitted late by 刘科长"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("2025Q3  due 2025-10-09  submitted by 刘科长"), std::string::npos)
      << text.out;
  const auto json = nlohmann::json::parse(
      sandbox.run({"report", "deadlines", "--since", "2025", "--format", "json"}, kAfter).out);
  std::map<std::string, bool> late;
  for (const auto& s : json["periods"]) {
    if (s["submitted"].is_object()) late[s["period"]] = s["submitted"]["late"];
  }
  EXPECT_EQ(late, (std::map<std::string, bool>{{"2025Q2", true}, {"2025Q3", false}}));
}

TEST(Exports, CsvStartsWithABomAndNoExportCarriesPersonalData) {
  Sandbox sandbox;
  settled_case(sandbox, "2025-08-01T09:00:00+08:00", "2025-08-20T10:00:00+08:00", "4500.50");
  RunResult csv = sandbox.run({"report", "--period", "2025Q3", "--format", "csv"}, "2026-01-20");
  ASSERT_EQ(csv.exit_code, 0) << csv.describe();
  ASSERT_GE(csv.out.size(), 3u);
  EXPECT_EQ(csv.out.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(csv.out.substr(3, csv.out.find("\r\n") - 3), "section,group,figure,label,value");
  EXPECT_NE(csv.out.find("summary,,amount_recovered,追回金额（元）,4500.50\r\n"), std::string::npos)
      << csv.out;
  EXPECT_NE(csv.out.find("region,长春市,received,收案数,1\r\n"), std::string::npos) << csv.out;

  RunResult svg = sandbox.run(
      {"report", "--period", "2025Q3", "--format", "svg", "--out", "charts"}, "2026-01-20");
  ASSERT_EQ(svg.exit_code, 0) << svg.describe();
  std::vector<std::string> outputs = {csv.out, report(sandbox, "2025Q3").dump()};
  for (const auto& name : report::chart_names()) {
    const auto path = sandbox.dir() / "charts" / (name + ".svg");
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    const std::string text = e2e::read_file(path);
    EXPECT_EQ(text.rfind("<?xml", 0), 0u) << name;
    EXPECT_NE(text.find("Noto Sans CJK SC"), std::string::npos) << name;
    EXPECT_EQ(text.find("<script"), std::string::npos) << name;
    outputs.push_back(text);
  }
  RunResult table = sandbox.run({"report", "--period", "2025Q3"}, "2026-01-20");
  outputs.push_back(table.out);
  for (const std::string& output : outputs) {
    for (const char* personal : {"李四", "13712345678"}) {
      EXPECT_EQ(output.find(personal), std::string::npos) << personal << " in\n" << output;
    }
  }
}

TEST(Charts, EscapeTextAndDrawOneBarPerMonth) {
  EXPECT_EQ(report::xml_escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  report::Figures figures;
  figures.period = {2025, 3};
  figures.months = {{"2025-07", 3, 1, 100}, {"2025-08", 5, 2, 200}, {"2025-09", 0, 4, 300}};
  figures.on_time_by_office = {{"<办公室&>", {1, 2}}};
  const std::string received = *report::render_chart("received-closed", figures);
  std::size_t bars = 0;
  for (std::size_t at = received.find("<rect x="); at != std::string::npos;
       at = received.find("<rect x=", at + 1)) {
    ++bars;
  }
  EXPECT_EQ(bars, 6u + 2u) << received;  // 3 months x 2 series, and 2 legend keys
  const std::string on_time = *report::render_chart("on-time", figures);
  EXPECT_NE(on_time.find("&lt;办公室&amp;&gt;"), std::string::npos) << on_time;
  EXPECT_EQ(on_time.find("<办公室"), std::string::npos);
  EXPECT_NE(on_time.find(">50%<"), std::string::npos) << "a label drops .0: " << on_time;
  EXPECT_NE(on_time.find("&lt;办公室&amp;&gt; 按期结案率: 50.0%</title>"), std::string::npos)
      << "the title is the rate as the report prints it: " << on_time;
  EXPECT_FALSE(report::render_chart("pie", figures).has_value());
  // Bars are labelled in whole yuan; their titles are exact.
  figures.months[1].recovered_fen = 9999;
  const std::string recovered = *report::render_chart("recovered", figures);
  EXPECT_NE(recovered.find("<title>2025-08 追回金额（元）: 99.99</title>"), std::string::npos)
      << recovered;
  EXPECT_NE(recovered.find(">99</text>"), std::string::npos) << recovered;
}

}  // namespace
}  // namespace wageflow
