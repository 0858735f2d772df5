// The typing rules of the binary operators (private to engine/expr): which
// operand types an operator accepts, what it yields, and which op runs it.
#pragma once

#include "engine/core/result.h"
#include "engine/expr/expression.h"
#include "engine/expr/lexer.h"
#include "engine/expr/program.h"

namespace wageflow::expr {

struct OperatorRule {
  Type result = Type::kInt;
  Code code = Code::kAdd;
  bool left_to_money = false;  // an int operand taken as yuan
  bool right_to_money = false;
};

// `left op right` for op one of + - * /. The error reads like
// "cannot multiply money by money".
Result<OperatorRule> arithmetic_rule(TokenKind op, Type left, Type right);

// `left op right` for op one of == != < <= > >=; the result is bool. The
// error reads like "cannot compare money with string".
Result<OperatorRule> comparison_rule(TokenKind op, Type left, Type right);

}  // namespace wageflow::expr
