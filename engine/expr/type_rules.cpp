#include "engine/expr/type_rules.h"

#include <string>

namespace wageflow::expr {
namespace {

bool is_number(Type type) {
  return type == Type::kInt || type == Type::kMoney;
}

// int with int stays int; any other mix of int and money is money.
OperatorRule numeric(Code code, Type left, Type right) {
  if (left == Type::kInt && right == Type::kInt) return {Type::kInt, code};
  return {Type::kMoney, code, left == Type::kInt, right == Type::kInt};
}

Error clash(const char* verb, Type left, const char* joiner, Type right,
            const char* hint = nullptr) {
  std::string message =
      std::string("cannot ") + verb + " " + type_name(left) + " " + joiner + " " + type_name(right);
  if (hint) message += std::string("; ") + hint;
  return Error{message};
}

Code comparison_code(TokenKind op) {
  switch (op) {
    case TokenKind::kEq:
      return Code::kEq;
    case TokenKind::kNe:
      return Code::kNe;
    case TokenKind::kLt:
      return Code::kLt;
    case TokenKind::kLe:
      return Code::kLe;
    case TokenKind::kGt:
      return Code::kGt;
    default:
      return Code::kGe;
  }
}

}  // namespace

Result<OperatorRule> arithmetic_rule(TokenKind op, Type left, Type right) {
  bool numbers = is_number(left) && is_number(right);
  switch (op) {
    case TokenKind::kPlus:
      if (numbers) return numeric(Code::kAdd, left, right);
      if (left == Type::kDate && right == Type::kInt) {
        return OperatorRule{Type::kDate, Code::kDatePlus};
      }
      if (left == Type::kInt && right == Type::kDate) {
        return clash("add", left, "and", right, "write the date first, as in date + days");
      }
      return clash("add", left, "and", right);
    case TokenKind::kMinus:
      if (numbers) return numeric(Code::kSubtract, left, right);
      if (left == Type::kDate && right == Type::kInt) {
        return OperatorRule{Type::kDate, Code::kDateMinus};
      }
      if (left == Type::kDate && right == Type::kDate) {
        return OperatorRule{Type::kInt, Code::kSubtract};
      }
      return clash("subtract", right, "from", left);
    case TokenKind::kStar:
      // A count times an amount: the int is not converted to yuan.
      if (numbers && !(left == Type::kMoney && right == Type::kMoney)) {
        return OperatorRule{left == right ? Type::kInt : Type::kMoney, Code::kMultiply};
      }
      return clash("multiply", left, "by", right,
                   numbers ? "one side must be a count (int)" : nullptr);
    case TokenKind::kSlash:
      if (left == Type::kInt && right == Type::kInt) {
        return OperatorRule{Type::kInt, Code::kDivideInt};
      }
      if (left == Type::kMoney && right == Type::kInt) {
        return OperatorRule{Type::kMoney, Code::kDivideMoney};
      }
      return clash("divide", left, "by", right,
                   numbers ? "only money / int and int / int are defined" : nullptr);
    default:
      break;
  }
  return Error{"not an arithmetic operator"};
}

Result<OperatorRule> comparison_rule(TokenKind op, Type left, Type right) {
  bool equality = op == TokenKind::kEq || op == TokenKind::kNe;
  if (is_number(left) && is_number(right)) {
    bool mixed = left != right;
    return OperatorRule{Type::kBool, comparison_code(op), mixed && left == Type::kInt,
                        mixed && right == Type::kInt};
  }
  if (left != right) {
    // '2025-01-01' is text: the usual slip when comparing with a date.
    if ((left == Type::kDate && right == Type::kString) ||
        (left == Type::kString && right == Type::kDate)) {
      return clash("compare", left, "with", right, "write a date as date('2025-01-01')");
    }
    return clash("compare", left, "with", right);
  }
  switch (left) {
    case Type::kDate:
      return OperatorRule{Type::kBool, comparison_code(op)};
    case Type::kString:
      if (equality) {
        return OperatorRule{Type::kBool, op == TokenKind::kEq ? Code::kStringEq : Code::kStringNe};
      }
      return Error{"strings can only be compared with == and !="};
    case Type::kBool:
      if (equality) return OperatorRule{Type::kBool, comparison_code(op)};
      return Error{"bools can only be compared with == and !="};
    default:
      break;
  }
  return clash("compare", left, "with", right);
}

}  // namespace wageflow::expr
