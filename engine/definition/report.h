// Collects the diagnostics of one workflow file while it is loaded and hands
// them back in file order. Private to the definition loader.
#pragma once

#include <string>
#include <vector>

#include "engine/core/diagnostic.h"

namespace wageflow::loader {

// A 1-based place in the workflow file.
struct Position {
  int line = 1;
  int column = 1;
};

class Reporter {
 public:
  explicit Reporter(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  void error(Position at, std::string message);
  void warning(Position at, std::string message);
  // An error followed by diagnostics of another file (a calendar's); they
  // stay right after it whatever the order of the rest.
  void error_with_details(Position at, std::string message, std::vector<Diagnostic> details);

  // Errors reported in this file (details not counted).
  int error_count() const { return errors_; }
  // Everything reported, sorted by line and column; reports at the same
  // place keep the order they were made in.
  std::vector<Diagnostic> in_file_order() const;

 private:
  struct Entry {
    Diagnostic diagnostic;
    std::vector<Diagnostic> details;
  };
  void add(Position at, Diagnostic::Severity severity, std::string message,
           std::vector<Diagnostic> details);

  std::string file_;
  std::vector<Entry> entries_;
  int errors_ = 0;
};

}  // namespace wageflow::loader
