// A field's `check:` (workflow-format.md): a rule a value must pass beyond
// its type and pattern, named in the workflow file. Pure functions; safe to
// call from many threads at once.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace wageflow {

enum class FieldCheck {
  kNone,
  // 公民身份号码 (GB 11643-1999): 17 digits, then a digit or X; the 7th to
  // 14th characters a real date of birth; the last the ISO 7064 MOD 11-2
  // check character of the first 17.
  kResidentId,
};

// The names a file may give, in the order error messages list them.
inline constexpr std::array<std::string_view, 1> kFieldCheckNames = {"resident_id"};

// The check `name` stands for; nullopt for a name not in kFieldCheckNames.
std::optional<FieldCheck> field_check_named(std::string_view name);
// The name of `check` in a file ("" for kNone).
std::string_view field_check_name(FieldCheck check);

// "" when `value` passes `check` (always, for kNone); otherwise what is
// wrong with it, in words a clerk can act on, to follow the quoted value:
// "is not a resident ID number: ...".
std::string field_check_problem(FieldCheck check, std::string_view value);

}  // namespace wageflow
