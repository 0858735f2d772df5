// deadline --calendar NAME --from DATE --add 'N days'|'N working_days':
// prints how the due date is reached, then the due date alone.
#include <filesystem>
#include <ostream>
#include <sstream>

#include "adapters/cli/commands.h"
#include "engine/calendar/calendar.h"
#include "engine/core/duration.h"

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
  auto from = Date::parse(options.from);
  if (!from) {
    return context.fail(kExitInvalid,
                        "--from expects a date YYYY-MM-DD, got '" + options.from + "'");
  }
  auto length = Duration::parse(options.add);
  if (!length || length->unit == Duration::Unit::kHours) {
    return context.fail(kExitInvalid,
                        "--add expects 'N days' or 'N working_days' (e.g. '15 "
                        "days', '5 working_days'), got '" +
                            options.add + "'");
  }

  const std::string path = calendar_path(options.calendar, context);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return context.fail(kExitInvalid,
                        "unknown calendar '" + options.calendar + "': no file " + path);
  }
  std::vector<Diagnostic> diagnostics;
  auto calendar = Calendar::load_file(path, &diagnostics);
  if (!calendar) {
    for (const auto& d : diagnostics) context.err << d.to_string() << '\n';
    return context.fail(kExitInvalid, "calendar '" + options.calendar +
                                          "' has errors; run `wageflow validate " + path + "`");
  }

  const DueDate due = (*calendar)->due_date(*from, *length);
  std::istringstream explanation(due.explanation);
  for (std::string line; std::getline(explanation, line);) context.out << line << '\n';
  if (due.provisional) {
    context.err << "wageflow: note: provisional: the deadline meets a year calendar '"
                << (*calendar)->name() << "' does not list (it lists " << (*calendar)->first_year()
                << ".." << (*calendar)->last_year()
                << "), so only weekends were taken as rest days there\n";
  }
  context.out << due.due.to_string() << '\n';
  return kExitDone;
}

}  // namespace wageflow::cli
