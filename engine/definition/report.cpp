#include "engine/definition/report.h"

#include <algorithm>

namespace wageflow::loader {

void Reporter::error(Position at, std::string message) {
  add(at, Diagnostic::Severity::kError, std::move(message), {});
}

void Reporter::warning(Position at, std::string message) {
  add(at, Diagnostic::Severity::kWarning, std::move(message), {});
}

bool Reporter::later_rule(Position at, std::string message) {
  if (!stored_text_) {
    error(at, std::move(message));
    return true;
  }
  warning(at, std::move(message) + " (tolerated in a definition stored before this rule)");
  return false;
}

void Reporter::error_with_details(Position at, std::string message,
                                  std::vector<Diagnostic> details) {
  add(at, Diagnostic::Severity::kError, std::move(message), std::move(details));
}

void Reporter::add(Position at, Diagnostic::Severity severity, std::string message,
                   std::vector<Diagnostic> details) {
  Diagnostic d;
  d.file = file_;
  d.line = at.line;
  d.column = at.column;
  d.severity = severity;
  d.message = std::move(message);
  if (severity == Diagnostic::Severity::kError) ++errors_;
  entries_.push_back(Entry{std::move(d), std::move(details)});
}

std::vector<Diagnostic> Reporter::in_file_order() const {
  std::vector<const Entry*> order;
  for (const Entry& e : entries_) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(), [](const Entry* a, const Entry* b) {
    if (a->diagnostic.line != b->diagnostic.line) return a->diagnostic.line < b->diagnostic.line;
    return a->diagnostic.column < b->diagnostic.column;
  });
  std::vector<Diagnostic> out;
  for (const Entry* e : order) {
    out.push_back(e->diagnostic);
    out.insert(out.end(), e->details.begin(), e->details.end());
  }
  return out;
}

}  // namespace wageflow::loader
