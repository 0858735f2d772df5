// parse_simulation_path: "accept@+1d, settle{recovered_amount=8000}@+3wd".
#include <charconv>

#include "engine/runtime/simulate.h"

namespace wageflow {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_event_name(std::string_view text) {
  if (text.empty() || text[0] < 'a' || text[0] > 'z') return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Splits on `separator` outside braces; nullopt on unbalanced braces.
std::optional<std::vector<std::string_view>> split_outside_braces(std::string_view text,
                                                                  char separator) {
  std::vector<std::string_view> parts;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') ++depth;
    if (text[i] == '}' && --depth < 0) return std::nullopt;
    if (text[i] == separator && depth == 0) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  if (depth != 0) return std::nullopt;
  parts.push_back(text.substr(start));
  return parts;
}

constexpr const char* kWhenForms =
    "+Nd (days), +Nwd (working days), +Nh (hours), YYYY-MM-DD or YYYY-MM-DDTHH:MM";

// "+3wd" etc.; false when `text` is none of the forms.
bool read_when(std::string_view text, PathStep* step) {
  if (text.size() >= 3 && text[0] == '+') {
    std::int64_t amount = 0;
    const char* begin = text.data() + 1;
    const char* end = text.data() + text.size();
    auto [rest, ec] = std::from_chars(begin, end, amount);
    if (ec != std::errc() || rest == begin || rest - begin > 6) return false;
    const std::string_view unit(rest, end - rest);
    step->amount = amount;
    if (unit == "d") {
      step->when = PathStep::When::kDays;
    } else if (unit == "wd") {
      step->when = PathStep::When::kWorkingDays;
    } else if (unit == "h") {
      step->when = PathStep::When::kHours;
    } else {
      return false;
    }
    return true;
  }
  const bool date_only = Date::parse(text).has_value();
  if (!date_only && !parse_instant(text, 0)) return false;
  step->when = PathStep::When::kAt;
  step->at = std::string(text);
  return true;
}

std::optional<std::string> read_values(std::string_view text, PathStep* step) {
  auto pairs = split_outside_braces(text, ',');
  for (std::string_view pair : pairs.value_or(std::vector<std::string_view>{})) {
    pair = trim(pair);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    const std::string_view field = trim(pair.substr(0, std::min(equals, pair.size())));
    if (equals == std::string_view::npos || field.empty()) {
      return "expected field=value inside {...}, got '" + std::string(pair) + "'";
    }
    step->sets.emplace_back(std::string(field), std::string(trim(pair.substr(equals + 1))));
  }
  return std::nullopt;
}

std::variant<PathStep, std::string> read_step(std::string_view text) {
  PathStep step;
  step.written = std::string(text);
  std::string_view what = text;
  const auto parts = split_outside_braces(text, '@');
  if (!parts || parts->size() > 2) return std::string("one '@' at most, and balanced braces");
  if (parts->size() == 2) {
    what = trim((*parts)[0]);
    if (!read_when(trim((*parts)[1]), &step)) {
      return "'" + std::string(trim((*parts)[1])) + "' is not a time; expected " + kWhenForms;
    }
  }
  const auto brace = what.find('{');
  step.event = std::string(trim(what.substr(0, std::min(brace, what.size()))));
  if (!is_event_name(step.event)) {
    return "'" + step.event +
           "' is not an event name (lowercase letters, digits and '_', starting with a letter)";
  }
  if (brace != std::string_view::npos) {
    if (what.back() != '}') return std::string("values go in {...} right after the event name");
    if (auto problem = read_values(what.substr(brace + 1, what.size() - brace - 2), &step)) {
      return *problem;
    }
  }
  return step;
}

}  // namespace

Result<std::vector<PathStep>> parse_simulation_path(std::string_view text) {
  const auto parts = split_outside_braces(text, ',');
  if (!parts) return Error{"the path has unbalanced braces {...}"};
  std::vector<PathStep> steps;
  for (std::size_t i = 0; i < parts->size(); ++i) {
    const std::string_view part = trim((*parts)[i]);
    const std::string place = "step " + std::to_string(i + 1);
    if (part.empty()) {
      if (parts->size() == 1) return Error{"the path is empty; e.g. \"accept@+1d, settle@+3wd\""};
      return Error{place + " is empty (two commas in a row, or a comma at the end?)"};
    }
    auto step = read_step(part);
    if (auto* problem = std::get_if<std::string>(&step)) {
      return Error{place + " '" + std::string(part) + "': " + *problem};
    }
    steps.push_back(std::get<PathStep>(std::move(step)));
  }
  return steps;
}

}  // namespace wageflow
