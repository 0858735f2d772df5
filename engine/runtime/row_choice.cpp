#include "engine/runtime/row_choice.h"

#include "engine/runtime/field_input.h"

namespace wageflow::runtime_detail {

RowChoice choose_row(const Definition& definition, const std::vector<int>& rows,
                     const std::vector<Value>& data) {
  RowChoice choice;
  const expr::Context context{&data, &definition.constant_values()};
  for (int index : rows) {
    const TransitionDef& row = definition.transitions[index];
    if (!row.guard) {
      choice.row = &row;
      return choice;
    }
    std::string error;
    if (row.guard->holds(context, &error)) {
      choice.row = &row;
      return choice;
    }
    if (!error.empty()) {
      choice.guard_error = error + " in guard " + row.guard->text();
      return choice;
    }
    choice.failed_guards.push_back(row.guard->text());
    if (choice.missing_before_guard.empty()) {
      choice.missing_before_guard = missing_fields(definition, row.required_fields, data);
    }
  }
  return choice;
}

}  // namespace wageflow::runtime_detail
