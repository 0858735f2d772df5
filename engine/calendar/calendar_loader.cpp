// Calendar::load_file / load_text: reads workflows/calendars/<name>.yaml and
// reports every problem with its position (workflow-format.md "Calendars").
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "engine/calendar/calendar.h"
#include "engine/calendar/weekday_names.h"
#include "engine/core/utf8.h"
#include "engine/core/yaml_syntax.h"

namespace wageflow {
namespace {

using calendar_detail::date_with_weekday;
using calendar_detail::kWeekdayKeys;

struct Position {
  int line = 1;
  int column = 1;
};

Position position_of(const YAML::Mark& mark) {
  return Position{std::max(mark.line, 0) + 1, std::max(mark.column, 0) + 1};
}

// Where to point at a value: an empty value has no place of its own, so
// its key stands for it.
Position position_of(const YAML::Node& key, const YAML::Node& value) {
  return position_of(value.IsNull() ? key.Mark() : value.Mark());
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

bool is_calendar_name(const std::string& name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::optional<int> parse_year(const std::string& text) {
  if (text.size() != 4) return std::nullopt;
  int year = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    year = year * 10 + (c - '0');
  }
  if (year < 1) return std::nullopt;
  return year;
}

// One line of a holidays or workdays list: a date or an inclusive range.
struct ListedDays {
  Date first;
  Date last;
  Position where;
};

class CalendarReader {
 public:
  CalendarReader(std::string file, std::vector<Diagnostic>* out)
      : file_(std::move(file)), out_(out), first_new_(out->size()) {}

  Result<std::shared_ptr<const Calendar>> read_text(const std::string& text) {
    // A calendar's data is ASCII dates; other bytes can only be in its
    // comments, so they are a warning: every case's deadlines depend on
    // this file, and an editor that saved it as GBK must not stop them.
    if (const std::optional<TextPlace> bad = first_invalid_utf8(text)) {
      warning(Position{bad->line, bad->column}, kNotUtf8File);
    }
    try {
      read_root(YAML::Load(text));
    } catch (const YAML::ParserException& e) {
      const Position at = position_of(e.mark);
      const YamlSyntaxError explained = explain_yaml_syntax_error(text, at.line, at.column, e.msg);
      error(Position{explained.line, explained.column}, explained.message);
    } catch (const YAML::Exception& e) {
      error(position_of(e.mark), "cannot read the calendar: " + e.msg);
    }
    return finish();
  }

  Result<std::shared_ptr<const Calendar>> cannot_open() {
    error(Position{}, "cannot open the calendar file");
    return finish();
  }

 private:
  void error(Position at, std::string message) {
    add(at, Diagnostic::Severity::kError, std::move(message));
  }
  void warning(Position at, std::string message) {
    add(at, Diagnostic::Severity::kWarning, std::move(message));
  }
  void add(Position at, Diagnostic::Severity severity, std::string message) {
    out_->push_back(Diagnostic{file_, at.line, at.column, severity, std::move(message)});
  }

  // Checks that `map` has only `allowed` keys, each once, and all of them;
  // returns the values by key. `where` names the map in messages.
  std::map<std::string, std::pair<YAML::Node, YAML::Node>> read_keys(
      const YAML::Node& map, Position map_position, const std::vector<std::string>& allowed,
      const std::string& where) {
    std::string allowed_text;
    for (const auto& key : allowed) allowed_text += (allowed_text.empty() ? "" : ", ") + key;
    std::map<std::string, std::pair<YAML::Node, YAML::Node>> found;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      const Position key_position = position_of(key.Mark());
      if (!key.IsScalar()) {
        error(key_position,
              "a key" + where + " must be a plain name (allowed: " + allowed_text + ")");
        continue;
      }
      const std::string name = key.Scalar();
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        error(key_position,
              "unknown key '" + name + "'" + where + " (allowed: " + allowed_text + ")");
      } else if (auto previous = found.find(name); previous != found.end()) {
        error(key_position, "key '" + name + "'" + where + " is given twice (first at line " +
                                std::to_string(position_of(previous->second.first.Mark()).line) +
                                ")");
      } else {
        found.emplace(name, std::make_pair(key, it->second));
      }
    }
    for (const auto& key : allowed) {
      if (found.count(key) == 0) {
        error(map_position, "missing key '" + key + "'" + where);
      }
    }
    return found;
  }

