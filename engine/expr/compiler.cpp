#include "engine/expr/compiler.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "engine/expr/type_rules.h"

namespace wageflow::expr {
namespace {

// How an op changes the depth of the value stack (on the path that falls
// through to the next op).
int stack_effect(Code code) {
  switch (code) {
    case Code::kField:
    case Code::kConstant:
    case Code::kNumber:
    case Code::kString:
    case Code::kIsSet:
      return 1;
    case Code::kToMoney:
    case Code::kToMoneyBelow:
    case Code::kNegate:
    case Code::kInNumbers:
    case Code::kInStrings:
    case Code::kNot:
    case Code::kTruth:
      return 0;
    default:
      return -1;  // binary operators and the and/or jumps
  }
}

std::string a_or_an(Type type) {
  const char* name = type_name(type);
  return std::string(type == Type::kInt ? "an " : "a ") + name;
}

class Compiler {
 public:
  Compiler(const Ast& ast, const Scope& scope, Program* program, std::vector<CompileError>* errors)
      : ast_(ast), scope_(scope), program_(program), errors_(errors), symbols_(ast.nodes.size()) {}

  void run() {
    std::optional<Type> type = emit(ast_.root);
    if (type) program_->type = *type;
  }

 private:
  const Node& node(int index) const { return ast_.nodes[index]; }

  void error(std::size_t offset, std::string message) {
    errors_->push_back(CompileError{offset, std::move(message)});
  }

  void op(Code code, Type type, std::int32_t arg, const Node& source) {
    program_->ops.push_back(Op{code, type, arg});
    program_->spans.push_back(
        Span{static_cast<std::uint32_t>(source.begin), static_cast<std::uint32_t>(source.end)});
    depth_ += stack_effect(code);
    program_->max_stack = std::max(program_->max_stack, depth_);
  }

  std::int32_t add_number(std::int64_t value) {
    program_->numbers.push_back(value);
    return static_cast<std::int32_t>(program_->numbers.size() - 1);
  }

  // Emits the code of node `index`; nullopt when it has an error (already
  // reported, here or in a child).
  std::optional<Type> emit(int index) {
    const Node& n = node(index);
    switch (n.kind) {
      case NodeKind::kInt:
        return literal(Type::kInt, n);
      case NodeKind::kMoney:
        return literal(Type::kMoney, n);
      case NodeKind::kDate:
        return literal(Type::kDate, n);
      case NodeKind::kBool:
        return literal(Type::kBool, n);
      case NodeKind::kString:
        program_->strings.push_back(n.text);
        op(Code::kString, Type::kString, static_cast<std::int32_t>(program_->strings.size() - 1),
           n);
        return Type::kString;
      case NodeKind::kName:
        return name(index);
      case NodeKind::kIsSet:
        return is_set(n);
      case NodeKind::kNegate:
        return negate(n);
      case NodeKind::kNot:
        return logical_not(n);
      case NodeKind::kAnd:
      case NodeKind::kOr:
        return logical(n);
      case NodeKind::kArith:
        return arithmetic(n);
      case NodeKind::kCompare:
        return comparison(n);
      case NodeKind::kIn:
        return in_list(n);
    }
    return std::nullopt;
  }

  Type literal(Type type, const Node& n) {
    op(Code::kNumber, type, add_number(n.number), n);
    return type;
  }

  std::optional<Symbol> resolve(int index) {
    const Node& n = node(index);
    symbols_[index] = scope_.lookup(n.text);
    if (!symbols_[index]) error(n.op_offset, "unknown name '" + n.text + "'");
    return symbols_[index];
  }

  std::optional<Type> name(int index) {
    std::optional<Symbol> symbol = resolve(index);
    if (!symbol) return std::nullopt;
    Code code = symbol->kind == Symbol::Kind::kField ? Code::kField : Code::kConstant;
    op(code, symbol->type, symbol->index, node(index));
    return symbol->type;
  }

