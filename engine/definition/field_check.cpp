#include "engine/definition/field_check.h"

#include "engine/core/date.h"

namespace wageflow {
namespace {

constexpr std::string_view kNotAnId = "is not a resident ID number: ";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int number(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

// The check character of the first 17 digits (GB 11643-1999, ISO 7064
// MOD 11-2): weights 2^(17-i) mod 11, the sum's remainder mapped to
// 1 0 X 9 8 7 6 5 4 3 2.
char resident_id_check_character(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCharacters[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCharacters[sum % 11];
}

std::string resident_id_problem(std::string_view id) {
  const std::string form = "17 digits, then a digit or X";
  if (id.size() != 18) {
    return std::string(kNotAnId) + "it has " + std::to_string(id.size()) +
           " characters where an ID number has 18 (" + form + ")";
  }
  for (std::size_t i = 0; i < 17; ++i) {
    if (!is_digit(id[i])) return std::string(kNotAnId) + "an ID number is " + form;
  }
  if (!is_digit(id[17]) && id[17] != 'X') {
    return std::string(kNotAnId) + "an ID number is " + form + " (a capital X)";
  }
  const std::string_view birth = id.substr(6, 8);
  const int year = number(birth.substr(0, 4));
  if (year < 1900 ||
      !Date::is_valid_ymd(year, number(birth.substr(4, 2)), number(birth.substr(6, 2)))) {
    return std::string(kNotAnId) + "the date of birth in it (" + std::string(birth) +
           ", the 7th to 14th characters) is not a real date; compare it with the ID card";
  }
  const char expected = resident_id_check_character(id.substr(0, 17));
  if (id[17] != expected) {
    return std::string(kNotAnId) + "its last character is the check digit of the 17 before it, " +
           "and does not fit them (a character was probably mistyped or two swapped); compare " +
           "it with the ID card";
  }
  return "";
}

}  // namespace

std::optional<FieldCheck> field_check_named(std::string_view name) {
  if (name == "resident_id") return FieldCheck::kResidentId;
  return std::nullopt;
}

std::string_view field_check_name(FieldCheck check) {
  switch (check) {
    case FieldCheck::kNone:
      return "";
    case FieldCheck::kResidentId:
      return "resident_id";
  }
  return "";
}

std::string field_check_problem(FieldCheck check, std::string_view value) {
  switch (check) {
    case FieldCheck::kNone:
      return "";
    case FieldCheck::kResidentId:
      return resident_id_problem(value);
  }
  return "";
}

}  // namespace wageflow
