// deadline --calendar NAME --from DATE --add 'N days'|'N working_days':
// prints how the due date is reached, then the due date alone.
#include <filesystem>
#include <ostream>
#include <sstream>

#include "adapters/cli/commands.h"
#include "adapters/presentation/deadline.h"

namespace wageflow::cli {
namespace {

namespace fs = std::filesystem;

// A calendar name means <workflows>/calendars/NAME.yaml; anything that
// looks like a path (has a '/' or ends in .yaml/.yml) is used as it is.
std::string calendar_path(const std::string& calendar, const Context& context) {
  const fs::path given(calendar);
  if (calendar.find('/') != std::string::npos || given.extension() == ".yaml" ||
      given.extension() == ".yml") {
    return calendar;
  }
  return (fs::path(context.options.workflows) / "calendars" / (calendar + ".yaml")).string();
}

}  // namespace

int compute_deadline(const Context& context, const DeadlineOptions& options) {
  presentation::DeadlineQuery query;
  query.calendar = options.calendar;
  query.calendar_path = calendar_path(options.calendar, context);
  query.from = options.from;
  query.add = options.add;
  std::vector<Diagnostic> diagnostics;
  auto answer = presentation::compute_deadline(query, &diagnostics);
  for (const auto& d : diagnostics) context.err << d.to_string() << '\n';
  if (!answer) return context.fail(kExitInvalid, answer.error());

  const DueDate& due = answer->due;
  std::istringstream explanation(due.explanation);
  for (std::string line; std::getline(explanation, line);) context.out << line << '\n';
  if (due.provisional) {
    context.err << "wageflow: note: " << presentation::provisional_note(*answer->calendar) << '\n';
  }
  context.out << due.due.to_string() << '\n';
  return kExitDone;
}

}  // namespace wageflow::cli
