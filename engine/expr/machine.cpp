// Program::run: the postfix evaluator.
#include <algorithm>
#include <string>
#include <vector>

#include "engine/core/date.h"
#include "engine/expr/program.h"

namespace wageflow::expr {
namespace {

// One stack value. The type is known statically from the program, so a
// slot only says whether it is set and holds the number (int, fen, days,
// 0/1) or points at a string owned by the context or the program.
struct Slot {
  bool set = false;
  std::int64_t n = 0;
  const std::string* s = nullptr;
};

const char* held_type(const Value& value) {
  switch (value.index()) {
    case 1:
      return "a string";
    case 2:
      return "an int";
    case 3:
      return "money";
    case 4:
      return "a date";
    case 5:
      return "a bool";
    default:
      return "nothing";
  }
}

// Reads a context value of the expected type; false on a type mismatch.
bool load(const Value& value, Type type, Slot* slot) {
  *slot = Slot{};
  if (!is_set(value)) return true;
  slot->set = true;
  switch (type) {
    case Type::kInt:
      if (auto* v = std::get_if<std::int64_t>(&value)) return slot->n = *v, true;
      return false;
    case Type::kMoney:
      if (auto* v = std::get_if<Money>(&value)) return slot->n = v->fen, true;
      return false;
    case Type::kDate:
      if (auto* v = std::get_if<Date>(&value)) return slot->n = v->days(), true;
      return false;
    case Type::kBool:
      if (auto* v = std::get_if<bool>(&value)) return slot->n = *v ? 1 : 0, true;
      return false;
    case Type::kString:
      if (auto* v = std::get_if<std::string>(&value)) return slot->s = v, true;
      return false;
  }
  return false;
}

Value to_value(const Slot& slot, Type type) {
  if (!slot.set) return std::monostate{};
  switch (type) {
    case Type::kInt:
      return slot.n;
    case Type::kMoney:
      return Money{slot.n};
    case Type::kDate:
      return Date::from_days(static_cast<std::int32_t>(slot.n));
    case Type::kBool:
      return slot.n != 0;
    case Type::kString:
      return slot.s ? *slot.s : std::string();
  }
  return std::monostate{};
}

// a / b rounded half away from zero; requires b != 0 and not (MIN / -1).
std::int64_t divide_rounded(std::int64_t a, std::int64_t b) {
  std::int64_t quotient = a / b;
  std::int64_t remainder = a % b;
  if (remainder == 0) return quotient;
  auto magnitude = [](std::int64_t v) {
    return v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  };
  std::uint64_t r = magnitude(remainder), d = magnitude(b);
  if (r >= d - r) quotient += (a < 0) != (b < 0) ? -1 : 1;
  return quotient;
}

bool in_date_range(std::int64_t days) {
  return days >= Date::from_ymd(1, 1, 1).days() && days <= Date::from_ymd(9999, 12, 31).days();
}

class Machine {
 public:
  Machine(const Program& program, const Context& context) : program_(program), context_(context) {}

  Expression::Evaluation run() {
    constexpr int kInline = 16;
    Slot inline_stack[kInline];
    std::vector<Slot> heap;
    stack_ = inline_stack;
    if (program_.max_stack > kInline) {
      heap.resize(static_cast<std::size_t>(program_.max_stack));
      stack_ = heap.data();
    }
    const std::vector<Op>& ops = program_.ops;
    for (std::size_t pc = 0; pc < ops.size(); ++pc) {
      const Op& op = ops[pc];
      std::string problem = step(op, &pc);
      if (!problem.empty()) return {std::monostate{}, std::move(problem)};
    }
    if (sp_ != 1) return {std::monostate{}, "internal error: unbalanced expression program"};
    return {to_value(stack_[0], program_.type), ""};
  }

 private:
  std::string quoted(std::size_t pc) const {
    const Span& span = program_.spans[pc];
    return "'" + program_.text.substr(span.begin, span.end - span.begin) + "'";
  }

  Slot& top() { return stack_[sp_ - 1]; }
  Slot& below() { return stack_[sp_ - 2]; }
  void push(Slot slot) { stack_[sp_++] = slot; }
  void push_bool(bool value) { push(Slot{true, value ? 1 : 0, nullptr}); }
  // Pops the right operand into `right`; the left one stays as top().
  // False when either is unset (the result is then left unset).
  bool pop_operands(Slot* right) {
    *right = top();
    --sp_;
    if (top().set && right->set) return true;
    top() = Slot{};
    return false;
  }
  // Pops both operands of a comparison and pushes `false` when either is
  // unset; otherwise returns true with top() to be overwritten.
  bool compare_operands(Slot* right) {
    *right = top();
    --sp_;
    if (top().set && right->set) return true;
    top() = Slot{true, 0, nullptr};
    return false;
  }
  void set_bool(bool value) { top() = Slot{true, value ? 1 : 0, nullptr}; }

