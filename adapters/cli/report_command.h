// `wageflow report`: the quarterly and annual statistics, the submission
// calendar and the charts (docs/reports.md, docs/cli.md). Declared apart
// from commands.h; command_line.cpp calls add_report_commands once.
// Private to adapters/cli.
#pragma once

#include <functional>

#include "adapters/cli/context.h"

namespace CLI {
class App;
}

namespace wageflow::cli {

// Adds `report` (and `report deadlines`) to `app`. When one of them is
// chosen, `command` is set to run it; it prints on context.out and returns
// the exit code: 0 done; 1 a bad period, an unknown workflow, a period that
// has not begun, a refused submission, a file that cannot be written;
// 2 usage (e.g. svg without --out).
void add_report_commands(CLI::App& app, std::function<int(const Context&)>& command);

}  // namespace wageflow::cli
