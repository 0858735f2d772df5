// A Scope over a small name -> Symbol map with a value for every field and
// constant, shared by the expression tests.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/date.h"
#include "engine/core/money.h"
#include "engine/core/value.h"
#include "engine/expr/expression.h"

namespace wageflow::expr::testing {

class TestScope : public Scope {
 public:
  TestScope() {
    field("claim_amount", Type::kMoney, Money{860050});  // 8600.50 yuan
    field("recovered_amount", Type::kMoney, Money{300000});
    field("months", Type::kInt, std::int64_t{12});
    field("hearing_date", Type::kDate, *Date::parse("2025-03-10"));
    field("filed_date", Type::kDate, *Date::parse("2025-01-24"));
    field("final_award", Type::kBool, true);
    field("region", Type::kString, std::string("长春市"), {"长春市", "吉林市", "四平市"});
    field("employer", Type::kString, std::string("某建筑公司"));
    field("zero", Type::kInt, std::int64_t{0});
    field("big", Type::kInt, INT64_MAX);
    field("small", Type::kInt, INT64_MIN);
    field("big_money", Type::kMoney, Money{INT64_MAX});
    field("date", Type::kDate, *Date::parse("2025-06-30"));  // a field may be called `date`
    field("unset_money", Type::kMoney, std::monostate{});
    field("unset_int", Type::kInt, std::monostate{});
    field("unset_date", Type::kDate, std::monostate{});
    field("unset_bool", Type::kBool, std::monostate{});
    field("unset_string", Type::kString, std::monostate{});
    field("unset_region", Type::kString, std::monostate{}, {"长春市", "吉林市"});
    constant("min_monthly_wage", Type::kMoney, Money{212000});
    constant("max_months", Type::kInt, std::int64_t{12});
    constant("cutoff", Type::kDate, *Date::parse("2025-01-01"));
    constant("office", Type::kString, std::string("长春市"));
  }

  std::optional<Symbol> lookup(std::string_view name) const override {
    auto it = symbols_.find(name);
    if (it == symbols_.end()) return std::nullopt;
    return it->second;
  }

  Context context() const { return Context{&fields, &constants}; }

  std::vector<Value> fields;
  std::vector<Value> constants;

  // Adds a field or constant with the next free index.
  void field(const std::string& name, Type type, Value value,
             std::vector<std::string> enum_values = {}) {
    symbols_[name] =
        Symbol{Symbol::Kind::kField, static_cast<int>(fields.size()), type, std::move(enum_values)};
    fields.push_back(std::move(value));
  }
  void constant(const std::string& name, Type type, Value value) {
    symbols_[name] = Symbol{Symbol::Kind::kConstant, static_cast<int>(constants.size()), type, {}};
    constants.push_back(std::move(value));
  }

 private:
  std::map<std::string, Symbol, std::less<>> symbols_;
};

// "money 8600.50", "int 12", "unset", ...: a readable, type-revealing form
// for comparing values in tests.
inline std::string show(const Value& value) {
  static const char* const kNames[] = {"unset", "string", "int", "money", "date", "bool"};
  std::string name = kNames[value.index()];
  return is_set(value) ? name + " " + format_value(value) : name;
}

}  // namespace wageflow::expr::testing