  void read_root(const YAML::Node& root) {
    if (!root.IsMap()) {
      error(position_of(root.Mark()),
            root.IsNull() ? "the calendar file is empty: expected keys calendar, timezone, "
                            "weekend, years"
                          : "a calendar file must be a map with keys calendar, timezone, "
                            "weekend, years");
      return;
    }
    auto keys =
        read_keys(root, position_of(root.Mark()), {"calendar", "timezone", "weekend", "years"}, "");
    if (auto it = keys.find("calendar"); it != keys.end()) {
      read_name(it->second.first, it->second.second);
    }
    if (auto it = keys.find("timezone"); it != keys.end()) {
      read_timezone(it->second.first, it->second.second);
    }
    if (auto it = keys.find("weekend"); it != keys.end()) {
      read_weekend(it->second.first, it->second.second);
    }
    if (auto it = keys.find("years"); it != keys.end()) {
      read_years(it->second.first, it->second.second);
    }
    check_listed_days();
  }

  void read_name(const YAML::Node& key, const YAML::Node& value) {
    const Position at = position_of(key, value);
    if (!value.IsScalar() || !is_calendar_name(value.Scalar())) {
      error(at, "bad calendar name" + quoted_scalar(value) +
                    ": expected lower-case letters, digits and '-', starting with a letter");
      return;
    }
    name_ = value.Scalar();
    const std::string file_name = std::filesystem::path(file_).filename().string();
    const std::string base_name = std::filesystem::path(file_).stem().string();
    if (name_ != base_name) {
      error(at, "calendar '" + name_ + "' is in file '" + file_name +
                    "': workflows name calendars by file, so name it '" + base_name +
                    "' or rename the file to '" + name_ + ".yaml'");
    }
  }

  void read_timezone(const YAML::Node& key, const YAML::Node& value) {
    std::optional<int> offset;
    if (value.IsScalar()) offset = parse_utc_offset(value.Scalar());
    if (!offset) {
      error(position_of(key, value),
            "bad timezone" + quoted_scalar(value) + ": expected a UTC offset such as '+08:00'");
      return;
    }
    utc_offset_minutes_ = *offset;
  }

  void read_weekend(const YAML::Node& key, const YAML::Node& value) {
    if (!value.IsSequence()) {
      error(position_of(key, value), "weekend must be a list of weekdays such as [sat, sun]");
      return;
    }
    unsigned mask = 0;
    bool all_valid = true;
    for (const YAML::Node& day : value) {
      const Position at = position_of(day.Mark());
      const auto* found = day.IsScalar()
                              ? std::find_if(std::begin(kWeekdayKeys), std::end(kWeekdayKeys),
                                             [&](const char* name) { return day.Scalar() == name; })
                              : std::end(kWeekdayKeys);
      if (found == std::end(kWeekdayKeys)) {
        error(at, "bad weekday" + quoted_scalar(day) +
                      ": expected one of mon, tue, wed, thu, fri, sat, sun");
        all_valid = false;
        continue;
      }
      const unsigned bit = 1u << (found - std::begin(kWeekdayKeys));
      if (mask & bit) warning(at, "weekday '" + day.Scalar() + "' is listed twice");
      mask |= bit;
    }
    if (mask == 0x7Fu) {
      error(position_of(key, value), "weekend lists all seven days: no day would be a working day");
      return;
    }
    if (all_valid) weekend_mask_ = mask;
  }

  void read_years(const YAML::Node& key, const YAML::Node& value) {
    if (!value.IsMap() || value.size() == 0) {
      error(position_of(key, value),
            "years must map each year to its holidays and workdays, e.g. 2025: {holidays: "
            "[...], workdays: [...]}");
      return;
    }
    std::map<int, Position> years;
    bool mistyped_key = false;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const Position at = position_of(it->first.Mark());
      std::optional<int> year;
      if (it->first.IsScalar()) year = parse_year(it->first.Scalar());
      if (!year) {
        error(at, "bad year" + quoted_scalar(it->first) + ": expected a year such as 2025");
      } else if (auto previous = years.find(*year); previous != years.end()) {
        error(at, "year " + std::to_string(*year) + " is listed twice (first at line " +
                      std::to_string(previous->second.line) + ")");
        year.reset();  // its days are checked against nothing; the first one counts
      } else {
        years.emplace(*year, at);
      }
      if (!read_year(year, it->first, it->second)) {
        years.erase(*year);
        mistyped_key = true;
      }
    }
    // A mistyped key leaves a gap that its own error already explains.
    for (auto it = years.begin();
         !mistyped_key && it != years.end() && std::next(it) != years.end(); ++it) {
      const auto next = std::next(it);
      if (next->first != it->first + 1) {
        error(next->second, "years must be consecutive: " + std::to_string(it->first) +
                                " is followed by " + std::to_string(next->first) +
                                " (add the years between, or dates there would be judged "
                                "by weekends only without being marked provisional)");
      }
    }
    if (!years.empty()) {
      first_year_ = years.begin()->first;
      last_year_ = years.rbegin()->first;
    }
  }

