// Workflow versions (docs/workflow-versions.md): `publish`, `workflows` and
// `migrate`. Declared apart from commands.h; command_line.cpp calls
// add_versions_commands(). Each command prints its answer on context.out,
// problems on context.err, and returns the exit code. Private to
// adapters/cli.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "adapters/cli/context.h"

namespace CLI {
class App;
}

namespace wageflow::cli {

// Adds publish, workflows and migrate to `app`; parsing one of them sets
// `command` to run it.
void add_versions_commands(CLI::App& app, std::function<int(const Context&)>& command);

// Who an administrative command is done by: `actor` when given, else the
// operating-system account running wageflow (its login name from the
// password database, else $USER); empty when neither is known.
std::string acting_user(const std::string& actor);

struct PublishOptions {
  std::string file;
  std::string actor;
};
// 0 published, or the same text was published before under that version;
// 1 the file is invalid (diagnostics as `validate`, on stderr), its version
// holds a different text, or a higher version is published.
int publish_workflow(const Context& context, const PublishOptions& options);

struct WorkflowsOptions {
  bool json = false;
};
// Every workflow of the folder and the database, its versions and their
// open cases; 0.
int list_workflow_versions(const Context& context, const WorkflowsOptions& options);

struct MigrateOptions {
  std::string workflow;
  int from = 0;
  int to = 0;
  std::vector<std::string> maps;   // "OLD=NEW"
  std::vector<std::string> cases;  // only these; empty: every open case on `from`
  std::vector<std::string> sets;   // "FIELD=VALUE" for cases lacking the field
  bool start_new_timers = false;
  bool dry_run = false;
  std::string actor;
};
// 0 when every case was migrated (or was already on `to`); 1 when any case
// was refused or the input is wrong; 3 when a case changed while it was
// migrated (run the command again).
int migrate_cases(const Context& context, const MigrateOptions& options);

}  // namespace wageflow::cli
