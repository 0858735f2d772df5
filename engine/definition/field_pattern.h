// A field's `pattern:` (workflow-format.md), compiled once when the
// workflow is loaded. A value fits when the ECMAScript regular expression
// finds a match in it (std::regex_search: anchor with ^...$ for the whole
// value). Immutable after compile(); found_in() is safe to call from many
// threads at once.
#pragma once

#include <memory>
#include <string>

namespace wageflow {

class FieldPattern {
 public:
  // The compiled pattern; nullptr with *error set (std::regex's message)
  // when `source` is not a valid ECMAScript regular expression.
  static std::shared_ptr<const FieldPattern> compile(const std::string& source, std::string* error);
  ~FieldPattern();

  const std::string& source() const { return source_; }
  // True when the pattern matches somewhere in `text`.
  bool found_in(const std::string& text) const;

 private:
  struct Compiled;
  FieldPattern(std::string source, std::unique_ptr<const Compiled> compiled);

  std::string source_;
  std::unique_ptr<const Compiled> compiled_;
};

}  // namespace wageflow