  // `year` is empty when the key was not a usable year. False when the key
  // is a mistyped year (every date listed under it is of one other year):
  // one error at the key, rather than one at every date and a gap in the
  // years.
  bool read_year(std::optional<int> year, const YAML::Node& key, const YAML::Node& value) {
    const std::string label = year ? std::to_string(*year) : "section" + quoted_scalar(key);
    const std::string where = " in year " + label;
    if (!value.IsMap()) {
      error(position_of(key, value),
            "year " + label + " must be a map with keys holidays and workdays");
      return true;
    }
    if (year) {
      if (const std::optional<int> meant = single_other_year(*year, value)) {
        error(position_of(key.Mark()), "year " + label + " lists only dates of " +
                                           std::to_string(*meant) + ": is the key meant to be " +
                                           std::to_string(*meant) + "?");
        return false;
      }
    }
    auto keys = read_keys(value, position_of(key.Mark()), {"holidays", "workdays"}, where);
    if (auto it = keys.find("holidays"); it != keys.end()) {
      read_days(year, it->second.first, it->second.second, &holidays_);
    }
    if (auto it = keys.find("workdays"); it != keys.end()) {
      read_days(year, it->second.first, it->second.second, &workdays_);
    }
    return true;
  }

  // The one year, other than `year`, of every date listed in the year's
  // `holidays` and `workdays` (at least two dates); nullopt otherwise.
  static std::optional<int> single_other_year(int year, const YAML::Node& lists) {
    std::optional<int> other;
    int dates = 0;
    for (const char* name : {"holidays", "workdays"}) {
      const YAML::Node list = lists[name];
      if (!list || !list.IsSequence()) continue;
      for (const YAML::Node& entry : list) {
        if (!entry.IsScalar()) return std::nullopt;
        const std::optional<Date> date =
            Date::parse(std::string_view(entry.Scalar()).substr(0, 10));
        if (!date || date->year() == year || (other && *other != date->year())) {
          return std::nullopt;
        }
        other = date->year();
        ++dates;
      }
    }
    return dates >= 2 ? other : std::nullopt;
  }

  void read_days(std::optional<int> year, const YAML::Node& key, const YAML::Node& value,
                 std::vector<ListedDays>* into) {
    if (!value.IsSequence()) {
      error(position_of(key, value), key.Scalar() +
                                         " must be a list of dates 'YYYY-MM-DD' or ranges "
                                         "'YYYY-MM-DD..YYYY-MM-DD' (write [] for none)");
      return;
    }
    for (const YAML::Node& entry : value) {
      auto days = read_entry(entry);
      if (!days) continue;
      if (year && (days->first.year() != *year || days->last.year() != *year)) {
        const bool single = days->first == days->last;
        error(days->where, (single ? days->first.to_string() : "range '" + entry.Scalar() + "'") +
                               (single ? " is not in year " : " reaches outside year ") +
                               std::to_string(*year) + ": list it under its own year");
        continue;
      }
      if (year) into->push_back(*days);
    }
  }

  std::optional<ListedDays> read_entry(const YAML::Node& entry) {
    const Position at = position_of(entry.Mark());
    const std::string expected =
        ": expected a real date 'YYYY-MM-DD' or a range 'YYYY-MM-DD..YYYY-MM-DD'";
    if (!entry.IsScalar()) {
      error(at, "bad date" + expected);
      return std::nullopt;
    }
    const std::string& text = entry.Scalar();
    const auto dots = text.find("..");
    if (dots == std::string::npos) {
      auto date = Date::parse(text);
      if (!date) {
        error(at, "bad date '" + text + "'" + expected);
        return std::nullopt;
      }
      return ListedDays{*date, *date, at};
    }
    auto first = Date::parse(std::string_view(text).substr(0, dots));
    auto last = Date::parse(std::string_view(text).substr(dots + 2));
    if (!first || !last) {
      error(at, "bad date range '" + text + "'" + expected);
      return std::nullopt;
    }
    if (*last < *first) {
      error(at, "bad date range '" + text + "': it ends before it starts");
      return std::nullopt;
    }
    return ListedDays{*first, *last, at};
  }

