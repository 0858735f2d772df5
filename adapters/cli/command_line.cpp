// The command line of `wageflow`: CLI11 lives in this one translation unit
// (it is heavy to compile). Parses, checks --now, runs the chosen command
// and turns every exception into exit code 4.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <exception>
#include <functional>
#include <ostream>

#include "adapters/cli/cli.h"
#include "adapters/cli/commands.h"
#include "adapters/cli/context.h"
#include "adapters/cli/logging.h"
#include "adapters/cli/report_command.h"
#include "adapters/cli/server_commands.h"
#include "adapters/cli/tooling_commands.h"
#include "adapters/cli/versions_commands.h"
#include "engine/runtime/store.h"

namespace wageflow::cli {
namespace {

constexpr const char* kNowForms =
    "expected YYYY-MM-DD (09:00 in the calendar's zone) or YYYY-MM-DDTHH:MM[:SS] with an "
    "optional zone (Z, +08:00)";

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// Every option and the command to run, filled in by CLI11.
struct Parsed {
  GlobalOptions global;
  bool verbose = false;
  std::string now_text;
  ValidateOptions validate;
  DeadlineOptions deadline;
  CaseCommandOptions case_command;
  ShowOptions show;
  ListOptions list;
  AuditLogOptions audit_log;
  std::string verify_case;
  std::string replay_case;
  bool recompute_dry_run = false;
  bool recompute_all = false;
  ExportOptions export_options;
  ImportOptions import_options;
  DiagramCommandOptions diagram;
  SimulateCommandOptions simulate;
  ServeOptions serve;
  UserAddOptions user_add;
  std::string token_user;
  std::function<int(const Context&)> command;
};

CLI::App* add_case_actor_options(CLI::App* command, CaseCommandOptions& options) {
  command->add_option("--actor", options.actor, "who does it (a staff member's name)")->required();
  command->add_option("--role", options.role, "in which of the workflow's roles")->required();
  return command;
}

void add_set_option(CLI::App* command, CaseCommandOptions& options) {
  command
      ->add_option("--set", options.sets,
                   "FIELD=VALUE: a field value (money 8600.50, date YYYY-MM-DD, bool "
                   "true/false); repeat for several")
      ->allow_extra_args(false)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void add_key_option(CLI::App* command, CaseCommandOptions& options) {
  command->add_option("--key", options.key,
                      "idempotency key: a retry with the same key changes nothing and repeats "
                      "the first answer");
}

void add_case_commands(CLI::App& app, Parsed& p) {
  auto* group = app.add_subcommand("case", "open, advance and look at cases");
  group->require_subcommand(1);

  auto* open = group->add_subcommand("open", "open a case; prints the new case id last");
  open->add_option("WORKFLOW", p.case_command.workflow,
                   "workflow id, e.g. "
                   "wage-arbitration-fasttrack")
      ->required();
  add_case_actor_options(open, p.case_command);
  add_set_option(open, p.case_command);
  add_key_option(open, p.case_command);
  open->callback(
      [&p] { p.command = [&p](const Context& c) { return open_case(c, p.case_command); }; });

  auto* fire = group->add_subcommand("fire", "fire an event; prints the new state last");
  fire->add_option("CASE", p.case_command.case_id, "case id, e.g. 2025-000001")->required();
  fire->add_option("EVENT", p.case_command.event, "event name, e.g. accept")->required();
  add_case_actor_options(fire, p.case_command);
  add_set_option(fire, p.case_command);
  fire->add_option("--comment", p.case_command.comment, "a comment or reason");
  add_key_option(fire, p.case_command);
  fire->callback(
      [&p] { p.command = [&p](const Context& c) { return fire_event(c, p.case_command); }; });

  auto* suspend = group->add_subcommand("suspend",
                                        "suspend a case (中止), pausing its timers (but "
                                        "on_suspend: run ones); prints the case status");
  suspend->add_option("CASE", p.case_command.case_id, "case id")->required();
  add_case_actor_options(suspend, p.case_command);
  suspend->add_option("--comment", p.case_command.comment, "the reason (needed)");
  add_key_option(suspend, p.case_command);
  suspend->callback(
      [&p] { p.command = [&p](const Context& c) { return suspend_case(c, p.case_command); }; });

  auto* resume = group->add_subcommand(
      "resume",
      "resume a suspended case, restarting its timers and firing an expiry event held while "
      "it was suspended; prints the case status");
  resume->add_option("CASE", p.case_command.case_id, "case id")->required();
  add_case_actor_options(resume, p.case_command);
  resume->add_option("--comment", p.case_command.comment, "a comment");
  add_key_option(resume, p.case_command);
  resume->callback(
      [&p] { p.command = [&p](const Context& c) { return resume_case(c, p.case_command); }; });

  auto* correct = group->add_subcommand(
      "correct",
      "correct field values entered wrongly (更正), leaving the state and deadlines as they are; "
      "prints the state last");
  correct->add_option("CASE", p.case_command.case_id, "case id")->required();
  add_case_actor_options(correct, p.case_command);
  add_set_option(correct, p.case_command);
  correct->add_option("--comment", p.case_command.comment, "why the value was wrong (needed)");
  add_key_option(correct, p.case_command);
  correct->callback(
      [&p] { p.command = [&p](const Context& c) { return correct_case(c, p.case_command); }; });

  auto* show = group->add_subcommand("show", "one case in full (personal data included)");
  show->add_option("CASE", p.show.case_id, "case id")->required();
  show->add_flag("--json", p.show.json, "print one JSON object");
  show->callback([&p] { p.command = [&p](const Context& c) { return show_case(c, p.show); }; });

  auto* list = group->add_subcommand("list", "cases as a table (personal data masked)");
  list->add_option("--workflow", p.list.workflow, "only this workflow id");
  list->add_option("--state", p.list.state, "only cases in this state");
  list->add_option("--status", p.list.status, "only cases with this status")
      ->check(CLI::IsMember({"active", "suspended", "closed"}));
  list->add_flag("--overdue", p.list.overdue, "only cases with an overdue timer");
  list->add_flag("--json", p.list.json, "print a JSON array");
  list->callback([&p] { p.command = [&p](const Context& c) { return list_cases(c, p.list); }; });
}

void add_commands(CLI::App& app, Parsed& p) {
  auto* validate = app.add_subcommand("validate", "check workflow and calendar files");
  validate->add_option("FILE", p.validate.files, "workflow or calendar YAML files")->required();
  validate->callback(
      [&p] { p.command = [&p](const Context& c) { return validate_files(c, p.validate); }; });

  auto* deadline = app.add_subcommand("deadline", "deadline arithmetic on a calendar");
  deadline
      ->add_option("--calendar", p.deadline.calendar,
                   "calendar name (in <workflows>/calendars) or a calendar file")
      ->required();
  deadline->add_option("--from", p.deadline.from, "start date YYYY-MM-DD (not counted)")
      ->required();
  deadline->add_option("--add", p.deadline.add, "'N days' or 'N working_days'")->required();
  deadline->callback(
      [&p] { p.command = [&p](const Context& c) { return compute_deadline(c, p.deadline); }; });

  add_case_commands(app, p);

  auto* timers = app.add_subcommand("timers", "statutory deadline timers");
  timers->require_subcommand(1);
  auto* tick = timers->add_subcommand(
      "tick",
      "process every warning and expiry due at --now; prints the counts, and names on stderr "
      "each case it could not tick (exit 1) or whose expiry event it did not fire (exit 0)");
  tick->callback([&p] { p.command = [](const Context& c) { return tick_timers(c); }; });
  auto* recompute = timers->add_subcommand(
      "recompute",
      "count provisional due dates again once the calendar lists their year; --all: every due "
      "date, after a listed year was corrected (docs/deadlines.md)");
  recompute->add_flag("--dry-run", p.recompute_dry_run, "print what would change; write nothing");
  recompute->add_flag("--all", p.recompute_all,
                      "count every due date still counting again, not only provisional ones: "
                      "after a listed year of a calendar was corrected");
  recompute->callback([&p] {
    p.command = [&p](const Context& c) {
      return recompute_timers(c, p.recompute_dry_run, p.recompute_all);
    };
  });

  auto* audit = app.add_subcommand("audit", "the audit trail");
  audit->require_subcommand(1);
  auto* log = audit->add_subcommand("log", "a case's audit records, oldest first, one a line");
  log->add_option("CASE", p.audit_log.case_id, "case id")->required();
  log->add_flag("--json", p.audit_log.json, "one JSON object a line");
  log->callback(
      [&p] { p.command = [&p](const Context& c) { return print_audit_log(c, p.audit_log); }; });
  auto* verify = audit->add_subcommand("verify", "recompute the audit hash chains");
  verify->add_option("CASE", p.verify_case, "only this case (default: every case)");
  verify->callback(
      [&p] { p.command = [&p](const Context& c) { return verify_audit(c, p.verify_case); }; });

  auto* replay = audit->add_subcommand(
      "replay",
      "rebuild cases from their audit trails alone and compare them with the stored ones");
  replay->add_option("CASE", p.replay_case, "only this case (default: every case)");
  replay->callback(
      [&p] { p.command = [&p](const Context& c) { return replay_audit(c, p.replay_case); }; });

  auto* exporter = app.add_subcommand(
      "export", "write every definition, case and audit trail to a file (JSON Lines)");
  exporter->add_option("--out", p.export_options.out, "the file to write, e.g. cases.jsonl")
      ->required();
  exporter->add_flag("--force", p.export_options.force, "overwrite the file if it exists");
  exporter->callback([&p] {
    p.command = [&p](const Context& c) { return export_database(c, p.export_options); };
  });

  auto* importer = app.add_subcommand(
      "import", "add the definitions, cases and audit trails of an export file to --db");
  importer->add_option("FILE", p.import_options.file, "a file written by wageflow export")
      ->required();
  importer
      ->add_option("--batch-size", p.import_options.batch_size, "cases committed per transaction")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  importer->callback(
      [&p] { p.command = [&p](const Context& c) { return import_file(c, p.import_options); }; });
}

// diagram and simulate (tooling_commands.h).
void add_tooling_commands(CLI::App& app, Parsed& p) {
  auto* diagram = app.add_subcommand("diagram", "draw a workflow as DOT, Mermaid or SVG");
  diagram->add_option("FILE", p.diagram.file, "a workflow file (or a workflow id in --workflows)")
      ->required();
  diagram->add_option("--format", p.diagram.format, "dot, mermaid or svg (svg needs Graphviz)")
      ->check(CLI::IsMember({"dot", "mermaid", "svg"}))
      ->capture_default_str();
  diagram->add_option("--locale", p.diagram.locale, "the labels shown: zh or en")
      ->capture_default_str();
  diagram->callback(
      [&p] { p.command = [&p](const Context& c) { return draw_diagram(c, p.diagram); }; });

  auto* simulate = app.add_subcommand(
      "simulate", "walk a hypothetical case through events on the real calendar");
  simulate->add_option("FILE", p.simulate.file, "a workflow file (or a workflow id)")->required();
  simulate->add_option("--from", p.simulate.from, "opening date YYYY-MM-DD (09:00) or date-time")
      ->required();
  simulate
      ->add_option("--path", p.simulate.path,
                   "events with offsets: \"accept@+1d, start_mediation@+3wd, "
                   "settle{recovered_amount=8000}@2025-02-20\"; suspend, resume and "
                   "correct{FIELD=VALUE} are steps too")
      ->required();
  simulate->add_option("--set", p.simulate.sets, "FIELD=VALUE for the opening; repeat for several")
      ->allow_extra_args(false)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  simulate->add_flag("--role-any", p.simulate.role_any,
                     "try every role allowed for an event until one is accepted");
  simulate->callback(
      [&p] { p.command = [&p](const Context& c) { return simulate_path(c, p.simulate); }; });
}

// serve and user (server_commands.h).
void add_server_commands(CLI::App& app, Parsed& p) {
  auto* serve = app.add_subcommand(
      "serve", "the HTTP server: JSON API, staff pages, timers ticked by the server");
  serve->add_option("--listen", p.serve.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->envname("WAGEFLOW_LISTEN")
      ->capture_default_str();
  serve->add_option("--threads", p.serve.threads, "worker threads answering requests")
      ->capture_default_str();
  serve
      ->add_option("--tick-interval", p.serve.tick_interval_seconds,
                   "seconds between timer ticks (0: this server does not tick)")
      ->capture_default_str();
  serve->add_option("--web", p.serve.web, "folder of the staff pages (index.html, /static/)")
      ->envname("WAGEFLOW_WEB")
      ->capture_default_str();
  serve->add_option("--access-log", p.serve.access_log,
                    "append the JSON access log to this file (default: stderr)");
  serve->add_option("--session-hours", p.serve.session_hours, "how long a login lasts")
      ->capture_default_str();
  serve->add_option("--max-body", p.serve.max_body_bytes, "largest request body accepted, bytes")
      ->capture_default_str();
  serve->add_flag("--secure-cookies", p.serve.secure_cookies,
                  "mark the session cookie Secure (behind an HTTPS proxy)");
  serve->add_flag("--test-clock", p.serve.test_clock,
                  "tests only: POST /test/clock moves the server's clock");
  serve->callback([&p] { p.command = [&p](const Context& c) { return cli::serve(c, p.serve); }; });

  auto* user = app.add_subcommand("user", "accounts of the people using `wageflow serve`");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "add a user; prints their token (once) last");
  add->add_option("NAME", p.user_add.name, "the user's name, as the audit trail shows it")
      ->required();
  add->add_option("--role", p.user_add.roles, "a workflow role; repeat for several")
      ->required()
      ->allow_extra_args(false)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  add->add_option("--office", p.user_add.office, "the office whose cases the user works on");
  add->add_flag("--province", p.user_add.province, "province-wide: sees the cases of every office");
  add->callback([&p] { p.command = [&p](const Context& c) { return add_user(c, p.user_add); }; });
  auto* token = user->add_subcommand("token", "give a user another token; prints it last");
  token->add_option("NAME", p.token_user, "the user's name")->required();
  token->callback(
      [&p] { p.command = [&p](const Context& c) { return issue_user_token(c, p.token_user); }; });
  auto* list = user->add_subcommand("list", "the users: name, roles, office");
  list->callback([&p] { p.command = [](const Context& c) { return list_users(c); }; });
}

// The command given last on the line ("wageflow", "case", "report"...),
// whose subcommands are the ones to offer.
CLI::App* deepest_parsed(CLI::App* app) {
  for (CLI::App* sub : app->get_subcommands([](CLI::App* s) { return s->parsed(); })) {
    return deepest_parsed(sub);
  }
  return app;
}

// CLI11's "A subcommand is required" for `wageflow bogus` or `wageflow
// case bogus`: names the word it did not know and the commands it knows.
std::string missing_command_text(CLI::App& app) {
  CLI::App* at = deepest_parsed(&app);
  std::string names;
  for (CLI::App* sub : at->get_subcommands({})) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
  }
  std::vector<std::string> extra = at->remaining();
  if (extra.empty()) extra = app.remaining();
  const std::string where = at == &app ? std::string("command") : at->get_name() + " command";
  return (extra.empty() ? "a " + where + " is needed"
                        : "unknown " + where + " '" + extra.front() + "'") +
         "; one of: " + names;
}

// 0 for --help, 2 for every other parse error; prints the message.
int report_parse_error(CLI::App& app, const CLI::ParseError& e, std::ostream& out,
                       std::ostream& err) {
  if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
    app.exit(e, out, err);
    return kExitDone;
  }
  const std::string what = e.what();
  const std::string message = what == "A subcommand is required" ? missing_command_text(app) : what;
  err << "wageflow: " << message << '\n' << "Run with --help for more information.\n";
  return kExitUsage;
}

int run_command_line(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Parsed p;
  CLI::App app{
      "wageflow: wage-dispute cases (fast-track arbitration, legal aid) with statutory "
      "deadlines.\nExit codes: 0 done, 1 refused or invalid, 2 usage, 3 conflict, 4 fault.",
      "wageflow"};
  app.require_subcommand(1);
  app.add_option("--db", p.global.db, "database: sqlite:PATH, a file path, or postgresql://...")
      ->envname("WAGEFLOW_DB")
      ->capture_default_str();
  app.add_option("--workflows", p.global.workflows, "folder of workflow files with calendars/")
      ->envname("WAGEFLOW_WORKFLOWS")
      ->capture_default_str();
  app.add_option("--now", p.now_text,
                 "the current time, e.g. 2025-01-24T09:30:00+08:00 or 2025-01-24 (09:00)")
      ->envname("WAGEFLOW_NOW");
  app.add_flag("-v,--verbose", p.verbose, "log what happens on stderr (else WAGEFLOW_LOG)");
  add_commands(app, p);
  add_server_commands(app, p);
  add_tooling_commands(app, p);
  add_report_commands(app, p.command);
  add_versions_commands(app, p.command);

  std::vector<const char*> argv;
  for (const auto& arg : args) argv.push_back(arg.c_str());
  if (argv.empty()) argv.push_back("wageflow");
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    return report_parse_error(app, e, out, err);
  }

  auto logging = make_logger(err, environment("WAGEFLOW_LOG"), p.verbose);
  if (!p.now_text.empty()) p.global.now = p.now_text;
  Context context(p.global, out, err, *logging.logger);
  if (logging.warning) logging.logger->warn("{}", *logging.warning);
  if (context.options.now &&
      !parse_instant(*context.options.now, kDefaultUtcOffsetMinutes).has_value()) {
    return context.fail(kExitUsage, "invalid --now '" + *context.options.now + "': " + kNowForms);
  }
  if (!p.command) return context.fail(kExitUsage, "no command given; see --help");

  try {
    return p.command(context);
  } catch (const StoreError& e) {
    return context.fail(kExitFault, std::string("database fault: ") + e.what());
  } catch (const std::exception& e) {
    return context.fail(kExitFault, std::string("internal fault: ") + e.what());
  } catch (...) {
    return context.fail(kExitFault, "internal fault: unknown exception");
  }
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    return run_command_line(args, out, err);
  } catch (const std::exception& e) {
    err << "wageflow: internal fault: " << e.what() << '\n';
  } catch (...) {
    err << "wageflow: internal fault: unknown exception\n";
  }
  return kExitFault;
}

}  // namespace wageflow::cli
