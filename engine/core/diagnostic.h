// A problem found in an administrator's file, with its 1-based position.
#pragma once

#include <string>

namespace wageflow {

struct Diagnostic {
  enum class Severity { kError, kWarning };
  std::string file;
  int line = 0;    // 1-based
  int column = 0;  // 1-based
  Severity severity = Severity::kError;
  std::string message;

  // "FILE:LINE:COL: error: MESSAGE" (or "warning:").
  std::string to_string() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) +
           (severity == Severity::kError ? ": error: " : ": warning: ") + message;
  }
};

}  // namespace wageflow
