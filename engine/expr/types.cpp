#include "engine/expr/expression.h"

namespace wageflow::expr {

const char* type_name(Type type) {
  switch (type) {
    case Type::kBool:
      return "bool";
    case Type::kInt:
      return "int";
    case Type::kMoney:
      return "money";
    case Type::kString:
      return "string";
    case Type::kDate:
      return "date";
  }
  return "?";
}

Type type_of_field(FieldType type) {
  switch (type) {
    case FieldType::kInt:
      return Type::kInt;
    case FieldType::kMoney:
      return Type::kMoney;
    case FieldType::kDate:
      return Type::kDate;
    case FieldType::kBool:
      return Type::kBool;
    case FieldType::kString:
    case FieldType::kText:
    case FieldType::kEnum:
      return Type::kString;
  }
  return Type::kString;
}

bool assignable(Type from, FieldType to) {
  Type target = type_of_field(to);
  return from == target || (from == Type::kInt && target == Type::kMoney);
}

}  // namespace wageflow::expr