  // Executes one op (advancing *pc for jumps); an error message or "".
  std::string step(const Op& op, std::size_t* pc) {
    Slot right;
    std::int64_t result = 0;
    switch (op.code) {
      case Code::kField:
      case Code::kConstant:
        return load_value(op, *pc);
      case Code::kNumber:
        push(Slot{true, program_.numbers[static_cast<std::size_t>(op.arg)], nullptr});
        return "";
      case Code::kString:
        push(Slot{true, 0, &program_.strings[static_cast<std::size_t>(op.arg)]});
        return "";
      case Code::kIsSet: {
        const std::vector<Value>* fields = context_.fields;
        if (!fields || static_cast<std::size_t>(op.arg) >= fields->size()) {
          return "no value given for field " + quoted(*pc);
        }
        push_bool(is_set((*fields)[static_cast<std::size_t>(op.arg)]));
        return "";
      }
      case Code::kToMoney:
      case Code::kToMoneyBelow: {
        Slot& slot = op.code == Code::kToMoney ? top() : below();
        if (slot.set && __builtin_mul_overflow(slot.n, std::int64_t{100}, &slot.n)) {
          return "arithmetic overflow in " + quoted(*pc);
        }
        return "";
      }
      case Code::kNegate:
        if (top().set && __builtin_sub_overflow(std::int64_t{0}, top().n, &top().n)) {
          return "arithmetic overflow in " + quoted(*pc);
        }
        return "";
      case Code::kAdd:
      case Code::kSubtract:
      case Code::kMultiply:
      case Code::kDatePlus:
      case Code::kDateMinus: {
        if (!pop_operands(&right)) return "";
        bool overflow = op.code == Code::kMultiply
                            ? __builtin_mul_overflow(top().n, right.n, &result)
                        : op.code == Code::kAdd || op.code == Code::kDatePlus
                            ? __builtin_add_overflow(top().n, right.n, &result)
                            : __builtin_sub_overflow(top().n, right.n, &result);
        if (overflow) return "arithmetic overflow in " + quoted(*pc);
        if (op.type == Type::kDate && !in_date_range(result)) {
          return "date out of range (years 1 to 9999) in " + quoted(*pc);
        }
        top().n = result;
        return "";
      }
      case Code::kDivideInt:
      case Code::kDivideMoney: {
        if (!pop_operands(&right)) return "";
        if (right.n == 0) return "division by zero in " + quoted(*pc);
        if (right.n == -1 && top().n == INT64_MIN) return "arithmetic overflow in " + quoted(*pc);
        top().n =
            op.code == Code::kDivideInt ? top().n / right.n : divide_rounded(top().n, right.n);
        return "";
      }
      case Code::kEq:
        if (compare_operands(&right)) set_bool(top().n == right.n);
        return "";
      case Code::kNe:
        if (compare_operands(&right)) set_bool(top().n != right.n);
        return "";
      case Code::kLt:
        if (compare_operands(&right)) set_bool(top().n < right.n);
        return "";
      case Code::kLe:
        if (compare_operands(&right)) set_bool(top().n <= right.n);
        return "";
      case Code::kGt:
        if (compare_operands(&right)) set_bool(top().n > right.n);
        return "";
      case Code::kGe:
        if (compare_operands(&right)) set_bool(top().n >= right.n);
        return "";
      case Code::kStringEq:
        if (compare_operands(&right)) set_bool(*top().s == *right.s);
        return "";
      case Code::kStringNe:
        if (compare_operands(&right)) set_bool(*top().s != *right.s);
        return "";
      case Code::kInNumbers: {
        const auto& list = program_.number_lists[static_cast<std::size_t>(op.arg)];
        set_bool(top().set && std::find(list.begin(), list.end(), top().n) != list.end());
        return "";
      }
      case Code::kInStrings: {
        const auto& list = program_.string_lists[static_cast<std::size_t>(op.arg)];
        set_bool(top().set && std::find(list.begin(), list.end(), *top().s) != list.end());
        return "";
      }
      case Code::kNot:
        if (top().set) top().n = !top().n;
        return "";
      case Code::kAndJump:
      case Code::kOrJump: {
        bool is_true = top().set && top().n != 0;
        if (is_true == (op.code == Code::kOrJump)) {
          set_bool(is_true);
          *pc = static_cast<std::size_t>(op.arg) - 1;  // the loop's ++pc lands on arg
        } else {
          --sp_;
        }
        return "";
      }
      case Code::kTruth:
        if (!top().set) set_bool(false);
        return "";
    }
    return "internal error: unknown op";
  }

  std::string load_value(const Op& op, std::size_t pc) {
    bool field = op.code == Code::kField;
    const std::vector<Value>* values = field ? context_.fields : context_.constants;
    const char* what = field ? "field " : "constant ";
    if (!values || op.arg < 0 || static_cast<std::size_t>(op.arg) >= values->size()) {
      return std::string("no value given for ") + what + quoted(pc);
    }
    const Value& value = (*values)[static_cast<std::size_t>(op.arg)];
    Slot slot;
    if (!load(value, op.type, &slot)) {
      return std::string(what) + quoted(pc) + " holds " + held_type(value) + ", expected " +
             type_name(op.type);
    }
    push(slot);
    return "";
  }

  const Program& program_;
  const Context& context_;
  Slot* stack_ = nullptr;
  int sp_ = 0;
};

}  // namespace

Expression::Evaluation Program::run(const Context& context) const {
  return Machine(*this, context).run();
}

}  // namespace wageflow::expr
