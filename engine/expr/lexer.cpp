#include "engine/expr/lexer.h"

#include <charconv>
#include <cstdio>

#include "engine/core/money.h"

namespace wageflow::expr {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || is_digit(c);
}

TokenKind keyword_or_name(std::string_view word) {
  if (word == "and") return TokenKind::kAnd;
  if (word == "or") return TokenKind::kOr;
  if (word == "not") return TokenKind::kNot;
  if (word == "in") return TokenKind::kIn;
  if (word == "true") return TokenKind::kTrue;
  if (word == "false") return TokenKind::kFalse;
  return TokenKind::kName;
}

// The length of the well-formed UTF-8 sequence at source[pos], or 0.
std::size_t utf8_length(std::string_view source, std::size_t pos) {
  auto byte = static_cast<unsigned char>(source[pos]);
  std::size_t length = byte >= 0xF0 && byte <= 0xF4   ? 4
                       : byte >= 0xE0 && byte <= 0xEF ? 3
                       : byte >= 0xC2 && byte <= 0xDF ? 2
                                                      : 0;
  if (length == 0 || pos + length > source.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((static_cast<unsigned char>(source[pos + i]) & 0xC0) != 0x80) return 0;
  }
  return length;
}

std::string unexpected_character(std::string_view source, std::size_t pos) {
  char c = source[pos];
  if (c == '=') return "unexpected '='; use '==' to compare";
  if (c == '!') return "unexpected '!'; use 'not' or '!='";
  if (c == '&') return "unexpected '&'; use 'and'";
  if (c == '|') return "unexpected '|'; use 'or'";
  if (c == '.' && pos + 1 < source.size() && is_digit(source[pos + 1])) {
    return "unexpected '.'; write a leading zero, as in 0.5";
  }
  if (c > ' ' && c < 0x7F) return std::string("unexpected character '") + c + "'";
  if (std::size_t length = utf8_length(source, pos)) {
    return "unexpected character '" + std::string(source.substr(pos, length)) + "'";
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "unexpected byte 0x%02X", static_cast<unsigned char>(c));
  return buf;
}

class Lexer {
 public:
  explicit Lexer(std::string_view source) : source_(source) {}

  bool run(std::vector<Token>* tokens, CompileError* error) {
    while (true) {
      while (pos_ < source_.size() && is_space(source_[pos_])) ++pos_;
      Token token;
      token.offset = pos_;
      if (pos_ == source_.size()) {
        tokens->push_back(token);
        return true;
      }
      std::string message = next(&token);
      if (!message.empty()) {
        *error = CompileError{token.offset, std::move(message)};
        return false;
      }
      token.text = source_.substr(token.offset, pos_ - token.offset);
      tokens->push_back(std::move(token));
    }
  }

 private:
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

  // Reads one token at pos_ into `token`; returns an error message or "".
  std::string next(Token* token) {
    char c = source_[pos_];
    if (is_digit(c)) return number(token);
    if (is_name_start(c)) {
      std::size_t start = pos_;
      while (pos_ < source_.size() && is_name_char(source_[pos_])) ++pos_;
      token->kind = keyword_or_name(source_.substr(start, pos_ - start));
      return "";
    }
    if (c == '\'' || c == '"') return string(token);
    auto two = [&](char second) {
      return pos_ + 1 < source_.size() && source_[pos_ + 1] == second;
    };
    auto emit = [&](TokenKind kind, std::size_t length) {
      token->kind = kind;
      pos_ += length;
      return std::string();
    };
    switch (c) {
      case '(':
        return emit(TokenKind::kLParen, 1);
      case ')':
        return emit(TokenKind::kRParen, 1);
      case '[':
        return emit(TokenKind::kLBracket, 1);
      case ']':
        return emit(TokenKind::kRBracket, 1);
      case ',':
        return emit(TokenKind::kComma, 1);
      case '+':
        return emit(TokenKind::kPlus, 1);
      case '-':
        return emit(TokenKind::kMinus, 1);
      case '*':
        return emit(TokenKind::kStar, 1);
      case '/':
        return emit(TokenKind::kSlash, 1);
      case '=':
        if (two('=')) return emit(TokenKind::kEq, 2);
        break;
      case '!':
        if (two('=')) return emit(TokenKind::kNe, 2);
        break;
      case '<':
        return two('=') ? emit(TokenKind::kLe, 2) : emit(TokenKind::kLt, 1);
      case '>':
        return two('=') ? emit(TokenKind::kGe, 2) : emit(TokenKind::kGt, 1);
      default:
        break;
    }
    return unexpected_character(source_, pos_);
  }

  std::string number(Token* token) {
    std::size_t start = pos_;
    while (pos_ < source_.size() && is_digit(source_[pos_])) ++pos_;
    bool decimal = pos_ < source_.size() && source_[pos_] == '.';
    if (decimal) {
      ++pos_;
      while (pos_ < source_.size() && is_digit(source_[pos_])) ++pos_;
    }
    // A number runs into letters or another dot: "12abc", "1.2.3", "3.".
    bool malformed = decimal && !is_digit(source_[pos_ - 1]);
    while (pos_ < source_.size() && (is_name_char(source_[pos_]) || source_[pos_] == '.')) {
      ++pos_;
      malformed = true;
    }
    std::string_view text = source_.substr(start, pos_ - start);
    std::string quoted = "'" + std::string(text) + "'";
    if (malformed) return "invalid number " + quoted;
    if (!decimal) {
      token->kind = TokenKind::kInt;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), token->number);
      if (ec != std::errc() || end != text.data() + text.size()) {
        return "number " + quoted + " is too large";
      }
      return "";
    }
    token->kind = TokenKind::kMoney;
    std::size_t decimals = text.size() - text.find('.') - 1;
    if (decimals > 2)
      return "amount " + quoted + " has more than 2 decimals; money is exact to the fen";
    auto money = Money::parse(text);
    if (!money) return "amount " + quoted + " is too large";
    token->number = money->fen;
    return "";
  }

  std::string string(Token* token) {
    char quote = source_[pos_];
    std::size_t end = source_.find(quote, pos_ + 1);
    if (end == std::string_view::npos) {
      pos_ = source_.size();
      return std::string("unterminated string: no closing ") + quote;
    }
    token->kind = TokenKind::kString;
    token->value = std::string(source_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return "";
  }

  std::string_view source_;
  std::size_t pos_ = 0;
};

}  // namespace

bool tokenize(std::string_view source, std::vector<Token>* tokens, CompileError* error) {
  return Lexer(source).run(tokens, error);
}

std::string describe(const Token& token) {
  if (token.kind == TokenKind::kEnd) return "end of expression";
  return "'" + std::string(token.text) + "'";
}

}  // namespace wageflow::expr
