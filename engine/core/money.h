// Money: an exact amount in fen (1/100 yuan). Never floating point.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wageflow {

struct Money {
  std::int64_t fen = 0;

  static constexpr Money from_yuan(std::int64_t yuan) { return Money{yuan * 100}; }
  // The most digits of yuan an amount may have (9999999999999.99): fen of
  // any two such amounts still add up within 64 bits.
  static constexpr std::size_t kMaxYuanDigits = 13;
  // Accepts "8600", "8600.5", "8600.50", "-12.30" (at most two decimals, at
  // most kMaxYuanDigits digits of yuan). nullopt for anything else ("abc",
  // "1.234", "1e3", "").
  static std::optional<Money> parse(std::string_view yuan_text);
  // "8600.00": always two decimals, no thousands separators.
  std::string to_string() const;

  friend constexpr auto operator<=>(Money, Money) = default;
  friend constexpr bool operator==(Money, Money) = default;
};

}  // namespace wageflow
