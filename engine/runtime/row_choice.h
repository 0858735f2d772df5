// Private to engine/runtime: which row of a workflow an event takes. One
// rule for `case fire` (decide.cpp) and for an event a timer's expiry fires
// (case_editor.cpp), so that the two cannot choose differently.
#pragma once

#include <string>
#include <vector>

#include "engine/definition/definition.h"

namespace wageflow::runtime_detail {

// What the guards of an event's candidate rows decided, in the rows' order.
struct RowChoice {
  // The first row whose guard holds (or which has none); null when none
  // does or a guard could not be evaluated. Points into the definition.
  const TransitionDef* row = nullptr;
  // A guard that could not be evaluated stops the choice there:
  // "ERROR in guard G". Empty otherwise.
  std::string guard_error;
  // Of the first row whose guard was false while a field it requires was
  // unset: those fields, as missing_fields() names them (its guard may
  // well hold once they are given). Empty otherwise.
  std::string missing_before_guard;
  // The text of every guard found false before the choice stopped.
  std::vector<std::string> failed_guards;
};

// Tries `rows` (indices into definition.transitions, in the workflow's
// order) against `data` (the case's values with any given by the clerk
// applied). The caller then checks the chosen row's `requires:`, comment
// and `set:`; a row failing those is not passed over for the next.
RowChoice choose_row(const Definition& definition, const std::vector<int>& rows,
                     const std::vector<Value>& data);

}  // namespace wageflow::runtime_detail
