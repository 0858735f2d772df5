// Recursive-descent parser for the expression grammar (private to
// engine/expr; grammar in docs/expressions.md).
#pragma once

#include <string_view>
#include <vector>

#include "engine/expr/ast.h"
#include "engine/expr/expression.h"

namespace wageflow::expr {

// Nesting deeper than this (parentheses, `not`, unary minus, or operator
// chains) is refused, so that no input can exhaust the stack.
inline constexpr int kMaxDepth = 100;

// Parses `source` into `ast`. On a syntax error returns false with that one
// error appended to `errors` (the rest is not examined). Problems that leave
// the structure intact (an impossible date literal) are appended too, but
// parsing goes on and the result is true, so later type errors can still be
// reported together. Names are not resolved here.
bool parse(std::string_view source, Ast* ast, std::vector<CompileError>* errors);

}  // namespace wageflow::expr
