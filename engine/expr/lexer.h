// Splits expression text into tokens (private to engine/expr).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/expr/expression.h"

namespace wageflow::expr {

enum class TokenKind {
  kEnd,
  kInt,     // 12: `number` holds the value
  kMoney,   // 3.5: `number` holds fen
  kString,  // 'text' or "text": `value` holds the text between the quotes
  kName,    // [A-Za-z_][A-Za-z0-9_]*, not a keyword
  kTrue,
  kFalse,
  kAnd,
  kOr,
  kNot,
  kIn,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::size_t offset = 0;  // byte offset of the first character
  std::string_view text;   // the source characters of the token
  std::string value;       // kString only
  std::int64_t number = 0;
};

// Tokenizes all of `source`, ending with a kEnd token at source.size().
// Returns false and fills `error` at the first malformed token (unknown
// character, unterminated string, number out of range, more than two
// decimals). `tokens` views into `source`, which must outlive them.
bool tokenize(std::string_view source, std::vector<Token>* tokens, CompileError* error);

// How a token is quoted in messages: "'and'", "end of expression".
std::string describe(const Token& token);

}  // namespace wageflow::expr
