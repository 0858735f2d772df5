// The workflow tooling commands of `wageflow`: diagrams and simulation of a
// workflow file (docs/diagrams.md, docs/simulate.md). Declared apart from
// commands.h; called by command_line.cpp. Each prints its answer on
// context.out, problems on context.err, and returns the exit code. Private
// to adapters/cli.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "adapters/cli/context.h"

namespace wageflow::cli {

struct DiagramCommandOptions {
  std::string file;            // a workflow file, or a workflow id in --workflows
  std::string format = "dot";  // dot | mermaid | svg
  std::string locale = "zh";
};
// 0 with the diagram on stdout; 1 when the workflow does not load or SVG
// is asked for without Graphviz.
int draw_diagram(const Context& context, const DiagramCommandOptions& options);

struct SimulateCommandOptions {
  std::string file;
  std::string from;               // YYYY-MM-DD (09:00) or a date-time
  std::string path;               // "accept@+1d, start_mediation@+3wd, ..."
  std::vector<std::string> sets;  // "FIELD=VALUE" for the opening
  bool role_any = false;          // try every allowed role, not only the first
};
// 0 when the path ran to its end and no binding deadline was missed; 1 when
// a step was refused, a binding deadline was missed, or the input is wrong.
int simulate_path(const Context& context, const SimulateCommandOptions& options);

}  // namespace wageflow::cli
