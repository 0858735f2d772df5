// Fuzzes the parsers of what clerks type: `--set` values of every field
// type (the first byte picks the type), and money, dates, instants and
// durations. A value that parses must print back to text that parses to
// the same value.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/date.h"
#include "engine/core/duration.h"
#include "engine/core/money.h"
#include "engine/core/value.h"

namespace {

using namespace wageflow;

constexpr FieldType kTypes[] = {FieldType::kString, FieldType::kText, FieldType::kInt,
                                FieldType::kMoney,  FieldType::kDate, FieldType::kBool,
                                FieldType::kEnum};

void check_round_trip(FieldType type, std::string_view text) {
  Result<Value> value = parse_value(type, text);
  if (!value.ok()) {
    if (value.error().empty()) __builtin_trap();  // the clerk is told the expected form
    return;
  }
  Result<Value> again = parse_value(type, format_value(*value));
  if (!again.ok() || *again != *value) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  check_round_trip(kTypes[data[0] % 7], text);

  if (auto money = Money::parse(text)) {
    if (Money::parse(money->to_string()) != money) __builtin_trap();
  }
  if (auto date = Date::parse(text)) {
    if (Date::parse(date->to_string()) != date) __builtin_trap();
  }
  if (auto duration = Duration::parse(text)) {
    if (Duration::parse(duration->to_string()) != duration) __builtin_trap();
  }
  if (auto at = parse_instant(text, 480)) {
    if (parse_instant(format_utc(*at), 480) != at) __builtin_trap();
  }
  parse_utc_offset(text);
  return 0;
}
