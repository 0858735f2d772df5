// Validating one workflow or calendar text, as `wageflow validate` does for
// a file and POST /api/workflows/validate does for a posted body: the same
// diagnostics with the same positions and messages. Pure apart from reading
// the calendars folder a workflow names; thread-safe.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/date.h"
#include "engine/core/diagnostic.h"
#include "engine/definition/definition.h"

namespace wageflow::presentation {

// Within this many days of a calendar's last listed day, validating it (or
// a workflow using it) warns that the next year must be added.
inline constexpr int kCalendarWarningDays = 90;

struct TextValidation {
  bool is_calendar = false;             // the text was taken as a calendar file
  std::vector<Diagnostic> diagnostics;  // errors and warnings, in file order
  // A workflow that loaded without errors; null otherwise (and for calendars).
  std::shared_ptr<const Definition> definition;

  int errors() const;
  int warnings() const;
};

// A text whose top level has a `calendar:` key and no `workflow:` key is a
// calendar; anything else is a workflow. `file` names the text in
// diagnostics; a workflow's `calendar: NAME` is read from
// `calendars_dir`/NAME.yaml; `today` decides the calendar-ends warning.
TextValidation validate_text(const std::string& text, const std::string& file,
                             const std::string& calendars_dir, Date today);

// 1-based line and column of the value of the top-level `workflow:` key,
// for a diagnostic about the id (1:1 when there is none).
std::pair<int, int> workflow_id_position(const std::string& text);

// {"file", "line", "column", "severity": "error"|"warning", "message",
//  "text": "FILE:LINE:COL: error: MESSAGE"}.
nlohmann::ordered_json diagnostic_json(const Diagnostic& diagnostic);

}  // namespace wageflow::presentation
