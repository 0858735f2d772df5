#include "adapters/presentation/validation.h"

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>
#include <tuple>

#include "engine/calendar/calendar.h"

namespace wageflow::presentation {
namespace {

struct Position {
  int line = 1;
  int column = 1;
};

// The 1-based position of the first line matching `pattern` (submatch 1
// gives the column), if any.
std::optional<Position> find_line(const std::string& text, const std::regex& pattern) {
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    // A byte order mark before `workflow:` on line 1 is not text of the line.
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    std::smatch match;
    if (std::regex_search(line, match, pattern)) {
      return Position{number, static_cast<int>(match.position(1)) + 1};
    }
  }
  return std::nullopt;
}

bool is_calendar_text(const std::string& text) {
  static const std::regex calendar_key("^(calendar)\\s*:");
  static const std::regex workflow_key("^(workflow)\\s*:");
  return find_line(text, calendar_key) && !find_line(text, workflow_key);
}

// A warning when the calendar's listed years end within 90 days of today,
// at the key of its last year.
void warn_if_calendar_ends_soon(const std::string& file, const std::string& text,
                                const Calendar& calendar, Date today,
                                std::vector<Diagnostic>* diagnostics) {
  const Date last_day = Date::from_ymd(calendar.last_year(), 12, 31);
  const int days_left = days_between(today, last_day);
  if (days_left >= kCalendarWarningDays) return;
  const std::regex year_key("^\\s+'?(" + std::to_string(calendar.last_year()) + ")'?\\s*:");
  const Position at = find_line(text, year_key).value_or(Position{});
  const std::string next = std::to_string(calendar.last_year() + 1);
  diagnostics->push_back(
      Diagnostic{file, at.line, at.column, Diagnostic::Severity::kWarning,
                 "calendar '" + calendar.name() + "' lists years up to " +
                     std::to_string(calendar.last_year()) +
                     (days_left < 0 ? ", which has ended"
                                    : ", which ends in " + std::to_string(days_left) + " days") +
                     ": add " + next + "'s holidays and make-up working days (deadlines in " +
                     next + " are provisional until then)"});
}

}  // namespace

int TextValidation::errors() const {
  return static_cast<int>(std::count_if(diagnostics.begin(), diagnostics.end(), [](const auto& d) {
    return d.severity == Diagnostic::Severity::kError;
  }));
}

int TextValidation::warnings() const {
  return static_cast<int>(diagnostics.size()) - errors();
}

// The loader checks section by section, and some checks (references,
// the graph) run after every section is read; an administrator reads the
// problems top to bottom. Sorted by line and column within each file, the
// files in the order they first appear (the workflow, then its calendar);
// the order of two problems at one place is kept.
static void in_file_order(std::vector<Diagnostic>& diagnostics) {
  std::map<std::string, std::size_t> rank;
  for (const Diagnostic& d : diagnostics) rank.emplace(d.file, rank.size());
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [&rank](const Diagnostic& a, const Diagnostic& b) {
                     return std::tuple(rank[a.file], a.line, a.column) <
                            std::tuple(rank[b.file], b.line, b.column);
                   });
}

TextValidation validate_text(const std::string& text, const std::string& file,
                             const std::string& calendars_dir, Date today) {
  TextValidation result;
  if (is_calendar_text(text)) {
    result.is_calendar = true;
    auto calendar = Calendar::load_text(text, file, &result.diagnostics);
    if (calendar) warn_if_calendar_ends_soon(file, text, **calendar, today, &result.diagnostics);
    return result;
  }
  LoadOptions load;
  load.calendars_dir = calendars_dir;
  load.today = today;
  auto definition = load_definition_text(text, file, load, &result.diagnostics);
  if (definition) result.definition = *definition;
  in_file_order(result.diagnostics);
  return result;
}

std::pair<int, int> workflow_id_position(const std::string& text) {
  static const std::regex workflow_value("^workflow\\s*:\\s*(\\S)");
  const Position at = find_line(text, workflow_value).value_or(Position{});
  return {at.line, at.column};
}

nlohmann::ordered_json diagnostic_json(const Diagnostic& diagnostic) {
  return {
      {"file", diagnostic.file},
      {"line", diagnostic.line},
      {"column", diagnostic.column},
      {"severity", diagnostic.severity == Diagnostic::Severity::kError ? "error" : "warning"},
      {"message", diagnostic.message},
      {"text", diagnostic.to_string()},
  };
}

}  // namespace wageflow::presentation