  std::optional<Type> is_set(const Node& n) {
    std::optional<Symbol> symbol = resolve(n.left);
    if (!symbol) return std::nullopt;
    if (symbol->kind != Symbol::Kind::kField) {
      error(node(n.left).op_offset,
            "is_set(...) needs a field; '" + node(n.left).text + "' is a constant");
      return std::nullopt;
    }
    op(Code::kIsSet, Type::kBool, symbol->index, node(n.left));
    return Type::kBool;
  }

  std::optional<Type> negate(const Node& n) {
    std::optional<Type> type = emit(n.left);
    if (!type) return std::nullopt;
    if (*type != Type::kInt && *type != Type::kMoney) {
      error(node(n.left).begin,
            std::string("'-' needs an int or money operand, got ") + type_name(*type));
      return std::nullopt;
    }
    op(Code::kNegate, *type, 0, n);
    return type;
  }

  // Reports a non-bool operand of `keyword`; true when `type` is bool.
  bool needs_bool(const char* keyword, std::optional<Type> type, const Node& operand,
                  const char* noun) {
    if (!type || *type == Type::kBool) return type.has_value();
    error(operand.begin,
          std::string("'") + keyword + "' needs " + noun + ", got " + type_name(*type));
    return false;
  }

  std::optional<Type> logical_not(const Node& n) {
    std::optional<Type> type = emit(n.left);
    if (!needs_bool("not", type, node(n.left), "a bool operand")) return std::nullopt;
    op(Code::kNot, Type::kBool, 0, n);
    return Type::kBool;
  }

  std::optional<Type> logical(const Node& n) {
    const char* keyword = n.kind == NodeKind::kAnd ? "and" : "or";
    bool left_ok = needs_bool(keyword, emit(n.left), node(n.left), "bool operands");
    std::size_t jump = program_->ops.size();
    op(n.kind == NodeKind::kAnd ? Code::kAndJump : Code::kOrJump, Type::kBool, 0, n);
    bool right_ok = needs_bool(keyword, emit(n.right), node(n.right), "bool operands");
    op(Code::kTruth, Type::kBool, 0, n);
    program_->ops[jump].arg = static_cast<std::int32_t>(program_->ops.size());
    if (!left_ok || !right_ok) return std::nullopt;
    return Type::kBool;
  }

  // Emits the conversions and the operator of a typed binary node.
  Type apply(const OperatorRule& rule, const Node& n) {
    if (rule.left_to_money) op(Code::kToMoneyBelow, Type::kMoney, 0, node(n.left));
    if (rule.right_to_money) op(Code::kToMoney, Type::kMoney, 0, node(n.right));
    op(rule.code, rule.result, 0, n);
    return rule.result;
  }

  std::optional<Type> arithmetic(const Node& n) {
    std::optional<Type> left = emit(n.left);
    std::optional<Type> right = emit(n.right);
    if (!left || !right) return std::nullopt;
    Result<OperatorRule> rule = arithmetic_rule(n.op, *left, *right);
    if (!rule) {
      error(n.op_offset, rule.error());
      return std::nullopt;
    }
    // A literal 0 divisor fails for every case: said at load, not at the
    // first case that reaches it.
    const Node& divisor = node(n.right);
    if (n.op == TokenKind::kSlash &&
        (divisor.kind == NodeKind::kInt || divisor.kind == NodeKind::kMoney) &&
        divisor.number == 0) {
      error(divisor.begin, "division by zero: the divisor is 0");
      return std::nullopt;
    }
    return apply(*rule, n);
  }

  std::optional<Type> comparison(const Node& n) {
    std::optional<Type> left = emit(n.left);
    std::optional<Type> right = emit(n.right);
    if (!left || !right) return std::nullopt;
    Result<OperatorRule> rule = comparison_rule(n.op, *left, *right);
    if (!rule) {
      error(n.op_offset, rule.error());
      return std::nullopt;
    }
    bool known = check_enum_value(n.left, n.right) && check_enum_value(n.right, n.left);
    if (!known) return std::nullopt;
    return apply(*rule, n);
  }

