// report --period P [--office O] [--workflow W] [--format table|csv|json|svg]
//        [--out DIR] [--submit --by NAME]
// report deadlines [--office O] [--since YEAR]
#include "adapters/cli/report_command.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>

#include "adapters/report/charts.h"
#include "adapters/report/known_office.h"
#include "adapters/report/report_calendar.h"
#include "adapters/report/report_output.h"
#include "adapters/report/statistics.h"
#include "adapters/report/submissions.h"
#include "engine/core/name_text.h"

namespace wageflow::cli {
namespace {

struct ReportOptions {
  std::string period;
  std::string office;
  bool office_given = false;  // --office '' is not "every office": a script lost its value
  std::string workflow;
  std::string format = "table";
  std::string out;
  bool submit = false;
  std::string by;
  bool by_given = false;
  bool workflow_given = false;
  int since = 0;  // deadlines: first year listed (0: the calendar's first year)
};

// --by and --office as given, checked before anything is read or recorded:
// a mistyped office would print a report of zeros that reads as true.
std::optional<std::string> options_problem(Store& store, const ReportOptions& options) {
  if (options.submit && options.by_given) {
    // A submission is append-only: a bad name would stand for good.
    if (auto problem = name_problem(options.by)) return "--by " + *problem;
  }
  if (options.workflow_given && options.workflow.find_first_not_of(" \t") == std::string::npos) {
    return "--workflow is blank: give a workflow's id, or leave it out for every arbitration "
           "workflow";
  }
  if (options.office_given) {
    if (auto problem = name_problem(options.office)) return "--office " + *problem;
    if (auto problem = report::unknown_office(store, options.office)) return problem;
  }
  return std::nullopt;
}

Result<report::SubmissionCalendar> load_submission_calendar(const Context& context, Store& store,
                                                            const Calendar& calendar,
                                                            const std::string& office, int since) {
  auto submissions = report::recorded_submissions(store);
  if (!submissions) return Error{submissions.error()};
  const Instant now = context.now(calendar.utc_offset_minutes());
  return report::submission_calendar(calendar, now, since ? since : calendar.first_year(),
                                     submissions.value(), office);
}

int record_submission(const Context& context, Store& store, const Calendar& calendar,
                      const report::Period& period, const ReportOptions& options) {
  if (options.by.empty()) {
    return context.fail(kExitUsage, "--submit needs --by NAME (who submits the report)");
  }
  if (!report::submission_deadline(period, calendar)) {
    return context.fail(kExitInvalid, "the fourth quarter is not submitted on its own: submit " +
                                          std::to_string(period.year) + " (due 7 January)");
  }
  const int offset = calendar.utc_offset_minutes();
  const Instant now = context.now(offset);
  if (start_of_day(period.end_day(), offset).seconds > now.seconds) {
    return context.fail(kExitInvalid, "period " + period.name() + " is not over at " +
                                          format_local(now, offset) + "; nothing recorded");
  }
  if (auto problem = report::record_submission(
          store, {period.name(), options.office, options.by, now}, offset)) {
    return context.fail(kExitInvalid, *problem);
  }
  context.out << "submitted " << period.name() << " for "
              << (options.office.empty() ? "the province" : options.office) << " by " << options.by
              << " at " << format_local(now, offset) << '\n';
  return kExitDone;
}

int write_charts(const Context& context, const report::Figures& figures, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return context.fail(kExitInvalid, "cannot create " + dir + ": " + ec.message());
  for (const auto& name : report::chart_names()) {
    const std::string path = dir + "/" + name + ".svg";
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << *report::render_chart(name, figures);
    if (!file.flush()) return context.fail(kExitInvalid, "cannot write " + path);
    context.out << path << '\n';
  }
  return kExitDone;
}

int run_report(const Context& context, const ReportOptions& options) {
  auto period = report::Period::parse(options.period);
  if (!period) {
    return context.fail(kExitInvalid, "invalid --period '" + options.period +
                                          "': expected a quarter like 2025Q3 or a year like 2025");
  }
  if (options.by_given && !options.submit) {
    // Whoever typed --by meant to record a submission: a report printed
    // instead would leave the period shown as not submitted.
    return context.fail(kExitUsage,
                        "--by names who submits the report: add --submit to record the "
                        "submission; nothing was recorded");
  }
  if (options.format == "svg" && options.out.empty() && !options.submit) {
    return context.fail(kExitUsage, "--format svg writes one file per chart: give --out DIR");
  }
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  Session& session = *opened.value();
  if (auto problem = options_problem(*session.store, options)) {
    return context.fail(kExitInvalid, *problem);
  }
  auto calendar =
      report::report_calendar(session.latest_definitions, session.definitions, options.workflow);
  if (!calendar) return context.fail(kExitInvalid, calendar.error());
  if (options.submit) {
    return record_submission(context, *session.store, *calendar.value(), *period, options);
  }

  report::ReportRequest request;
  request.period = *period;
  request.office = options.office;
  request.workflow = options.workflow;
  request.utc_offset_minutes = calendar.value()->utc_offset_minutes();
  request.now = context.now(request.utc_offset_minutes);
  auto figures = report::compute_report(*session.store, session.definitions, request);
  if (!figures) return context.fail(kExitInvalid, figures.error());

  if (options.format == "svg") return write_charts(context, figures.value(), options.out);
  if (options.format == "csv") {
    context.out << report::render_csv(figures.value());
    return kExitDone;
  }
  auto deadlines =
      load_submission_calendar(context, *session.store, *calendar.value(), options.office, 0);
  if (options.format == "json") {
    auto json = report::report_json(figures.value());
    if (deadlines) json["submissions"] = report::submission_json(deadlines.value());
    context.out << json.dump(2) << '\n';
    return kExitDone;
  }
  context.out << report::render_table(figures.value()) << '\n';
  if (deadlines) {
    context.out << report::render_submission_lines(deadlines.value());
  } else {
    context.err << "wageflow: " << deadlines.error() << '\n';
  }
  return kExitDone;
}

int run_deadlines(const Context& context, const ReportOptions& options) {
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  if (auto problem = options_problem(*opened.value()->store, options)) {
    return context.fail(kExitInvalid, *problem);
  }
  auto calendar = report::report_calendar(opened.value()->latest_definitions,
                                          opened.value()->definitions, options.workflow);
  if (!calendar) return context.fail(kExitInvalid, calendar.error());
  const int offset = calendar.value()->utc_offset_minutes();
  const int this_year = local_date(context.now(offset), offset).year();
  if (options.since > this_year) {
    return context.fail(kExitInvalid, "--since " + std::to_string(options.since) +
                                          " is after this year (" + std::to_string(this_year) +
                                          "): no period of it has ended");
  }
  auto deadlines = load_submission_calendar(context, *opened.value()->store, *calendar.value(),
                                            options.office, options.since);
  if (!deadlines) return context.fail(kExitInvalid, deadlines.error());
  if (options.format == "json") {
    context.out << report::submission_json(deadlines.value()).dump(2) << '\n';
    return kExitDone;
  }
  for (const auto& status : deadlines.value().periods) {
    const auto& d = status.deadline;
    context.out << d.period.name() << "  due " << d.last_day.to_string()
                << (d.provisional ? " (provisional)" : "") << "  ";
    if (status.submitted) {
      context.out << (status.submitted_late ? "submitted late by " : "submitted by ")
                  << status.submitted->by << " at "
                  << format_local(status.submitted->at, calendar.value()->utc_offset_minutes());
    } else {
      context.out << (status.late ? "UNREPORTED, late" : "unreported");
    }
    context.out << '\n';
  }
  context.out << report::render_submission_lines(deadlines.value());
  return kExitDone;
}

}  // namespace

void add_report_commands(CLI::App& app, std::function<int(const Context&)>& command) {
  auto options = std::make_shared<ReportOptions>();
  auto* report = app.add_subcommand(
      "report", "quarterly and annual statistics from the audit trail (docs/reports.md)");
  report->add_option("--period", options->period, "a quarter (2025Q3) or a year (2025)");
  report->add_option("--office", options->office, "one office's cases (default: every office)");
  report->add_option("--workflow", options->workflow,
                     "one workflow's cases (default: every arbitration workflow)");
  report->add_option("--format", options->format, "table, csv, json or svg")
      ->check(CLI::IsMember({"table", "csv", "json", "svg"}))
      ->capture_default_str();
  report->add_option("--out", options->out, "svg: the folder to write one file per chart into");
  report->add_flag("--submit", options->submit,
                   "record that the period's report was submitted (with --by)");
  report->add_option("--by", options->by, "who submitted the report (with --submit)");
  report->require_subcommand(0, 1);
  auto* deadlines = report->add_subcommand(
      "deadlines", "the submission calendar: every period, due dates, what is unreported");
  deadlines->add_option("--since", options->since, "the first year listed")
      ->check(CLI::Range(1970, 9999));
  deadlines->add_option("--office", options->office, "one office's submissions");
  deadlines->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));

  report->callback([options, &command, report, deadlines] {
    options->office_given = report->count("--office") + deadlines->count("--office") > 0;
    options->by_given = report->count("--by") > 0;
    options->workflow_given = report->count("--workflow") > 0;
    if (deadlines->parsed()) {
      command = [options](const Context& c) { return run_deadlines(c, *options); };
      return;
    }
    if (report->count("--period") == 0) {
      throw CLI::RequiredError("--period (or the subcommand `deadlines`)");
    }
    command = [options](const Context& c) { return run_report(c, *options); };
  });
}

}  // namespace wageflow::cli
