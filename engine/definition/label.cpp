#include "engine/definition/definition.h"

namespace wageflow {

std::string Label::get(std::string_view locale, std::string_view fallback) const {
  for (const auto& [loc, text] : by_locale) {
    if (loc == locale) return text;
  }
  for (const auto& [loc, text] : by_locale) {
    if (loc == "zh") return text;
  }
  if (!by_locale.empty()) return by_locale.front().second;
  return std::string(fallback);
}

}  // namespace wageflow
