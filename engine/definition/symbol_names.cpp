#include "engine/definition/symbol_names.h"

#include <array>

namespace wageflow::loader {
namespace {

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

constexpr std::array<std::string_view, 8> kReservedWords = {"and",  "or",    "not",    "in",
                                                            "true", "false", "is_set", "date"};

}  // namespace

std::string symbol_name_problem(std::string_view name) {
  bool ok = !name.empty() && is_letter(name[0]);
  for (char c : name) ok = ok && (is_letter(c) || is_digit(c));
  if (!ok) {
    return "'" + std::string(name) +
           "' cannot be used in expressions: use letters, digits and '_', starting with a "
           "letter";
  }
  for (std::string_view word : kReservedWords) {
    if (name == word) return "'" + std::string(name) + "' is a word of the expression language";
  }
  return "";
}

}  // namespace wageflow::loader
