// The deadline calculator shared by `wageflow deadline` and GET
// /api/deadline: the same checks, messages and answer. Reads the calendar
// file it is given; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/calendar/calendar.h"
#include "engine/core/diagnostic.h"
#include "engine/core/result.h"

namespace wageflow::presentation {

struct DeadlineQuery {
  std::string calendar;       // as the user named it, for messages
  std::string calendar_path;  // the file it was resolved to
  std::string from;           // YYYY-MM-DD, not counted
  std::string add;            // "N days" | "N working_days"
  // How the inputs are named in messages: "--" for the CLI ("--from
  // expects ..."), "" for the HTTP query parameters ("from expects ...").
  std::string option_prefix = "--";
};

struct DeadlineAnswer {
  DueDate due;  // due.due, due.explanation, due.provisional
  std::shared_ptr<const Calendar> calendar;
};

// The due date, or one line saying what is wrong: a bad `from` or `add`
// (hours are refused), an unknown calendar, a calendar with errors (its
// diagnostics are appended to *diagnostics first).
Result<DeadlineAnswer> compute_deadline(const DeadlineQuery& query,
                                        std::vector<Diagnostic>* diagnostics);

// "provisional: the deadline meets a year calendar 'cn-mainland' does not
// list (it lists 2024..2026), so only weekends were taken as rest days there".
std::string provisional_note(const Calendar& calendar);

}  // namespace wageflow::presentation
