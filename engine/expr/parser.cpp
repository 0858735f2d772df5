#include "engine/expr/parser.h"

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "engine/core/date.h"
#include "engine/expr/lexer.h"

namespace wageflow::expr {
namespace {

bool is_comparison(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEq:
    case TokenKind::kNe:
    case TokenKind::kLt:
    case TokenKind::kLe:
    case TokenKind::kGt:
    case TokenKind::kGe:
      return true;
    default:
      return false;
  }
}

constexpr char kTooDeep[] = "expression is nested too deeply (more than 100 levels)";

class Parser {
 public:
  Parser(const std::vector<Token>& tokens, Ast* ast, std::vector<CompileError>* errors)
      : tokens_(tokens), ast_(ast), errors_(errors) {}

  bool run() {
    int root = parse_or();
    if (root >= 0 && peek().kind != TokenKind::kEnd) {
      fail(peek().offset, "unexpected " + describe(peek()) + "; expected an operator or the end");
    }
    if (failed_) return false;
    ast_->root = root;
    return true;
  }

 private:
  // Counts one level of recursion for as long as it lives.
  class Nesting {
   public:
    explicit Nesting(int* depth) : depth_(depth) { ++*depth_; }
    ~Nesting() { --*depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    int* depth_;
  };

  const Token& peek() const { return tokens_[pos_]; }
  const Token& peek_next() const { return tokens_[std::min(pos_ + 1, tokens_.size() - 1)]; }
  const Token& take() {
    const Token& token = tokens_[pos_];
    if (token.kind != TokenKind::kEnd) ++pos_;
    return token;
  }

  int fail(std::size_t offset, std::string message) {
    if (!failed_) errors_->push_back(CompileError{offset, std::move(message)});
    failed_ = true;
    return -1;
  }
  bool too_deep(std::size_t offset) {
    if (nesting_ <= kMaxDepth) return false;
    fail(offset, kTooDeep);
    return true;
  }

  int add(Node node) {
    int depth = 0;
    for (int child : {node.left, node.right}) {
      if (child >= 0) depth = std::max(depth, ast_->nodes[child].depth);
    }
    node.depth = depth + 1;
    if (node.depth > kMaxDepth) return fail(node.op_offset, kTooDeep);
    ast_->nodes.push_back(std::move(node));
    return static_cast<int>(ast_->nodes.size()) - 1;
  }

  int binary(NodeKind kind, const Token& op, int left, int right) {
    Node node;
    node.kind = kind;
    node.op = op.kind;
    node.op_offset = op.offset;
    node.left = left;
    node.right = right;
    node.begin = ast_->nodes[left].begin;
    node.end = ast_->nodes[right].end;
    return add(std::move(node));
  }

  int leaf(NodeKind kind, const Token& token) {
    Node node;
    node.kind = kind;
    node.op_offset = node.begin = token.offset;
    node.end = token.offset + token.text.size();
    node.number = token.number;
    node.text = kind == NodeKind::kString ? token.value : std::string(token.text);
    return add(std::move(node));
  }

  // operand (op operand)*, grouped to the left: a - b - c is (a - b) - c.
  // -1 when an operand fails (the error is already recorded).
  int left_associative(int (Parser::*operand)(), std::initializer_list<TokenKind> operators,
                       NodeKind kind) {
    auto at_operator = [&] {
      return std::find(operators.begin(), operators.end(), peek().kind) != operators.end();
    };
    int left = (this->*operand)();
    while (left >= 0 && at_operator()) {
      const Token& op = take();
      int right = (this->*operand)();
      if (right < 0) return -1;
      left = binary(kind, op, left, right);
    }
    return left;
  }

  // or := and ('or' and)*
  int parse_or() {
    Nesting nesting(&nesting_);
    if (too_deep(peek().offset)) return -1;
    return left_associative(&Parser::parse_and, {TokenKind::kOr}, NodeKind::kOr);
  }

  // and := not ('and' not)*
  int parse_and() {
    return left_associative(&Parser::parse_not, {TokenKind::kAnd}, NodeKind::kAnd);
  }

