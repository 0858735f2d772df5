// Fuzzes guard and `set` expressions: compile (parse and type-check) any
// text against a fixed scope of fields and constants of every type, set
// and unset, and evaluate what compiles. Neither may crash; evaluation
// errors are values.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/expr/expression.h"
#include "tests/engine/expr/test_scope.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const wageflow::expr::testing::TestScope scope;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<wageflow::expr::CompileError> errors;
  auto expression = wageflow::expr::Expression::compile(text, scope, &errors);
  if (!expression) {
    if (errors.empty()) __builtin_trap();  // a refusal always says why
    for (const auto& e : errors) {
      if (e.offset > size || e.message.empty()) __builtin_trap();
    }
    return 0;
  }
  auto result = expression->evaluate(scope.context());
  if (expression->type() == wageflow::expr::Type::kBool) {
    std::string error;
    const bool holds = expression->holds(scope.context(), &error);
    if (holds && !std::holds_alternative<bool>(result.value)) __builtin_trap();
  }
  return 0;
}
