#include "engine/expr/expression.h"

#include <algorithm>
#include <utility>

#include "engine/expr/ast.h"
#include "engine/expr/compiler.h"
#include "engine/expr/parser.h"
#include "engine/expr/program.h"

namespace wageflow::expr {

Expression::Expression(std::shared_ptr<const Program> program) : program_(std::move(program)) {}

std::optional<Expression> Expression::compile(std::string_view text, const Scope& scope,
                                              std::vector<CompileError>* errors) {
  std::vector<CompileError> found;
  auto program = std::make_shared<Program>();
  program->text = std::string(text);
  Ast ast;
  if (parse(program->text, &ast, &found)) compile_ast(ast, scope, program.get(), &found);
  if (found.empty()) return Expression(std::move(program));
  std::stable_sort(found.begin(), found.end(), [](const CompileError& a, const CompileError& b) {
    return a.offset < b.offset;
  });
  if (errors) errors->insert(errors->end(), found.begin(), found.end());
  return std::nullopt;
}

Type Expression::type() const {
  return program_->type;
}

const std::string& Expression::text() const {
  return program_->text;
}

bool Expression::reads_fields() const {
  return std::any_of(program_->ops.begin(), program_->ops.end(), [](const Op& op) {
    return op.code == Code::kField || op.code == Code::kIsSet;
  });
}

Expression::Evaluation Expression::evaluate(const Context& context) const {
  return program_->run(context);
}

bool Expression::holds(const Context& context, std::string* error) const {
  std::string problem;
  bool result = false;
  if (program_->type != Type::kBool) {
    problem = "'" + program_->text + "' is " + type_name(program_->type) + ", not a condition";
  } else {
    Evaluation evaluation = program_->run(context);
    problem = std::move(evaluation.error);
    const bool* value = std::get_if<bool>(&evaluation.value);
    result = problem.empty() && value && *value;
  }
  if (error) *error = std::move(problem);
  return result;
}

}  // namespace wageflow::expr
