// Type checking and code generation (private to engine/expr).
#pragma once

#include <string_view>
#include <vector>

#include "engine/expr/ast.h"
#include "engine/expr/expression.h"
#include "engine/expr/program.h"

namespace wageflow::expr {

// Resolves the names of `ast` through `scope`, checks every operator's
// operand types and emits the postfix code into `program` (ops, spans,
// literal pools, max_stack, type). Appends every name and type error to
// `errors`, in source order of discovery, each once and without errors
// that merely follow from an earlier one; `program` is complete only when
// none was appended. Requires a tree that parse() accepted.
void compile_ast(const Ast& ast, const Scope& scope, Program* program,
                 std::vector<CompileError>* errors);

}  // namespace wageflow::expr
