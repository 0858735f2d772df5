// validate FILE...: checks workflow and calendar files, printing every
// problem as FILE:LINE:COL: error|warning: MESSAGE.
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "adapters/cli/commands.h"
#include "adapters/cli/workflow_file.h"
#include "adapters/presentation/validation.h"

namespace wageflow::cli {

int validate_files(const Context& context, const ValidateOptions& options) {
  const Date today = local_date(context.now(), kDefaultUtcOffsetMinutes);
  std::map<std::string, std::string> file_of_workflow;
  int errors = 0;
  int warnings = 0;
  // A calendar's problem comes with every workflow using it and with the
  // calendar file itself when that is named too: printed and counted once.
  std::set<std::string> printed;
  for (const auto& file : options.files) {
    std::vector<Diagnostic> diagnostics;
    auto text = read_workflow_text(file);
    if (!text) {
      diagnostics.push_back(Diagnostic{file, 1, 1, Diagnostic::Severity::kError, text.error()});
    } else {
      auto checked =
          presentation::validate_text(*text, file, calendars_dir_for(context, file), today);
      diagnostics = std::move(checked.diagnostics);
      if (checked.definition) {
        const std::string& id = checked.definition->id;
        auto [earlier, fresh] = file_of_workflow.emplace(id, file);
        if (!fresh && earlier->second != file) {  // a file named twice is checked twice
          const auto [line, column] = presentation::workflow_id_position(*text);
          diagnostics.push_back(Diagnostic{file, line, column, Diagnostic::Severity::kError,
                                           "workflow id '" + id + "' is already used by " +
                                               earlier->second +
                                               "; ids must be unique in the workflows folder"});
        }
      }
    }
    for (const auto& d : diagnostics) {
      const std::string line = d.to_string();
      if (!printed.insert(line).second) continue;
      (d.severity == Diagnostic::Severity::kError ? errors : warnings) += 1;
      context.out << line << '\n';
    }
  }
  context.out << "checked " << options.files.size() << " file(s): " << errors << " error(s), "
              << warnings << " warning(s)\n";
  if (errors > 0) {
    return context.fail(kExitInvalid, std::to_string(errors) +
                                          " error(s) found; fix the lines above and validate "
                                          "again");
  }
  return kExitDone;
}

}  // namespace wageflow::cli
