// validate FILE...: checks workflow and calendar files, printing every
// problem as FILE:LINE:COL: error|warning: MESSAGE.
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <regex>
#include <sstream>

#include "adapters/cli/commands.h"
#include "engine/calendar/calendar.h"
#include "engine/definition/definition.h"

namespace wageflow::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kCalendarWarningDays = 90;

struct Position {
  int line = 1;
  int column = 1;
};

Diagnostic diagnostic(const std::string& file, Position at, Diagnostic::Severity severity,
                      std::string message) {
  return Diagnostic{file, at.line, at.column, severity, std::move(message)};
}

// The file's text, or why it cannot be read.
Result<std::string> read_text(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Error{"no such file"};
  if (fs::is_directory(path, ec)) return Error{"is a folder, not a file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot be read (permissions?)"};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The 1-based position of the first line matching `pattern` (submatch 1
// gives the column), if any.
std::optional<Position> find_line(const std::string& text, const std::regex& pattern) {
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    std::smatch match;
    if (std::regex_search(line, match, pattern)) {
      return Position{number, static_cast<int>(match.position(1)) + 1};
    }
  }
  return std::nullopt;
}

// A calendar file has a top-level `calendar:` key and no `workflow:` key
// (a workflow names its calendar with `calendar:` too).
bool is_calendar_text(const std::string& text) {
  static const std::regex calendar_key("^(calendar)\\s*:");
  static const std::regex workflow_key("^(workflow)\\s*:");
  return find_line(text, calendar_key) && !find_line(text, workflow_key);
}

// Where a workflow file's `calendar: NAME` is looked up: a calendars/
// folder beside the file, else <--workflows>/calendars.
std::string calendars_dir_for(const std::string& file, const Context& context) {
  fs::path beside = fs::path(file).parent_path() / "calendars";
  std::error_code ec;
  if (fs::is_directory(beside, ec)) return beside.string();
  return (fs::path(context.options.workflows) / "calendars").string();
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
      diagnostic(file, at, Diagnostic::Severity::kWarning,
                 "calendar '" + calendar.name() + "' lists years up to " +
                     std::to_string(calendar.last_year()) +
                     (days_left < 0 ? ", which has ended"
                                    : ", which ends in " + std::to_string(days_left) + " days") +
                     ": add " + next + "'s holidays and make-up working days (deadlines in " +
                     next + " are provisional until then)"));
}

}  // namespace

int validate_files(const Context& context, const ValidateOptions& options) {
  const Date today = local_date(context.now(), kDefaultUtcOffsetMinutes);
  std::map<std::string, std::string> file_of_workflow;
  int errors = 0;
  int warnings = 0;
  for (const auto& file : options.files) {
    std::vector<Diagnostic> diagnostics;
    auto text = read_text(file);
    if (!text) {
      diagnostics.push_back(diagnostic(file, {}, Diagnostic::Severity::kError, text.error()));
    } else if (is_calendar_text(*text)) {
      auto calendar = Calendar::load_file(file, &diagnostics);
      if (calendar) warn_if_calendar_ends_soon(file, *text, **calendar, today, &diagnostics);
    } else {
      LoadOptions load;
      load.calendars_dir = calendars_dir_for(file, context);
      load.today = today;
      auto definition = load_definition_file(file, load, &diagnostics);
      if (definition) {
        const std::string& id = (*definition)->id;
        auto [earlier, fresh] = file_of_workflow.emplace(id, file);
        if (!fresh) {
          static const std::regex workflow_value("^workflow\\s*:\\s*(\\S)");
          diagnostics.push_back(
              diagnostic(file, find_line(*text, workflow_value).value_or(Position{}),
                         Diagnostic::Severity::kError,
                         "workflow id '" + id + "' is already used by " + earlier->second +
                             "; ids must be unique in the workflows folder"));
        }
      }
    }
    for (const auto& d : diagnostics) {
      (d.severity == Diagnostic::Severity::kError ? errors : warnings) += 1;
      context.out << d.to_string() << '\n';
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
