// The compiled form of an expression (private to engine/expr): a flat
// postfix program over a value stack, with every operand an index into the
// context's fields or constants or into the program's literal pools.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/expr/expression.h"

namespace wageflow::expr {

// Stack effect in brackets: (popped -> pushed).
enum class Code : std::uint8_t {
  kField,         // (-> v) Context::fields[arg], checked against `type`
  kConstant,      // (-> v) Context::constants[arg], checked against `type`
  kNumber,        // (-> v) numbers[arg] as an int, money (fen), date (days) or bool
  kString,        // (-> s) strings[arg]
  kIsSet,         // (-> bool) whether Context::fields[arg] is set
  kToMoney,       // (int -> money) yuan to fen
  kToMoneyBelow,  // (int x -> money x) the same for the value below the top
  kNegate,        // (n -> -n)
  kAdd,           // (a b -> a+b) int or money
  kSubtract,      // (a b -> a-b) int or money, or date - date in days
  kMultiply,      // (a b -> a*b) int, or money by int in either order
  kDivideInt,     // (a b -> a/b) truncating toward zero
  kDivideMoney,   // (money int -> money) rounded half away from zero to the fen
  kDatePlus,      // (date int -> date)
  kDateMinus,     // (date int -> date)
  kEq,            // (a b -> bool) numbers, dates and bools
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kStringEq,  // (s s -> bool)
  kStringNe,
  kInNumbers,  // (v -> bool) v in number_lists[arg]
  kInStrings,  // (s -> bool) s in string_lists[arg]
  kNot,        // (bool -> bool)
  kAndJump,    // (bool ->) if not true: push false and jump to arg, else drop it
  kOrJump,     // (bool ->) if true: push true and jump to arg, else drop it
  kTruth,      // (bool -> bool) unset becomes false
};

struct Op {
  Code code = Code::kNumber;
  Type type = Type::kInt;  // the type of the value the op leaves on the stack
  std::int32_t arg = 0;
};

// The source text an op came from, for evaluation errors.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

class Program {
 public:
  std::string text;
  Type type = Type::kBool;
  std::vector<Op> ops;
  std::vector<Span> spans;  // parallel to ops
  std::vector<std::int64_t> numbers;
  std::vector<std::string> strings;
  std::vector<std::vector<std::int64_t>> number_lists;
  std::vector<std::vector<std::string>> string_lists;
  int max_stack = 0;  // the deepest the value stack gets

  // Runs the program. Never throws; a missing or mistyped field value, a
  // division by zero or an overflow comes back as Evaluation::error.
  Expression::Evaluation run(const Context& context) const;
};

}  // namespace wageflow::expr