  // When `name` is an enum field and `value` a string literal, reports a
  // value outside the field's list. True when there is nothing to report.
  bool check_enum_value(int name, int value) {
    const std::optional<Symbol>& symbol = symbols_[name];
    const Node& literal = node(value);
    if (node(name).kind != NodeKind::kName || !symbol || symbol->enum_values.empty() ||
        literal.kind != NodeKind::kString) {
      return true;
    }
    const std::vector<std::string>& values = symbol->enum_values;
    if (std::find(values.begin(), values.end(), literal.text) != values.end()) return true;
    std::string message =
        "'" + literal.text + "' is not a value of " + node(name).text + "; values: ";
    for (std::size_t i = 0; i < values.size(); ++i) message += (i ? ", " : "") + values[i];
    error(literal.begin, std::move(message));
    return false;
  }

  static Type literal_type(const Node& n) {
    switch (n.kind) {
      case NodeKind::kInt:
        return Type::kInt;
      case NodeKind::kMoney:
        return Type::kMoney;
      case NodeKind::kDate:
        return Type::kDate;
      case NodeKind::kBool:
        return Type::kBool;
      default:
        return Type::kString;
    }
  }

  std::optional<Type> in_list(const Node& n) {
    std::optional<Type> left = emit(n.left);
    if (!left) return std::nullopt;
    if (*left == Type::kBool) {
      error(node(n.left).begin, "'in' needs a string, int, money or date on its left, got bool");
      return std::nullopt;
    }
    bool numeric = *left == Type::kInt || *left == Type::kMoney;
    bool money = *left == Type::kMoney;
    bool ok = true;
    for (int item : n.items) {
      Type type = literal_type(node(item));
      bool fits = type == *left || (numeric && (type == Type::kInt || type == Type::kMoney));
      if (!fits) {
        error(node(item).begin,
              "expected " + a_or_an(*left) + " value in the list, got " + a_or_an(type));
        ok = false;
      }
      money = money || (fits && type == Type::kMoney);
      ok = check_enum_value(n.left, item) && ok;
    }
    if (!ok) return std::nullopt;
    if (*left == Type::kString) {
      std::vector<std::string> values;
      for (int item : n.items) values.push_back(node(item).text);
      program_->string_lists.push_back(std::move(values));
      op(Code::kInStrings, Type::kBool,
         static_cast<std::int32_t>(program_->string_lists.size() - 1), n);
      return Type::kBool;
    }
    std::vector<std::int64_t> values;
    for (int item : n.items) {
      std::int64_t value = node(item).number;
      if (money && node(item).kind == NodeKind::kInt &&
          __builtin_mul_overflow(value, std::int64_t{100}, &value)) {
        error(node(item).begin, "amount " + std::to_string(node(item).number) + " is too large");
        ok = false;
      }
      values.push_back(value);
    }
    if (!ok) return std::nullopt;
    if (money && *left == Type::kInt) op(Code::kToMoney, Type::kMoney, 0, node(n.left));
    program_->number_lists.push_back(std::move(values));
    op(Code::kInNumbers, Type::kBool, static_cast<std::int32_t>(program_->number_lists.size() - 1),
       n);
    return Type::kBool;
  }

  const Ast& ast_;
  const Scope& scope_;
  Program* program_;
  std::vector<CompileError>* errors_;
  std::vector<std::optional<Symbol>> symbols_;  // per node, for resolved names
  int depth_ = 0;
};

}  // namespace

void compile_ast(const Ast& ast, const Scope& scope, Program* program,
                 std::vector<CompileError>* errors) {
  Compiler(ast, scope, program, errors).run();
}

}  // namespace wageflow::expr
