// The reports of docs/reports.md over HTTP (the web Dashboard page):
//   GET /api/reports?period=2025Q3[&office=O][&workflow=W][&format=csv]
//                                                            the figures (JSON, or CSV)
//   GET /api/reports/charts/{name}.svg?period=...             one chart (SVG)
//   GET /api/reports/submissions[?office=O]                   the submission calendar
// Who may read them: a province-wide user, every office or one (office=O);
// a director, their own office only. Anyone else gets 403.
#include <algorithm>
#include <optional>

#include "adapters/http/api_context.h"
#include "adapters/report/charts.h"
#include "adapters/report/known_office.h"
#include "adapters/report/report_calendar.h"
#include "adapters/report/report_output.h"
#include "adapters/report/statistics.h"
#include "adapters/report/submissions.h"

namespace wageflow::http {
namespace {

using Json = nlohmann::ordered_json;

bool is_director(const UserRecord& user) {
  for (const auto& role : user.roles) {
    if (role == "director") return true;
  }
  return false;
}

// A province-wide reader's office that no case and no user belongs to is
// a mistyped name: 404 naming the known offices.
void refuse_unknown_office(Exchange& ex, const std::string& office) {
  if (auto problem = report::unknown_office(*ex.db().store, office)) {
    throw ProblemError(Problem{404, "no-such-office", *problem});
  }
}

// The office whose reports the caller asked for, as they may read it.
std::string report_office(Exchange& ex) {
  const UserRecord& user = ex.user();
  const std::string asked = ex.request.query_value("office").value_or("");
  if (user.province_wide) {
    if (!asked.empty()) refuse_unknown_office(ex, asked);
    return asked;
  }
  if (!is_director(user)) {
    throw ProblemError(Problem{403, "forbidden",
                               "reports are for directors (their office) and province-wide users"});
  }
  if (!asked.empty() && asked != user.office) {
    throw ProblemError(
        Problem{403, "forbidden", "you may read the reports of your office (" + user.office + ")"});
  }
  return user.office;
}

std::shared_ptr<const Calendar> calendar_for(Exchange& ex, const std::string& workflow) {
  auto calendar =
      report::report_calendar(ex.db().latest_definitions, ex.db().definitions, workflow);
  if (!calendar) throw ProblemError(Problem{400, "invalid-parameter", calendar.error()});
  return calendar.value();
}

report::Figures figures_for(Exchange& ex) {
  const std::string office = report_office(ex);
  const std::string period_text = ex.request.query_value("period").value_or("");
  auto period = report::Period::parse(period_text);
  if (!period) {
    throw ProblemError(
        Problem{400, "invalid-parameter",
                "period: '" + period_text + "' is not a quarter like 2025Q3 or a year like 2025"});
  }
  report::ReportRequest request;
  request.period = *period;
  request.office = office;
  const std::optional<std::string> workflow = ex.request.query_value("workflow");
  if (workflow && workflow->find_first_not_of(" \t") == std::string::npos) {
    // Not "every workflow": a client that lost its value (as the CLI).
    throw ProblemError(Problem{400, "invalid-parameter",
                               "workflow is blank: give a workflow's id, or leave it out for "
                               "every arbitration workflow"});
  }
  request.workflow = workflow.value_or("");
  const auto calendar = calendar_for(ex, request.workflow);
  request.utc_offset_minutes = calendar->utc_offset_minutes();
  request.now = ex.now();
  auto figures = report::compute_report(*ex.db().store, ex.db().definitions, request);
  if (!figures) throw ProblemError(Problem{400, "invalid-parameter", figures.error()});
  return std::move(figures).value();
}

Json submissions_for(Exchange& ex, const std::string& office) {
  const auto calendar = calendar_for(ex, "");
  auto submissions = report::recorded_submissions(*ex.db().store);
  if (!submissions)
    throw ProblemError(Problem{503, "submissions-unavailable", submissions.error()});
  return report::submission_json(report::submission_calendar(
      *calendar, ex.now(), calendar->first_year(), submissions.value(), office));
}

HttpResponse get_report(Exchange& ex) {
  const std::string format = ex.request.query_value("format").value_or("json");
  if (format != "json" && format != "csv") {
    throw ProblemError(
        Problem{400, "invalid-parameter", "format: '" + format + "' is not one of json, csv"});
  }
  if (format == "csv") {
    const report::Figures figures = figures_for(ex);
    HttpResponse response;
    response.content_type = "text/csv; charset=utf-8";
    response.body = report::render_csv(figures);
    response.set_header("Content-Disposition",
                        "attachment; filename=\"report-" + figures.period.name() + ".csv\"");
    return response;
  }
  Json body = report::report_json(figures_for(ex));
  body["charts"] = report::chart_names();
  return HttpResponse::json(200, body);
}

HttpResponse get_chart(Exchange& ex) {
  std::string name = ex.param("name");
  const std::string suffix = ".svg";
  if (name.size() > suffix.size() &&
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
    name.resize(name.size() - suffix.size());
  }
  const auto& names = report::chart_names();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    throw ProblemError(Problem{404, "no-such-chart", "unknown chart '" + ex.param("name") + "'"});
  }
  HttpResponse response;
  response.content_type = "image/svg+xml";
  response.body = *report::render_chart(name, figures_for(ex));
  response.set_header("Cache-Control", "no-cache");
  response.set_header("Content-Security-Policy", "default-src 'none'");
  return response;
}

HttpResponse get_submissions(Exchange& ex) {
  return HttpResponse::json(200, submissions_for(ex, report_office(ex)));
}

}  // namespace

void add_report_routes(Router& router) {
  router.add({"GET", "/api/reports", Access::kAuthenticated,
              "the statistics of a period (docs/reports.md)", get_report});
  router.add({"GET", "/api/reports/charts/{name}", Access::kAuthenticated,
              "one chart of a period's statistics (SVG)", get_chart});
  router.add({"GET", "/api/reports/submissions", Access::kAuthenticated,
              "the submission calendar: next deadline, unreported periods", get_submissions});
}

}  // namespace wageflow::http