  // not := 'not' not | comparison
  int parse_not() {
    if (peek().kind != TokenKind::kNot) return parse_comparison();
    const Token& op = take();
    Nesting nesting(&nesting_);
    if (too_deep(op.offset)) return -1;
    int operand = parse_not();
    if (operand < 0) return -1;
    Node node;
    node.kind = NodeKind::kNot;
    node.op_offset = node.begin = op.offset;
    node.end = ast_->nodes[operand].end;
    node.left = operand;
    return add(std::move(node));
  }

  // comparison := additive [(== | != | < | <= | > | >=) additive | 'in' list]
  int parse_comparison() {
    int left = parse_additive();
    if (left < 0) return -1;
    int result = left;
    if (is_comparison(peek().kind)) {
      const Token& op = take();
      int right = parse_additive();
      if (right < 0) return -1;
      result = binary(NodeKind::kCompare, op, left, right);
    } else if (peek().kind == TokenKind::kIn) {
      result = parse_in(left);
    }
    if (result >= 0 && result != left &&
        (is_comparison(peek().kind) || peek().kind == TokenKind::kIn)) {
      return fail(peek().offset, "comparisons cannot be chained; join them with 'and'");
    }
    return result;
  }

  // list := '[' literal (',' literal)* ']'
  int parse_in(int left) {
    const Token& op = take();
    if (peek().kind != TokenKind::kLBracket) {
      return fail(peek().offset, "expected '[' after 'in', found " + describe(peek()));
    }
    const Token& open = take();
    Node node;
    node.kind = NodeKind::kIn;
    node.op_offset = op.offset;
    node.left = left;
    node.begin = ast_->nodes[left].begin;
    if (peek().kind == TokenKind::kRBracket) {
      return fail(open.offset, "the list after 'in' is empty");
    }
    while (true) {
      int item = parse_literal();
      if (item < 0) return -1;
      node.items.push_back(item);
      if (peek().kind == TokenKind::kRBracket) break;
      if (peek().kind != TokenKind::kComma) {
        return fail(peek().offset, "expected ',' or ']' in the list, found " + describe(peek()));
      }
      take();
    }
    node.end = take().offset + 1;
    return add(std::move(node));
  }

  // literal := ['-'] number | string | true | false | date '(' string ')'
  int parse_literal() {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::kMinus: {
        take();
        const Token& number = peek();
        if (number.kind != TokenKind::kInt && number.kind != TokenKind::kMoney) break;
        int index =
            leaf(number.kind == TokenKind::kInt ? NodeKind::kInt : NodeKind::kMoney, take());
        if (index < 0) return -1;
        Node& node = ast_->nodes[index];
        node.number = -node.number;
        node.op_offset = node.begin = token.offset;
        return index;
      }
      case TokenKind::kInt:
        return leaf(NodeKind::kInt, take());
      case TokenKind::kMoney:
        return leaf(NodeKind::kMoney, take());
      case TokenKind::kString:
        return leaf(NodeKind::kString, take());
      case TokenKind::kTrue:
      case TokenKind::kFalse:
        return boolean(take());
      case TokenKind::kName:
        if (token.text == "date" && peek_next().kind == TokenKind::kLParen) return parse_call();
        break;
      default:
        break;
    }
    return fail(peek().offset, "expected a literal value in the list, found " + describe(peek()));
  }

  // additive := term (('+' | '-') term)*
  int parse_additive() {
    return left_associative(&Parser::parse_term, {TokenKind::kPlus, TokenKind::kMinus},
                            NodeKind::kArith);
  }

  // term := unary (('*' | '/') unary)*
  int parse_term() {
    return left_associative(&Parser::parse_unary, {TokenKind::kStar, TokenKind::kSlash},
                            NodeKind::kArith);
  }

