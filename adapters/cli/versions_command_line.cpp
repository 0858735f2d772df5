// The command line of publish, workflows and migrate (CLI11).
#include <pwd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <memory>

#include "adapters/cli/versions_commands.h"

namespace wageflow::cli {
namespace {

struct VersionsParsed {
  PublishOptions publish;
  WorkflowsOptions workflows;
  MigrateOptions migrate;
};

void add_repeated(CLI::App* command, const std::string& name, std::vector<std::string>& values,
                  const std::string& help) {
  command->add_option(name, values, help)
      ->allow_extra_args(false)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

}  // namespace

std::string acting_user(const std::string& actor) {
  if (!actor.empty()) return actor;
  if (const passwd* account = getpwuid(geteuid()); account && account->pw_name) {
    return account->pw_name;
  }
  const char* user = std::getenv("USER");
  return user ? user : "";
}

void add_versions_commands(CLI::App& app, std::function<int(const Context&)>& command) {
  auto p = std::make_shared<VersionsParsed>();

  auto* publish = app.add_subcommand(
      "publish", "validate a workflow file and store it as an immutable published version");
  publish->add_option("FILE", p->publish.file, "the workflow file")->required();
  publish->add_option("--actor", p->publish.actor,
                      "who publishes it (default: the operating-system user)");
  publish->callback([p, &command] {
    command = [p](const Context& c) { return publish_workflow(c, p->publish); };
  });

  auto* workflows = app.add_subcommand(
      "workflows", "every workflow, its versions and how many open cases each holds");
  workflows->add_flag("--json", p->workflows.json, "print one JSON object");
  workflows->callback([p, &command] {
    command = [p](const Context& c) { return list_workflow_versions(c, p->workflows); };
  });

  auto* migrate = app.add_subcommand("migrate",
                                     "move running cases from one version of a workflow to another "
                                     "published one (newer, or older to roll back)");
  MigrateOptions& m = p->migrate;
  migrate->add_option("WORKFLOW", m.workflow, "workflow id")->required();
  migrate->add_option("--from", m.from, "the version the cases are on")->required();
  migrate->add_option("--to", m.to, "the published version to move them to")->required();
  add_repeated(migrate, "--map", m.maps, "OLD=NEW: the state OLD becomes NEW; repeat for several");
  add_repeated(migrate, "--case", m.cases, "only this case; repeat for several");
  add_repeated(migrate, "--set", m.sets,
               "FIELD=VALUE for cases in which FIELD is unset (a field the new version "
               "requires); repeat for several");
  migrate->add_flag("--start-new-timers", m.start_new_timers,
                    "start new and changed timers as if their start condition held now");
  migrate->add_flag("--dry-run", m.dry_run, "print the plan of each case and write nothing");
  migrate->add_option("--actor", m.actor,
                      "who migrates, for the audit trail (default: the operating-system user)");
  migrate->callback(
      [p, &command] { command = [p](const Context& c) { return migrate_cases(c, p->migrate); }; });
}

}  // namespace wageflow::cli
