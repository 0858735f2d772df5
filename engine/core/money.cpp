#include "engine/core/money.h"

#include <cstdio>

namespace wageflow {

std::optional<Money> Money::parse(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  std::int64_t yuan = 0;
  std::size_t i = 0;
  std::size_t int_digits = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    if (++int_digits > kMaxYuanDigits) return std::nullopt;
    yuan = yuan * 10 + (text[i] - '0');
  }
  if (int_digits == 0) return std::nullopt;
  std::int64_t fen = 0;
  if (i < text.size()) {
    std::string_view frac = text.substr(i + 1);
    if (frac.empty() || frac.size() > 2) return std::nullopt;
    for (char c : frac) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    fen = (frac[0] - '0') * 10 + (frac.size() == 2 ? frac[1] - '0' : 0);
  }
  std::int64_t total = yuan * 100 + fen;
  return Money{negative ? -total : total};
}

std::string Money::to_string() const {
  std::uint64_t magnitude =
      fen < 0 ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", fen < 0 ? "-" : "",
                static_cast<unsigned long long>(magnitude / 100),
                static_cast<unsigned long long>(magnitude % 100));
  return buf;
}

}  // namespace wageflow
