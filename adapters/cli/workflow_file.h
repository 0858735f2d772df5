// Loading the workflow file a tooling command names. Private to
// adapters/cli.
#pragma once

#include <memory>
#include <string>

#include "adapters/cli/context.h"
#include "engine/definition/definition.h"

namespace wageflow::cli {

// Loads `file`: a path, or else a workflow id found as <--workflows>/ID.yaml.
// A workflow's calendar is read from a calendars/ folder beside the file,
// else from <--workflows>/calendars. On failure prints every diagnostic on
// context.err and returns null (warnings are not printed).
std::shared_ptr<const Definition> load_workflow_file(const Context& context,
                                                     const std::string& file);

// The exact text of the workflow file at `path`, or why it cannot be read
// ("no such file", "is a folder, not a file", "cannot be read (permissions?)").
Result<std::string> read_workflow_text(const std::string& path);

// Where the `calendar: NAME` of the workflow file at `file` is looked up: a
// calendars/ folder beside the file, else <--workflows>/calendars.
std::string calendars_dir_for(const Context& context, const std::string& file);

}  // namespace wageflow::cli
