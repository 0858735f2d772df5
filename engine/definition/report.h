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
  // `stored_text`: the text of a definition stored with cases (LoadOptions).
  explicit Reporter(std::string file, bool stored_text = false)
      : file_(std::move(file)), stored_text_(stored_text) {}

  const std::string& file() const { return file_; }
  void error(Position at, std::string message);
  void warning(Position at, std::string message);
  // A rule added after definitions were first stored (2026-11-30: text that
  // is not UTF-8, an empty label, a time limit of 0, a full-width comma in
  // a name list, a set: or guard value known wrong at load): an error in a
  // file being validated or published; in a stored text a warning, so that
  // the cases already under it stay readable. True when it is an error
  // (the caller fails the part), false when tolerated.
  bool later_rule(Position at, std::string message);
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
  bool stored_text_ = false;
  std::vector<Entry> entries_;
  int errors_ = 0;
};

}  // namespace wageflow::loader
