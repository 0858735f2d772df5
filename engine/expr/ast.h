// The syntax tree of one expression (private to engine/expr). Nodes live in
// one vector and refer to their children by index, so no recursion is
// needed to destroy a tree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/expr/lexer.h"

namespace wageflow::expr {

enum class NodeKind {
  kInt,      // number
  kMoney,    // number (fen)
  kString,   // text
  kBool,     // number (0 or 1)
  kDate,     // number (days since 1970-01-01); arg_offset at the quoted argument
  kName,     // text
  kIsSet,    // left: the kName argument
  kNegate,   // -left
  kNot,      // not left
  kArith,    // left op right, op one of + - * /
  kCompare,  // left op right, op one of == != < <= > >=
  kIn,       // left in [items]
  kAnd,
  kOr,
};

struct Node {
  NodeKind kind = NodeKind::kInt;
  std::size_t begin = 0;  // source span [begin, end)
  std::size_t end = 0;
  std::size_t op_offset = 0;  // the operator, keyword or function name
  TokenKind op = TokenKind::kEnd;
  int left = -1;
  int right = -1;
  std::vector<int> items;  // kIn: literal nodes
  std::int64_t number = 0;
  std::string text;
  int depth = 1;  // 1 + the deepest child
};

struct Ast {
  std::vector<Node> nodes;
  int root = -1;
};

}  // namespace wageflow::expr
