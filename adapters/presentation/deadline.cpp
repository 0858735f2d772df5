#include "adapters/presentation/deadline.h"

#include <filesystem>

#include "engine/core/duration.h"

namespace wageflow::presentation {

Result<DeadlineAnswer> compute_deadline(const DeadlineQuery& query,
                                        std::vector<Diagnostic>* diagnostics) {
  const std::string& p = query.option_prefix;
  auto from = Date::parse(query.from);
  if (!from) return Error{p + "from expects a date YYYY-MM-DD, got '" + query.from + "'"};
  auto length = Duration::parse(query.add);
  if (!length || length->unit == Duration::Unit::kHours) {
    return Error{p + "add expects 'N days' or 'N working_days' with N a whole number up to " +
                 std::to_string(Duration::kMaxAmount) +
                 " (e.g. '15 days', '5 working_days'), got '" + query.add + "'"};
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(query.calendar_path, ec)) {
    return Error{"unknown calendar '" + query.calendar + "': no file " + query.calendar_path};
  }
  auto calendar = Calendar::load_file(query.calendar_path, diagnostics);
  if (!calendar) {
    return Error{"calendar '" + query.calendar + "' has errors; run `wageflow validate " +
                 query.calendar_path + "`"};
  }
  DueDate due = (*calendar)->due_date(*from, *length);
  // Dates are written YYYY-MM-DD: a due date past year 9999 has no such form
  // and is always a mistyped start.
  if (due.due.year() > 9999) {
    return Error{p + "from " + query.from + " plus " + length->to_string() +
                 " falls after 9999-12-31; check the start date"};
  }
  return DeadlineAnswer{std::move(due), *calendar};
}

std::string provisional_note(const Calendar& calendar) {
  return "provisional: the deadline meets a year calendar '" + calendar.name() +
         "' does not list (it lists " + std::to_string(calendar.first_year()) + ".." +
         std::to_string(calendar.last_year()) + "), so only weekends were taken as rest days there";
}

}  // namespace wageflow::presentation
