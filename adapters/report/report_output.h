// The report as text for people (table), spreadsheets (CSV with a UTF-8
// BOM) and other systems (JSON). docs/reports.md lists every row. Only
// figures are written: no case data, so no personal data. Pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/report/statistics.h"
#include "adapters/report/submissions.h"

namespace wageflow::report {

// One figure: section ("summary", "closed_by", "legal_aid", "region",
// "industry", "month", "backlog", "on_time_by_office"), group (a region,
// industry, month, state or office; "" in the summary), key, Chinese label,
// value as text (money in yuan with two decimals, rates as "62.5%").
struct FigureRow {
  std::string section;
  std::string group;
  std::string key;
  std::string label;
  std::string value;
};

std::vector<FigureRow> figure_rows(const Figures& figures);

// Aligned lines: a heading, then "key  value  label" per figure.
std::string render_table(const Figures& figures);
// "\xEF\xBB\xBF" then "section,group,figure,label,value" and one line per
// figure (RFC 4180 quoting, CRLF line ends).
std::string render_csv(const Figures& figures);
// The figures as an object: period, scope, summary figures, closed_by,
// rates (numerator, denominator, percent), amounts in yuan strings and fen,
// breakdowns, months, legal_aid.
nlohmann::ordered_json report_json(const Figures& figures);

// The submission calendar as JSON, and as lines for the table output.
nlohmann::ordered_json submission_json(const SubmissionCalendar& calendar);
std::string render_submission_lines(const SubmissionCalendar& calendar);

}  // namespace wageflow::report