  // Holidays vs make-up workdays, once every list has been read.
  void check_listed_days() {
    std::map<Date, Position> holiday_at;
    for (const auto& listed : holidays_) {
      for (Date day = listed.first; day <= listed.last; day = day.plus_days(1)) {
        auto [it, inserted] = holiday_at.emplace(day, listed.where);
        if (!inserted) {
          warning(listed.where, day.to_string() + " is listed twice as a holiday (first at line " +
                                    std::to_string(it->second.line) + ")");
        }
      }
    }
    std::map<Date, Position> workday_at;
    for (const auto& listed : workdays_) {
      for (Date day = listed.first; day <= listed.last; day = day.plus_days(1)) {
        auto [it, inserted] = workday_at.emplace(day, listed.where);
        if (!inserted) {
          warning(listed.where, day.to_string() +
                                    " is listed twice as a make-up workday (first at line " +
                                    std::to_string(it->second.line) + ")");
        }
        if (auto holiday = holiday_at.find(day); holiday != holiday_at.end()) {
          error(listed.where, day.to_string() + " is listed both as a holiday (line " +
                                  std::to_string(holiday->second.line) +
                                  ") and as a make-up workday");
        } else if (weekend_mask_ && !((*weekend_mask_ >> day.weekday()) & 1)) {
          warning(listed.where, "make-up workday " + date_with_weekday(day) +
                                    " is not a weekend day, so listing it changes nothing");
        }
      }
    }
  }

  static std::string quoted_scalar(const YAML::Node& node) {
    return node.IsScalar() ? " '" + node.Scalar() + "'" : "";
  }

  Result<std::shared_ptr<const Calendar>> finish() {
    auto first_new = out_->begin() + static_cast<std::ptrdiff_t>(first_new_);
    std::stable_sort(first_new, out_->end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    std::size_t errors = 0;
    const Diagnostic* first_error = nullptr;
    for (auto it = first_new; it != out_->end(); ++it) {
      if (it->severity != Diagnostic::Severity::kError) continue;
      if (++errors == 1) first_error = &*it;
    }
    if (errors > 0) {
      return Error{file_ + ": calendar not loaded, " + plural(errors, "error") +
                   "; first: " + first_error->to_string()};
    }
    std::set<Date> holidays, workdays;
    for (const auto& listed : holidays_) {
      for (Date day = listed.first; day <= listed.last; day = day.plus_days(1)) {
        holidays.insert(day);
      }
    }
    for (const auto& listed : workdays_) {
      for (Date day = listed.first; day <= listed.last; day = day.plus_days(1)) {
        workdays.insert(day);
      }
    }
    return std::shared_ptr<const Calendar>(std::make_shared<Calendar>(
        name_, utc_offset_minutes_, weekend_mask_.value_or(0), first_year_, last_year_,
        std::move(holidays), std::move(workdays)));
  }

  std::string file_;
  std::vector<Diagnostic>* out_;
  std::size_t first_new_;
  std::string name_;
  int utc_offset_minutes_ = 0;
  std::optional<unsigned> weekend_mask_;
  int first_year_ = 0;
  int last_year_ = -1;
  std::vector<ListedDays> holidays_;
  std::vector<ListedDays> workdays_;
};

}  // namespace

Result<std::shared_ptr<const Calendar>> Calendar::load_text(const std::string& text,
                                                            const std::string& file,
                                                            std::vector<Diagnostic>* diagnostics) {
  std::vector<Diagnostic> local;
  CalendarReader reader(file, diagnostics ? diagnostics : &local);
  return reader.read_text(text);
}

Result<std::shared_ptr<const Calendar>> Calendar::load_file(const std::string& path,
                                                            std::vector<Diagnostic>* diagnostics) {
  std::vector<Diagnostic> local;
  CalendarReader reader(path, diagnostics ? diagnostics : &local);
  std::ifstream in(path, std::ios::binary);
  if (!in) return reader.cannot_open();
  std::ostringstream text;
  text << in.rdbuf();
  return reader.read_text(text.str());
}

}  // namespace wageflow
