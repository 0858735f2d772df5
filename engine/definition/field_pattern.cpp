#include "engine/definition/field_pattern.h"

#include <regex>

namespace wageflow {

struct FieldPattern::Compiled {
  std::regex regex;
};

FieldPattern::FieldPattern(std::string source, std::unique_ptr<const Compiled> compiled)
    : source_(std::move(source)), compiled_(std::move(compiled)) {}

FieldPattern::~FieldPattern() = default;

std::shared_ptr<const FieldPattern> FieldPattern::compile(const std::string& source,
                                                          std::string* error) {
  try {
    auto compiled =
        std::make_unique<const Compiled>(Compiled{std::regex(source, std::regex::ECMAScript)});
    return std::shared_ptr<const FieldPattern>(new FieldPattern(source, std::move(compiled)));
  } catch (const std::regex_error& e) {
    if (error) *error = e.what();
    return nullptr;
  }
}

bool FieldPattern::found_in(const std::string& text) const {
  return std::regex_search(text, compiled_->regex);
}

}  // namespace wageflow