  // unary := '-' unary | primary
  int parse_unary() {
    if (peek().kind != TokenKind::kMinus) return parse_primary();
    const Token& op = take();
    Nesting nesting(&nesting_);
    if (too_deep(op.offset)) return -1;
    int operand = parse_unary();
    if (operand < 0) return -1;
    Node node;
    node.kind = NodeKind::kNegate;
    node.op_offset = node.begin = op.offset;
    node.end = ast_->nodes[operand].end;
    node.left = operand;
    return add(std::move(node));
  }

  int boolean(const Token& token) {
    int index = leaf(NodeKind::kBool, token);
    if (index >= 0) ast_->nodes[index].number = token.kind == TokenKind::kTrue ? 1 : 0;
    return index;
  }

  // primary := literal | name | name '(' ... ')' | '(' or ')'
  int parse_primary() {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::kInt:
        return leaf(NodeKind::kInt, take());
      case TokenKind::kMoney:
        return leaf(NodeKind::kMoney, take());
      case TokenKind::kString:
        return leaf(NodeKind::kString, take());
      case TokenKind::kTrue:
      case TokenKind::kFalse:
        return boolean(take());
      case TokenKind::kName:
        if (peek_next().kind == TokenKind::kLParen) return parse_call();
        return leaf(NodeKind::kName, take());
      case TokenKind::kLParen: {
        const Token& open = take();
        int inner = parse_or();
        if (inner < 0) return -1;
        if (peek().kind != TokenKind::kRParen) {
          // Named by what follows it: an offset means nothing to the
          // administrator, who sees lines and columns.
          const Token& first_inside = *(&open + 1);
          return fail(peek().offset, "expected ')' to close the '(' before " +
                                         describe(first_inside) + ", found " + describe(peek()));
        }
        const Token& close = take();
        ast_->nodes[inner].begin = open.offset;
        ast_->nodes[inner].end = close.offset + 1;
        return inner;
      }
      default:
        break;
    }
    return fail(token.offset, "expected a value, found " + describe(token));
  }

  // call := 'date' '(' string ')' | 'is_set' '(' name ')'
  int parse_call() {
    const Token& name = take();
    take();  // '('
    Node node;
    node.op_offset = node.begin = name.offset;
    if (name.text == "date") {
      const Token& argument = peek();
      if (argument.kind != TokenKind::kString) {
        return fail(argument.offset,
                    "date(...) needs a quoted date such as date('2025-01-24'), found " +
                        describe(argument));
      }
      take();
      node.kind = NodeKind::kDate;
      node.text = argument.value;
      if (auto date = Date::parse(argument.value)) {
        node.number = date->days();
      } else {
        errors_->push_back(CompileError{
            argument.offset, "'" + argument.value + "' is not a valid date; expected YYYY-MM-DD"});
      }
    } else if (name.text == "is_set") {
      const Token& argument = peek();
      if (argument.kind != TokenKind::kName || peek_next().kind == TokenKind::kLParen) {
        return fail(argument.offset, "is_set(...) needs a field name, found " + describe(argument));
      }
      node.kind = NodeKind::kIsSet;
      node.left = leaf(NodeKind::kName, take());
      if (node.left < 0) return -1;
    } else {
      return fail(name.offset, "unknown function '" + std::string(name.text) +
                                   "'; the functions are date(...) and is_set(...)");
    }
    if (peek().kind != TokenKind::kRParen) {
      return fail(peek().offset, "expected ')' after the argument of " + std::string(name.text) +
                                     "(...), found " + describe(peek()));
    }
    node.end = take().offset + 1;
    return add(std::move(node));
  }

  const std::vector<Token>& tokens_;
  Ast* ast_;
  std::vector<CompileError>* errors_;
  std::size_t pos_ = 0;
  int nesting_ = 0;
  bool failed_ = false;
};

}  // namespace

bool parse(std::string_view source, Ast* ast, std::vector<CompileError>* errors) {
  std::vector<Token> tokens;
  CompileError error;
  if (!tokenize(source, &tokens, &error)) {
    errors->push_back(std::move(error));
    return false;
  }
  return Parser(tokens, ast, errors).run();
}

}  // namespace wageflow::expr
